#include "verify/record_plan.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "verify/derivation.hpp"
#include "verify/limits.hpp"

namespace chainrule::verify {

namespace {

// The graph compile() will build, reduced to what a reverse sweep's reach depends on: a
// vertex per definition, per derivative term, and per other value a substitution replaces
// in or with, numbered in the order compile() makes their nodes, so that comparing numbers
// compares nodes. A definition's operands are the names and derivative terms its expression
// uses; a derivative term d(A)/d(B)'s are A and B. A sweep follows the operands, except out
// of a derivative term whose A is made no later than B (its value is a constant).
// A substitution copies, as compile() does, the part of the graph that depends on what it
// replaces; copied derivative terms are checked again, and stand for the term they copy.
using Vertex = std::uint32_t;
constexpr Vertex kNone = UINT32_MAX;

struct VertexInfo {
  std::vector<Vertex> operands;
  bool is_term = false;
  bool constant = false;  // a derivative term d(A)/d(B) with A made no later than B
  bool is_input = false;
  Vertex original = kNone;  // a derivative term: the term of the file it is (or copies)
  ExprId expr = 0;          // ... its expression
  bool query = false;       // a derivative of a command line's query, recorded
};

// What compile() meets, statement by statement, in the order it meets it: a use of a name
// (skipped when that name's definition failed) or a derivative term to check.
struct Event {
  bool is_term = false;
  Vertex vertex = kNone;  // the name's vertex, or the term's
};

struct Statement {
  std::vector<Event> events;
  Vertex defines = kNone;  // a definition's vertex; kNone for a claim
};

class Graph {
 public:
  explicit Graph(const Document& document) : document_(document) {
    for (const auto& statement : document.statements) {
      Statement s;
      if (const auto* def = std::get_if<Definition>(&statement)) {
        std::vector<Vertex> uses = walk(def->value, s.events);
        s.defines = add({std::move(uses)});
        vertices_[s.defines].is_input = def->is_input;
        names_[def->name] = s.defines;
      } else {
        walk(std::get<Claim>(statement).expr, s.events);
      }
      statements_.push_back(std::move(s));
    }
  }

  const std::vector<Statement>& statements() const { return statements_; }
  const VertexInfo& at(Vertex v) const { return vertices_[v]; }
  // Whether substitutions copied more than the graph node limit: not a file compile() builds.
  bool overflowed() const { return overflowed_; }
  std::span<const Vertex> edges(Vertex v) const {
    const VertexInfo& info = vertices_[v];
    if (info.constant) return {};
    return info.operands;
  }
  std::size_t size() const { return vertices_.size(); }
  Vertex name(std::string_view text) const {
    auto found = names_.find(std::string(text));
    return found == names_.end() ? kNone : found->second;
  }

  // The inner derivative of a command line's query, d(dE/dw5)/dw1, recorded on the tape after
  // the file's nodes so that the outer one can differentiate it.
  Vertex recorded_query(Vertex of, Vertex wrt) {
    const Vertex v = add_term(0, of, wrt, kNone);
    vertices_[v].query = true;
    return v;
  }

 private:
  Vertex add(VertexInfo info) {
    vertices_.push_back(std::move(info));
    return static_cast<Vertex>(vertices_.size() - 1);
  }

  Vertex add_term(ExprId expr, Vertex of, Vertex wrt, Vertex original) {
    VertexInfo t;
    t.operands = {of, wrt};
    t.is_term = true;
    t.constant = of <= wrt;
    t.expr = expr;
    const Vertex v = add(std::move(t));
    vertices_[v].original = original == kNone ? v : original;
    return v;
  }

  // The vertices the value of expression `id` reaches directly, following compile()'s order
  // of evaluation: operands in order; a derivative's inner term, or its upper name, then its
  // lower name; a substitution's base, then name and value of each replacement.
  std::vector<Vertex> walk(ExprId id, std::vector<Event>& events) {
    const Expr& e = document_.at(id);
    switch (e.kind) {
      case ExprKind::Number:
        return {};
      case ExprKind::Name:
        return {use(e.text, events)};
      case ExprKind::Derivative: {
        const Vertex of =
            e.operands.empty() ? use(e.names[0], events) : value(e.operands[0], events);
        const Vertex wrt = use(e.names[1], events);
        const Vertex v = add_term(id, of, wrt, kNone);
        events.push_back({true, v});
        return {v};
      }
      case ExprKind::Substitution:
        return {substitute(e, events)};
      default: {
        std::vector<Vertex> uses;
        for (ExprId operand : e.operands)
          for (Vertex v : walk(operand, events)) uses.push_back(v);
        return uses;
      }
    }
  }

