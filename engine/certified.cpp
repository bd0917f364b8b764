#include "engine/certified.hpp"

#include <gmp.h>
#include <mpfi.h>
#include <mpfr.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace chainrule::engine {

using Interval = Certified::Interval;
using Rational = Certified::Rational;

namespace {

std::uint64_t undecided_count = 0;
int working_digits = 50;
// Rationals larger than this (numerator and denominator bits together) are dropped for their
// interval: exactness is for the ties of short decimals, and a rational that doubles its size
// at every product must not grow without bound.
std::size_t max_exact_bits = 4096;

mpfi_ptr raw(Interval& x) { return x.backend().data(); }
mpfi_srcptr raw(const Interval& x) { return x.backend().data(); }
mpq_srcptr raw(const Rational& q) { return q.backend().data(); }

std::size_t bit_size(const Rational& q) {
  return mpz_sizeinbase(mpq_numref(raw(q)), 2) + mpz_sizeinbase(mpq_denref(raw(q)), 2);
}

bool is_zero(const Rational* q) { return q != nullptr && mpq_sgn(raw(*q)) == 0; }
bool is_one(const Rational* q) { return q != nullptr && mpq_cmp_si(raw(*q), 1, 1) == 0; }
bool is_integer(const Rational& q) { return mpz_cmp_ui(mpq_denref(raw(q)), 1) == 0; }

Interval enclosure_of(const Rational& q) {
  Interval r;
  mpfi_set_q(raw(r), raw(q));
  return r;
}

// The interval of one MPFI function of one argument.
Interval apply(int (*f)(mpfi_ptr, mpfi_srcptr), const Interval& a) {
  Interval r;
  f(raw(r), raw(a));
  return r;
}

Rational integer(mpz_srcptr z) {
  Rational q;
  mpq_set_z(q.backend().data(), z);
  return q;
}

// b^e for a non-negative e by repeated squaring; squares through mpfi_sqr, which knows that a
// square is never negative.
Interval power(Interval base, unsigned long e) {
  Interval r(1);
  while (e != 0) {
    if (e & 1u) r = r * base;
    e >>= 1;
    if (e != 0) mpfi_sqr(raw(base), raw(base));
  }
  return r;
}

Certified from_bounds(mpfr_srcptr lo, mpfr_srcptr hi) {
  Interval r;
  mpfi_interv_fr(raw(r), lo, hi);
  return Certified::enclosed(std::move(r));
}

Certified interval_of_ints(long lo, long hi) {
  Interval r;
  mpfi_interv_si(raw(r), lo, hi);
  return Certified::enclosed(std::move(r));
}

// trunc or round of every value in [lo, hi]: an integer when they agree, else their interval.
Certified to_integer(const Certified& a, int (*f)(mpfr_ptr, mpfr_srcptr)) {
  const mpfi_srcptr x = raw(a.enclosure());
  const auto prec = mpfi_get_prec(x);
  mpfr_t lo, hi;
  mpfr_inits2(prec, lo, hi, static_cast<mpfr_ptr>(nullptr));
  f(lo, &x->left);
  f(hi, &x->right);
  Certified result = 0;
  if (mpfr_number_p(lo) && mpfr_equal_p(lo, hi)) {
    mpz_t z;
    mpz_init(z);
    mpfr_get_z(z, lo, MPFR_RNDN);
    result = Certified(integer(z));
    mpz_clear(z);
  } else {
    result = from_bounds(lo, hi);
  }
  mpfr_clears(lo, hi, static_cast<mpfr_ptr>(nullptr));
  return result;
}

}  // namespace

Certified::Certified(int value) : exact_(Rational(value)) { mpfi_set_si(raw(enclosure_), value); }

Certified::Certified(const Rational& exact) {
  enclosure_ = enclosure_of(exact);
  if (bit_size(exact) <= max_exact_bits) exact_ = exact;
}

