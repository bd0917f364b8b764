// engine/value.hpp: Value handles with operators and the op catalogue, gradients, names,
// re-evaluation that is never stale, second derivatives, and the tape underneath. Expected
// values are exact binary fractions worked out by hand, or closed forms with their digits from
// mpmath at 60 digits (`mp.dps = 60`), as each comment says. This file never calls
// set_working_digits: Real runs at its default precision throughout.
#include <doctest/doctest.h>

#include <array>
#include <sstream>
#include <stdexcept>

#include "engine/number.hpp"
#include "engine/value.hpp"

using namespace chainrule::engine;

namespace {

std::string digits(const Real& x, int n) { return to_decimal(x, n); }

}  // namespace

TEST_CASE("Real starts at the command's 50 significant digits, and significant_digits says so") {
  // The command's default (docs: 50 digits) plus the 10 guard digits of set_working_digits.
  CHECK(significant_digits<Real>() == 50);
  CHECK(Real::default_precision() == 60);
  // 1/3 to 55 digits: at 60 digits every one of them is a 3 (at Boost's own 20 they were not).
  CHECK(digits(Real(1) / 3, 55) == "0." + std::string(55, '3'));
}

TEST_CASE("sigmoid(x*w + b): value and gradient, exact at h = 0") {
  Graph<Real> g;
  Value<Real> x = g.input("x", "0.5"), w = g.input("w", "2"), b = g.input("b", "-1");
  Value<Real> out = sigmoid(x * w + b).named("out");
  // h = 0.5·2 − 1 = 0: σ(0) = 1/2, σ'(0) = σ(0)(1 − σ(0)) = 1/4, so d/dw = x/4 = 0.125,
  // d/db = 1/4, d/dx = w/4 = 0.5.
  CHECK(out.value() == Real("0.5"));
  const Gradient<Real> d = gradient(out);
  CHECK(d[w] == Real("0.125"));
  CHECK(d[b] == Real("0.25"));
  CHECK(d[x] == Real("0.5"));
  CHECK(d[out] == 1);
  CHECK(g["out"].node() == out.node());
  CHECK(out.name() == "out");
}

TEST_CASE("operators with values and with constants on either side") {
  Graph<double> g;
  Value<double> x = g.input("x", 2.0), y = g.input("y", 3.0);
  // f = x·x·y + y/x at (2, 3): 12 + 1.5 = 13.5; df/dx = 2xy − y/x² = 12 − 0.75 = 11.25;
  // df/dy = x² + 1/x = 4.5. All exact in binary.
  Value<double> f = x * x * y + y / x;
  CHECK(f.value() == 13.5);
  CHECK(gradient(f)[x] == 11.25);
  CHECK(gradient(f)[y] == 4.5);
  // h = 2x − 1 + x/4 − (3 − x) + (−x)·1 at x = 2: 3 + 0.5 − 1 − 2 = 0.5; dh/dx = 2 + 1/4 + 1 − 1.
  Value<double> h = 2.0 * x - 1.0 + x / 4.0 - (3.0 - x) + (-x) * 1.0;
  CHECK(h.value() == 0.5);
  CHECK(gradient(h)[x] == 2.25);
  CHECK_FALSE(gradient(h).depends_on(y));
  CHECK(gradient(h)[y] == 0);
  // Compound assignment points the handle at a new node: s = ((x + y)·y − x)/y = (15 − 2)/3.
  Value<double> s = x;
  s += y;
  s *= y;
  s -= x;
  s /= y;
  CHECK(s.value() == doctest::Approx(13.0 / 3.0).epsilon(1e-15));
  CHECK(x.value() == 2.0);  // x itself is untouched
}

TEST_CASE("leaves from numbers and from decimal text, literal or not") {
  Graph<double> g;
  Value<double> zero = g.input("zero", 0);  // the number 0, not a null string
  zero.set(0);
  CHECK(zero.value() == 0);
  Graph<Real> r;
  const std::string text = "0.25";
  Value<Real> quarter = r.input("quarter", std::string_view(text));
  CHECK(quarter.value() == Real(1) / 4);
  quarter.set(std::string_view("0.5"));
  CHECK((quarter * r.constant("0.1")).value() == Real("0.05"));  // 0.1 and 0.05 read exactly
}

