// Formulas: expressions over named quantities, built with the light simplification a person
// does by hand (constant folding, x·1, x+0, x^1, −(−x), −(a − b) = b − a, ½·2 = 1), printed
// as derivation-file text that parses back, as prettier text for people, or as LaTeX.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/number.hpp"
#include "engine/op.hpp"
#include "engine/partials.hpp"

namespace chainrule::engine {

using TermId = std::uint32_t;
inline constexpr TermId kNoTerm = std::numeric_limits<TermId>::max();

enum class TermKind : std::uint8_t { Number, Symbol, Apply };

template <class T>
struct Term {
  TermKind kind = TermKind::Number;
  Op op = Op::Constant;  // Apply; Power stands for both power ops
  TermId a = kNoTerm, b = kNoTerm;
  T value{};           // Number
  std::string symbol;  // Symbol, as derivation-file text ("out_y1", "d(E)/d(w5)")
  std::string latex;   // Symbol, as LaTeX
};

enum class FormulaStyle {
  Plain,   // derivation-file syntax: `(out_y1 - T1) * out_y1`; parses back
  Pretty,  // for people: `(out_y1 − T1)·out_y1`
  Latex,   // `\left(\mathit{out}_{y1} - T_{1}\right) \cdot ...`
};

// Thrown when a formula would grow past Formula::kMaxTerms terms: a std::length_error like
// any other container that cannot grow, so a caller that catches std::exception sees it.
struct FormulaTooLarge : std::length_error {
  FormulaTooLarge() : std::length_error("a formula would grow past Formula::kMaxTerms terms") {}
};

template <class T>
class Formula {
 public:
  static constexpr std::size_t kMaxTerms = 4'000'000;

  TermId number(const T& value);
  // `latex` defaults to a rendering of `text` as a name (w5 -> w_{5}, eta -> \eta).
  TermId symbol(const std::string& text, std::string latex = {});
  // op applied to a (and b for two-operand ops), simplified.
  TermId apply(Op op, TermId a, TermId b = kNoTerm);
  // The op table's partial of `op` in operand `which`, with {a}, {b}, {r} bound to terms.
  TermId partial(Op op, int which, TermId a, TermId b, TermId r);

  const Term<T>& operator[](TermId id) const { return terms_[id]; }
  std::size_t size() const { return terms_.size(); }
  bool is_number(TermId id) const { return terms_[id].kind == TermKind::Number; }
  bool is_number(TermId id, int v) const { return is_number(id) && terms_[id].value == v; }

  // How many terms the printed tree has, counting shared subterms once per use; saturates
  // at limit + 1, so a formula whose text would be astronomically long is caught early.
  std::uint64_t printed_size(TermId id, std::uint64_t limit) const;
  // printed_size of every term there is, in one pass (for sizing many formulas at once).
  std::vector<std::uint64_t> printed_sizes(std::uint64_t limit) const;
  std::string text(TermId id, FormulaStyle style = FormulaStyle::Plain) const;
  T evaluate(TermId id, const std::function<T(const std::string&)>& symbol_value) const;

 private:
  TermId push(Term<T> term);
  TermId push_apply(Op op, TermId a, TermId b = kNoTerm);
  TermId sum(TermId a, TermId b, bool subtract);
  TermId negate(TermId a);
  TermId product(TermId a, TermId b);
  TermId quotient(TermId a, TermId b);
  TermId rebuild_product(T coefficient, std::vector<TermId> factors);
  void decompose(TermId id, T& coefficient, std::vector<TermId>& factors) const;
  std::string render(TermId id, FormulaStyle style) const;

  std::vector<Term<T>> terms_;
};

// "w5" -> "w_{5}", "out_y1" -> "\mathit{out}_{y1}", "eta" -> "\eta": names as LaTeX.
std::string latex_name(const std::string& name);

// The shortest decimal text that reads back as exactly `value`, or a small fraction ("1/3")
// that evaluates to it, or else every digit the type carries.
template <class T>
std::string number_text(const T& value);

}  // namespace chainrule::engine
