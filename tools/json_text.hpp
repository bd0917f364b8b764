// How every command prints its JSON object.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace chainrule::tools {

// Indented by 2. Text that is not valid UTF-8 (a file name is any bytes) has each invalid
// byte replaced by U+FFFD rather than ending the program in nlohmann's type_error 316.
inline std::string json_text(const nlohmann::ordered_json& value) {
  return value.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace chainrule::tools
