#include "verify/limits.hpp"

#include "verify/describe.hpp"
#include "verify/ops_of.hpp"
#include "verify/syntax_fold.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>
#include <variant>

namespace chainrule::verify {
namespace {

// How deeply substitutions nest in an expression, through the names it uses.
class SubstitutionDepth {
 public:
  SubstitutionDepth(const Document& document, int limit) : document_(document), limit_(limit) {}

  // The depth of expression `id`; the first substitution beyond the limit is kept.
  int of(ExprId id) { return fold_expression<int>(document_, id, *this); }

  // A derivative term's depth is its names'.
  bool descends(const Expr& e) const { return e.kind != ExprKind::Derivative; }
  int combine(ExprId, const Expr& e, std::span<int> operands) {
    if (e.kind == ExprKind::Name) return of_name(e.text);
    if (e.kind == ExprKind::Derivative) return std::max(of_name(e.names[0]), of_name(e.names[1]));
    int depth = 0;
    for (int operand : operands) depth = std::max(depth, operand);
    if (e.kind != ExprKind::Substitution) return depth;
    ++depth;
    if (depth > limit_ && !beyond_) beyond_ = Diagnostic{e.pos, message(depth)};
    return depth;
  }

  int of_name(const std::string& name) const {
    const auto found = names_.find(name);
    return found == names_.end() ? 0 : found->second;
  }

  void define(const std::string& name, int depth) { names_[name] = depth; }
  std::optional<Diagnostic> take_beyond() { return std::exchange(beyond_, std::nullopt); }

 private:
  std::string message(int depth) const {
    return "substitutions nested " + std::to_string(depth) +
           " deep, counting those in the definitions used (limit " + std::to_string(limit_) + ")";
  }

  const Document& document_;
  int limit_;
  std::unordered_map<std::string, int> names_;
  std::optional<Diagnostic> beyond_;
};

}  // namespace

std::vector<Diagnostic> substitution_depth_errors(const Document& document, int limit) {
  SubstitutionDepth depth(document, limit);
  std::vector<Diagnostic> errors;
  for (const Statement& statement : document.statements) {
    const int d = depth.of(statement_expression(statement));
    auto beyond = depth.take_beyond();
    if (beyond) errors.push_back(std::move(*beyond));
    // A definition beyond the limit is reported once, not again at every use.
    if (const std::string* name = defined_name(statement)) depth.define(*name, beyond ? 0 : d);
  }
  return errors;
}

namespace {

constexpr std::uint64_t kSaturated = std::uint64_t{1} << 62;

std::uint64_t plus(std::uint64_t a, std::uint64_t b) { return std::min(kSaturated, a + b); }

// Nodes an expression may add to the graph, and the size of the part of the graph its value
// depends on (its cone), both upper bounds.
class GraphEstimate {
 public:
  // `recorded`: the derivative terms whose sweeps are recorded, nullptr when all are.
  GraphEstimate(const Document& document, const std::set<ExprId>* recorded)
      : document_(document), recorded_(recorded) {}

  struct Size {
    std::uint64_t added = 0;
    std::uint64_t cone = 0;
  };

  Size of(ExprId id) { return fold_expression<Size>(document_, id, *this); }

  // A derivative term adds its node (and its recorded sweep) whatever its inner term is.
  bool descends(const Expr& e) const { return e.kind != ExprKind::Derivative; }
  Size combine(ExprId id, const Expr& e, std::span<Size> operands) {
    const Size size = of_kind(id, e, operands);
    // The largest call of a function the file defines is where a too large graph comes from.
    if (document_.calls.contains(id) && size.added > largest_call_) {
      largest_call_ = size.added;
      largest_call_at_ = document_.at(id).pos;
    }
    return size;
  }

