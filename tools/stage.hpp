// What the command is doing, for the one line an unexpected failure gets from tools/main.cpp:
// "chainrule: error: out of memory while parsing t.chain".
#pragma once

#include <string>

namespace chainrule::tools {

// Sets the stage ("reading t.chain", "running 'check'") until the scope ends, then restores
// the one before it; unless the scope ends by an exception, whose handler wants to know it.
class Stage {
 public:
  explicit Stage(std::string what);
  ~Stage();
  Stage(const Stage&) = delete;
  Stage& operator=(const Stage&) = delete;

 private:
  std::string before_;
  int exceptions_ = 0;  // std::uncaught_exceptions() when the stage began
};

// The innermost stage, "starting" before any.
const std::string& current_stage();

}  // namespace chainrule::tools
