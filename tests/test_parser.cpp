// The parser of derivation files: the spec's example, the structure of every construct,
// precedence, and the derivative shorthand. Errors and limits: test_parser_errors.cpp.
#include <doctest/doctest.h>

#include <string>
#include <variant>
#include <vector>

#include "tests/parser_test_helpers.hpp"

using namespace parser_test;

namespace {

const char* const kVars = "a = 1; b = 2; c = 3; x = 4; T1 = 5; o = 6";

const std::string kExample = R"(# seed tutorial A, first row, shared biases
x1 = 0.03
x2 = 0.09
w1 = 0.11; w2 = 0.27; w3 = 0.19; w4 = 0.52
w5 = 0.44; w6 = 0.48; w7 = 0.23; w8 = 0.29
b1 = 0.39; b2 = 0.42
T1 = 0.01; T2 = 0.99
eta = 0.3

h1 = x1*w1 + x2*w2 + b1
out_h1 = sigmoid(h1)
h2 = x1*w3 + x2*w4 + b1
out_h2 = sigmoid(h2)
y1 = out_h1*w5 + out_h2*w6 + b2
out_y1 = sigmoid(y1)
y2 = out_h1*w7 + out_h2*w8 + b2
out_y2 = sigmoid(y2)
E1 = 1/2 * (T1 - out_y1)^2
E2 = 1/2 * (T2 - out_y2)^2
E = E1 + E2

check h1 = 0.4176
check out_h1 = 0.60290881
check E = 0.3060832
check d(out_y1)/d(y1) = 0.19864435
check dE/dw5 = 0.08582533
check dE1/d(out_h1) = 0.06263492

w5_new = w5 - eta * dE/dw5
check w5_new = 0.41425240

E_after = E[w5 := w5_new]
check dE2/dy2 = -0.06878889
)";

}  // namespace

TEST_CASE("the spec's example parses completely") {
  const ParseResult r = parse(kExample, "example.txt");
  REQUIRE(r.errors.empty());
  const Document& doc = r.document;
  CHECK(doc.file == "example.txt");
  const auto definitions = all_of<Definition>(doc);
  const auto claims = all_of<Claim>(doc);
  CHECK(definitions.size() == 28);
  CHECK(claims.size() == 8);
  int inputs = 0;
  for (const Definition& d : definitions) inputs += d.is_input ? 1 : 0;
  CHECK(inputs == 15);
  CHECK(definitions[0].name == "x1");
  CHECK(definitions[0].is_input);
  CHECK(doc.at(definitions[0].value).text == "0.03");
  CHECK(definitions[3].name == "w2");
  CHECK(definitions[3].pos.line == 4);
  CHECK(definitions[3].pos.column == 12);
  CHECK_FALSE(definitions[15].is_input);  // h1
  CHECK(show(doc, definitions[15].value) == "(+ (+ (* x1 w1) (* x2 w2)) b1)");
  CHECK(show(doc, definitions[23].value) == "(* (/ 1 2) (^ (- T1 out_y1) 2))");
  CHECK(definitions[26].name == "w5_new");
  CHECK(show(doc, definitions[26].value) == "(- w5 (* eta (d E w5)))");
  CHECK(show(doc, definitions[27].value) == "(sub E w5:=w5_new)");

  CHECK(claims[4].expr_text == "dE/dw5");
  CHECK(claims[4].published == "0.08582533");
  CHECK(claims[4].pos.line == 26);
  CHECK(claims[4].pos.column == 1);
  CHECK(claims[4].published_pos.column == 16);
  CHECK(claims[3].expr_text == "d(out_y1)/d(y1)");
  CHECK(claims[6].published == "0.41425240");  // the trailing zero is part of what was written
  CHECK(claims[7].expr_text == "dE2/dy2");
  CHECK(claims[7].published == "-0.06878889");
  CHECK(claims[7].published_pos.column == 17);
  const Expr& derivative = doc.at(claims[7].expr);
  CHECK(derivative.kind == ExprKind::Derivative);
  CHECK(derivative.names == std::vector<std::string>{"E2", "y2"});
}