TEST_CASE("the op catalogue as functions, each against its derivative by hand") {
  Graph<Real> g;
  Value<Real> two = g.input("two", "2"), three = g.input("three", "3");
  auto value_and_slope = [](const Value<Real>& f, const Value<Real>& wrt) {
    return std::pair<Real, Real>{f.value(), gradient(f)[wrt]};
  };
  // x³ at 2: 8 and 3x² = 12. x^y at (2, 3): 8, d/dx = y·x^(y−1) = 12, d/dy = x^y·ln x = 8 ln 2.
  CHECK(value_and_slope(pow(two, 3), two) == std::pair<Real, Real>{8, 12});
  const Value<Real> p = pow(two, three);
  CHECK(digits(p.value(), 40) == "8");
  CHECK(digits(gradient(p)[two], 40) == "12");
  // 8 ln 2 from mpmath: 5.54517744447956247533785697166541254460400107...
  CHECK(digits(gradient(p)[three], 40) == "5.545177444479562475337856971665412544604");
  // sqrt at 4: 2 and 1/(2·2). exp(log x) = x with slope (1/x)·x = 1.
  Value<Real> four = g.input("four", "4");
  CHECK(value_and_slope(sqrt(four), four) == std::pair<Real, Real>{2, Real("0.25")});
  CHECK(digits(exp(log(three)).value(), 45) == "3");
  CHECK(digits(gradient(exp(log(three)))[three], 45) == "1");
  // At 0: tanh 0 = 0, tanh' = 1 − 0² = 1; sin 0 = 0, sin' = cos 0 = 1; cos 0 = 1, cos' = −sin 0.
  Value<Real> zero = g.input("zero", "0");
  CHECK(value_and_slope(tanh(zero), zero) == std::pair<Real, Real>{0, 1});
  CHECK(value_and_slope(sin(zero), zero) == std::pair<Real, Real>{0, 1});
  CHECK(value_and_slope(cos(zero), zero) == std::pair<Real, Real>{1, 0});
  // relu, abs, step, sign, copy at −3: 0 (slope 0), 3 (slope −1), 0, −1 (slopes 0), −3 (1).
  Value<Real> minus3 = g.input("minus3", "-3");
  CHECK(value_and_slope(relu(minus3), minus3) == std::pair<Real, Real>{0, 0});
  CHECK(value_and_slope(relu(three), three) == std::pair<Real, Real>{3, 1});
  CHECK(value_and_slope(abs(minus3), minus3) == std::pair<Real, Real>{3, -1});
  CHECK(value_and_slope(step(minus3), minus3) == std::pair<Real, Real>{0, 0});
  CHECK(value_and_slope(sign(minus3), minus3) == std::pair<Real, Real>{-1, 0});
  CHECK(value_and_slope(copy(minus3), minus3) == std::pair<Real, Real>{-3, 1});
  std::ostringstream printed;
  printed << pow(two, 10);
  CHECK(printed.str() == "1024");
}

TEST_CASE("a new leaf value is seen by every later read: values and gradients are never stale") {
  Graph<Real> g;
  Value<Real> x = g.input("x", "0.5"), w = g.input("w", "2"), b = g.input("b", "-1");
  Value<Real> out = sigmoid(x * w + b);
  CHECK(out.value() == Real("0.5"));
  x.set("1");  // h = 2·1 − 1 = 1, no evaluate() anywhere
  // σ(1) and σ'(1) from mpmath: 0.73105857863000487925115924182183627436514464...,
  // 0.19661193324148185253742473358590902562226728...; d/dx = σ'(1)·w = 2σ'(1).
  CHECK(digits(out.value(), 40) == "0.7310585786300048792511592418218362743651");
  const Gradient<Real> d = gradient(out);
  CHECK(digits(d[w], 40) == "0.1966119332414818525374247335859090256223");
  CHECK(digits(d[b], 40) == "0.1966119332414818525374247335859090256223");
  CHECK(digits(d[x], 40) == "0.3932238664829637050748494671718180512445");
  // A node built after a set() is built from the new values: out + x = σ(1) + 1.
  CHECK(digits((out + x).value(), 40) == "1.731058578630004879251159241821836274365");
  // The gradient taken before is a result of its time: it still says σ'(1), now at x = 0.5.
  x.set("0.5");
  CHECK(out.value() == Real("0.5"));
  CHECK(digits(d[w], 40) == "0.1966119332414818525374247335859090256223");
  CHECK(gradient(out)[w] == Real("0.125"));
}

