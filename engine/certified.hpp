// Certified: a number that knows how exact it is, so that verdicts are what exact arithmetic
// says and every printed digit is a correct digit.
//
// Every value carries an interval that certainly holds the exact value (MPFI through
// Boost.Multiprecision: every operation rounds its bounds outward), and, while the exact value
// is a rational of moderate size, that rational itself (GMP). Decimal inputs are rationals, and
// + − × ÷, integer powers, abs, relu, step, sign, max and min keep them rational, so the value of
// `check 0.125 = 0.12` is known exactly and its tie (|v − C| = u/2) is decided as exact
// arithmetic decides it, which no interval could. Everything else (exp, log, sigmoid, …) is an
// interval whose width says how many digits are certain.
//
// Comparisons return bool, as the engine's generic code expects. When the operands' intervals
// overlap so that the answer is not certain, the comparison counts itself in
// undecided_comparisons(); whoever relies on the answer (the verdicts) computes again at a
// higher precision (Ziv's strategy) or says that it cannot decide.
#pragma once

#include <boost/multiprecision/gmp.hpp>
#include <boost/multiprecision/mpfi.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/number.hpp"

namespace chainrule::engine {

class Certified {
 public:
  using Interval = boost::multiprecision::number<boost::multiprecision::mpfi_float_backend<0>,
                                                 boost::multiprecision::et_off>;
  using Rational = boost::multiprecision::number<boost::multiprecision::gmp_rational,
                                                 boost::multiprecision::et_off>;

  Certified() : Certified(0) {}
  Certified(int value);  // NOLINT(google-explicit-constructor): T(0), 2 * a in generic code
  // Decimal text ("0.03", "-6.02E23"), exactly: a rational while its size allows.
  explicit Certified(std::string_view decimal);
  explicit Certified(const Rational& exact);
  // A double is a dyadic rational: exactly that (not finite: an unbounded interval).
  explicit Certified(double value);
  // A value known only to lie in `enclosure`.
  static Certified enclosed(Interval enclosure);

  const Interval& enclosure() const { return enclosure_; }
  // The exact value, when it is a rational small enough to keep; nullptr otherwise.
  const Rational* exact() const { return exact_ ? &*exact_ : nullptr; }

  Certified& operator+=(const Certified& b) { return *this = *this + b; }
  Certified& operator-=(const Certified& b) { return *this = *this - b; }
  Certified& operator*=(const Certified& b) { return *this = *this * b; }
  Certified& operator/=(const Certified& b) { return *this = *this / b; }

  friend Certified operator+(const Certified& a, const Certified& b);
  friend Certified operator-(const Certified& a, const Certified& b);
  friend Certified operator*(const Certified& a, const Certified& b);
  friend Certified operator/(const Certified& a, const Certified& b);
  friend Certified operator-(const Certified& a);

 private:
  Interval enclosure_;
  std::optional<Rational> exact_;
};

// How two values compare when that is certain; Unknown when their intervals overlap.
enum class Order { Less, Equal, Greater, Unknown };
Order compare(const Certified& a, const Certified& b);

bool operator<(const Certified& a, const Certified& b);
bool operator>(const Certified& a, const Certified& b);
bool operator<=(const Certified& a, const Certified& b);
bool operator>=(const Certified& a, const Certified& b);
bool operator==(const Certified& a, const Certified& b);
bool operator!=(const Certified& a, const Certified& b);

// How many comparisons so far could not be decided at their precision.
std::uint64_t undecided_comparisons();
// Forgets those since `mark` (a value undecided_comparisons() returned): for work whose
// undecided comparisons do not bear on a verdict, such as a diagnosis candidate that fails.
void rewind_undecided_comparisons(std::uint64_t mark);

Certified exp(const Certified& a);
Certified log(const Certified& a);
Certified log1p(const Certified& a);  // log(1 + a), without the rounding of 1 + a
Certified sqrt(const Certified& a);
Certified tanh(const Certified& a);
Certified sin(const Certified& a);
Certified cos(const Certified& a);
Certified abs(const Certified& a);
Certified pow(const Certified& a, const Certified& b);
// Toward zero, and to nearest with halves away from zero: an exact integer when every value
// of the interval gives the same one (otherwise an undecided comparison is counted).
Certified trunc(const Certified& a);
Certified round(const Certified& a);
// relu, step and sign of an interval that straddles 0 are the intervals of their values
// there ([0, hi], [0, 1], [-1, 1]): enclosures, not guesses.
Certified relu(const Certified& a);
Certified step(const Certified& a);
Certified sign(const Certified& a);
// max(a, b) = b + relu(a − b) and min(a, b) = a − relu(a − b): exact for rationals, and for
// overlapping intervals an enclosure of both candidates instead of an undecided comparison.
inline Certified maximum(const Certified& a, const Certified& b) { return b + relu(a - b); }
inline Certified minimum(const Certified& a, const Certified& b) { return a - relu(a - b); }
bool is_finite(const Certified& a);
// From the midpoint, uncounted: for choosing a formula, never for a verdict.
bool roughly_greater(const Certified& x, double threshold);
bool isnan(const Certified& a);

// Sets the precision of every Certified computed afterwards, in significant decimal digits
// (no guard digits: the interval says which digits are certain), and the size up to which
// exact rationals are kept.
void set_certified_digits(int digits);
int certified_digits();

// How many leading significant digits of `x`, up to `wanted`, every value in its interval
// shares when rounded to nearest (all of them for an exact value).
int certain_digits(const Certified& x, int wanted);

template <>
Certified parse_decimal<Certified>(std::string_view text);
// Correctly rounded to `digits` significant digits when that is certain (exact values: halves
// away from zero); otherwise only the certain digits. With none certain: "[±1.2e-58]" (a bound
// on the size) for an interval around 0, else "~" and two digits of the midpoint.
template <>
std::string to_decimal<Certified>(const Certified& x, int digits);
template <>
int significant_digits<Certified>();

}  // namespace chainrule::engine
