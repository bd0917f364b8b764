#include "tools/explain_json.hpp"

namespace chainrule::tools {

namespace {

using Json = nlohmann::ordered_json;
using engine::FormulaStyle;

class JsonWriter {
 public:
  JsonWriter(const verify::Explanation<Number>& e, const ExplainOptions& o) : e_(e), o_(o) {}

  Json write() const {
    Json out{{"derivative", o_.query},
             {"of", e_.name(e_.of)},
             {"wrt", e_.name(e_.wrt)},
             {"digits", o_.digits},
             {"value", number(e_.value)}};
    // A count past the limit is not known exactly: then only that it is more.
    const bool more = e_.path_count > verify::kMaxCountedPaths;
    out["path_count"] = more ? verify::kMaxCountedPaths : e_.path_count;
    out["path_count_exceeded"] = more;
    Json paths = Json::array();
    for (const auto& p : e_.paths) paths.push_back(path(p));
    out["paths"] = std::move(paths);
    Json factored = Json::array();
    for (const auto& s : e_.segments) {
      Json sub_paths = Json::array();
      for (const auto& part : s.sub_paths) {
        Json nodes = Json::array();
        for (NodeIndex n : part.nodes) nodes.push_back(e_.name(n));
        sub_paths.push_back({{"nodes", std::move(nodes)}, {"product", number(part.product)}});
      }
      factored.push_back({{"top", e_.name(s.top)},
                          {"bottom", e_.name(s.bottom)},
                          {"sub_paths", std::move(sub_paths)},
                          {"value", number(s.value)}});
    }
    out["factored"] = std::move(factored);
    Json accumulation = Json::array();
    for (const auto& a : e_.accumulation) accumulation.push_back(accumulated(a));
    out["accumulation"] = std::move(accumulation);
    return out;
  }

 private:
  std::string number(const Number& v) const { return shown_in_full(v, o_); }
  std::string formula(engine::TermId term) const {
    return e_.formulas->formula().text(term, FormulaStyle::Plain);
  }

  Json path(const verify::ExplainedPath<Number>& p) const {
    Json nodes = Json::array(), steps = Json::array();
    for (NodeIndex n : p.nodes) nodes.push_back(e_.name(n));
    for (const auto& s : p.steps)
      steps.push_back({{"of", e_.name(s.from)},
                       {"wrt", e_.name(s.to)},
                       {"formula", formula(s.formula)},
                       {"value", number(s.value)},
                       {"so_far", number(s.so_far)}});
    return {
        {"nodes", std::move(nodes)}, {"steps", std::move(steps)}, {"product", number(p.product)}};
  }

  Json accumulated(const verify::Accumulated<Number>& a) const {
    Json terms = Json::array();
    for (const auto& t : a.terms)
      terms.push_back({{"user", e_.name(t.user)},
                       {"formula", formula(t.formula)},
                       {"partial", number(t.partial)},
                       {"user_sensitivity", number(t.user_value)}});
    return {{"node", e_.name(a.node)}, {"terms", std::move(terms)}, {"value", number(a.value)}};
  }

  const verify::Explanation<Number>& e_;
  const ExplainOptions& o_;
};

}  // namespace

nlohmann::ordered_json explanation_json(const verify::Explanation<Number>& e,
                                        const ExplainOptions& options) {
  return JsonWriter(e, options).write();
}

}  // namespace chainrule::tools
