// The parser's errors: exact messages and positions, recovery, and the limits that keep
// hostile input from crashing it.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/parser_test_helpers.hpp"
#include "verify/names.hpp"

using namespace parser_test;

TEST_CASE("names must be defined once, before use") {
  CHECK(errors_of("out_h1 = 1; out_h2 = 2\ny = out_h3") ==
        one("2:5: unknown name 'out_h3'; did you mean 'out_h1'?"));
  CHECK(errors_of("a = 1\nw5 = 2\n\n\n\n\nw5 = 3") ==
        one("7:1: 'w5' is already defined on line 2"));
  CHECK(errors_of("x = x + 1") ==
        one("1:5: unknown name 'x': a name cannot be used in its own definition"));
  CHECK(errors_of("y = z\nz = 1") == one("1:5: unknown name 'z': it is defined later, on line 2"));
  CHECK(errors_of("y = z; z = 1") == one("1:5: unknown name 'z': it is defined later, on line 1"));
  CHECK(errors_of("y = q*q + q; z = q") ==
        std::vector<std::string>{"1:5: unknown name 'q'", "1:18: unknown name 'q'"});
  CHECK(errors_of("x = 1\nx + 1") == one("2:3: expected '=' after 'x', found '+'"));

  SUBCASE("a failed definition silences later uses and defines nothing") {
    const ParseResult r =
        parse("a = zz + 1\nb = a * 2\nc = b\ncheck c = 1\nd = 4\nw5 0.44\ne = w5", "f");
    REQUIRE(r.errors.size() == 2);
    CHECK(r.errors[0].message == "unknown name 'zz'");
    CHECK(r.errors[1].message == "expected '=' after 'w5', found '0.44'");
    REQUIRE(r.document.statements.size() == 1);
    CHECK(std::get<Definition>(r.document.statements[0]).name == "d");
    CHECK(r.document.exprs.size() == 1);  // the failed statements left nothing behind
    CHECK(errors_of("a = zz\na = 1") ==
          std::vector<std::string>{"1:5: unknown name 'zz'",
                                   "2:1: 'a' is already defined on line 1"});
  }
}

TEST_CASE("syntax errors say what was expected") {
  CHECK(errors_of("x = (1 + 2") ==
        one("1:11: expected ')' to match the '(' at column 5, found end of line"));
  CHECK(errors_of("x = (1 + 2))") ==
        one("1:12: expected an operator, ';' or end of line, found ')'"));
  CHECK(errors_of("x") == one("1:2: expected '=' after 'x', found end of line"));
  CHECK(errors_of("x = ") == one("1:5: expected an expression, found end of line"));
  CHECK(errors_of("x = 1 2") == one("1:7: expected an operator, ';' or end of line, found '2'"));
  CHECK(errors_of("x = * 2") == one("1:5: expected an expression, found '*'"));
  CHECK(
      errors_of("3 = x") ==
      one("1:1: expected a definition 'NAME = EXPR' or a claim 'check EXPR = NUMBER', found '3'"));
  CHECK(errors_of("x = 1\ncheck x = ") ==
        one("2:11: expected a number after '=' in a claim, found end of line"));
  CHECK(errors_of("x = 1\ncheck x = x") ==
        one("2:11: expected a number after '=' in a claim, found 'x'"));
  CHECK(errors_of("x = 1\ncheck x 1") ==
        one("2:9: expected '=' after the expression in a claim, found '1'"));
  CHECK(errors_of("x = 1\ncheck x = 1 2") ==
        one("2:13: expected ';' or end of line after the claim's number, found '2'"));
  CHECK(errors_of("x = 1\ncheck") == one("2:6: expected an expression, found end of line"));
  CHECK(errors_of("x = 1 $ 2") == one("1:7: unexpected character '$'"));
  CHECK(errors_of("x = 1 : 2") == one("1:7: unexpected character ':'"));
  CHECK(errors_of("x = 1 \x01") == one("1:7: unexpected character U+0001"));
  CHECK(errors_of("x = 3 \xE2\x88\x92 1") ==
        one("1:7: unexpected character '\xE2\x88\x92' (U+2212); write '-' for minus"));
  CHECK(errors_of("x = 3 \xC3\xA9") == one("1:7: unexpected character '\xC3\xA9' (U+00E9)"));
  CHECK(errors_of("x = 3 \xFF") == one("1:7: invalid UTF-8 byte 0xFF"));
  CHECK(errors_of("x = 1 # comments may say anything: $ \xFF \xE2\x88\x92").empty());
}

TEST_CASE("several errors in one file are all reported, in order") {
  const std::string text =
      "x1 = 0.03\n"
      "h1 = x1 * w1\n"                // unknown, no suggestion
      "w1 = 0.5; h2 = x1 * (w1 + \n"  // the first statement on the line still counts
      "out = sigmod(h2) + out_h\n"    // h2 failed silently; two problems on one line
      "x1 = 2\n"
      "check out = \n"
      "check dx1/dw2 = 1\n";
  CHECK(errors_of(text) ==
        std::vector<std::string>{
            "2:11: unknown name 'w1': it is defined later, on line 3",
            "3:27: expected an expression, found end of line",
            "4:7: unknown function 'sigmod'; did you mean 'sigmoid'?" + built_in_functions_note(),
            "4:20: unknown name 'out_h'",  // 'out' is not defined yet
            "5:1: 'x1' is already defined on line 1",
            "6:13: expected a number after '=' in a claim, found end of line",
            "7:12: unknown name 'w2'; did you mean 'w1'?",
        });
}

