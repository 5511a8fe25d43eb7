// ThreadChoice on a simulated clock: it keeps the fastest thread count of the
// moment, at a small cost for its probes, and follows a change of load.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "sim/core/thread_choice.hpp"

namespace {

using floodevac::ThreadChoice;

/// Steps of `work` cells costing seconds_per_step(threads, now) each, until `until` s.
struct Machine {
  double now = 0;
  int clock_reads = 0;
  ThreadChoice choice{[this] {
    ++clock_reads;
    return now;
  }};
  double run(int max_threads, double until, const std::function<double(int, double)>& cost) {
    const double start = now;
    while (now < until) {
      const int n = choice.begin(max_threads);
      EXPECT_GE(n, 1);
      EXPECT_LE(n, max_threads);
      now += cost(n, now);
      choice.end(1000.0);
    }
    return now - start;
  }
  double share(int threads) const {
    const auto& s = choice.steps_by_threads();
    std::int64_t all = 0;
    for (auto v : s) all += v;
    return static_cast<std::size_t>(threads) < s.size() ? static_cast<double>(s[threads]) / all : 0;
  }
};

/// A 60 s run at max 2 threads with per-step costs `on_one` and `on_two` (s):
/// at least `share` of the steps on the faster count, and the whole run within
/// 2 % of running every step on it (the probes' cost).
void expect_settles_on_faster(double on_one, double on_two, double share) {
  Machine m;
  const double t = m.run(2, 60.0, [&](int n, double) { return n == 2 ? on_two : on_one; });
  const auto steps = m.choice.steps_by_threads();
  const int faster = on_two < on_one ? 2 : 1;
  const double all_on_faster = (steps[1] + steps[2]) * std::min(on_one, on_two);
  EXPECT_GT(m.share(faster), share);
  EXPECT_LT(t / all_on_faster, 1.02);
}

// Two threads 1.6x faster (idle machine): nearly every step on two.
TEST(ThreadChoice, KeepsAllThreadsOnAnIdleMachine) {
  expect_settles_on_faster(0.008, 0.005, 0.98);
}

// Beside a busy core two threads take 1.35x one thread's time: it runs on one.
TEST(ThreadChoice, FallsBackToOneThreadBesideABusyCore) {
  expect_settles_on_faster(0.010, 0.0135, 0.97);
}

// The load changes half-way: the choice follows within one hold (8 s) and a probe.
TEST(ThreadChoice, FollowsAChangeOfLoad) {
  Machine m;
  auto cost = [](int n, double now) {
    const bool busy = now >= 30.0;
    if (n == 2) return busy ? 0.0135 : 0.005;
    return busy ? 0.010 : 0.008;
  };
  m.run(2, 40.0, cost);  // busy from 30 s
  const auto before = m.choice.steps_by_threads();
  m.run(2, 45.0, cost);
  const auto after = m.choice.steps_by_threads();
  const double on_one = static_cast<double>(after[1] - before[1]);
  const double on_two = static_cast<double>(after[2] - before[2]);
  EXPECT_GT(on_one / (on_one + on_two), 0.97);  // 40-45 s: on one thread, but for its probes
}

// With four threads allowed and one core taken, three threads are fastest.
TEST(ThreadChoice, PicksOneFewerThreadWhenThatIsFastest) {
  Machine m;
  auto cost = [](int n, double) { return n == 4 ? 0.009 : n == 3 ? 0.004 : 0.010; };
  m.run(4, 30.0, cost);
  EXPECT_GT(m.share(3), 0.95);
  EXPECT_EQ(m.share(2), 0.0);  // only max, max - 1 and 1 are tried
}

// One thread allowed: nothing to choose, and the clock is never read.
TEST(ThreadChoice, OneThreadAllowedIsNeverTimed) {
  Machine m;
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(m.choice.begin(1), 1);
    m.choice.end(10.0);
  }
  EXPECT_EQ(m.clock_reads, 0);
}

}  // namespace
