/* The tallies, comparisons and operands of test_mpfi_subset.c (test_support.h). */

#include "test_support.h"

#include <stdio.h>
#include <string.h>

/* ---- tallies ------------------------------------------------------------------------------ */

tally tallies[40];
int tally_count;

tally* tally_of(const char* name) {
  int i;
  for (i = 0; i < tally_count; ++i)
    if (strcmp(tallies[i].name, name) == 0) return &tallies[i];
  tallies[tally_count].name = name;
  return &tallies[tally_count++];
}

void show_interval(const char* label, mpfi_srcptr x) {
  mpfr_printf("  %s [%.25RDg, %.25RUg] (%ld bits, zero signs %d %d)\n", label, &x->left, &x->right,
              (long)mpfr_get_prec(&x->left), mpfr_signbit(&x->left) != 0,
              mpfr_signbit(&x->right) != 0);
}

/* One comparison: 0 same, 1 contained (allowed when may_contain), 2 different. */
void record(const char* name, int outcome, int may_contain) {
  tally* t = tally_of(name);
  ++t->cases;
  if (outcome == 0)
    ++t->same;
  else if (outcome == 1 && may_contain)
    ++t->contained;
  else
    ++t->differ;
}

int report_difference(const char* name) {
  const tally* t = tally_of(name);
  return t->differ + t->contained < 5;
}

/* ---- comparisons -------------------------------------------------------------------------- */

int same_fr(mpfr_srcptr x, mpfr_srcptr y) {
  if (mpfr_get_prec(x) != mpfr_get_prec(y)) return 0;
  if (mpfr_nan_p(x) || mpfr_nan_p(y)) return mpfr_nan_p(x) && mpfr_nan_p(y);
  return mpfr_equal_p(x, y) && (mpfr_signbit(x) != 0) == (mpfr_signbit(y) != 0);
}

static int same_fi(mpfi_srcptr x, mpfi_srcptr y) {
  return same_fr(&x->left, &y->left) && same_fr(&x->right, &y->right);
}

static int contains(mpfi_srcptr outer, mpfi_srcptr inner) {
  if (mpfi_nan_p(outer) || mpfi_nan_p(inner)) return 0;
  return mpfr_lessequal_p(&outer->left, &inner->left) &&
         mpfr_lessequal_p(&inner->right, &outer->right);
}

int sign(int x) { return (x > 0) - (x < 0); }

void init_like(mpfi_ptr r, mpfr_prec_t p) {
  mpfi_init2(r, p);
  mpfi_set_si(r, 7); /* both results start from the same value */
}

void copy(mpfi_ptr r, mpfi_srcptr x) {
  mpfi_init2(r, mpfi_get_prec(x));
  mpfr_set(&r->left, &x->left, MPFR_RNDN);
  mpfr_set(&r->right, &x->right, MPFR_RNDN);
}

void compare_intervals(const char* name, mpfi_srcptr mine, int mine_ret, mpfi_srcptr real,
                       int real_ret, int may_contain, mpfi_srcptr x, mpfi_srcptr y) {
  const int outcome = same_fi(mine, real) && mine_ret == real_ret ? 0
                      : contains(mine, real)                      ? 1
                                                                  : 2;
  if (outcome != 0 && report_difference(name)) {
    printf("%s differs: MPFI returned %d, the subset %d\n", name, real_ret, mine_ret);
    show_interval("operand", x);
    if (y != NULL) show_interval("operand", y);
    show_interval("MPFI   ", real);
    show_interval("subset ", mine);
  }
  record(name, outcome, may_contain);
}

/* ---- operands -------------------------------------------------------------------------------- */

gmp_randstate_t random_state;

unsigned long random_below(unsigned long n) { return gmp_urandomm_ui(random_state, n); }

/* A random number of p bits: sign, mantissa and exponent in [-spread, spread]. */
static void random_number(mpfr_ptr x, long spread) {
  mpfr_urandomb(x, random_state);
  if (mpfr_zero_p(x)) mpfr_set_ui(x, 1, MPFR_RNDN);
  mpfr_mul_2si(x, x, (long)random_below(2 * (unsigned long)spread + 1) - spread, MPFR_RNDN);
  if (random_below(2)) mpfr_neg(x, x, MPFR_RNDN);
}

/* x = k pi/2 (k random, up to 2^60 at times) widened by about 2^-w of itself on each side,
   w near p: intervals that just hold, or just miss, an extremum of sin or cos. */
static void near_extremum(mpfi_ptr r) {
  const mpfr_prec_t p = mpfi_get_prec(r);
  const long w = (long)p - 4 + (long)random_below(10);
  mpfr_t center, half_width;
  mpfr_inits2(p + 80, center, half_width, (mpfr_ptr)0);
  mpfr_const_pi(center, MPFR_RNDN);
  if (random_below(4) == 0) {
    mpfr_mul_ui(center, center, 1ul << 30, MPFR_RNDN);
    mpfr_mul_ui(center, center, random_below(1ul << 30) + 1, MPFR_RNDN);
  } else {
    mpfr_mul_si(center, center, (long)random_below(2001) - 1000, MPFR_RNDN);
  }
  mpfr_div_2ui(center, center, 1, MPFR_RNDN);
  mpfr_abs(half_width, center, MPFR_RNDN);
  if (mpfr_zero_p(half_width)) mpfr_set_ui(half_width, 1, MPFR_RNDN);
  mpfr_mul_2si(half_width, half_width, -w, MPFR_RNDN);
  if (random_below(3) == 0) mpfr_set_ui(half_width, 0, MPFR_RNDN); /* a point */
  mpfr_sub(&r->left, center, half_width, MPFR_RNDD);
  mpfr_add(&r->right, center, half_width, MPFR_RNDU);
  mpfr_clears(center, half_width, (mpfr_ptr)0);
}