TEST_CASE("limits give errors, never crashes") {
  const auto nested = [](std::size_t depth) {
    return "x = " + std::string(depth, '(') + "1" + std::string(depth, ')');
  };
  CHECK(errors_of(nested(256)).empty());
  CHECK(errors_of(nested(257)) == one("1:261: expression nested too deeply (limit 256)"));
  CHECK(errors_of("x = " + std::string(999'990, '(')) ==
        one("1:261: expression nested too deeply (limit 256)"));
  CHECK(errors_of("x = 1\ny = " + std::string(999'990, '-') + "x") ==
        one("2:261: expression nested too deeply (limit 256)"));
  CHECK(errors_of(nested(1'000'000)) ==
        one("1:1: line is too long (2000005 bytes; limit 1000000)"));
  CHECK(errors_of("x = " + std::string(256, '-') + "1").empty());

  std::string powers = "x = 2";
  for (int i = 0; i < 100'000; ++i) powers += "^2";
  CHECK(errors_of(powers) == one("1:518: expression nested too deeply (limit 256)"));
  std::string calls = "x = 1\ny = ";
  for (int i = 0; i < 100'000; ++i) calls += "exp(";
  CHECK(errors_of(calls) == one("2:1032: expression nested too deeply (limit 256)"));
  std::string subs = "x = 1\ny = x";
  for (int i = 0; i < 100'000; ++i) subs += "[x := x";
  CHECK(errors_of(subs) == one("2:1798: expression nested too deeply (limit 256)"));
}

TEST_CASE("other limits") {
  SUBCASE("the syntax tree's depth is bounded too, for its recursive consumers") {
    const auto sum = [](int terms) {
      std::string text = "x = 1\ny = x";
      for (int i = 1; i < terms; ++i) text += " + x";
      return text;
    };
    CHECK(errors_of(sum(1000)).empty());
    const auto message =
        "expression too deep (more than 1000 levels of operations); split it "
        "into named steps";
    CHECK(errors_of(sum(1001)) == one(std::string("2:5: ") + message));
    CHECK(errors_of(sum(200'000)) == one(std::string("2:5: ") + message));
  }
  SUBCASE("a statement after a too-long line is still read") {
    CHECK(errors_of(std::string(1'000'001, ' ') + "\ny = q") ==
          std::vector<std::string>{"1:1: line is too long (1000001 bytes; limit 1000000)",
                                   "2:5: unknown name 'q'"});
  }
  SUBCASE("parsing stops after 50 errors") {
    std::string text;
    for (int i = 0; i < 80; ++i) text += "y" + std::to_string(i) + " = $\n";
    const auto errors = errors_of(text);
    REQUIRE(errors.size() == 51);
    CHECK(errors[49] == "50:7: unexpected character '$'");
    CHECK(errors[50] == "51:7: too many errors (limit 50); stopping here");
  }
  SUBCASE("many statements parse quickly") {
    std::string text = "v0 = 1\n";
    for (int i = 1; i < 50'000; ++i) {
      text += "v" + std::to_string(i) + " = v" + std::to_string(i - 1) + " * 2 + sigmoid(v0)\n";
    }
    const ParseResult r = parse(text, "f");
    CHECK(r.errors.empty());
    CHECK(r.document.statements.size() == 50'000);
  }
}

TEST_CASE("format_diagnostic") {
  CHECK(format_diagnostic("nets/a.txt", Diagnostic{{12, 7}, "unknown name 'w9'"}) ==
        "nets/a.txt:12:7: error: unknown name 'w9'");
  const ParseResult r = parse("x = 1\ny = x +", "b.txt");
  REQUIRE(r.errors.size() == 1);
  CHECK(format_diagnostic(r.document.file, r.errors[0]) ==
        "b.txt:2:8: error: expected an expression, found end of line");
}

TEST_CASE("closest-name suggestions") {
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("out_h1", "out_1h") == 1);  // a transposition is one slip
  CHECK(edit_distance("sigmod", "sigmoid") == 1);
  const std::vector<std::string> names = {"out_h1", "out_h2", "E", "w5", "OUT"};
  CHECK(closest_name("out_h3", names) == "out_h1");  // ties go to the earlier name
  CHECK(closest_name("out", names) == "OUT");        // a case-only difference first
  CHECK(closest_name("F", names) == std::nullopt);   // one letter for another is no slip
  CHECK(closest_name("w6", names) == "w5");
  CHECK(closest_name("completely_else", names) == std::nullopt);
  CHECK(closest_name(std::string(100, 'a'), names) == std::nullopt);
}
