// FILE '-' is standard input for every command that reads a file, network's --init included;
// /dev/stdin, process substitution (<(...)) and a named pipe with a writer are read as streams.
// The basics (each command on '-', the size limit, a FIFO with no writer) are in
// test_robust_input.cpp; these are the ways of handing a file over without naming it.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "cli.hpp"

using chainrule::testing::run_chainrule;
using chainrule::testing::run_shell;
using chainrule::testing::temp_file;

namespace {

const std::string kTutorialA = "examples/derivations/tutorial_a.chain";
const std::string kBinary = std::string("'") + CHAINRULE_BINARY + "'";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// Runs shell text under bash (process substitution is not POSIX sh) from the source folder.
chainrule::testing::ShellResult bash(const std::string& text) {
  return run_shell(std::string("cd '") + CHAINRULE_SOURCE_DIR + "' && NO_COLOR=1 bash -c \"" +
                   text + "\" 2>&1");
}

}  // namespace

TEST_CASE("cat FILE | chainrule check - prints the table the file's name gives, but the name") {
  const auto by_name = run_chainrule("check " + kTutorialA);
  REQUIRE(by_name.status == 0);
  const auto piped = bash("cat " + kTutorialA + " | " + kBinary + " check -");
  CHECK(piped.status == 0);
  CHECK(piped.out == replaced(by_name.out, kTutorialA + ":", "<stdin>:"));
  // The name changes and nothing else: tutorial A's 35 check lines, judged at 50 digits.
  CHECK(piped.out.rfind("<stdin>: 35 claims judged at 50 significant digits\n", 0) == 0);
}

TEST_CASE("process substitution, /dev/stdin and a named pipe with a writer are read") {
  const auto by_name = run_chainrule("check " + kTutorialA);
  // <(cat f) is /dev/fd/63, a pipe: read as a stream, named as the shell names it.
  const auto substituted = bash(kBinary + " check <(cat " + kTutorialA + ")");
  CHECK(substituted.status == 0);
  CHECK(substituted.out.find(": 35 claims judged at 50 significant digits\n") != std::string::npos);
  const auto dev_stdin = bash("cat " + kTutorialA + " | " + kBinary + " check /dev/stdin");
  CHECK(dev_stdin.out == replaced(by_name.out, kTutorialA + ":", "/dev/stdin:"));
  // A FIFO whose writer is already there (the background cat waits on opening it until the
  // reader comes): read to the writer's end, as a pipe is.
  const std::string fifo = temp_file("", ".fifo");
  std::filesystem::remove(fifo);
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const auto named = bash("cat " + kTutorialA + " > " + fifo + " & sleep 0.2; timeout 20 " +
                          kBinary + " check " + fifo + "; wait");
  CHECK(named.out == replaced(by_name.out, kTutorialA + ":", fifo + ":"));
  std::filesystem::remove(fifo);
}

TEST_CASE("errors in standard input are located as <stdin>:LINE:COLUMN") {
  // Line 3, "z = y +": the operand missing after '+' is looked for past the 7 characters.
  const auto r = bash("printf 'x = 1\\\\ny = x\\\\nz = y +\\\\n' | " + kBinary + " check -");
  CHECK(r.status == 2);
  CHECK(r.out.rfind("<stdin>:3:8: error: ", 0) == 0);
  // Through process substitution the shell's name (/dev/fd/N) takes its place.
  const auto substituted = bash(kBinary + " eval <(printf 'y = q\\\\n')");
  CHECK(substituted.status == 2);
  CHECK(substituted.out.find(":1:5: error: unknown name 'q'") != std::string::npos);
}

TEST_CASE("network --init - reads the values from standard input") {
  // x1 = 2, w1 = 0.5, b1 = 0 in a 1-1 identity network, T1 = 0.01 (nn's default): y1 = 2*0.5
  // + 0 = 1, out_y1 = 1, E = 1/2 (0.01 - 1)^2 = 1/2 * 0.9801 = 0.49005.
  const auto r = bash("printf 'x1 = 2\\\\nw1 = 0.5\\\\nb1 = 0\\\\n' | " + kBinary +
                      " network 1-1 --activation identity --init - | " + kBinary + " eval -");
  CHECK(r.status == 0);
  CHECK(r.out.find("x1     = 2\n") != std::string::npos);
  CHECK(r.out.find("out_y1 = 1\n") != std::string::npos);
  CHECK(r.out.find("E      = 0.49005\n") != std::string::npos);
  const auto bad = bash("printf 'q1 = 2\\\\n' | " + kBinary + " network 1-1 --init -");
  CHECK(bad.status == 2);
  CHECK(bad.out ==
        "<stdin>:1: error: 'q1' is not an input, target or parameter of this 1-1 "
        "network\n");
}