void random_interval(mpfi_ptr r) {
  const mpfr_prec_t p = mpfi_get_prec(r);
  mpfr_t a, b;
  const unsigned long kind = random_below(6);
  mpfr_inits2(p, a, b, (mpfr_ptr)0);
  if (kind == 0) { /* narrow, around any number */
    random_number(a, 40);
    mpfr_mul_2si(b, a, -(long)random_below((unsigned long)p + 8) - 1, MPFR_RNDN);
    mpfr_abs(b, b, MPFR_RNDN);
    mpfr_sub(&r->left, a, b, MPFR_RNDD);
    mpfr_add(&r->right, a, b, MPFR_RNDU);
  } else if (kind == 5) {
    near_extremum(r);
  } else {
    random_number(a, kind == 2 ? 5000 : 40);
    random_number(b, kind == 2 ? 5000 : 40);
    if (kind == 3) { /* across zero */
      mpfr_abs(b, b, MPFR_RNDN);
      mpfr_neg(a, b, MPFR_RNDN);
      random_number(b, 40);
      mpfr_abs(b, b, MPFR_RNDN);
    }
    if (kind == 4) mpfr_set(b, a, MPFR_RNDN); /* a point */
    mpfi_interv_fr(r, a, b);
  }
  mpfr_clears(a, b, (mpfr_ptr)0);
}

/* The hand-picked endpoints, at precision p; their count. */
int special_numbers(mpfr_t* out, mpfr_prec_t p, int few) {
  static const char* const decimal[] = {
      "0",      "-0",     "1",       "-1",    "0.5",  "-2",    "3",        "@inf@",
      "-@inf@", "1e300",  "-1e-300", "@nan@", "1e9",  "-1e9",  "-3",       "0.1",
      "1e-300", "-1e300", "2",       "-0.5",  "1e22", "-1e22", "1e100000", "-1e-100000"};
  const int decimal_count = few ? 16 : (int)(sizeof(decimal) / sizeof(decimal[0]));
  int n = 0, i;
  for (i = 0; i < decimal_count; ++i) {
    mpfr_init2(out[n], p);
    mpfr_set_str(out[n++], decimal[i], 10, MPFR_RNDN);
  }
  if (few) return n;
  for (i = 1; i <= 8; ++i) { /* i pi/2 rounded both ways, either sign */
    int s;
    for (s = 0; s < 4; ++s) {
      mpfr_init2(out[n], p);
      mpfr_const_pi(out[n], s % 2 ? MPFR_RNDU : MPFR_RNDD);
      mpfr_mul_ui(out[n], out[n], (unsigned long)i, s % 2 ? MPFR_RNDU : MPFR_RNDD);
      mpfr_div_2ui(out[n], out[n], 1, MPFR_RNDN);
      if (s >= 2) mpfr_neg(out[n], out[n], MPFR_RNDN);
      ++n;
    }
  }
  mpfr_init2(out[n], p);
  mpfr_set_si(out[n], -1, MPFR_RNDN);
  mpfr_nextabove(out[n++]); /* just above log1p's pole */
  mpfr_init2(out[n], p);
  mpfr_set_si(out[n], -1, MPFR_RNDN);
  mpfr_nextbelow(out[n++]);
  mpfr_init2(out[n], p);
  mpfr_set_inf(out[n], 1);
  mpfr_nextbelow(out[n++]); /* the largest number */
  mpfr_init2(out[n], p);
  mpfr_set_zero(out[n], 1);
  mpfr_nextabove(out[n++]); /* the smallest positive one */
  mpfr_init2(out[n], p);
  mpfr_set_zero(out[n], -1);
  mpfr_nextbelow(out[n++]);
  return n;
}

/* Every ordered pair of the hand-picked numbers as an interval (NaN ends in any order). */
int special_intervals(mpfi_t* out, mpfr_prec_t p, int few) {
  mpfr_t numbers[64];
  const int n = special_numbers(numbers, p, few);
  int i, j, count = 0;
  for (i = 0; i < n; ++i)
    for (j = 0; j < n; ++j) {
      const int nan = mpfr_nan_p(numbers[i]) || mpfr_nan_p(numbers[j]);
      if (!nan && mpfr_cmp(numbers[i], numbers[j]) > 0) continue;
      mpfi_init2(out[count], p);
      mpfr_set(&out[count]->left, numbers[i], MPFR_RNDN);
      mpfr_set(&out[count]->right, numbers[j], MPFR_RNDN);
      ++count;
    }
  for (i = 0; i < n; ++i) mpfr_clear(numbers[i]);
  return count;
}
