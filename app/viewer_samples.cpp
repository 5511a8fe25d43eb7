#include "app/viewer_samples.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "gis/crs.hpp"

namespace floodevac::app {

namespace {

using evac::AgentState;

bool final_state(AgentState s) {
  return s == AgentState::sheltered || s == AgentState::trapped || s == AgentState::arrived;
}

const char* state_name(AgentState s) {
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
  return "unknown";
}

/// One point of a path: position (source CRS) and time.
struct PathPoint {
  double x, y, t;
};

void add_point(std::vector<PathPoint>& path, double x, double y, double t) {
  if (!path.empty()) {
    t = std::max(t, path.back().t);  // times never go back
    if (path.back().x == x && path.back().y == y && path.back().t == t) return;
  }
  path.push_back({x, y, t});
}

/// Along edge e from t0 (at its tail) to t1 (at its head), by length.
void add_edge(std::vector<PathPoint>& path, const graph::RoadGraph& g, std::uint32_t e, double t0,
              double t1) {
  const std::uint32_t a = g.geom_first[e], b = g.geom_first[e + 1];
  if (b <= a) return;
  double total = 0;
  for (std::uint32_t k = a + 1; k < b; ++k)
    total += std::hypot(g.geom_x[k] - g.geom_x[k - 1], g.geom_y[k] - g.geom_y[k - 1]);
  double run = 0;
  for (std::uint32_t k = a; k < b; ++k) {
    if (k > a) run += std::hypot(g.geom_x[k] - g.geom_x[k - 1], g.geom_y[k] - g.geom_y[k - 1]);
    const double f = total > 0 ? run / total : (k + 1 == b ? 1.0 : 0.0);
    add_point(path, g.geom_x[k], g.geom_y[k], t0 + f * (t1 - t0));
  }
}

}  // namespace

ViewerSamples::ViewerSamples(const evac::QueueSim& sim, std::uint32_t max_trips,
                             double link_interval_s)
    : next_observe_s_(sim.time_s()),
      link_interval_s_(link_interval_s),
      next_links_s_(sim.time_s()) {
  const std::uint32_t n = sim.agent_count();
  const std::uint32_t cap = std::max<std::uint32_t>(1, max_trips);
  const std::uint32_t every = std::max<std::uint32_t>(1, (n + cap - 1) / cap);
  for (std::uint32_t trip = 0; trip < n && trips_.size() < cap; trip += every) {
    const auto v = sim.agent(trip);
    trips_.push_back(Followed{trip, v.group, v.persons, false, {}});
  }
}

void ViewerSamples::observe(const evac::QueueSim& sim, const graph::RoadGraph& g) {
  const double t = sim.time_s();
  if (t >= next_observe_s_ - 1e-9) {
    next_observe_s_ = t + kObserveS;
    for (Followed& f : trips_) {
      if (f.done) continue;
      const auto v = sim.agent(f.trip);
      if (v.state == AgentState::home && f.events.empty()) continue;  // not left yet
      const Event ev{t, v.exit_s, v.edge, v.node, static_cast<std::uint8_t>(v.state)};
      if (!f.events.empty()) {
        const Event& last = f.events.back();
        if (last.edge == ev.edge && last.node == ev.node && last.state == ev.state) continue;
      }
      if (v.state == AgentState::moving || f.events.empty()) f.persons = std::max(f.persons, v.persons);
      f.events.push_back(ev);
      if (final_state(v.state)) f.done = true;
    }
  }
  if (t >= next_links_s_ - 1e-9) {
    next_links_s_ = t + link_interval_s_;
    // Only the links whose state changed since the last sample (all non-plain ones at the
    // first): a flooded link stays closed for hours and is written once.
    if (last_state_.empty()) last_state_.assign(g.edge_count(), LinkRow{0, 1.0f, 0, 0, 0});
    std::vector<LinkRow> rows;
    for (std::uint32_t e = 0; e < g.edge_count(); ++e) {
      const double sf = sim.car_speed_factor(e);
      const LinkRow r{e, static_cast<float>(std::round(std::clamp(sf, 0.0, 1.0) * 100) / 100),
                      static_cast<std::uint8_t>(sim.walk_closed(e) ? 1 : 0), sim.vehicles_on_edge(e),
                      sim.walkers_on_edge(e)};
      LinkRow& last = last_state_[e];
      if (r.speed_factor == last.speed_factor && r.walk_closed == last.walk_closed &&
          r.vehicles == last.vehicles && r.walkers == last.walkers)
        continue;
      last = r;
      rows.push_back(r);
    }
    link_times_.push_back(t);
    link_rows_.push_back(std::move(rows));
  }
}

void ViewerSamples::write(OutputSet& out, const graph::RoadGraph& g, const std::string& crs_wkt,
                          const std::vector<std::string>& group_names) const {
  gis::CoordTransform to_lonlat(crs_wkt, "EPSG:4326");
  nlohmann::json trips = nlohmann::json::array();
  std::size_t points = 0;
  for (const Followed& f : trips_) {
    std::vector<PathPoint> path;
    const auto node_point = [&](std::uint32_t n, double t) {
      if (n < g.node_count()) add_point(path, g.node_x[n], g.node_y[n], t);
    };
    for (std::size_t i = 0; i < f.events.size(); ++i) {
      const Event& ev = f.events[i];
      const bool has_next = i + 1 < f.events.size();
      const double t_next = has_next ? f.events[i + 1].t_s : ev.t_s;
      if (ev.edge != graph::kInvalid && ev.edge < g.edge_count()) {
        // Along the edge until its exit time (or the next observation), then at its end.
        const double t_end = has_next ? std::clamp(ev.exit_s, ev.t_s, t_next) : ev.t_s;
        add_edge(path, g, ev.edge, ev.t_s, t_end);
        if (has_next) {
          const auto& h = g.head[ev.edge];
          node_point(h, t_next);
        }
      } else if (ev.node != graph::kInvalid) {
        node_point(ev.node, ev.t_s);
        if (has_next) node_point(ev.node, t_next);
      }
    }
    if (path.size() < 2) continue;
    std::vector<double> xs, ys;
    for (const auto& p : path) xs.push_back(p.x), ys.push_back(p.y);
    to_lonlat.transform(xs, ys);
    nlohmann::json coords = nlohmann::json::array(), times = nlohmann::json::array();
    for (std::size_t k = 0; k < path.size(); ++k) {
      coords.push_back({std::round(xs[k] * 1e6) / 1e6, std::round(ys[k] * 1e6) / 1e6});
      times.push_back(std::round(path[k].t));
    }
    points += path.size();
    const Event& last = f.events.back();
    const auto end_state = static_cast<AgentState>(last.state);
    trips.push_back({{"trip", f.trip},
                     {"group", f.group < group_names.size() ? group_names[f.group] : "resident"},
                     {"persons", std::round(f.persons * 10) / 10},
                     {"end_state", state_name(end_state)},
                     {"end_s", final_state(end_state) ? nlohmann::json(last.t_s) : nlohmann::json()},
                     {"path", std::move(coords)},
                     {"t", std::move(times)}});
  }
  const nlohmann::json doc{{"observe_s", kObserveS},
                           {"trips_sampled", trips_.size()},
                           {"trips_with_path", trips.size()},
                           {"points", points},
                           {"trips", std::move(trips)}};
  out.text("evac/trajectories.json", doc.dump() + "\n", "trajectories",
           "for the viewer (outputs.viewer): sampled trips' paths in lon/lat with the time (s) "
           "at every point",
           "");
  std::string csv = "t_s,edge,speed_factor,walk_closed,vehicles,walkers\n";
  for (std::size_t i = 0; i < link_times_.size(); ++i)
    for (const LinkRow& r : link_rows_[i])
      csv += fmt::format("{:.0f},{},{:.2f},{},{},{}\n", link_times_[i], r.edge, r.speed_factor,
                         int(r.walk_closed), r.vehicles, r.walkers);
  out.text("evac/link_states.csv", csv, "link_states",
           "for the viewer (outputs.viewer): every viewer_interval_s the links whose state changed "
           "since the last sample (at the first: those not open, dry and empty): vehicle speed "
           "share (0 closed), closed to walkers, vehicles and walking groups on the link",
           "");
}

}  // namespace floodevac::app
