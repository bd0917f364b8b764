// The op catalogue: each op's name, how files call it, which operands are differentiated, its
// forward rule, local partials and their symbolic form, domain and LaTeX, side by side in one
// row. The parser's functions, the symbolic partials, formula printing and the docs' function
// list are read from here; adding an op is one enum value and one row (plus test points).
#pragma once

#include <array>
#include <boost/multiprecision/number.hpp>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "engine/number.hpp"

namespace chainrule::engine {

// The order is the catalogue's (op_table() checks that row i is Op(i)); a new op goes at the
// end, before Count.
enum class Op : std::uint8_t {
  Input,     // a leaf whose value the user sets
  Constant,  // a literal folded at build time; never differentiated through
  Copy,      // y = x: its own node, so that d(E)/d(y) can differ from d(E)/d(x)
  Add,
  Subtract,
  Multiply,
  Divide,
  Negate,
  Exp,
  Log,
  Sqrt,
  Sigmoid,
  Tanh,
  Relu,
  Abs,
  Sin,
  Cos,
  Power,          // a^b with a node exponent: a must be positive
  PowerConstant,  // a^c with c a constant node: any base the exponent allows
  Step,           // 1 for a positive operand, else 0: the derivative of relu
  Sign,           // -1, 0 or 1: the derivative of abs
  Dot,            // Σ wₖ·xₖ (+ bias) over any number of terms: one node per neuron input sum
  Derivative,     // d(of)/d(wrt): operands are `of` and `wrt`; evaluated by a reverse sweep
  Softplus,       // log(1 + e^a), the smooth relu
  Max,            // the larger of a and b; files' max(a, b, c, …) is max(max(a, b), c) …
  Min,            // the smaller of a and b; min(a, b, c, …) likewise
  LogSumExp,      // log(e^a + e^b); logsumexp(z1, …, zk) likewise
  Count,          // not an op: how many there are
};
inline constexpr std::size_t kOpCount = static_cast<std::size_t>(Op::Count);

namespace rules {
using std::cos, std::exp, std::log, std::log1p, std::sin, std::sqrt, std::tanh, std::abs, std::pow,
    std::trunc;

template <class T>
T sigmoid(const T& a) {
  return T(1) / (T(1) + exp(-a));
}
// σ′(a) = σ(a)·σ(−a). Near σ = 1 the usual r·(1 − r) cancels (at a = 100 it keeps 16 of 50
// digits; in double σ′(40) comes out 0), so above r = 0.9 it is r²·e^(−a), the same number
// without the subtraction. Below 0.9 the subtraction loses at most one digit.
template <class T>
T sigmoid_slope(const T& a, const T& r) {
  if (!roughly_greater(r, 0.9)) return T(r * (1 - r));
  return T(r * r * exp(-a));
}
// tanh′(a) = 1 − tanh²(a) = 4t/(1 + t)² with t = e^(−2|a|): the second form for |tanh a| > 0.9,
// where 1 − r² would cancel (tanh′(300) is 0 in double that way, though it is 1.1e-260).
template <class T>
T tanh_slope(const T& a, const T& r) {
  if (!roughly_greater(T(abs(r)), 0.9)) return T(1 - r * r);
  const T t = exp(T(-2 * abs(a)));
  const T one_plus = T(1 + t);
  return T(4 * t / (one_plus * one_plus));
}
// log(1 + e^a) = a + log(1 + e^(−a)): the second form for positive a, so that e^a never
// overflows, and log1p either way, so that a tiny result (a = −60) keeps all its digits. Both
// forms are the same number, so a midpoint may choose between them.
template <class T>
T softplus(const T& a) {
  if (roughly_greater(a, 0)) return T(a + log1p(exp(T(-a))));
  return T(log1p(exp(a)));
}
template <class T>
bool is_integer(const T& a) {
  return trunc(a) == a;
}
// The piecewise ops through one function each, so that a number type whose comparisons can be
// undecided (engine/certified.hpp) gives them its own enclosing overloads.
template <class T>
T relu(const T& a) {
  return a > T(0) ? a : T(0);
}
template <class T>
T step(const T& a) {
  return a > T(0) ? T(1) : T(0);
}
template <class T>
T sign(const T& a) {
  return a > T(0) ? T(1) : (a < T(0) ? T(-1) : T(0));
}
// max and min through one function each, so that Certified gives its own exact overloads.
template <class T>
T maximum(const T& a, const T& b) {
  return a >= b ? T(a) : T(b);
}
template <class T>
T minimum(const T& a, const T& b) {
  return a <= b ? T(a) : T(b);
}
// log(e^a + e^b) = max(a, b) + log1p(e^(−|a − b|)): e^x never overflows and the sum never
// cancels, so a double keeps all its digits for logits of any size.
template <class T>
T logsumexp(const T& a, const T& b) {
  const T larger = maximum(a, b);
  return T(larger + log1p(exp(T(-abs(T(a - b))))));
}
// The derivative 1 goes to the first maximal (minimal) operand: 1 − step(b − a) is 1 when
// a ≥ b, so at a tie a gets it and b gets step(b − a) = 0. See docs/derivation-files.md.
template <class T>
T first_maximal(const T& a, const T& b) {
  return T(T(1) - step(T(b - a)));
}
}  // namespace rules

// One entry of the catalogue: everything about an op, numeric and symbolic side by side.
// Symbolic partials use {a} and {b} for the operands and {r} for the result; they are
// expressions in the derivation-file language, so they can be printed in the names of
// the definition a node comes from. `latex` uses {a} (and {b}) for the operands' LaTeX.
template <class T>
struct OpRule {
  using Forward = T (*)(const T& a, const T& b);
  using Partial = T (*)(const T& a, const T& b, const T& r);
  using Domain = std::string_view (*)(const T& a, const T& b);  // empty in the domain, else why

