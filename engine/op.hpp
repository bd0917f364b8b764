// The operations of the graph: each one's forward rule, its local partial derivatives and
// their symbolic form side by side, in one table. Adding an op is one enum value and one row.
#pragma once

#include <array>
#include <boost/multiprecision/number.hpp>
#include <cmath>
#include <cstdint>
#include <string_view>

#include "engine/number.hpp"

namespace chainrule::engine {

enum class Op : std::uint8_t {
  Input,     // a leaf whose value the user sets
  Constant,  // a literal folded at build time; never differentiated through
  Copy,      // y = x: its own node, so that d(E)/d(y) can differ from d(E)/d(x)
  Add,
  Subtract,
  Multiply,
  Divide,
  Negate,
  Power,          // a^b with a node exponent: a must be positive
  PowerConstant,  // a^c with c a constant node: any base the exponent allows
  Exp,
  Log,
  Sqrt,
  Sigmoid,
  Tanh,
  Relu,
  Abs,
  Sin,
  Cos,
  Step,         // 1 for a positive operand, else 0: the derivative of relu
  Sign,         // -1, 0 or 1: the derivative of abs
  Dot,          // Σ wₖ·xₖ (+ bias) over any number of terms: one node per neuron input sum
  Sensitivity,  // d(of)/d(wrt): operands are `of` and `wrt`; evaluated by a reverse sweep
};
inline constexpr std::size_t kOpCount = static_cast<std::size_t>(Op::Sensitivity) + 1;

namespace rules {
using std::cos, std::exp, std::log, std::sin, std::sqrt, std::tanh, std::abs, std::pow, std::trunc;

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
}  // namespace rules

// Symbolic partials use {a} and {b} for the operands and {r} for the result; they are
// expressions in the derivation-file language, so they can be printed in the names of
// the definition a node comes from.
template <class T>
struct OpRule {
  Op op;
  std::string_view name;
  int arity;  // 0 for leaves, 1 or 2; -1 for Dot (any number of operands)
  T (*forward)(const T& a, const T& b);
  T (*partial_a)(const T& a, const T& b, const T& r);
  T (*partial_b)(const T& a, const T& b, const T& r);
  std::string_view symbolic_a;
  std::string_view symbolic_b;
  // Empty when (a, b) is in the domain, otherwise why not.
  std::string_view (*domain)(const T& a, const T& b);
};

template <class T>
const std::array<OpRule<T>, kOpCount>& op_table() {
  using namespace rules;
  using R = OpRule<T>;
  static const T zero(0), one(1);
  auto none = [](const T&, const T&) -> std::string_view { return {}; };
  auto unused = [](const T&, const T&, const T&) -> T { return T(0); };
  static const std::array<R, kOpCount> table = {{
      {Op::Input, "input", 0, nullptr, nullptr, nullptr, "", "", none},
      {Op::Constant, "constant", 0, nullptr, nullptr, nullptr, "", "", none},
      {Op::Copy, "copy", 1, [](const T& a, const T&) -> T { return a; },
       [](const T&, const T&, const T&) -> T { return one; }, unused, "1", "", none},
      {Op::Add, "+", 2, [](const T& a, const T& b) -> T { return a + b; },
       [](const T&, const T&, const T&) -> T { return one; },
       [](const T&, const T&, const T&) -> T { return one; }, "1", "1", none},
      {Op::Subtract, "-", 2, [](const T& a, const T& b) -> T { return a - b; },
       [](const T&, const T&, const T&) -> T { return one; },
       [](const T&, const T&, const T&) -> T { return T(-1); }, "1", "-1", none},
      {Op::Multiply, "*", 2, [](const T& a, const T& b) -> T { return a * b; },
       [](const T&, const T& b, const T&) -> T { return b; },
       [](const T& a, const T&, const T&) -> T { return a; }, "{b}", "{a}", none},
      {Op::Divide, "/", 2, [](const T& a, const T& b) -> T { return a / b; },
       [](const T&, const T& b, const T&) -> T { return T(1) / b; },
       [](const T&, const T& b, const T& r) -> T { return -r / b; }, "1/{b}", "-{a}/{b}^2",
       [](const T&, const T& b) -> std::string_view {
         return b == zero ? "division by zero" : "";
       }},
      {Op::Negate, "neg", 1, [](const T& a, const T&) -> T { return -a; },
       [](const T&, const T&, const T&) -> T { return T(-1); }, unused, "-1", "", none},
      {Op::Power, "^", 2, [](const T& a, const T& b) -> T { return T(pow(a, b)); },
       [](const T& a, const T& b, const T& r) -> T { return T(b * r / a); },
       [](const T& a, const T&, const T& r) -> T { return T(r * log(a)); }, "{b}*{a}^({b} - 1)",
       "{a}^{b}*log({a})",
       [](const T& a, const T&) -> std::string_view {
         return a > zero ? "" : "a power with a variable exponent needs a positive base";
       }},
      // Squares, the commonest power, skip the general pow (exp and log inside MPFR): a·a and
      // 2·a are the same correctly rounded numbers as pow(a, 2) and 2·pow(a, 1).
      {Op::PowerConstant, "^", 2,
       [](const T& a, const T& b) -> T { return b == 2 ? T(a * a) : T(pow(a, b)); },
       [](const T& a, const T& b, const T&) -> T {
         return b == 2 ? T(2 * a) : T(b * pow(a, T(b - 1)));
       },
       unused, "{b}*{a}^({b} - 1)", "",
       [](const T& a, const T& b) -> std::string_view {
         if (a == zero && b == zero) return "0^0 is undefined";
         if (a == zero && b < zero) return "zero to a negative power";
         if (a < zero && !is_integer(b)) return "negative base with a non-integer exponent";
         return "";
       }},
      {Op::Exp, "exp", 1, [](const T& a, const T&) -> T { return T(exp(a)); },
       [](const T&, const T&, const T& r) -> T { return r; }, unused, "exp({a})", "", none},
      {Op::Log, "log", 1, [](const T& a, const T&) -> T { return T(log(a)); },
       [](const T& a, const T&, const T&) -> T { return T(1) / a; }, unused, "1/{a}", "",
       [](const T& a, const T&) -> std::string_view {
         return a > zero ? "" : "log of a non-positive number";
       }},
      {Op::Sqrt, "sqrt", 1, [](const T& a, const T&) -> T { return T(sqrt(a)); },
       [](const T&, const T&, const T& r) -> T { return T(1) / (2 * r); }, unused,
       "1/(2*sqrt({a}))", "",
       [](const T& a, const T&) -> std::string_view {
         return a < zero ? "sqrt of a negative number" : "";
       }},
      {Op::Sigmoid, "sigmoid", 1, [](const T& a, const T&) -> T { return sigmoid(a); },
       [](const T& a, const T&, const T& r) -> T { return sigmoid_slope(a, r); }, unused,
       "{r}*(1 - {r})", "", none},
      {Op::Tanh, "tanh", 1, [](const T& a, const T&) -> T { return T(tanh(a)); },
       [](const T& a, const T&, const T& r) -> T { return tanh_slope(a, r); }, unused, "1 - {r}^2",
       "", none},
      {Op::Relu, "relu", 1, [](const T& a, const T&) -> T { return relu(a); },
       [](const T& a, const T&, const T&) -> T { return step(a); }, unused, "step({a})", "", none},
      {Op::Abs, "abs", 1, [](const T& a, const T&) -> T { return T(abs(a)); },
       [](const T& a, const T&, const T&) -> T { return sign(a); }, unused, "sign({a})", "", none},
      {Op::Sin, "sin", 1, [](const T& a, const T&) -> T { return T(sin(a)); },
       [](const T& a, const T&, const T&) -> T { return T(cos(a)); }, unused, "cos({a})", "", none},
      {Op::Cos, "cos", 1, [](const T& a, const T&) -> T { return T(cos(a)); },
       [](const T& a, const T&, const T&) -> T { return T(-sin(a)); }, unused, "-sin({a})", "",
       none},
      {Op::Step, "step", 1, [](const T& a, const T&) -> T { return step(a); },
       [](const T&, const T&, const T&) -> T { return zero; }, unused, "0", "", none},
      {Op::Sign, "sign", 1, [](const T& a, const T&) -> T { return sign(a); },
       [](const T&, const T&, const T&) -> T { return zero; }, unused, "0", "", none},
      // n-ary: Tape::dot() builds it, its evaluation and partials (d/dwₖ = xₖ, d/dxₖ = wₖ,
      // d/dbias = 1) are in Tape::compute() and the reverse sweep.
      {Op::Dot, "dot", -1, nullptr, nullptr, nullptr, "", "", none},
      {Op::Sensitivity, "d", 2, nullptr, nullptr, nullptr, "", "", none},
  }};
  return table;
}

template <class T>
const OpRule<T>& rule(Op op) {
  return op_table<T>()[static_cast<std::size_t>(op)];
}

}  // namespace chainrule::engine
