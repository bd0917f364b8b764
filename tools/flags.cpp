#include "tools/flags.hpp"

#include <boost/multiprecision/number.hpp>
#include <charconv>
#include <cmath>

#include "engine/number.hpp"
#include "nn/values.hpp"

namespace chainrule::tools {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

CountText canonical_count(const std::string& text, long min, long max) {
  const bool negative = !text.empty() && text[0] == '-';
  const std::size_t first = negative ? 1 : 0;
  if (text.size() == first) return {"", "'" + text + "' is not a number"};
  for (std::size_t i = first; i < text.size(); ++i)
    if (!is_digit(text[i])) return {"", "'" + text + "' is not a number"};
  const std::size_t nonzero = std::min(text.find_first_not_of('0', first), text.size() - 1);
  const std::string digits = (negative ? "-" : "") + text.substr(nonzero);
  long value = 0;
  const auto [end, status] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (status != std::errc() || value < min || value > max)
    return {"", "Value " + text + " not in range " + std::to_string(min) + " to " +
                    std::to_string(max)};
  return {digits, ""};
}

namespace {

bool is_zero_text(const std::string& text) {
  for (char c : text) {
    if (c == 'e' || c == 'E') return true;
    if (is_digit(c) && c != '0') return false;
  }
  return true;
}

template <class T>
bool is_finite(const T& value) {
  using boost::multiprecision::isfinite;
  using std::isfinite;
  return isfinite(value);
}

}  // namespace

template <class T>
std::optional<std::string> decimal_flag_error(const std::string& flag, const std::string& text) {
  const std::string quoted = "'" + text + "'";
  if (!nn::is_decimal_literal(text)) return flag + ": " + quoted + " is not a decimal number";
  const T value = engine::parse_decimal<T>(text);
  if (!is_finite(value))
    return flag + ": " + quoted + " is out of range: at the working precision it is infinite";
  if (value == 0 && !is_zero_text(text))
    return flag + ": " + quoted + " is out of range: at the working precision it is 0";
  return std::nullopt;
}

template std::optional<std::string> decimal_flag_error<double>(const std::string&,
                                                               const std::string&);
template std::optional<std::string> decimal_flag_error<engine::Real>(const std::string&,
                                                                     const std::string&);

}  // namespace chainrule::tools
