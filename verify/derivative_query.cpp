#include "verify/derivative_query.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "engine/recorded_sweep.hpp"
#include "verify/limits.hpp"

namespace chainrule::verify {

namespace {

std::string trimmed(std::string_view text) {
  std::string out;
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c))) out += c;
  return out;
}

bool is_name(std::string_view text) {
  text = split_row_name(text).first;  // a row's copy of a name (out_h1@2) is a name too
  if (text.empty() || !(std::isalpha(static_cast<unsigned char>(text[0])) || text[0] == '_'))
    return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

// The index just past the ')' that closes the '(' at `open`, or npos.
std::size_t past_closing(std::string_view text, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < text.size(); ++i) {
    if (text[i] == '(') ++depth;
    if (text[i] == ')' && --depth == 0) return i + 1;
  }
  return std::string_view::npos;
}

// One side: "d(INNER)" or "dNAME". Returns INNER or NAME, and where the side ends.
std::optional<std::pair<std::string, std::size_t>> side(std::string_view text, std::size_t at,
                                                        const auto& defined) {
  if (at >= text.size() || text[at] != 'd') return std::nullopt;
  if (at + 1 < text.size() && text[at + 1] == '(' && !defined("d")) {
    const std::size_t end = past_closing(text, at + 1);
    if (end == std::string_view::npos) return std::nullopt;
    return std::pair{std::string(text.substr(at + 2, end - at - 3)), end};
  }
  std::size_t end = at + 1;
  while (end < text.size() &&
         (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_'))
    ++end;
  const std::string word(text.substr(at, end - at));
  if (word.size() < 2 || defined(word)) return std::nullopt;
  return std::pair{word.substr(1), end};
}

struct Nesting {
  std::string_view whole;  // the query as given, for messages
  int depth = 1;           // 1 for dE/dw5, 2 for d(dE/dw5)/dw1
  std::string row;         // "2" for dE/dw5@2: row 2's copies of the sides; empty for row 1
};

// "dE/dw5@2" -> "dE/dw5" and "2"; anything else unchanged, with no row (nor for row 1).
std::pair<std::string, std::string> split_row(const std::string& text) {
  const auto [base, row] = split_row_name(text);
  return {std::string(base), row == "1" ? "" : std::string(row)};
}

// Row `row`'s copy of each side of a derivative term that has one (data tables,
// verify/parse_rows.cpp), in place; an error when neither has.
Outcome<void> to_row(std::string& of, std::string& wrt, const std::string& row, const auto& defined,
                     std::string_view whole, bool required = true) {
  if (row.empty()) return {};
  bool any = false;
  for (std::string* side : {&of, &wrt}) {
    std::string copy = row_name(*side, row);
    if (!defined(copy)) continue;
    *side = std::move(copy);
    any = true;
  }
  if (any || !required) return {};
  return Error{"'" + std::string(whole) + "' has no row " + row +
               ": neither side has a copy per row of a data table (or the table has fewer rows)"};
}

}  // namespace

std::string derivative_text(std::string_view of, std::string_view wrt) {
  auto part = [](std::string_view name) {
    // An empty name (a substitution's anonymous copy) shows as "d()": not short, and never
    // read past its end.
    const bool short_name =
        name.size() == 1 || (is_name(name) && std::all_of(name.begin() + 1, name.end(), [](char c) {
                               return c >= '0' && c <= '9';
                             }));
    return short_name ? "d" + std::string(name) : "d(" + std::string(name) + ")";
  };
  return part(of) + "/" + part(wrt);
}

namespace {

template <class T>
Outcome<DerivativeQuery> resolve_nested(Derivation<T>& d, std::string_view text_in,
                                        Nesting nesting);

// d(of)/d(wrt) recorded on the tape, within the graph's node limit at T's precision.
template <class T>
Outcome<NodeIndex> record_within_limit(Derivation<T>& d, const DerivativeQuery& inner,
                                       const std::string& of_text, std::string_view whole) {
  const std::uint64_t limit = graph_node_limit<T>(CompileLimits{});
  const std::uint64_t could = d.tape.size() + kRecordedNodesPerNode * (inner.of + 1);
  if (could > limit)
    return Error{"'" + std::string(whole) + "' could record " + std::to_string(could) +
                 " graph nodes for its inner derivatives, more than the limit of " +
                 std::to_string(limit) + " at this precision"};
  if (auto recorded = engine::record_derivative(d.tape, inner.of, inner.wrt)) return *recorded;
  return Error{
      "'" + of_text + "' depends on a derivative term whose own derivative is not recorded",
      std::nullopt, ErrorKind::NotRecorded};
}

Error not_a_derivative_term(std::string_view text) {
  return Error{"'" + std::string(text) + "' is not a derivative term d(A)/d(B)"};
}

}  // namespace

template <class T>
Outcome<DerivativeQuery> resolve_derivative(Derivation<T>& d, std::string_view text_in) {
  auto [text, row] = split_row(trimmed(text_in));
  return resolve_nested(d, text, Nesting{text_in, 1, row});
}

namespace {

// The two sides of TEXT, each a name or an inner term's text, moved to the nesting's row.
template <class T>
Outcome<DerivativeQuery> read_sides(const Derivation<T>& d, std::string_view text_in,
                                    const Nesting& nesting) {
  const std::string text = trimmed(text_in);
  auto defined = [&](const std::string& name) { return d.find(name) != nullptr; };
  auto top = side(text, 0, defined);
  if (!top || top->second >= text.size() || text[top->second] != '/')
    return not_a_derivative_term(text_in);
  auto bottom = side(text, top->second + 1, defined);
  if (!bottom || bottom->second != text.size()) return not_a_derivative_term(text_in);
  DerivativeQuery query;
  query.of_text = top->first;
  query.wrt_text = bottom->first;
  // d(dE/dw5)/dw1@2: the row may be the inner term's alone (d(E@2)/dw5), as in a file.
  const bool inner_term = !defined(query.of_text) && !is_name(query.of_text);
  if (auto moved =
          to_row(query.of_text, query.wrt_text, nesting.row, defined, nesting.whole, !inner_term);
      !moved)
    return moved.error();
  const NamedValue* wrt = d.find(query.wrt_text);
  if (!wrt || !is_name(query.wrt_text)) return Error{not_defined_message(d, query.wrt_text)};
  query.wrt = wrt->node;
  return query;
}

template <class T>
Outcome<DerivativeQuery> resolve_nested(Derivation<T>& d, std::string_view text_in,
                                        Nesting nesting) {
  auto query = read_sides(d, text_in, nesting);
  if (!query) return query;
  if (const NamedValue* of = d.find(query->of_text)) {
    query->of = of->node;
    return query;
  }
  if (is_name(query->of_text)) return Error{not_defined_message(d, query->of_text)};
  // An inner derivative: resolved, then recorded so that its own derivative exists. The
  // depth is checked on the way in, before anything is recorded.
  if (nesting.depth == kMaxDerivativeNesting)
    return Error{"'" + std::string(nesting.whole) + "' needs derivatives nested more than " +
                 std::to_string(kMaxDerivativeNesting) + " deep; they are not supported"};
  auto inner =
      resolve_nested(d, query->of_text, Nesting{nesting.whole, nesting.depth + 1, nesting.row});
  if (!inner) return inner;
  auto recorded = record_within_limit(d, *inner, query->of_text, nesting.whole);
  if (!recorded) return recorded.error();
  query->of = *recorded;
  d.origin.resize(d.tape.size(), NodeOrigin{});
  return query;
}

}  // namespace

std::optional<QueryNames> query_names(const Document& document, std::string_view text_in) {
  std::set<std::string, std::less<>> names;
  for (const auto& statement : document.statements)
    if (const auto* def = std::get_if<Definition>(&statement)) names.insert(def->name);
  auto defined = [&](const std::string& name) { return names.contains(name); };
  QueryNames result;
  auto [text, row] = split_row(trimmed(text_in));
  for (int depth = 1; depth <= kMaxDerivativeNesting; ++depth) {
    auto top = side(text, 0, defined);
    if (!top || top->second >= text.size() || text[top->second] != '/') return std::nullopt;
    auto bottom = side(text, top->second + 1, defined);
    if (!bottom) return std::nullopt;
    if (depth == 1 && !to_row(top->first, bottom->first, row, defined, text).has_value())
      return std::nullopt;
    if (bottom->second != text.size() || !defined(bottom->first)) return std::nullopt;
    result.wrts.insert(result.wrts.begin(), bottom->first);
    if (defined(top->first)) {
      result.of = top->first;
      return result;
    }
    text = trimmed(top->first);
  }
  return std::nullopt;
}

template Outcome<DerivativeQuery> resolve_derivative<double>(Derivation<double>&, std::string_view);
template Outcome<DerivativeQuery> resolve_derivative<engine::Certified>(
    Derivation<engine::Certified>&, std::string_view);
template Outcome<DerivativeQuery> resolve_derivative<engine::Real>(Derivation<engine::Real>&,
                                                                   std::string_view);

}  // namespace chainrule::verify
