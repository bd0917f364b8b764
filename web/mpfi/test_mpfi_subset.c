/* web/mpfi/mpfi_subset.c (the WebAssembly build's MPFI) against Debian's libmpfi, natively.

   The subset is compiled with every function renamed (subset_names.h: mpfi_add becomes
   subset_mpfi_add, ...) and linked beside the real libmpfi. Every function is run by both on the
   same operands, hand-picked (points, zero endpoints of either sign, intervals across zero,
   negative, huge, tiny, infinite, NaN, points next to multiples of pi/2) and random (narrow,
   wide, far exponents, across zero, straddling the extrema of sin and cos), at precisions 2,
   53, 200 and 3400 bits, with results at the operands' precision or another, in place or not.
   A case passes when both give the same endpoints (value, sign of zero, NaN, precision) and the
   same return value (its sign for the MPFR-valued mag, mid and diam_abs); sin and cos may
   instead contain MPFI's interval (the subset gives up on quadrants past 2^(2^22) only). The
   counts are printed per function; any other difference fails the test. */

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>

#include "test_support.h"

/* ---- the functions under test --------------------------------------------------------------- */

typedef int (*unary_fn)(mpfi_ptr, mpfi_srcptr);
typedef int (*binary_fn)(mpfi_ptr, mpfi_srcptr, mpfi_srcptr);
typedef int (*real_fn)(mpfr_ptr, mpfi_srcptr);
typedef int (*predicate_fn)(mpfi_srcptr);

#define PAIR(f) #f, f, subset_##f
static const struct {
  const char* name;
  unary_fn real, mine;
  int trig;
} unary[] = {
    {PAIR(mpfi_set), 0},  {PAIR(mpfi_neg), 0}, {PAIR(mpfi_sqr), 0}, {PAIR(mpfi_sqrt), 0},
    {PAIR(mpfi_abs), 0},  {PAIR(mpfi_exp), 0}, {PAIR(mpfi_log), 0}, {PAIR(mpfi_log1p), 0},
    {PAIR(mpfi_tanh), 0}, {PAIR(mpfi_sin), 1}, {PAIR(mpfi_cos), 1},
};
static const struct {
  const char* name;
  binary_fn real, mine;
} binary[] = {{PAIR(mpfi_add)}, {PAIR(mpfi_sub)}, {PAIR(mpfi_mul)}, {PAIR(mpfi_div)}};
static const struct {
  const char* name;
  real_fn real, mine;
} real_valued[] = {{PAIR(mpfi_diam_abs)}, {PAIR(mpfi_mag)}, {PAIR(mpfi_mid)}};
static const struct {
  const char* name;
  predicate_fn real, mine;
} predicates[] = {{PAIR(mpfi_bounded_p)}, {PAIR(mpfi_nan_p)}, {PAIR(mpfi_has_zero)}};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* An endpoint MPFI's sin and cos cannot take: one too far out (MPFI seeks its quadrant with pi
   to as many bits as its exponent) or one so close to 0 that 2x/pi underflows (for a negative
   one MPFI then never finds its quadrant: it loops). */
static int far_exponent(mpfr_srcptr x) {
  return mpfr_regular_p(x) && (mpfr_get_exp(x) > 100000 || mpfr_get_exp(x) < -100000);
}
static int too_far_for_trig(mpfi_srcptr x) {
  return far_exponent(&x->left) || far_exponent(&x->right);
}

static void check_unary(mpfi_srcptr x, mpfr_prec_t out_prec, int in_place) {
  size_t i;
  for (i = 0; i < COUNT(unary); ++i) {
    mpfi_t mine, real;
    int mine_ret, real_ret;
    if (unary[i].trig && too_far_for_trig(x)) continue;
    if (in_place) {
      copy(mine, x);
      copy(real, x);
      mine_ret = unary[i].mine(mine, mine);
      real_ret = unary[i].real(real, real);
    } else {
      init_like(mine, out_prec);
      init_like(real, out_prec);
      mine_ret = unary[i].mine(mine, x);
      real_ret = unary[i].real(real, x);
    }
    compare_intervals(unary[i].name, mine, mine_ret, real, real_ret, unary[i].trig, x, NULL);
    mpfi_clear(mine);
    mpfi_clear(real);
  }
}

