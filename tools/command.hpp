// A subcommand of `chainrule`: it adds its options to the parser and, once chosen, runs.
// Each command lives in its own file and is listed once in tools/main.cpp.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "tools/flags.hpp"

namespace chainrule::tools {

struct Command {
  CLI::App* app;
  std::function<int()> run;  // returns the exit status
};

// The options every command that reads a derivation file declares, declared here once so that
// their names, ranges and error messages cannot drift apart; each command gives --digits the
// help that says what its digits mean.
inline void add_file_option(CLI::App& sub, std::string& file) {
  sub.add_option("FILE", file, "derivation file")->required();
}

inline void add_digits_option(CLI::App& sub, int& digits, const std::string& help) {
  add_count_option(sub, "--digits", digits, 2, 100000, help);
}

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
