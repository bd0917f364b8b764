/* The MPFI 1.5 functions chainrule links, written again over MPFR: for the WebAssembly build only.

   Why it exists: the browser page runs the engine compiled with emscripten, and GMP and MPFR are
   compiled for it from Debian's source packages; Debian's archive mirror does not serve MPFI's
   source (`apt-get source mpfi` is a 404), and the page must print the same certified intervals
   as the command. So this file gives the page MPFI's functions with MPFI's semantics: the same
   endpoints (rounded outward, MPFR_RNDD left and MPFR_RNDU right), the same NaN and infinity
   cases, the same inexact flags (1 left, 2 right, 3 both) and the same signs of zero endpoints
   (a zero left endpoint is +0, a zero right endpoint is -0, where MPFI makes them so). The native
   build keeps Debian's libmpfi; web/mpfi/test_mpfi_subset.c compares the two (CTest
   mpfi_subset). Declarations and the struct come from Debian's own <mpfi.h>.

   Only the functions the project links are here: `nm -u` on libchainrule_*.a and the command's
   objects lists them; a new one must be added here, to subset_names.h and to the test (CTest
   mpfi_subset_self_contained counts them).

   Where it is not MPFI, on purpose: sin and cos give [-1, 1] for an endpoint beyond about
   2^(2^22), whose quadrant MPFI would seek with pi to as many bits as its exponent; they do
   find the quadrant of a negative endpoint next to MPFR's smallest number, on which MPFI loops
   (2x/pi underflows); mpfi_interv_fr reads its operands before it writes, so an endpoint of the
   result may be one (MPFI overwrites it first). Nothing in the project does either. */

#include <ctype.h>
#include <mpfi.h>

/* ---- helpers ------------------------------------------------------------------------------ */

static int flags(int inexact_left, int inexact_right) {
  return (inexact_left != 0 ? 1 : 0) + (inexact_right != 0 ? 2 : 0);
}

static int set_nan(mpfi_ptr a) {
  mpfr_set_nan(&a->left);
  mpfr_set_nan(&a->right);
  mpfr_set_nanflag(); /* MPFI's MPFR_RET_NAN: the flag raised, 0 returned */
  return 0;
}

static int is_nan(mpfi_srcptr a) { return mpfr_nan_p(&a->left) || mpfr_nan_p(&a->right); }
static int is_inf(mpfi_srcptr a) { return mpfr_inf_p(&a->left) || mpfr_inf_p(&a->right); }
static int is_nonneg(mpfi_srcptr a) { return mpfr_sgn(&a->left) >= 0 && mpfr_sgn(&a->right) >= 0; }
static int is_nonpos(mpfi_srcptr a) { return mpfr_sgn(&a->left) <= 0 && mpfr_sgn(&a->right) <= 0; }
static int is_pos(mpfi_srcptr a) { return mpfr_sgn(&a->left) >= 0 && mpfr_sgn(&a->right) > 0; }
static int has_zero_strict(mpfi_srcptr a) {
  return mpfr_sgn(&a->left) < 0 && mpfr_sgn(&a->right) > 0;
}
static int has_zero_nonstrict(mpfi_srcptr a) {
  return mpfr_sgn(&a->left) <= 0 && mpfr_sgn(&a->right) >= 0;
}
static int is_zero(mpfi_srcptr a) {
  return !is_nan(a) && mpfr_sgn(&a->left) == 0 && mpfr_sgn(&a->right) == 0;
}

/* MPFI's convention for zero endpoints: [+0, ...] and [..., -0]. */
static void fix_zero_signs(mpfi_ptr a) {
  if (mpfr_zero_p(&a->left) && mpfr_signbit(&a->left)) mpfr_neg(&a->left, &a->left, MPFR_RNDU);
  if (mpfr_zero_p(&a->right) && !mpfr_signbit(&a->right)) mpfr_neg(&a->right, &a->right, MPFR_RNDD);
}

/* The endings of a computed interval: a NaN endpoint makes the flags 0; then zero endpoints
   either keep the signs MPFR gave them (unfixed) or get MPFI's (finish), function by function
   as MPFI 1.5.3 does (the test checks each). */
