// Explicit instantiation of the tape for DecFloat50, one number type per file so they compile in parallel.
#include "engine/tape_impl.hpp"
#include "engine/taped_impl.hpp"

namespace chainrule::engine {
CHAINRULE_INSTANTIATE_TAPE(DecFloat50)
CHAINRULE_INSTANTIATE_TAPED(DecFloat50)  // for Value<T>::derivative (engine/value.hpp)
}  // namespace chainrule::engine
