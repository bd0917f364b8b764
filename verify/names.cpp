#include "verify/names.hpp"

#include <algorithm>

namespace chainrule::verify {
namespace {

// Suggestions for very long words are noise, and the distance is quadratic in the length.
constexpr std::size_t kMaxSuggestedLength = 64;

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rolling rows: the transposition step looks two rows back.
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::optional<std::string> closest_name(std::string_view word,
                                        const std::vector<std::string>& candidates) {
  if (word.empty() || word.size() > kMaxSuggestedLength) return std::nullopt;
  for (const std::string& candidate : candidates) {
    if (candidate != word && equal_ignoring_case(candidate, word)) return candidate;
  }
  // Replacing every character of a short word is not a slip: 'E' should not suggest 'x'.
  const std::size_t limit = std::min(std::max<std::size_t>(1, word.size() / 3), word.size() - 1);
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  for (const std::string& candidate : candidates) {
    const std::size_t gap = candidate.size() > word.size() ? candidate.size() - word.size()
                                                           : word.size() - candidate.size();
    if (gap >= best_distance || candidate == word) continue;  // cannot beat the best so far
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string shown_literal(std::string_view text) {
  constexpr std::size_t kShown = 32;
  if (text.size() > kShown) return std::string(text.substr(0, kShown)) + "...";
  return std::string(text);
}

std::string quoted_name(std::string_view name) {
  if (name.size() <= kShownNameBytes) return "'" + std::string(name) + "'";
  std::size_t cut = kShownNameBytes;
  while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
  return "'" + std::string(name.substr(0, cut)) + "\u2026'";
}

std::string not_defined_message(std::string_view name, const std::string& file,
                                const std::vector<std::string>& candidates) {
  std::string message = quoted_name(name) + " is not defined in " + file;
  if (auto suggestion = closest_name(name, candidates))
    message += "; did you mean " + quoted_name(*suggestion) + "?";
  return message;
}

std::string row_name(std::string_view name, std::string_view row) {
  std::string text(name);
  if (!row.empty() && row != "1") (text += '@') += row;
  return text;
}

std::string row_name(std::string_view name, std::size_t row) {
  return row_name(name, std::to_string(row));
}

std::pair<std::string_view, std::string_view> split_row_name(std::string_view text) {
  const std::size_t at = text.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == text.size()) return {text, {}};
  const std::string_view row = text.substr(at + 1);
  if (!std::all_of(row.begin(), row.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return {text, {}};
  return {text.substr(0, at), row};
}

}  // namespace chainrule::verify
