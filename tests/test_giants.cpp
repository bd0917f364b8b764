// The generated giants of the hostile-input audit, each run under a 2 GiB address-space limit
// (`ulimit -v 2097152`) and a 180-second timeout, against hangs rather than for speed (the
// slowest takes 30 s alone, twice that on a loaded machine): where a command refuses, one
// clear line and exit 2; where it accepts, it finishes. Time and memory of each: bench/README.md.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "cli.hpp"

using chainrule::testing::slurp;
using chainrule::testing::temp_file;

namespace {

struct Limited {
  int status = -1;  // 124: the timeout ended it
  std::string err;
  std::size_t out_bytes = 0;
};

// `chainrule ARGS` (shell text) under the limits, its output in `out` (a temporary file if empty).
Limited run_limited(const std::string& args, std::string out = "") {
  const bool keep = !out.empty();
  if (!keep) out = temp_file("", ".out");
  const std::string err = temp_file("", ".err");
  const std::string command = std::string("cd '") + CHAINRULE_SOURCE_DIR +
                              "' && ulimit -v 2097152 && NO_COLOR=1 timeout 180 '" +
                              CHAINRULE_BINARY + "' " + args + " >'" + out + "' 2>'" + err + "'";
  const int raw = std::system(command.c_str());
  Limited r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.err = slurp(err);
  r.out_bytes = slurp(out).size();
  std::remove(err.c_str());
  if (!keep) std::remove(out.c_str());
  return r;
}

std::string nested_query(int depth) {
  std::string query = "dE/dw1";
  for (int k = 1; k < depth; ++k) query = "d(" + query + ")/dw1";
  return query;
}

const std::string kA = "examples/derivations/tutorial_a.chain";

}  // namespace

#if !defined(__SANITIZE_ADDRESS__)  // ASan reserves terabytes of address space: no ulimit -v

TEST_CASE("hessian over 4545 leaves is refused with the number it would need") {
  const std::string net = temp_file("");
  REQUIRE(run_limited("network 100-45-1", net).status == 0);  // 100·45 + 45 weights
  auto r = run_limited("hessian " + net + " --of E --wrt 'w*'");
  CHECK(r.status == 2);
  CHECK(r.err == net +
                     ": error: --wrt 'w*' matches 4545 names; the hessian is limited to 1000 (a "
                     "matrix of 1000000 entries)\n");
  std::remove(net.c_str());
}

TEST_CASE("hessian over 992 leaves, within the limit, is computed") {
  const std::string net = temp_file("");
  REQUIRE(run_limited("network 30-32-1", net).status == 0);  // 30·32 + 32 weights
  auto r = run_limited("hessian " + net + " --of E --wrt 'w*'");
  CHECK(r.status == 0);
  CHECK(r.err.empty());
  // A header, a blank line, the column names and 992 rows of 992 numbers.
  CHECK(r.out_bytes > 992u * 992u * 10u);
  std::remove(net.c_str());
}

TEST_CASE("a 30-deep derivative query is refused, not run out of memory") {
  const std::string query = nested_query(30);
  auto r = run_limited("formula " + kA + " '" + query + "'");
  CHECK(r.status == 2);
  CHECK(r.err == kA + ": error: '" + query +
                     "' needs derivatives nested more than 9 deep; they are not supported\n");
}

TEST_CASE("a 7-deep explain of tutorial A stays within the output budget") {
  auto r = run_limited("explain " + kA + " '" + nested_query(7) + "'");
  CHECK(r.status == 2);
  CHECK(r.err.find("terms of local partials, the limit") != std::string::npos);
}

TEST_CASE("network shapes too large to read back are refused at once") {
  for (const auto& [shape, weights] :
       {std::pair{"1000000-1000000-1", "1000001000000"}, std::pair{"3000-3000-1", "9003000"},
        std::pair{"2000-2000-1", "4002000"}}) {
    auto r = run_limited(std::string("network ") + shape);
    CHECK(r.status == 2);
    CHECK(r.out_bytes == 0);
    CHECK(r.err == std::string("error: the network ") + shape + " is too large: " + weights +
                       " weights, more than the 100000 whose derivation file chainrule reads "
                       "back in seconds\n");
  }
}

TEST_CASE("the largest network accepted reads back, in MPFR and in double") {
  // 1000·99 + 99·1 = 99099 weights, within the 100000; 1000 inputs per hidden neuron.
  const std::string net = temp_file("");
  REQUIRE(run_limited("network 1000-99-1", net).status == 0);
  for (const char* flags : {"", " --double"}) {
    auto r = run_limited("eval " + net + flags);
    CHECK(r.status == 0);
    CHECK(r.err.empty());
    CHECK(r.out_bytes > 0);
  }
  std::remove(net.c_str());
}

TEST_CASE("a billion training steps at 10000 digits are refused before the first") {
  auto r = run_limited("train " + kA +
                       " --loss E --wrt 'w*' --lr 0.5 --steps 1000000000 --digits 10000");
  CHECK(r.status == 2);
  CHECK(r.err.rfind("--steps: 1000000000 steps of this ", 0) == 0);
  CHECK(r.err.find("more than the limit of 20000000000; at most ") != std::string::npos);
}

TEST_CASE("check --json of a million claims stays under 2 GiB") {
  std::string text = "x = 0.5\n";
  text.reserve(14'000'008);
  for (int k = 0; k < 1'000'000; ++k) text += "check x = 0.5\n";
  const std::string file = temp_file(text);
  auto r = run_limited("check " + file + " --json");
  CHECK(r.status == 0);  // every claim is ok
  CHECK(r.err.empty());
  CHECK(r.out_bytes > 100'000'000);  // some 150 bytes per claim
  std::remove(file.c_str());
}

TEST_CASE("explain of a second derivative over 22 diamonds is refused by the output budget") {
  std::string text = "x = 0.3\nv0 = x\n";
  for (int k = 1; k <= 22; ++k) {
    const std::string below = "v" + std::to_string(k - 1), n = std::to_string(k);
    text += "a" + n + " = sigmoid(" + below + "); b" + n + " = tanh(" + below + "); v" + n +
            " = a" + n + "*b" + n + "\n";
  }
  text += "E = v22\n";
  const std::string file = temp_file(text);
  for (const char* flags : {"", " --max-paths 100000"}) {
    auto r = run_limited("explain " + file + " 'd(dE/dx)/dx'" + flags);
    CHECK(r.status == 2);
    CHECK(r.out_bytes == 0);
    CHECK(r.err.find("would print more than 1000000 terms of local partials") != std::string::npos);
  }
  std::remove(file.c_str());
}

TEST_CASE("explain of a chain of 100000 sigmoids finishes") {
  std::string text = "x = 0.5\ns1 = sigmoid(x)\n";
  for (int k = 2; k <= 100'000; ++k)
    text += "s" + std::to_string(k) + " = sigmoid(s" + std::to_string(k - 1) + ")\n";
  const std::string file = temp_file(text);
  auto r = run_limited("explain " + file + " ds100000/dx");
  CHECK(r.status == 0);
  CHECK(r.err.empty());
  // One path of 100000 steps: a line per step, each well over 20 bytes.
  CHECK(r.out_bytes > 2'000'000);
  std::remove(file.c_str());
}

#endif
