// Explicit instantiation of the tape for DecFloat50, one number type per file so they compile in
// parallel.
#include "engine/recorded_sweep_impl.hpp"
#include "engine/tape_impl.hpp"

namespace chainrule::engine {
CHAINRULE_INSTANTIATE_TAPE(DecFloat50)
CHAINRULE_INSTANTIATE_RECORDED_SWEEP(DecFloat50)  // for Value<T>::derivative (engine/value.hpp)
}  // namespace chainrule::engine
