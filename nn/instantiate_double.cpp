// Networks over IEEE double, one number type per file so they compile in parallel.
#include "nn/train_impl.hpp"

namespace chainrule::nn {
template class Network<double>;
template void assign(Network<double>&, const NamedValues&);
CHAINRULE_INSTANTIATE_NN_TRAIN(double)
}  // namespace chainrule::nn