Certified::Certified(double value) {
  if (!std::isfinite(value)) {
    mpfi_set_d(raw(enclosure_), value);
    return;
  }
  Rational q;
  mpq_set_d(q.backend().data(), value);
  *this = Certified(q);
}

Certified::Certified(std::string_view decimal) : Certified(parse_decimal<Certified>(decimal)) {}

Certified Certified::enclosed(Interval enclosure) {
  Certified c;
  c.enclosure_ = std::move(enclosure);
  c.exact_.reset();
  return c;
}

Certified operator+(const Certified& a, const Certified& b) {
  if (a.exact_ && b.exact_) return Certified(Rational(*a.exact_ + *b.exact_));
  return Certified::enclosed(a.enclosure_ + b.enclosure_);
}

Certified operator-(const Certified& a, const Certified& b) {
  if (a.exact_ && b.exact_) return Certified(Rational(*a.exact_ - *b.exact_));
  return Certified::enclosed(a.enclosure_ - b.enclosure_);
}

Certified operator*(const Certified& a, const Certified& b) {
  if (a.exact_ && b.exact_) return Certified(Rational(*a.exact_ * *b.exact_));
  // An exact zero times anything finite is exactly zero, as in the rationals.
  if ((is_zero(a.exact()) && is_finite(b)) || (is_zero(b.exact()) && is_finite(a))) return 0;
  return Certified::enclosed(a.enclosure_ * b.enclosure_);
}

Certified operator/(const Certified& a, const Certified& b) {
  if (a.exact_ && b.exact_ && !is_zero(b.exact()))
    return Certified(Rational(*a.exact_ / *b.exact_));
  Interval r;  // through MPFI itself: a divisor that may be zero gives an unbounded interval
  mpfi_div(raw(r), raw(a.enclosure_), raw(b.enclosure_));
  return Certified::enclosed(std::move(r));
}

Certified operator-(const Certified& a) {
  if (a.exact_) return Certified(Rational(-*a.exact_));
  return Certified::enclosed(apply(mpfi_neg, a.enclosure_));
}

Order compare(const Certified& a, const Certified& b) {
  if (a.exact() && b.exact()) {
    const int c = mpq_cmp(raw(*a.exact()), raw(*b.exact()));
    return c < 0 ? Order::Less : (c > 0 ? Order::Greater : Order::Equal);
  }
  const mpfi_srcptr x = raw(a.enclosure()), y = raw(b.enclosure());
  if (mpfi_nan_p(x) || mpfi_nan_p(y)) return Order::Unknown;
  if (mpfr_less_p(&x->right, &y->left)) return Order::Less;
  if (mpfr_greater_p(&x->left, &y->right)) return Order::Greater;
  if (mpfr_equal_p(&x->left, &x->right) && mpfr_equal_p(&y->left, &y->right) &&
      mpfr_equal_p(&x->left, &y->left))
    return Order::Equal;
  return Order::Unknown;
}

namespace {

// The answer of an undecided comparison: counted, then taken from the midpoints.
Order guessed(const Certified& a, const Certified& b) {
  ++undecided_count;
  const mpfi_srcptr x = raw(a.enclosure()), y = raw(b.enclosure());
  mpfr_t mx, my;
  mpfr_inits2(mpfi_get_prec(x) + 1, mx, my, static_cast<mpfr_ptr>(nullptr));
  mpfi_mid(mx, x);
  mpfi_mid(my, y);
  const int c = mpfr_cmp(mx, my);
  mpfr_clears(mx, my, static_cast<mpfr_ptr>(nullptr));
  return c < 0 ? Order::Less : (c > 0 ? Order::Greater : Order::Equal);
}

Order decided(const Certified& a, const Certified& b) {
  const Order o = compare(a, b);
  return o == Order::Unknown ? guessed(a, b) : o;
}

}  // namespace

