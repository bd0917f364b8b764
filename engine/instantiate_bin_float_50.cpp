// Explicit instantiation of the tape for BinFloat50, one number type per file so they compile in parallel.
#include "engine/tape_impl.hpp"

namespace chainrule::engine {
CHAINRULE_INSTANTIATE_TAPE(BinFloat50)
}  // namespace chainrule::engine
