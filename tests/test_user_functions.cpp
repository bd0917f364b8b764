// Functions a derivation file defines, `f(a, b) = EXPR`: their values, derivatives through
// them, how explain shows them, and every error with its exact message and position. Each
// expected number is derived beside its assertion (mpmath at 60 digits, or by hand).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cli.hpp"
#include "compiled_derivation.hpp"
#include "engine/tape.hpp"
#include "precision.hpp"
#include "tests/parser_test_helpers.hpp"
#include "verify/limits.hpp"

using chainrule::engine::Real;
using chainrule::testing::agree_to_digits;
using chainrule::testing::chainrule_json;
using chainrule::testing::Precision;
using chainrule::testing::real;
using chainrule::testing::run_chainrule;
using chainrule::testing::temp_file;
using namespace parser_test;
using chainrule::testing::compiled;
using chainrule::testing::derivative_of;
using chainrule::testing::value_of;

namespace {}  // namespace

TEST_CASE("a central difference through a function agrees with the closed form") {
  Precision precision(60);
  // f(t) = t·sin t, f′(t) = sin t + t·cos t; at 0.7 (mpmath, 60 digits):
  // 1.17960721833683295205171634453302561955356122983528199399502. The central difference's
  // error is h²·f‴/6 ≈ 1e-40·0.4, so with h = 1e-20 it agrees to about 40 digits.
  const auto d = compiled(
      "x = 0.7\nh = 1e-20\nf(t) = t * sin(t)\nfd = (f(x + h) - f(x - h)) / (2*h)\ny = f(x)\n");
  const Real closed = real("1.17960721833683295205171634453302561955356122983528199399502");
  CHECK(agree_to_digits(value_of(d, "fd"), closed, 38));
  CHECK_FALSE(agree_to_digits(value_of(d, "fd"), closed, 45));  // it is a difference
  // d(y)/dx through the call is f′(x) exactly, to the working digits.
  CHECK(agree_to_digits(derivative_of(d, "y", "x"), closed, 58));
}

TEST_CASE("derivatives through a call: the names in its body and its arguments") {
  Precision precision(60);
  // f(a) = tanh(w·a), y = f(x²), w = 0.8, x = 0.3: with t = tanh(w x²) (mpmath, 60 digits)
  // y = t = 0.0718758414488177306773491523529588732424718887333486251779714,
  // dy/dx = (1 − t²)·w·2x = 0.477520254439691719249089938245258745223748645161362135601669,
  // dy/dw = (1 − t²)·x² = 0.0895350477074421973592043634209860147294528709677554004253129.
  const auto d = compiled("w = 0.8\nf(a) = tanh(w*a)\nx = 0.3\ny = f(x^2)\n");
  CHECK(agree_to_digits(value_of(d, "y"),
                        real("0.0718758414488177306773491523529588732424718887333486251779714"),
                        58));
  CHECK(agree_to_digits(derivative_of(d, "y", "x"),
                        real("0.477520254439691719249089938245258745223748645161362135601669"),
                        58));
  CHECK(agree_to_digits(derivative_of(d, "y", "w"),
                        real("0.0895350477074421973592043634209860147294528709677554004253129"),
                        58));
  // The parameter is no name of the file: nothing called `a` was defined.
  CHECK(d.find("a") == nullptr);
  CHECK(d.named.size() == 3);  // w, x, y
}

TEST_CASE("a parameter shadows a name of the file inside the body only") {
  Precision precision(50);
  // x = 5 outside; inside f, x is the argument: f(3) = 3·3 + 1 = 10, f(x) = 26, and
  // f(x + 1) = 37. g uses the file's k = 2 and calls f: g(2) = f(2)·2 = 5·2 = 10.
  const auto d = compiled(
      "x = 5\nk = 2\nf(x) = x*x + 1\ng(b) = f(b) * k\na = f(3)\nb = f(x)\nc = f(x + 1)\n"
      "e = g(k)\n");
  CHECK(value_of(d, "a") == Real(10));
  CHECK(value_of(d, "b") == Real(26));
  CHECK(value_of(d, "c") == Real(37));
  CHECK(value_of(d, "e") == Real(10));
  // de/dk: e = (k² + 1)·k = k³ + k, so 3k² + 1 = 13 through both the argument and the body.
  CHECK(derivative_of(d, "e", "k") == Real(13));
  // A call of constants is computed, not an input: a = f(3) has no derivative to train.
  CHECK_FALSE(d.find("a")->is_input);
}

