// The engine on its own: every op's local derivative against high-precision central
// differences, sweeps, re-evaluation, deep graphs, and every number type.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/number.hpp"
#include "engine/tape.hpp"
#include "precision.hpp"

using namespace chainrule::engine;
using chainrule::testing::agree_to_digits;
using chainrule::testing::Precision;
using chainrule::testing::real;

namespace {

// Local derivative of `op` in its operand `which` at (a, b), by the engine's own rule.
Real engine_partial(Op op, const Real& a, const Real& b, int which) {
  Tape<Real> tape;
  NodeIndex x = tape.input(a);
  NodeIndex y = op == Op::PowerConstant ? tape.constant(b) : tape.input(b);
  NodeIndex r = tape.apply(op, x, y);
  auto s = sweep(tape, r);
  return s[which == 0 ? x : y];
}

// Central difference (f(v + h) - f(v - h)) / 2h at 200 digits with h = 1e-60, scaled by |v|
// when |v| < 1 so that tiny arguments (1e-45) get a step that is still small against them:
// the truncation error is O((h/v)^2) <= 1e-120 relative, and the cancellation costs 60 of
// the 200 digits, both far from the 100 digits compared.
Real central_difference(Op op, const Real& a, const Real& b, int which) {
  const Real& v = which == 0 ? a : b;
  const Real h = real("1e-60") * std::min(Real(1), std::max(abs(v), real("1e-100")));
  auto f = [&](const Real& da, const Real& db) {
    Tape<Real> tape;
    NodeIndex x = tape.input(a + da);
    NodeIndex y = tape.input(b + db);
    return tape.value(tape.apply(op, x, y));
  };
  Real forward = which == 0 ? f(h, 0) : f(0, h);
  Real backward = which == 0 ? f(-h, 0) : f(0, -h);
  return (forward - backward) / (2 * h);
}

}  // namespace

TEST_CASE("every op's local derivative matches a 200-digit central difference to 100 digits") {
  Precision precision(200);
  struct Point {
    Op op;
    const char* a;
    const char* b;
  };
  const std::vector<Point> points = {
      {Op::Add, "0.3", "-7.25"},
      {Op::Subtract, "1e30", "3.5"},
      {Op::Multiply, "1e-40", "2.5e35"},
      {Op::Divide, "0.7", "1e-25"},
      {Op::Divide, "-3e20", "7"},
      {Op::Power, "0.003", "2.75"},
      {Op::Power, "1e20", "-0.5"},
      {Op::PowerConstant, "-0.7", "2"},
      {Op::PowerConstant, "1e-30", "3"},
      {Op::PowerConstant, "5", "-1.5"},
      {Op::Exp, "-50", "0"},
      {Op::Exp, "1e-40", "0"},
      {Op::Exp, "120.5", "0"},
      {Op::Log, "1e-45", "0"},
      {Op::Log, "3e40", "0"},
      {Op::Sqrt, "1e-50", "0"},
      {Op::Sqrt, "2", "0"},
      {Op::Sigmoid, "0.97753007", "0"},
      {Op::Sigmoid, "-80", "0"},
      {Op::Sigmoid, "45", "0"},
      {Op::Tanh, "1e-30", "0"},
      {Op::Tanh, "-20", "0"},
      {Op::Relu, "0.25", "0"},
      {Op::Relu, "-3", "0"},
      {Op::Abs, "-1e-35", "0"},
      {Op::Abs, "4", "0"},
      {Op::Sin, "1e25", "0"},
      {Op::Sin, "-0.5", "0"},
      {Op::Cos, "3.14159", "0"},
      {Op::Cos, "1e-20", "0"},
      {Op::Negate, "2.5", "0"},
      {Op::Copy, "-9", "0"},
      {Op::Softplus, "-60", "0"},
      {Op::Softplus, "30", "0"},
      {Op::Max, "0.3", "-7.25"},
      {Op::Max, "-2", "1.5"},
      {Op::Min, "0.3", "-7.25"},
      {Op::Min, "-2", "1.5"},
      {Op::LogSumExp, "0.5", "-1.25"},
      {Op::LogSumExp, "30", "29.5"},
      {Op::LogSumExp, "-40", "3"},
  };
  for (const auto& p : points) {
    for (int which = 0; which < rule<Real>(p.op).active_operands(); ++which) {
      CAPTURE(std::string(rule<Real>(p.op).name));
      CAPTURE(std::string(p.a));
      CAPTURE(which);
      Real exact = engine_partial(p.op, real(p.a), real(p.b), which);
      Real numeric = central_difference(p.op, real(p.a), real(p.b), which);
      CHECK(agree_to_digits(exact, numeric, 100));
    }
  }
}

