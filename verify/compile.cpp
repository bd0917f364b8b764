#include <algorithm>
#include <set>

#include "engine/number.hpp"
#include "engine/recorded_sweep.hpp"
#include "verify/derivation.hpp"
#include "verify/describe.hpp"
#include "verify/ops_of.hpp"
#include "verify/record_plan.hpp"

namespace chainrule::verify {

using engine::kNoNode;
using engine::Op;

namespace {

struct CompileError {
  Diagnostic diagnostic;
};

// A statement that uses a name whose definition failed: skipped without a message of its
// own, since the failed definition was reported.
struct UsesBrokenName {};

// Derivative terms that a later derivative differentiates through record their reverse
// sweep on the tape (engine/recorded_sweep.hpp), which makes them differentiable. Which ones do is
// decided before any node is made, from the syntax tree (verify/record_plan.hpp).
struct CompileState {
  RecordPolicy policy = RecordPolicy::AsNeeded;
  std::set<ExprId> record;                    // AsNeeded: the derivative terms to record
  std::set<std::string, std::less<>> broken;  // names whose definitions failed

  bool records(ExprId term) const {
    return policy == RecordPolicy::All ||
           (policy == RecordPolicy::AsNeeded && record.contains(term));
  }
};

// Turns one statement's expression tree into tape nodes. Recursion here follows the syntax
// tree, whose depth the parser bounds; the graph itself is never walked recursively.
template <class T>
class Compiler {
 public:
  Compiler(Derivation<T>& d, int statement, CompileState& state)
      : d_(d), statement_(statement), state_(state) {}

  NodeIndex expr(ExprId id) {
    const Expr& e = d_.document.at(id);
    const NodeIndex before = d_.tape.size();
    NodeIndex node = e.kind == ExprKind::Derivative ? derivative(e, id) : build(e);
    d_.origin.resize(d_.tape.size(), NodeOrigin{e.pos, statement_});
    if (const auto call = d_.document.calls.find(id); call != d_.document.calls.end())
      node = named_call(node, node < before, call->second, e.pos);
    return node;
  }

 private:
  NodeIndex build(const Expr& e) {
    switch (e.kind) {
      case ExprKind::Number:
        return d_.tape.constant(engine::parse_decimal<T>(e.text));
      case ExprKind::Name:
        return node_of(e.text);
      case ExprKind::Negate:
      case ExprKind::Binary:
      case ExprKind::Call: {
        NodeIndex a = expr(e.operands[0]);
        return apply(op_of(e), a, e.operands.size() > 1 ? expr(e.operands[1]) : kNoNode);
      }
      case ExprKind::Derivative:
        break;  // expr() builds them, knowing their id
      case ExprKind::Substitution:
        return substitute(e);
    }
    return kNoNode;
  }

  // The value of a call of a function the file defines is a node named as the call is
  // written ("f(x + h)"), so that explanations go through it and read with the function's
  // name; it is no name of the file (Derivation::named), only the graph's label. A value the
  // call did not make (x itself, for f(x) with f(a) = a) gets a Copy node of its own.
  NodeIndex named_call(NodeIndex node, bool earlier, const std::string& call, SourcePos pos) {
    auto& tape = d_.tape;
    if (earlier || tape.has_name(node)) {
      node = tape.apply(Op::Copy, node);
      d_.origin.resize(tape.size(), NodeOrigin{pos, statement_});
    }
    tape.set_name(node, call);
    return node;
  }

  // A name-free subexpression is folded into one constant, so `x^(1/2)` has a constant
  // exponent and `1/2 * y` has one factor to show in explanations.
  NodeIndex apply(Op op, NodeIndex a, NodeIndex b = kNoNode) {
    auto& tape = d_.tape;
    const bool constant_b = b == kNoNode || tape.op(b) == Op::Constant;
    op = engine::with_operands(op, b != kNoNode && tape.op(b) == Op::Constant);
    if (tape.op(a) != Op::Constant || !constant_b) return tape.apply(op, a, b);
    static const T zero(0);
    const T& vb = b == kNoNode ? zero : tape.value(b);
    if (auto why = engine::rule<T>(op).domain(tape.value(a), vb); !why.empty()) {
      d_.origin.resize(tape.size(), NodeOrigin{{}, statement_});
      throw CompileError{{pos_of(a), describe_domain_error(d_, statement_, op, a, b, why)}};
    }
    return tape.constant(engine::rule<T>(op).forward(tape.value(a), vb));
  }

  NodeIndex node_of(const std::string& name) const {
    if (state_.broken.contains(name)) throw UsesBrokenName{};
    return d_.node_of(name);
  }

  SourcePos pos_of(NodeIndex node) const {
    return node < d_.origin.size() ? d_.origin[node].pos : SourcePos{};
  }