static int unfixed(mpfi_srcptr a, int inexact_left, int inexact_right) {
  if (is_nan(a)) {
    mpfr_set_nanflag();
    return 0;
  }
  return flags(inexact_left, inexact_right);
}

static int finish(mpfi_ptr a, int inexact_left, int inexact_right) {
  fix_zero_signs(a);
  return unfixed(a, inexact_left, inexact_right);
}

/* mpfi_div's order: a NaN endpoint leaves the other one's zero as MPFR made it. */
static int finish_unless_nan(mpfi_ptr a, int inexact_left, int inexact_right) {
  return is_nan(a) ? unfixed(a, 0, 0) : finish(a, inexact_left, inexact_right);
}

/* New endpoints computed beside the result, so that the result may be an operand too. */
typedef struct {
  mpfr_t left, right;
  int inexact_left, inexact_right;
} endpoints;

static void endpoints_init(endpoints* e, mpfi_srcptr a) {
  mpfr_init2(e->left, mpfr_get_prec(&a->left));
  mpfr_init2(e->right, mpfr_get_prec(&a->right));
  e->inexact_left = e->inexact_right = 0;
}

static void endpoints_move(mpfi_ptr a, endpoints* e) {
  mpfr_swap(&a->left, e->left);
  mpfr_swap(&a->right, e->right);
  mpfr_clear(e->left);
  mpfr_clear(e->right);
}

typedef int (*mpfr_unary)(mpfr_ptr, mpfr_srcptr, mpfr_rnd_t);

/* f increasing: [f(left) rounded down, f(right) rounded up]. */
static int increasing(mpfi_ptr a, mpfi_srcptr b, mpfr_unary f, int fix_zeros) {
  const int inexact_left = f(&a->left, &b->left, MPFR_RNDD);
  const int inexact_right = f(&a->right, &b->right, MPFR_RNDU);
  return fix_zeros ? finish(a, inexact_left, inexact_right)
                   : unfixed(a, inexact_left, inexact_right);
}

/* ---- initialisation, precision, assignment -------------------------------------------------- */

void mpfi_init2(mpfi_ptr a, mpfr_prec_t p) {
  mpfr_init2(&a->left, p);
  mpfr_init2(&a->right, p);
}

void mpfi_clear(mpfi_ptr a) {
  mpfr_clear(&a->left);
  mpfr_clear(&a->right);
}

mpfr_prec_t mpfi_get_prec(mpfi_srcptr a) { return mpfr_get_prec(&a->left); }

void mpfi_set_prec(mpfi_ptr a, mpfr_prec_t p) {
  mpfr_set_prec(&a->left, p);
  mpfr_set_prec(&a->right, p);
}

void mpfi_swap(mpfi_ptr a, mpfi_ptr b) {
  mpfr_swap(&a->left, &b->left);
  mpfr_swap(&a->right, &b->right);
}

int mpfi_set(mpfi_ptr a, mpfi_srcptr b) { return increasing(a, b, mpfr_set, 0); }

#define SET_SCALAR(name, type, mpfr_setter)                         \
  int name(mpfi_ptr a, type b) {                                    \
    const int inexact_left = mpfr_setter(&a->left, b, MPFR_RNDD);   \
    const int inexact_right = mpfr_setter(&a->right, b, MPFR_RNDU); \
    return finish(a, inexact_left, inexact_right);                  \
  }
SET_SCALAR(mpfi_set_si, const long, mpfr_set_si)
SET_SCALAR(mpfi_set_ui, const unsigned long, mpfr_set_ui)
SET_SCALAR(mpfi_set_d, const double, mpfr_set_d)
SET_SCALAR(mpfi_set_q, mpq_srcptr, mpfr_set_q)

/* "[a,b]" (blanks allowed around the numbers, anything after ']') or one number, which must be
   the whole string; 0 on success, 1 on failure, as MPFI. */