/* alias: 0 none, 1 result is x, 2 result is y, 3 result and both operands are x */
static void check_binary(mpfi_srcptr x, mpfi_srcptr y, mpfr_prec_t out_prec, int alias) {
  size_t i;
  for (i = 0; i < COUNT(binary); ++i) {
    mpfi_t mine, real;
    int mine_ret, real_ret;
    if (alias == 0) {
      init_like(mine, out_prec);
      init_like(real, out_prec);
      mine_ret = binary[i].mine(mine, x, y);
      real_ret = binary[i].real(real, x, y);
    } else {
      copy(mine, alias == 2 ? y : x);
      copy(real, alias == 2 ? y : x);
      mine_ret = alias == 1   ? binary[i].mine(mine, mine, y)
                 : alias == 2 ? binary[i].mine(mine, x, mine)
                              : binary[i].mine(mine, mine, mine);
      real_ret = alias == 1   ? binary[i].real(real, real, y)
                 : alias == 2 ? binary[i].real(real, x, real)
                              : binary[i].real(real, real, real);
    }
    compare_intervals(binary[i].name, mine, mine_ret, real, real_ret, 0, x, alias == 3 ? x : y);
    mpfi_clear(mine);
    mpfi_clear(real);
  }
}

static void check_scalar_valued(mpfi_srcptr x) {
  size_t i;
  const mpfr_prec_t p = mpfi_get_prec(x);
  const mpfr_prec_t out_precs[] = {p, p + 1, 53, 2};
  for (i = 0; i < COUNT(predicates); ++i) {
    const int same = predicates[i].mine(x) == predicates[i].real(x);
    if (!same && report_difference(predicates[i].name)) {
      printf("%s differs: MPFI %d, the subset %d\n", predicates[i].name, predicates[i].real(x),
             predicates[i].mine(x));
      show_interval("operand", x);
    }
    record(predicates[i].name, same ? 0 : 2, 0);
  }
  for (i = 0; i < COUNT(real_valued); ++i) {
    size_t k;
    for (k = 0; k < COUNT(out_precs); ++k) {
      mpfr_t mine, real;
      int mine_ret, real_ret, same;
      mpfr_inits2(out_precs[k], mine, real, (mpfr_ptr)0);
      mine_ret = real_valued[i].mine(mine, x);
      real_ret = real_valued[i].real(real, x);
      same = same_fr(mine, real) && sign(mine_ret) == sign(real_ret);
      if (!same && report_difference(real_valued[i].name)) {
        mpfr_printf("%s differs: MPFI %.25Rg (%d), the subset %.25Rg (%d)\n", real_valued[i].name,
                    real, real_ret, mine, mine_ret);
        show_interval("operand", x);
      }
      record(real_valued[i].name, same ? 0 : 2, 0);
      mpfr_clears(mine, real, (mpfr_ptr)0);
    }
  }
}

/* every variant: also a result at another precision and one in place of the operand */
static void check_all_unary(mpfi_srcptr x, int every_variant) {
  const mpfr_prec_t p = mpfi_get_prec(x);
  check_unary(x, p, 0);
  if (every_variant) {
    check_unary(x, p == 53 ? 200 : 53, 0);
    check_unary(x, p, 1);
  }
  check_scalar_valued(x);
}

/* ---- the runs -------------------------------------------------------------------------------- */

static void run_precision(mpfr_prec_t p) {
  static mpfi_t special[64 * 64], few[32 * 32];
  const int special_count = special_intervals(special, p, 0);
  const int few_count = special_intervals(few, p, 1);
  const int random_count = p > 1000 ? 300 : 2000;
  int i, j;
  for (i = 0; i < special_count; ++i) check_all_unary(special[i], p < 1000); /* time */
  for (i = 0; i < few_count; ++i)
    for (j = 0; j < few_count; ++j) check_binary(few[i], few[j], p, 0);
  for (i = 0; i < few_count; ++i) check_binary(few[i], few[(i * 7) % few_count], p, 1 + i % 3);
  for (i = 0; i < random_count; ++i) {
    mpfi_t x, y;
    mpfi_init2(x, p);
    mpfi_init2(y, p);
    random_interval(x);
    random_interval(y);
    check_all_unary(x, 1);
    check_binary(x, y, p, 0);
    check_binary(x, y, p == 2 ? 53 : 2, 0);
    check_binary(x, special[random_below((unsigned long)special_count)], p, 0);
    check_binary(x, y, p, 1 + i % 3);
    mpfi_clear(x);
    mpfi_clear(y);
  }
  for (i = 0; i < special_count; ++i) mpfi_clear(special[i]);
  for (i = 0; i < few_count; ++i) mpfi_clear(few[i]);
}

