// A subcommand of `chainrule`: it adds its options to the parser and, once chosen, runs.
// Each command lives in its own file and is listed once in tools/main.cpp.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace chainrule::tools {

struct Command {
  CLI::App* app;
  std::function<int()> run;  // returns the exit status
};


Command add_check_command(CLI::App& parent);
Command add_eval_command(CLI::App& parent);
Command add_grad_command(CLI::App& parent);
Command add_train_command(CLI::App& parent);
Command add_explain_command(CLI::App& parent);
Command add_formula_command(CLI::App& parent);
Command add_hessian_command(CLI::App& parent);
Command add_dot_command(CLI::App& parent);
Command add_network_command(CLI::App& parent);

}  // namespace chainrule::tools
