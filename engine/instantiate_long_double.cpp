// Explicit instantiation of the tape for long double, one number type per file so they compile in
// parallel.
#include "engine/recorded_sweep_impl.hpp"
#include "engine/tape_impl.hpp"

namespace chainrule::engine {
CHAINRULE_INSTANTIATE_TAPE(long double)
CHAINRULE_INSTANTIATE_RECORDED_SWEEP(long double)  // for Value<T>::derivative (engine/value.hpp)
}  // namespace chainrule::engine
