// The `chainrule` command: argument parsing only; each subcommand is in its own file.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <exception>
#include <iostream>
#include <new>
#include <vector>

#include "tools/command.hpp"
#include "tools/out_of_memory.hpp"
#include "tools/output_file.hpp"
#include "tools/stage.hpp"
#include "verify/names.hpp"

namespace {

using namespace chainrule::tools;

// CLI11 says only "The following arguments were not expected: chek"; a command name that is
// a slip of a real one gets the real one.
bool unknown_command(int argc, char** argv, const std::vector<Command>& commands) {
  if (argc < 2 || argv[1][0] == '-' || argv[1][0] == '\0') return false;
  std::vector<std::string> names;
  for (const auto& command : commands) names.push_back(command.app->get_name());
  const std::string word = argv[1];
  if (std::find(names.begin(), names.end(), word) != names.end()) return false;
  std::string message = "chainrule: error: unknown command " + chainrule::verify::quoted_name(word);
  if (auto suggestion = chainrule::verify::closest_name(word, names)) {
    message += "; did you mean '" + *suggestion + "'?";
  } else {
    message += " (the commands:";
    for (const auto& name : names) message += " " + name;
    message += ")";
  }
  std::cerr << message << "\n";
  return true;
}

int run_command(int argc, char** argv) {
  CLI::App app{"chainrule: checks the chain rule in worked examples at any precision"};
  app.set_version_flag("--version", std::string("chainrule ") + CHAINRULE_VERSION);
  app.require_subcommand(1);
  const std::vector<Command> commands = {
      add_check_command(app),   add_eval_command(app),    add_grad_command(app),
      add_train_command(app),   add_explain_command(app), add_formula_command(app),
      add_hessian_command(app), add_dot_command(app),     add_network_command(app),
  };
  if (unknown_command(argc, argv, commands)) return 2;
  try {
    Stage stage("reading the command line");
    app.parse(argc, argv);
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

// Without allocating: the failure may be that there is no memory left.
int report_failure(const char* what) {
  std::fprintf(stderr, "chainrule: error: %s while %s\n", what, current_stage().c_str());
  return 2;
}

}  // namespace

// Nothing may end in std::terminate: whatever escapes a command is one error line, exit 2.
int main(int argc, char** argv) {
  report_gmp_allocation_failures();
  try {
    return run_command(argc, argv);
  } catch (const std::bad_alloc&) {
    return report_failure("out of memory");
  } catch (const std::exception& e) {
    return report_failure(e.what());
  } catch (...) {
    return report_failure("an unexpected failure");
  }
}
