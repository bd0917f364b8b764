/* What test_mpfi_subset.c and test_support.c share: the renamed subset's functions, the
   per-function tallies with the comparisons that fill them, and the operands. */
#ifndef CHAINRULE_WEB_MPFI_TEST_SUPPORT_H
#define CHAINRULE_WEB_MPFI_TEST_SUPPORT_H

#include <mpfi.h>

#define SUBSET(ret, name, args) ret subset_##name args;
SUBSET(void, mpfi_init2, (mpfi_ptr, mpfr_prec_t))
SUBSET(void, mpfi_clear, (mpfi_ptr))
SUBSET(void, mpfi_set_prec, (mpfi_ptr, mpfr_prec_t))
SUBSET(mpfr_prec_t, mpfi_get_prec, (mpfi_srcptr))
SUBSET(void, mpfi_swap, (mpfi_ptr, mpfi_ptr))
SUBSET(int, mpfi_set, (mpfi_ptr, mpfi_srcptr))
SUBSET(int, mpfi_set_si, (mpfi_ptr, const long))
SUBSET(int, mpfi_set_ui, (mpfi_ptr, const unsigned long))
SUBSET(int, mpfi_set_d, (mpfi_ptr, const double))
SUBSET(int, mpfi_set_q, (mpfi_ptr, mpq_srcptr))
SUBSET(int, mpfi_set_str, (mpfi_ptr, const char*, int))
SUBSET(int, mpfi_interv_fr, (mpfi_ptr, mpfr_srcptr, mpfr_srcptr))
SUBSET(int, mpfi_interv_si, (mpfi_ptr, const long, const long))
SUBSET(int, mpfi_add, (mpfi_ptr, mpfi_srcptr, mpfi_srcptr))
SUBSET(int, mpfi_sub, (mpfi_ptr, mpfi_srcptr, mpfi_srcptr))
SUBSET(int, mpfi_mul, (mpfi_ptr, mpfi_srcptr, mpfi_srcptr))
SUBSET(int, mpfi_div, (mpfi_ptr, mpfi_srcptr, mpfi_srcptr))
SUBSET(int, mpfi_neg, (mpfi_ptr, mpfi_srcptr))
SUBSET(int, mpfi_sqr, (mpfi_ptr, mpfi_srcptr))
SUBSET(int, mpfi_sqrt, (mpfi_ptr, mpfi_srcptr))
SUBSET(int, mpfi_abs, (mpfi_ptr, mpfi_srcptr))
SUBSET(int, mpfi_exp, (mpfi_ptr, mpfi_srcptr))
SUBSET(int, mpfi_log, (mpfi_ptr, mpfi_srcptr))
SUBSET(int, mpfi_log1p, (mpfi_ptr, mpfi_srcptr))
SUBSET(int, mpfi_tanh, (mpfi_ptr, mpfi_srcptr))
SUBSET(int, mpfi_sin, (mpfi_ptr, mpfi_srcptr))
SUBSET(int, mpfi_cos, (mpfi_ptr, mpfi_srcptr))
SUBSET(int, mpfi_bounded_p, (mpfi_srcptr))
SUBSET(int, mpfi_nan_p, (mpfi_srcptr))
SUBSET(int, mpfi_has_zero, (mpfi_srcptr))
SUBSET(int, mpfi_diam_abs, (mpfr_ptr, mpfi_srcptr))
SUBSET(int, mpfi_mag, (mpfr_ptr, mpfi_srcptr))
SUBSET(int, mpfi_mid, (mpfr_ptr, mpfi_srcptr))

typedef struct {
  const char* name;
  long cases, same, contained, differ;
} tally;
extern tally tallies[40];
extern int tally_count;
tally* tally_of(const char* name);
/* outcome 0 same, 1 contained (allowed when may_contain), 2 different */
void record(const char* name, int outcome, int may_contain);
int report_difference(const char* name);
void show_interval(const char* label, mpfi_srcptr x);

int same_fr(mpfr_srcptr x, mpfr_srcptr y); /* value, sign of zero, NaN and precision */
int sign(int x);
void init_like(mpfi_ptr r, mpfr_prec_t p); /* initialised, set to 7 */
void copy(mpfi_ptr r, mpfi_srcptr x);      /* initialised to x, at x's precision */
void compare_intervals(const char* name, mpfi_srcptr mine, int mine_ret, mpfi_srcptr real,
                       int real_ret, int may_contain, mpfi_srcptr x, mpfi_srcptr y);

extern gmp_randstate_t random_state;
unsigned long random_below(unsigned long n);
void random_interval(mpfi_ptr r); /* at r's precision */
/* The hand-picked endpoints at precision p (few: 16 of them), or every ordered pair of them as
   an interval; their count. */
int special_numbers(mpfr_t* out, mpfr_prec_t p, int few);
int special_intervals(mpfi_t* out, mpfr_prec_t p, int few);

#endif
