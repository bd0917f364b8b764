#include "tools/entry.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <exception>
#include <iostream>
#include <new>
#include <regex>
#include <sstream>

#include "tools/command.hpp"
#include "tools/input_file.hpp"
#include "tools/output_file.hpp"
#include "tools/stage.hpp"
#include "verify/names.hpp"

namespace chainrule::tools {

namespace {

// CLI11 says only "The following arguments were not expected: chek"; a command name that is
// a slip of a real one gets the real one.
bool unknown_command(std::span<const std::string> arguments, const std::vector<Command>& commands) {
  if (arguments.empty() || arguments[0].empty() || arguments[0][0] == '-') return false;
  std::vector<std::string> names;
  for (const auto& command : commands) names.push_back(command.app->get_name());
  const std::string& word = arguments[0];
  if (std::find(names.begin(), names.end(), word) != names.end()) return false;
  std::string message = "chainrule: error: unknown command " + verify::quoted_name(word);
  if (auto suggestion = verify::closest_name(word, names)) {
    message += "; did you mean '" + *suggestion + "'?";
  } else {
    message += " (the commands:";
    for (const auto& name : names) message += " " + name;
    message += ")";
  }
  std::cerr << message << "\n";
  return true;
}

int parse_and_run(std::span<const std::string> arguments, const std::string& program) {
  CLI::App app{"chainrule: checks the chain rule in worked examples at any precision", program};
  app.set_version_flag("--version", std::string("chainrule ") + CHAINRULE_VERSION);
  app.require_subcommand(1);
  const std::vector<Command> commands = {
      add_check_command(app),   add_eval_command(app),    add_grad_command(app),
      add_train_command(app),   add_explain_command(app), add_formula_command(app),
      add_hessian_command(app), add_dot_command(app),     add_network_command(app),
  };
  if (unknown_command(arguments, commands)) return 2;
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

// Pieces written one by one, not joined into a string first: the failure may be that there
// is no memory left (std::cerr is unbuffered; a captured one writes into a string it has).
int report_failure(const char* what) {
  std::cerr << "chainrule: error: " << what << " while " << current_stage() << "\n";
  return 2;
}

int number_in(const std::string& digits) {
  int value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return error == std::errc{} ? value : 0;
}

// std::cout and std::cerr write into strings until the scope ends; their formatting state
// is put back too, so that one run cannot change how the next one prints.
class CapturedStreams {
 public:
  CapturedStreams()
      : out_(std::cout.rdbuf(output_.rdbuf())), err_(std::cerr.rdbuf(error_.rdbuf())) {
    out_state_.copyfmt(std::cout);
    err_state_.copyfmt(std::cerr);
  }
  ~CapturedStreams() {
    std::cout.copyfmt(out_state_);
    std::cerr.copyfmt(err_state_);
    std::cout.rdbuf(out_);
    std::cerr.rdbuf(err_);
    std::cout.clear();
    std::cerr.clear();
  }
  CapturedStreams(const CapturedStreams&) = delete;
  CapturedStreams& operator=(const CapturedStreams&) = delete;
  std::string output() const { return output_.str(); }
  std::string error() const { return error_.str(); }

 private:
  std::ostringstream output_, error_;
  std::streambuf* out_;
  std::streambuf* err_;
  std::ios out_state_{nullptr}, err_state_{nullptr};
};

}  // namespace

// Nothing may end in std::terminate: whatever escapes a command is one error line, exit 2.
int run_command(std::span<const std::string> arguments, const std::string& program) {
  try {
    return parse_and_run(arguments, program);
  } catch (const std::bad_alloc&) {
    return report_failure("out of memory");
  } catch (const std::exception& e) {
    return report_failure(e.what());
  } catch (...) {
    return report_failure("an unexpected failure");
  }
}

Outcome run(const Invocation& invocation) {
  provide_input_texts(invocation.files);
  Outcome outcome;
  {
    CapturedStreams captured;
    outcome.status = run_command(invocation.arguments);
    outcome.standard_output = captured.output();
    outcome.standard_error = captured.error();
  }
  provide_input_texts({});
  outcome.diagnostics = diagnostics_in(outcome.standard_error);
  return outcome;
}

std::vector<Diagnostic> diagnostics_in(const std::string& standard_error) {
  // The command's own shape (verify/syntax.hpp): the file may hold ':' but not a newline.
  static const std::regex located(R"(^(.+):([0-9]+):([0-9]+): (error|warning|note): (.*)$)");
  std::vector<Diagnostic> found;
  std::istringstream lines(standard_error);
  std::smatch match;
  for (std::string line; std::getline(lines, line);) {
    if (!std::regex_match(line, match, located)) continue;
    found.push_back({match[1], number_in(match[2]), number_in(match[3]), match[4], match[5]});
  }
  return found;
}

}  // namespace chainrule::tools
