// The entry point (tools/entry.hpp) with JSON in and out, for the page's WebAssembly module,
// which can pass only text. docs/web.md writes down both shapes.
#pragma once

#include <string>
#include <string_view>

namespace chainrule::tools {

// Request: {"arguments": ["check", "a.chain", "--json"], "files": {"a.chain": "TEXT"}}.
// Answer: {"status": 0, "stdout": "…", "stderr": "…", "diagnostics": [{"file", "line",
// "column", "severity", "message"}]}; a request that is not such an object is answered with
// status 2 and the reason in "stderr", beginning "chainrule: error: bad request: ".
std::string run_json(std::string_view request);

}  // namespace chainrule::tools
