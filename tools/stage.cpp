#include "tools/stage.hpp"

#include <exception>
#include <utility>

namespace chainrule::tools {

namespace {

std::string& stage_text() {
  static std::string text = "starting";
  return text;
}

}  // namespace

// The previous text is swapped out rather than copied, so that setting a stage allocates only
// for the new text.
Stage::Stage(std::string what)
    : before_(std::exchange(stage_text(), std::move(what))),
      exceptions_(std::uncaught_exceptions()) {}

Stage::~Stage() {
  if (std::uncaught_exceptions() == exceptions_) stage_text().swap(before_);
}

const std::string& current_stage() { return stage_text(); }

}  // namespace chainrule::tools