  // The one vertex standing for an expression's node: a new one unless the node is a name's,
  // a derivative term's or a substitution's.
  Vertex value(ExprId id, std::vector<Event>& events) {
    const ExprKind kind = document_.at(id).kind;
    std::vector<Vertex> uses = walk(id, events);
    const bool has_vertex =
        kind == ExprKind::Name || kind == ExprKind::Derivative || kind == ExprKind::Substitution;
    return has_vertex ? uses.front() : add({std::move(uses)});
  }

  Vertex use(const std::string& name, std::vector<Event>& events) {
    const Vertex v = this->name(name);
    if (v == kNone) return add({});  // undefined: the parser has reported it
    events.push_back({false, v});
    return v;
  }

  // As compile()'s substitute(): the part of the graph between the lowest replaced name and
  // the base that depends on a replaced name, copied in order with the replacements in.
  Vertex substitute(const Expr& e, std::vector<Event>& events) {
    const Vertex root = value(e.operands[0], events);
    std::vector<std::pair<Vertex, Vertex>> replaced;
    for (std::size_t k = 0; k < e.names.size(); ++k) {
      const Vertex from = use(e.names[k], events), to = value(e.operands[k + 1], events);
      if (from <= root) replaced.emplace_back(from, to);
    }
    Vertex low = root;
    for (auto [from, to] : replaced) low = std::min(low, from);
    if (low > root || overflowed_) return root;
    if (vertices_.size() + (root - low) > kMaxGraphNodes) {
      overflowed_ = true;
      return root;
    }
    std::vector<std::uint8_t> needed(root - low + 1, 0);
    needed[root - low] = 1;
    for (Vertex i = root + 1; i-- > low;) {
      if (!needed[i - low]) continue;
      for (Vertex operand : vertices_[i].operands)
        if (operand >= low) needed[operand - low] = 1;
    }
    std::vector<Vertex> map(root - low + 1, kNone);
    for (auto [from, to] : replaced) map[from - low] = to;
    auto mapped = [&](Vertex n) { return n >= low && map[n - low] != kNone ? map[n - low] : n; };
    for (Vertex i = low; i <= root; ++i) {
      if (!needed[i - low] || map[i - low] != kNone) continue;
      std::vector<Vertex> operands = vertices_[i].operands;
      bool changed = false;
      for (Vertex& operand : operands) {
        const Vertex m = mapped(operand);
        changed = changed || m != operand;
        operand = m;
      }
      if (!changed) continue;
      if (!vertices_[i].is_term) {
        map[i - low] = add({std::move(operands)});
        continue;
      }
      const VertexInfo& term = vertices_[i];
      map[i - low] = add_term(term.expr, operands[0], operands[1], term.original);
      events.push_back({true, map[i - low]});
    }
    return mapped(root);
  }

  const Document& document_;
  bool overflowed_ = false;
  std::vector<VertexInfo> vertices_;
  std::unordered_map<std::string, Vertex> names_;
  std::vector<Statement> statements_;
};

// A derivative term that the reverse sweep of d(A)/d(B) meets, with some terms recorded.
struct Reached {
  Vertex term = kNone;      // the original
  bool blocks = false;      // unrecorded, and its sides depend on B
  bool after_wrt = false;   // unrecorded, and made after B
  bool unrecorded = false;  // unrecorded and not constant: the sweep stops there, incomplete
};

// Which derivative terms have their sweeps recorded: those of a set, or all of them.
struct Recorded {
  const std::set<Vertex>* terms = nullptr;  // originals; nullptr: every one
  bool operator()(const VertexInfo& term) const {
    return !terms || term.query || terms->contains(term.original);
  }
};

class Sweeps {
 public:
  explicit Sweeps(const Graph& graph) : graph_(graph), reaches_term_(graph.size(), 0) {
    for (Vertex v = 0; v < graph.size(); ++v) {
      reaches_term_[v] = graph.at(v).is_term && !graph.at(v).constant;
      for (Vertex w : graph.edges(v)) reaches_term_[v] |= reaches_term_[w];
    }
  }

