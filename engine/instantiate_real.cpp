// Explicit instantiation of the tape for Real, one number type per file so they compile in parallel.
#include "engine/tape_impl.hpp"

namespace chainrule::engine {
CHAINRULE_INSTANTIATE_TAPE(Real)
}  // namespace chainrule::engine