TEST_CASE("calls in claims and substitutions") {
  // f(a) = a², f(0.5) = 0.25; y = f(x) with x = 3 is 9; y[x := f(2)] = f(4) = 16.
  const std::string file = temp_file(
      "f(a) = a^2\nx = 3\ny = f(x)\nz = y[x := f(2)]\ncheck f(0.5) = 0.25\ncheck z = 16\n"
      "check dy/dx = 6\ncheck f(x) * 2 = 18\n");
  auto j = chainrule_json("check " + file);
  REQUIRE(j["claims"].size() == 4);
  for (const auto& claim : j["claims"]) CHECK(claim["verdict"] == "ok");
}

TEST_CASE("tutorial A's forward pass and gradients written with a neuron function") {
  // Published values (tests/expected/tutorials.md): out_h1 = 0.60290881, out_h2 = 0.60885457,
  // out_y1 = 0.72661785, out_y2 = 0.67595341, E = 0.3060832, dE/dw5 = 0.08582533,
  // dE/dw1 = 0.00033623. The parameters w1, w2 shadow the file's weights of those names.
  const std::string file = temp_file(
      "x1 = 0.03; x2 = 0.09\n"
      "w1 = 0.11; w2 = 0.27; w3 = 0.19; w4 = 0.52\n"
      "w5 = 0.44; w6 = 0.48; w7 = 0.23; w8 = 0.29\n"
      "b1 = 0.39; b2 = 0.42; T1 = 0.01; T2 = 0.99\n"
      "neuron(a, b, w1, w2, bias) = sigmoid(a*w1 + b*w2 + bias)\n"
      "out_h1 = neuron(x1, x2, w1, w2, b1)\n"
      "out_h2 = neuron(x1, x2, w3, w4, b1)\n"
      "out_y1 = neuron(out_h1, out_h2, w5, w6, b2)\n"
      "out_y2 = neuron(out_h1, out_h2, w7, w8, b2)\n"
      "E = 1/2 * (T1 - out_y1)^2 + 1/2 * (T2 - out_y2)^2\n"
      "check out_h1 = 0.60290881\ncheck out_h2 = 0.60885457\ncheck out_y1 = 0.72661785\n"
      "check out_y2 = 0.67595341\ncheck E = 0.3060832\ncheck dE/dw5 = 0.08582533\n"
      "check dE/dw1 = 0.00033623\n");
  auto j = chainrule_json("check " + file);
  REQUIRE(j["claims"].size() == 7);
  for (const auto& claim : j["claims"]) CHECK(claim["verdict"] == "ok");
  // grad lists the file's inputs only, none of neuron's parameters: x1, x2, w1..w8, b1, b2,
  // T1, T2 are 2 + 8 + 2 + 2 = 14.
  auto g = chainrule_json("grad " + file + " --of E");
  CHECK(g["gradient"].size() == 14);
}

TEST_CASE("explain goes through the call's node, named as the call is written") {
  // f(t) = t³, y = f(x + h), x = 0.5, h = 0.25: ∂f(x + h)/∂x = 3(x + h)² = 3·0.5625 = 1.6875.
  const std::string file = temp_file("x = 0.5\nh = 0.25\nf(t) = t*t*t\ny = f(x + h)\n");
  const auto r = run_chainrule("explain " + file + " dy/dx");
  CHECK(r.status == 0);
  CHECK(r.out.find("y \u2190 f(x + h) \u2190 x") != std::string::npos);
  CHECK(r.out.find("1.6875") != std::string::npos);
}

TEST_CASE("errors of function definitions and calls, with their positions") {
  CHECK(errors_of("f(a, b) = a*b\nx = 1\ny = f(x)") == one("3:5: 'f' takes 2 arguments, found 1"));
  CHECK(errors_of("f(a) = a\ny = f(1, 2)") == one("2:5: 'f' takes 1 argument, found 2"));
  CHECK(errors_of("f(a) = a + 1\nf(b) = b") == one("2:1: 'f' is already defined on line 1"));
  CHECK(errors_of("f = 2\nf(b) = b") == one("2:1: 'f' is already defined on line 1"));
  CHECK(errors_of("f(b) = b\nf = 2") ==
        one("2:1: 'f' is already defined on line 1, as a function"));
  CHECK(errors_of("f(a, b, a) = a*b") ==
        one("1:9: parameter 'a' is listed twice in the parameter list of 'f'"));
  CHECK(errors_of("f() = 2") ==
        one("1:3: a function needs at least one parameter; for a value without parameters "
            "write 'f = EXPR'"));
  CHECK(errors_of("sin(a) = a") == one("1:1: cannot define 'sin': it is a function name"));
  CHECK(errors_of("d(a) = a") ==
        one("1:1: cannot define a function 'd': 'd(' starts a derivative term"));
  CHECK(errors_of("f(exp) = 1") ==
        one("1:3: cannot name a parameter 'exp': it is a function name"));
  CHECK(errors_of("f(a + 1) = 1") ==
        one("1:5: expected ',' or ')' in the parameter list of 'f', found '+'"));
  CHECK(errors_of("f(a) = a\ny = f") ==
        one("2:6: expected '(' after the function 'f', found end of line"));
  // A derivative term or a substitution names the file's values, never a parameter.
  CHECK(errors_of("x = 1\ny = x*x\nf(a) = dy/da") ==
        one("3:12: 'a' is a parameter of 'f'; derivative terms and substitutions name the "
            "file's values"));
  CHECK(errors_of("x = 1\ny = x*x\nf(a) = y[x := a] + y[a := 1]") ==
        one("3:22: 'a' is a parameter of 'f'; derivative terms and substitutions name the "
            "file's values"));
  // Parameters are not names of the file.
  CHECK(errors_of("f(a) = a\ny = a") == one("2:5: unknown name 'a'"));
  // A failed function is reported once, not at each call.
  CHECK(errors_of("f(a) = a + zz\ny = f(1)\nz = f(2)") == one("1:12: unknown name 'zz'"));
}