/* The setters, at one precision. */
static void check_setters(mpfr_prec_t p) {
  static const long longs[] = {0, 1, -1, 7, -12345, 1L << 20, LONG_MAX, LONG_MIN, LONG_MAX - 1};
  static const double doubles[] = {0.0,   -0.0,    0.1,    -0.1,    1.0,
                                   1e308, -1e-308, 5e-324, DBL_MAX, -3.25};
  static const char* const rationals[] = {"0",
                                          "1",
                                          "-1",
                                          "1/3",
                                          "-2/7",
                                          "22/7",
                                          "123456789012345678901234567890/7",
                                          "-1/1099511627776"};
  static const char* const strings[] = {"1",
                                        "0",
                                        "-0",
                                        "  0.1",
                                        "-0.1",
                                        "1.5e3",
                                        "3.14159265358979323846264338327950288",
                                        "[1,2]",
                                        "[ 0.1 , 0.2 ]",
                                        "[0.2,0.1]",
                                        "[1,2] and more",
                                        "[-0, 0]",
                                        "[-inf, inf]",
                                        "inf",
                                        "-inf",
                                        "nan",
                                        "@nan@",
                                        "1e-400000",
                                        "",
                                        "   ",
                                        "abc",
                                        "0.1x",
                                        "[1,",
                                        "[1 2]",
                                        "[1,2",
                                        "[,2]",
                                        "[1,]",
                                        "[",
                                        "[ 1e10 , 1e-10 ]",
                                        "1e1000000000000"};
  size_t i, j;
  mpfi_t mine, real;
  init_like(mine, p);
  init_like(real, p);
#define CHECK_SET(name, call_real, call_mine)                               \
  do {                                                                      \
    const int real_ret = call_real, mine_ret = call_mine;                   \
    compare_intervals(name, mine, mine_ret, real, real_ret, 0, real, NULL); \
  } while (0)
  for (i = 0; i < COUNT(longs); ++i) {
    CHECK_SET("mpfi_set_si", mpfi_set_si(real, longs[i]), subset_mpfi_set_si(mine, longs[i]));
    CHECK_SET("mpfi_set_ui", mpfi_set_ui(real, (unsigned long)longs[i]),
              subset_mpfi_set_ui(mine, (unsigned long)longs[i]));
    for (j = 0; j < COUNT(longs); ++j)
      CHECK_SET("mpfi_interv_si", mpfi_interv_si(real, longs[i], longs[j]),
                subset_mpfi_interv_si(mine, longs[i], longs[j]));
  }
  for (i = 0; i < COUNT(doubles); ++i) {
    CHECK_SET("mpfi_set_d", mpfi_set_d(real, doubles[i]), subset_mpfi_set_d(mine, doubles[i]));
  }
  CHECK_SET("mpfi_set_d", mpfi_set_d(real, INFINITY), subset_mpfi_set_d(mine, INFINITY));
  CHECK_SET("mpfi_set_d", mpfi_set_d(real, -INFINITY), subset_mpfi_set_d(mine, -INFINITY));
  CHECK_SET("mpfi_set_d", mpfi_set_d(real, NAN), subset_mpfi_set_d(mine, NAN));
  for (i = 0; i < COUNT(rationals); ++i) {
    mpq_t q;
    mpq_init(q);
    mpq_set_str(q, rationals[i], 10);
    mpq_canonicalize(q);
    CHECK_SET("mpfi_set_q", mpfi_set_q(real, q), subset_mpfi_set_q(mine, q));
    mpq_clear(q);
  }
  for (i = 0; i < COUNT(strings); ++i) {
    mpfi_set_si(real, 7);
    mpfi_set_si(mine, 7);
    CHECK_SET("mpfi_set_str", mpfi_set_str(real, strings[i], 10),
              subset_mpfi_set_str(mine, strings[i], 10));
  }
  {
    mpfr_t numbers[64];
    const int n = special_numbers(numbers, p + 7, 0);
    for (i = 0; i < (size_t)n; ++i)
      for (j = 0; j < (size_t)n; ++j)
        CHECK_SET("mpfi_interv_fr", mpfi_interv_fr(real, numbers[i], numbers[j]),
                  subset_mpfi_interv_fr(mine, numbers[i], numbers[j]));
    for (i = 0; i < (size_t)n; ++i) mpfr_clear(numbers[i]);
  }
#undef CHECK_SET
  mpfi_clear(mine);
  mpfi_clear(real);
}

