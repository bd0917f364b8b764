// Printing each command's results, as a table for people or as one JSON object.
#pragma once

#include "tools/options.hpp"
#include "verify/derivation.hpp"

namespace chainrule::tools {

template <class T>
int report_check(const verify::Derivation<T>& d, const Options& options);
template <class T>
int report_eval(const verify::Derivation<T>& d, const Options& options);
template <class T>
int report_grad(const verify::Derivation<T>& d, const Options& options);
template <class T>
int report_train(verify::Derivation<T>& d, const Options& options);

}  // namespace chainrule::tools
