// Running the built `chainrule` command from tests and reading what it printed.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

#include "shell.hpp"

namespace chainrule::testing {

struct CommandResult {
  int status = -1;
  std::string out;
  std::string err;
};

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `chainrule ARGS` from the source directory with colour off; ARGS is shell text.
inline CommandResult run_chainrule(const std::string& args) {
  char err_path[] = "/tmp/chainrule-test-XXXXXX";
  int fd = ::mkstemp(err_path);
  ::close(fd);
  std::string command = std::string("cd '") + CHAINRULE_SOURCE_DIR + "' && NO_COLOR=1 '" +
                        CHAINRULE_BINARY + "' " + args + " 2>'" + err_path + "'";
  ShellResult shell = run_shell(command);
  CommandResult result{shell.status, std::move(shell.out), slurp(err_path)};
  ::unlink(err_path);
  return result;
}

inline nlohmann::json chainrule_json(const std::string& args, int expected_status = 0) {
  auto r = run_chainrule(args + " --json");
  if (r.status != expected_status)
    throw std::runtime_error("exit " + std::to_string(r.status) + ": " + r.err);
  return nlohmann::json::parse(r.out);
}

// The claim of a `check --json` report on `line` (the first, if several).
inline nlohmann::json claim_at(const nlohmann::json& report, int line) {
  for (const auto& c : report["claims"])
    if (c["line"] == line) return c;
  throw std::runtime_error("no claim on line " + std::to_string(line));
}

// Writes `text` to a fresh temporary file and returns its path.
inline std::string temp_file(const std::string& text, const std::string& suffix = ".chain") {
  static int counter = 0;
  std::string path = "/tmp/chainrule-test-" + std::to_string(::getpid()) + "-" +
                     std::to_string(counter++) + suffix;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

}  // namespace chainrule::testing
