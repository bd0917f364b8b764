// Building formulas: every constructor simplifies as it goes, so a formula never holds
// 1/2 * 2 * x or x^1 to begin with. Printing is in formula_text.cpp.
#include <optional>
#include <type_traits>

#include "engine/certified.hpp"
#include "engine/formula.hpp"

namespace chainrule::engine {

template <class T>
TermId Formula<T>::push(Term<T> term) {
  if (terms_.size() >= kMaxTerms) throw FormulaTooLarge{};
  terms_.push_back(std::move(term));
  return static_cast<TermId>(terms_.size() - 1);
}

template <class T>
TermId Formula<T>::push_apply(Op op, TermId a, TermId b) {
  Term<T> term;
  term.kind = TermKind::Apply;
  term.op = op;
  term.a = a;
  term.b = b;
  return push(std::move(term));
}

template <class T>
TermId Formula<T>::number(const T& value) {
  Term<T> term;
  term.value = value == 0 ? T(0) : value;  // no negative zero
  return push(std::move(term));
}

template <class T>
TermId Formula<T>::symbol(const std::string& text, std::string latex) {
  Term<T> term;
  term.kind = TermKind::Symbol;
  term.symbol = text;
  term.latex = latex.empty() ? latex_name(text) : std::move(latex);
  return push(std::move(term));
}

template <class T>
TermId Formula<T>::apply(Op op, TermId a, TermId b) {
  op = with_operands(op, false);  // a term's exponent may be a symbol: a^b until folded
  if (op == Op::Copy) return a;
  if (rule<T>(op).arity == 1) b = kNoTerm;
  if (is_number(a) && (b == kNoTerm || is_number(b))) {
    // Constant folding, where the op is defined there; powers fold with any base the
    // exponent allows, as the compiler folds them.
    const Op fold = with_operands(op, true);
    const T va = terms_[a].value, vb = b == kNoTerm ? T(0) : terms_[b].value;
    if (rule<T>(fold).domain(va, vb).empty()) {
      T folded = rule<T>(fold).forward(va, vb);
      if (is_finite(folded)) return number(folded);
    }
  }
  switch (op) {
    case Op::Add:
      return sum(a, b, false);
    case Op::Subtract:
      return sum(a, b, true);
    case Op::Multiply:
      return product(a, b);
    case Op::Divide:
      return quotient(a, b);
    case Op::Negate:
      return negate(a);
    case Op::Power:
      if (is_number(b, 1)) return a;
      if (is_number(b, 0)) return number(T(1));
      break;
    default:
      break;
  }
  return push_apply(op, a, b);
}

template <class T>
TermId Formula<T>::partial(Op op, int which, TermId a, TermId b, TermId r) {
  const PartialTemplate& t = partial_template(op, which);
  if (t.root < 0) return number(T(0));
  struct Builder {
    Formula& f;
    TermId a, b, r;
    TermId number(const std::string& literal) { return f.number(parse_decimal<T>(literal)); }
    TermId placeholder(Placeholder p) {
      return p == Placeholder::A ? a : p == Placeholder::B ? b : r;
    }
    TermId apply(Op op, TermId x, TermId y) { return f.apply(op, x, y); }
  } builder{*this, a, b, r};
  return instantiate(t, builder);
}

// x + 0 = x, 0 - x = -x, x + (-y) = x - y, x - (-y) = x + y, -x + y = y - x.
template <class T>
TermId Formula<T>::sum(TermId a, TermId b, bool subtract) {
  if (is_number(b, 0)) return a;
  if (is_number(a, 0)) return subtract ? negate(b) : b;
  const Term<T>& tb = terms_[b];
  if (tb.kind == TermKind::Apply && tb.op == Op::Negate) return sum(a, tb.a, !subtract);
  if (tb.kind == TermKind::Number && tb.value < 0) {
    const T positive = -tb.value;
    return sum(a, number(positive), !subtract);
  }
  const Term<T>& ta = terms_[a];
  if (!subtract && ta.kind == TermKind::Apply && ta.op == Op::Negate) return sum(b, ta.a, true);
  return push_apply(subtract ? Op::Subtract : Op::Add, a, b);
}

// -(-x) = x, -(a - b) = b - a; a product or quotient takes the sign into a factor.
template <class T>
TermId Formula<T>::negate(TermId a) {
  const Term<T>& t = terms_[a];
  if (t.kind == TermKind::Number) {
    const T negated = -t.value;
    return number(negated);
  }
  if (t.kind == TermKind::Apply) {
    const TermId x = t.a, y = t.b;
    switch (t.op) {
      case Op::Negate:
        return x;
      case Op::Subtract:
        return push_apply(Op::Subtract, y, x);
      case Op::Multiply:
        return product(number(T(-1)), a);
      case Op::Divide: {
        const Term<T>& top = terms_[x];
        const bool absorbs =
            top.kind == TermKind::Number ||
            (top.kind == TermKind::Apply &&
             (top.op == Op::Subtract || top.op == Op::Multiply || top.op == Op::Negate));
        if (!absorbs) break;
        // -(a·b)/y only when the sign goes into the top: a product keeps it outside, -(a·b),
        // and quotient would move it out again, -((a·b)/y), forever.
        const TermId top_negated = negate(x);
        const Term<T>& n = terms_[top_negated];
        if (n.kind != TermKind::Apply || n.op != Op::Negate) return quotient(top_negated, y);
        break;
      }
      default:
        break;
    }
  }
  return push_apply(Op::Negate, a);
}

// Products are flattened into a numeric coefficient and the other factors in their order,
// so 1/2 * (2 * x) is x and (-1) * (a - b) is b - a.
template <class T>
TermId Formula<T>::product(TermId a, TermId b) {
  T coefficient(1);
  std::vector<TermId> factors;
  decompose(a, coefficient, factors);
  decompose(b, coefficient, factors);
  return rebuild_product(std::move(coefficient), std::move(factors));
}

template <class T>
void Formula<T>::decompose(TermId id, T& coefficient, std::vector<TermId>& factors) const {
  std::vector<TermId> pending{id};  // a stack, left factor on top
  while (!pending.empty()) {
    const TermId next = pending.back();
    pending.pop_back();
    const Term<T>& t = terms_[next];
    if (t.kind == TermKind::Number) {
      coefficient *= t.value;
    } else if (t.kind == TermKind::Apply && t.op == Op::Negate) {
      coefficient = -coefficient;
      pending.push_back(t.a);
    } else if (t.kind == TermKind::Apply && t.op == Op::Multiply) {
      pending.push_back(t.b);
      pending.push_back(t.a);
    } else {
      factors.push_back(next);
    }
  }
}

template <class T>
TermId Formula<T>::rebuild_product(T coefficient, std::vector<TermId> factors) {
  if (coefficient == 0 || factors.empty()) return number(coefficient);
  bool negated = false;
  if (coefficient == -1) {
    const Term<T>& first = terms_[factors[0]];
    if (first.kind == TermKind::Apply && first.op == Op::Subtract)
      factors[0] = push_apply(Op::Subtract, first.b, first.a);  // -(a - b)·x = (b - a)·x
    else
      negated = true;
    coefficient = 1;
  }
  TermId chain =
      coefficient == 1 ? factors[0] : push_apply(Op::Multiply, number(coefficient), factors[0]);
  for (std::size_t i = 1; i < factors.size(); ++i)
    chain = push_apply(Op::Multiply, chain, factors[i]);
  return negated ? push_apply(Op::Negate, chain) : chain;
}

// x/1 = x, 0/x = 0, and signs move out of quotients.
template <class T>
TermId Formula<T>::quotient(TermId a, TermId b) {
  if (is_number(b, 1)) return a;
  if (is_number(a, 0)) return number(T(0));
  const Term<T>& tb = terms_[b];
  if (tb.kind == TermKind::Apply && tb.op == Op::Negate) return negate(quotient(a, tb.a));
  const Term<T>& ta = terms_[a];
  if (ta.kind == TermKind::Apply && ta.op == Op::Negate) return negate(quotient(ta.a, b));
  return push_apply(Op::Divide, a, b);
}

template <class T>
std::uint64_t Formula<T>::printed_size(TermId id, std::uint64_t limit) const {
  // Children always come before their parents, so one forward loop sizes every term.
  std::vector<std::uint64_t> size(id + 1, 1);
  for (TermId i = 0; i <= id; ++i) {
    const Term<T>& t = terms_[i];
    if (t.kind != TermKind::Apply) continue;
    std::uint64_t total = 1 + size[t.a] + (t.b == kNoTerm ? 0 : size[t.b]);
    size[i] = std::min(total, limit + 1);
  }
  return size[id];
}

template <class T>
std::vector<std::uint64_t> Formula<T>::printed_sizes(std::uint64_t limit) const {
  std::vector<std::uint64_t> size(terms_.size(), 1);
  for (TermId i = 0; i < terms_.size(); ++i) {
    const Term<T>& t = terms_[i];
    if (t.kind != TermKind::Apply) continue;
    std::uint64_t total = 1 + size[t.a] + (t.b == kNoTerm ? 0 : size[t.b]);
    size[i] = std::min(total, limit + 1);
  }
  return size;
}

template <class T>
T Formula<T>::evaluate(TermId id, const std::function<T(const std::string&)>& symbol_value) const {
  std::vector<std::optional<T>> values(id + 1);
  for (TermId i = 0; i <= id; ++i) {
    const Term<T>& t = terms_[i];
    if (t.kind == TermKind::Number)
      values[i] = t.value;
    else if (t.kind == TermKind::Symbol)
      values[i] = symbol_value(t.symbol);
    else {
      const Op op = with_operands(t.op, t.b != kNoTerm && terms_[t.b].kind == TermKind::Number);
      values[i] = rule<T>(op).forward(*values[t.a], t.b == kNoTerm ? T(0) : *values[t.b]);
    }
  }
  return *values[id];
}

namespace {

template <class T>
long long to_integer(const T& x) {
  if constexpr (std::is_floating_point_v<T>)
    return static_cast<long long>(x);
  else
    return x.template convert_to<long long>();
}

// p/q with a small q that is exactly `magnitude` when divided at T's precision, found among
// the convergents of its continued fraction.
template <class T>
std::optional<std::pair<long long, long long>> small_fraction(const T& magnitude) {
  using std::floor;
  constexpr long long kMaxDenominator = 1'000'000;
  long long p0 = 0, q0 = 1, p1 = 1, q1 = 0;
  T x = magnitude;
  for (int step = 0; step < 30; ++step) {
    const T whole = floor(x);
    if (whole > T(kMaxDenominator)) return std::nullopt;
    const long long a = to_integer(whole);
    const long long p = a * p1 + p0, q = a * q1 + q0;
    if (q > kMaxDenominator) return std::nullopt;
    // Integers read as text take the working precision (a T made from an integer may not).
    if (T(parse_decimal<T>(std::to_string(p)) / parse_decimal<T>(std::to_string(q))) == magnitude)
      return std::pair{p, q};
    p0 = p1;
    q0 = q1;
    p1 = p;
    q1 = q;
    if (x == whole) return std::nullopt;
    x = T(1) / (x - whole);
  }
  return std::nullopt;
}

}  // namespace

template <class T>
std::string number_text(const T& value) {
  const int shortest_limit = std::min(25, significant_digits<T>());
  for (int digits = 2; digits <= shortest_limit; ++digits) {  // to_decimal(x, 1) prints all
    std::string text = to_decimal(value, digits);
    if (parse_decimal<T>(text) == value) return text;
  }
  if (auto fraction = small_fraction(T(value < 0 ? T(-value) : value));
      fraction && fraction->second > 1) {
    return (value < 0 ? "-" : "") + std::to_string(fraction->first) + "/" +
           std::to_string(fraction->second);
  }
  // Every digit, guard digits included, so that the text reads back as the same number.
  const int all = significant_digits<T>() + (std::is_same_v<T, Real> ? kGuardDigits + 3 : 3);
  return to_decimal(value, all);
}

// An exact value as the shortest decimal that is it, or p/q with a small q; any other with its
// certain digits (the continued fraction above would compare intervals).
template <>
std::string number_text<Certified>(const Certified& value) {
  if (const Certified::Rational* q = value.exact()) {
    for (int digits = 2; digits <= 25; ++digits) {
      std::string text = to_decimal(value, digits);
      if (compare(parse_decimal<Certified>(text), value) == Order::Equal) return text;
    }
    const auto denominator = boost::multiprecision::denominator(*q);
    if (denominator <= 1'000'000)
      return boost::multiprecision::numerator(*q).str() + "/" + denominator.str();
  }
  return to_decimal(value, significant_digits<Certified>());
}

template class Formula<double>;
template class Formula<Real>;
template class Formula<Certified>;
template std::string number_text<double>(const double&);
template std::string number_text<Real>(const Real&);

}  // namespace chainrule::engine
