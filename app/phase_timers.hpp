#pragma once
// Wall-clock time per phase of a run, reported in the manifest (per-phase
// timers as SERGHEI and OSRM report them). A phase started twice adds up.
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace floodevac::app {

class PhaseTimers {
 public:
  using Clock = std::chrono::steady_clock;

  void start(const std::string& name) {
    name_ = name;
    t0_ = Clock::now();
  }
  void stop() { add(name_, seconds_since(t0_)); }
  void add(const std::string& name, double seconds) { seconds_[name] += seconds; }
  static double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
  }
  nlohmann::json to_json() const {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [k, v] : seconds_) j[k] = v;
    return j;
  }

 private:
  std::string name_;
  Clock::time_point t0_;
  std::map<std::string, double> seconds_;
};

}  // namespace floodevac::app
