// Number types and exact decimal text conversion.
//
// Every number type the engine is instantiated with reads decimal text through the type's
// own correctly rounded conversion (mpfr_set_str, Boost's string constructors, strtod),
// never through a double, so "0.03" is 0.03 to every working digit.
#pragma once

// Real's precision until set_working_digits is called: the command's 50 digits plus the guard
// digits below (Boost's own default is 20 digits). Boost reads this macro where
// boost/multiprecision/mpfr.hpp is first included and every file of a program must see the
// same value, so the chainrule::engine target and chainrule.pc define it on the command line;
// this header defines it for a program built without either.
#ifndef BOOST_MULTIPRECISION_MPFR_DEFAULT_PRECISION
#define BOOST_MULTIPRECISION_MPFR_DEFAULT_PRECISION 60
#endif

#include <boost/multiprecision/cpp_bin_float.hpp>
#include <boost/multiprecision/cpp_dec_float.hpp>
#include <boost/multiprecision/mpfr.hpp>
#include <cmath>
#include <string>
#include <string_view>

namespace chainrule::engine {

// mpfr_float with its precision chosen at run time. Expression templates are off: the
// engine stores values and computes one operation at a time, so they would buy nothing
// and cost compile time.
using Real = boost::multiprecision::number<boost::multiprecision::mpfr_float_backend<0>,
                                           boost::multiprecision::et_off>;
using BinFloat50 = boost::multiprecision::cpp_bin_float_50;
using DecFloat50 = boost::multiprecision::cpp_dec_float_50;

// Extra digits carried beyond the precision the user asks for, so that the digits we print
// and judge are not the ones touched by accumulated rounding.
inline constexpr int kGuardDigits = 10;
// The working precision of Real before set_working_digits, as significant_digits<Real>() says.
inline constexpr int kDefaultWorkingDigits = 50;
static_assert(BOOST_MULTIPRECISION_MPFR_DEFAULT_PRECISION == kDefaultWorkingDigits + kGuardDigits,
              "include engine/number.hpp before boost/multiprecision/mpfr.hpp, or compile with "
              "-DBOOST_MULTIPRECISION_MPFR_DEFAULT_PRECISION=60 (chainrule::engine and "
              "chainrule.pc do)");

// Sets the precision of every Real created afterwards: `digits` significant decimal digits
// plus the guard digits. Also widens MPFR's exponent range to the largest it has (binary
// exponents of ±4.6e18), so that exp(-1e9) is a tiny number rather than an underflow to 0.
void set_working_digits(int digits);
void widen_exponent_range();

// The decimal literal `text` ("0.03", ".5", "-6.02E23") converted to T, correctly rounded.
template <class T>
T parse_decimal(std::string_view text);

// x with `digits` significant digits, trailing zeros removed: "0.03", "-1.5e-12", "42".
// Plain notation for decimal exponents in [-7, digits), scientific otherwise.
template <class T>
std::string to_decimal(const T& x, int digits);

// How many significant decimal digits T carries (17 for double; the working precision for Real).
template <class T>
int significant_digits();

template <class T>
bool is_finite(const T& x) {
  using boost::multiprecision::isfinite;
  using std::isfinite;
  return isfinite(x);
}

// Whether x is above `threshold`, for choosing between two formulas for the same number: never
// a verdict, so a number type whose comparisons can be undecided may answer from a midpoint.
template <class T>
bool roughly_greater(const T& x, double threshold) {
  return x > threshold;  // against the double itself: an MPFR number compares without a copy
}

// How many leading significant digits of x, up to `wanted`, are certain: all of them for a
// number type without error bounds (engine/certified.hpp has the one with).
template <class T>
int certain_digits(const T& /*x*/, int wanted) {
  return wanted;
}

// In-place arithmetic, r = a ∘ b. For Boost numbers it writes into r's own storage, so an
// MPFR value that already exists is reused instead of a temporary being allocated and freed
// for every operation (the tape's hot loops run these millions of times). r must not be a or b.
template <class T>
void add_into(T& r, const T& a, const T& b) {
  r = a + b;
}
template <class T>
void subtract_into(T& r, const T& a, const T& b) {
  r = a - b;
}
template <class T>
void multiply_into(T& r, const T& a, const T& b) {
  r = a * b;
}

template <class B, boost::multiprecision::expression_template_option E>
void add_into(boost::multiprecision::number<B, E>& r, const boost::multiprecision::number<B, E>& a,
              const boost::multiprecision::number<B, E>& b) {
  boost::multiprecision::add(r, a, b);
}
template <class B, boost::multiprecision::expression_template_option E>
void subtract_into(boost::multiprecision::number<B, E>& r,
                   const boost::multiprecision::number<B, E>& a,
                   const boost::multiprecision::number<B, E>& b) {
  boost::multiprecision::subtract(r, a, b);
}
template <class B, boost::multiprecision::expression_template_option E>
void multiply_into(boost::multiprecision::number<B, E>& r,
                   const boost::multiprecision::number<B, E>& a,
                   const boost::multiprecision::number<B, E>& b) {
  boost::multiprecision::multiply(r, a, b);
}

// r = 1/(1 + e^(−a)), the same correctly rounded steps as rules::sigmoid (engine/op.hpp) but
// through `scratch`, so that a Boost number allocates nothing. r, a and scratch are distinct.
template <class T>
void sigmoid_into(T& r, const T& a, T& /*scratch*/) {
  using std::exp;
  r = T(1) / (T(1) + exp(-a));
}
template <class B, boost::multiprecision::expression_template_option E>
void sigmoid_into(boost::multiprecision::number<B, E>& r,
                  const boost::multiprecision::number<B, E>& a,
                  boost::multiprecision::number<B, E>& scratch) {
  using boost::multiprecision::default_ops::eval_divide;
  using boost::multiprecision::default_ops::eval_exp;
  static const boost::multiprecision::number<B, E> one(1);  // exact at any precision
  scratch = a;
  scratch.backend().negate();
  eval_exp(r.backend(), scratch.backend());
  add_into(scratch, one, r);
  eval_divide(r.backend(), one.backend(), scratch.backend());
}

// acc += b and acc -= b. For Real, Boost's operator+= first scopes the default precision to
// the larger of the two (a thread-local read and write per call, a sixth of a sweep's time at
// 50 digits) and only then calls mpfr_add(acc, acc, b); at equal precision that call is made
// directly, and otherwise Boost's own operator keeps its semantics.
template <class T>
void add_to(T& acc, const T& b) {
  acc += b;
}
template <class T>
void subtract_from(T& acc, const T& b) {
  acc -= b;
}
inline void add_to(Real& acc, const Real& b) {
  if (mpfr_get_prec(acc.backend().data()) == mpfr_get_prec(b.backend().data()))
    mpfr_add(acc.backend().data(), acc.backend().data(), b.backend().data(), MPFR_RNDN);
  else
    acc += b;
}
inline void subtract_from(Real& acc, const Real& b) {
  if (mpfr_get_prec(acc.backend().data()) == mpfr_get_prec(b.backend().data()))
    mpfr_sub(acc.backend().data(), acc.backend().data(), b.backend().data(), MPFR_RNDN);
  else
    acc -= b;
}

// acc = 0 + b, at acc's precision: b itself but for the sign of a zero, which the callers have
// made + already (a sweep's adjoint stored where the general sweep zeroes and adds).
template <class T>
void set_to(T& acc, const T& b) {
  acc = b;
}
inline void set_to(Real& acc, const Real& b) {
  if (mpfr_get_prec(acc.backend().data()) == mpfr_get_prec(b.backend().data())) {
    mpfr_set(acc.backend().data(), b.backend().data(), MPFR_RNDN);
  } else {
    acc = 0;
    add_to(acc, b);
  }
}

// acc += a·b through `product`, a reusable scratch value: no allocation for Boost numbers.
template <class T>
void add_product(T& acc, const T& a, const T& b, T& product) {
  multiply_into(product, a, b);
  add_to(acc, product);
}

// Builds the plain or scientific rendering from a sign, a digit string and a decimal exponent
// (the value is 0.d1d2d3... × 10^exponent10 shifted so that d1 is the units digit when
// exponent10 == 0). Shared by every number type.
std::string format_decimal(bool negative, std::string digits, int exponent10, int max_plain);

}  // namespace chainrule::engine