TEST_CASE("derivative terms in every written form") {
  const std::string prelude = "E = 1; w5 = 2; out_y1 = 3; y1 = 4";
  CHECK(show_value(prelude, "d(E)/d(w5)") == "(d E w5)");
  CHECK(show_value(prelude, "dE/dw5") == "(d E w5)");
  CHECK(show_value(prelude, "dE/d(out_y1)") == "(d E out_y1)");
  CHECK(show_value(prelude, "d(out_y1)/dy1") == "(d out_y1 y1)");
  CHECK(show_value(prelude, "d( E ) / d ( w5 )") == "(d E w5)");
  CHECK(show_value(prelude, "1 - 2 * dE/dw5") == "(- 1 (* 2 (d E w5)))");
  CHECK(show_value(prelude, "1/dE/dw5") == "(/ 1 (d E w5))");
  CHECK(show_value(prelude, "(dE/dw5)^2") == "(^ (d E w5) 2)");

  SUBCASE("name positions point at A and B") {
    const ParseResult r = parse("E = 1; w5 = 2\ny = dE/d(w5) + d(E)/dw5\n", "f");
    REQUIRE(r.errors.empty());
    const Expr& sum = r.document.at(std::get<Definition>(r.document.statements[2]).value);
    const Expr& first = r.document.at(sum.operands[0]);
    const Expr& second = r.document.at(sum.operands[1]);
    CHECK(first.pos.column == 5);
    CHECK(first.name_positions[0].column == 6);
    CHECK(first.name_positions[1].column == 10);
    CHECK(second.pos.column == 16);
    CHECK(second.name_positions[0].column == 18);
    CHECK(second.name_positions[1].column == 22);
    CHECK(second.name_positions[1].line == 2);
  }
  SUBCASE("a defined bare word is an ordinary name") {
    CHECK(show_value("E = 1; w5 = 2; dE = 3; dw5 = 4", "dE/dw5") == "(/ dE dw5)");
    // d(w5) alone is no term: the full form needs both sides.
    CHECK(errors_of("E = 1; w5 = 2; dE = 3\ny = dE/d(w5)") ==
          one("2:13: expected '/' after 'd(w5)' in a derivative, found end of line"));
  }
  SUBCASE("a defined d is an ordinary name, and d( still starts a derivative term") {
    CHECK(show_value("E = 1; d = 2", "d*E/d") == "(/ (* d E) d)");
    CHECK(show_value("E = 1; d = 2", "d(E)/d(E)") == "(d E E)");
    CHECK(show_value("E = 1; d = 2", "d(E)/d(d)") == "(d E d)");
    CHECK(show_value("E = 1; d = 2", "d(d)/d(E)") == "(d d E)");
    // The shorthand: dE and dd are not defined, so they are the sides E and d.
    CHECK(show_value("E = 1; d = 2", "dE/dd") == "(d E d)");
    CHECK(show_value("E = 1; d = 2", "dd/dE") == "(d d E)");
    CHECK(show_value("E = 1; d = 2", "d(d(E)/d(d))/d(d)") == "(d d(E)/d(d) d)");
    // d alone followed by '/' is the name d divided by something, never a derivative side.
    CHECK(show_value("E = 1; d = 2; dE = 3", "d/dE") == "(/ d dE)");
    // With no user functions, d( can be nothing but a derivative side.
    CHECK(errors_of("E = 1; d = 2\ny = d(E)") ==
          one("2:9: expected '/' after 'd(E)' in a derivative, found end of line"));
  }
}

