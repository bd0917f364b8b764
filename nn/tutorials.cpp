#include "nn/tutorials.hpp"

namespace chainrule::nn {

Architecture tutorial_a_architecture() {
  return {{2, 2, 2},
          {Activation::Sigmoid},
          BiasSharing::SharedPerLayer,
          WeightLayout::Tutorial,
          Loss::HalfSumSquares,
          "y"};
}

NamedValues tutorial_a_values() {
  return {{"w1", "0.11"}, {"w2", "0.27"}, {"w3", "0.19"}, {"w4", "0.52"}, {"w5", "0.44"},
          {"w6", "0.48"}, {"w7", "0.23"}, {"w8", "0.29"}, {"b1", "0.39"}, {"b2", "0.42"},
          {"x1", "0.03"}, {"x2", "0.09"}, {"T1", "0.01"}, {"T2", "0.99"}};
}

std::vector<std::vector<std::string>> tutorial_a_input_rows() {
  return {{"0.03", "0.09"}, {"0.04", "0.10"}, {"0.05", "0.11"}, {"0.06", "0.12"}};
}

std::vector<std::vector<std::string>> tutorial_a_target_rows() {
  return {{"0.01", "0.99"}, {"0.99", "0.01"}, {"0.01", "0.99"}, {"0.99", "0.01"}};
}

Architecture tutorial_b_architecture() {
  return {{2, 2, 2},           {Activation::Sigmoid}, BiasSharing::PerNeuron,
          WeightLayout::Keras, Loss::MeanSquared,     "o"};
}

NamedValues tutorial_b_values() {
  // Keras kernels [[0.15, 0.20], [0.25, 0.30]] and [[0.40, 0.45], [0.50, 0.55]], row by row.
  return {{"w1", "0.15"}, {"w2", "0.20"}, {"w3", "0.25"}, {"w4", "0.30"},
          {"w5", "0.40"}, {"w6", "0.45"}, {"w7", "0.50"}, {"w8", "0.55"},
          {"b1", "0.40"}, {"b2", "0.35"}, {"b3", "0.25"}, {"b4", "0.60"},
          {"x1", "0.05"}, {"x2", "0.10"}, {"T1", "0.01"}, {"T2", "0.99"}};
}

}  // namespace chainrule::nn
