// Second derivatives of one named value: the Hessian matrix over a list of named nodes.
#pragma once

#include <string>
#include <vector>

#include "verify/derivation.hpp"
#include "verify/outcome.hpp"

namespace chainrule::verify {

// The most names a hessian is taken over: its matrix has this many squared entries, each
// one a sweep's value, and the table one line per name (1000 names: a million entries).
inline constexpr std::size_t kMaxHessianNames = 1000;

template <class T>
struct HessianMatrix {
  std::vector<std::string> wrt;      // the names, in the order asked
  std::vector<T> gradient;           // d(of)/d(wrt[i])
  std::vector<std::vector<T>> rows;  // rows[i][j] = d(d(of)/d(wrt[i]))/d(wrt[j])
};

// Records the reverse sweep of `of` once (its gradient as nodes) on a copy of the
// derivation's tape, then sweeps each gradient node; the derivation is not changed. An error
// names an
// unknown name, more names than kMaxHessianNames, sweeps that would visit more nodes in all
// than the sweep budget (verify/limits.hpp), or a derivative term `of` depends on whose sweep is
// not recorded (ErrorKind::NotRecorded: compile with RecordPolicy::All to record them).
template <class T>
Outcome<HessianMatrix<T>> hessian(const Derivation<T>& d, const std::string& of,
                                  const std::vector<std::string>& wrt);

}  // namespace chainrule::verify
