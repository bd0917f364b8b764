// Explicit instantiation of the tape for float (IEEE single), one number type per file so they
// compile in parallel.
#include "engine/tape_impl.hpp"

namespace chainrule::engine {
CHAINRULE_INSTANTIATE_TAPE(float)
}  // namespace chainrule::engine
