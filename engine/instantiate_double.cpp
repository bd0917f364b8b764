// Explicit instantiation of the tape for double, one number type per file so they compile in parallel.
#include "engine/tape_impl.hpp"

namespace chainrule::engine {
CHAINRULE_INSTANTIATE_TAPE(double)
}  // namespace chainrule::engine
