// A published number, the unit in its last written place, and the comparisons verdicts use.
#pragma once

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <string>
#include <string_view>

#include "engine/number.hpp"

namespace chainrule::verify {

// CarriedError: recomputed from earlier published numbers of which one is itself wrong (the
// error carried forward); it counts as wrong. Undecided: exact arithmetic was not reached within
// the precision budget (verify/certify.hpp).
enum class Verdict { Ok, Truncated, CarriedRounding, CarriedError, LastDigit, Wrong, Undecided };

inline std::string_view verdict_name(Verdict v) {
  switch (v) {
    case Verdict::Ok:
      return "ok";
    case Verdict::Truncated:
      return "truncated";
    case Verdict::CarriedRounding:
      return "carried-rounding";
    case Verdict::CarriedError:
      return "carried-error";
    case Verdict::LastDigit:
      return "last-digit";
    case Verdict::Wrong:
      return "wrong";
    case Verdict::Undecided:
      return "undecided";
  }
  return "?";
}

template <class T>
struct Published {
  std::string text;  // as written, with its sign
  T value;
  T unit;          // u: one unit in the last written place
  T units;         // value / unit, an integer
  int last_place;  // u = 10^last_place
  int digits;      // significant digits written
};

// The significant digits a published number is written with ("0.0858" has 3, "6.02E23" 3),
// without reading its value: compile_certified chooses its precision from them before the
// limits have looked at the numbers (2e123456789012 must reach them, not overflow here).
inline int published_digits(std::string_view text) {
  int significant = 0;
  bool leading = true;
  for (char c : text.substr(0, text.find_first_of("eE"))) {
    if (c < '0' || c > '9') continue;
    if (c != '0') leading = false;
    if (!leading) ++significant;
  }
  return std::max(significant, 1);
}

// "0.08582533" -> u = 1e-8; "3.3623e-4" -> u = 1e-8; "24.7041" -> u = 1e-4; "6.02E23" -> 1e21.
// For numbers the limits accepted (exponent at most kMaxDecimalExponent either way).
template <class T>
Published<T> read_published(std::string_view text) {
  const std::size_t e = std::min(text.find_first_of("eE"), text.size());
  std::string_view mantissa = text.substr(0, e);
  std::string sign;
  if (!mantissa.empty() && (mantissa[0] == '-' || mantissa[0] == '+')) {
    sign = mantissa[0] == '-' ? "-" : "";
    mantissa.remove_prefix(1);
  }
  int fraction_digits = 0, exponent = 0;
  bool after_point = false;
  std::string mantissa_digits;
  for (char c : mantissa) {
    if (c == '.') {
      after_point = true;
      continue;
    }
    mantissa_digits += c;
    if (after_point) ++fraction_digits;
  }
  if (e < text.size()) {
    std::string_view written = text.substr(e + 1);
    if (!written.empty() && written[0] == '+') written.remove_prefix(1);
    const auto [end, error] =
        std::from_chars(written.data(), written.data() + written.size(), exponent);
    if (error != std::errc() || end != written.data() + written.size())
      throw std::invalid_argument("the exponent of " + std::string(text) + " is out of range");
  }
  Published<T> p;
  p.text = std::string(text);
  p.value = engine::parse_decimal<T>(text);
  p.last_place = exponent - fraction_digits;
  p.unit = engine::parse_decimal<T>("1e" + std::to_string(p.last_place));
  p.units = engine::parse_decimal<T>(sign + mantissa_digits);
  p.digits = published_digits(text);
  return p;
}

// |v - C| <= u/2: C is v correctly rounded to the digits written.
template <class T>
bool rounds_to(const T& v, const Published<T>& c) {
  using std::abs;
  return abs(v - c.value) * 2 <= c.unit;
}

// v truncated toward zero at C's last place is C.
template <class T>
bool truncates_to(const T& v, const Published<T>& c) {
  using std::trunc;
  return T(trunc(v / c.unit)) == c.units;
}

// |v - C| < u: the last written digit is off by one.
template <class T>
bool within_one_unit(const T& v, const Published<T>& c) {
  using std::abs;
  return abs(v - c.value) < c.unit;
}

// v rounded at C's last written place and written with exactly as many decimals as C:
// the number the author should have printed ("0.21904040", not "0.2190404").
template <class T>
std::string rounded_like(const T& v, const Published<T>& c) {
  using std::abs, std::round;
  const T units = round(v / c.unit);
  std::string digits = engine::to_decimal(T(abs(units)), 1 + static_cast<int>(c.digits + 40));
  if (digits.find_first_of(".e") != std::string::npos) return engine::to_decimal(v, c.digits + 1);
  const std::string sign = units < 0 ? "-" : "";
  // Scientific as written ("3.3623e-4"): the same exponent, as many decimals in the mantissa.
  const std::size_t e_at = c.text.find_first_of("eE");
  std::string exponent;
  std::size_t decimals = c.last_place >= 0 ? 0 : static_cast<std::size_t>(-c.last_place);
  if (e_at != std::string::npos) {
    exponent = c.text.substr(e_at);
    const std::size_t point = c.text.find('.');
    decimals = point == std::string::npos || point > e_at ? 0 : e_at - point - 1;
  } else if (c.last_place >= 0) {
    return sign + (digits == "0" ? "0" : digits + std::string(c.last_place, '0'));
  }
  if (decimals == 0) return sign + digits + exponent;
  if (digits.size() <= decimals) digits.insert(0, decimals + 1 - digits.size(), '0');
  digits.insert(digits.size() - decimals, ".");
  return sign + digits + exponent;
}

}  // namespace chainrule::verify
