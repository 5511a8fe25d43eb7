#pragma once
// How many threads a repeated parallel step runs on, chosen by timing it.
//
// A run may be given more threads than it has free cores: another program, a
// second sweep member, a browser. A step that synchronises its threads then
// waits each time for the thread that lost its core, and two threads can take
// longer than one (the flood-only case beside one busy core: -j 2 took 1.35×
// the time of -j 1). ThreadChoice keeps such a step at its fastest thread
// count now: in short probe windows it times the step, per unit of work, at
// the most threads allowed, at one fewer and at one; it then runs the fastest
// for a while (0.5 s, doubling up to 8 s while the choice holds) and probes
// again, since the machine's load changes. The steps it serves give bitwise
// the same values for any thread count, so the choice never changes a result.
//
// The idea of the .NET thread pool's concurrency controller (Hellerstein,
// Morrison & Eilebrecht 2008, "Optimizing concurrency levels in the .NET
// ThreadPool"): measure throughput at a few thread counts, keep the best,
// measure again.
#include <cstdint>
#include <functional>
#include <vector>

namespace floodevac {

class ThreadChoice {
 public:
  /// Seconds from any fixed origin (a steady clock by default; tests pass their own).
  using Clock = std::function<double()>;
  explicit ThreadChoice(Clock clock = {});

  /// Thread count for the next step: one of max_threads (>= 1), max_threads - 1, 1.
  int begin(int max_threads);
  /// The step begun last is done; `work` is its size (e.g. cells visited), > 0.
  void end(double work);

  /// Steps run so far at each thread count (index: threads; index 0 unused).
  const std::vector<std::int64_t>& steps_by_threads() const { return steps_; }

  /// Fewest steps and seconds of one probe window.
  static constexpr int kWindowSteps = 4;
  static constexpr double kWindowSeconds = 0.02;
  /// First and longest run on the chosen count between probes (seconds).
  static constexpr double kHoldFirst = 0.5, kHoldMax = 8.0;
  /// Another count must be this much faster to replace the current choice.
  static constexpr double kSwitchGain = 1.03;

 private:
  struct Window {
    int steps = 0;
    double seconds = 0, work = 0;
  };
  void start_probe();
  void finish_probe();

  Clock clock_;
  std::vector<int> candidates_;  // descending, distinct
  int max_ = 0;
  std::size_t chosen_ = 0;  // index into candidates_
  bool probing_ = false;
  std::size_t probe_ = 0;     // candidate being timed
  std::vector<double> rate_;  // work per second of the last probe, per candidate
  Window window_;
  double hold_ = kHoldFirst, hold_until_ = 0;
  bool warm_ = false;  // the first step (page faults, buffers) is not timed
  double t_begin_ = 0;
  std::vector<std::int64_t> steps_;
};

}  // namespace floodevac
