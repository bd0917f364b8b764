#include "nn/values.hpp"

#include <algorithm>
#include <cstdlib>
#include <numeric>
#include <optional>
#include <set>
#include <utility>

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

namespace {

// The comma-separated fields of one line, each trimmed; "a," ends with an empty field.
std::vector<std::string> csv_fields(std::string_view line) {
  std::vector<std::string> fields;
  if (line.empty()) return fields;
  while (true) {
    const auto comma = line.find(',');
    fields.emplace_back(trim(line.substr(0, comma)));
    if (comma == std::string_view::npos) return fields;
    line.remove_prefix(comma + 1);
  }
}

std::string csv_line(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ",") + name;
  return text;
}

// The column each of a header's fields names, when it names exactly the columns `names`.
std::optional<std::vector<std::size_t>> header_order(const std::vector<std::string>& fields,
                                                     const std::vector<std::string>& names) {
  std::vector<std::string> header = fields;
  std::sort(header.begin(), header.end());
  std::vector<std::string> expected = names;
  std::sort(expected.begin(), expected.end());
  if (header != expected) return std::nullopt;
  std::vector<std::size_t> order(fields.size());
  for (std::size_t k = 0; k < fields.size(); ++k)
    order[k] =
        static_cast<std::size_t>(std::find(names.begin(), names.end(), fields[k]) - names.begin());
  return order;
}

RowsFile rows_error(int line, std::string message) { return {{}, {{line, std::move(message)}}}; }

}  // namespace

RowsFile parse_csv_rows(std::string_view text, const Architecture& a) {
  std::vector<std::string> names;
  names.reserve(static_cast<std::size_t>(a.inputs()) + static_cast<std::size_t>(a.outputs()));
  for (int i = 0; i < a.inputs(); ++i) names.push_back(input_name(i));
  for (int j = 0; j < a.outputs(); ++j) names.push_back(target_name(j));
  std::vector<std::size_t> order(names.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  RowsFile out;
  int number = 0;
  bool first = true;
  while (!text.empty()) {
    ++number;
    const auto end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    const auto fields = csv_fields(line);
    if (fields.empty() || (fields.size() == 1 && fields[0].empty()) || fields[0].starts_with('#'))
      continue;
    if (std::exchange(first, false) && !is_decimal_literal(fields[0])) {
      auto header = header_order(fields, names);
      if (!header)
        return rows_error(number, "the header names the columns " + std::string(line) +
                                      "; this network's are " + csv_line(names));
      order = std::move(*header);
      continue;
    }
    if (fields.size() != names.size())
      return rows_error(number, "a row of " + std::to_string(fields.size()) +
                                    " values; this network has " + std::to_string(names.size()) +
                                    " inputs and targets (" + csv_line(names) + ")");
    std::vector<std::string> row(names.size());
    for (std::size_t k = 0; k < fields.size(); ++k) {
      if (!is_decimal_literal(fields[k]))
        return rows_error(number, "'" + fields[k].substr(0, 32) + "' is not a number");
      row[order[k]] = fields[k].front() == '+' ? fields[k].substr(1) : fields[k];
    }
    out.rows.push_back(std::move(row));
  }
  if (out.rows.empty()) return rows_error(number, "no rows");
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
