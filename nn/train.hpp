// Training a Network on a data set: plain SGD one row at a time (what tutorial A's text
// describes) and mini-batch or full-batch averages (what its matrix section and Keras do).
// One graph serves every row and every step: each row is new leaf values and one evaluate().
#pragma once

#include <cstddef>
#include <vector>

#include "engine/optimizer.hpp"
#include "nn/network.hpp"

namespace chainrule::nn {

template <class T>
struct Dataset {
  std::vector<std::vector<T>> inputs;   // one row each
  std::vector<std::vector<T>> targets;  // one row each
  std::size_t rows() const { return inputs.size(); }
};

// Decimal text rows (inputs then targets, as written in a tutorial) read exactly.
template <class T>
Dataset<T> make_dataset(const std::vector<std::vector<std::string>>& input_rows,
                        const std::vector<std::vector<std::string>>& target_rows);

// How a data set's loss combines its rows: their mean (Keras) or their sum (the tutorials'
// "total error", summed over rows as well as outputs).
enum class RowReduction { Mean, Sum };

template <class T>
struct TrainOptions {
  T learning_rate;
  long epochs = 1;
  // 1: plain SGD, an update after every row. k > 1: an update per k consecutive rows from the
  // mean of their gradients (the last batch of an epoch may be shorter). 0 or >= rows: full batch.
  // Rows are taken in order; nothing is shuffled, so every run is reproducible.
  std::size_t batch_size = 1;
  long record_every = 1;  // record the data-set loss every this many epochs, and after the last
  RowReduction history_rows = RowReduction::Mean;
  // The update rule (engine/optimizer.hpp, PyTorch's formulas) and its hyperparameters; a
  // batch's gradient is the mean over its rows. The optimizer's state lasts the whole run.
  engine::OptimizerKind optimizer = engine::OptimizerKind::Sgd;
  engine::Hyperparameters<T> hyperparameters{};
};

// The data set's loss with the parameters as they are after `epoch` epochs (epoch 0: before any
// update). Keras prints, for epoch k, the loss of the forward passes during that epoch: with one
// batch per epoch that is this history's entry k - 1.
template <class T>
struct LossRecord {
  long epoch;
  T loss;
};

template <class T>
T dataset_loss(Network<T>& net, const Dataset<T>& data, RowReduction rows = RowReduction::Mean);

// One plain SGD update from rows [first, first + count): every parameter p <- p - rate * (mean
// over those rows of d(loss)/d(p)), all at once. Returns the mean loss of those rows before the
// update.
template <class T>
T step(Network<T>& net, const Dataset<T>& data, std::size_t first, std::size_t count,
       const T& rate);

// Trains in place and returns the loss history: epoch 0, every record_every epochs, and the last.
template <class T>
std::vector<LossRecord<T>> train(Network<T>& net, const Dataset<T>& data,
                                 const TrainOptions<T>& options);

#define CHAINRULE_DECLARE_NN_TRAIN(T)                                                            \
  extern template Dataset<T> make_dataset<T>(const std::vector<std::vector<std::string>>&,       \
                                             const std::vector<std::vector<std::string>>&);      \
  extern template T dataset_loss<T>(Network<T>&, const Dataset<T>&, RowReduction);               \
  extern template T step<T>(Network<T>&, const Dataset<T>&, std::size_t, std::size_t, const T&); \
  extern template std::vector<LossRecord<T>> train<T>(Network<T>&, const Dataset<T>&,            \
                                                      const TrainOptions<T>&);
CHAINRULE_DECLARE_NN_TRAIN(double)
CHAINRULE_DECLARE_NN_TRAIN(engine::Real)
#undef CHAINRULE_DECLARE_NN_TRAIN

}  // namespace chainrule::nn

// The definitions, so that training works for any number type from this header alone (as
// nn/network.hpp does for Network); double and Real stay compiled once, in the library.
#include "nn/train_impl.hpp"
