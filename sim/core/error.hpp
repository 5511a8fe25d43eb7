#pragma once
// Typed exceptions used inside the libraries. Only the executable maps them to
// exit codes (see app/main.cpp); library code never calls exit().
#include <stdexcept>
#include <string>

namespace floodevac {

/// Base of every error floodevac throws on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A user's input is wrong: a file, a field or a value. The message names the
/// file, the field (line/column where known) and what would fix it.
class InputError : public Error {
 public:
  using Error::Error;
};

/// The scenario or the options contradict each other or are out of range.
class ConfigError : public InputError {
 public:
  using InputError::InputError;
};

/// The numerics broke down (NaN, negative depth, time step collapse).
class NumericalError : public Error {
 public:
  using Error::Error;
};

/// The caller asked the run to stop (the progress callback returned false).
class CancelledError : public Error {
 public:
  using Error::Error;
};

/// An invariant of a data structure does not hold (a bug or a corrupt input).
class InvariantError : public Error {
 public:
  using Error::Error;
};

}  // namespace floodevac