  NodeIndex derivative(const Expr& e, ExprId id) {
    // d(dE/dw5)/dw1 differentiates the inner derivative term's node.
    NodeIndex of = e.operands.empty() ? node_of(e.names[0]) : expr(e.operands[0]);
    NodeIndex wrt = node_of(e.names[1]);
    require_complete(of, wrt, e.pos, "d(" + e.names[0] + ")/d(" + e.names[1] + ")");
    return state_.records(id) ? recorded_derivative(of, wrt) : d_.tape.derivative(of, wrt);
  }

  // d(of)/d(wrt) must not sweep through a derivative node whose own sweep is not recorded.
  void require_complete(NodeIndex of, NodeIndex wrt, SourcePos pos, const std::string& what) {
    if (wrt > of) return;
    const auto& s = d_.tape.swept_from(of);  // the sweep the derivative node then reads
    if (!s.incomplete(wrt)) return;
    throw CompileError{{pos, through_derivative_message(what, s)}};
  }

  NodeIndex recorded_derivative(NodeIndex of, NodeIndex wrt) {
    auto node = engine::record_derivative(d_.tape, of, wrt);
    return node ? *node : d_.tape.derivative(of, wrt);
  }

  std::string through_derivative_message(const std::string& what,
                                         const engine::Sensitivities<T>& s) const {
    std::string message = what + " would differentiate through a derivative term";
    for (NodeIndex i = s.of + 1; i-- > 0;) {
      if (d_.tape.op(i) != Op::Derivative || !s.depends_on(i)) continue;
      // A substitution's copies are this statement's nodes, whose origin is not noted yet.
      if (i >= d_.origin.size()) continue;
      message += " (on line " + std::to_string(d_.origin[i].pos.line) + ")";
      break;
    }
    return message + ", which needs derivatives nested more than " +
           std::to_string(kMaxDerivativeNesting) + " deep; they are not supported";
  }

  std::string derivative_name(NodeIndex i) const {
    const auto& tape = d_.tape;
    auto name = [&](NodeIndex n) { return tape.has_name(n) ? std::string(tape.name(n)) : "…"; };
    return "d(" + name(tape.differentiated(i).of) + ")/d(" + name(tape.differentiated(i).wrt) + ")";
  }

  // base[n1 := e1, ...]: copies the part of the graph between the replaced nodes and the
  // base that depends on them, with the replacements spliced in.
  NodeIndex substitute(const Expr& e) {
    NodeIndex root = expr(e.operands[0]);
    std::vector<std::pair<NodeIndex, NodeIndex>> replaced;
    for (std::size_t k = 0; k < e.names.size(); ++k) {
      const NodeIndex from = node_of(e.names[k]), to = expr(e.operands[k + 1]);
      // A name defined after the base cannot be in its graph: nothing to replace.
      if (from <= root) replaced.emplace_back(from, to);
    }
    NodeIndex low = root;
    for (auto [from, to] : replaced) low = std::min(low, from);
    if (low > root) return root;
    auto& tape = d_.tape;
    std::vector<std::uint8_t> needed(root - low + 1, 0);
    needed[root - low] = 1;
    for (NodeIndex i = root + 1; i-- > low;) {
      if (!needed[i - low] || tape.is_leaf(i)) continue;
      for (NodeIndex operand : tape.operands(i))
        if (operand >= low) needed[operand - low] = 1;
    }
    std::vector<NodeIndex> map(root - low + 1, kNoNode);
    for (auto [from, to] : replaced) map[from - low] = to;
    auto mapped = [&](NodeIndex n) {
      return n != kNoNode && n >= low && map[n - low] != kNoNode ? map[n - low] : n;
    };
    for (NodeIndex i = low; i <= root; ++i) {
      if (!needed[i - low] || tape.is_leaf(i) || map[i - low] != kNoNode) continue;
      const auto operands = tape.operands(i);  // two at most: files make no Dot nodes
      const NodeIndex old_b = operands.size() > 1 ? operands[1] : kNoNode;
      NodeIndex a = mapped(operands[0]), b = mapped(old_b);
      if (a == operands[0] && b == old_b) continue;
      if (tape.op(i) != Op::Derivative) {
        map[i - low] = tape.apply(tape.op(i), a, b);
        continue;
      }
      // The copy may differentiate a substituted derivative term: d(a)/d(b) with a := dM/dc.
      require_complete(a, b, e.pos, "the substitution's copy of " + derivative_name(i));
      map[i - low] =
          tape.recording(i) != kNoNode ? recorded_derivative(a, b) : tape.derivative(a, b);
    }
    return mapped(root);
  }

