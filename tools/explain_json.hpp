// explain --json and formula --json: what their text shows, as one JSON object each
// (docs/derivation-files.md, "The commands", has the shapes).
#pragma once

#include <nlohmann/json.hpp>

#include "tools/explain_common.hpp"
#include "verify/explain.hpp"

namespace chainrule::tools {

nlohmann::ordered_json explanation_json(const verify::Explanation<Number>& e,
                                        const ExplainOptions& options);

}  // namespace chainrule::tools
