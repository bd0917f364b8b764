// Closest-name suggestions for "did you mean" in diagnostics.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chainrule::verify {

// Optimal-string-alignment (restricted Damerau-Levenshtein) distance: insertions, deletions,
// substitutions and transpositions of adjacent characters each cost 1. Typing slips are
// mostly those four.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, if any is close enough to be a plausible slip: a
// case-insensitive match first, otherwise the smallest edit distance up to about a third of
// the word's length (and short of the whole word). Ties go to the earliest candidate, so
// callers pass names in file order.
std::optional<std::string> closest_name(std::string_view word,
                                        const std::vector<std::string>& candidates);

// Names echoed in messages are cut to this many bytes, then "…": a 100 KB name is not
// printed whole.
inline constexpr std::size_t kShownNameBytes = 64;

// 'name' in single quotes, cut to kShownNameBytes (never inside a UTF-8 character).
std::string quoted_name(std::string_view name);

// A number or token as written, cut to its first 32 bytes and "...": a 20000-digit literal
// should not fill the terminal.
std::string shown_literal(std::string_view text);

// "'F' is not defined in FILE; did you mean 'E'?" (the suggestion from `candidates`, if any).
std::string not_defined_message(std::string_view name, const std::string& file,
                                const std::vector<std::string>& candidates);

// A data table's copies of a per-row quantity (verify/parse_rows.cpp): NAME is row 1's,
// NAME@r row r's. `row` is the row's number as decimal digits; empty means row 1.
std::string row_name(std::string_view name, std::string_view row);
std::string row_name(std::string_view name, std::size_t row);
// "out_h1@2" -> {"out_h1", "2"}; a text that does not end in '@' and digits (a call's label
// "f(out@2)+1", a plain name) -> {text, ""}.
std::pair<std::string_view, std::string_view> split_row_name(std::string_view text);

// "dE/dw5" for short names, "d(out_y1)/d(y1)" otherwise, as tutorials write them
// (defined in derivative_query.cpp).
std::string derivative_text(std::string_view of, std::string_view wrt);

}  // namespace chainrule::verify
