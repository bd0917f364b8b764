#include "tools/entry.hpp"

#include <algorithm>
#include <charconv>
#include <exception>
#include <iostream>
#include <new>
#include <regex>
#include <sstream>

#include "tools/command_line.hpp"
#include "tools/input_file.hpp"
#include "tools/output_file.hpp"
#include "tools/stage.hpp"
#include "tools/terminal.hpp"
#include "verify/names.hpp"

namespace chainrule::tools {

namespace {

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
    standard_streams_captured() = true;
  }
  ~CapturedStreams() {
    standard_streams_captured() = false;
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
