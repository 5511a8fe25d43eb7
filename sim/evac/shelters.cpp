#include "sim/evac/shelters.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "sim/core/error.hpp"
#include "sim/evac/rerouting.hpp"

namespace floodevac::evac::detail {

Shelters::Shelters(const std::vector<Shelter>& shelters, NodeId nodes) {
  const auto S = static_cast<std::uint32_t>(shelters.size());
  node.resize(S);
  capacity.resize(S);
  open_s.resize(S);
  occupancy.assign(S, 0.0);
  open.assign(S, 0);
  available.assign(S, 0);
  stats.assign(S, ShelterStats{});
  for (std::uint32_t s = 0; s < S; ++s) {
    const auto& x = shelters[s];
    const std::string who = "shelter " + std::to_string(s) + " ('" + x.id + "')";
    if (x.node >= nodes)
      throw InputError(who + ": not snapped to a road node (node is unset or out of range)");
    if (x.capacity_persons < 0) throw InputError(who + ": capacity_persons must be >= 0");
    if (!std::isfinite(x.open_s)) throw InputError(who + ": open_s must be finite");
    node[s] = x.node;
    capacity[s] = static_cast<double>(x.capacity_persons);
    open_s[s] = x.open_s;
  }
  assigned[0].assign(S, 0);
  assigned[1].assign(S, 0);
  for (std::uint32_t s = 0; s < S; ++s) at_node_.emplace_back(node[s], s);
  std::sort(at_node_.begin(), at_node_.end());
}

void Shelters::count_assigned(const Agents& ag) {
  for (std::uint32_t a = 0; a < ag.size(); ++a)
    if (ag.flags[a] & kFixed) ++assigned[ag.mode[a]][static_cast<std::size_t>(ag.goal[a])];
}

bool Shelters::open_due(double t) {
  bool opened = false;
  for (std::size_t s = 0; s < node.size(); ++s)
    if (!open[s] && t >= open_s[s]) {
      open[s] = 1;
      available[s] = occupancy[s] < capacity[s] ? 1 : 0;
      opened = true;
    }
  return opened;
}

std::int32_t Shelters::available_at(NodeId u, std::int32_t preferred) const {
  if (preferred >= 0 && node[static_cast<std::size_t>(preferred)] == u &&
      available[static_cast<std::size_t>(preferred)])
    return preferred;
  for (auto it = std::lower_bound(at_node_.begin(), at_node_.end(),
                                  std::pair<NodeId, std::uint32_t>{u, 0});
       it != at_node_.end() && it->first == u; ++it)
    if (available[it->second]) return static_cast<std::int32_t>(it->second);
  return -1;
}

bool Shelters::admit(std::vector<Event>& arrivals, const graph::RoadGraph& g, Agents& ag,
                     LinkQueues& q, PersonLedger& ledger) {
  if (arrivals.empty()) return false;
  bool filled = false;
  std::sort(arrivals.begin(), arrivals.end(),
            [](const Event& x, const Event& y) { return x.agent < y.agent; });
  admitted_.clear();
  for (const Event& ev : arrivals) {
    const std::uint32_t a = ev.agent;
    const auto s = static_cast<std::size_t>(ev.x);
    const double p = ag.persons[a];
    ShelterStats& ss = stats[s];
    ss.arrivals_persons += p;
    const double room = open[s] ? std::max(0.0, capacity[s] - occupancy[s]) : 0.0;
    const double admit = std::min(p, room);
    if (admit > 0.0) {
      occupancy[s] += admit;
      ledger.move(AgentState::moving, AgentState::sheltered, admit, ag.unit[a]);
      ss.admitted_persons += admit;
      ss.peak_occupancy_persons = std::max(ss.peak_occupancy_persons, occupancy[s]);
      admitted_.emplace_back(ev.t, admit);
      clearance_s = std::isnan(clearance_s) ? ev.t : std::max(clearance_s, ev.t);
    }
    if (ag.flags[a] & kFixed) {
      --assigned[ag.mode[a]][s];
      ag.flags[a] = static_cast<std::uint8_t>(ag.flags[a] & ~kFixed);
    }
    if (ag.flags[a] & kTracked) {
      auto it = tracked_.find(a);
      if (it != tracked_.end()) {
        if (admit > 0.0) {
          transfers[it->second].arrived_shelter = static_cast<std::int32_t>(s);
          transfers[it->second].arrived_s = ev.t;
        }
        tracked_.erase(it);
      }
      ag.flags[a] = static_cast<std::uint8_t>(ag.flags[a] & ~kTracked);
    }
    const double rest = p - admit;
    if (rest > 0.0) {
      // Full (or not yet open): the rest of the group is sent on from here.
      if (admit > 0.0) {
        const std::uint16_t k = ag.group[a];
        if (k >= split_sheltered_by_group.size()) split_sheltered_by_group.resize(k + 1u, 0.0);
        split_sheltered_by_group[k] += admit;
      }
      ag.persons[a] = static_cast<float>(rest);
      ss.overflow_persons += rest;
      TransferRecord tr;
      tr.trip = a;
      tr.from_shelter = static_cast<std::int32_t>(s);
      tr.persons = rest;
      tr.time_s = ev.t;
      tr.path_nodes.push_back(node[s]);
      tracked_[a] = static_cast<std::uint32_t>(transfers.size());
      unnamed_.push_back(static_cast<std::uint32_t>(transfers.size()));
      transfers.push_back(std::move(tr));
      ag.flags[a] = static_cast<std::uint8_t>(ag.flags[a] | kTracked | kNoUturnCheck);
      ag.goal[a] = -1;
      ag.state[a] = kQueue;
      ag.exit_s[a] = ev.t;
      q.push_departure(ag.mode[a], ag.node(g, a), a);
    } else {
      ag.state[a] = kSheltered;
    }
    if (available[s] && occupancy[s] >= capacity[s]) {
      available[s] = 0;
      if (std::isnan(ss.time_full_s)) ss.time_full_s = ev.t;
      filled = true;
    }
  }
  // t50 / t90 from this step's admissions in time order.
  std::sort(admitted_.begin(), admitted_.end());
  double cum = ledger.sheltered();
  for (const auto& x : admitted_) cum -= x.second;
  for (const auto& [ta, pa] : admitted_) {
    cum += pa;
    if (std::isnan(t50_s) && cum >= 0.5 * ledger.total()) t50_s = ta;
    if (std::isnan(t90_s) && cum >= 0.9 * ledger.total()) t90_s = ta;
  }
  return filled;
}

bool Shelters::leave(std::size_t s, double persons) {
  occupancy[s] = std::max(0.0, occupancy[s] - persons);
  if (!open[s] || available[s] || !(occupancy[s] < capacity[s])) return false;
  available[s] = 1;
  return true;
}

void Shelters::name_transfer_targets(const Agents& ag, const Rerouting& routing) {
  for (std::uint32_t k : unnamed_) {
    TransferRecord& tr = transfers[k];
    const std::int32_t s = routing.nearest_shelter(ag.mode[tr.trip], tr.path_nodes.front());
    if (s >= 0) tr.to_shelter = s;
  }
  unnamed_.clear();
}

void Shelters::record_path(std::uint32_t agent, EdgeId e, NodeId head) {
  auto it = tracked_.find(agent);
  if (it == tracked_.end()) return;
  TransferRecord& tr = transfers[it->second];
  tr.path_edges.push_back(e);
  tr.path_nodes.push_back(head);
}

}  // namespace floodevac::evac::detail