TEST_CASE("decimal text is read exactly and printed without binary residue") {
  for (int digits : {50, 10000}) {
    Precision precision(digits);
    CHECK(to_decimal(real("0.03"), digits) == "0.03");
    CHECK(to_decimal(real("-0.06878889"), digits) == "-0.06878889");
    CHECK(to_decimal(real("6.02E23"), digits) == "602000000000000000000000");
    CHECK(to_decimal(real(".5"), digits) == "0.5");
    CHECK(to_decimal(real("1e-3"), digits) == "0.001");
  }
  Precision precision(50);
  CHECK(to_decimal(real("1e-30"), 50) == "1e-30");
  CHECK(to_decimal(real("0"), 50) == "0");
  CHECK(to_decimal(parse_decimal<double>("0.03"), 17) == "0.029999999999999999");
  CHECK(to_decimal(parse_decimal<DecFloat50>("0.03"), 50) == "0.03");
  CHECK(to_decimal(parse_decimal<BinFloat50>("0.03"), 50) == "0.03");
}

TEST_CASE("exp(1) at 1000 digits agrees with e summed as a series") {
  Precision precision(1000);
  Tape<Real> tape;
  Real e = tape.value(tape.apply(Op::Exp, tape.input(Real(1))));
  // e = sum of 1/k!, an algorithm independent of MPFR's exp; 460! > 10^1020.
  Real series = 0, term = 1;
  for (int k = 1; k < 460; ++k) {
    series += term;
    term /= k;
  }
  CHECK(to_decimal(e, 1000) == to_decimal(series, 1000));
  CHECK(to_decimal(e, 1000).substr(0, 22) == "2.71828182845904523536");
}

namespace {

// f(x, y) = sigmoid(x*y + y) built on a tape of any number type.
template <class T>
struct SmallGraph {
  Tape<T> tape;
  NodeIndex x = tape.input(parse_decimal<T>("0.5"));
  NodeIndex y = tape.input(parse_decimal<T>("-1.25"));
  NodeIndex xy = tape.apply(Op::Multiply, x, y);
  NodeIndex sum = tape.apply(Op::Add, xy, y);
  NodeIndex out = tape.apply(Op::Sigmoid, sum);
};

}  // namespace

TEST_CASE_TEMPLATE("every number type builds, sweeps and agrees with the closed form", T, double,
                   long double, Real, BinFloat50, DecFloat50) {
  Precision precision(50);
  SmallGraph<T> g;
  // d/dx sigmoid(xy + y) = s(1 - s) * y and d/dy = s(1 - s) * (x + 1), with s at x*y + y.
  const double s = 1 / (1 + std::exp(-(0.5 * -1.25 - 1.25)));
  auto grad = sweep(g.tape, g.out);
  CHECK(static_cast<double>(g.tape.value(g.out)) == doctest::Approx(s).epsilon(1e-15));
  CHECK(static_cast<double>(grad[g.x]) == doctest::Approx(s * (1 - s) * -1.25).epsilon(1e-15));
  CHECK(static_cast<double>(grad[g.y]) == doctest::Approx(s * (1 - s) * 1.5).epsilon(1e-15));
}

