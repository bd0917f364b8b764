// The `chainrule` command: argument parsing only; each subcommand is in its own file.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <new>
#include <vector>

#include "tools/command.hpp"
#include "tools/output_file.hpp"
#include "tools/stage.hpp"

namespace {

using namespace chainrule::tools;

int run_command(int argc, char** argv) {
  CLI::App app{"chainrule: checks the chain rule in worked examples at any precision"};
  app.set_version_flag("--version", std::string("chainrule ") + CHAINRULE_VERSION);
  app.require_subcommand(1);
  const std::vector<Command> commands = {
      add_check_command(app),   add_eval_command(app),    add_grad_command(app),
      add_train_command(app),   add_explain_command(app), add_formula_command(app),
      add_hessian_command(app), add_dot_command(app),     add_network_command(app),
  };
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