TEST_CASE("derivative terms: errors name the offending side") {
  // dE is defined, so dE/dw5 divides by the unknown dw5: the message says why the
  // shorthand did not apply (issue "Robust under anything").
  CHECK(errors_of("E = 1; w5 = 2; dE = 3\ny = dE/dw5") ==
        one("2:8: unknown name 'dw5': 'dE' is a defined name, so this is a division, not the "
            "derivative shorthand; write d(E)/d(w5) for the derivative"));
  CHECK(errors_of("E = 1; w5 = 2\ny = dE/dw9") ==
        one("2:9: unknown name 'w9'; did you mean 'w5'?"));
  CHECK(errors_of("Etotal = 1; w5 = 2\ny = dEtotl/dw5") ==
        one("2:6: unknown name 'Etotl'; did you mean 'Etotal'?"));
  CHECK(errors_of("E = 1; w5 = 2\ny = d(Q)/d(w5)") == one("2:7: unknown name 'Q'"));
  CHECK(errors_of("E = 1; w5 = 2\ny = d(E+1)/d(w5)") ==
        one("2:8: expected ')' after 'E' in a derivative, found '+'"));
  CHECK(errors_of("E = 1\ny = d(E)") ==
        one("2:9: expected '/' after 'd(E)' in a derivative, found end of line"));
  CHECK(errors_of("E = 1\ny = dE/2") ==
        one("2:8: expected 'd(NAME)' or 'dNAME' after '/' in a derivative, found '2'"));
  CHECK(errors_of("E = 1\ny = d(2)/dE") == one("2:7: expected a name after 'd(', found '2'"));
  CHECK(errors_of("E = 1; w5 = 2; dw5 = 3\ny = d(E)/dw5") ==
        one("2:10: expected 'd(NAME)' or 'dNAME' after '/' in a derivative, found 'dw5', "
            "which is a defined name"));
}

TEST_CASE("substitution") {
  const std::string prelude = "E = 1; w5 = 2; w6 = 3; w5_new = 4";
  CHECK(show_value(prelude, "E[w5 := w5_new]") == "(sub E w5:=w5_new)");
  CHECK(show_value(prelude, "E[w5 := w5 - 1, w6 := 0]") == "(sub E w5:=(- w5 1) w6:=0)");
  CHECK(show_value(prelude, "E[w5 := 1][w6 := 2]") == "(sub (sub E w5:=1) w6:=2)");
  CHECK(show_value(prelude, "-E[w5 := 1]^2") == "(neg (^ (sub E w5:=1) 2))");
  CHECK(show_value(prelude, "(E + w6)[w5 := 1]") == "(sub (+ E w6) w5:=1)");
  CHECK(show_value(prelude, "dE/dw5[w6 := 1]") == "(sub (d E w5) w6:=1)");
  CHECK(show_value(prelude, "E[w5 := E[w6 := 1]]") == "(sub E w5:=(sub E w6:=1))");

  const ParseResult r = parse(prelude + "\ny = E[w5 := 1, w6 := 2]", "f");
  REQUIRE(r.errors.empty());
  const Expr& sub = r.document.at(std::get<Definition>(r.document.statements.back()).value);
  CHECK(sub.kind == ExprKind::Substitution);
  CHECK(sub.operands.size() == 3);
  CHECK(sub.name_positions.size() == 2);
  CHECK(sub.name_positions[1].column == 16);

  CHECK(errors_of(prelude + "\ny = E[w5 := 1, w5 := 2]") ==
        one("2:16: 'w5' is substituted twice in one substitution"));
  CHECK(errors_of(prelude + "\ny = E[w7 := 1]") ==
        one("2:7: unknown name 'w7'; did you mean 'w5'?"));
  CHECK(errors_of(prelude + "\ny = E[w5 = 1]") ==
        one("2:10: expected ':=' after 'w5' in a substitution, found '='"));
  CHECK(errors_of(prelude + "\ny = E[w5 := 1") ==
        one("2:14: expected ',' or ']' in a substitution, found end of line"));
  CHECK(errors_of(prelude + "\ny = E[]") ==
        one("2:7: expected a name after '[' in a substitution, found ']'"));
  CHECK(errors_of(prelude + "\ny = E[w5 := 1,]") ==
        one("2:15: expected a name after ',' in a substitution, found ']'"));
}

