// A value, or the message a command prints instead of it: helpers return one, and only the
// command's entry prints, so every error of a command leaves by one path. tools' one error
// type, for its own checks (flags, files) and for the errors of verify it prints.
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace chainrule::tools {

// What a helper returns instead of its value: whole lines, each ending in '\n', as printed.
struct Failure {
  std::string message;
};

template <class T>
class Result {
 public:
  // Implicit, so that a helper returns its value or a Failure as it stands.
  Result(T value) : value_(std::move(value)) {}
  Result(Failure failure) : error_(std::move(failure.message)) {}
  explicit operator bool() const { return value_.has_value(); }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  // The lines to print when there is no value.
  const std::string& error() const { return error_; }

 private:
  std::optional<T> value_;
  std::string error_;
};

// Done, or the lines to print instead: for a check, or a helper whose work is its effect.
template <>
class Result<void> {
 public:
  Result() = default;
  Result(Failure failure) : failed_(true), error_(std::move(failure.message)) {}
  explicit operator bool() const { return !failed_; }
  const std::string& error() const { return error_; }

 private:
  bool failed_ = false;
  std::string error_;
};

}  // namespace chainrule::tools
