// docs/cpp.md, "Number types and precision": one neuron, out = sigmoid(0.03·0.11 + 0.39), in
// every number type the engine is built for, each printed to fewer digits than it carries, so
// every digit shown is the exact value's (checked against mpmath at 120 digits:
// 0.59707685406498208008802299928667555675796049779658127581086550104247640420479976368071...).
#include <iostream>
#include <string>

#include "engine/number.hpp"
#include "engine/value.hpp"

template <class T>
void neuron(const std::string& type, int shown) {
  using namespace chainrule::engine;
  Graph<T> g;
  Value<T> out = sigmoid(g.input("x", "0.03") * g.input("w", "0.11") + g.input("b", "0.39"));
  std::cout << type << " (" << significant_digits<T>()
            << " digits): " << to_decimal(out.value(), shown) << "\n";
}

int main() {
  using namespace chainrule::engine;
  neuron<float>("float", 6);
  neuron<double>("double", 15);
  neuron<long double>("long double", 17);
  neuron<BinFloat50>("BinFloat50", 45);
  neuron<DecFloat50>("DecFloat50", 45);
  neuron<Real>("Real", 50);  // MPFR starts at the command's 50 digits
  set_working_digits(100);   // every Real made from now on carries 100 (plus 10 guard digits)
  neuron<Real>("Real", 70);  // 70 of its 100 digits, to fit the line
}

// Output:
// float (9 digits): 0.597077
// double (17 digits): 0.597076854064982
// long double (21 digits): 0.59707685406498208
// BinFloat50 (50 digits): 0.597076854064982080088022999286675556757960498
// DecFloat50 (50 digits): 0.597076854064982080088022999286675556757960498
// Real (50 digits): 0.59707685406498208008802299928667555675796049779658
// Real (100 digits): 0.5970768540649820800880229992866755567579604977965812758108655010424764