TEST_CASE("precedence and associativity") {
  CHECK(show_value(kVars, "-x^2") == "(neg (^ x 2))");
  CHECK(show_value(kVars, "a^b^c") == "(^ a (^ b c))");
  CHECK(show_value(kVars, "a-b-c") == "(- (- a b) c)");
  CHECK(show_value(kVars, "a/b/c") == "(/ (/ a b) c)");
  CHECK(show_value(kVars, "1/2 * (T1 - o)^2") == "(* (/ 1 2) (^ (- T1 o) 2))");
  CHECK(show_value(kVars, "2^-1") == "(^ 2 (neg 1))");
  CHECK(show_value(kVars, "2^-x^2") == "(^ 2 (neg (^ x 2)))");
  CHECK(show_value(kVars, "a + b * c") == "(+ a (* b c))");
  CHECK(show_value(kVars, "-a * b") == "(* (neg a) b)");
  CHECK(show_value(kVars, "a * -b") == "(* a (neg b))");
  CHECK(show_value(kVars, "--a") == "(neg (neg a))");
  CHECK(show_value(kVars, "a - -b") == "(- a (neg b))");
  CHECK(show_value(kVars, "((a))") == "a");
  CHECK(show_value(kVars, "(a + b) * c") == "(* (+ a b) c)");
  CHECK(show_value(kVars, "a^2*b") == "(* (^ a 2) b)");
}

TEST_CASE("functions") {
  for (const char* f : {"exp", "log", "sqrt", "sigmoid", "tanh", "relu", "abs", "sin", "cos"}) {
    CHECK(show_value(kVars, std::string(f) + "(a + 1)") == std::string("(") + f + " (+ a 1))");
  }
  CHECK(show_value(kVars, "pow(a, -b)") == "(pow a (neg b))");
  CHECK(show_value(kVars, "exp(-x^2) * log(pow(a, 2))") ==
        "(* (exp (neg (^ x 2))) (log (pow a 2)))");

  CHECK(errors_of("x = 1\ny = sigmod(x)") ==
        one("2:5: unknown function 'sigmod'; did you mean 'sigmoid'?" + built_in_functions_note()));
  CHECK(errors_of("x = 1\ny = Exp(x)") ==
        one("2:5: unknown function 'Exp'; did you mean 'exp'?" + built_in_functions_note()));
  // No function is close to 'foo': the note lists every one, the catalogue's then the shorthands.
  CHECK(errors_of("x = 1\ny = foo(x)") ==
        one("2:5: unknown function 'foo' (the functions are exp, log, sqrt, sigmoid, tanh, relu, "
            "abs, sin, cos, pow, step, sign, softplus, max, min, logsumexp, softmax, "
            "cross_entropy, sum, mean (built in))"));
  CHECK(errors_of("x = 1\ny = x(2)") == one("2:5: 'x' is not a function"));
  CHECK(errors_of("x = 1\ny = exp(x, 2)") == one("2:5: 'exp' takes 1 argument, found 2"));
  CHECK(errors_of("x = 1\ny = exp()") == one("2:5: 'exp' takes 1 argument, found 0"));
  CHECK(errors_of("x = 1\ny = pow(x)") == one("2:5: 'pow' takes 2 arguments, found 1"));
  CHECK(errors_of("x = 1\ny = 1 + exp") ==
        one("2:12: expected '(' after the function 'exp', found end of line"));
  CHECK(errors_of("x = 1\ny = exp(x") ==
        one("2:10: expected ')' after function arguments, found end of line"));
  CHECK(errors_of("x = 1\ny = exp(x;") ==
        one("2:10: expected ')' after function arguments, found ';'"));
}

