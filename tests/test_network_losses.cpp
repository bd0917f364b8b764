// `chainrule network --loss half-sse|sse|mse|bce` and `--output sigmoid|identity`: for a tiny
// network written with each, the loss the file defines and one gradient, judged by `check`
// against closed forms worked out by hand (or with mpmath, 60 digits, where noted).
#include <doctest/doctest.h>

#include "cli.hpp"

using chainrule::testing::chainrule_json;
using chainrule::testing::run_chainrule;
using chainrule::testing::temp_file;

namespace {

// A 1-2 network (one input, two output neurons, no hidden layer): x1 = 1, w1 = 0.5 and
// w2 = -0.5 feed y1 and y2, no biases, targets T1 = 1, T2 = 0.
const std::string kInit = "x1 = 1\nw1 = 0.5\nw2 = -0.5\nb1 = 0\nb2 = 0\nT1 = 1\nT2 = 0\n";

std::string written(const std::string& arguments) {
  const auto r = run_chainrule("network " + arguments + " --init " + temp_file(kInit, ".init"));
  REQUIRE_MESSAGE(r.status == 0, r.err);
  return r.out;
}

// Every claim of `checks` appended to the file is judged ok.
void all_ok(const std::string& file, const std::string& checks, int claims) {
  const auto report = chainrule_json("check " + temp_file(file + checks));
  CHECK(report["summary"]["ok"] == claims);
  CHECK(report["summary"]["wrong"] == 0);
}

// The file after its header's command line (which names the temporary --init file).
std::string body(const std::string& text) { return text.substr(text.find("\n# Add")); }

}  // namespace

TEST_CASE("the squared-error losses: half-sse (default), sse and mse") {
  // Identity outputs: out_y1 = 0.5, out_y2 = -0.5; errors T - out = 0.5 and 0.5.
  // half-sse: E = 1/2 (0.25 + 0.25) = 0.25;  dE/dw1 = -(T1 - out_y1) x1 = -0.5.
  // sse:      E = 0.25 + 0.25 = 0.5;         dE/dw1 = -2 (T1 - out_y1) x1 = -1.
  // mse:      E = (0.25 + 0.25) / 2 = 0.25;  dE/dw1 = -2 (T1 - out_y1) x1 / 2 = -0.5.
  const std::string half = written("1-2 --activation identity");
  CHECK(half.find("E1 = 1/2 * (T1 - out_y1)^2\n") != std::string::npos);
  CHECK(half.find("\nE = E1 + E2\n") != std::string::npos);
  all_ok(half, "check E = 0.25\ncheck dE/dw1 = -0.5\n", 2);
  const std::string sse = written("1-2 --activation identity --loss sse");
  CHECK(sse.find("E1 = (T1 - out_y1)^2\n") != std::string::npos);
  CHECK(sse.find("\nE = E1 + E2\n") != std::string::npos);
  all_ok(sse, "check E = 0.5\ncheck dE/dw1 = -1\n", 2);
  const std::string mse = written("1-2 --activation identity --loss mse");
  CHECK(mse.find("\nE = (E1 + E2) / 2\n") != std::string::npos);
  all_ok(mse, "check E = 0.25\ncheck dE/dw1 = -0.5\n", 2);
  // The default is half-sse: the same file as naming it, but the --init file's name.
  CHECK(body(written("1-2 --activation identity --loss half-sse")) == body(half));
}

TEST_CASE("bce: the mean over outputs of the binary cross-entropy") {
  // Sigmoid outputs: out_y1 = s(0.5), out_y2 = s(-0.5) = 1 - s(0.5), T = (1, 0), so both
  // terms are -log s(0.5) and their mean E = -log s(0.5) = log(1 + e^-0.5).
  // dE/dw1 = 1/2 (s(0.5) - T1) x1 = (s(0.5) - 1)/2 (the sigmoid's and the log's factors
  // cancel). Values: mpmath at 60 digits, cut to 40.
  const std::string bce = written("1-2 --loss bce");
  CHECK(bce.find("E1 = -(T1*log(out_y1) + (1 - T1)*log(1 - out_y1))\n") != std::string::npos);
  CHECK(bce.find("\nE = (E1 + E2) / 2\n") != std::string::npos);
  all_ok(bce,
         "check E = 0.4740769841801066808729973550811707497556\n"
         "check dE/dw1 = -0.1887703343990727176805497171272457606234\n",
         2);
}

TEST_CASE("--output identity: no function on the output layer, the hidden layers' kept") {
  // 1-1-1: out_h1 = tanh(x1 w1 + b1) = tanh(0.5); out_y1 = y1 = 2 tanh(0.5) + 0.1.
  // E = 1/2 (T1 - out_y1)^2; dE/dw2 = -(T1 - out_y1) out_h1 (mpmath, 60 digits, cut to 40).
  const std::string init = "x1 = 1\nw1 = 0.5\nb1 = 0\nw2 = 2\nb2 = 0.1\nT1 = 1\n";
  const auto r = run_chainrule("network 1-1-1 --activation tanh --output identity --init " +
                               temp_file(init, ".init"));
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(r.out.find("out_h1 = tanh(h1)\n") != std::string::npos);
  CHECK(r.out.find("out_y1 = y1\n") != std::string::npos);
  CHECK(r.out.find("--output identity") != std::string::npos);  // the header's command line
  all_ok(r.out,
         "check out_y1 = 1.024234314520019517004636967287345097461\n"
         "check E = 0.000293651000127614396428860754117207307341\n"
         "check dE/dw2 = 0.0111990925341363970485154960334225011646\n",
         3);
}

TEST_CASE("--output sigmoid is the default's output layer; a list names the hidden layers") {
  // Without --output, sigmoid everywhere: the same network, only the header's command differs.
  CHECK(body(written("1-2 --output sigmoid")) == body(written("1-2")));
  // 2-3-2-1 with two hidden layers: --activation tanh,relu --output identity.
  const auto deep = run_chainrule("network 2-3-2-1 --activation tanh,relu --output identity");
  REQUIRE(deep.status == 0);
  CHECK(deep.out.find("out_h1_1 = tanh(h1_1)\n") != std::string::npos);
  CHECK(deep.out.find("out_h2_1 = relu(h2_1)\n") != std::string::npos);
  CHECK(deep.out.find("out_y1 = y1\n") != std::string::npos);
  // One per layer and --output both name the output layer's function: an error.
  const auto both = run_chainrule("network 2-3-1 --activation tanh,sigmoid --output identity");
  CHECK(both.status == 2);
  CHECK(both.err ==
        "error: with --output, --activation gives the hidden layers' functions: one, or one "
        "per hidden layer (1)\n");
  const auto unknown = run_chainrule("network 2-3-1 --output tanh");
  CHECK(unknown.status == 2);
  CHECK(unknown.err.find("--output: tanh not in {sigmoid,identity,softmax}") != std::string::npos);
  // softmax is a function of the whole layer: one output is refused.
  const auto lone = run_chainrule("network 2-3-1 --output softmax");
  CHECK(lone.status == 2);
  CHECK(lone.err == "error: a softmax output needs at least 2 outputs\n");
}
