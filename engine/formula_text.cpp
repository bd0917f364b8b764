// Printing formulas with as few parentheses as the derivation-file grammar allows.
#include <array>
#include <cctype>

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
  switch (op) {
    case Op::Sqrt: return "\\sqrt{" + argument + "}";
    case Op::Abs: return "\\left|" + argument + "\\right|";
    case Op::Exp: return "\\exp\\left(" + argument + "\\right)";
    case Op::Log: return "\\log\\left(" + argument + "\\right)";
    case Op::Sigmoid: return "\\sigma\\left(" + argument + "\\right)";
    case Op::Tanh: return "\\tanh\\left(" + argument + "\\right)";
    case Op::Sin: return "\\sin\\left(" + argument + "\\right)";
    case Op::Cos: return "\\cos\\left(" + argument + "\\right)";
    default:
      return "\\operatorname{" + std::string(rule<double>(op).name) + "}\\left(" + argument + "\\right)";
  }
}

template <class T>
Rendered render_number(const T& value, FormulaStyle style) {
  std::string text = number_text(value);
  const bool negative = text[0] == '-';
  const auto slash = text.find('/');
  if (style == FormulaStyle::Latex && slash != std::string::npos) {
    const std::size_t start = negative ? 1 : 0;
    std::string fraction = "\\frac{" + text.substr(start, slash - start) + "}{" + text.substr(slash + 1) + "}";
    return {(negative ? "-" : "") + fraction, negative ? kUnary : kAtom};
  }
  if (negative && style == FormulaStyle::Pretty) text = minus(style) + text.substr(1);
  if (negative) return {text, kUnary};
  return {text, slash == std::string::npos ? kAtom : kProduct};
}

}  // namespace

template <class T>
std::string Formula<T>::text(TermId id, FormulaStyle style) const {
  return render(id, style);
}

template <class T>
std::string Formula<T>::render(TermId id, FormulaStyle style) const {
  // Children come before parents: render every term up to `id` once, bottom-up, so shared
  // subterms cost one rendering each and deep formulas need no recursion.
  std::vector<std::uint8_t> used(id + 1, 0);
  used[id] = 1;
  for (TermId i = id + 1; i-- > 0;) {
    if (!used[i] || terms_[i].kind != TermKind::Apply) continue;
    used[terms_[i].a] = 1;
    if (terms_[i].b != kNoTerm) used[terms_[i].b] = 1;
  }
  std::vector<Rendered> out(id + 1);
  const bool latex = style == FormulaStyle::Latex, pretty = style == FormulaStyle::Pretty;
  for (TermId i = 0; i <= id; ++i) {
    if (!used[i]) continue;
    const Term<T>& t = terms_[i];
    if (t.kind == TermKind::Number) {
      out[i] = render_number(t.value, style);
      continue;
    }
    if (t.kind == TermKind::Symbol) {
      out[i] = {latex ? t.latex : t.symbol, kAtom};
      continue;
    }
    const Rendered& a = out[t.a];
    static const Rendered none;
    const Rendered& b = t.b == kNoTerm ? none : out[t.b];
    switch (t.op) {
      case Op::Add:
      case Op::Subtract: {
        const std::string op = t.op == Op::Add ? " + " : " " + minus(style) + " ";
        out[i] = {wrap(a, kSum, style) + op + wrap(b, kProduct, style), kSum};
        break;
      }
      case Op::Multiply: {
        const std::string op = latex ? " \\cdot " : pretty ? "\u00b7" : " * ";
        out[i] = {wrap(a, kProduct, style) + op + wrap(b, kPower, style), kProduct};
        break;
      }
      case Op::Divide:
        if (latex) out[i] = {"\\frac{" + a.text + "}{" + b.text + "}", kAtom};
        else out[i] = {wrap(a, kProduct, style) + (pretty ? "/" : " / ") + wrap(b, kPower, style), kProduct};
        break;
      case Op::Negate: out[i] = {minus(style) + wrap(a, kProduct, style), kUnary}; break;
      case Op::Power:
        if (latex) out[i] = {"{" + wrap(a, kAtom, style) + "}^{" + b.text + "}", kPower};
        else out[i] = {wrap(a, kAtom, style) + "^" + wrap(b, kPower, style), kPower};
        break;
      default:
        if (latex) out[i] = {latex_function(t.op, a.text), kAtom};
        else out[i] = {std::string(rule<T>(t.op).name) + "(" + a.text + ")", kAtom};
        break;
    }
  }
  return out[id].text;
}

std::string latex_name(const std::string& name) {
  static const std::array<const char*, 19> greek = {
      "alpha", "beta", "gamma", "delta", "epsilon", "eta", "theta", "lambda", "mu", "nu",
      "xi",    "pi",   "rho",   "sigma", "tau",     "phi", "chi",   "psi",    "omega"};
  auto escaped = [](const std::string& s) {
    std::string e;
    for (char c : s) e += c == '_' ? std::string("\\_") : std::string(1, c);
    return e;
  };
  // letters followed by digits: w5 -> w_{5}, eta -> \eta, out -> \mathit{out}
  auto part = [&](const std::string& s) -> std::string {
    std::size_t letters = 0;
    while (letters < s.size() && std::isalpha(static_cast<unsigned char>(s[letters]))) ++letters;
    std::size_t digits = letters;
    while (digits < s.size() && std::isdigit(static_cast<unsigned char>(s[digits]))) ++digits;
    if (letters == 0 || digits != s.size()) return "\\mathit{" + escaped(s) + "}";
    const std::string head = s.substr(0, letters);
    std::string base = head.size() == 1 ? head : "\\mathit{" + head + "}";
    for (const char* g : greek)
      if (head == g) base = "\\" + head;
    return digits > letters ? base + "_{" + s.substr(letters) + "}" : base;
  };
  const auto underscore = name.find('_');
  if (underscore == std::string::npos || underscore == 0 || underscore + 1 == name.size())
    return part(name);
  return part(name.substr(0, underscore)) + "_{\\mathrm{" + escaped(name.substr(underscore + 1)) + "}}";
}

template std::string Formula<double>::text(TermId, FormulaStyle) const;
template std::string Formula<Real>::text(TermId, FormulaStyle) const;

}  // namespace chainrule::engine
