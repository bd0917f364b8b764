#include "verify/named_graph.hpp"

#include <algorithm>

namespace chainrule::verify {

std::vector<int> names_in(const Document& doc, ExprId root,
                          const std::unordered_map<std::string, std::size_t>& index,
                          bool derivatives, bool bases) {
  std::vector<int> found;
  std::vector<ExprId> pending{root};
  while (!pending.empty()) {
    const Expr& e = doc.at(pending.back());
    pending.pop_back();
    if (e.kind == ExprKind::Name) found.push_back(static_cast<int>(index.at(e.text)));
    if (e.kind == ExprKind::Derivative && derivatives) {
      if (e.operands.empty()) found.push_back(static_cast<int>(index.at(e.names[0])));
      found.push_back(static_cast<int>(index.at(e.names[1])));
    }
    // A substitution's base is evaluated in a context of its own, not this one.
    const bool skip_base = !bases && e.kind == ExprKind::Substitution;
    pending.insert(pending.end(), e.operands.begin() + (skip_base ? 1 : 0), e.operands.end());
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

NamedGraph named_graph(const Document& document, const std::vector<NamedValue>& named,
                       const std::unordered_map<std::string, std::size_t>& index) {
  NamedGraph g;
  const std::size_t n = named.size();
  g.refs.resize(n);
  g.users.resize(n);
  g.deps.resize(n);
  g.direct.resize(n);
  for (std::size_t x = 0; x < n; ++x) {
    const auto& def = std::get<Definition>(document.statements[named[x].statement]);
    if (def.is_input) continue;
    g.refs[x] = names_in(document, def.value, index);
    g.deps[x] = names_in(document, def.value, index, true);
    g.direct[x] = names_in(document, def.value, index, false, false);
    for (int a : g.refs[x]) g.users[a].push_back(static_cast<int>(x));
  }
  return g;
}

}  // namespace chainrule::verify
