/* Renames every function of mpfi_subset.c (mpfi_add -> subset_mpfi_add, ...) so that the native
   test links it beside Debian's libmpfi and compares the two (test_mpfi_subset.c). Force-included
   (-include) before <mpfi.h> when mpfi_subset.c is compiled for that test only. */
#define mpfi_init2 subset_mpfi_init2
#define mpfi_clear subset_mpfi_clear
#define mpfi_set_prec subset_mpfi_set_prec
#define mpfi_get_prec subset_mpfi_get_prec
#define mpfi_swap subset_mpfi_swap
#define mpfi_set subset_mpfi_set
#define mpfi_set_si subset_mpfi_set_si
#define mpfi_set_ui subset_mpfi_set_ui
#define mpfi_set_d subset_mpfi_set_d
#define mpfi_set_q subset_mpfi_set_q
#define mpfi_set_str subset_mpfi_set_str
#define mpfi_interv_fr subset_mpfi_interv_fr
#define mpfi_interv_si subset_mpfi_interv_si
#define mpfi_add subset_mpfi_add
#define mpfi_sub subset_mpfi_sub
#define mpfi_mul subset_mpfi_mul
#define mpfi_div subset_mpfi_div
#define mpfi_neg subset_mpfi_neg
#define mpfi_sqr subset_mpfi_sqr
#define mpfi_sqrt subset_mpfi_sqrt
#define mpfi_abs subset_mpfi_abs
#define mpfi_exp subset_mpfi_exp
#define mpfi_log subset_mpfi_log
#define mpfi_log1p subset_mpfi_log1p
#define mpfi_tanh subset_mpfi_tanh
#define mpfi_sin subset_mpfi_sin
#define mpfi_cos subset_mpfi_cos
#define mpfi_bounded_p subset_mpfi_bounded_p
#define mpfi_nan_p subset_mpfi_nan_p
#define mpfi_has_zero subset_mpfi_has_zero
#define mpfi_diam_abs subset_mpfi_diam_abs
#define mpfi_mag subset_mpfi_mag
#define mpfi_mid subset_mpfi_mid