int mpfi_set_str(mpfi_ptr a, const char* s, int base) {
  char* end;
  while (*s != '\0' && isspace((unsigned char)*s)) ++s;
  if (*s == '\0') return 1;
  if (*s != '[') {
    if (mpfr_set_str(&a->left, s, base, MPFR_RNDD) != 0) return 1;
    mpfr_set_str(&a->right, s, base, MPFR_RNDU);
    return 0;
  }
  ++s;
  while (*s != '\0' && isspace((unsigned char)*s)) ++s;
  if (*s == '\0') return 1;
  mpfr_strtofr(&a->left, s, &end, base, MPFR_RNDD);
  if (end == s) return 1;
  s = end;
  while (*s != '\0' && isspace((unsigned char)*s)) ++s;
  if (*s != ',') return 1;
  ++s;
  while (*s != '\0' && isspace((unsigned char)*s)) ++s;
  if (*s == '\0') return 1;
  mpfr_strtofr(&a->right, s, &end, base, MPFR_RNDU);
  if (end == s) return 1;
  s = end;
  while (*s != '\0' && isspace((unsigned char)*s)) ++s;
  return *s == ']' ? 0 : 1;
}

/* The interval of two numbers in either order. */
int mpfi_interv_fr(mpfi_ptr a, mpfr_srcptr b, mpfr_srcptr c) {
  endpoints e;
  int ordered;
  if (mpfr_nan_p(b) || mpfr_nan_p(c)) return set_nan(a);
  ordered = mpfr_cmp(b, c) <= 0;
  endpoints_init(&e, a); /* b or c may be an endpoint of a */
  e.inexact_left = mpfr_set(e.left, ordered ? b : c, MPFR_RNDD);
  e.inexact_right = mpfr_set(e.right, ordered ? c : b, MPFR_RNDU);
  endpoints_move(a, &e);
  return finish(a, e.inexact_left, e.inexact_right);
}

int mpfi_interv_si(mpfi_ptr a, const long b, const long c) {
  const long lo = b <= c ? b : c, hi = b <= c ? c : b;
  const int inexact_left = mpfr_set_si(&a->left, lo, MPFR_RNDD);
  const int inexact_right = mpfr_set_si(&a->right, hi, MPFR_RNDU);
  return finish(a, inexact_left, inexact_right);
}

/* ---- arithmetic ----------------------------------------------------------------------------- */

int mpfi_neg(mpfi_ptr a, mpfi_srcptr b) {
  endpoints e;
  endpoints_init(&e, a);
  e.inexact_left = mpfr_neg(e.left, &b->right, MPFR_RNDD);
  e.inexact_right = mpfr_neg(e.right, &b->left, MPFR_RNDU);
  endpoints_move(a, &e);
  return unfixed(a, e.inexact_left, e.inexact_right);
}

/* A zero operand gives the other one as it is, as in MPFI (signs of zero included). */
int mpfi_add(mpfi_ptr a, mpfi_srcptr b, mpfi_srcptr c) {
  int inexact_left, inexact_right;
  if (is_zero(c)) return mpfi_set(a, b);
  if (is_zero(b)) return mpfi_set(a, c);
  inexact_left = mpfr_add(&a->left, &b->left, &c->left, MPFR_RNDD);
  inexact_right = mpfr_add(&a->right, &b->right, &c->right, MPFR_RNDU);
  return finish(a, inexact_left, inexact_right);
}

int mpfi_sub(mpfi_ptr a, mpfi_srcptr b, mpfi_srcptr c) {
  endpoints e;
  if (is_zero(c)) return mpfi_set(a, b);
  if (is_zero(b)) return mpfi_neg(a, c);
  endpoints_init(&e, a);
  e.inexact_left = mpfr_sub(e.left, &b->left, &c->right, MPFR_RNDD);
  e.inexact_right = mpfr_sub(e.right, &b->right, &c->left, MPFR_RNDU);
  endpoints_move(a, &e);
  return finish(a, e.inexact_left, e.inexact_right);
}

/* Where an interval lies against 0: nonnegative, nonpositive (left < 0) or across. */
enum side { NONNEG, NONPOS, ACROSS };
static enum side side_of(mpfi_srcptr x) {
  if (mpfr_sgn(&x->left) >= 0) return NONNEG;
  return mpfr_sgn(&x->right) <= 0 ? NONPOS : ACROSS;
}

/* The lower (or upper) of two products, each rounded the way the endpoint is; on a tie the
   second, whose flag then stands. */