TEST_CASE("sweeping twice gives the same answer, and intermediate nodes get sensitivities") {
  Precision precision(50);
  SmallGraph<Real> g;
  Sensitivities<Real> first, second;
  sweep(g.tape, g.out, first);
  sweep(g.tape, g.out, second);
  sweep(g.tape, g.out, second);  // reusing the buffers must not accumulate
  CHECK(first.adjoint == second.adjoint);
  // d(out)/d(sum) is the sigmoid's local partial, and d(out)/d(xy) equals it (sum = xy + y).
  const Real& s = g.tape.value(g.out);
  CHECK(second[g.sum] == s * (1 - s));
  CHECK(second[g.xy] == second[g.sum]);
  CHECK(second.depends_on(g.x));
  auto from_xy = sweep(g.tape, g.xy);
  CHECK_FALSE(from_xy.depends_on(g.out));
}

TEST_CASE("a graph is re-evaluated with new leaf values without being rebuilt") {
  Precision precision(50);
  SmallGraph<Real> g;
  const auto nodes = g.tape.size();
  g.tape.set_value(g.x, parse_decimal<Real>("2"));
  g.tape.set_value(g.y, parse_decimal<Real>("3"));
  REQUIRE_FALSE(g.tape.evaluate().has_value());
  CHECK(g.tape.size() == nodes);
  CHECK(g.tape.value(g.sum) == 9);
  CHECK(g.tape.value(g.out) == 1 / (1 + exp(Real(-9))));
}

TEST_CASE("a derivative node is recomputed by a sweep, and sweeping through it is flagged") {
  Precision precision(50);
  SmallGraph<Real> g;
  NodeIndex d = g.tape.derivative(g.out, g.x);
  NodeIndex step = g.tape.apply(Op::Subtract, g.x, d);
  CHECK(g.tape.value(d) == sweep(g.tape, g.out)[g.x]);
  g.tape.set_value(g.x, parse_decimal<Real>("0.75"));
  REQUIRE_FALSE(g.tape.evaluate().has_value());
  CHECK(g.tape.value(d) == sweep(g.tape, g.out)[g.x]);
  auto through = sweep(g.tape, step);
  CHECK(through.incomplete(g.y));  // y reaches `step` only through the derivative node
  CHECK(through[g.x] == 1);        // the direct path is still counted
}

TEST_CASE("derivative nodes of one node share its sweep until a value changes") {
  // y = x·w: dy/dx = w and dy/dw = x, read from one sweep from y (Tape::swept_from).
  Tape<double> t;
  const NodeIndex x = t.input(3.0);
  const NodeIndex w = t.input(5.0);
  const NodeIndex y = t.apply(Op::Multiply, x, w);
  const NodeIndex dydx = t.derivative(y, x);
  const NodeIndex dydw = t.derivative(y, w);
  CHECK(t.value(dydx) == 5.0);
  CHECK(t.value(dydw) == 3.0);
  CHECK(&t.swept_from(y) == &t.swept_from(y));  // kept, not made again
  // A new leaf value is seen by the next derivative node, evaluated or not: the kept sweep
  // read x = 3 and is forgotten.
  t.set_value(x, 7.0);
  const NodeIndex again = t.derivative(y, w);
  CHECK(t.value(again) == 7.0);
  t.set_value(w, 11.0);
  REQUIRE_FALSE(t.evaluate().has_value());
  CHECK(t.value(dydx) == 11.0);
  CHECK(t.value(dydw) == 7.0);
  CHECK(t.swept_from(y)[x] == 11.0);
  // A cleared and rebuilt tape with the same node numbers sweeps its own values.
  t.clear();
  const NodeIndex a = t.input(2.0);
  const NodeIndex b = t.input(9.0);
  const NodeIndex z = t.apply(Op::Add, a, b);
  CHECK(z == y);
  CHECK(t.value(t.derivative(z, a)) == 1.0);
}

