// Every op with operands, at two points each away from kinks and poles: the tests that go
// through every op take them from here.
#pragma once

#include <vector>

#include "engine/op.hpp"

namespace chainrule::testing {

struct OpPoint {
  engine::Op op;
  const char* a;
  const char* b;
};

inline const std::vector<OpPoint>& op_points() {
  using engine::Op;
  static const std::vector<OpPoint> all = {
      {Op::Copy, "-9", "0"},
      {Op::Add, "0.3", "-7.25"},
      {Op::Subtract, "1e3", "3.5"},
      {Op::Multiply, "1e-4", "2.5"},
      {Op::Divide, "0.7", "1e-2"},
      {Op::Divide, "-3e2", "7"},
      {Op::Negate, "2.5", "0"},
      {Op::Power, "0.3", "2.75"},
      {Op::Power, "20", "-0.5"},
      {Op::PowerConstant, "-0.7", "3"},
      {Op::PowerConstant, "5", "-1.5"},
      {Op::Exp, "-5", "0"},
      {Op::Exp, "1.25", "0"},
      {Op::Log, "1e-3", "0"},
      {Op::Log, "30", "0"},
      {Op::Sqrt, "1e-2", "0"},
      {Op::Sqrt, "2", "0"},
      {Op::Sigmoid, "0.97753007", "0"},
      {Op::Sigmoid, "-8", "0"},
      {Op::Tanh, "0.3", "0"},
      {Op::Tanh, "-2", "0"},
      {Op::Relu, "0.25", "0"},
      {Op::Relu, "-3", "0"},
      {Op::Abs, "-0.35", "0"},
      {Op::Abs, "4", "0"},
      {Op::Sin, "25", "0"},
      {Op::Sin, "-0.5", "0"},
      {Op::Cos, "3.14159", "0"},
      {Op::Cos, "0.2", "0"},
      {Op::Step, "0.5", "0"},
      {Op::Sign, "-2", "0"},
      {Op::Softplus, "0.75", "0"},
      {Op::Softplus, "-4", "0"},
      {Op::Max, "0.3", "-7.25"},
      {Op::Max, "-2", "1.5"},
      {Op::Min, "0.3", "-7.25"},
      {Op::Min, "-2", "1.5"},
      {Op::LogSumExp, "0.5", "-1.25"},
      {Op::LogSumExp, "30", "29.5"},
  };
  return all;
}

}  // namespace chainrule::testing