static int product_extreme(mpfr_ptr r, mpfr_srcptr p, mpfr_srcptr q, mpfr_srcptr s, mpfr_srcptr t,
                           mpfr_rnd_t rnd) {
  mpfr_t first;
  int inexact_first, inexact;
  mpfr_init2(first, mpfr_get_prec(r));
  inexact_first = mpfr_mul(first, p, q, rnd);
  inexact = mpfr_mul(r, s, t, rnd);
  if (rnd == MPFR_RNDD ? mpfr_cmp(first, r) < 0 : mpfr_cmp(first, r) > 0) {
    mpfr_swap(first, r);
    inexact = inexact_first;
  }
  mpfr_clear(first);
  return inexact;
}

/* The endpoints of b*c are products of one endpoint each, chosen by where b and c lie against
   0 (both across: the extreme of two products). Zero times anything is the zero interval. */
int mpfi_mul(mpfi_ptr a, mpfi_srcptr b, mpfi_srcptr c) {
  static const struct {
    char b_left, c_left, b_right, c_right; /* 1: that operand's left endpoint, 0: its right */
  } pick[3][3] = {
      /* b NONNEG */ {{1, 1, 0, 0}, {0, 1, 1, 0}, {0, 1, 0, 0}},
      /* b NONPOS */ {{1, 0, 0, 1}, {0, 0, 1, 1}, {1, 0, 1, 1}},
      /* b ACROSS */ {{1, 0, 0, 0}, {0, 1, 1, 1}, {0, 0, 0, 0}},
  };
  enum side sb, sc;
  endpoints e;
  if (is_nan(b) || is_nan(c)) return set_nan(a);
  if (is_zero(b)) return mpfi_set(a, b);
  if (is_zero(c)) return mpfi_set(a, c);
  sb = side_of(b);
  sc = side_of(c);
  endpoints_init(&e, a);
  if (sb == ACROSS && sc == ACROSS) {
    e.inexact_left = product_extreme(e.left, &b->left, &c->right, &b->right, &c->left, MPFR_RNDD);
    e.inexact_right = product_extreme(e.right, &b->left, &c->left, &b->right, &c->right, MPFR_RNDU);
  } else {
#define END(x, is_left) ((is_left) ? &(x)->left : &(x)->right)
    e.inexact_left =
        mpfr_mul(e.left, END(b, pick[sb][sc].b_left), END(c, pick[sb][sc].c_left), MPFR_RNDD);
    e.inexact_right =
        mpfr_mul(e.right, END(b, pick[sb][sc].b_right), END(c, pick[sb][sc].c_right), MPFR_RNDU);
#undef END
  }
  endpoints_move(a, &e);
  return unfixed(a, e.inexact_left, e.inexact_right);
}

/* b/c for c with 0 at an end: one half-line (or everything when b or c straddles 0). */
static void div_by_zero_ended(endpoints* e, mpfi_srcptr b, mpfi_srcptr c) {
  if (has_zero_strict(c) || has_zero_strict(b)) {
    mpfr_set_inf(e->left, -1);
    mpfr_set_inf(e->right, 1);
  } else if (is_nonneg(c) == is_nonneg(b)) { /* [.., +oo[ */
    e->inexact_left = is_nonneg(c) ? mpfr_div(e->left, &b->left, &c->right, MPFR_RNDD)
                                   : mpfr_div(e->left, &b->right, &c->left, MPFR_RNDD);
    mpfr_set_inf(e->right, 1);
  } else { /* ]-oo, ..] */
    e->inexact_right = is_nonneg(c) ? mpfr_div(e->right, &b->right, &c->right, MPFR_RNDU)
                                    : mpfr_div(e->right, &b->left, &c->left, MPFR_RNDU);
    mpfr_set_inf(e->left, -1);
  }
}

