// The op catalogue's symbolic partials: evaluated as formulas they equal the numeric partials,
// built as tape nodes they differentiate again (second derivatives against 200-digit central
// differences), and the formula simplifier does what a person does by hand.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/formula.hpp"
#include "engine/recorded_sweep.hpp"
#include "op_points.hpp"
#include "precision.hpp"

using namespace chainrule::engine;
using chainrule::testing::agree_to_digits;
using chainrule::testing::op_points;
using chainrule::testing::Precision;
using chainrule::testing::real;

namespace {

int sides(Op op) { return rule<Real>(op).active_operands(); }

// d(op)/d(operand `which`) at (a, b) as a recorded sweep: a node of its own.
struct Recorded {
  Tape<Real> tape;
  NodeIndex x, y, first;
  Recorded(Op op, const Real& a, const Real& b, int which) {
    x = tape.input(a);
    y = op == Op::PowerConstant ? tape.constant(b) : tape.input(b);
    NodeIndex r = tape.apply(op, x, y);
    const NodeIndex wrt[] = {which == 0 ? x : y};
    first = record_adjoints(tape, r, std::span<const NodeIndex>(wrt))->front();
  }
};

}  // namespace

TEST_CASE(
    "every op's symbolic partial, evaluated, equals its numeric partial to all working digits") {
  Precision precision(60);
  std::vector<bool> tried(kOpCount, false);
  for (const auto& p : op_points()) {
    tried[static_cast<std::size_t>(p.op)] = true;
    const auto& r = rule<Real>(p.op);
    const Real a = real(p.a), b = real(p.b), result = r.forward(a, b);
    for (int which = 0; which < sides(p.op); ++which) {
      CAPTURE(std::string(r.name));
      CAPTURE(which);
      Formula<Real> f;
      TermId partial = f.partial(p.op, which, f.symbol("a"), f.symbol("b"), f.symbol("r"));
      Real symbolic = f.evaluate(partial, [&](const std::string& s) {
        return s == "a" ? a : s == "b" ? b : result;
      });
      Real numeric = which == 0 ? r.partial_a(a, b, result) : r.partial_b(a, b, result);
      CHECK(agree_to_digits(symbolic, numeric, 60));
    }
  }
  // Every op with operands in the table was tried (the derivative node has no partials).
  for (const auto& r : op_table<Real>()) {
    CAPTURE(std::string(r.name));
    if (r.arity > 0 && r.op != Op::Derivative) CHECK(tried[static_cast<std::size_t>(r.op)]);
  }
}

TEST_CASE(
    "every op's recorded partial differentiates again: 200-digit central differences to 80 "
    "digits") {
  Precision precision(200);
  const Real h = real("1e-60");
  for (const auto& p : op_points()) {
    for (int which = 0; which < sides(p.op); ++which) {
      for (int second = 0; second < sides(p.op); ++second) {
        CAPTURE(std::string(rule<Real>(p.op).name));
        CAPTURE(which);
        CAPTURE(second);
        const Real a = real(p.a), b = real(p.b);
        Recorded at(p.op, a, b, which);
        const Real exact = sweep(at.tape, at.first)[second == 0 ? at.x : at.y];
        // The first derivative, by the plain sweep, on either side of the point.
        auto first = [&](const Real& da, const Real& db) {
          Tape<Real> tape;
          NodeIndex x = tape.input(a + da);
          NodeIndex y = p.op == Op::PowerConstant ? tape.constant(b + db) : tape.input(b + db);
          return sweep(tape, tape.apply(p.op, x, y))[which == 0 ? x : y];
        };
        const Real numeric = second == 0 ? (first(h, 0) - first(-h, 0)) / (2 * h)
                                         : (first(0, h) - first(0, -h)) / (2 * h);
        CHECK(agree_to_digits(exact, numeric, 80));
        if (numeric == 0) CHECK(exact == 0);
      }
    }
  }
}

