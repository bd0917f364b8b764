// The page's WebAssembly module: one function from a request to an answer, both JSON text
// (tools/entry_json.hpp, docs/web.md), through the entry point the command itself runs.
#include <emscripten/emscripten.h>

#include <cstdlib>
#include <string>

#include "tools/entry_json.hpp"
#include "tools/out_of_memory.hpp"

namespace {

// Before any number is created, as main() does it; and the terminal's colours, which the
// page turns into its own (tools/terminal.hpp).
struct Start {
  Start() {
    chainrule::tools::report_gmp_allocation_failures();
    ::setenv("CLICOLOR_FORCE", "1", 1);
  }
};
const Start start;

}  // namespace

// The answer stays valid until the next call (the worker copies it into a JS string at once).
extern "C" EMSCRIPTEN_KEEPALIVE const char* chainrule_run(const char* request) {
  static std::string answer;
  answer = chainrule::tools::run_json(request);
  return answer.c_str();
}