int mpfi_div(mpfi_ptr a, mpfi_srcptr b, mpfi_srcptr c) {
  endpoints e;
  mpfr_srcptr num_left, den_left, num_right, den_right;
  if (is_nan(b) || is_nan(c)) return set_nan(a);
  endpoints_init(&e, a);
  if (has_zero_nonstrict(c)) {
    div_by_zero_ended(&e, b, c);
  } else {
    const int c_pos = is_pos(c);
    if (is_nonneg(b)) { /* c > 0: [bl/cr, br/cl]; c < 0: [br/cr, bl/cl] */
      num_left = c_pos ? &b->left : &b->right, den_left = &c->right;
      num_right = c_pos ? &b->right : &b->left, den_right = &c->left;
    } else if (is_nonpos(b)) { /* c > 0: [bl/cl, br/cr]; c < 0: [br/cl, bl/cr] */
      num_left = c_pos ? &b->left : &b->right, den_left = &c->left;
      num_right = c_pos ? &b->right : &b->left, den_right = &c->right;
    } else { /* b across 0: c > 0: [bl/cl, br/cl]; c < 0: [br/cr, bl/cr] */
      num_left = c_pos ? &b->left : &b->right, den_left = c_pos ? &c->left : &c->right;
      num_right = c_pos ? &b->right : &b->left, den_right = den_left;
    }
    e.inexact_left = mpfr_div(e.left, num_left, den_left, MPFR_RNDD);
    e.inexact_right = mpfr_div(e.right, num_right, den_right, MPFR_RNDU);
  }
  endpoints_move(a, &e);
  return finish_unless_nan(a, e.inexact_left, e.inexact_right);
}

int mpfi_sqr(mpfi_ptr a, mpfi_srcptr b) {
  endpoints e;
  if (is_nan(b)) return set_nan(a);
  endpoints_init(&e, a);
  switch (side_of(b)) {
    case NONNEG:
      e.inexact_left = mpfr_sqr(e.left, &b->left, MPFR_RNDD);
      e.inexact_right = mpfr_sqr(e.right, &b->right, MPFR_RNDU);
      break;
    case NONPOS:
      e.inexact_left = mpfr_sqr(e.left, &b->right, MPFR_RNDD);
      e.inexact_right = mpfr_sqr(e.right, &b->left, MPFR_RNDU);
      break;
    case ACROSS:
      e.inexact_left = mpfr_set_ui(e.left, 0, MPFR_RNDD);
      e.inexact_right = mpfr_cmpabs(&b->left, &b->right) <= 0
                            ? mpfr_sqr(e.right, &b->right, MPFR_RNDU)
                            : mpfr_sqr(e.right, &b->left, MPFR_RNDU);
      break;
  }
  endpoints_move(a, &e);
  return finish(a, e.inexact_left, e.inexact_right);
}

int mpfi_abs(mpfi_ptr a, mpfi_srcptr b) {
  int inexact_right;
  if (is_nan(b)) return set_nan(a);
  if (is_nonneg(b)) return mpfi_set(a, b);
  if (is_nonpos(b)) return mpfi_neg(a, b);
  inexact_right = mpfr_cmpabs(&b->left, &b->right) < 0 ? mpfr_set(&a->right, &b->right, MPFR_RNDU)
                                                       : mpfr_neg(&a->right, &b->left, MPFR_RNDU);
  mpfr_set_ui(&a->left, 0, MPFR_RNDD);
  return flags(0, inexact_right);
}

/* ---- monotone functions ---------------------------------------------------------------------- */

int mpfi_sqrt(mpfi_ptr a, mpfi_srcptr b) { return increasing(a, b, mpfr_sqrt, 0); }
int mpfi_exp(mpfi_ptr a, mpfi_srcptr b) { return increasing(a, b, mpfr_exp, 1); }
int mpfi_log(mpfi_ptr a, mpfi_srcptr b) { return increasing(a, b, mpfr_log, 1); }
int mpfi_log1p(mpfi_ptr a, mpfi_srcptr b) { return increasing(a, b, mpfr_log1p, 0); }
int mpfi_tanh(mpfi_ptr a, mpfi_srcptr b) { return increasing(a, b, mpfr_tanh, 0); }

/* ---- sine and cosine ------------------------------------------------------------------------- */

/* Beyond this many bits the quadrant of an endpoint is not sought (|x| beyond about 2^(2^22)):
   the result is then [-1, 1], which is true, where MPFI would spend its time on pi's digits. */
#define QUADRANT_MAX_PREC ((mpfr_prec_t)1 << 22)

/* floor(2x/pi) exactly, from enclosures of pi refined until both ends give the same integer
   (2x/pi is never an integer for a nonzero x, so this ends); 0 when not found below the cap. */
