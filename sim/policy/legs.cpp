#include "sim/policy/legs.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "sim/evac/demand.hpp"

namespace floodevac::policy::detail {
namespace {

std::vector<double> ferry_crossings(const graph::RoadGraph& g,
                                    const std::vector<evac::FerryService>& ferries) {
  std::vector<double> c(g.edge_count(), graph::kInfTime);
  for (const auto& f : ferries)
    if (f.edge < g.edge_count()) c[f.edge] = std::min(c[f.edge], f.crossing_s);
  return c;
}

// Largest-remainder split of `total` whole places over weights.
std::vector<double> split_places(double total, const std::vector<double>& weight) {
  std::vector<double> out(weight.size(), 0.0);
  const double w_sum = std::accumulate(weight.begin(), weight.end(), 0.0);
  if (!(w_sum > 0.0) || !(total > 0.0)) return out;
  std::vector<std::pair<double, std::size_t>> rem;
  double given = 0.0;
  for (std::size_t j = 0; j < weight.size(); ++j) {
    const double q = total * weight[j] / w_sum;
    out[j] = std::floor(q);
    given += out[j];
    rem.emplace_back(q - out[j], j);
  }
  std::stable_sort(rem.begin(), rem.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; k < rem.size() && given + 0.5 < total; ++k, given += 1.0)
    out[rem[k].second] += 1.0;
  return out;
}

}  // namespace

LegBuilder::LegBuilder(const TimelineInputs& in)
    : in_(in),
      g_(*in.graph),
      times_(free_flow_times(*in.graph, ferry_crossings(*in.graph, in.ferries))),
      router_(*in.graph),
      next_to_(in.graph->node_count()),
      mainland_shelter_(in.graph->node_count(), -1) {
  // The mainland: the land mass with the most nodes (the smallest label on ties).
  const std::vector<std::uint32_t> mass = land_masses(g_);
  std::vector<std::uint32_t> size;
  for (std::uint32_t m : mass) {
    if (m >= size.size()) size.resize(m + 1, 0);
    ++size[m];
  }
  std::uint32_t mainland = 0;
  for (std::uint32_t m = 1; m < size.size(); ++m)
    if (size[m] > size[mainland]) mainland = m;
  std::vector<graph::NodeId> targets;
  std::vector<std::int32_t> which;
  for (std::size_t s = 0; s < in.shelters.size(); ++s) {
    const graph::NodeId n = in.shelters[s].node;
    if (n != graph::kInvalid && n < g_.node_count() && mass[n] == mainland) {
      targets.push_back(n);
      which.push_back(static_cast<std::int32_t>(s));
    }
  }
  if (!targets.empty()) {
    router_.tree_to_nearest(times_, targets, scratch_);
    for (graph::NodeId u = 0; u < g_.node_count(); ++u)
      if (scratch_.reaches(u)) mainland_shelter_[u] = which[scratch_.target[u]];
  }
}

const std::vector<graph::EdgeId>& LegBuilder::tree_to(graph::NodeId target) {
  std::vector<graph::EdgeId>& t = next_to_[target];
  if (t.empty()) {
    router_.tree_to(times_, target, scratch_);
    t = scratch_.next_edge;
  }
  return t;
}

std::vector<graph::EdgeId> LegBuilder::route(graph::NodeId from, graph::NodeId to, bool& ok) {
  std::vector<graph::EdgeId> r;
  ok = true;
  if (from == to) return r;
  const std::vector<graph::EdgeId>& next = tree_to(to);
  graph::NodeId u = from;
  for (std::size_t k = 0; k <= next.size() && u != to; ++k) {
    const graph::EdgeId e = next[u];
    if (e == graph::kInvalid) break;
    r.push_back(e);
    u = g_.head[e];
  }
  if (u != to) {
    ok = false;
    r.clear();
  }
  return r;
}

std::int32_t LegBuilder::push(evac::Trip t, const LegOwner& who, LegKind kind, bool first) {
  const auto index = static_cast<std::int32_t>(trips_.size());
  // snprintf, not operator+: GCC 12 warns falsely (-Wrestrict) on string concatenation here.
  char id[80];
  const std::string_view kname = leg_kind_name(kind);
  std::snprintf(id, sizeof id, "g%u.%.*s.%d", static_cast<unsigned>(who.group),
                static_cast<int>(kname.size()), kname.data(), static_cast<int>(index));
  t.id = id;
  t.unit = who.unit;
  t.mode = who.mode;
  t.group = static_cast<std::uint16_t>(who.activity);
  trips_.push_back(std::move(t));
  TripTag tag;
  tag.order = who.order;
  tag.activity = who.activity;
  tag.zone = who.zone;
  tag.leg = kind;
  tag.place = who.place;
  tag.unit = who.unit;
  tag.hotel = who.hotel;
  tag.first_leg = first;
  tags_.push_back(tag);
  plan_zone_.push_back(-1);
  returnable_.push_back(0);
  home_.push_back(graph::kInvalid);
  return index;
}

LegBuilder::Made LegBuilder::to_node(LegKind kind, graph::NodeId from, graph::NodeId to,
                                     double depart_s, double persons, bool first,
                                     const LegOwner& who) {
  if (from == to) return {};
  evac::Trip t;
  t.depart_s = depart_s;
  t.origin = from;
  t.persons = static_cast<float>(persons);
  bool ok = false;
  t.route = route(from, to, ok);
  if (ok) {
    t.dest_node = to;
    return {push(std::move(t), who, kind, first), true};
  }
  ++unroutable_;  // no free-flow path: head for the nearest shelter with room instead
  return {push(std::move(t), who, kind, first), false};
}

std::int32_t LegBuilder::transfer(graph::NodeId from, std::int32_t plan_zone, double depart_s,
                                  double persons, bool first, bool returnable, graph::NodeId home,
                                  const LegOwner& who) {
  evac::Trip t;
  t.depart_s = depart_s;
  t.origin = from;
  t.persons = static_cast<float>(persons);
  const std::int32_t i = push(std::move(t), who, LegKind::transfer, first);
  plan_zone_[i] = plan_zone;
  returnable_[i] = returnable ? 1 : 0;
  home_[i] = home;
  return i;
}

std::int32_t LegBuilder::shelter_in_place(graph::NodeId at, std::int32_t shelter, double depart_s,
                                          double persons, const LegOwner& who) {
  evac::Trip t;
  t.depart_s = depart_s;
  t.origin = at;
  t.dest_shelter = shelter;
  t.persons = static_cast<float>(persons);
  return push(std::move(t), who, LegKind::shelter_in_place, true);
}

std::int32_t LegBuilder::leave_island(graph::NodeId from, double depart_s, double persons,
                                      bool first, const LegOwner& who) {
  evac::Trip t;
  t.depart_s = depart_s;
  t.origin = from;
  t.dest_shelter = mainland_shelter_[from];
  t.persons = static_cast<float>(persons);
  return push(std::move(t), who, LegKind::leave_island, first);
}

void LegBuilder::assign_shelters() {
  // Reserved places per (zone, plan entry).
  std::vector<std::vector<double>> reserve(in_.zones.size());
  for (std::size_t z = 0; z < in_.zones.size(); ++z) {
    const Zone& zone = in_.zones[z];
    std::vector<double> cap;
    for (std::int32_t s : zone.plan_shelters)
      cap.push_back(
          static_cast<double>(std::max<std::int64_t>(0, in_.shelters[s].capacity_persons)));
    const double total = zone.plan_places < 0 ? std::accumulate(cap.begin(), cap.end(), 0.0)
                                              : std::round(zone.plan_places);
    reserve[z] = split_places(total, cap);
  }
  std::vector<std::int32_t> legs;
  for (std::size_t i = 0; i < trips_.size(); ++i)
    if (plan_zone_[i] >= 0) legs.push_back(static_cast<std::int32_t>(i));
  std::stable_sort(legs.begin(), legs.end(), [&](std::int32_t a, std::int32_t b) {
    return trips_[a].depart_s < trips_[b].depart_s;
  });
  // Free-flow times to each shelter, lazily (one backward search per shelter).
  std::vector<std::vector<double>> time_to(in_.shelters.size());
  for (std::int32_t i : legs) {
    const Zone& zone = in_.zones[plan_zone_[i]];
    std::vector<double>& left = reserve[plan_zone_[i]];
    const double persons = trips_[i].persons;
    std::int32_t best = -1;
    double best_t = graph::kInfTime;
    for (std::size_t j = 0; j < zone.plan_shelters.size(); ++j) {
      if (left[j] + 1e-9 < persons) continue;
      const std::int32_t s = zone.plan_shelters[j];
      const graph::NodeId sn = in_.shelters[s].node;
      if (sn == graph::kInvalid) continue;
      if (time_to[s].empty()) {
        router_.tree_to(times_, sn, scratch_);
        time_to[s] = scratch_.time_s;
      }
      const double t = time_to[s][trips_[i].origin];
      if (t < best_t) {
        best_t = t;
        best = static_cast<std::int32_t>(j);
      }
    }
    if (best >= 0) {
      left[best] -= persons;
      trips_[i].dest_shelter = zone.plan_shelters[best];
    }
  }
}

void LegBuilder::add_returns(const ReturnRule& rule, const std::vector<Zone>& zones,
                             std::uint64_t seed, double duration_s) {
  const std::uint64_t stream = evac::splitmix64(seed ^ 0x72657475726eull);  // "return"
  const std::size_t n = trips_.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (!returnable_[i]) continue;
    const std::int32_t z = tags_[i].zone;
    if (z >= 0 && zones[z].enforcement) continue;
    if (!(evac::uniform_open01(stream, i, 0) < rule.share)) continue;
    const double depart = trips_[i].depart_s + rule.delay_s(evac::uniform_open01(stream, i, 1));
    if (depart > duration_s) continue;
    const std::int32_t s = trips_[i].dest_shelter;
    LegOwner who;
    who.order = tags_[i].order;
    who.activity = tags_[i].activity;
    who.zone = z;
    who.place = tags_[i].place;
    who.unit = tags_[i].unit;
    who.hotel = tags_[i].hotel;
    who.mode = trips_[i].mode;
    who.group = 0;
    evac::Trip t;
    t.depart_s = depart;
    t.persons = trips_[i].persons;
    t.dest_node = home_[i];
    if (s >= 0) {
      // From the planned shelter, with a free-flow route home.
      t.origin = in_.shelters[s].node;
      t.from_shelter = s;
      bool ok = false;
      t.route = route(t.origin, home_[i], ok);
      if (!ok || t.origin == home_[i]) {
        if (!ok) ++unroutable_;
        continue;
      }
    } else {
      // The queue model chooses the shelter: it routes the way home when the leg is
      // released there (origin is a placeholder; the leg starts where its persons are).
      t.origin = home_[i];
    }
    const std::int32_t r = push(std::move(t), who, LegKind::return_home, false);
    trips_[r].id.assign(trips_[i].id).append(".return");
    chain(static_cast<std::int32_t>(i), r);
  }
}

}  // namespace floodevac::policy::detail