  Op op;
  std::string_view name;      // in messages and graph labels
  std::string_view function;  // how derivation files call it ("" if they write it otherwise)
  int arity;                  // 0 for leaves, 1 or 2; -1 for Dot (any number of operands)
  std::uint8_t active;        // bit k: the op is differentiated in operand k (not in a^c's c)
  Forward forward;
  Partial partial_a;
  Partial partial_b;
  std::string_view symbolic_a;
  std::string_view symbolic_b;
  Domain domain;
  std::string_view latex;

  bool differentiates(int operand) const { return ((active >> operand) & 1U) != 0; }
  // How many operands carry a derivative: 2 for a*b, 1 for a^c, 0 for a leaf.
  int active_operands() const { return (active & 1U) + ((active >> 1) & 1U); }
};

namespace catalogue {
template <class T>
std::string_view everywhere(const T&, const T&) {
  return {};
}
template <class T>
T no_partial(const T&, const T&, const T&) {
  return T(0);
}
template <class T>
OpRule<T> leaf(Op op, std::string_view name) {
  return {op, name, "", 0, 0, nullptr, nullptr, nullptr, "", "", everywhere<T>, ""};
}
template <class T>
OpRule<T> unary(Op op, std::string_view name, typename OpRule<T>::Forward forward,
                typename OpRule<T>::Partial partial, std::string_view symbolic,
                typename OpRule<T>::Domain domain = everywhere<T>, std::string_view latex = "") {
  return {op, name, "", 1, 1, forward, partial, no_partial<T>, symbolic, "", domain, latex};
}
// A function derivation files call by its name, as `tanh(x)`.
template <class T>
OpRule<T> function(OpRule<T> rule) {
  rule.function = rule.name;
  return rule;
}
template <class T>
OpRule<T> binary(Op op, std::string_view name, typename OpRule<T>::Forward forward,
                 typename OpRule<T>::Partial partial_a, typename OpRule<T>::Partial partial_b,
                 std::string_view symbolic_a, std::string_view symbolic_b,
                 typename OpRule<T>::Domain domain = everywhere<T>, std::string_view latex = "") {
  return {op, name, "", 2, 3, forward, partial_a, partial_b, symbolic_a, symbolic_b, domain, latex};
}
template <class T, std::size_t N>
bool check_order(const std::array<OpRule<T>, N>& table) {
  for (std::size_t i = 0; i < N; ++i)
    if (static_cast<std::size_t>(table[i].op) != i)
      throw std::logic_error("op_table: the row of " + std::string(table[i].name) +
                             " is not in the place of its op");
  return true;
}
}  // namespace catalogue

template <class T>
const std::array<OpRule<T>, kOpCount>& op_table() {
  using namespace rules;
  using namespace catalogue;
  using R = OpRule<T>;
  static const T zero(0), one(1);
  auto pass = [](const T&, const T&, const T&) -> T { return one; };
  static const std::array<R, kOpCount> table = {{
      leaf<T>(Op::Input, "input"),
      leaf<T>(Op::Constant, "constant"),
      unary<T>(
          Op::Copy, "copy", [](const T& a, const T&) -> T { return a; }, pass, "1"),
      binary<T>(
          Op::Add, "+", [](const T& a, const T& b) -> T { return a + b; }, pass, pass, "1", "1"),
      binary<T>(
          Op::Subtract, "-", [](const T& a, const T& b) -> T { return a - b; }, pass,
          [](const T&, const T&, const T&) -> T { return T(-1); }, "1", "-1"),
      binary<T>(
          Op::Multiply, "*", [](const T& a, const T& b) -> T { return a * b; },
          [](const T&, const T& b, const T&) -> T { return b; },
          [](const T& a, const T&, const T&) -> T { return a; }, "{b}", "{a}"),
      binary<T>(
          Op::Divide, "/", [](const T& a, const T& b) -> T { return a / b; },
          [](const T&, const T& b, const T&) -> T { return T(1) / b; },
          [](const T&, const T& b, const T& r) -> T { return -r / b; }, "1/{b}", "-{a}/{b}^2",
          [](const T&, const T& b) -> std::string_view {
            return b == zero ? "division by zero" : "";
          }),
      unary<T>(
          Op::Negate, "neg", [](const T& a, const T&) -> T { return -a; },
          [](const T&, const T&, const T&) -> T { return T(-1); }, "-1"),
      function(unary<T>(
          Op::Exp, "exp", [](const T& a, const T&) -> T { return T(exp(a)); },
          [](const T&, const T&, const T& r) -> T { return r; }, "exp({a})", everywhere<T>,
          R"(\exp\left({a}\right))")),
      function(unary<T>(
          Op::Log, "log", [](const T& a, const T&) -> T { return T(log(a)); },
          [](const T& a, const T&, const T&) -> T { return T(1) / a; }, "1/{a}",
          [](const T& a, const T&) -> std::string_view {
            return a > zero ? "" : "log of a non-positive number";
          },
          R"(\log\left({a}\right))")),
      function(unary<T>(
          Op::Sqrt, "sqrt", [](const T& a, const T&) -> T { return T(sqrt(a)); },
          [](const T&, const T&, const T& r) -> T { return T(1) / (2 * r); }, "1/(2*sqrt({a}))",
          [](const T& a, const T&) -> std::string_view {
            return a < zero ? "sqrt of a negative number" : "";
          },
          "\\sqrt{{a}}")),
      function(unary<T>(
          Op::Sigmoid, "sigmoid", [](const T& a, const T&) -> T { return sigmoid(a); },
          [](const T& a, const T&, const T& r) -> T { return sigmoid_slope(a, r); },
          "{r}*(1 - {r})", everywhere<T>, R"(\sigma\left({a}\right))")),
      function(unary<T>(
          Op::Tanh, "tanh", [](const T& a, const T&) -> T { return T(tanh(a)); },
          [](const T& a, const T&, const T& r) -> T { return tanh_slope(a, r); }, "1 - {r}^2",
          everywhere<T>, R"(\tanh\left({a}\right))")),
      function(unary<T>(
          Op::Relu, "relu", [](const T& a, const T&) -> T { return relu(a); },
          [](const T& a, const T&, const T&) -> T { return step(a); }, "step({a})")),
      function(unary<T>(
          Op::Abs, "abs", [](const T& a, const T&) -> T { return T(abs(a)); },
          [](const T& a, const T&, const T&) -> T { return sign(a); }, "sign({a})", everywhere<T>,
          "\\left|{a}\\right|")),
      function(unary<T>(
          Op::Sin, "sin", [](const T& a, const T&) -> T { return T(sin(a)); },
          [](const T& a, const T&, const T&) -> T { return T(cos(a)); }, "cos({a})", everywhere<T>,
          R"(\sin\left({a}\right))")),
      function(unary<T>(
          Op::Cos, "cos", [](const T& a, const T&) -> T { return T(cos(a)); },
          [](const T& a, const T&, const T&) -> T { return T(-sin(a)); }, "-sin({a})",
          everywhere<T>, R"(\cos\left({a}\right))")),
      // Files write a^b or pow(a, b); with a constant exponent the node is PowerConstant.
      [] {
        R power = binary<T>(
            Op::Power, "^", [](const T& a, const T& b) -> T { return T(pow(a, b)); },
            [](const T& a, const T& b, const T& r) -> T { return T(b * r / a); },
            [](const T& a, const T&, const T& r) -> T { return T(r * log(a)); },
            "{b}*{a}^({b} - 1)", "{a}^{b}*log({a})",
            [](const T& a, const T&) -> std::string_view {
              return a > zero ? "" : "a power with a variable exponent needs a positive base";
            });
        power.function = "pow";
        return power;
      }(),
      // Only the base is differentiated. Squares, the commonest power, skip the general pow
      // (exp and log inside MPFR): a·a and 2·a are the same correctly rounded numbers as
      // pow(a, 2) and 2·pow(a, 1).
      [] {
        R power = binary<T>(
            Op::PowerConstant, "^",
            [](const T& a, const T& b) -> T { return b == 2 ? T(a * a) : T(pow(a, b)); },
            [](const T& a, const T& b, const T&) -> T {
              return b == 2 ? T(2 * a) : T(b * pow(a, T(b - 1)));
            },
            no_partial<T>, "{b}*{a}^({b} - 1)", "",
            [](const T& a, const T& b) -> std::string_view {
              if (a == zero && b == zero) return "0^0 is undefined";
              if (a == zero && b < zero) return "zero to a negative power";
              if (a < zero && !is_integer(b)) return "negative base with a non-integer exponent";
              return "";
            });
        power.active = 1;
        return power;
      }(),
      function(unary<T>(
          Op::Step, "step", [](const T& a, const T&) -> T { return step(a); },
          [](const T&, const T&, const T&) -> T { return zero; }, "0")),
      function(unary<T>(
          Op::Sign, "sign", [](const T& a, const T&) -> T { return sign(a); },
          [](const T&, const T&, const T&) -> T { return zero; }, "0")),
      // n-ary: Tape::dot() builds it, its evaluation and partials (d/dwₖ = xₖ, d/dxₖ = wₖ,
      // d/dbias = 1: Tape::dot_factor) are in Tape::compute() and the reverse sweep.
      {Op::Dot, "dot", "", -1, 0, nullptr, nullptr, nullptr, "", "", everywhere<T>, ""},
      {Op::Derivative, "d", "", 2, 0, nullptr, nullptr, nullptr, "", "", everywhere<T>, ""},
      // softplus′(a) = σ(a), whose own derivative the sigmoid row gives.
      function(unary<T>(
          Op::Softplus, "softplus", [](const T& a, const T&) -> T { return softplus(a); },
          [](const T& a, const T&, const T&) -> T { return sigmoid(a); }, "sigmoid({a})")),
      // Subgradients at a tie: the first maximal (minimal) operand gets the derivative 1, the
      // others 0, so max(0, x) differentiates as relu(x) does (0 at x = 0) and the partials of
      // a k-argument max, a left fold, still sum to 1.
      function(binary<T>(
          Op::Max, "max", [](const T& a, const T& b) -> T { return maximum(a, b); },
          [](const T& a, const T& b, const T&) -> T { return first_maximal(a, b); },
          [](const T& a, const T& b, const T&) -> T { return step(T(b - a)); },
          "1 - step({b} - {a})", "step({b} - {a})", everywhere<T>, R"(\max\left({a}, {b}\right))")),
      function(binary<T>(
          Op::Min, "min", [](const T& a, const T& b) -> T { return minimum(a, b); },
          [](const T& a, const T& b, const T&) -> T { return first_maximal(b, a); },
          [](const T& a, const T& b, const T&) -> T { return step(T(a - b)); },
          "1 - step({a} - {b})", "step({a} - {b})", everywhere<T>, R"(\min\left({a}, {b}\right))")),
      // ∂/∂a = e^a/(e^a + e^b) = e^(a − r): the softmax weight of a, at most 1.
      function(binary<T>(
          Op::LogSumExp, "logsumexp", [](const T& a, const T& b) -> T { return logsumexp(a, b); },
          [](const T& a, const T&, const T& r) -> T { return T(exp(T(a - r))); },
          [](const T&, const T& b, const T& r) -> T { return T(exp(T(b - r))); }, "exp({a} - {r})",
          "exp({b} - {r})", everywhere<T>, R"(\operatorname{logsumexp}\left({a}, {b}\right))")),
  }};
  static const bool in_order = check_order(table);
  (void)in_order;
  return table;
}

template <class T>
const OpRule<T>& rule(Op op) {
  return op_table<T>()[static_cast<std::size_t>(op)];
}

// The op a node of `op` is when its second operand is (or is not) a constant: a^c with c
// constant is PowerConstant, whose domain is every base c allows and whose c is not
// differentiated. Everything that builds nodes from a^b asks this one place.
inline Op with_operands(Op op, bool constant_b) {
  if (op == Op::Power && constant_b) return Op::PowerConstant;
  if (op == Op::PowerConstant && !constant_b) return Op::Power;
  return op;
}

// Binary ops that files call with any number k ≥ 2 of arguments, meaning the left fold
// f(f(f(z1, z2), z3), …): exact for max, min and logsumexp, which are associative, and the
// fold keeps "the first maximal argument" the one that gets the derivative.
inline bool folds_left(Op op) { return op == Op::Max || op == Op::Min || op == Op::LogSumExp; }

// The op a derivation file calls `name`, if any.
inline const OpRule<double>* function_rule(std::string_view name) {
  for (const auto& r : op_table<double>())
    if (!r.function.empty() && r.function == name) return &r;
  return nullptr;
}

}  // namespace chainrule::engine