static int quadrant(mpz_ptr q, mpfr_srcptr x) {
  mpfr_prec_t prec;
  mpfr_t pi_lo, pi_hi, lo, hi;
  int found = 0;
  if (mpfr_zero_p(x) || mpfr_get_exp(x) <= 0) { /* |x| < 1 < pi/2 */
    mpz_set_si(q, mpfr_sgn(x) < 0 ? -1 : 0);
    return 1;
  }
  if (mpfr_get_exp(x) > QUADRANT_MAX_PREC) return 0;
  prec = mpfr_get_prec(x) + mpfr_get_exp(x) + 32;
  mpfr_inits2(prec, pi_lo, pi_hi, lo, hi, (mpfr_ptr)0);
  while (!found && prec <= QUADRANT_MAX_PREC) {
    mpfr_const_pi(pi_lo, MPFR_RNDD);
    mpfr_const_pi(pi_hi, MPFR_RNDU);
    /* 2x/pi between 2x/pi_hi and 2x/pi_lo (swapped for a negative x) */
    mpfr_mul_2ui(lo, x, 1, MPFR_RNDN); /* exact: lo has more bits than x */
    mpfr_div(hi, lo, mpfr_sgn(x) > 0 ? pi_lo : pi_hi, MPFR_RNDU);
    mpfr_div(lo, lo, mpfr_sgn(x) > 0 ? pi_hi : pi_lo, MPFR_RNDD);
    mpfr_floor(lo, lo);
    mpfr_floor(hi, hi);
    found = mpfr_equal_p(lo, hi);
    if (!found) {
      prec += 64;
      mpfr_set_prec(pi_lo, prec);
      mpfr_set_prec(pi_hi, prec);
      mpfr_set_prec(lo, prec);
      mpfr_set_prec(hi, prec);
    }
  }
  if (found) mpfr_get_z(q, lo, MPFR_RNDN);
  mpfr_clears(pi_lo, pi_hi, lo, hi, (mpfr_ptr)0);
  return found;
}

/* r = the lower (rnd down) or upper (rnd up) of f(x) and f(y), rounded that way; of two equal
   roundings the exact one, whose endpoint is then the true extreme. */
static int extreme_of_two(mpfr_ptr r, mpfr_unary f, mpfr_srcptr x, mpfr_srcptr y, mpfr_rnd_t rnd) {
  mpfr_t other;
  int inexact, inexact_other, cmp;
  mpfr_init2(other, mpfr_get_prec(r));
  inexact = f(r, x, rnd);
  inexact_other = f(other, y, rnd);
  cmp = mpfr_cmp(other, r);
  if ((rnd == MPFR_RNDD ? cmp < 0 : cmp > 0) || (cmp == 0 && inexact_other == 0)) {
    mpfr_swap(other, r);
    inexact = inexact_other;
  }
  mpfr_clear(other);
  return inexact;
}

/* f(b) for f = sin or cos. With q = floor(2x/pi), f's maxima sit where q steps onto
   max_quadrant (mod 4), its minima where it steps onto max_quadrant + 2; f decreases through
   quadrants max_quadrant and max_quadrant + 1, increases through the other two. An extremum
   inside b makes that endpoint +-1 and the other the extreme of f at b's two ends; none, and f
   is monotone on b. */