bool operator<(const Certified& a, const Certified& b) { return decided(a, b) == Order::Less; }
bool operator>(const Certified& a, const Certified& b) { return decided(a, b) == Order::Greater; }
bool operator<=(const Certified& a, const Certified& b) { return decided(a, b) != Order::Greater; }
bool operator>=(const Certified& a, const Certified& b) { return decided(a, b) != Order::Less; }
bool operator==(const Certified& a, const Certified& b) { return decided(a, b) == Order::Equal; }
bool operator!=(const Certified& a, const Certified& b) { return decided(a, b) != Order::Equal; }

std::uint64_t undecided_comparisons() { return undecided_count; }
void rewind_undecided_comparisons(std::uint64_t mark) { undecided_count = mark; }

Certified exp(const Certified& a) {
  if (is_zero(a.exact())) return 1;
  return Certified::enclosed(apply(mpfi_exp, a.enclosure()));
}

Certified log(const Certified& a) {
  if (is_one(a.exact())) return 0;
  return Certified::enclosed(apply(mpfi_log, a.enclosure()));
}

Certified log1p(const Certified& a) {
  if (is_zero(a.exact())) return 0;
  return Certified::enclosed(apply(mpfi_log1p, a.enclosure()));
}

Certified sqrt(const Certified& a) {
  if (const Rational* q = a.exact(); q && mpq_sgn(raw(*q)) >= 0 &&
                                     mpz_perfect_square_p(mpq_numref(raw(*q))) &&
                                     mpz_perfect_square_p(mpq_denref(raw(*q)))) {
    mpz_t num, den;
    mpz_inits(num, den, static_cast<mpz_ptr>(nullptr));
    mpz_sqrt(num, mpq_numref(raw(*q)));
    mpz_sqrt(den, mpq_denref(raw(*q)));
    Rational root = integer(num) / integer(den);
    mpz_clears(num, den, static_cast<mpz_ptr>(nullptr));
    return Certified(root);
  }
  return Certified::enclosed(apply(mpfi_sqrt, a.enclosure()));
}

Certified tanh(const Certified& a) {
  if (is_zero(a.exact())) return 0;
  return Certified::enclosed(apply(mpfi_tanh, a.enclosure()));
}

namespace {

// An interval wider than a period holds a whole period of sin and cos: their values are all
// of [-1, 1], known at once. (MPFI would reduce 1e100000000 modulo π first, at a cost that
// grows with the exponent: minutes, for an answer the width decides.)
bool spans_a_period(const Interval& x) {
  mpfr_t width;
  mpfr_init2(width, 32);
  mpfi_diam_abs(width, raw(x));
  const bool wide = !mpfr_number_p(width) || mpfr_cmp_ui(width, 7) >= 0;
  mpfr_clear(width);
  return wide;
}

}  // namespace

Certified sin(const Certified& a) {
  if (is_zero(a.exact())) return 0;
  if (spans_a_period(a.enclosure())) return interval_of_ints(-1, 1);
  return Certified::enclosed(apply(mpfi_sin, a.enclosure()));
}

Certified cos(const Certified& a) {
  if (is_zero(a.exact())) return 1;
  if (spans_a_period(a.enclosure())) return interval_of_ints(-1, 1);
  return Certified::enclosed(apply(mpfi_cos, a.enclosure()));
}

Certified abs(const Certified& a) {
  if (a.exact()) return Certified(Rational(boost::multiprecision::abs(*a.exact())));
  return Certified::enclosed(apply(mpfi_abs, a.enclosure()));
}

Certified pow(const Certified& a, const Certified& b) {
  const Rational* n = b.exact();
  const bool small_integer = n && is_integer(*n) && mpz_fits_slong_p(mpq_numref(raw(*n)));
  if (!small_integer) return exp(b * log(a));  // a > 0: the op's domain says so
  const long e = mpz_get_si(mpq_numref(raw(*n)));
  const unsigned long magnitude = e < 0 ? 0UL - static_cast<unsigned long>(e) : e;
  if (const Rational* q = a.exact();
      q && !is_zero(q) && bit_size(*q) <= max_exact_bits / std::max(magnitude, 1UL)) {
    mpz_t num, den;
    mpz_inits(num, den, static_cast<mpz_ptr>(nullptr));
    mpz_pow_ui(num, mpq_numref(raw(*q)), magnitude);
    mpz_pow_ui(den, mpq_denref(raw(*q)), magnitude);
    Rational r =
        e < 0 ? Rational(integer(den) / integer(num)) : Rational(integer(num) / integer(den));
    mpz_clears(num, den, static_cast<mpz_ptr>(nullptr));
    return Certified(r);
  }
  if (e == 0) return 1;
  const Certified r = Certified::enclosed(power(a.enclosure(), magnitude));
  return e < 0 ? Certified(1) / r : r;
}

