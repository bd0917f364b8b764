#include "nn/values.hpp"

#include <cstdlib>
#include <set>

namespace chainrule::nn {

namespace {

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

bool is_name(std::string_view text) {
  if (text.empty() || (text[0] >= '0' && text[0] <= '9')) return false;
  for (char c : text) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

bool is_decimal_literal(std::string_view text) {
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) text.remove_prefix(1);
  std::size_t i = 0, digits = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++digits;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    const std::size_t exponent_start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    if (i == exponent_start) return false;
  }
  return i == text.size();
}

namespace {

void parse_statement(std::string_view statement, int line, ValuesFile& out,
                     std::set<std::string, std::less<>>& seen) {
  statement = trim(statement);
  if (statement.empty()) return;
  const auto equals = statement.find('=');
  if (equals == std::string_view::npos) {
    out.errors.push_back({line, "expected `name = value`"});
    return;
  }
  const auto name = trim(statement.substr(0, equals));
  auto value = trim(statement.substr(equals + 1));
  if (!is_name(name)) {
    out.errors.push_back({line, "'" + std::string(name) + "' is not a name"});
  } else if (!is_decimal_literal(value)) {
    out.errors.push_back({line, "'" + std::string(value) + "' is not a decimal number"});
  } else if (!seen.insert(std::string(name)).second) {
    out.errors.push_back({line, "'" + std::string(name) + "' is given twice"});
  } else {
    if (value.front() == '+') value.remove_prefix(1);
    out.values.emplace_back(std::string(name), std::string(value));
    out.lines.push_back(line);
  }
}

}  // namespace

ValuesFile parse_values(std::string_view text) {
  ValuesFile out;
  std::set<std::string, std::less<>> seen;
  int line = 0;
  while (!text.empty()) {
    ++line;
    const auto end = text.find('\n');
    std::string_view row = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (const auto hash = row.find('#'); hash != std::string_view::npos) row = row.substr(0, hash);
    while (!row.empty()) {
      const auto semicolon = row.find(';');
      parse_statement(row.substr(0, semicolon), line, out, seen);
      row.remove_prefix(semicolon == std::string_view::npos ? row.size() : semicolon + 1);
    }
  }
  return out;
}

std::vector<DefaultValue> default_values(const Architecture& a) {
  std::vector<DefaultValue> values;
  for (int i = 1; i <= a.inputs(); ++i) values.push_back({input_name(i - 1), (29 * i) % 101});
  for (int j = 1; j <= a.outputs(); ++j) values.push_back({target_name(j - 1), j % 2 ? 1 : 99});
  for (const auto& p : parameter_places(a)) {
    const int k = std::atoi(p.name.c_str() + 1);
    const int factor = p.kind == ParameterKind::Weight ? 37 : 53;
    values.push_back({p.name, static_cast<int>((static_cast<long>(factor) * k) % 101) - 50});
  }
  return values;
}

std::string hundredths_text(int hundredths) {
  const int magnitude = std::abs(hundredths);
  std::string fraction = std::to_string(magnitude % 100);
  if (fraction.size() < 2) fraction = "0" + fraction;
  return (hundredths < 0 ? "-" : "") + std::to_string(magnitude / 100) + "." + fraction;
}

}  // namespace chainrule::nn
