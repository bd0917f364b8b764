// Explicit instantiation of the tape for Certified (intervals with exact rationals), for verdicts.
#include "engine/tape_impl.hpp"

namespace chainrule::engine {
CHAINRULE_INSTANTIATE_TAPE(Certified)
}  // namespace chainrule::engine
