// The `chainrule` command: its arguments handed to the one entry point (tools/entry.hpp)
// that the page calls too; each subcommand is in its own file.
#include <string>
#include <vector>

#include "tools/entry.hpp"
#include "tools/out_of_memory.hpp"

int main(int argc, char** argv) {
  chainrule::tools::report_gmp_allocation_failures();
  const std::vector<std::string> arguments(argv + 1, argv + argc);
  return chainrule::tools::run_command(arguments, argc > 0 ? argv[0] : "chainrule");
}
