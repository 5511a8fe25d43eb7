#include "sim/core/thread_choice.hpp"

#include <algorithm>
#include <chrono>

namespace floodevac {

ThreadChoice::ThreadChoice(Clock clock) : clock_(std::move(clock)) {
  if (!clock_) {
    clock_ = [] {
      return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
          .count();
    };
  }
}

int ThreadChoice::begin(int max_threads) {
  max_threads = std::max(1, max_threads);
  if (max_threads != max_) {  // a new bound (first step, or the grid's work changed): start over
    max_ = max_threads;
    candidates_ = {max_};
    if (max_ - 1 > 1) candidates_.push_back(max_ - 1);
    if (max_ > 1) candidates_.push_back(1);
    rate_.assign(candidates_.size(), 0.0);
    chosen_ = 0;
    probing_ = false;
    warm_ = false;
    hold_ = kHoldFirst;
    window_ = {};
  }
  if (warm_ && candidates_.size() > 1 && !probing_ && clock_() >= hold_until_) start_probe();
  const int n = candidates_[probing_ ? probe_ : chosen_];
  if (steps_.size() <= static_cast<std::size_t>(n))
    steps_.resize(static_cast<std::size_t>(n) + 1, 0);
  ++steps_[static_cast<std::size_t>(n)];
  if (candidates_.size() > 1) t_begin_ = clock_();
  return n;
}

void ThreadChoice::end(double work) {
  if (candidates_.size() == 1) return;
  const double seconds = clock_() - t_begin_;
  if (!warm_) {
    warm_ = true;
    start_probe();
    return;
  }
  if (!probing_) return;
  window_.steps += 1;
  window_.seconds += seconds;
  window_.work += work;
  if (window_.steps < kWindowSteps || window_.seconds < kWindowSeconds) return;
  rate_[probe_] = window_.seconds > 0 ? window_.work / window_.seconds : 0.0;
  window_ = {};
  if (++probe_ < candidates_.size()) return;
  finish_probe();
}

void ThreadChoice::start_probe() {
  probing_ = true;
  probe_ = 0;
  window_ = {};
}

void ThreadChoice::finish_probe() {
  probing_ = false;
  std::size_t best = chosen_;
  for (std::size_t i = 0; i < candidates_.size(); ++i)
    if (rate_[i] > rate_[best] * kSwitchGain) best = i;
  // Hold a confirmed choice longer; a change is checked again soon.
  hold_ = best == chosen_ ? std::min(kHoldMax, hold_ * 2) : kHoldFirst;
  chosen_ = best;
  hold_until_ = clock_() + hold_;
}

}  // namespace floodevac