TEST_CASE("formulas simplify the way a person does: 1/2*2 = 1, x^1 = x, -(a - b) = b - a") {
  Precision precision(50);
  Formula<Real> f;
  const TermId t1 = f.symbol("T1"), out = f.symbol("out_y1");
  // d/d(out_y1) of 1/2 * (T1 - out_y1)^2, by the op table's partials as the sweep applies them
  const TermId inner = f.apply(Op::Subtract, t1, out);
  const TermId half = f.number(real("0.5"));
  TermId adjoint = f.apply(Op::Multiply, f.number(Real(1)), half);
  adjoint = f.apply(Op::Multiply, adjoint,
                    f.partial(Op::PowerConstant, 0, inner, f.number(Real(2)), kNoTerm));
  adjoint = f.apply(Op::Multiply, adjoint, f.partial(Op::Subtract, 1, t1, out, inner));
  CHECK(f.text(adjoint) == "out_y1 - T1");
  // sigmoid: {r}*(1 - {r}) in the name of the node
  const TermId sigmoid = f.partial(Op::Sigmoid, 0, f.symbol("y1"), kNoTerm, out);
  CHECK(f.text(f.apply(Op::Multiply, adjoint, sigmoid)) == "(out_y1 - T1) * out_y1 * (1 - out_y1)");
  CHECK(f.text(f.apply(Op::Multiply, adjoint, sigmoid), FormulaStyle::Pretty) ==
        "(out_y1 \u2212 T1)\u00b7out_y1\u00b7(1 \u2212 out_y1)");
  // x + 0, x - -y, --x, x^0, constant folding, and fractions printed as fractions
  const TermId x = f.symbol("x"), y = f.symbol("y");
  CHECK(f.text(f.apply(Op::Add, x, f.number(Real(0)))) == "x");
  CHECK(f.text(f.apply(Op::Subtract, x, f.apply(Op::Negate, y))) == "x + y");
  CHECK(f.text(f.apply(Op::Negate, f.apply(Op::Negate, x))) == "x");
  CHECK(f.text(f.apply(Op::Power, x, f.number(Real(0)))) == "1");
  CHECK(f.text(f.apply(Op::Divide, f.number(Real(1)), f.number(Real(3)))) == "1/3");
  CHECK(f.text(f.apply(Op::Multiply, f.number(Real(3)),
                       f.apply(Op::Divide, f.number(Real(1)), f.number(Real(3))))) == "1");
  CHECK(f.text(f.apply(Op::Divide, x, f.apply(Op::Power, y, f.number(Real(2))))) == "x / y^2");
  CHECK(f.text(f.apply(Op::Power, f.apply(Op::Add, x, y), f.number(real("-0.5")))) ==
        "(x + y)^(-0.5)");
  CHECK(f.text(f.apply(Op::Divide, x, f.apply(Op::Add, x, y)), FormulaStyle::Latex) ==
        "\\frac{x}{x + y}");
  CHECK(latex_name("out_y1") == "\\mathit{out}_{\\mathrm{y1}}");
  CHECK(latex_name("w5") == "w_{5}");
  CHECK(latex_name("eta") == "\\eta");
  // One subscript, never two (LaTeX and KaTeX reject "w_{11}_{new}": "Double subscript").
  CHECK(latex_name("w11_new") == "w_{11,\\mathrm{new}}");
  CHECK(latex_name("eta2_b_c") == "\\eta_{2,\\mathrm{b\\_c}}");
  CHECK(latex_name("x_") == "\\mathit{x\\_}");
  CHECK(latex_name("_x") == "\\mathit{\\_x}");
  CHECK(latex_name("net2x_h") == "\\mathit{net2x}_{\\mathrm{h}}");
}

TEST_CASE("latex_name: at most one subscript for every shape of name the format allows") {
  // Names are letters, digits and underscores, not starting with a digit. Two `_` outside
  // braces (and not escaped as `\\_`) would be a double subscript.
  for (const char* name : {"a", "a1", "a_1", "a1_1", "ab12_cd_34", "w11_new", "out_h1", "E_after",
                           "x__y", "_", "__", "a_b_", "alpha_beta3", "T1_b2"}) {
    const std::string latex = latex_name(name);
    const std::string shown_name = name;
    CAPTURE(shown_name);
    CAPTURE(latex);
    int depth = 0, subscripts = 0;
    for (std::size_t i = 0; i < latex.size(); ++i) {
      if (latex[i] == '{') ++depth;
      if (latex[i] == '}') --depth;
      if (latex[i] == '_' && (i == 0 || latex[i - 1] != '\\') && depth == 0) ++subscripts;
    }
    CHECK(depth == 0);
    CHECK(subscripts <= 1);
  }
}
