// The same derivation file evaluated in IEEE single and double arithmetic, as PyTorch, JAX or
// NumPy would print it: for the float32 and double diagnoses of check.
#pragma once

#include <optional>
#include <vector>

#include "verify/syntax.hpp"

namespace chainrule::verify {

struct IeeeValues {
  // Every claim's value, in claim order; nullopt where the file does not evaluate in that
  // type (a domain error, or a value that is not finite there).
  std::optional<std::vector<double>> float32, float64;
};

// Compiles the document in float and double on first use only: a file with several wrong
// claims pays once.
class IeeeEvaluations {
 public:
  const IeeeValues& of(const Document& document);

 private:
  std::optional<IeeeValues> values_;
};

}  // namespace chainrule::verify