static int sin_or_cos(mpfi_ptr a, mpfi_srcptr b, mpfr_unary f, unsigned long max_quadrant) {
  mpz_t q_left, q_right, n;
  int has_max = 1, has_min = 1, decreasing = 0;
  endpoints e;
  if (is_nan(b)) return set_nan(a);
  if (is_inf(b)) {
    if (mpfr_equal_p(&b->left, &b->right)) return set_nan(a);
    mpfr_set_si(&a->left, -1, MPFR_RNDD);
    mpfr_set_si(&a->right, 1, MPFR_RNDU);
    return 0;
  }
  mpz_inits(q_left, q_right, n, (mpz_ptr)0);
  if (quadrant(q_left, &b->left) && quadrant(q_right, &b->right)) {
    /* the first q above q_left that is a maximum's quadrant, and a minimum's */
    const unsigned long to_max = 4 - (mpz_fdiv_ui(q_left, 4) + 4 - max_quadrant) % 4;
    mpz_add_ui(n, q_left, to_max);
    has_max = mpz_cmp(n, q_right) <= 0;
    mpz_add_ui(n, q_left, to_max > 2 ? to_max - 2 : to_max + 2);
    has_min = mpz_cmp(n, q_right) <= 0;
    decreasing = to_max > 2; /* q_left is max_quadrant or the one after it */
  }
  mpz_clears(q_left, q_right, n, (mpz_ptr)0);
  if (has_max && has_min) { /* also when a quadrant was not found: [-1, 1] is always true */
    mpfr_set_si(&a->left, -1, MPFR_RNDD);
    mpfr_set_si(&a->right, 1, MPFR_RNDU);
    return 0;
  }
  endpoints_init(&e, a);
  if (has_max) {
    e.inexact_right = mpfr_set_si(e.right, 1, MPFR_RNDU);
    e.inexact_left = extreme_of_two(e.left, f, &b->left, &b->right, MPFR_RNDD);
  } else if (has_min) {
    e.inexact_left = mpfr_set_si(e.left, -1, MPFR_RNDD);
    e.inexact_right = extreme_of_two(e.right, f, &b->left, &b->right, MPFR_RNDU);
  } else {
    e.inexact_left = f(e.left, decreasing ? &b->right : &b->left, MPFR_RNDD);
    e.inexact_right = f(e.right, decreasing ? &b->left : &b->right, MPFR_RNDU);
  }
  endpoints_move(a, &e);
  return flags(e.inexact_left, e.inexact_right);
}

int mpfi_sin(mpfi_ptr a, mpfi_srcptr b) { return sin_or_cos(a, b, mpfr_sin, 1); }
int mpfi_cos(mpfi_ptr a, mpfi_srcptr b) { return sin_or_cos(a, b, mpfr_cos, 0); }

/* ---- predicates and real-valued functions of an interval ----------------------------------- */

int mpfi_bounded_p(mpfi_srcptr a) { return mpfr_number_p(&a->left) && mpfr_number_p(&a->right); }
int mpfi_nan_p(mpfi_srcptr a) { return is_nan(a); }
int mpfi_has_zero(mpfi_srcptr a) { return !is_nan(a) && has_zero_nonstrict(a); }

int mpfi_diam_abs(mpfr_ptr d, mpfi_srcptr a) { return mpfr_sub(d, &a->right, &a->left, MPFR_RNDU); }

/* The largest |x| over the interval, rounded up. */
int mpfi_mag(mpfr_ptr m, mpfi_srcptr a) {
  int inexact;
  if (is_nan(a)) {
    mpfr_set_nan(m);
    mpfr_set_nanflag();
    return 0;
  }
  if (is_nonneg(a)) {
    inexact = mpfr_set(m, &a->right, MPFR_RNDU);
    if (mpfr_zero_p(m) && mpfr_signbit(m)) mpfr_neg(m, m, MPFR_RNDU);
  } else if (is_nonpos(a)) {
    inexact = mpfr_neg(m, &a->left, MPFR_RNDU);
  } else {
    inexact = mpfr_neg(m, &a->left, MPFR_RNDU);
    if (mpfr_cmp(m, &a->right) < 0) inexact = mpfr_set(m, &a->right, MPFR_RNDU);
  }
  return inexact;
}

/* (left + right) / 2 rounded to nearest; halved first when the sum overflows. */
int mpfi_mid(mpfr_ptr m, mpfi_srcptr a) {
  int inexact_add = mpfr_add(m, &a->left, &a->right, MPFR_RNDN), inexact_half = 0;
  if (!is_inf(a)) {
    if (mpfr_inf_p(m)) {
      mpfr_t half_left, half_right;
      mpfr_init2(half_left, mpfr_get_prec(&a->left));
      mpfr_init2(half_right, mpfr_get_prec(&a->right));
      mpfr_div_2ui(half_left, &a->left, 1, MPFR_RNDN);
      mpfr_div_2ui(half_right, &a->right, 1, MPFR_RNDN);
      inexact_add = mpfr_add(m, half_left, half_right, MPFR_RNDN);
      mpfr_clear(half_left);
      mpfr_clear(half_right);
    } else {
      inexact_half = mpfr_div_2ui(m, m, 1, MPFR_RNDN);
    }
  }
  return inexact_half != 0 ? inexact_half : inexact_add;
}