TEST_CASE("numbers keep their written text") {
  for (const char* literal : {"42", "0.03", ".5", "1e-3", "6.02E23", "1.", "1.5e+10", "007"}) {
    const ParseResult r = parse(std::string("x = ") + literal, "f");
    REQUIRE(r.errors.empty());
    const auto& d = std::get<Definition>(r.document.statements[0]);
    CHECK(r.document.at(d.value).text == literal);
    CHECK(d.is_input);
  }
  const ParseResult r = parse("a = -3\nb = (0.5)\nc = 1 + 2\nd = a\ne = --3", "f");
  REQUIRE(r.errors.empty());
  const auto defs = all_of<Definition>(r.document);
  CHECK(defs[0].is_input);
  CHECK(show(r.document, defs[0].value) == "(neg 3)");
  CHECK(defs[1].is_input);
  CHECK_FALSE(defs[2].is_input);
  CHECK_FALSE(defs[3].is_input);
  CHECK_FALSE(defs[4].is_input);

  CHECK(errors_of("x = 1e + 2") == one("1:5: malformed number '1e'"));
  CHECK(errors_of("x = 2x") == one("1:5: malformed number '2x'"));
  CHECK(errors_of("x = 1.2.3") == one("1:5: malformed number '1.2.3'"));
  CHECK(errors_of("x = " + std::string(20000, '7')).empty());
  CHECK(errors_of("x = " + std::string(20001, '7')) ==
        one("1:5: number is too long (20001 characters; limit 20000)"));
}

TEST_CASE("statements, separators, comments and line endings") {
  const ParseResult r =
      parse("a = 1; b = a * 2 ;c = b\n\n  # a comment\nd = c # trailing\n;;\ncheck d = 2;", "f");
  REQUIRE(r.errors.empty());
  const auto defs = all_of<Definition>(r.document);
  REQUIRE(defs.size() == 4);
  CHECK(defs[2].name == "c");
  CHECK(defs[2].pos.line == 1);
  CHECK(defs[2].pos.column == 19);
  CHECK(defs[3].pos.line == 4);
  CHECK(all_of<Claim>(r.document).at(0).pos.line == 6);

  SUBCASE("CRLF reads like LF, positions included") {
    const std::string lf = "a = 1\nb = a +\nc = q\n";
    std::string crlf;
    for (char ch : lf) crlf += ch == '\n' ? std::string("\r\n") : std::string(1, ch);
    CHECK(errors_of(crlf) == errors_of(lf));
    CHECK(errors_of(crlf) ==
          std::vector<std::string>{"2:8: expected an expression, found end of line",
                                   "3:5: unknown name 'q'"});
    CHECK(parse("x = 1\r\ncheck x = 1\r\n", "f").document.statements.size() == 2);
  }
  SUBCASE("a byte-order mark and a missing final newline") {
    const ParseResult bom = parse("\xEF\xBB\xBFx = 1\ny = x", "f");
    REQUIRE(bom.errors.empty());
    CHECK(std::get<Definition>(bom.document.statements[0]).pos.column == 1);
    CHECK(bom.document.statements.size() == 2);
  }
  SUBCASE("check is a keyword only at the start") {
    CHECK(errors_of("check = 1") == one("1:1: cannot define 'check': it is a keyword"));
    CHECK(errors_of("x = check") == one("1:5: unknown name 'check'"));
    CHECK(errors_of("exp = 1") == one("1:1: cannot define 'exp': it is a function name"));
  }
  SUBCASE("claims") {
    const ParseResult c = parse("E = 1; w5 = 2\ncheck   dE / dw5  =  +0.5\ncheck E = - 1e-3", "f");
    REQUIRE(c.errors.empty());
    const auto claims = all_of<Claim>(c.document);
    CHECK(claims[0].expr_text == "dE / dw5");
    CHECK(claims[0].published == "+0.5");
    CHECK(claims[0].published_pos.column == 22);
    CHECK(claims[1].published == "-1e-3");
    CHECK(claims[1].published_pos.column == 11);
    CHECK(claims[1].pos.line == 3);
  }
}
