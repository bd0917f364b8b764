// What the command does with hostile input: every error with the source line and a caret
// under its column, all of a file's errors in one run, and generated inputs far beyond any
// real file (1e6-deep parentheses, a 200 MB file, 1e6 definitions, a 1e5-digit literal) that
// must end in a clear error or a right answer, within 2 GiB of memory.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli.hpp"
#include "tests/parser_test_helpers.hpp"
#include "engine/number.hpp"

using chainrule::testing::CommandResult;
using chainrule::testing::run_chainrule;
using chainrule::testing::temp_file;

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;  // ASan reserves terabytes of address space: no ulimit -v
#else
constexpr bool kSanitized = false;
#endif

// `chainrule ARGS` (shell text) with its address space limited to 2 GiB: a process that
// needed more would fail to allocate and abort instead of exiting with its own clear error.
CommandResult run_within_2_gib(const std::string& args) {
  const std::string err_path = temp_file("", ".err");
  const std::string command = std::string("ulimit -v ") + (kSanitized ? "unlimited" : "2097152") +
                              " && cd '" + CHAINRULE_SOURCE_DIR + "' && NO_COLOR=1 '" +
                              CHAINRULE_BINARY + "' " + args + " 2>'" + err_path + "'";
  auto shell = chainrule::testing::run_shell(command);
  CommandResult result{shell.status, std::move(shell.out), chainrule::testing::slurp(err_path)};
  std::filesystem::remove(err_path);
  return result;
}

}  // namespace

TEST_CASE("each error shows its source line with a caret under the column") {
  auto typo = temp_file("out_h1 = 0.5\ny = out_h2 * 2\n");
  auto r = run_chainrule("eval " + typo);
  CHECK(r.status == 2);
  CHECK(r.err == typo + ":2:5: error: unknown name 'out_h2'; did you mean 'out_h1'?\n"
                        "    2 | y = out_h2 * 2\n"
                        "      |     ^\n");
  SUBCASE("tabs are kept on the caret line, so it lines up at any tab width") {
    auto tabs = temp_file("x = 1\n\ty\t= x + q\n");
    CHECK(run_chainrule("eval " + tabs).err == tabs + ":2:10: error: unknown name 'q'\n"
                                                      "    2 | \ty\t= x + q\n"
                                                      "      | \t \t      ^\n");
  }
  SUBCASE("a multi-byte character takes one column; bytes a terminal would garble show as ?") {
    auto minus = temp_file("x = 3 \xE2\x88\x92 1\n");
    CHECK(run_chainrule("eval " + minus).err ==
          minus + ":1:7: error: unexpected character '\xE2\x88\x92' (U+2212); write '-' for minus\n"
                  "    1 | x = 3 \xE2\x88\x92 1\n"
                  "      |       ^\n");
    auto bad = temp_file("y = 1\nx = \x01 y \xFF\n");
    CHECK(run_chainrule("eval " + bad).err ==
          bad + ":2:5: error: unexpected character U+0001\n"
                "    2 | x = ? y ?\n"
                "      |     ^\n");
  }
  SUBCASE("an error at the end of a line puts the caret just past it") {
    auto open = temp_file("x = (1 + 2\r\n");
    CHECK(run_chainrule("eval " + open).err ==
          open + ":1:11: error: expected ')' to match the '(' at column 5, found end of line\n"
                 "    1 | x = (1 + 2\n"
                 "      |           ^\n");
  }
  SUBCASE("a domain error found evaluating the graph points at its operation") {
    auto domain = temp_file("x = 1\ny = 2 * log(x - 1)\n");
    CHECK(run_chainrule("eval " + domain).err ==
          domain + ":2:9: error: log of a non-positive number: log(0), in the definition of 'y'\n"
                   "    2 | y = 2 * log(x - 1)\n"
                   "      |         ^\n");
  }
}