TEST_CASE("second derivatives: a derivative is a Value that is differentiated and re-evaluated") {
  Graph<double> g;
  Value<double> x = g.input("x", 2.0);
  Value<double> f = pow(x, 3.0);
  // f = x³: f' = 3x² = 12 and f'' = 6x = 12 at x = 2; at x = 3: f' = 27, f'' = 18.
  Value<double> slope = derivative(f, x);
  CHECK(slope.value() == 12);
  CHECK(gradient(slope)[x] == 12);
  x.set(3.0);
  CHECK(slope.value() == 27);
  CHECK(gradient(slope)[x] == 18);
  CHECK(derivative(slope, x).value() == 18);
}

TEST_CASE("the tape underneath: read it, build on it with Dot nodes, wrap what it built") {
  Graph<double> g;
  Value<double> w1 = g.input("w1", 0.5), w2 = g.input("w2", -0.25), bias = g.input("bias", 1.0);
  // Σ w·x + bias as one Dot node over constants x = (2, 4): 1 − 1 + 1 = 1; d/dw1 = 2, d/dw2 = 4.
  Value<double> sum = g.wrap(g.edit_tape([&](Tape<double>& tape) {
    const std::array<NodeIndex, 2> weights{w1.node(), w2.node()};
    const std::array<NodeIndex, 2> inputs{tape.constant(2), tape.constant(4)};
    return tape.dot(weights, inputs, bias.node());
  }));
  CHECK(sum.value() == 1);
  Value<double> squared = sum * sum;  // 1, with d/dw1 = 2·sum·2 = 4 and d/dw2 = 2·sum·4 = 8
  CHECK(gradient(squared)[w1] == 4);
  CHECK(gradient(squared)[w2] == 8);
  w2.set(0.0);  // sum = 1 + 0 + 1 = 2, squared = 4, d/dw1 = 2·2·2 = 8
  CHECK(g.tape().value(squared.node()) == 4);
  CHECK(gradient(squared)[w1] == 8);
  CHECK(g.size() == g.tape().size());
}

TEST_CASE("mistakes are errors, never silent") {
  Graph<Real> g;
  Value<Real> x = g.input("x", "1"), y = g.input("y", "2");
  Value<Real> lx = log(x);                      // log 1 = 0
  CHECK_THROWS_AS(log(lx), std::domain_error);  // log 0, refused before any node is made
  CHECK_THROWS_AS(1 / lx, std::domain_error);   // division by zero
  CHECK_THROWS_AS((x * y).set("3"), std::invalid_argument);  // a computed node
  CHECK_THROWS_AS(g.constant("3").set("4"), std::invalid_argument);
  x.set("-1");  // log(−1): every read of the graph throws until x is mended
  CHECK_THROWS_AS(lx.value(), std::domain_error);
  CHECK_THROWS_AS(gradient(lx), std::domain_error);
  CHECK_THROWS_AS(y.value(), std::domain_error);  // the graph is out of its domain as a whole
  x.set("1");
  CHECK(lx.value() == 0);
  Graph<Real> other;
  Value<Real> z = other.input("z", "1");
  CHECK_THROWS_AS(x + z, std::invalid_argument);
  CHECK_THROWS_AS(gradient(x)[z], std::invalid_argument);
  CHECK_THROWS_AS(Value<Real>().value(), std::logic_error);
  CHECK_THROWS_AS(g.input("x", "5"), std::invalid_argument);  // the name is taken
  CHECK_THROWS_AS(g["nope"], std::out_of_range);
  Graph<double> ieee;
  CHECK_THROWS_AS(exp(ieee.input("big", 1000.0)), std::domain_error);  // e^1000 overflows
}
