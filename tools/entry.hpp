// The one entry point every front end calls: the command's main() and the page's WebAssembly
// module (web/module.cpp) both run a command through run(), so the page can never print what
// the command would not. docs/web.md writes down the JSON the page exchanges with it.
#pragma once

#include <map>
#include <span>
#include <string>
#include <vector>

namespace chainrule::tools {

// A command line without the program's name ({"check", "a.chain", "--json"}), and the texts
// of the input files it names, for front ends that have no disk (the page): a name in
// `files` is read from there instead of the file system. Standard input's text is the one
// under the name "-" (FILE `-`, `network --init -`); errors call it <stdin>.
struct Invocation {
  std::vector<std::string> arguments;
  std::map<std::string, std::string> files;
};

// One diagnostic line of standard error, "FILE:LINE:COLUMN: error: MESSAGE", taken apart
// (columns count characters from 1, as the command prints them).
struct Diagnostic {
  std::string file;
  int line = 0;
  int column = 0;
  std::string severity;  // "error", "warning" or "note"
  std::string message;
};

// What a command printed and its exit status (0 ok, 1 a claim is wrong, 2 an error).
struct Outcome {
  int status = 2;
  std::string standard_output;
  std::string standard_error;
  std::vector<Diagnostic> diagnostics;  // the located lines of standard_error, in order
};

// Runs the command on the real streams and files: what main() does. `program` is the name
// usage messages give it (main's argv[0]).
int run_command(std::span<const std::string> arguments, const std::string& program = "chainrule");

// Runs the command with its output captured and its inputs taken from `invocation.files`.
Outcome run(const Invocation& invocation);

// The located diagnostics in a command's standard error.
std::vector<Diagnostic> diagnostics_in(const std::string& standard_error);

}  // namespace chainrule::tools
