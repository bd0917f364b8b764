// The entry point the command and the page share (tools/entry.hpp, tools/entry_json.hpp):
// run in this process, it prints what the command prints, reads the texts it is given
// instead of the disk, locates every error, and leaves nothing behind for the next run.
#include <doctest/doctest.h>

#include <boost/multiprecision/mpfr.hpp>
#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "tools/entry.hpp"
#include "tools/entry_json.hpp"

using chainrule::testing::run_chainrule;
using chainrule::testing::slurp;
using chainrule::tools::Invocation;
using chainrule::tools::run;

namespace {

const std::string kTutorialA = "examples/derivations/tutorial_a.chain";

}  // namespace

TEST_CASE("the entry point prints what the command prints, status included") {
  for (const std::string flags : {"", " --json", " --digits 30"}) {
    const auto command = run_chainrule("check " + kTutorialA + flags);
    std::vector<std::string> arguments = {"check", kTutorialA};
    if (!flags.empty()) {
      std::istringstream words(flags);
      for (std::string word; words >> word;) arguments.push_back(word);
    }
    const auto outcome = run(Invocation{arguments, {}});
    CHECK(outcome.status == command.status);
    CHECK(outcome.standard_output == command.out);
    CHECK(outcome.standard_error == command.err);
  }
}

TEST_CASE("a text given to the entry point is read instead of the file of that name") {
  // 2 * 2 = 4 exactly: one claim, ok, status 0. The file on the disk (tutorial A, 35 claims)
  // is not read.
  const auto outcome = run(
      Invocation{{"check", kTutorialA, "--json"}, {{kTutorialA, "a = 2\nb = a*a\ncheck b = 4\n"}}});
  CHECK(outcome.status == 0);
  const auto report = nlohmann::json::parse(outcome.standard_output);
  REQUIRE(report["claims"].size() == 1);
  CHECK(report["claims"][0]["verdict"] == "ok");
  // And the next run reads the disk again: tutorial A's 35 claims.
  const auto after = run(Invocation{{"check", kTutorialA, "--json"}, {}});
  CHECK(nlohmann::json::parse(after.standard_output)["claims"].size() == 35);
}

TEST_CASE("every located error line becomes a diagnostic at its line and column") {
  // "y = x *" has 7 characters: the missing operand is looked for at column 8 of line 2.
  const auto outcome =
      run(Invocation{{"check", "typo.chain"}, {{"typo.chain", "x = 1\ny = x *\n"}}});
  CHECK(outcome.status == 2);
  REQUIRE(outcome.diagnostics.size() == 1);
  CHECK(outcome.diagnostics[0].file == "typo.chain");
  CHECK(outcome.diagnostics[0].line == 2);
  CHECK(outcome.diagnostics[0].column == 8);
  CHECK(outcome.diagnostics[0].severity == "error");
  CHECK(outcome.diagnostics[0].message.find("expected an expression") != std::string::npos);
  // A name the caller did not give and the disk does not have: the command's own message.
  const auto missing = run(Invocation{{"check", "no-such-file.chain"}, {}});
  CHECK(missing.status == 2);
  CHECK(missing.standard_error.rfind("no-such-file.chain: error: cannot read the file", 0) == 0);
}

TEST_CASE("one run's precision does not leak into the next") {
  // e to 10000 significant digits from MPFR itself at 34000 bits (10000 digits need 33220),
  // not through chainrule; rounded to 10000 digits they must be the ones printed.
  using Big = boost::multiprecision::number<boost::multiprecision::mpfr_float_backend<10200>>;
  const std::string e_digits = exp(Big(1)).str(10000, std::ios_base::fixed).substr(0, 10001);
  const auto high =
      run(Invocation{{"eval", "e.chain", "--digits", "10000"}, {{"e.chain", "e = exp(1)\n"}}});
  REQUIRE(high.status == 0);
  // The command rounds; the 10001st digit of e decides the last one shown. Compare all but it.
  CHECK(high.standard_output.rfind("e = " + e_digits.substr(0, 9999), 0) == 0);
  CHECK(high.standard_output.size() == std::string("e = ").size() + 10001 + 1);
  // The same file right after, at the default 50
  // digits: 2.718281828459045235360287471352662497757247093700 (e's 50 significant digits,
  // ...69995 95... rounded up at the 50th).
  const auto usual = run(Invocation{{"eval", "e.chain"}, {{"e.chain", "e = exp(1)\n"}}});
  CHECK(usual.standard_output == "e = 2.7182818284590452353602874713526624977572470937\n");
}

TEST_CASE("JSON in, JSON out: the page's request and answer") {
  nlohmann::json request = {{"arguments", {"check", "t.chain", "--json"}},
                            {"files", {{"t.chain", "x = 0.5\ncheck x = 0.5\ny = x *\n"}}}};
  const auto answer = nlohmann::json::parse(chainrule::tools::run_json(request.dump()));
  CHECK(answer["status"] == 2);
  REQUIRE(answer["diagnostics"].size() == 1);
  CHECK(answer["diagnostics"][0]["line"] == 3);
  CHECK(answer["diagnostics"][0]["column"] == 8);
  CHECK(answer["stdout"] == "");

  for (const std::string bad :
       {"", "[1, 2]", R"({"files": {}})", R"({"arguments": "check"})", R"({"arguments": [1]})"}) {
    const auto refused = nlohmann::json::parse(chainrule::tools::run_json(bad));
    CHECK(refused["status"] == 2);
    CHECK(refused["stderr"].get<std::string>().rfind("chainrule: error: bad request: ", 0) == 0);
  }
}

TEST_CASE("a published exponent past any int reaches the limits, not std::stoi") {
  // compile_certified chooses its precision from the published digits before the limits see
  // the numbers; it once read the exponent with std::stoi, which threw for 123456789012 and
  // ended the run with "chainrule: error: stoi while compiling" (libc++ words it otherwise).
  const auto outcome =
      run(Invocation{{"check", "e.chain"}, {{"e.chain", "x = 2\ncheck x = 2e123456789012\n"}}});
  CHECK(outcome.status == 2);
  REQUIRE(outcome.diagnostics.size() == 1);
  CHECK(outcome.diagnostics[0].line == 2);
  CHECK(outcome.diagnostics[0].column == 11);  // "check x = " is 10 characters
  CHECK(outcome.diagnostics[0].message ==
        "the exponent of 2e123456789012 is out of range (at most 100000000 either way)");
}

TEST_CASE("the entry point takes standard input's text under the name '-'") {
  // 3 * 3 = 9: one claim, ok; its errors and its table name it <stdin>.
  const auto ok = run(Invocation{{"check", "-"}, {{"-", "a = 3\nb = a*a\ncheck b = 9\n"}}});
  CHECK(ok.status == 0);
  CHECK(ok.standard_output.rfind("<stdin>: 1 claim judged", 0) == 0);
  const auto bad = run(Invocation{{"eval", "-"}, {{"-", "a = 1\nb = c\n"}}});
  CHECK(bad.status == 2);
  REQUIRE(bad.diagnostics.size() == 1);
  CHECK(bad.diagnostics[0].file == "<stdin>");
  CHECK(bad.diagnostics[0].line == 2);
  CHECK(bad.diagnostics[0].column == 5);
}
