#include "engine/number.hpp"

#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include <mpfr.h>

namespace chainrule::engine {

void widen_exponent_range() {
  mpfr_set_emin(mpfr_get_emin_min());
  mpfr_set_emax(mpfr_get_emax_max());
}

void set_working_digits(int digits) {
  widen_exponent_range();
  Real::default_precision(static_cast<unsigned>(digits + kGuardDigits));
}

namespace {

// Splits "d.ddde+XX" (std/Boost scientific output) into its parts and reformats it.
std::string from_scientific(const std::string& text, int digits) {
  if (text.find_first_of("in") != std::string::npos) {  // inf, nan
    if (text.find("nan") != std::string::npos) return "nan";
    return text[0] == '-' ? "-inf" : "inf";
  }
  bool negative = !text.empty() && text[0] == '-';
  std::size_t e_at = text.find_first_of("eE");
  std::string mantissa = text.substr(negative ? 1 : 0, e_at - (negative ? 1 : 0));
  int exponent = e_at == std::string::npos ? 0 : std::atoi(text.c_str() + e_at + 1);
  std::string digit_string;
  for (char c : mantissa)
    if (c >= '0' && c <= '9') digit_string += c;
  return format_decimal(negative, std::move(digit_string), exponent, digits);
}

}  // namespace

std::string format_decimal(bool negative, std::string digits, int exponent10, int max_plain) {
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  if (digits.find_first_not_of('0') == std::string::npos) return "0";
  std::string sign = negative ? "-" : "";
  auto count = static_cast<int>(digits.size());
  if (exponent10 >= -7 && exponent10 < std::max(max_plain, 1)) {
    if (exponent10 < 0) return sign + "0." + std::string(-exponent10 - 1, '0') + digits;
    if (exponent10 + 1 >= count) return sign + digits + std::string(exponent10 + 1 - count, '0');
    return sign + digits.substr(0, exponent10 + 1) + "." + digits.substr(exponent10 + 1);
  }
  std::string mantissa = digits.substr(0, 1);
  if (count > 1) mantissa += "." + digits.substr(1);
  return sign + mantissa + "e" + (exponent10 < 0 ? "-" : "+") +
         std::to_string(std::abs(exponent10));
}

namespace {

// strtod, strtof or strtold held to the grammar from_chars reads: no leading space, no
// hexadecimal, and the whole text a number. For long double, which libstdc++ 12 has no
// from_chars for, and for every type under emscripten's libc++, which has none for floating
// point at all. Out of range, they give the correctly signed inf or 0, as the callers want.
template <class F>
F parse_with_strto(const std::string& s, F (*strto)(const char*, char**)) {
  const bool blank_first = !s.empty() && std::isspace(static_cast<unsigned char>(s[0])) != 0;
  char* end = nullptr;
  const F value = strto(s.c_str(), &end);
  if (s.empty() || blank_first || s.find_first_of("xX") != std::string::npos ||
      end != s.c_str() + s.size())
    throw std::invalid_argument("not a decimal number: " + s);
  return value;
}

// from_chars takes no '+'; one is allowed before the number.
template <class F>
F parse_binary_float(std::string_view text, F (*strto)(const char*, char**)) {
  const char* first = text.data();
  if (!text.empty() && text[0] == '+') ++first;
#if defined(_LIBCPP_VERSION)
  if (first != text.data() && first != text.data() + text.size() && *first == '+')
    throw std::invalid_argument("not a decimal number: " + std::string(text));
  return parse_with_strto(std::string(first, text.data() + text.size()), strto);
#else
  F value = 0;
  auto [end, error] = std::from_chars(first, text.data() + text.size(), value);
  if (error == std::errc::result_out_of_range) return strto(std::string(text).c_str(), nullptr);
  if (error != std::errc() || end != text.data() + text.size())
    throw std::invalid_argument("not a decimal number: " + std::string(text));
  return value;
#endif
}

}  // namespace

template <>
double parse_decimal<double>(std::string_view text) {
  return parse_binary_float<double>(text, std::strtod);
}

template <>
float parse_decimal<float>(std::string_view text) {
  return parse_binary_float<float>(text, std::strtof);
}

template <>
long double parse_decimal<long double>(std::string_view text) {
  return parse_with_strto<long double>(std::string(text), std::strtold);
}

template <class T>
T parse_decimal(std::string_view text) {
  return T(std::string(text));
}

template <>
std::string to_decimal<double>(const double& x, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*e", std::min(digits, 40) - 1, x);
  return from_scientific(buffer, digits);
}

template <>
std::string to_decimal<float>(const float& x, int digits) {
  return to_decimal<double>(static_cast<double>(x), digits);  // exact: every float is a double
}

template <>
std::string to_decimal<long double>(const long double& x, int digits) {
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "%.*Le", std::min(digits, 60) - 1, x);
  return from_scientific(buffer, digits);
}

template <class T>
std::string to_decimal(const T& x, int digits) {
  // In scientific format Boost counts the digits after the point.
  return from_scientific(x.str(std::max(digits - 1, 0), std::ios_base::scientific), digits);
}

template <>
int significant_digits<double>() {
  return 17;
}
template <>
int significant_digits<float>() {
  return 9;  // enough to tell every float apart
}
template <>
int significant_digits<long double>() {
  return 21;
}
template <>
int significant_digits<Real>() {
  return static_cast<int>(Real::default_precision()) - kGuardDigits;
}
template <>
int significant_digits<BinFloat50>() {
  return 50;
}
template <>
int significant_digits<DecFloat50>() {
  return 50;
}

template Real parse_decimal<Real>(std::string_view);
template BinFloat50 parse_decimal<BinFloat50>(std::string_view);
template DecFloat50 parse_decimal<DecFloat50>(std::string_view);
template std::string to_decimal<Real>(const Real&, int);
template std::string to_decimal<BinFloat50>(const BinFloat50&, int);
template std::string to_decimal<DecFloat50>(const DecFloat50&, int);

}  // namespace chainrule::engine