  Derivation<T>& d_;
  int statement_;
  CompileState& state_;
};

template <class T>
void define(Derivation<T>& d, const Definition& def, int statement, CompileState& state) {
  Compiler<T> compiler(d, statement, state);
  NodeIndex node = compiler.expr(def.value);
  // An alias (y = x) or a literal input gets a node of its own, and so does a name-free
  // expression (k = 2*3): folded into a constant it would be folded on into everything that
  // uses it, leaving nothing to substitute or to differentiate with respect to. Its Copy node
  // is not a leaf, so it is never an input that `grad` reports or `train` updates.
  if (d.tape.has_name(node) || def.is_input || d.tape.op(node) == Op::Constant) {
    node = def.is_input ? d.tape.input(d.tape.value(node)) : d.tape.apply(Op::Copy, node);
    d.origin.resize(d.tape.size(), NodeOrigin{def.pos, statement});
  }
  d.tape.set_name(node, def.name);
  d.index[def.name] = d.named.size();
  d.named.push_back({def.name, node, statement, def.is_input});
}

// Every statement compiled, errors collected, the derivation kept even when there are errors
// (compile() drops it then).
// A domain error of the tape as compile reports it: at the statement, naming the value.
template <class T>
std::optional<Diagnostic> diagnose(const Derivation<T>& d,
                                   const std::optional<engine::DomainError>& error) {
  if (!error) return std::nullopt;
  const NodeOrigin& origin = d.origin[error->node];
  const NodeIndex node = error->node;
  const auto operands = d.tape.operands(node);
  return Diagnostic{origin.pos, describe_domain_error(
                                    d, origin.statement, d.tape.op(node), operands[0],
                                    operands.size() > 1 ? operands[1] : kNoNode, error->reason)};
}

template <class T>
CompileResult<T> compile_statements(Document document, CompileState& state) {
  CompileResult<T> result;
  Derivation<T>& d = result.derivation.emplace();
  d.document = std::move(document);
  d.policy = state.policy;
  const auto& statements = d.document.statements;
  for (int s = 0; s < static_cast<int>(statements.size()); ++s) {
    try {
      if (const auto* def = std::get_if<Definition>(&statements[s])) {
        define(d, *def, s, state);
      } else {
        const auto& claim = std::get<Claim>(statements[s]);
        d.claim_nodes.push_back(Compiler<T>(d, s, state).expr(claim.expr));
        d.claim_statements.push_back(s);
      }
    } catch (const CompileError& error) {
      result.errors.push_back(error.diagnostic);
      if (const auto* def = std::get_if<Definition>(&statements[s])) state.broken.insert(def->name);
    } catch (const UsesBrokenName&) {
      if (const auto* def = std::get_if<Definition>(&statements[s])) state.broken.insert(def->name);
    }
  }
  if (result.errors.empty()) {
    if (auto error = diagnose(d, d.tape.evaluate())) result.errors.push_back(*error);
  }
  return result;
}

}  // namespace

template <class T>
const NamedValue* Derivation<T>::find(const std::string& name) const {
  auto found = index.find(name);
  return found == index.end() ? nullptr : &named[found->second];
}

template <class T>
const Claim& Derivation<T>::claim(std::size_t k) const {
  return std::get<Claim>(document.statements[claim_statements[k]]);
}

template <class T>
CompileResult<T> compile(Document document, RecordPolicy policy) {
  CompileState state;
  state.policy = policy;
  if (policy == RecordPolicy::AsNeeded) state.record = terms_to_record(document);
  CompileResult<T> result = compile_statements<T>(std::move(document), state);
  if (!result.errors.empty()) result.derivation.reset();
  return result;
}

template <class T>
Outcome<void> reevaluate(Derivation<T>& d) {
  if (auto error = diagnose(d, d.tape.evaluate())) return error_at(*error);
  return {};
}

template <class T>
Outcome<void> reevaluate(Derivation<T>& d, std::span<const NodeIndex> nodes) {
  if (auto error = diagnose(d, d.tape.evaluate_nodes(nodes))) return error_at(*error);
  return {};
}

#define CHAINRULE_INSTANTIATE_COMPILE(T)                        \
  template struct Derivation<T>;                                \
  template CompileResult<T> compile<T>(Document, RecordPolicy); \
  template Outcome<void> reevaluate<T>(Derivation<T>&);         \
  template Outcome<void> reevaluate<T>(Derivation<T>&, std::span<const NodeIndex>);

CHAINRULE_INSTANTIATE_COMPILE(float)  // for the float32 diagnosis of check
CHAINRULE_INSTANTIATE_COMPILE(double)
CHAINRULE_INSTANTIATE_COMPILE(engine::Real)
CHAINRULE_INSTANTIATE_COMPILE(engine::Certified)

}  // namespace chainrule::verify
