#include "tools/out_of_memory.hpp"

#include <gmp.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "tools/output_file.hpp"
#include "tools/stage.hpp"

namespace chainrule::tools {

namespace {

// No exception: unwinding through GMP's C frames is not something it promises to survive.
// Nothing is allocated here, and an output still being written is removed, not left behind
// under its temporary name.
[[noreturn]] void out_of_memory() {
  remove_unfinished_output();
  std::fprintf(stderr, "chainrule: error: out of memory while %s\n", current_stage().c_str());
  std::fflush(stderr);
  ::_exit(2);
}

void* allocate(std::size_t size) {
  void* p = std::malloc(size);
  if (p == nullptr) out_of_memory();
  return p;
}

void* reallocate(void* old, std::size_t, std::size_t size) {
  void* p = std::realloc(old, size);
  if (p == nullptr) out_of_memory();
  return p;
}

void release(void* p, std::size_t) { std::free(p); }

}  // namespace

void report_gmp_allocation_failures() { mp_set_memory_functions(allocate, reallocate, release); }

}  // namespace chainrule::tools
