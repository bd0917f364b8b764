// The recorded sweep for the number types the command computes in; the library's other number
// types are instantiated in their engine/instantiate_*.cpp files.
#include "engine/recorded_sweep_impl.hpp"

namespace chainrule::engine {
CHAINRULE_INSTANTIATE_RECORDED_SWEEP(float)  // for the float32 diagnosis of check
CHAINRULE_INSTANTIATE_RECORDED_SWEEP(double)
CHAINRULE_INSTANTIATE_RECORDED_SWEEP(Real)
CHAINRULE_INSTANTIATE_RECORDED_SWEEP(Certified)
}  // namespace chainrule::engine
