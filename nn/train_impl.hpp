// Definitions of the training templates; included at the end of nn/train.hpp.
#pragma once

#include <algorithm>
#include <stdexcept>

#include "nn/network_impl.hpp"
#include "nn/train.hpp"

namespace chainrule::nn {

namespace detail {

// The buffers one update needs, allocated once per training run rather than once per step,
// and the optimizer whose state lasts the run.
template <class T>
struct Stepper {
  std::vector<T> sum, row, values, updated;
  engine::Optimizer<T> optimizer;

  Stepper(std::size_t parameters, const engine::OptimizerSettings<T>& settings)
      : sum(parameters),
        row(parameters),
        values(parameters),
        updated(parameters),
        optimizer(settings, parameters) {}

  T step(Network<T>& net, const Dataset<T>& data, std::size_t first, std::size_t count) {
    T loss(0);
    for (auto& s : sum) s = 0;
    for (std::size_t r = first; r < first + count; ++r) {
      loss += net.forward(data.inputs[r], data.targets[r]);
      net.gradient(row);
      for (std::size_t k = 0; k < sum.size(); ++k) sum[k] += row[k];
    }
    const auto parameters = net.parameters();
    for (std::size_t k = 0; k < sum.size(); ++k) values[k] = net.value(parameters[k]);
    optimizer.step(values, sum, updated, static_cast<long>(count));
    for (std::size_t k = 0; k < sum.size(); ++k) net.set(parameters[k], updated[k]);
    return count == 1 ? loss : T(loss / T(static_cast<long>(count)));
  }
};

}  // namespace detail

template <class T>
Dataset<T> make_dataset(const std::vector<std::vector<std::string>>& input_rows,
                        const std::vector<std::vector<std::string>>& target_rows) {
  if (input_rows.size() != target_rows.size())
    throw std::invalid_argument("a data set needs as many target rows as input rows");
  Dataset<T> data;
  auto read = [](const std::vector<std::string>& row) {
    std::vector<T> values;
    for (const auto& text : row) values.push_back(engine::parse_decimal<T>(text));
    return values;
  };
  for (const auto& row : input_rows) data.inputs.push_back(read(row));
  for (const auto& row : target_rows) data.targets.push_back(read(row));
  return data;
}

template <class T>
T dataset_loss(Network<T>& net, const Dataset<T>& data, RowReduction rows) {
  T total(0);
  for (std::size_t r = 0; r < data.rows(); ++r)
    total += net.forward(data.inputs[r], data.targets[r]);
  if (rows == RowReduction::Sum || data.rows() == 0) return total;
  return T(total / T(static_cast<long>(data.rows())));
}

template <class T>
T step(Network<T>& net, const Dataset<T>& data, std::size_t first, std::size_t count,
       const T& rate) {
  if (count == 0 || first + count > data.rows()) throw std::out_of_range("no such rows to step on");
  const engine::OptimizerSettings<T> sgd{engine::OptimizerKind::Sgd, rate};
  return detail::Stepper<T>(net.parameters().size(), sgd).step(net, data, first, count);
}

template <class T>
std::vector<LossRecord<T>> train(Network<T>& net, const Dataset<T>& data,
                                 const TrainOptions<T>& options) {
  if (data.rows() == 0) throw std::invalid_argument("training needs at least one row");
  const std::size_t rows = data.rows();
  const std::size_t batch = options.batch_size == 0 ? rows : std::min(options.batch_size, rows);
  const long every = std::max(options.record_every, 1L);
  const engine::OptimizerSettings<T> rule{options.optimizer, options.learning_rate,
                                          options.hyperparameters};
  detail::Stepper<T> stepper(net.parameters().size(), rule);
  std::vector<LossRecord<T>> history{{0, dataset_loss(net, data, options.history_rows)}};
  for (long epoch = 1; epoch <= options.epochs; ++epoch) {
    for (std::size_t first = 0; first < rows; first += batch)
      stepper.step(net, data, first, std::min(batch, rows - first));
    if (epoch % every == 0 || epoch == options.epochs)
      history.push_back({epoch, dataset_loss(net, data, options.history_rows)});
  }
  return history;
}

#define CHAINRULE_INSTANTIATE_NN_TRAIN(T)                                                 \
  template Dataset<T> make_dataset<T>(const std::vector<std::vector<std::string>>&,       \
                                      const std::vector<std::vector<std::string>>&);      \
  template T dataset_loss<T>(Network<T>&, const Dataset<T>&, RowReduction);               \
  template T step<T>(Network<T>&, const Dataset<T>&, std::size_t, std::size_t, const T&); \
  template std::vector<LossRecord<T>> train<T>(Network<T>&, const Dataset<T>&,            \
                                               const TrainOptions<T>&);

}  // namespace chainrule::nn