  Size of_kind(ExprId id, const Expr& e, std::span<const Size> operands) {
    switch (e.kind) {
      case ExprKind::Number:
        return {1, 1};
      case ExprKind::Name:
        return {0, cone_of(e.text)};
      case ExprKind::Derivative: {
        const std::uint64_t of = cone_of(e.names[0]);
        // Terms of one name in a row read one sweep from it (Tape::swept_from); a nested
        // term's upper side is a node of its own.
        const bool nested = !e.operands.empty();
        if (nested || e.names[0] != last_swept_) {
          visits_ = plus(visits_, plus(nodes_at(e.names[0]), 1));
          if (!visits_at_) visits_at_ = e.pos;
        }
        last_swept_ = nested ? std::string() : e.names[0];
        const std::uint64_t cone = plus(1, plus(of, cone_of(e.names[1])));
        const bool records = recorded_ == nullptr || recorded_->contains(id);
        return {records ? plus(1, of) : 1, cone};
      }
      case ExprKind::Substitution: {
        Size size = operands[0];
        size.added = plus(size.added, size.cone);  // the copy
        for (const Size& replacement : operands.subspan(1)) {
          size.added = plus(size.added, replacement.added);
          size.cone = plus(size.cone, replacement.cone);
        }
        return size;
      }
      default: {
        Size size{1, 1};
        for (const Size& part : operands) {
          size.added = plus(size.added, part.added);
          size.cone = plus(size.cone, part.cone);
        }
        return size;
      }
    }
  }

  // Accounts for one statement; its definition's name, if any, gets the cone.
  void statement(const Size& size, const std::string* name) {
    nodes_ = plus(nodes_, plus(size.added, 1));
    if (!name) return;
    named_[*name] = {std::min(size.cone, nodes_), nodes_};
  }

  std::uint64_t nodes() const { return nodes_; }
  std::uint64_t visits() const { return visits_; }
  void reset_visits_at() {
    visits_at_.reset();
    largest_call_at_.reset();
    largest_call_ = 0;
  }
  std::optional<SourcePos> largest_call_at() const { return largest_call_at_; }
  std::optional<SourcePos> visits_at() const { return visits_at_; }

 private:
  struct Named {
    std::uint64_t cone = 0;
    std::uint64_t nodes_at = 0;  // the graph's size once it was defined
  };
  std::uint64_t cone_of(const std::string& name) const {
    const auto found = named_.find(name);
    return found == named_.end() ? 0 : found->second.cone;
  }
  std::uint64_t nodes_at(const std::string& name) const {
    const auto found = named_.find(name);
    return found == named_.end() ? 0 : found->second.nodes_at;
  }

  const Document& document_;
  const std::set<ExprId>* recorded_;
  std::unordered_map<std::string, Named> named_;
  std::uint64_t nodes_ = 0;
  std::uint64_t visits_ = 0;
  std::optional<SourcePos> visits_at_;  // the first sweep of the current statement
  std::string last_swept_;              // the upper name of the last derivative term
  std::uint64_t largest_call_ = 0;      // nodes the largest call in the statement adds
  std::optional<SourcePos> largest_call_at_;
};

}  // namespace

std::vector<Diagnostic> graph_size_errors(const Document& document, std::uint64_t max_nodes,
                                          std::uint64_t max_sweep_visits, RecordPolicy policy) {
  std::set<ExprId> recorded;
  if (policy == RecordPolicy::AsNeeded) recorded = terms_to_record(document);
  GraphEstimate estimate(document, policy == RecordPolicy::All ? nullptr : &recorded);
  for (const Statement& statement : document.statements) {
    const auto* def = std::get_if<Definition>(&statement);
    estimate.reset_visits_at();
    const auto size = estimate.of(statement_expression(statement));
    estimate.statement(size, defined_name(statement));
    const SourcePos pos = def ? def->pos : std::get<Claim>(statement).pos;
    if (estimate.nodes() > max_nodes) {
      return {{estimate.largest_call_at().value_or(pos),
               "the graph could grow to " + std::to_string(estimate.nodes()) +
                   " nodes here, more than the limit of " + std::to_string(max_nodes) +
                   " at this precision"}};
    }
    if (estimate.visits() > max_sweep_visits) {
      return {{estimate.visits_at().value_or(pos),
               "the derivative terms up to here could sweep " + std::to_string(estimate.visits()) +
                   " graph nodes in all, more than the limit of " +
                   std::to_string(max_sweep_visits) + " at this precision"}};
    }
  }
  return {};
}

namespace {

// Name-free subexpressions are folded into constants when compiled, where nothing checks
// that the result is finite; this finds the first that overflows (exp(1000) in double).
template <class T>
class ConstantOverflow {
 public:
  explicit ConstantOverflow(const Document& document) : document_(document) {}