Certified trunc(const Certified& a) {
  if (const Rational* q = a.exact()) {
    mpz_t z;
    mpz_init(z);
    mpz_tdiv_q(z, mpq_numref(raw(*q)), mpq_denref(raw(*q)));
    Certified r(integer(z));
    mpz_clear(z);
    return r;
  }
  return to_integer(a, mpfr_trunc);
}

Certified round(const Certified& a) {
  if (const Rational* q = a.exact()) {  // sign(q)·floor(|q| + 1/2)
    const Rational half = Rational(1) / Rational(2);
    const Rational shifted = boost::multiprecision::abs(*q) + half;
    mpz_t z;
    mpz_init(z);
    mpz_fdiv_q(z, mpq_numref(raw(shifted)), mpq_denref(raw(shifted)));
    if (mpq_sgn(raw(*q)) < 0) mpz_neg(z, z);
    Certified r(integer(z));
    mpz_clear(z);
    return r;
  }
  return to_integer(a, mpfr_round);
}

Certified relu(const Certified& a) {
  const Order o = compare(a, 0);
  if (o == Order::Greater) return a;
  if (o != Order::Unknown) return 0;
  const mpfi_srcptr x = raw(a.enclosure());
  mpfr_t zero;
  mpfr_init2(zero, mpfi_get_prec(x));
  mpfr_set_zero(zero, 1);
  Certified r = from_bounds(zero, &x->right);
  mpfr_clear(zero);
  return r;
}

Certified step(const Certified& a) {
  const Order o = compare(a, 0);
  if (o == Order::Greater) return 1;
  if (o != Order::Unknown) return 0;
  return interval_of_ints(0, 1);
}

Certified sign(const Certified& a) {
  switch (compare(a, 0)) {
    case Order::Greater:
      return 1;
    case Order::Less:
      return -1;
    case Order::Equal:
      return 0;
    case Order::Unknown:
      break;
  }
  const mpfi_srcptr x = raw(a.enclosure());
  if (mpfr_sgn(&x->left) >= 0) return interval_of_ints(0, 1);
  if (mpfr_sgn(&x->right) <= 0) return interval_of_ints(-1, 0);
  return interval_of_ints(-1, 1);
}

bool is_finite(const Certified& a) { return a.exact() || mpfi_bounded_p(raw(a.enclosure())); }
bool roughly_greater(const Certified& x, double threshold) {
  if (const Rational* q = x.exact()) return *q > Rational(threshold);
  const mpfi_srcptr v = raw(x.enclosure());
  mpfr_t mid;
  mpfr_init2(mid, mpfi_get_prec(v));
  mpfi_mid(mid, v);
  const bool greater = mpfr_cmp_d(mid, threshold) > 0;
  mpfr_clear(mid);
  return greater;
}

bool isnan(const Certified& a) { return !a.exact() && mpfi_nan_p(raw(a.enclosure())); }

void set_certified_digits(int digits) {
  widen_exponent_range();
  working_digits = digits;
  Interval::default_precision(static_cast<unsigned>(digits));
  const auto bits = static_cast<std::size_t>(digits) * 3322 / 1000 + 1;
  max_exact_bits = std::max<std::size_t>(4096, 8 * bits);
}

int certified_digits() { return working_digits; }

template <>
int significant_digits<Certified>() {
  return working_digits;
}

}  // namespace chainrule::engine
