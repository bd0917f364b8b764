// Command-line values: every flag checked by its own rules with a message naming it, before
// any file is read or written, and nothing that ends the process in an abort (exit 134).
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "cli.hpp"

using chainrule::testing::run_chainrule;
using chainrule::testing::slurp;
using chainrule::testing::temp_file;

namespace {

const std::string kTrain = "train examples/derivations/tutorial_b.chain --loss E --wrt 'w*' ";
const std::string kUsageTail = "Run with --help for more information.\n";

}  // namespace

TEST_CASE("a bad --lr is a flag error, and --csv OUT is left as it was") {
  const std::string csv = temp_file("the rows of an earlier run\n", ".csv");
  // Each is text that is not a plain decimal number: CLI11 would pass them on, and Boost's
  // string constructor threw (abc, '', 0x10, 1/3) or, in double, from_chars (' 0.1').
  for (const std::string rate : {"abc", "", "0x10", "1/3", " 0.1", "nan", "inf", "-inf", "1e+"}) {
    for (const std::string number : {"", "--double "}) {
      auto r = run_chainrule(kTrain + number + "--lr '" + rate + "' --steps 1 --csv " + csv);
      CHECK(r.status == 2);
      CHECK(r.err == "--lr: '" + rate + "' is not a decimal number\n");
      CHECK(r.out.empty());
    }
  }
  CHECK(slurp(csv) == "the rows of an earlier run\n");
}

TEST_CASE("an --lr the number type cannot hold is a flag error, not the file's") {
  // 1e9999999999999999999 needs a decimal exponent of 1e19, beyond the widened MPFR exponent
  // range (binary exponents up to 2^62, decimal about 1.4e18) and double's (308): infinite
  // in both; its reciprocal's size is 0 in both.
  for (const std::string number : {"", "--double "}) {
    auto big = run_chainrule(kTrain + number + "--lr 1e9999999999999999999 --steps 1");
    CHECK(big.status == 2);
    CHECK(big.err ==
          "--lr: '1e9999999999999999999' is out of range: at the working precision "
          "it is infinite\n");
    auto tiny = run_chainrule(kTrain + number + "--lr -1e-9999999999999999999 --steps 1");
    CHECK(tiny.status == 2);
    CHECK(tiny.err ==
          "--lr: '-1e-9999999999999999999' is out of range: at the working "
          "precision it is 0\n");
  }
  // 1e999999999 (a decimal exponent of 1e9) fits the widened range, and double's does not.
  CHECK(run_chainrule(kTrain + "--double --lr 1e999999999 --steps 1").status == 2);
  // In MPFR it is finite, but a file may not write it (exponents up to 1e8 either way), and
  // certified training with 1e9999999999 ran for minutes: refused as a literal would be.
  for (const std::string rate : {"1e999999999", "1e9999999999", "-2.5E-100000001"}) {
    auto r = run_chainrule(kTrain + "--lr " + rate + " --steps 1");
    CHECK(r.status == 2);
    CHECK(r.err ==
          "--lr: the exponent of " + rate + " is out of range (at most 100000000 either way)\n");
    CHECK(r.out.empty());
  }
  // 0 written as 0 is a learning rate like any other: nothing moves.
  CHECK(run_chainrule(kTrain + "--lr 0e5 --steps 1").status == 0);
  auto network = run_chainrule("network 2-2-1 --lr ''");
  CHECK(network.status == 2);
  CHECK(network.err == "--lr: '' is not a decimal number\n");
}

