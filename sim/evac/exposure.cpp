#include "sim/evac/exposure.hpp"

#include <algorithm>

namespace floodevac::evac::detail {

void Exposure::flush(double t) {
  const double dt = t - snap_t_;
  if (dt > 0.0) {
    for (const Entry& x : snap_) {
      const double ps = x.persons * dt;
      cell_ph_[x.cell] += ps / 3600.0;
      class_ps_[x.cls] += ps;
      if (x.unit >= 0) unit_ps_[static_cast<std::size_t>(x.unit)] += ps;
    }
  }
  snap_t_ = t;
}

void Exposure::clear() {
  snap_.clear();
  trapped_home_due_.clear();
  exposed_now_ = 0.0;
}

void Exposure::snapshot(const std::uint8_t* hazard, std::uint8_t class_min, const AgentCells& at,
                        const PersonLedger& ledger, const AgentsByUnit& by_unit,
                        const std::vector<std::uint32_t>& parked,
                        const std::vector<std::uint32_t>& trapped_on_road,
                        bool arrived_and_piers) {
  clear();
  const Agents& ag = at.ag;
  const LinkQueues& q = at.q;
  const FloodCells& cells = at.cells;
  auto cls_of = [&](std::uint32_t cell) -> int {
    if (cell == LinkSampler::kOutside) return -1;
    const std::uint8_t h = hazard[cell];
    return h == 255 || h > 4 || h < class_min ? -1 : h;
  };
  auto add_as = [&](std::uint32_t cell, std::int32_t u, double p, std::uint16_t group) {
    const int h = cls_of(cell);
    if (h < 0 || !(p > 0.0)) return;
    snap_.push_back({cell, static_cast<std::uint8_t>(h), u, p, group});
    exposed_now_ += p;
  };
  auto add_home = [&](std::uint32_t cell, std::int32_t u, double p) {
    add_as(cell, u, p, kHomeEntry);
  };
  auto add = [&](std::uint32_t cell, std::int32_t u, std::uint32_t a) {
    add_as(cell, u, ag.persons[a], ag.group[a]);
  };
  // At home: non-evacuees, trips not yet departed and those trapped at home.
  for (std::size_t i = 0; i < ledger.unit_count(); ++i)
    add_home(cells.unit_cell[i], static_cast<std::int32_t>(i),
             ledger.unit_staying(i) + ledger.unit_home(i) + ledger.unit_trapped_at_home(i));
  for (std::uint32_t a : by_unit.without_unit)
    if (ag.state[a] == kHome || ag.state[a] == kTrappedHome)
      add_home(cells.node_cell[ag.origin[a]], -1, ag.persons[a]);
  // Stopped on the road: at the end of an edge (queued), held, waiting at a
  // node, or trapped.
  const auto m = static_cast<EdgeId>(q.len_m.size());
  for (EdgeId e = 0; e < m; ++e) {
    for (std::uint32_t a = q.car_head[e]; a != kNone; a = q.next[a])
      if (ag.state[a] == kHeld || ag.exit_s[a] <= at.t) add(at.of(a), ag.unit[a], a);
    for (std::uint32_t a = q.walk_head[e]; a != kNone; a = q.next[a])
      if (ag.state[a] == kHeld) add(at.of(a), ag.unit[a], a);
  }
  for (int k = 0; k < 2; ++k)
    for (NodeId u = 0; u < at.g.node_count(); ++u)
      for (std::uint32_t a = q.dep_head[k][u]; a != kNone; a = q.next[a])
        add(cells.node_cell[u], ag.unit[a], a);
  for (std::uint32_t a : parked)
    if (ag.state[a] == kParked) add(cells.node_cell[ag.node(at.g, a)], ag.unit[a], a);
  for (std::uint32_t a : trapped_on_road) add(at.of(a), ag.unit[a], a);
  if (arrived_and_piers)
    for (std::uint32_t a = 0; a < ag.size(); ++a) {
      if (ag.state[a] == kArrived || ag.state[a] == kAtPier) {
        add(cells.node_cell[ag.node(at.g, a)], ag.unit[a], a);
      } else if (ag.state[a] == kTrappedHome && ag.depart_s[a] <= at.t) {
        // Counted at home above; kept apart for away_by_group (not summed again).
        const std::uint32_t cell = cells.node_cell[ag.origin[a]];
        const int h = cls_of(cell);
        if (h >= 0 && ag.persons[a] > 0.0)
          trapped_home_due_.push_back(
              {cell, static_cast<std::uint8_t>(h), ag.unit[a], ag.persons[a], ag.group[a]});
      }
    }
  snap_t_ = at.t;
}

std::vector<ExposedGroup> Exposure::away_by_group() const {
  std::vector<ExposedGroup> out;
  for (const std::vector<Entry>* v : {&snap_, &trapped_home_due_})
    for (const Entry& x : *v)
      if (x.group != kHomeEntry) out.push_back({x.group, x.cls, x.persons});
  // Stable: equal (group, class) keep the snapshot order, so the sums below are the
  // same at any thread count.
  std::stable_sort(out.begin(), out.end(), [](const ExposedGroup& a, const ExposedGroup& b) {
    return a.group != b.group ? a.group < b.group : a.cls < b.cls;
  });
  std::vector<ExposedGroup> merged;
  for (const ExposedGroup& x : out)
    if (!merged.empty() && merged.back().group == x.group && merged.back().cls == x.cls)
      merged.back().persons += x.persons;
    else
      merged.push_back(x);
  return merged;
}

void Exposure::report(double t, SimResults& r) const {
  // What was counted plus the current snapshot held since it was taken.
  std::unordered_map<std::uint32_t, double> cells = cell_ph_;
  for (int k = 0; k < 5; ++k) r.exposed_person_s_by_class[k] = class_ps_[k];
  for (std::size_t u = 0; u < r.units.size(); ++u) r.units[u].exposed_person_s = unit_ps_[u];
  const double dt = t - snap_t_;
  if (dt > 0.0)
    for (const Entry& x : snap_) {
      cells[x.cell] += x.persons * dt / 3600.0;
      r.exposed_person_s_by_class[x.cls] += x.persons * dt;
      if (x.unit >= 0) r.units[static_cast<std::size_t>(x.unit)].exposed_person_s += x.persons * dt;
    }
  r.exposure_cells_person_h.assign(cells.begin(), cells.end());
  std::sort(r.exposure_cells_person_h.begin(), r.exposure_cells_person_h.end());
}

}  // namespace floodevac::evac::detail
