// Messages that say what was meant: did-you-mean for commands and for the names a command
// line gives, why `dE/dw` is not a derivative after `dE = 1`, and bytes, line ends, numbers
// and names that used to be echoed raw, misread or printed whole.
#include <doctest/doctest.h>

#include <string>

#include "cli.hpp"

using chainrule::testing::run_chainrule;
using chainrule::testing::temp_file;

namespace {

const std::string kB = "examples/derivations/tutorial_b.chain";  // inputs w1..w8, b1..b4

}  // namespace

TEST_CASE("a slip in a command's name gets the command meant") {
  // One edit each: a deleted letter (chek, evl), two swapped letters (grda).
  for (const auto& [typed, meant] :
       {std::pair{"chek", "check"}, std::pair{"evl", "eval"}, std::pair{"grda", "grad"}}) {
    auto r = run_chainrule(std::string(typed) + " " + kB);
    CHECK(r.status == 2);
    CHECK(r.err == "chainrule: error: unknown command '" + std::string(typed) +
                       "'; did you mean '" + meant + "'?\n");
  }
  auto far = run_chainrule("frobnicate");
  CHECK(far.status == 2);
  CHECK(far.err ==
        "chainrule: error: unknown command 'frobnicate' (the commands: check eval "
        "grad train explain formula hessian dot network)\n");
}

TEST_CASE("--of, --loss, --wrt and derivative terms suggest the file's closest name") {
  // tutorial B defines out_o1 before out_o2 (ties go to the earlier), E, w1..w8, b1..b4.
  auto of = run_chainrule("grad " + kB + " --of out_o3");
  CHECK(of.status == 2);
  CHECK(of.err == kB + ": error: 'out_o3' is not defined in " + kB + "; did you mean 'out_o1'?\n");
  auto loss = run_chainrule("train " + kB + " --loss EE --wrt 'w*' --lr 1 --steps 1");
  CHECK(loss.err == kB + ": error: 'EE' is not defined in " + kB + "; did you mean 'E'?\n");
  auto wrt = run_chainrule("train " + kB + " --loss E --wrt bb1 --lr 1 --steps 1");
  CHECK(wrt.err == kB + ": error: 'bb1' matches no input of " + kB + "; did you mean 'b1'?\n");
  auto dot = run_chainrule("dot " + kB + " --of EE");
  CHECK(dot.err == kB + ": error: 'EE' is not defined in " + kB + "; did you mean 'E'?\n");
  auto term = run_chainrule("explain " + kB + " dE/dw55");
  CHECK(term.err == kB + ": error: 'w55' is not defined in " + kB + "; did you mean 'w5'?\n");
}

TEST_CASE("after dE = 1, dE/dw is a division: the error says so") {
  auto file = temp_file("dE = 1\nw = 2\ng = dE/dw\n");
  auto r = run_chainrule("eval " + file);
  CHECK(r.status == 2);
  CHECK(r.err == file +
                     ":3:8: error: unknown name 'dw': 'dE' is a defined name, so this is a "
                     "division, not the derivative shorthand; write d(E)/d(w) for the "
                     "derivative\n"
                     "    3 | g = dE/dw\n"
                     "      |        ^\n");
}

TEST_CASE("a UTF-8-encoded surrogate is an invalid byte, not a character to echo") {
  // ED A0 80 would be U+D800, a UTF-16 surrogate, which UTF-8 may not encode (RFC 3629).
  auto file = temp_file("x = \xED\xA0\x80\n");
  auto r = run_chainrule("eval " + file);
  CHECK(r.status == 2);
  CHECK(r.err == file +
                     ":1:5: error: invalid UTF-8 byte 0xED\n"
                     "    1 | x = ???\n"
                     "      |     ^\n");
}

TEST_CASE("a lone CR ends a line, as old Mac files have it") {
  auto file = temp_file("x = 1\ry = x + 1\r");
  auto r = run_chainrule("eval " + file);
  CHECK(r.err == "");
  CHECK(r.out == "x = 1\ny = 2\n");  // 1 + 1
  auto bad = temp_file("x = 1\ry = q\r");
  CHECK(run_chainrule("eval " + bad).err == bad +
                                                ":2:5: error: unknown name 'q'\n"
                                                "    2 | y = q\n"
                                                "      |     ^\n");
}

TEST_CASE("an exponent with a sign and no digits is reported whole") {
  for (const std::string number : {"1e+", "1e-", "2.5E+"}) {
    auto file = temp_file("x = " + number + "\n");
    CHECK(run_chainrule("eval " + file)
              .err.rfind(file + ":1:5: error: malformed number '" + number + "'\n", 0) == 0);
  }
}

TEST_CASE("a 100 KB name is echoed cut to 64 bytes and an ellipsis") {
  const std::string name(100'000, 'a');
  auto file = temp_file("x = " + name + "\n");
  auto r = run_chainrule("eval " + file);
  CHECK(r.status == 2);
  CHECK(r.err.rfind(file + ":1:5: error: unknown name '" + std::string(64, 'a') + "\u2026'\n", 0) ==
        0);
  CHECK(r.err.size() < 400);  // the message, then the 100-byte excerpt window and its caret
  auto of = run_chainrule("grad " + kB + " --of " + name);
  CHECK(of.err ==
        kB + ": error: '" + std::string(64, 'a') + "\u2026' is not defined in " + kB + "\n");
}

TEST_CASE("train --json names the trained leaves; one step or claim is singular") {
  // w is the only input the pattern matches; L = w² is trained one step: w = 1 - 0.25·2 = 0.5.
  const std::string file = chainrule::testing::temp_file("w = 1\nL = w^2\ncheck L = 1\n");
  auto r = chainrule::testing::chainrule_json(
      "train " + file + " --loss L --wrt w --lr 0.25 --steps 1", 0);
  CHECK(r["trained"] == nlohmann::json::array({"w"}));
  CHECK(r["steps"] == 1);
  CHECK(r["values"][0]["value"] == "0.5");
  auto text =
      chainrule::testing::run_chainrule("train " + file + " --loss L --wrt w --lr 0.25 --steps 1");
  CHECK(text.out.find("trained leaves after 1 step:\n") != std::string::npos);
  auto check = chainrule::testing::run_chainrule("check " + file);
  CHECK(check.out.find(": 1 claim judged at 50 significant digits") != std::string::npos);
  CHECK(check.out.find("\n1 claim: 1 ok,") != std::string::npos);
  // Standard error is a file here, not a terminal: no progress lines, even for a long run.
  CHECK(text.err.empty());
}

TEST_CASE("train --progress: progress lines on standard error even when it is a file") {
  // 30,000 steps of tutorial A take well over the one second after which progress starts
  // (about 1 s of CPU on this machine kind, more under load): at least one line
  // "step K/30000  E = …" with 0 < K <= 30000, each ending in a newline, not "\r".
  auto r = chainrule::testing::run_chainrule(
      "train examples/derivations/tutorial_a.chain --loss E --wrt 'w*' --lr 0.5 --steps 30000 "
      "--every 30000 --progress");
  REQUIRE(r.status == 0);
  if (r.err.empty()) return;  // finished within a second: nothing to report, and nothing shown
  CHECK(r.err.rfind("step ", 0) == 0);
  CHECK(r.err.find("/30000  E = ") != std::string::npos);
  CHECK(r.err.find('\r') == std::string::npos);
}
