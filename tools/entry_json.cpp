#include "tools/entry_json.hpp"

#include <nlohmann/json.hpp>

#include "tools/entry.hpp"
#include "tools/json_text.hpp"

namespace chainrule::tools {

namespace {

using nlohmann::ordered_json;

Invocation invocation_from(const nlohmann::json& request) {
  if (!request.is_object()) throw std::invalid_argument("not a JSON object");
  Invocation invocation;
  const auto& arguments = request.at("arguments");
  if (!arguments.is_array()) throw std::invalid_argument("\"arguments\" is not an array");
  for (const auto& argument : arguments)
    invocation.arguments.push_back(argument.get<std::string>());
  if (auto files = request.find("files"); files != request.end()) {
    if (!files->is_object()) throw std::invalid_argument("\"files\" is not an object");
    for (const auto& [name, text] : files->items())
      invocation.files[name] = text.get<std::string>();
  }
  return invocation;
}

ordered_json answer_to(const Outcome& outcome) {
  ordered_json diagnostics = ordered_json::array();
  for (const auto& d : outcome.diagnostics)
    diagnostics.push_back({{"file", d.file},
                           {"line", d.line},
                           {"column", d.column},
                           {"severity", d.severity},
                           {"message", d.message}});
  return {{"status", outcome.status},
          {"stdout", outcome.standard_output},
          {"stderr", outcome.standard_error},
          {"diagnostics", std::move(diagnostics)}};
}

}  // namespace

std::string run_json(std::string_view request) {
  Invocation invocation;
  try {
    invocation = invocation_from(nlohmann::json::parse(request));
  } catch (const std::exception& e) {
    Outcome refused;
    refused.standard_error = std::string("chainrule: error: bad request: ") + e.what() + "\n";
    return json_text(answer_to(refused));
  }
  return json_text(answer_to(run(invocation)));
}

}  // namespace chainrule::tools
