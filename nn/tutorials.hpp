// The two seed tutorials' networks, numbers and data, as published (README.md, "Checking a
// tutorial").
#pragma once

#include <string>
#include <vector>

#include "nn/architecture.hpp"
#include "nn/values.hpp"

namespace chainrule::nn {

// Tutorial A, "Neural Network from Scratch using numpy": 2-2-2 sigmoid, one bias shared per
// layer, weights numbered neuron by neuron, E_total = 1/2 sum (T - out)^2, output y1, y2.
Architecture tutorial_a_architecture();
// w1 ... w8, b1, b2 and the first row x1, x2, T1, T2.
NamedValues tutorial_a_values();
inline constexpr const char* kTutorialALearningRate = "0.3";
// Its 4-row data set (x1, x2) -> (T1, T2); the first row is the one worked by hand.
std::vector<std::vector<std::string>> tutorial_a_input_rows();
std::vector<std::vector<std::string>> tutorial_a_target_rows();

// Tutorial B, "Training a Neural Network with Backpropagation - Mathematics (Part II)": 2-2-2
// sigmoid, one bias per neuron, Keras kernel order, loss mean_squared_error, outputs o1, o2.
Architecture tutorial_b_architecture();
// w1 ... w8, b1 ... b4 and its one row x1, x2, T1, T2.
NamedValues tutorial_b_values();
inline constexpr const char* kTutorialBLearningRate = "0.01";  // Keras SGD's default

}  // namespace chainrule::nn
