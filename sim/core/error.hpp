#pragma once
// Typed exceptions used inside the libraries. Only the executable maps them to
// exit codes (see app/main.cpp); library code never calls exit().
#include <stdexcept>
#include <string>
#include <utility>

namespace floodevac {

/// Where a rejected value came from, as far as it is known; every part is optional.
struct ErrorContext {
  std::string file;   // the input file, or "--set key=value" for a command-line override
  int line = 0;       // 1-based line in the file; 0: unknown
  int column = 0;     // 1-based column; 0: unknown
  std::string field;  // scenario field ("evacuation.movement.step_s") or member ("step_s")
  std::string fix;    // what would fix it
};

/// Base of every error floodevac throws on purpose. Built from a text alone
/// (Error("...")), what() is that text. Built with a context, what() reads
/// "file: line L, column C: field 'F': message (fix)" with the parts that are
/// known, and context() keeps them apart for the executable to format.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  Error(const std::string& message, ErrorContext context)
      : std::runtime_error(describe(message, context)),
        message_(message),
        context_(std::move(context)) {}

  /// The message without the context (what() for an error built from a text alone).
  std::string message() const { return message_.empty() ? std::string(what()) : message_; }
  const ErrorContext& context() const { return context_; }

  static std::string describe(const std::string& message, const ErrorContext& c) {
    std::string s;
    auto part = [&s](const std::string& p) { s += (s.empty() ? "" : ": ") + p; };
    if (!c.file.empty()) part(c.file);
    if (c.line > 0)
      part("line " + std::to_string(c.line) +
           (c.column > 0 ? ", column " + std::to_string(c.column) : ""));
    if (!c.field.empty()) part("field '" + c.field + "'");
    part(message);
    if (!c.fix.empty()) s += " (" + c.fix + ")";
    return s;
  }

 private:
  std::string message_;
  ErrorContext context_;
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

/// An output cannot be written: the output folder cannot be made, a file
/// cannot be created, written or renamed into place.
class OutputError : public Error {
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
