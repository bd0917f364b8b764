// Printing formulas with as few parentheses as the derivation-file grammar allows.
#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_map>

#include "engine/certified.hpp"
#include "engine/formula.hpp"

namespace chainrule::engine {

namespace {

// Binding strength, loosest first: sums, products, unary minus, powers, atoms and calls.
enum Precedence : int { kSum = 1, kProduct = 2, kUnary = 3, kPower = 4, kAtom = 5 };

struct Rendered {
  std::string text;
  int precedence = kAtom;
};

std::string wrap(const Rendered& r, int needed, FormulaStyle style) {
  if (r.precedence >= needed) return r.text;
  return style == FormulaStyle::Latex ? "\\left(" + r.text + "\\right)" : "(" + r.text + ")";
}

std::string minus(FormulaStyle style) { return style == FormulaStyle::Pretty ? "\u2212" : "-"; }

std::string latex_function(Op op, const std::string& argument) {
  const std::string_view pattern = rule<double>(op).latex;
  if (pattern.empty())
    return "\\operatorname{" + std::string(rule<double>(op).name) + "}\\left(" + argument +
           "\\right)";
  std::string out(pattern);
  out.replace(out.find("{a}"), 3, argument);
  return out;
}

// A function of two operands, max(a, b) or its LaTeX. A left operand that is the same
// foldable op continues its argument list, so max(max(a, b), c) prints as max(a, b, c), the
// way the file wrote it: the same number, and the same derivatives (op.hpp's folds_left).
Rendered render_binary_function(Op op, const Rendered& a, const Rendered& b, bool continues,
                                bool latex) {
  const std::string_view name = rule<double>(op).name;
  const std::string pattern =
      latex ? std::string(rule<double>(op).latex) : std::string(name) + "({a}, {b})";
  const std::size_t after_b = pattern.find("{b}") + 3;
  const std::string close = pattern.substr(after_b);
  if (continues && a.text.ends_with(close))
    return {a.text.substr(0, a.text.size() - close.size()) + ", " + b.text + close, kAtom};
  std::string out = pattern;
  out.replace(out.find("{b}"), 3, b.text);
  out.replace(out.find("{a}"), 3, a.text);
  return {out, kAtom};
}

template <class T>
Rendered render_number(const T& value, FormulaStyle style) {
  std::string text = number_text(value);
  const bool negative = text[0] == '-';
  const auto slash = text.find('/');
  if (style == FormulaStyle::Latex && slash != std::string::npos) {
    const std::size_t start = negative ? 1 : 0;
    std::string fraction =
        "\\frac{" + text.substr(start, slash - start) + "}{" + text.substr(slash + 1) + "}";
    return {(negative ? "-" : "") + fraction, negative ? kUnary : kAtom};
  }
  if (negative && style == FormulaStyle::Pretty) text = minus(style) + text.substr(1);
  if (negative) return {text, kUnary};
  return {text, slash == std::string::npos ? kAtom : kProduct};
}

// One op over its rendered operands; `continues`: a is a term of the same foldable op.
Rendered render_apply(Op op, const Rendered& a, const Rendered& b, FormulaStyle style,
                      bool continues) {
  const bool latex = style == FormulaStyle::Latex, pretty = style == FormulaStyle::Pretty;
  switch (op) {
    case Op::Add:
    case Op::Subtract: {
      const std::string sign = op == Op::Add ? " + " : " " + minus(style) + " ";
      return {wrap(a, kSum, style) + sign + wrap(b, kProduct, style), kSum};
    }
    case Op::Multiply: {
      const std::string times = latex ? " \\cdot " : pretty ? "\u00b7" : " * ";
      return {wrap(a, kProduct, style) + times + wrap(b, kPower, style), kProduct};
    }
    case Op::Divide:
      if (latex) return {"\\frac{" + a.text + "}{" + b.text + "}", kAtom};
      return {wrap(a, kProduct, style) + (pretty ? "/" : " / ") + wrap(b, kPower, style), kProduct};
    case Op::Negate:
      return {minus(style) + wrap(a, kProduct, style), kUnary};
    case Op::Power:
      if (latex) return {"{" + wrap(a, kAtom, style) + "}^{" + b.text + "}", kPower};
      return {wrap(a, kAtom, style) + "^" + wrap(b, kPower, style), kPower};
    default:
      if (!rule<double>(op).function.empty() && rule<double>(op).arity == 2)
        return render_binary_function(op, a, b, continues, latex);
      if (latex) return {latex_function(op, a.text), kAtom};
      return {std::string(rule<double>(op).name) + "(" + a.text + ")", kAtom};
  }
}

}  // namespace

template <class T>
std::string Formula<T>::text(TermId id, FormulaStyle style) const {
  return render(id, style);
}

template <class T>
std::string Formula<T>::render(TermId id, FormulaStyle style) const {
  // The terms `id` uses, found from it (not by a pass over every term before it: explaining
  // a long chain renders many small formulas out of one large store), then rendered
  // bottom-up, children before parents, so shared subterms cost one rendering each and deep
  // formulas need no recursion.
  std::vector<TermId> used{id}, pending{id};
  std::unordered_map<TermId, Rendered> out;
  out.emplace(id, Rendered{});
  while (!pending.empty()) {
    const Term<T>& t = terms_[pending.back()];
    pending.pop_back();
    if (t.kind != TermKind::Apply) continue;
    for (TermId operand : {t.a, t.b}) {
      if (operand == kNoTerm || !out.emplace(operand, Rendered{}).second) continue;
      used.push_back(operand);
      pending.push_back(operand);
    }
  }
  std::sort(used.begin(), used.end());
  const bool latex = style == FormulaStyle::Latex;
  for (TermId i : used) {
    const Term<T>& t = terms_[i];
    Rendered& r = out[i];
    if (t.kind == TermKind::Number) {
      r = render_number(t.value, style);
      continue;
    }
    if (t.kind == TermKind::Symbol) {
      r = {latex ? t.latex : t.symbol, kAtom};
      continue;
    }
    static const Rendered none;
    const bool continues =
        folds_left(t.op) && terms_[t.a].kind == TermKind::Apply && terms_[t.a].op == t.op;
    r = render_apply(t.op, out.at(t.a), t.b == kNoTerm ? none : out.at(t.b), style, continues);
  }
  return out.at(id).text;
}

std::string latex_name(const std::string& name) {
  // Row r's copy of a quantity of a data table (out_h1@2): the superscript (r) with which
  // machine-learning texts number training examples, out_{h1}^{(2)}. Only '@' and digits at
  // the end are a row: a call's label, f(out@2) + 1, is not split inside its parentheses.
  if (const auto at = name.rfind('@');
      at != std::string::npos && at > 0 && at + 1 < name.size() &&
      name.find_first_not_of("0123456789", at + 1) == std::string::npos)
    return latex_name(name.substr(0, at)) + "^{(" + name.substr(at + 1) + ")}";
  static const std::array<const char*, 19> greek = {
      "alpha", "beta", "gamma", "delta", "epsilon", "eta", "theta", "lambda", "mu",   "nu",
      "xi",    "pi",   "rho",   "sigma", "tau",     "phi", "chi",   "psi",    "omega"};
  auto escaped = [](const std::string& s) {
    std::string e;
    for (char c : s) e += c == '_' ? std::string("\\_") : std::string(1, c);
    return e;
  };
  // letters followed by digits: w5 -> w, 5; eta -> \eta; out -> \mathit{out}; anything else
  // whole in \mathit. The subscript is returned apart, so that w11_new gets one subscript,
  // w_{11,\mathrm{new}}: LaTeX and KaTeX reject a second one ("Double subscript").
  auto part = [&](const std::string& s) -> std::pair<std::string, std::string> {
    std::size_t letters = 0;
    while (letters < s.size() && std::isalpha(static_cast<unsigned char>(s[letters]))) ++letters;
    std::size_t digits = letters;
    while (digits < s.size() && std::isdigit(static_cast<unsigned char>(s[digits]))) ++digits;
    if (letters == 0 || digits != s.size()) return {"\\mathit{" + escaped(s) + "}", ""};
    const std::string head = s.substr(0, letters);
    std::string base = head.size() == 1 ? head : "\\mathit{" + head + "}";
    for (const char* g : greek)
      if (head == g) base = "\\" + head;
    return {base, s.substr(letters)};
  };
  const auto underscore = name.find('_');
  const bool suffixed =
      underscore != std::string::npos && underscore != 0 && underscore + 1 != name.size();
  auto [base, subscript] = part(suffixed ? name.substr(0, underscore) : name);
  if (suffixed)
    subscript += (subscript.empty() ? "" : ",") + std::string("\\mathrm{") +
                 escaped(name.substr(underscore + 1)) + "}";
  return subscript.empty() ? base : base + "_{" + subscript + "}";
}

template std::string Formula<double>::text(TermId, FormulaStyle) const;
template std::string Formula<Real>::text(TermId, FormulaStyle) const;
template std::string Formula<Certified>::text(TermId, FormulaStyle) const;

}  // namespace chainrule::engine
