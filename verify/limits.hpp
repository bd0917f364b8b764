// The bounds that keep a hostile derivation file from exhausting memory or time. Each one
// crossed is an error at the statement that crosses it, never a crash or a hang.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

#include <vector>

#include "engine/number.hpp"
#include "verify/derivation.hpp"
#include "verify/syntax.hpp"

namespace chainrule::verify {

// Memory for the graph's values (and a reverse sweep's adjoints): with the parser's own
// limits, a file stays well under 2 GiB.
inline constexpr std::size_t kGraphMemoryBytes = std::size_t{1} << 30;
inline constexpr std::size_t kMaxGraphNodes = 5'000'000;
// Node visits of the reverse sweeps that derivative terms cost, in all: 20 million is a few
// seconds at 50 digits; a tutorial needs a few thousand.
inline constexpr std::uint64_t kMaxSweepVisits = 20'000'000;
// Substitutions built on values that are themselves substitutions: each level can copy the
// graph below it again, so their number bounds the doubling.
inline constexpr int kMaxSubstitutionDepth = 32;
// Decimal exponents of literals: far beyond any working precision, short of int overflow.
inline constexpr long kMaxDecimalExponent = 100'000'000;

struct CompileLimits {
  std::size_t max_nodes = 0;  // 0: the memory budget at T's current precision (graph_node_limit)
  std::uint64_t max_sweep_visits = 0;  // 0: kMaxSweepVisits, less at high precision
  int max_substitution_depth = kMaxSubstitutionDepth;
};

// About how many bytes one node of a Tape<T> takes, with one adjoint during a sweep.
template <class T>
std::size_t bytes_per_node() {
  std::size_t value = sizeof(T);
  if constexpr (std::is_same_v<T, engine::Real>) {
    const auto bits = static_cast<std::size_t>(T::default_precision()) * 3322 / 1000 + 64;
    value += bits / 8 + 32;  // the limbs, their header and the allocator's overhead
  }
  if constexpr (std::is_same_v<T, engine::Certified>) {
    // Two bounds' limbs, each with its header and the allocator's; few values stay rational.
    // The adjoints of a sweep are not counted: `check` sweeps from one claim at a time
    // (measured: 3e6 nodes take 1.2 GB of RSS in all), and the commands that sweep more
    // (explain, hessian, dot) are held to the sweep budget below.
    const auto bits = static_cast<std::size_t>(engine::certified_digits()) * 3322 / 1000 + 64;
    return value + 2 * (bits / 8 + 16) + 64;
  }
  return 2 * value + 32;  // value and adjoint; op, operands, origin and vector slack
}

// The node limit that keeps the graph within kGraphMemoryBytes at T's current precision.
template <class T>
std::size_t graph_node_limit(const CompileLimits& limits) {
  if (limits.max_nodes != 0) return limits.max_nodes;
  return std::min(kMaxGraphNodes, kGraphMemoryBytes / bytes_per_node<T>());
}

// The sweep budget at T's current precision: an operation on n limbs costs about n times
// one on the 4 limbs of 50 digits.
template <class T>
std::uint64_t sweep_visit_limit(const CompileLimits& limits) {
  if (limits.max_sweep_visits != 0) return limits.max_sweep_visits;
  if constexpr (std::is_same_v<T, engine::Real>) {
    const auto limbs = static_cast<std::uint64_t>(T::default_precision()) * 3322 / 64000 + 1;
    return kMaxSweepVisits * 4 / std::max<std::uint64_t>(limbs, 4);
  }
  if constexpr (std::is_same_v<T, engine::Certified>) {
    // An interval operation rounds two bounds: twice the limbs of one MPFR number.
    const auto limbs = static_cast<std::uint64_t>(engine::certified_digits()) * 3322 / 64000 + 1;
    return kMaxSweepVisits * 4 / std::max<std::uint64_t>(2 * limbs, 4);
  }
  return kMaxSweepVisits;
}

// A recorded sweep (engine/recorded_sweep.hpp) adds at most this many nodes per node it passes: a
// local partial's symbolic form, the product with the adjoint, the sum into the operand's.
inline constexpr std::uint64_t kRecordedNodesPerNode = 8;

// Node operations (evaluations and sweep visits, counted at 50 digits) that `train` may do in
// all: a few hours at most. Each step evaluates the graph and sweeps it once.
inline constexpr std::uint64_t kMaxTrainOperations = 20'000'000'000;

// What one node operation costs at T's current precision, in operations at 50 digits (as
// for sweep_visit_limit: an operation on n limbs costs about n/4 times one on 4).
template <class T>
std::uint64_t operation_cost() {
  if constexpr (std::is_same_v<T, engine::Real>) {
    const auto limbs = static_cast<std::uint64_t>(T::default_precision()) * 3322 / 64000 + 1;
    return std::max<std::uint64_t>(limbs, 4) / 4;
  }
  return 1;
}

// The most steps `train` takes on a graph of `nodes` nodes at T's current precision.
template <class T>
std::uint64_t train_step_limit(std::size_t nodes) {
  const std::uint64_t per_step = 2 * std::max<std::uint64_t>(nodes, 1) * operation_cost<T>();
  return kMaxTrainOperations / per_step;
}

// Why the exponent of the decimal literal `text` is out of range (beyond kMaxDecimalExponent
// either way), or "" when it is not: the first of literal_problem's checks, for numbers from
// elsewhere than a file (a flag's), which no number type should be asked to read.
std::string exponent_problem(std::string_view text);

// Why the decimal literal `text` (digits, optional point, optional exponent; a sign allowed)
// cannot be a number of type T, or "" when it can: an exponent out of range, or a value that
// overflows to infinity or underflows to zero.
template <class T>
std::string literal_problem(std::string_view text);

// literal_problem for a claim's published number, and also a last written place (the unit
// its verdict is judged in) that T cannot represent.
template <class T>
std::string published_problem(std::string_view text);

// Checks a parsed document needs before it is compiled, each error at the literal or the
// substitution it is about: literals T cannot hold (literal_problem, published_problem), and
// substitutions nested deeper than the limit, counting those in the definitions they use.
template <class T>
std::vector<Diagnostic> literal_errors(const Document& document);
std::vector<Diagnostic> substitution_depth_errors(const Document& document, int limit);

// An upper bound on the graph a document compiles to, statement by statement: its nodes
// (substitutions copy at most the part of the graph they substitute into; a derivative term
// that `policy` records may record a sweep as large as the graph below it, one it does not
// record is one node holding the value) and the node visits of its derivative terms' sweeps.
// The first statement that could cross a limit is an error.
std::vector<Diagnostic> graph_size_errors(const Document& document, std::uint64_t max_nodes,
                                          std::uint64_t max_sweep_visits,
                                          RecordPolicy policy = RecordPolicy::All);

// compile() after the checks above, each with the limits at T's current precision: a file
// that passes them compiles within them.
template <class T>
CompileResult<T> compile_within_limits(Document document, const CompileLimits& limits = {},
                                       RecordPolicy policy = RecordPolicy::AsNeeded);

}  // namespace chainrule::verify
