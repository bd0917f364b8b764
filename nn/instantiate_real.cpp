// Networks over engine::Real (MPFR at the working precision).
#include "nn/train_impl.hpp"

namespace chainrule::nn {
template class Network<engine::Real>;
template void assign(Network<engine::Real>&, const NamedValues&);
CHAINRULE_INSTANTIATE_NN_TRAIN(engine::Real)
}  // namespace chainrule::nn
