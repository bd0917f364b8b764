// The `chainrule` command: argument parsing only; each subcommand is in its own file.
#include <CLI/CLI.hpp>
#include <vector>

#include "tools/command.hpp"

int main(int argc, char** argv) {
  using namespace chainrule::tools;
  CLI::App app{"chainrule: checks the chain rule in worked examples at any precision"};
  app.set_version_flag("--version", std::string("chainrule ") + CHAINRULE_VERSION);
  app.require_subcommand(1);
  const std::vector<Command> commands = {
      add_check_command(app),
      add_eval_command(app),
      add_grad_command(app),
      add_train_command(app),
      add_explain_command(app),
      add_formula_command(app),
      add_hessian_command(app),
      add_dot_command(app),
      add_network_command(app),
  };
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Usage errors exit 2, like files that cannot be parsed; --help and --version exit 0.
    return app.exit(e) == 0 ? 0 : 2;
  }
  for (const auto& command : commands)
    if (command.app->parsed()) return command.run();
  return 2;
}
