// docs/cpp.md, "Second derivatives": f(x, y) = x²·y + e^y. By hand: f_x = 2xy, f_y = x² + e^y,
// f_xx = 2y, f_xy = 2x, f_yy = e^y. At (3, 0): f_x = 0, f_y = 10, f_xx = 0, f_xy = 6, f_yy = 1;
// at (3, 1): f_xx = 2, f_xy = 6, f_yy = e = 2.718281828459045235... (e to 20 digits).
#include <iostream>

#include "engine/number.hpp"
#include "engine/value.hpp"

int main() {
  using namespace chainrule::engine;
  Graph<Real> g;
  Value<Real> x = g.input("x", "3"), y = g.input("y", "0");
  Value<Real> f = x * x * y + exp(y);

  // derivative(f, x) is a node of the graph, recorded from the reverse sweep: a gradient of it
  // is a row of the Hessian, and it is re-evaluated like any other node.
  Value<Real> f_x = derivative(f, x), f_y = derivative(f, y);
  auto print = [&] {
    Gradient<Real> row_x = gradient(f_x), row_y = gradient(f_y);
    std::cout << "f_x = " << to_decimal(f_x.value(), 20)
              << ", f_y = " << to_decimal(f_y.value(), 20)
              << "; f_xx = " << to_decimal(row_x[x], 20) << ", f_xy = " << to_decimal(row_x[y], 20)
              << ", f_yy = " << to_decimal(row_y[y], 20) << "\n";
  };
  print();
  y.set("1");
  print();
}

// Output:
// f_x = 0, f_y = 10; f_xx = 0, f_xy = 6, f_yy = 1
// f_x = 6, f_y = 11.718281828459045235; f_xx = 2, f_xy = 6, f_yy = 2.7182818284590452354
