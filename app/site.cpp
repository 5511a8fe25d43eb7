#include "app/site.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <array>
#include <map>
#include <numeric>
#include <nlohmann/json.hpp>
#include <regex>

#include "app/atomic_file.hpp"
#include "app/evac_inputs.hpp"
#include "app/inputs.hpp"
#include "app/run.hpp"
#include "app/warnings.hpp"
#include "gis/raster/raster_io.hpp"
#include "gis/vector/geojson_out.hpp"
#include "gis/vector/siting_candidates.hpp"
#include "gis/vector/snapping.hpp"
#include "sim/core/error.hpp"
#include "sim/evac/coupling.hpp"
#include "sim/graph/routing.hpp"
#include "sim/siting/assignment.hpp"
#include "sim/siting/flooded_times.hpp"
#include "sim/siting/transfer_routes.hpp"

namespace floodevac::app {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

json read_json(const fs::path& p) {
  std::ifstream in(p);
  if (!in) throw InputError(p.string() + ": cannot be read. Give a finished run folder (--run) or leave --run out");
  try {
    return json::parse(in);
  } catch (const json::exception& e) {
    throw InputError(p.string() + ": not JSON (" + e.what() + ")");
  }
}

void write_text(const fs::path& p, const std::string& text) {
  std::ofstream out(p.string() + ".partial", std::ios::binary);
  out << text;
  out.close();
  if (!out) throw OutputError(p.string() + ": cannot be written");
  fs::rename(p.string() + ".partial", p);
}

/// Depth snapshots of a run: (t_s, file) sorted by time.
std::vector<std::pair<double, fs::path>> depth_snapshots(const fs::path& run) {
  std::vector<std::pair<double, fs::path>> out;
  const std::regex re("depth_t([0-9]+)s\\.tif");
  if (!fs::exists(run / "flood")) return out;
  for (const auto& e : fs::directory_iterator(run / "flood")) {
    std::smatch m;
    const std::string name = e.path().filename().string();
    if (std::regex_match(name, m, re)) out.emplace_back(std::stod(m[1].str()), e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

double num_or(const json& j, const char* key, double dflt) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_number()) return dflt;
  return j[key].get<double>();
}

struct Demand {
  graph::NodeId node;
  std::int32_t zone;
  double persons;
  double x, y;
};

std::string fmt_time(double s) {
  if (!std::isfinite(s)) return "never";
  return fmt::format("{:.0f} min", s / 60.0);
}

}  // namespace

SiteSummary site_shelters(const SiteOptions& o) {
  const Logger& log = o.logger;
  auto sc = load_scenario(o.scenario_file, o.overrides);
  if (!sc.evac || !sc.with_flood)
    throw ConfigError(o.scenario_file.string() + ": site needs a scenario with a flood and an evacuation");
  if (o.k < 0) throw ConfigError("-k: the number of new sites must be >= 0");
  fs::create_directories(o.out_dir);

  // 1. The scenario's flood: a finished run (given, or made here).
  fs::path before = o.before_run;
  if (before.empty()) {
    before = o.out_dir / "before";
    RunOptions ro;
    ro.out_dir = before;
    ro.threads = o.threads;
    ro.overrides = o.overrides;
    ro.logger = o.logger;
    ro.progress = o.progress;
    ro.cancelled = o.cancelled;
    ro.overwrite = true;
    log.info("site: running the scenario as it is into " + before.string());
    run_scenario(sc, ro);
  }
  const json manifest = read_json(before / "manifest.json");
  if (manifest.value("status", std::string()) != "complete")
    throw InputError((before / "manifest.json").string() + ": the run is not complete. Run it again or leave --run out");
  const json before_summary = read_json(before / "summary.json");

  // 2. The network, shelters and people, as the run read them.
  const auto fin = read_flood_inputs(sc, log, o.progress);
  RunWarnings warnings(log);
  const auto ev = read_evac_inputs(sc, fin.dem, log, warnings, o.progress);
  const auto& g = ev.graph;
  const std::string crs = fin.dem.crs_wkt;

  // 3. Travel times as flooded.
  const Grid<float> max_depth = gis::read_raster(before / "flood" / "max_depth.tif");
  const evac::LinkSampler sampler(g, max_depth.geo, max_depth.rows, max_depth.cols);
  const auto snaps = depth_snapshots(before);
  double from = o.window_from_s, to = o.window_to_s;
  if (o.at_s >= 0) {
    from = to = o.at_s;
  } else {
    if (from < 0) from = 0;
    if (to < 0) to = sc.timeline ? std::min(ev.clock.landfall_s, sc.duration_s) : sc.duration_s;
  }
  std::vector<Grid<float>> grids;
  std::vector<double> used_t;
  if (o.at_s >= 0) {  // the last snapshot at or before the time
    for (auto it = snaps.rbegin(); it != snaps.rend(); ++it)
      if (it->first <= o.at_s + 1e-6) {
        grids.push_back(gis::read_raster(it->second));
        used_t.push_back(it->first);
        break;
      }
  } else {
    for (const auto& [t, p] : snaps)
      if (t >= from - 1e-6 && t <= to + 1e-6) {
        grids.push_back(gis::read_raster(p));
        used_t.push_back(t);
      }
  }
  std::vector<const float*> ptrs;
  for (const auto& gr : grids) {
    if (gr.rows != max_depth.rows || gr.cols != max_depth.cols)
      throw InputError(before.string() + ": depth snapshots and max_depth.tif differ in size");
    ptrs.push_back(gr.data.data());
  }
  if (ptrs.empty())
    log.warn("site: no depth snapshot in the window; travel times are the free-flow ones");
  const auto edge_depth = ptrs.empty() ? std::vector<float>(g.edge_count(), 0.0f) : siting::worst_edge_depths(sampler, ptrs);
  const auto edge_time = siting::flooded_edge_times(g, edge_depth, o.close_depth_m);
  std::size_t closed = 0;
  for (double t : edge_time) closed += std::isinf(t) ? 1 : 0;
  const std::string window_text =
      o.at_s >= 0 ? fmt::format("as flooded at {:.0f} s (snapshot {:.0f} s)", o.at_s, used_t.empty() ? 0.0 : used_t[0])
                  : fmt::format("the worst over {:.0f}-{:.0f} s ({} depth snapshots)", from, to, used_t.size());
  log.info(fmt::format("site: travel times {}: {} of {} links closed to cars", window_text, closed, g.edge_count()));

  // 4. Candidates: snapped, and excluded where the run's max depth is above the threshold.
  auto cands = gis::read_siting_candidates(o.candidates, crs);
  const gis::NodeSnapIndex snap(g);
  std::vector<double> cand_depth(cands.size(), 0.0);
  std::vector<std::string> cand_status(cands.size(), "candidate");
  std::size_t flooded = 0, unsnapped = 0;
  for (std::size_t c = 0; c < cands.size(); ++c) {
    auto& s = cands[c].site;
    const auto col = max_depth.geo.col_of(s.x), row = max_depth.geo.row_of(s.y);
    double d = 0;
    if (max_depth.inside(row, col)) {
      const float v = max_depth.data[max_depth.idx(row, col)];
      d = std::isfinite(v) ? v : 0.0;
    }
    cand_depth[c] = d;
    const auto hit = snap.nearest(s.x, s.y, o.max_snap_m);
    s.node = hit.node;
    s.snap_distance_m = hit.distance_m;
    if (d > o.max_site_depth_m) {
      cand_status[c] = "flooded";
      ++flooded;
    } else if (hit.node == graph::kInvalid) {
      cand_status[c] = "unsnapped";
      ++unsnapped;
    }
  }
  log.info(fmt::format("site: {} candidates, {} excluded as flooded (max depth > {} m), {} farther than {} m from a road",
                       cands.size(), flooded, o.max_site_depth_m, unsnapped, o.max_snap_m));

  // 5. Sites: the existing shelters, then the usable candidates.
  std::vector<evac::Shelter> sites = ev.shelters;
  std::vector<std::int64_t> site_cand(sites.size(), -1);
  for (std::size_t c = 0; c < cands.size(); ++c)
    if (cand_status[c] == "candidate") {
      sites.push_back(cands[c].site);
      site_cand.push_back(static_cast<std::int64_t>(c));
    }
  const std::size_t n_exist = ev.shelters.size();

  // 6. Demand: the people the scenario transfers to shelters, by origin node and zone.
  std::map<std::pair<graph::NodeId, std::int32_t>, double> agg;
  for (std::size_t i = 0; i < ev.trips.size(); ++i) {
    const auto& t = ev.trips[i];
    std::int32_t zone = -1;
    if (ev.plan) {
      const auto& tag = ev.plan->tags[i];
      if (tag.leg != policy::LegKind::transfer && tag.leg != policy::LegKind::leave_island) continue;
      zone = tag.zone;
    } else if (t.dest_node != graph::kInvalid) {
      continue;
    }
    if (t.origin == graph::kInvalid || t.from_shelter >= 0) continue;
    agg[{t.origin, zone}] += t.persons;
  }
  std::vector<Demand> dem;
  for (const auto& [key, p] : agg)
    if (std::llround(p) > 0) dem.push_back({key.first, key.second, p, g.node_x[key.first], g.node_y[key.first]});

  // 7. Travel time from every demand node to every site (one backward tree per site).
  graph::Router router(g);
  graph::ShortestPathTree tree;
  std::vector<std::vector<double>> to_site(sites.size());
  for (std::size_t j = 0; j < sites.size(); ++j) {
    if (sites[j].node == graph::kInvalid) continue;
    router.tree_to(edge_time, sites[j].node, tree);
    to_site[j].resize(dem.size());
    for (std::size_t i = 0; i < dem.size(); ++i) to_site[j][i] = tree.time_s[dem[i].node];
  }
  siting::SitingProblem p;
  p.objective = o.objective;
  p.cover_time_s = o.cover_time_s;
  p.k = o.k;
  p.budget = o.budget;
  for (const auto& d : dem) p.demand.push_back(std::llround(d.persons));
  for (std::size_t j = 0; j < sites.size(); ++j) {
    p.capacity.push_back(sites[j].capacity_persons);
    p.existing.push_back(j < n_exist ? 1 : 0);
    p.open_cost.push_back(j < n_exist ? 0.0 : cands[static_cast<std::size_t>(site_cand[j])].cost);
  }
  p.first_arc.push_back(0);
  for (std::size_t i = 0; i < dem.size(); ++i) {
    for (std::size_t j = 0; j < sites.size(); ++j)
      if (!to_site[j].empty() && std::isfinite(to_site[j][i])) {
        p.arc_site.push_back(static_cast<std::uint32_t>(j));
        p.arc_time_s.push_back(to_site[j][i]);
      }
    p.first_arc.push_back(static_cast<std::uint32_t>(p.arc_site.size()));
  }
  log.info(fmt::format("site: {} demand points ({} persons), {} sites ({} existing), {} arcs", dem.size(),
                       p.total_demand(), sites.size(), n_exist, p.arc_count()));

  // 8. Before (existing only) and after.
  siting::SitingProblem p0 = p;
  p0.k = 0;
  const auto before_sol = siting::solve_siting(p0, o.solve);
  const auto res = siting::solve_siting(p, o.solve);
  const auto& sol = res.solution;

  // 9. Outputs.
  // sites.geojson: every open site with its load and catchment.
  {
    std::vector<evac::Shelter> open_sites;
    std::vector<std::string> status, cid, kind;
    std::vector<std::int64_t> load, points;
    std::vector<double> mean_t, max_t, cost, person_h;
    for (std::size_t j = 0; j < sites.size(); ++j) {
      if (!sol.open[j]) continue;
      open_sites.push_back(sites[j]);
      status.push_back(j < n_exist ? "existing" : "new");
      cid.push_back(j < n_exist ? "" : cands[static_cast<std::size_t>(site_cand[j])].site.id);
      kind.push_back(j < n_exist ? "" : cands[static_cast<std::size_t>(site_cand[j])].kind);
      cost.push_back(p.open_cost[j]);
      double pt = 0, mx = 0;
      std::int64_t np = 0;
      for (std::size_t i = 0; i < dem.size(); ++i)
        for (auto a = p.first_arc[i]; a < p.first_arc[i + 1]; ++a)
          if (p.arc_site[a] == j && sol.flow[a] > 0) {
            pt += static_cast<double>(sol.flow[a]) * p.arc_time_s[a];
            mx = std::max(mx, p.arc_time_s[a]);
            ++np;
          }
      load.push_back(sol.load[j]);
      points.push_back(np);
      mean_t.push_back(sol.load[j] > 0 ? pt / static_cast<double>(sol.load[j]) : 0.0);
      max_t.push_back(mx);
      person_h.push_back(pt / 3600.0);
    }
    gis::write_shelters_geojson(o.out_dir / "sites.geojson", open_sites, crs,
                                {{"status", status}, {"candidate", cid}, {"kind", kind}, {"cost", cost},
                                 {"load_persons", load}, {"catchment_points", points},
                                 {"mean_time_s", mean_t}, {"max_time_s", max_t}, {"person_hours", person_h}});
  }
  // catchments.geojson: a line from each demand point to each site it sends people to.
  {
    gis::FeatureWriter w(o.out_dir / "catchments.geojson", "catchments", crs, gis::GeomKind::line,
                         {{"site", gis::FieldKind::string},
                          {"site_status", gis::FieldKind::string},
                          {"zone", gis::FieldKind::string},
                          {"node", gis::FieldKind::integer},
                          {"persons", gis::FieldKind::integer},
                          {"time_s", gis::FieldKind::real}});
    for (std::size_t i = 0; i < dem.size(); ++i)
      for (auto a = p.first_arc[i]; a < p.first_arc[i + 1]; ++a) {
        if (sol.flow[a] <= 0) continue;
        const auto& s = sites[p.arc_site[a]];
        const double xs[2] = {dem[i].x, s.x}, ys[2] = {dem[i].y, s.y};
        w.add_line(xs, ys,
                   {s.id, std::string(p.arc_site[a] < n_exist ? "existing" : "new"),
                    dem[i].zone >= 0 ? ev.zone_ids[static_cast<std::size_t>(dem[i].zone)] : std::string(),
                    static_cast<std::int64_t>(dem[i].node), sol.flow[a], p.arc_time_s[a]});
      }
    w.close();
  }
  // candidates.geojson: every candidate, its status and the run's max depth there.
  {
    std::vector<evac::Shelter> cs;
    std::vector<std::string> st;
    std::vector<double> depth, cost;
    std::vector<std::int64_t> load;
    std::map<std::int64_t, std::size_t> site_of_cand;
    for (std::size_t j = n_exist; j < sites.size(); ++j) site_of_cand[site_cand[j]] = j;
    for (std::size_t c = 0; c < cands.size(); ++c) {
      cs.push_back(cands[c].site);
      std::string s = cand_status[c];
      std::int64_t l = 0;
      if (auto it = site_of_cand.find(static_cast<std::int64_t>(c)); it != site_of_cand.end() && sol.open[it->second]) {
        s = "chosen";
        l = sol.load[it->second];
      }
      st.push_back(s);
      depth.push_back(cand_depth[c]);
      cost.push_back(cands[c].cost);
      load.push_back(l);
    }
    gis::write_shelters_geojson(o.out_dir / "candidates.geojson", cs, crs,
                                {{"status", st}, {"max_depth_m", depth}, {"cost", cost}, {"load_persons", load}});
  }
  // objective.csv: before / after.
  auto row = [&](const char* name, const siting::SolveResult& r) {
    const auto& s = r.solution;
    const double placed = static_cast<double>(p.total_demand() - s.unassigned_persons);
    return fmt::format("{},{},{:.6g},{:.6g},{:.6g},{:.4g},{},{},{:.1f},{:.1f},{},{:.4g},{},{:.3f}\n", name,
                       siting::objective_name(o.objective), r.objective, r.lower_bound, r.gap * 100.0,
                       s.person_time_s / 3600.0, p.total_demand(), s.unassigned_persons,
                       placed > 0 ? s.person_time_s / placed : 0.0, s.max_time_s, s.opened, s.open_cost,
                       r.method, r.seconds);
  };
  write_text(o.out_dir / "objective.csv",
             "case,objective,value,lower_bound,gap_pct,person_hours,persons,unassigned,mean_time_s,max_time_s,"
             "new_sites,cost,method,seconds\n" +
                 row("before", before_sol) + row("after", res));
  // unassigned_by_zone.csv
  {
    std::map<std::string, std::array<std::int64_t, 3>> z;  // persons, unassigned before, after
    for (std::size_t i = 0; i < dem.size(); ++i) {
      const std::string id = dem[i].zone >= 0 ? ev.zone_ids[static_cast<std::size_t>(dem[i].zone)] : "-";
      auto& r = z[id];
      r[0] += p.demand[i];
      r[1] += before_sol.solution.unassigned[i];
      r[2] += sol.unassigned[i];
    }
    std::string t = "zone,persons,unassigned_before,unassigned_after\n";
    for (const auto& [id, r] : z) t += fmt::format("{},{},{},{}\n", id, r[0], r[1], r[2]);
    write_text(o.out_dir / "unassigned_by_zone.csv", t);
  }

  // 10. Transfer routes between the shelters (existing and new), under the run's closures.
  std::vector<double> close(g.edge_count(), kInf);
  {
    const json links = read_json(before / "evac" / "road_links.geojson");
    for (const auto& f : links["features"]) {
      const auto& pr = f["properties"];
      if (!pr.contains("edge") || !pr["edge"].is_number_integer()) continue;
      const auto e = pr["edge"].get<std::int64_t>();
      if (e >= 0 && e < static_cast<std::int64_t>(g.edge_count()) && pr.contains("closed_s") && pr["closed_s"].is_number())
        close[static_cast<std::size_t>(e)] = pr["closed_s"].get<double>();
    }
  }
  std::vector<double> full(sites.size(), kInf);
  {
    const json sh = read_json(before / "evac" / "shelters.geojson");
    std::map<std::string, double> by_id;
    for (const auto& f : sh["features"]) {
      const auto& pr = f["properties"];
      if (pr.contains("time_full_s") && pr["time_full_s"].is_number() && pr.contains("id"))
        by_id[pr["id"].is_string() ? pr["id"].get<std::string>() : pr["id"].dump()] = pr["time_full_s"].get<double>();
    }
    for (std::size_t j = 0; j < n_exist; ++j)
      if (auto it = by_id.find(sites[j].id); it != by_id.end()) full[j] = it->second;
  }
  std::vector<graph::NodeId> open_nodes;
  std::vector<std::size_t> open_idx;
  std::vector<double> open_full;
  for (std::size_t j = 0; j < sites.size(); ++j)
    if (sol.open[j]) {
      open_nodes.push_back(sites[j].node);
      open_idx.push_back(j);
      open_full.push_back(full[j]);
    }
  const auto tr = siting::transfer_routes(g, open_nodes, close, open_full, o.backups);
  std::size_t cut_off = 0;
  std::string cut_list;
  {
    gis::FeatureWriter w(o.out_dir / "transfer_routes.geojson", "transfer_routes", crs, gis::GeomKind::line,
                         {{"from", gis::FieldKind::string},
                          {"to", gis::FieldKind::string},
                          {"rank", gis::FieldKind::integer},
                          {"length_m", gis::FieldKind::real},
                          {"free_time_s", gis::FieldKind::real},
                          {"open_from_s", gis::FieldKind::real},
                          {"open_until_s", gis::FieldKind::real},
                          {"from_full_s", gis::FieldKind::real},
                          {"from_cut_off", gis::FieldKind::integer}});
    for (std::size_t s = 0; s < tr.size(); ++s) {
      if (tr[s].cut_off) {
        ++cut_off;
        cut_list += (cut_list.empty() ? "" : ", ") + sites[open_idx[s]].id;
      }
      std::int64_t rank = 0;
      for (const auto& r : tr[s].backups) {
        std::vector<double> xs, ys;
        for (auto e : r.edges)
          for (auto q = g.geom_first[e]; q < g.geom_first[e + 1]; ++q) {
            if (!xs.empty() && xs.back() == g.geom_x[q] && ys.back() == g.geom_y[q]) continue;
            xs.push_back(g.geom_x[q]);
            ys.push_back(g.geom_y[q]);
          }
        if (xs.size() < 2) {
          xs = {sites[open_idx[s]].x, sites[open_idx[r.to]].x};
          ys = {sites[open_idx[s]].y, sites[open_idx[r.to]].y};
        }
        w.add_line(xs, ys,
                   {sites[open_idx[s]].id, sites[open_idx[r.to]].id, ++rank, r.length_m, r.free_time_s, 0.0,
                    std::isfinite(r.open_until_s) ? gis::FieldValue(r.open_until_s) : gis::FieldValue(),
                    std::isfinite(tr[s].full_s) ? gis::FieldValue(tr[s].full_s) : gis::FieldValue(),
                    static_cast<std::int64_t>(tr[s].cut_off ? 1 : 0)});
      }
    }
    w.close();
  }

  // 11. Re-simulation with the new sites as shelters and the assignment as the villages' plan.
  std::string resim_text;
  if (o.resimulate && sol.opened > 0) {
    std::vector<evac::Shelter> all;
    for (std::size_t j = 0; j < sites.size(); ++j)
      if (sol.open[j]) all.push_back(sites[j]);
    const fs::path shelters_file = fs::absolute(o.out_dir / "shelters_with_sites.geojson");
    gis::write_shelters_geojson(shelters_file, all, crs);
    std::vector<std::string> ov = o.overrides;
    ov.push_back("evacuation.shelters.file=" + shelters_file.string());
    ov.push_back("evacuation.shelters.capacity_field=capacity");
    if (sc.timeline && (sc.timeline->villages.extension() == ".geojson" || sc.timeline->villages.extension() == ".json")) {
      // 一村一策 from the assignment: each village's plan lists the sites its people were assigned
      // to (most persons first), reserving the persons assigned.
      std::map<std::string, std::map<std::size_t, std::int64_t>> plan;
      for (std::size_t i = 0; i < dem.size(); ++i) {
        if (dem[i].zone < 0) continue;
        for (auto a = p.first_arc[i]; a < p.first_arc[i + 1]; ++a)
          if (sol.flow[a] > 0) plan[ev.zone_ids[static_cast<std::size_t>(dem[i].zone)]][p.arc_site[a]] += sol.flow[a];
      }
      json vj = read_json(sc.timeline->villages);
      for (auto& f : vj["features"]) {
        auto& pr = f["properties"];
        const std::string id = pr.contains("id") && pr["id"].is_string() ? pr["id"].get<std::string>() : "";
        const auto it = plan.find(id);
        if (it == plan.end()) continue;
        std::vector<std::pair<std::int64_t, std::size_t>> v;
        std::int64_t total = 0;
        for (const auto& [j, n] : it->second) {
          v.emplace_back(-n, j);
          total += n;
        }
        std::sort(v.begin(), v.end());
        std::string ids;
        for (const auto& [n, j] : v) ids += (ids.empty() ? "" : ";") + sites[j].id;
        pr["shelters"] = ids;
        pr["plan_places"] = total;
      }
      const fs::path vf = fs::absolute(o.out_dir / "villages_plan.geojson");
      write_text(vf, vj.dump(1));
      ov.push_back("timeline.villages.file=" + vf.string());
    }
    auto sc2 = load_scenario(o.scenario_file, ov);
    RunOptions ro;
    ro.out_dir = o.out_dir / "after";
    ro.threads = o.threads;
    ro.overrides = ov;
    ro.logger = o.logger;
    ro.progress = o.progress;
    ro.cancelled = o.cancelled;
    ro.overwrite = true;
    log.info("site: re-simulating with the new sites into " + ro.out_dir.string());
    run_scenario(sc2, ro);
    const json after_summary = read_json(ro.out_dir / "summary.json");
    const json& eb = before_summary["evacuation"];
    const json& ea = after_summary["evacuation"];
    std::string csv = "metric,before,after\n";
    resim_text = "re-simulation (before -> after):\n";
    for (const char* key : {"exposed_person_h", "exposed_peak_persons", "sheltered", "stranded", "trapped", "home",
                            "moving", "shelters_full", "transfers", "t50_s", "t90_s", "clearance_s",
                            "persons_on_links_at_closure"}) {
      // Residues of summed person counts (|v| < 1e-6) read 0; a time never reached reads "-".
      auto shown = [](double v) {
        if (!std::isfinite(v)) return std::string("-");
        return fmt::format("{:.6g}", std::abs(v) < 1e-6 ? 0.0 : v);
      };
      const double b = num_or(eb, key, NAN), a = num_or(ea, key, NAN);
      csv += fmt::format("{},{},{}\n", key, std::isfinite(b) ? shown(b) : "", std::isfinite(a) ? shown(a) : "");
      resim_text += fmt::format("  {:<28} {:>12} -> {}\n", key, shown(b), shown(a));
    }
    write_text(o.out_dir / "resimulation.csv", csv);
  }

  SiteSummary out;
  out.result = res;
  std::string t;
  t += fmt::format("site: objective {}{}, travel times {}\n", siting::objective_name(o.objective),
                   o.objective == siting::Objective::coverage ? fmt::format(" (within {:.0f} s)", o.cover_time_s) : "",
                   window_text);
  t += fmt::format("  demand: {} persons at {} points; {} existing shelters ({} places); {} candidates, {} flooded, "
                   "{} unsnapped\n",
                   p.total_demand(), dem.size(), n_exist,
                   std::accumulate(p.capacity.begin(), p.capacity.begin() + static_cast<std::ptrdiff_t>(n_exist), std::int64_t{0}),
                   cands.size(), flooded, unsnapped);
  auto line = [&](const char* name, const siting::SolveResult& r) {
    const auto& s = r.solution;
    return fmt::format("  {:<6}: objective {:.6g}, bound {:.6g}, gap {:.3f} % ({}, {:.1f} s); {} new sites (cost {:.3g}); "
                       "person-hours {:.0f}, unassigned {}, max time {}\n",
                       name, r.objective, r.lower_bound, r.gap * 100.0, r.method, r.seconds, s.opened, s.open_cost,
                       s.person_time_s / 3600.0, s.unassigned_persons, fmt_time(s.max_time_s));
  };
  t += line("before", before_sol);
  t += line("after", res);
  std::string chosen;
  for (std::size_t j = n_exist; j < sites.size(); ++j)
    if (sol.open[j]) chosen += fmt::format("{}{} ({} places, load {})", chosen.empty() ? "" : ", ", sites[j].id, sites[j].capacity_persons, sol.load[j]);
  t += "  chosen: " + (chosen.empty() ? std::string("none") : chosen) + "\n";
  t += fmt::format("  transfer routes: {} shelters, {} cut off (every route closes before they fill){}\n", tr.size(),
                   cut_off, cut_list.empty() ? "" : ": " + cut_list);
  t += resim_text;
  t += "outputs in " + fs::absolute(o.out_dir).string() + "\n";
  write_text(o.out_dir / "site_summary.txt", t);
  out.text = t;
  return out;
}

}  // namespace floodevac::app
