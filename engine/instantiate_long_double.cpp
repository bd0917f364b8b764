// Explicit instantiation of the tape for long double, one number type per file so they compile in parallel.
#include "engine/tape_impl.hpp"
#include "engine/taped_impl.hpp"

namespace chainrule::engine {
CHAINRULE_INSTANTIATE_TAPE(long double)
CHAINRULE_INSTANTIATE_TAPED(long double)  // for Value<T>::derivative (engine/value.hpp)
}  // namespace chainrule::engine
