#include "sim/evac/person_ledger.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "sim/core/error.hpp"

namespace floodevac::evac::detail {

namespace {
const char* name_of(AgentState s) {
  switch (s) {
    case AgentState::home:
      return "home";
    case AgentState::moving:
      return "moving";
    case AgentState::stranded:
      return "stranded";
    case AgentState::sheltered:
      return "sheltered";
    case AgentState::trapped:
      return "trapped";
    case AgentState::arrived:
      return "arrived";
  }
  return "?";
}
}  // namespace

PersonLedger::PersonLedger(std::span<const float> trip_persons,
                           std::span<const std::int32_t> trip_unit,
                           const std::vector<PopulationUnit>& units) {
  if (trip_persons.size() != trip_unit.size())
    throw InvariantError("person ledger: one unit per trip is needed");
  const std::size_t U = units.size();
  unit_home_.assign(U, 0.0);
  unit_trapped_home_.assign(U, 0.0);
  unit_staying_.assign(U, 0.0);
  unit_stats_.assign(U, UnitStats{});
  for (std::size_t a = 0; a < trip_persons.size(); ++a) {
    const float p = trip_persons[a];
    total_ += p;
    if (trip_unit[a] >= 0) {
      const auto u = static_cast<std::size_t>(trip_unit[a]);
      if (u >= U) throw InvariantError("person ledger: trip " + std::to_string(a) + " has no unit");
      unit_home_[u] += p;
      unit_stats_[u].to_evacuate_persons += p;
    }
  }
  home_ = total_;
  for (std::size_t i = 0; i < U; ++i) {
    if (!(units[i].persons >= 0.0) || !std::isfinite(units[i].persons))
      throw InputError("population unit " + std::to_string(i) + " ('" + units[i].id +
                       "'): persons must be >= 0");
    unit_staying_[i] = std::max(0.0, units[i].persons - unit_stats_[i].to_evacuate_persons);
    unit_stats_[i].staying_persons = unit_staying_[i];
    staying_ += unit_staying_[i];
  }
}

void PersonLedger::refuse(AgentState from, AgentState to) {
  throw InvariantError(std::string("person ledger: no move from ") + name_of(from) + " to " +
                       name_of(to));
}

}  // namespace floodevac::evac::detail
