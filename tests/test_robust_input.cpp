// What the commands read: regular files, and standard input ('-'), pipes and character
// devices as streams up to the size limit; anything else refused by what it is.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "cli.hpp"

using chainrule::testing::run_chainrule;
using chainrule::testing::temp_file;

namespace {

const std::string kTutorialA = "examples/derivations/tutorial_a.chain";
// run_chainrule runs the command first: this makes it a no-op, so that a pipe can follow.
const std::string kPipe = "--version >/dev/null; ";
const std::string kLimitTail = "larger than the limit of 67108864 bytes (64 MiB)\n";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

}  // namespace

TEST_CASE("'-' reads standard input: the same table as the file gives, named <stdin>") {
  auto by_name = run_chainrule("check " + kTutorialA);
  auto piped = run_chainrule("check - < " + kTutorialA);
  auto catted = run_chainrule("check - --json < " + kTutorialA);
  REQUIRE(by_name.status == 0);
  CHECK(piped.status == 0);
  CHECK(piped.out == replaced(by_name.out, kTutorialA + ":", "<stdin>:"));
  CHECK(run_chainrule("check - < " + kTutorialA + " | head -1").out ==
        "<stdin>: 35 claims judged at 50 significant digits\n");  // 35 check lines in the file
  CHECK(catted.out.find("\"file\": \"<stdin>\"") != std::string::npos);
  // Through a pipe, and through /dev/stdin (which names the pipe itself).
  CHECK(run_chainrule(kPipe + "cat " + kTutorialA + " | NO_COLOR=1 '" CHAINRULE_BINARY "' check -")
            .out == piped.out);
  CHECK(run_chainrule("check /dev/stdin < " + kTutorialA).out ==
        replaced(by_name.out, kTutorialA + ":", "/dev/stdin:"));
}

TEST_CASE("every command reads '-', and its errors say <stdin>:LINE:COLUMN") {
  // x = 3, E = x²: dE/dx = 2x = 6, d²E/dx² = 2 (by hand).
  const std::string file = temp_file("x = 3\nE = x * x\n");
  CHECK(run_chainrule("eval - < " + file).out == "x = 3\nE = 9\n");
  CHECK(run_chainrule("grad - --of E < " + file).out == "d(E)/d(x) = 6\n");
  CHECK(run_chainrule("formula - dE/dx < " + file).out == "x + x\n");  // the product rule
  CHECK(run_chainrule("explain - dE/dx < " + file).out.rfind("dE/dx = 6  ", 0) == 0);
  CHECK(run_chainrule("hessian - --of E --wrt x < " + file).out.find("x  2\n") !=
        std::string::npos);
  CHECK(run_chainrule("dot - < " + file).out.rfind("digraph chainrule {", 0) == 0);
  // --lr 0.25: x ← x − 0.25·6 = 1.5, E = 2.25.
  CHECK(run_chainrule("train - --loss E --wrt x --lr 0.25 --steps 1 < " + file)
            .out.rfind("step 0: E = 9\nstep 1: E = 2.25\n", 0) == 0);
  auto error = run_chainrule(kPipe + "printf 'x = 1\\ny = q\\n' | '" CHAINRULE_BINARY "' eval -");
  CHECK(error.status == 2);
  CHECK(error.err ==
        "<stdin>:2:5: error: unknown name 'q'\n"
        "    2 | y = q\n"
        "      |     ^\n");
  auto unknown = run_chainrule("grad - --of F < " + file);
  CHECK(unknown.err == "<stdin>: error: 'F' is not defined in <stdin>\n");
}

TEST_CASE("directories are refused as such; endless devices stop at the size limit") {
  auto directory = run_chainrule("check /tmp");
  CHECK(directory.status == 2);
  CHECK(
      directory.err ==
      "/tmp: error: is a directory; only regular files, pipes and standard input ('-') are read\n");
  // /dev/zero and /dev/urandom never end: read 64 MiB and one byte, then stop.
  for (const std::string device : {"/dev/zero", "/dev/urandom"}) {
    auto r = run_chainrule("check " + device);
    CHECK(r.status == 2);
    CHECK(r.err == device + ": error: the input is " + kLimitTail);
  }
  auto zero_stdin = run_chainrule("check - < /dev/zero");
  CHECK(zero_stdin.err == "<stdin>: error: the input is " + kLimitTail);
  // /dev/null is an empty file: no claims, nothing wrong.
  CHECK(run_chainrule("check /dev/null").out.rfind("/dev/null: 0 claims judged", 0) == 0);
}

TEST_CASE("a FIFO with no writer is refused at once instead of waited on") {
  const std::string fifo = temp_file("", ".fifo");
  std::filesystem::remove(fifo);
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // timeout 10: a build that waits for a writer fails here instead of hanging the test.
  auto r = run_chainrule(kPipe + "timeout 10 '" CHAINRULE_BINARY "' check " + fifo);
  CHECK(r.status == 2);
  CHECK(r.err == fifo +
                     ": error: is a FIFO with no writer: there is nothing to read (chainrule "
                     "does not wait for one)\n");
  std::filesystem::remove(fifo);
}