  // The terms the sweep from `of` reaches, judged against `wrt` (kNone: against every input);
  // empty when it reaches none that is not constant (then nothing can make it incomplete).
  std::vector<Reached> from(Vertex of, Vertex wrt, Recorded recorded) const {
    std::vector<Reached> result;
    // A query's derivative comes after the vertices counted: walked whatever it reaches.
    const bool may_reach = of >= reaches_term_.size() || reaches_term_[of];
    if (of == kNone || (wrt != kNone && wrt > of) || !may_reach) return result;
    std::vector<Vertex> reached = reach(of, recorded);
    std::sort(reached.begin(), reached.end());  // operands first
    std::unordered_map<Vertex, bool> depends;   // on wrt
    for (Vertex v : reached) {
      bool d = wrt == kNone ? graph_.at(v).is_input : v == wrt;
      for (Vertex w : edges(v, recorded)) d = d || depends[w];
      depends[v] = d;
    }
    for (Vertex v : reached) {
      const VertexInfo& t = graph_.at(v);
      if (!t.is_term) continue;
      const bool blocks =
          !t.constant && !recorded(t) && (depends[t.operands[0]] || depends[t.operands[1]]);
      const bool after_wrt = wrt != kNone && t.operands[0] >= wrt;
      const bool unrecorded = !t.constant && !recorded(t);
      result.push_back({t.original, blocks, after_wrt && !recorded(t), unrecorded});
    }
    return result;
  }

 private:
  // A recorded term's sweep goes on through its recording, which is the constant 0 when its
  // upper side does not depend on its lower one; otherwise it is taken to reach what the
  // term's sides reach.
  std::span<const Vertex> edges(Vertex v, Recorded recorded) const {
    const VertexInfo& info = graph_.at(v);
    if (info.is_term && !info.constant && recorded(info) &&
        !depends_on(info.operands[0], info.operands[1]))
      return {};
    return graph_.edges(v);
  }

  bool depends_on(Vertex of, Vertex wrt) const {
    const auto key = (std::uint64_t{of} << 32) | wrt;
    if (auto found = depends_.find(key); found != depends_.end()) return found->second;
    std::vector<Vertex> stack{of};
    std::unordered_map<Vertex, bool> seen{{of, true}};
    bool found = false;
    while (!stack.empty() && !found) {
      const Vertex v = stack.back();
      stack.pop_back();
      found = v == wrt;
      for (Vertex w : graph_.edges(v)) {
        if (w < wrt || seen[w]) continue;
        seen[w] = true;
        stack.push_back(w);
      }
    }
    return depends_[key] = found;
  }

  std::vector<Vertex> reach(Vertex from, Recorded recorded) const {
    std::vector<Vertex> reached{from}, stack{from};
    std::unordered_map<Vertex, bool> seen{{from, true}};
    while (!stack.empty()) {
      const Vertex v = stack.back();
      stack.pop_back();
      for (Vertex w : edges(v, recorded)) {
        if (seen[w]) continue;
        seen[w] = true;
        reached.push_back(w);
        stack.push_back(w);
      }
    }
    return reached;
  }

  const Graph& graph_;
  std::vector<std::uint8_t> reaches_term_;
  mutable std::unordered_map<std::uint64_t, bool> depends_;  // depends_on, by (of, wrt)
};

// compile() records a term once a derivative term that could not be built without it has
// asked for it, and a term nested deeper through definitions can be built only once the
// ones below it are recorded. So the decision goes in rounds, as deep as derivatives may
// nest: each round goes through the statements as compile() does, with what earlier rounds
// decided to record, and asks for the terms that the sweeps it could not complete passed.
class Planner {
 public:
  explicit Planner(const Document& document) : graph_(document), sweeps_(graph_) {}

  // The terms to record, and whether every derivative term then compiles.
  const std::pair<std::set<Vertex>, bool>& plan() {
    if (!plan_) plan_ = rounds();
    return *plan_;
  }

  Graph& graph() { return graph_; }
  const Sweeps& sweeps() const { return sweeps_; }