/* init2, set_prec, get_prec, swap and clear leave the same state. */
static void check_bookkeeping(mpfr_prec_t p) {
  mpfi_t mine, real, mine2, real2;
  mpfi_init2(real, p);
  subset_mpfi_init2(mine, p);
  compare_intervals("mpfi_init2", mine, 0, real, 0, 0, real, NULL);
  record("mpfi_get_prec", mpfi_get_prec(real) == subset_mpfi_get_prec(mine) ? 0 : 2, 0);
  mpfi_set_si(real, 3);
  mpfi_set_si(mine, 3);
  mpfi_set_prec(real, p + 5);
  subset_mpfi_set_prec(mine, p + 5);
  compare_intervals("mpfi_set_prec", mine, 0, real, 0, 0, real, NULL);
  record("mpfi_get_prec", mpfi_get_prec(real) == subset_mpfi_get_prec(mine) ? 0 : 2, 0);
  mpfi_init2(real2, 2 * p);
  mpfi_init2(mine2, 2 * p);
  mpfi_interv_si(real2, -1, 4);
  mpfi_interv_si(mine2, -1, 4);
  mpfi_swap(real, real2);
  subset_mpfi_swap(mine, mine2);
  compare_intervals("mpfi_swap", mine, 0, real, 0, 0, real, NULL);
  compare_intervals("mpfi_swap", mine2, 0, real2, 0, 0, real2, NULL);
  mpfi_clear(real);
  subset_mpfi_clear(mine);
  mpfi_clear(real2);
  subset_mpfi_clear(mine2);
  record("mpfi_clear", 0, 0); /* ran; leaks or double frees would show under sanitizers */
}

/* Where MPFI's sin and cos are not run (too_far_for_trig): past the quadrant cap the subset
   gives [-1, 1] (MPFI would compute pi to 2^30 bits); next to 0 it gives sin and cos of the
   point rounded outward (MPFI loops on a negative one). */
static void check_trig_far(void) {
  mpfi_t x, r;
  mpfr_t lo, hi;
  int ok;
  mpfi_init2(x, 53);
  mpfi_init2(r, 53);
  mpfr_inits2(53, lo, hi, (mpfr_ptr)0);
  mpfr_set_inf(&x->left, 1);
  mpfr_nextbelow(&x->left);
  mpfr_set(&x->right, &x->left, MPFR_RNDN);
  subset_mpfi_sin(r, x);
  ok = mpfr_cmp_si(&r->left, -1) == 0 && mpfr_cmp_si(&r->right, 1) == 0;
  subset_mpfi_cos(r, x);
  ok = ok && mpfr_cmp_si(&r->left, -1) == 0 && mpfr_cmp_si(&r->right, 1) == 0;
  mpfr_set_zero(&x->left, -1);
  mpfr_nextbelow(&x->left); /* the negative number nearest 0 */
  mpfr_set(&x->right, &x->left, MPFR_RNDN);
  subset_mpfi_sin(r, x);
  mpfr_sin(lo, &x->left, MPFR_RNDD);
  mpfr_sin(hi, &x->left, MPFR_RNDU);
  ok = ok && mpfr_equal_p(&r->left, lo) && mpfr_equal_p(&r->right, hi);
  subset_mpfi_cos(r, x);
  mpfr_cos(lo, &x->left, MPFR_RNDD);
  mpfr_cos(hi, &x->left, MPFR_RNDU);
  ok = ok && mpfr_equal_p(&r->left, lo) && mpfr_equal_p(&r->right, hi);
  if (!ok) printf("sin or cos of the largest number or of the one nearest 0 is wrong\n");
  record("sin/cos far out", ok ? 0 : 2, 0);
  mpfr_clears(lo, hi, (mpfr_ptr)0);
  mpfi_clear(x);
  mpfi_clear(r);
}

int main(void) {
  static const mpfr_prec_t precisions[] = {2, 53, 200, 3400};
  size_t i;
  int t, failed = 0;
  gmp_randinit_default(random_state);
  gmp_randseed_ui(random_state, 20261201);
  for (i = 0; i < COUNT(precisions); ++i) {
    run_precision(precisions[i]);
    check_setters(precisions[i]);
    check_bookkeeping(precisions[i]);
  }
  check_trig_far();
  printf("%-22s %9s %9s %10s %8s\n", "function", "cases", "same", "contained", "differ");
  for (t = 0; t < tally_count; ++t) {
    printf("%-22s %9ld %9ld %10ld %8ld\n", tallies[t].name, tallies[t].cases, tallies[t].same,
           tallies[t].contained, tallies[t].differ);
    if (tallies[t].differ != 0) failed = 1;
  }
  if (tally_count != 34) { /* the 33 functions and the cap */
    printf("expected 34 tallies, got %d\n", tally_count);
    failed = 1;
  }
  gmp_randclear(random_state);
  mpfr_free_cache();
  return failed;
}