TEST_CASE("an unknown function's message lists the functions there are") {
  std::string built_in;
  for (const auto& name : function_names()) built_in += (built_in.empty() ? "" : ", ") + name;
  CHECK(built_in.find("sigmoid") != std::string::npos);
  CHECK(errors_of("neuron(a) = sigmoid(a)\nx = 1\ny = nueron(x)") ==
        one("3:5: unknown function 'nueron'; did you mean 'neuron'? (the functions are " +
            built_in + " (built in); neuron (defined in this file))"));
  CHECK(errors_of("x = 1\ny = foo(x)") ==
        one("2:5: unknown function 'foo' (the functions are " + built_in + " (built in))"));
  CHECK(errors_of("x = 1\ny = f(x)\nf(a) = a") ==
        one("2:5: unknown function 'f': it is defined later, on line 3; define a function "
            "before its calls"));
}

TEST_CASE("recursion is an error that names the cycle") {
  CHECK(errors_of("f(a) = f(a - 1) + 1") ==
        one("1:8: recursion: f -> f; a function cannot call itself, directly or through others"));
  CHECK(errors_of("g(a) = h(a) * 2\nh(a) = g(a) + 1\ny = g(1)") ==
        one("1:8: recursion: g -> h -> g; a function cannot call itself, directly or through "
            "others"));
  // One message for a cycle of three, at its first call.
  CHECK(errors_of("f(a) = g(a)\ng(a) = h(a)\nh(a) = 2 * f(a)") ==
        one("1:8: recursion: f -> g -> h -> f; a function cannot call itself, directly or "
            "through others"));
}

TEST_CASE("calls that would grow the syntax tree past its limit are an error at the call") {
  // f uses its parameter 8 times; each call copies its argument 7 times, so the tree of
  // f(f(...f(x)...)) nested L deep has t(L) = 8·t(L−1) + 7 nodes, t(0) = 1: 15, 127, 1023,
  // 8191, 65535, 524287, 4194303. The 7th call (the outermost, column 5) would add
  // 7 + 7·524287 = 3670016 nodes to the 524288 of the file and the 15 of f's body: past
  // 4000000, and refused before any copying.
  const std::string file = "x = 1\nf(a) = a*a*a*a*a*a*a*a\ny = f(f(f(f(f(f(f(x)))))))\nz = 2";
  const auto errors = errors_of(file);
  CHECK(errors ==
        one("3:5: this call of 'f' would expand to 3670016 expression nodes, more than the "
            "file's limit of 4000000 with the rest (each call copies its function's body, and "
            "the calls in it)"));
  // Six deep fits and computes: f(f(...(x))) = x^(8^6) = 1.
  const auto d = compiled("x = 1\nf(a) = a*a*a*a*a*a*a*a\ny = f(f(f(f(f(f(x))))))");
  CHECK(value_of(d, "y") == Real(1));
}

TEST_CASE("the graph's own limit, crossed by a call, is an error at the call") {
  // f(f(x)) is 127 expression nodes: 64 uses of x and 63 products, each product a node of
  // the graph, past a limit of 50. The statement starts at column 1, the call at column 9.
  ParseResult parsed = parse("x = 1\nf(a) = a*a*a*a*a*a*a*a\ny = 2 + f(f(x))\n", "f.chain");
  REQUIRE(parsed.errors.empty());
  CompileLimits limits;
  limits.max_nodes = 50;
  const auto result = compile_within_limits<Real>(std::move(parsed.document), limits);
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].pos.line == 3);
  CHECK(result.errors[0].pos.column == 9);
  CHECK(result.errors[0].message.starts_with("the graph could grow to "));
  CHECK(
      result.errors[0].message.ends_with(" nodes here, more than the limit of 50 at this "
                                         "precision"));
}
