// The command line: every command's options declared to CLI11, parsed, and the chosen command
// run. The only file that includes CLI11 (Debian's 2.1.2 is header-only, and optimizing its
// inline functions cost about 7 s in each file that used it: bench/README.md, "Building");
// each command's work is in its own file, behind tools/runs.hpp.
#include "tools/command_line.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <functional>
#include <iostream>
#include <memory>

#include "tools/flags.hpp"
#include "tools/output_file.hpp"
#include "tools/runs.hpp"
#include "tools/stage.hpp"
#include "verify/names.hpp"

namespace chainrule::tools {

namespace {

// A subcommand of `chainrule`: its parser and, once chosen, what runs it.
struct Command {
  CLI::App* app;
  std::function<int()> run;  // returns the exit status
};

// An integer option that accepts plain decimal digits only, in [min, max] (flags.hpp's
// canonical_count). Errors: "--digits: 'abc' is not a number", "--digits: Value 1 not in range
// 2 to 100000".
template <class Integer>
CLI::Option* add_count_option(CLI::App& sub, const std::string& flag, Integer& target, long min,
                              long max, const std::string& help) {
  auto canonical = [min, max](std::string& text) {
    auto checked = canonical_count(text, min, max);
    if (!checked) return checked.error().substr(0, checked.error().size() - 1);  // CLI11 ends it
    text = std::move(*checked);
    return std::string();
  };
  return sub.add_option(flag, target, help)->transform(CLI::Validator(canonical, ""));
}

// An option naming a file to write or read: the empty name is an error ("--csv: the file
// name is empty").
CLI::Option* add_path_option(CLI::App& sub, const std::string& flag, std::string& target,
                             const std::string& help) {
  auto non_empty = [](std::string& text) {
    return text.empty() ? std::string("the file name is empty") : std::string();
  };
  return sub.add_option(flag, target, help)->check(CLI::Validator(non_empty, ""));
}

// The options every command that reads a derivation file declares, declared here once so that
// their names, ranges and error messages cannot drift apart; each command gives --digits the
// help that says what its digits mean.
void add_file_option(CLI::App& sub, std::string& file) {
  sub.add_option("FILE", file, "derivation file")->required();
}

void add_digits_option(CLI::App& sub, int& digits, const std::string& help) {
  add_count_option(sub, "--digits", digits, 2, 100000, help);
}

// ---- check, eval, grad, train ------------------------------------------------------------

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

// ---- explain, formula, hessian, dot --------------------------------------------------------

// One of explain, formula, hessian and dot. Its help lists FILE, the command's own options
// added by `before_digits`, --digits, then those added by `after_digits`: the order the
// commands always had, which is also the order CLI11 reports missing options in.
struct ExplainCommand {
  using AddOptions = std::function<void(CLI::App&, ExplainOptions&)>;
  std::string name;
  std::string help;
  AddOptions before_digits;
  AddOptions after_digits;
  std::string digits_help = "working precision in significant digits (default 50; at least --show)";
  bool shows_digits = true;  // whether the command has --show (formula prints no values)
  std::function<int(const ExplainOptions&)> run;
};

// Adds the command to `parent`; its options live as long as the returned command, since
// CLI11 writes into them while parsing.
Command make_explain_command(CLI::App& parent, const ExplainCommand& command) {
  auto options = std::make_shared<ExplainOptions>();
  CLI::App* sub = parent.add_subcommand(command.name, command.help);
  add_file_option(*sub, options->file);
  if (command.before_digits) command.before_digits(*sub, *options);
  add_digits_option(*sub, options->digits, command.digits_help);
  if (command.shows_digits)
    add_count_option(*sub, "--show", options->show, 1, 100000,
                     "significant digits shown (default 10)");
  if (command.after_digits) command.after_digits(*sub, *options);
  return {sub, [options, run = command.run] { return with_certain_digits(*options, run); }};
}

Command add_explain_command(CLI::App& parent) {
  return make_explain_command(
      parent,
      {.name = "explain",
       .help =
           "every chain-rule path of a derivative, each local partial as a formula and a number",
       .before_digits =
           [](CLI::App& sub, ExplainOptions& o) {
             sub.add_option("DERIVATIVE", o.query, "a derivative term: 'dE/dw1', 'd(out_y1)/d(y1)'")
                 ->required();
           },
       .after_digits =
           [](CLI::App& sub, ExplainOptions& o) {
             auto* latex = sub.add_flag("--latex", o.latex, "print an align* block");
             sub.add_flag("--json", o.json, "print one JSON object, values at --digits digits")
                 ->excludes(latex);
             add_count_option(sub, "--max-paths", o.max_paths, 1, 100000,
                              "list at most this many paths (default 32)");
           },
       .run = run_explain});
}

Command add_formula_command(CLI::App& parent) {
  return make_explain_command(
      parent, {.name = "formula",
               .help = "a derivative as one expression in the named nodes, simplified as by hand",
               .before_digits =
                   [](CLI::App& sub, ExplainOptions& o) {
                     sub.add_option("DERIVATIVE", o.query,
                                    "a derivative term: 'dE/dw5', 'd(dE/dw5)/dw1'")
                         ->required();
                   },
               .after_digits =
                   [](CLI::App& sub, ExplainOptions& o) {
                     auto* latex = sub.add_flag("--latex", o.latex, "print LaTeX");
                     sub.add_flag("--json", o.json,
                                  "print one JSON object: the formula, its LaTeX, its value")
                         ->excludes(latex);
                   },
               .digits_help = "working precision for the constants it prints (default 50)",
               .shows_digits = false,
               .run = run_formula});
}

Command add_hessian_command(CLI::App& parent) {
  return make_explain_command(
      parent,
      {.name = "hessian",
       .help = "second derivatives of a named value: d(d(OF)/d(a))/d(b)",
       .before_digits =
           [](CLI::App& sub, ExplainOptions& o) {
             sub.add_option("--of", o.of, "the named value to differentiate twice")->required();
             sub.add_option("--wrt", o.wrt,
                            "names, comma-separated; * matches any run of an input's name")
                 ->required();
           },
       .after_digits =
           [](CLI::App& sub, ExplainOptions& o) {
             sub.add_flag("--json", o.json, "print one JSON object with every working digit");
           },
       .run = run_hessian});
}

Command add_dot_command(CLI::App& parent) {
  return make_explain_command(
      parent,
      {.name = "dot",
       .help = "the graph as Graphviz DOT, with values and sensitivities",
       .before_digits =
           [](CLI::App& sub, ExplainOptions& o) {
             sub.add_option(
                 "--of", o.of,
                 "show each node's sensitivity d(OF)/d(node), and only what OF depends on");
             sub.add_flag("--all-nodes", o.all_nodes, "show anonymous nodes and constants too");
           },
       .after_digits =
           [](CLI::App& sub, ExplainOptions& o) {
             auto* svg =
                 add_path_option(sub, "--svg", o.svg, "write an SVG picture with Graphviz's dot");
             auto* png =
                 add_path_option(sub, "--png", o.png, "write a PNG picture with Graphviz's dot");
             sub.add_flag("--json", o.json,
                          "print the graph as one JSON object: nodes, edges, claims")
                 ->excludes(svg)
                 ->excludes(png);
           },
       .run = run_dot});
}

Command add_network_command(CLI::App& parent) {
  auto o = std::make_shared<NetworkOptions>();
  CLI::App* sub = parent.add_subcommand(
      "network", "print a network as a derivation file: leaves, net inputs, activations, errors");
  sub->add_option("SHAPE", o->shape, "layer sizes, inputs first: 2-3-2")->required();
  sub->add_option("--bias", o->bias, "one bias per neuron, or one shared per layer (tutorial A)")
      ->check(CLI::IsMember({"per-neuron", "shared"}));
  sub->add_option("--activation", o->activation,
                  "sigmoid, tanh, relu or identity; or one per layer, comma-separated");
  sub->add_option("--layout", o->layout,
                  "weight numbering: tutorial (w1, w2 feed h1) or keras (w1, w3 feed h1)")
      ->check(CLI::IsMember({"tutorial", "keras"}));
  sub->add_option("--loss", o->loss,
                  "half-sse (1/2 sum of squares), sse (sum), mse (mean), bce (mean binary "
                  "cross-entropy), ce (k-class cross-entropy, with --output softmax)")
      ->check(CLI::IsMember({"half-sse", "sse", "mse", "bce", "ce"}));
  sub->add_option("--output", o->output,
                  "the output layer's function: sigmoid, identity or softmax (default: "
                  "--activation's)")
      ->check(CLI::IsMember(kNetworkOutputFunctions));
  sub->add_option("--output-prefix", o->output_prefix, "name of the output layer's net inputs (y)");
  add_path_option(*sub, "--init", o->init,
                  "a file of `name = value` lines, for any input x1.., target T1.. or parameter "
                  "w1.., b1..");
  add_path_option(*sub, "--rows", o->rows,
                  "a CSV file of the data set (inputs then targets per line, or a header line "
                  "naming them), written as the file's data table with L = mean(E)");
  sub->add_option("--lr", o->rate, "also write eta = RATE and one SGD update per parameter")
      ->each([o](const std::string&) { o->rate_given = true; });
  return {sub, [o] { return run_network(*o); }};
}

// ---- the command line ----------------------------------------------------------------------

// CLI11 says only "The following arguments were not expected: chek"; a command name that is
// a slip of a real one gets the real one. Done when the first argument is no command name at
// all (an option, for CLI11) or a known one.
Result<void> known_command(std::span<const std::string> arguments,
                           const std::vector<Command>& commands) {
  if (arguments.empty() || arguments[0].empty() || arguments[0][0] == '-') return {};
  std::vector<std::string> names;
  names.reserve(commands.size());
  for (const auto& command : commands) names.push_back(command.app->get_name());
  const std::string& word = arguments[0];
  if (std::find(names.begin(), names.end(), word) != names.end()) return {};
  std::string message = "chainrule: error: unknown command " + verify::quoted_name(word);
  if (auto suggestion = verify::closest_name(word, names)) {
    message += "; did you mean '" + *suggestion + "'?";
  } else {
    message += " (the commands:";
    for (const auto& name : names) message += " " + name;
    message += ")";
  }
  return Failure{message + "\n"};
}

}  // namespace

int parse_and_run(std::span<const std::string> arguments, const std::string& program) {
  CLI::App app{"chainrule: checks the chain rule in worked examples at any precision", program};
  app.set_version_flag("--version", std::string("chainrule ") + CHAINRULE_VERSION);
  app.require_subcommand(1);
  const std::vector<Command> commands = {
      add_check_command(app),   add_eval_command(app),    add_grad_command(app),
      add_train_command(app),   add_explain_command(app), add_formula_command(app),
      add_hessian_command(app), add_dot_command(app),     add_network_command(app),
  };
  if (auto known = known_command(arguments, commands); !known) {
    std::cerr << known.error();
    return 2;
  }
  try {
    Stage stage("reading the command line");
    // CLI11 takes a vector in reverse order, the program's name left out.
    std::vector<std::string> reversed(arguments.rbegin(), arguments.rend());
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    // Usage errors exit 2, like files that cannot be parsed; --help and --version exit 0.
    return app.exit(e) == 0 ? 0 : 2;
  }
  for (const auto& command : commands) {
    if (!command.app->parsed()) continue;
    Stage stage("running '" + command.app->get_name() + "'");
    const int status = command.run();
    return standard_output_written() ? status : 2;
  }
  return 2;
}

}  // namespace chainrule::tools
