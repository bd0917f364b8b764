// Explicit instantiation of the tape for BinFloat50, one number type per file so they compile in parallel.
#include "engine/tape_impl.hpp"
#include "engine/taped_impl.hpp"

namespace chainrule::engine {
CHAINRULE_INSTANTIATE_TAPE(BinFloat50)
CHAINRULE_INSTANTIATE_TAPED(BinFloat50)  // for Value<T>::derivative (engine/value.hpp)
}  // namespace chainrule::engine
