#include "verify/derivative_query.hpp"

#include <algorithm>
#include <cctype>

#include "engine/taped.hpp"

namespace chainrule::verify {

namespace {

std::string trimmed(std::string_view text) {
  std::string out;
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c))) out += c;
  return out;
}

bool is_name(std::string_view text) {
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

}  // namespace

std::string derivative_text(std::string_view of, std::string_view wrt) {
  auto part = [](std::string_view name) {
    const bool short_name =
        name.size() == 1 || (is_name(name) && std::all_of(name.begin() + 1, name.end(), [](char c) {
                               return c >= '0' && c <= '9';
                             }));
    return short_name ? "d" + std::string(name) : "d(" + std::string(name) + ")";
  };
  return part(of) + "/" + part(wrt);
}

template <class T>
std::optional<DerivativeQuery> resolve_derivative(Derivation<T>& d, std::string_view text_in,
                                                  std::string& why, QueryProblem* problem) {
  if (problem) *problem = QueryProblem::Syntax;
  const std::string text = trimmed(text_in);
  auto defined = [&](const std::string& name) { return d.find(name) != nullptr; };
  auto top = side(text, 0, defined);
  if (!top || top->second >= text.size() || text[top->second] != '/') {
    why = "'" + std::string(text_in) + "' is not a derivative term d(A)/d(B)";
    return std::nullopt;
  }
  auto bottom = side(text, top->second + 1, defined);
  if (!bottom || bottom->second != text.size()) {
    why = "'" + std::string(text_in) + "' is not a derivative term d(A)/d(B)";
    return std::nullopt;
  }
  DerivativeQuery query;
  query.of_text = top->first;
  query.wrt_text = bottom->first;
  const NamedValue* wrt = d.find(query.wrt_text);
  if (!wrt || !is_name(query.wrt_text)) {
    why = not_defined_message(d, query.wrt_text);
    return std::nullopt;
  }
  query.wrt = wrt->node;
  if (const NamedValue* of = d.find(query.of_text)) {
    query.of = of->node;
    if (problem) *problem = QueryProblem::None;
    return query;
  }
  if (is_name(query.of_text)) {
    why = not_defined_message(d, query.of_text);
    return std::nullopt;
  }
  // An inner derivative: resolved, then recorded so that its own derivative exists.
  auto inner = resolve_derivative(d, query.of_text, why, problem);
  if (!inner) return std::nullopt;
  auto recorded = engine::taped_sensitivity(d.tape, inner->of, inner->wrt);
  if (!recorded) {
    why =
        "'" + query.of_text + "' depends on a derivative term whose own derivative is not recorded";
    if (problem) *problem = QueryProblem::NotRecorded;
    return std::nullopt;
  }
  query.of = *recorded;
  d.origin.resize(d.tape.size(), NodeOrigin{});
  if (problem) *problem = QueryProblem::None;
  return query;
}

template std::optional<DerivativeQuery> resolve_derivative<double>(Derivation<double>&,
                                                                   std::string_view, std::string&,
                                                                   QueryProblem*);
template std::optional<DerivativeQuery> resolve_derivative<engine::Certified>(
    Derivation<engine::Certified>&, std::string_view, std::string&, QueryProblem*);
template std::optional<DerivativeQuery> resolve_derivative<engine::Real>(Derivation<engine::Real>&,
                                                                         std::string_view,
                                                                         std::string&,
                                                                         QueryProblem*);

}  // namespace chainrule::verify
