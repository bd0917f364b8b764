// The literals a number type cannot hold: the first of the checks before compiling
// (verify/limits.hpp), which reports a literal as written, not as T would round it.
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "engine/certified.hpp"
#include "verify/limits.hpp"
#include "verify/names.hpp"

namespace chainrule::verify {
namespace {

template <class T>
std::string_view type_words() {
  if constexpr (std::is_same_v<T, double>)
    return "IEEE double";
  else
    return "the working precision";
}

struct Parts {
  std::string_view mantissa;
  long exponent = 0;  // valid when exponent_ok
  bool exponent_ok = true;
  long fraction_digits = 0;
  bool nonzero = false;
};

Parts split(std::string_view text) {
  Parts p;
  const std::size_t e = text.find_first_of("eE");
  p.mantissa = text.substr(0, e);
  bool after_point = false;
  for (char c : p.mantissa) {
    if (c == '.')
      after_point = true;
    else if (c >= '0' && c <= '9') {
      p.fraction_digits += after_point ? 1 : 0;
      p.nonzero = p.nonzero || c != '0';
    }
  }
  if (e == std::string_view::npos) return p;
  std::string_view digits = text.substr(e + 1);
  const bool negative = !digits.empty() && digits[0] == '-';
  if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) digits.remove_prefix(1);
  while (digits.size() > 1 && digits[0] == '0') digits.remove_prefix(1);
  if (digits.size() > 9) {
    p.exponent_ok = false;
    return p;
  }
  for (char c : digits) p.exponent = p.exponent * 10 + (c - '0');
  p.exponent_ok = p.exponent <= kMaxDecimalExponent;
  if (negative) p.exponent = -p.exponent;
  return p;
}

std::string exponent_message(std::string_view text) {
  return "the exponent of " + shown_literal(text) + " is out of range (at most " +
         std::to_string(kMaxDecimalExponent) + " either way)";
}

}  // namespace

std::string exponent_problem(std::string_view text) {
  return split(text).exponent_ok ? "" : exponent_message(text);
}

template <class T>
std::string literal_problem(std::string_view text) {
  const Parts parts = split(text);
  if (!parts.exponent_ok) return exponent_message(text);
  const T value = engine::parse_decimal<T>(text);
  if (!engine::is_finite(value))
    return "the number " + shown_literal(text) + " is too large for " +
           std::string(type_words<T>());
  if (value == 0 && parts.nonzero) {
    return "the number " + shown_literal(text) + " is too small for " +
           std::string(type_words<T>()) + ": it would be read as 0";
  }
  return "";
}

template <class T>
std::string published_problem(std::string_view text) {
  if (std::string problem = literal_problem<T>(text); !problem.empty()) return problem;
  const Parts parts = split(text);
  const std::string unit = "1e" + std::to_string(parts.exponent - parts.fraction_digits);
  const T value = engine::parse_decimal<T>(unit);
  if (value == 0 || !engine::is_finite(value)) {
    return "the last written place of " + shown_literal(text) + " (" + unit +
           ") is out of the range of " + std::string(type_words<T>());
  }
  return "";
}

template <class T>
std::vector<Diagnostic> literal_errors(const Document& document) {
  std::vector<Diagnostic> errors;
  for (const Expr& e : document.exprs) {
    if (e.kind != ExprKind::Number) continue;
    if (std::string problem = literal_problem<T>(e.text); !problem.empty())
      errors.push_back({e.pos, std::move(problem)});
  }
  for (const Statement& statement : document.statements) {
    const auto* claim = std::get_if<Claim>(&statement);
    if (!claim) continue;
    if (std::string problem = published_problem<T>(claim->published); !problem.empty())
      errors.push_back({claim->published_pos, std::move(problem)});
  }
  sort_in_file_order(errors.begin(), errors.end());
  return errors;
}

template std::vector<Diagnostic> literal_errors<double>(const Document&);
template std::vector<Diagnostic> literal_errors<engine::Real>(const Document&);
template std::string literal_problem<double>(std::string_view);
template std::string literal_problem<engine::Real>(std::string_view);
template std::string published_problem<double>(std::string_view);
template std::string published_problem<engine::Real>(std::string_view);
template std::vector<Diagnostic> literal_errors<engine::Certified>(const Document&);
template std::string literal_problem<engine::Certified>(std::string_view);
template std::string published_problem<engine::Certified>(std::string_view);

}  // namespace chainrule::verify
