// check, eval, grad and train: the commands that read one derivation file and report on it.
#include <memory>

#include "tools/command.hpp"
#include "tools/options.hpp"

namespace chainrule::tools {

namespace {

void add_common(CLI::App& sub, Options& o, const std::string& name) {
  o.command = name;
  add_file_option(sub, o.file);
  add_digits_option(sub, o.digits, "working precision in significant decimal digits (default 50)");
  sub.add_flag("--double", o.use_double, "compute in IEEE double instead, for comparison");
  sub.add_flag("--json", o.json, "print one JSON object");
}

// Options live as long as the process: CLI11 writes into them while parsing.
Command make(CLI::App& parent, const std::string& name, const std::string& help,
             const std::function<void(CLI::App&, Options&)>& extra = {}) {
  auto options = std::make_shared<Options>();
  CLI::App* sub = parent.add_subcommand(name, help);
  add_common(*sub, *options, name);
  if (extra) extra(*sub, *options);
  return {sub, [options] { return run(*options); }};
}

// train's update rule and its hyperparameters, each read as exact decimal text; which of them
// were given is kept, since one given to a rule that does not read it is an error.
void add_optimizer_options(CLI::App& sub, Options& o) {
  sub.add_option("--optimizer", o.optimizer,
                 "update rule: sgd (default), momentum, nesterov or adam, as in PyTorch");
  auto hyperparameter = [&sub, &o](const std::string& flag, std::string& target,
                                   const std::string& help) {
    sub.add_option(flag, target, help)->each([&o, flag](const std::string&) {
      o.hyperparameters_given.push_back(flag);
    });
  };
  hyperparameter("--momentum", o.momentum, "momentum and nesterov: mu (default 0.9)");
  hyperparameter("--beta1", o.beta1, "adam: beta1 (default 0.9)");
  hyperparameter("--beta2", o.beta2, "adam: beta2 (default 0.999)");
  hyperparameter("--eps", o.eps, "adam: epsilon (default 1e-8)");
  sub.add_flag("--trace", o.trace, "print every trained leaf's value at each printed step");
}

}  // namespace

Command add_check_command(CLI::App& parent) {
  return make(parent, "check", "judge every published number (claim) in FILE",
              [](CLI::App& sub, Options& o) {
                sub.add_flag("--strict", o.strict, "exit 1 unless every claim is ok");
              });
}

Command add_eval_command(CLI::App& parent) {
  return make(parent, "eval", "print every named value, in file order");
}

Command add_grad_command(CLI::App& parent) {
  return make(parent, "grad", "print d(NAME)/d(leaf) for every leaf NAME depends on",
              [](CLI::App& sub, Options& o) {
                sub.add_option("--of", o.of, "the named value to differentiate")->required();
              });
}

Command add_train_command(CLI::App& parent) {
  return make(
      parent, "train", "gradient descent (sgd, momentum, nesterov, adam) on the file's own graph",
      [](CLI::App& sub, Options& o) {
        sub.add_option("--loss", o.loss, "the named value to minimize")->required();
        sub.add_option("--wrt", o.wrt, "leaves to train, comma-separated; * matches any run")
            ->required();
        sub.add_option("--lr", o.rate, "learning rate, read exactly as decimal text")->required();
        auto* steps = add_count_option(sub, "--steps", o.steps, 0, 1000000000, "number of updates");
        auto* epochs =
            add_count_option(sub, "--epochs", o.epochs, 0, 1000000000,
                             "passes over the data table's rows, instead of --steps (an update "
                             "per batch; --every then counts epochs)");
        steps->excludes(epochs);
        add_count_option(sub, "--batch", o.batch, 1, 1000000000,
                         "rows per update, for a loss mean(E) or sum(E) over the data table: 1 "
                         "is one row at a time (default: all rows, the loss itself)");
        add_count_option(sub, "--every", o.every, 1, 1000000000,
                         "print the loss (and with --trace the leaves) every M steps (default 1)");
        add_optimizer_options(sub, o);
        add_path_option(sub, "--csv", o.csv, "write step,loss rows to this file");
        sub.add_flag("--progress", o.progress,
                     "report progress on standard error even when it is not a terminal");
      });
}

}  // namespace chainrule::tools