TEST_CASE("integer flags read plain decimal digits only: 010 is ten, 0x10 is not a number") {
  const std::string third = temp_file("x = 1/3\n");
  // 1/3 to 10 significant digits is ten 3s; CLI11 alone read 010 as octal 8 (eight 3s).
  auto ten = run_chainrule("eval " + third + " --digits 010");
  CHECK(ten.status == 0);
  CHECK(ten.out == "x = 0.3333333333\n");
  for (const std::string digits : {"0x10", "abc", "", "+5", " 5", "1e2", "5.0"}) {
    auto r = run_chainrule("eval " + third + " --digits '" + digits + "'");
    CHECK(r.status == 2);
    CHECK(r.err == "--digits: '" + digits + "' is not a number\n" + kUsageTail);
  }
  auto huge = run_chainrule("eval " + third + " --digits 99999999999999999999");
  CHECK(huge.err == "--digits: Value 99999999999999999999 not in range 2 to 100000\n" + kUsageTail);
  // --steps 010 runs ten steps (the trained-leaves line says how many were run).
  auto steps = run_chainrule(kTrain + "--lr 0.5 --steps 010 --every 10");
  CHECK(steps.out.find("trained leaves after 10 steps:") != std::string::npos);
  auto every = run_chainrule(kTrain + "--lr 0.5 --steps 1 --every 0x1");
  CHECK(every.err == "--every: '0x1' is not a number\n" + kUsageTail);
  auto paths =
      run_chainrule("explain examples/derivations/tutorial_a.chain dE/dw1 --max-paths 0x2");
  CHECK(paths.err == "--max-paths: '0x2' is not a number\n" + kUsageTail);
}

TEST_CASE("an empty file name is an error for every option that names a file") {
  auto csv = run_chainrule(kTrain + "--lr 0.5 --steps 1 --csv ''");
  CHECK(csv.status == 2);
  CHECK(csv.err == "--csv: the file name is empty\n" + kUsageTail);
  auto svg = run_chainrule("dot examples/derivations/tutorial_a.chain --of E --svg ''");
  CHECK(svg.err == "--svg: the file name is empty\n" + kUsageTail);
  auto init = run_chainrule("network 2-2-1 --init ''");
  CHECK(init.err == "--init: the file name is empty\n" + kUsageTail);
}

TEST_CASE("--json with a file name that is not UTF-8 replaces the invalid byte") {
  const std::string name = "/tmp/chainrule-test-\xFF.chain";
  { std::ofstream(name) << "x = 2\ncheck x = 2\n"; }
  auto r = run_chainrule("check '" + name + "' --json");
  CHECK(r.status == 0);
  // 0xFF can start no UTF-8 sequence; nlohmann's replace handler writes U+FFFD, EF BF BD.
  CHECK(r.out.find("\"file\": \"/tmp/chainrule-test-\xEF\xBF\xBD.chain\"") != std::string::npos);
  std::remove(name.c_str());
}

#if !defined(__SANITIZE_ADDRESS__)  // ASan reserves terabytes of address space: no ulimit -v
TEST_CASE("out of memory is one error line naming the stage, not an abort") {
  // 300000 definitions need some hundred MB to parse (about 700 bytes each, measured): with
  // the address space limited to 100 MB, an allocation fails while the file is parsed.
  std::string text = "v0 = 0.5\n";
  for (int k = 1; k < 300'000; ++k)
    text += "v" + std::to_string(k) + " = v" + std::to_string(k - 1) + " * 1.000001\n";
  const std::string file = temp_file(text);
  const std::string err = temp_file("", ".err");
  const std::string command = std::string("ulimit -v 100000 && '") + CHAINRULE_BINARY + "' eval " +
                              file + " >/dev/null 2>" + err;
  const int raw = std::system(command.c_str());
  CHECK(WEXITSTATUS(raw) == 2);
  CHECK(slurp(err) == "chainrule: error: out of memory while parsing " + file + "\n");
  std::remove(file.c_str());
  std::remove(err.c_str());
}

TEST_CASE("GMP running out of memory is the same one line, not its abort") {
  // 4000 values at --digits 100000 (+10 guard digits, about 332,000 bits: 41.5 KB of limbs,
  // plus MPFR's own) need some 170 MB or more, beyond 100 MB of address space. GMP's own
  // handler printed "GNU MP: Cannot allocate memory" and aborted (exit 134).
  std::string text = "v0 = 0.5\n";
  for (int k = 1; k < 4000; ++k)
    text += "v" + std::to_string(k) + " = v" + std::to_string(k - 1) + " * 1.000001\n";
  const std::string file = temp_file(text);
  const std::string err = temp_file("", ".err");
  const std::string command = std::string("ulimit -v 100000 && '") + CHAINRULE_BINARY + "' eval " +
                              file + " --digits 100000 >/dev/null 2>" + err;
  const int raw = std::system(command.c_str());
  CHECK(WEXITSTATUS(raw) == 2);
  CHECK(slurp(err) == "chainrule: error: out of memory while compiling " + file + "\n");
  std::remove(file.c_str());
  std::remove(err.c_str());
}
#endif
