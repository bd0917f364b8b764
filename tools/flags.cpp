#include "tools/flags.hpp"

#include "verify/limits.hpp"

#include <boost/multiprecision/number.hpp>
#include <charconv>
#include <cmath>

#include "engine/number.hpp"
#include "nn/values.hpp"

namespace chainrule::tools {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

Result<std::string> canonical_count(const std::string& text, long min, long max) {
  const bool negative = !text.empty() && text[0] == '-';
  const std::size_t first = negative ? 1 : 0;
  const Failure not_a_number{"'" + text + "' is not a number\n"};
  if (text.size() == first) return not_a_number;
  for (std::size_t i = first; i < text.size(); ++i)
    if (!is_digit(text[i])) return not_a_number;
  const std::size_t nonzero = std::min(text.find_first_not_of('0', first), text.size() - 1);
  const std::string digits = (negative ? "-" : "") + text.substr(nonzero);
  long value = 0;
  const auto [end, status] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (status != std::errc() || value < min || value > max)
    return Failure{"Value " + text + " not in range " + std::to_string(min) + " to " +
                   std::to_string(max) + "\n"};
  return digits;
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
Result<void> check_decimal_flag(const std::string& flag, const std::string& text) {
  const std::string quoted = "'" + text + "'";
  if (!nn::is_decimal_literal(text))
    return Failure{flag + ": " + quoted + " is not a decimal number\n"};
  const T value = engine::parse_decimal<T>(text);
  if (!is_finite(value))
    return Failure{flag + ": " + quoted +
                   " is out of range: at the working precision it is infinite\n"};
  if (value == 0 && !is_zero_text(text))
    return Failure{flag + ": " + quoted + " is out of range: at the working precision it is 0\n"};
  // Finite, but past a file's literals: --lr 1e9999999999 left training for minutes in
  // certified arithmetic, or GMP aborted.
  if (std::string problem = verify::exponent_problem(text); !problem.empty())
    return Failure{flag + ": " + problem + "\n"};
  return {};
}

template Result<void> check_decimal_flag<double>(const std::string&, const std::string&);
template Result<void> check_decimal_flag<engine::Real>(const std::string&, const std::string&);

}  // namespace chainrule::tools
