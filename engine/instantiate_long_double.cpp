// Explicit instantiation of the tape for long double, one number type per file so they compile in parallel.
#include "engine/tape_impl.hpp"

namespace chainrule::engine {
CHAINRULE_INSTANTIATE_TAPE(long double)
}  // namespace chainrule::engine
