// verify's one way of failing: a function that can fail returns an Outcome, its value or the
// Error that says why not. Parsing and compiling, which find every problem of a file at once,
// return their result with a list of Diagnostics instead (verify/parser.hpp, derivation.hpp);
// an Error made from one keeps its place in the file.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "verify/syntax.hpp"

namespace chainrule::verify {

enum class ErrorKind {
  Invalid,      // the request or the file is wrong as given: asking again the same way fails again
  NotRecorded,  // it would differentiate through a derivative term compiled without its sweep
                // on the tape: compiled with RecordPolicy::All, the same request succeeds
};

struct Error {
  std::string message;
  std::optional<SourcePos> at{};  // the statement it is about, for FILE:LINE:COLUMN; none when
                                  // it is about the request (a name, a flag) and not one place
  ErrorKind kind = ErrorKind::Invalid;
};

inline Error error_at(const Diagnostic& diagnostic) {
  return Error{diagnostic.message, diagnostic.pos};
}

// "FILE:LINE:COLUMN: error: MESSAGE" when the error has a place, as format_diagnostic writes
// it; "FILE: error: MESSAGE" when it is about the request.
std::string format_error(const std::string& file, const Error& error);

// A value of type V, or the Error that prevented it. C++20 has no std::expected; this is the
// part of it verify needs.
template <class V>
class [[nodiscard]] Outcome {
 public:
  // Implicit, so that a function returns its value or an Error as it stands.
  Outcome(V value) : state_(std::move(value)) {}
  Outcome(Error error) : state_(std::move(error)) {}

  bool has_value() const { return std::holds_alternative<V>(state_); }
  explicit operator bool() const { return has_value(); }
  V& operator*() & { return std::get<V>(state_); }
  const V& operator*() const& { return std::get<V>(state_); }
  V&& operator*() && { return std::get<V>(std::move(state_)); }
  V* operator->() { return &std::get<V>(state_); }
  const V* operator->() const { return &std::get<V>(state_); }
  // Only when there is no value.
  const Error& error() const { return std::get<Error>(state_); }

 private:
  std::variant<V, Error> state_;
};

// Done, or the Error that stopped it: for a function whose work is its effect.
template <>
class [[nodiscard]] Outcome<void> {
 public:
  Outcome() = default;
  Outcome(Error error) : error_(std::move(error)) {}

  bool has_value() const { return !error_.has_value(); }
  explicit operator bool() const { return has_value(); }
  // Only when it failed.
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

}  // namespace chainrule::verify