 private:
  std::pair<std::set<Vertex>, bool> rounds() {
    std::set<Vertex> record;
    for (int round = 1;; ++round) {
      std::set<Vertex> wanted;
      const bool compiles = one_round(record, wanted);
      const bool learned =
          std::any_of(wanted.begin(), wanted.end(), [&](Vertex v) { return !record.contains(v); });
      if (round == kMaxDerivativeNesting + 1 || !learned) return {std::move(record), compiles};
      record.insert(wanted.begin(), wanted.end());
    }
  }

  bool one_round(const std::set<Vertex>& record, std::set<Vertex>& wanted) {
    std::vector<std::uint8_t> broken(graph_.size(), 0);
    bool all = true;
    for (const Statement& s : graph_.statements()) {
      const bool compiled = std::all_of(s.events.begin(), s.events.end(), [&](const Event& e) {
        if (!e.is_term) return !broken[e.vertex];
        return complete(e.vertex, record, wanted);
      });
      if (!compiled && s.defines != kNone) broken[s.defines] = 1;
      all = all && compiled;
    }
    return all;
  }

  // Whether the term's sweep is complete with `record` recorded; if not, the unrecorded
  // terms it passes that were made after its lower side are wanted.
  bool complete(Vertex v, const std::set<Vertex>& record, std::set<Vertex>& wanted) {
    const VertexInfo& t = graph_.at(v);
    const auto reached = sweeps_.from(t.operands[0], t.operands[1], Recorded{&record});
    const bool blocked =
        std::any_of(reached.begin(), reached.end(), [](const Reached& r) { return r.blocks; });
    if (!blocked) return true;
    for (const Reached& r : reached)
      if (r.after_wrt) wanted.insert(r.term);
    return false;
  }

  Graph graph_;
  Sweeps sweeps_;
  std::optional<std::pair<std::set<Vertex>, bool>> plan_;
};

}  // namespace

std::set<ExprId> terms_to_record(const Document& document) {
  Planner planner(document);
  std::set<ExprId> terms;
  for (Vertex v : planner.plan().first) terms.insert(planner.graph().at(v).expr);
  return terms;
}

namespace {

// Whether a sweep from `of` towards `wrt` (kNone: every input; `anything`: any node) passes
// an unrecorded derivative term under `policy`. False when AsNeeded leaves a derivative term
// of the file that cannot compile: compiling as it is reports that term.
bool passes_unrecorded(Planner& planner, RecordPolicy policy, Vertex of, Vertex wrt,
                       bool anything) {
  if (of == kNone || policy == RecordPolicy::All || planner.graph().overflowed()) return false;
  const auto& [record, compiles] = planner.plan();
  if (!compiles) return false;
  const std::set<Vertex> none;
  const Recorded recorded{policy == RecordPolicy::None ? &none : &record};
  const auto reached = planner.sweeps().from(of, wrt, recorded);
  return std::any_of(reached.begin(), reached.end(),
                     [&](const Reached& r) { return r.blocks || (anything && r.unrecorded); });
}

}  // namespace

// A file past the limits that compile_within_limits checks first is an error whatever the
// policy; the checks also keep the copies of substitutions here small.
bool within_limits(const Document& document) {
  return substitution_depth_errors(document, kMaxSubstitutionDepth).empty() &&
         graph_size_errors(document, kMaxGraphNodes, kMaxSweepVisits).empty();
}

bool passes_unrecorded_term(const Document& document, RecordPolicy policy, std::string_view of,
                            std::span<const std::string> wrts) {
  if (!within_limits(document)) return false;
  Planner planner(document);
  Graph& graph = planner.graph();
  Vertex top = graph.name(of);
  for (std::size_t k = 0; k < wrts.size() && top != kNone; ++k) {
    const Vertex wrt = graph.name(wrts[k]);
    if (wrt == kNone) return false;
    if (passes_unrecorded(planner, policy, top, wrt, false)) return true;
    top = graph.recorded_query(top, wrt);  // d(top)/d(wrt), recorded to be differentiated
  }
  return false;
}

bool gradient_passes_unrecorded_term(const Document& document, RecordPolicy policy,
                                     std::string_view of, bool inputs_only) {
  if (!within_limits(document)) return false;
  Planner planner(document);
  return passes_unrecorded(planner, policy, planner.graph().name(of), kNone, !inputs_only);
}

}  // namespace chainrule::verify