TEST_CASE("all of a file's errors are reported in one run, each with its line") {
  auto file = temp_file("x = (1 + 2\ny = 1 2\nz = sigmod(3)\nw = x\n");
  auto r = run_chainrule("check " + file);
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK(r.err == file + ":1:11: error: expected ')' to match the '(' at column 5, found end of line\n"
                        "    1 | x = (1 + 2\n"
                        "      |           ^\n" +
                 file + ":2:7: error: expected an operator, ';' or end of line, found '2'\n"
                        "    2 | y = 1 2\n"
                        "      |       ^\n" +
                 file + ":3:5: error: unknown function 'sigmod'; did you mean 'sigmoid'?" +
                 parser_test::built_in_functions_note() + "\n"
                        "    3 | z = sigmod(3)\n"
                        "      |     ^\n");
}

TEST_CASE("1e6-deep parentheses: the line is too long, and its excerpt is cut to a window") {
  auto file = temp_file("x = " + std::string(1'000'000, '(') + "1" + std::string(1'000'000, ')') + "\n");
  auto r = run_within_2_gib("eval " + file);
  CHECK(r.status == 2);
  CHECK(r.err == file + ":1:1: error: line is too long (2000005 bytes; limit 1000000)\n"
                        "    1 | x = " + std::string(96, '(') + "...\n"
                        "      | ^\n");
}

TEST_CASE("a 200 MB file is refused before it is read") {
  auto file = temp_file("x = 1\n");
  std::filesystem::resize_file(file, 200'000'000);  // sparse: no 200 MB written to the disk
  auto r = run_within_2_gib("check " + file);
  CHECK(r.status == 2);
  CHECK(r.err == file + ": error: the file is 200000000 bytes, more than the limit of 67108864 "
                        "bytes (64 MiB)\n");
  std::filesystem::remove(file);
}

TEST_CASE("a 1e5-digit literal is refused; a 2e4-digit one is read exactly") {
  auto file = temp_file("x = 1" + std::string(99'999, '0') + "\n");
  auto r = run_within_2_gib("eval " + file);
  CHECK(r.status == 2);
  CHECK(r.err.rfind(file + ":1:5: error: number is too long (100000 characters; limit 20000)\n", 0) == 0);
  // 0.000...01, 20000 characters long: 1e-19998, read exactly enough that x * 1e19998 is 1.
  auto longest = temp_file("x = 0." + std::string(19'997, '0') + "1\ny = x * 1e19998\n");
  auto ok = run_within_2_gib("eval " + longest + " --digits 30");
  CHECK(ok.status == 0);
  CHECK(ok.out == "x = 1e-19998\ny = 1\n");
}

TEST_CASE("1e6 definitions are read and checked within 2 GiB") {
  // v0 = 0.5, v_k = v_(k-1) * 1.000001: v_999999 = 0.5 * 1.000001^999999, which at 50 digits
  // is 1.35914023... (e/2 times (1 - 1/(2*10^6) + ...)); the claim is that closed form
  // computed here to 60 digits and rounded to 20.
  std::string text = "v0 = 0.5\n";
  text.reserve(30'000'000);
  for (int k = 1; k < 1'000'000; ++k)
    text += "v" + std::to_string(k) + " = v" + std::to_string(k - 1) + " * 1.000001\n";
  chainrule::engine::set_working_digits(60);
  using chainrule::engine::Real;
  const Real closed = Real("0.5") * pow(Real("1.000001"), 999'999);
  text += "check v999999 = " + chainrule::engine::to_decimal(closed, 20) + "\n";
  auto file = temp_file(text);
  auto r = run_within_2_gib("check " + file);
  CHECK(r.err == "");
  CHECK(r.status == 0);
  CHECK(r.out.find("1 claim: 1 ok, 0 truncated, 0 carried-rounding, 0 carried-error, 0 last-digit, 0 wrong") != std::string::npos);
  std::filesystem::remove(file);
}

TEST_CASE("--digits outside its range is a usage error") {
  auto file = temp_file("x = 1\n");
  for (const char* digits : {"1", "0", "-5", "100001"}) {
    auto r = run_chainrule("eval " + file + " --digits " + digits);
    CHECK(r.status == 2);
    CHECK(r.err.find("--digits: Value " + std::string(digits) + " not in range 2 to 100000") != std::string::npos);
  }
}