  std::optional<Diagnostic> find() {
    for (const Statement& statement : document_.statements) {
      const std::string* name = defined_name(statement);
      where_ = name ? "in the definition of '" + *name + "'" : "in a claim";
      fold_expression<std::optional<T>>(document_, statement_expression(statement), *this);
      if (found_) return found_;
    }
    return std::nullopt;
  }

  bool descends(const Expr&) const { return true; }
  // The value of a name-free expression, nullopt for any other.
  std::optional<T> combine(ExprId, const Expr& e, std::span<std::optional<T>> operands) {
    if (e.kind == ExprKind::Number) return engine::parse_decimal<T>(e.text);
    bool constant =
        e.kind == ExprKind::Negate || e.kind == ExprKind::Binary || e.kind == ExprKind::Call;
    std::vector<T> values;
    for (auto& value : operands) {
      if (value) values.push_back(std::move(*value));
      constant = constant && value.has_value();
    }
    if (!constant || found_ || values.empty()) return std::nullopt;
    engine::Op op = op_of(e);
    op = engine::with_operands(op, true);  // every operand here is a constant
    const auto& rule = engine::rule<T>(op);
    const T b = values.size() > 1 ? values[1] : T(0);
    if (!rule.domain(values[0], b).empty()) return std::nullopt;  // compile() reports it
    T result = rule.forward(values[0], b);
    if (engine::is_finite(result)) return result;
    auto show = [](const T& x) { return engine::to_decimal(x, 12); };
    const std::string operation =
        rule.arity == 1 ? std::string(rule.name) + "(" + show(values[0]) + ")"
                        : show(values[0]) + " " + std::string(rule.name) + " " + show(b);
    found_ = Diagnostic{e.pos, nonfinite_reason(result) + ": " + operation + ", " + where_};
    return std::nullopt;
  }

 private:
  const Document& document_;
  std::string where_;
  std::optional<Diagnostic> found_;
};

}  // namespace

template <class T>
CompileResult<T> compile_within_limits(Document document, const CompileLimits& limits,
                                       RecordPolicy policy) {
  CompileResult<T> result;
  result.errors = literal_errors<T>(document);
  if (result.errors.empty()) {
    if (auto overflow = ConstantOverflow<T>(document).find())
      result.errors.push_back(std::move(*overflow));
  }
  for (auto& error : substitution_depth_errors(document, limits.max_substitution_depth))
    result.errors.push_back(std::move(error));
  if (result.errors.empty()) {
    result.errors = graph_size_errors(document, graph_node_limit<T>(limits),
                                      sweep_visit_limit<T>(limits), policy);
  }
  if (!result.errors.empty()) {
    sort_in_file_order(result.errors.begin(), result.errors.end());
    return result;
  }
  return compile<T>(std::move(document), policy);
}

template CompileResult<double> compile_within_limits<double>(Document, const CompileLimits&,
                                                             RecordPolicy);
template CompileResult<engine::Real> compile_within_limits<engine::Real>(Document,
                                                                         const CompileLimits&,
                                                                         RecordPolicy);
template CompileResult<engine::Certified> compile_within_limits<engine::Certified>(
    Document, const CompileLimits&, RecordPolicy);

}  // namespace chainrule::verify
