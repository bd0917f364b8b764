// The recorded sweep for the number types the command computes in; the library's other number
// types are instantiated in their engine/instantiate_*.cpp files.
#include "engine/taped_impl.hpp"

namespace chainrule::engine {
CHAINRULE_INSTANTIATE_TAPED(float)  // for the float32 diagnosis of check
CHAINRULE_INSTANTIATE_TAPED(double)
CHAINRULE_INSTANTIATE_TAPED(Real)
CHAINRULE_INSTANTIATE_TAPED(Certified)
}  // namespace chainrule::engine