TEST_CASE("evaluation stops at the first node outside its op's domain") {
  Tape<double> tape;
  NodeIndex zero = tape.input(0.0);
  NodeIndex one = tape.input(1.0);
  NodeIndex ratio = tape.apply(Op::Divide, one, zero);
  tape.apply(Op::Log, zero);
  auto error = tape.evaluate();
  REQUIRE(error.has_value());
  CHECK(error->node == ratio);
  CHECK(error->reason == "division by zero");
  tape.set_value(zero, 1e300);
  NodeIndex huge = tape.apply(Op::Multiply, zero, zero);
  error = tape.evaluate();
  REQUIRE(error.has_value());
  CHECK(error->node == huge);
  CHECK(error->reason == "the result is not finite");
}

TEST_CASE("a chain of 10 million nodes is built, evaluated and differentiated without recursion") {
  // x_{k+1} = x_k * c with c = 1 + 1e-7: d(x_n)/d(x_0) = c^n, a closed form.
  constexpr std::size_t n = 10'000'000;
  Tape<double> tape;
  tape.reserve(n + 2);
  NodeIndex x0 = tape.input(1.0);
  NodeIndex c = tape.input(1.0 + 1e-7);
  NodeIndex x = x0;
  for (std::size_t k = 0; k < n; ++k) x = tape.apply(Op::Multiply, x, c);
  REQUIRE_FALSE(tape.evaluate().has_value());
  auto grad = sweep(tape, x);
  const double expected = std::pow(1.0 + 1e-7, static_cast<double>(n));  // e^(1 - 5e-8)
  CHECK(grad[x0] == doctest::Approx(expected).epsilon(1e-9));
  CHECK(tape.value(x) == doctest::Approx(expected).epsilon(1e-9));
  // d(x_n)/dc = n * c^(n-1)
  CHECK(grad[c] == doctest::Approx(n * expected / (1.0 + 1e-7)).epsilon(1e-9));
}

TEST_CASE("long double reads decimal text by the same grammar as double and float") {
  // 0.5 and 2.5 are exact in binary; 1e-3 is the nearest long double to 1/1000, which is
  // what 1.0L / 1000 rounds to as well (one correctly rounded division).
  CHECK(parse_decimal<long double>("0.5") == 0.5L);
  CHECK(parse_decimal<long double>("+2.5") == 2.5L);
  CHECK(parse_decimal<long double>("1e-3") == 1.0L / 1000);
  for (const char* bad : {"", "abc", "0.1x", " 2", "0x10", "1.5 ", "--1"}) {
    CAPTURE(std::string(bad));
    CHECK_THROWS_AS(parse_decimal<long double>(bad), std::invalid_argument);
  }
}

TEST_CASE("float (IEEE single) reads, prints and differentiates in its own arithmetic") {
  // 0.1 nearest in float is 13421773·2^-27 = 0.100000001490116119384765625 exactly, printed
  // with float's 9 significant digits as 0.100000001.
  CHECK(parse_decimal<float>("0.1") == 0.1f);
  CHECK(parse_decimal<float>("+2.5") == 2.5f);
  CHECK(to_decimal<float>(0.1f, 9) == "0.100000001");
  CHECK(significant_digits<float>() == 9);
  CHECK_THROWS(parse_decimal<float>("0.1x"));
  SmallGraph<float> g;
  // The same closed forms as above, to float's precision (about 6e-8 relative).
  const double s = 1 / (1 + std::exp(-(0.5 * -1.25 - 1.25)));
  auto grad = sweep(g.tape, g.out);
  CHECK(static_cast<double>(g.tape.value(g.out)) == doctest::Approx(s).epsilon(1e-6));
  CHECK(static_cast<double>(grad[g.x]) == doctest::Approx(s * (1 - s) * -1.25).epsilon(1e-6));
}
