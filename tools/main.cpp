// The `chainrule` command: argument parsing only; tools/run.cpp does the work.
#include <CLI/CLI.hpp>
#include <iostream>

#include "tools/options.hpp"

namespace {

void common_options(CLI::App& sub, chainrule::tools::Options& o) {
  sub.add_option("FILE", o.file, "derivation file")->required();
  sub.add_option("--digits", o.digits, "working precision in significant decimal digits")
      ->check(CLI::Range(2, 100000));
  sub.add_flag("--double", o.use_double, "compute in IEEE double instead, for comparison");
  sub.add_flag("--json", o.json, "print one JSON object");
}

}  // namespace

int main(int argc, char** argv) {
  chainrule::tools::Options o;
  CLI::App app{"chainrule: checks the chain rule in worked examples at any precision"};
  app.set_version_flag("--version", std::string("chainrule ") + CHAINRULE_VERSION);
  app.require_subcommand(1);

  auto* check = app.add_subcommand("check", "judge every published number (claim) in FILE");
  common_options(*check, o);
  check->add_flag("--strict", o.strict, "exit 1 unless every claim is ok");

  auto* eval = app.add_subcommand("eval", "print every named value, in file order");
  common_options(*eval, o);

  auto* grad = app.add_subcommand("grad", "print d(NAME)/d(leaf) for every leaf NAME depends on");
  common_options(*grad, o);
  grad->add_option("--of", o.of, "the named value to differentiate")->required();

  auto* train = app.add_subcommand("train", "plain gradient descent on the file's own graph");
  common_options(*train, o);
  train->add_option("--loss", o.loss, "the named value to minimize")->required();
  train->add_option("--wrt", o.wrt, "leaves to train, comma-separated, * matches any run")
      ->required();
  train->add_option("--lr", o.rate, "learning rate (decimal, read exactly)")->required();
  train->add_option("--steps", o.steps, "number of steps")->required()->check(CLI::Range(0L, 1000000000L));
  train->add_option("--every", o.every, "print the loss every M steps")->check(CLI::Range(1L, 1000000000L));
  train->add_option("--csv", o.csv, "write step,loss rows to this file");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int status = app.exit(e);
    return status == 0 ? 0 : 2;
  }
  for (auto* sub : {check, eval, grad, train})
    if (sub->parsed()) o.command = sub->get_name();
  return chainrule::tools::run(o);
}
