#include "gis/vector/road_topology.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "gis/vector/spatial_index.hpp"
#include "sim/core/error.hpp"
#include "sim/graph/components.hpp"

namespace floodevac::gis {

namespace detail {

namespace {

/// Two doubles' bit patterns (-0.0 folded onto 0.0): exact-position identity.
struct XYKey {
  std::uint64_t a = 0, b = 0;
  static XYKey of(double x, double y);
  bool operator==(const XYKey&) const = default;
};

XYKey XYKey::of(double x, double y) {
  if (x == 0.0) x = 0.0;  // fold -0.0
  if (y == 0.0) y = 0.0;
  XYKey k;
  std::memcpy(&k.a, &x, sizeof x);
  std::memcpy(&k.b, &y, sizeof y);
  return k;
}

/// Road nodes from the candidates (line ends and split vertices, in reading
/// order) by greedy leader clustering: a candidate joins the nearest node made
/// before it within tol (ties: the lower node id), else starts a new node at
/// its own position; tol 0 merges exact duplicates only.
struct MergedNodes {
  std::vector<graph::NodeId> of_candidate;
  std::vector<double> xs, ys;  // node positions (their leader's)
};

MergedNodes merge_nodes(const std::vector<double>& cx, const std::vector<double>& cy, double tol, RoadReport& rep) {
  const PointIndex index(cx, cy);
  std::vector<std::uint8_t> leader(cx.size(), 0);
  MergedNodes out;
  out.of_candidate.resize(cx.size());
  const double max_d = tol > 0 ? tol : 0.0;
  for (std::size_t k = 0; k < cx.size(); ++k) {
    const auto hit = index.nearest(cx[k], cy[k], max_d, [&](std::uint32_t id) { return leader[id] != 0; });
    if (hit.id != PointIndex::kNone) {
      const graph::NodeId node = out.of_candidate[hit.id];
      if (out.xs[node] != cx[k] || out.ys[node] != cy[k]) ++rep.nodes_merged;
      out.of_candidate[k] = node;
      continue;
    }
    if (out.xs.size() >= graph::kInvalid - 1) throw InputError("road network: more than 4 billion nodes");
    out.of_candidate[k] = static_cast<graph::NodeId>(out.xs.size());
    out.xs.push_back(cx[k]);
    out.ys.push_back(cy[k]);
    leader[k] = 1;
  }
  return out;
}

}  // namespace

graph::RoadGraph assemble_roads(std::vector<Polyline>& lines, double tol_m, RoadReport& rep,
                                const std::string& source) {
  // The node candidates: every line end and split vertex, in reading order.
  std::vector<double> cx, cy;
  auto is_candidate = [](const Polyline& L, std::size_t i) { return i == 0 || i == L.x.size() - 1 || L.split[i]; };
  for (const Polyline& L : lines)
    if (L.x.size() >= 2)
      for (std::size_t i = 0; i < L.x.size(); ++i)
        if (is_candidate(L, i)) {
          cx.push_back(L.x[i]);
          cy.push_back(L.y[i]);
        }
  MergedNodes nodes = merge_nodes(cx, cy, tol_m, rep);
  std::vector<graph::EdgeInput> edges;
  double total_m = 0;
  std::vector<double> gx, gy;
  std::size_t next = 0;  // candidate
  for (Polyline& L : lines) {
    const std::size_t n = L.x.size();
    if (n < 2) continue;
    std::size_t start = 0;
    graph::NodeId a = nodes.of_candidate[next++];
    for (std::size_t i = 1; i < n; ++i) {
      if (!is_candidate(L, i)) continue;
      const graph::NodeId b = nodes.of_candidate[next++];
      // Geometry from node a to node b through the interior vertices.
      gx.assign(1, nodes.xs[a]);
      gy.assign(1, nodes.ys[a]);
      auto push = [&](double x, double y) {
        if (x == gx.back() && y == gy.back()) return;
        gx.push_back(x);
        gy.push_back(y);
      };
      for (std::size_t k = start + 1; k < i; ++k) push(L.x[k], L.y[k]);
      push(nodes.xs[b], nodes.ys[b]);
      double len = 0;
      for (std::size_t k = 1; k < gx.size(); ++k) len += std::hypot(gx[k] - gx[k - 1], gy[k] - gy[k - 1]);
      if (gx.size() < 2 || !(len > 0) || (a == b && len <= tol_m)) {
        ++rep.pieces_dropped;
      } else {
        len *= L.length_scale;
        total_m += len;
        const RoadAttrs& at = L.attrs;
        // One directed edge; `reversed`: digitised head to tail.
        auto add_edge = [&](bool reversed) {
          graph::EdgeInput e;
          e.tail = reversed ? b : a;
          e.head = reversed ? a : b;
          e.length_m = static_cast<float>(len);
          e.free_speed_mps = reversed ? at.speed_bwd_mps : at.speed_fwd_mps;
          e.capacity_veh_h = reversed ? at.cap_bwd : at.cap_fwd;
          e.lanes = reversed ? at.lanes_bwd : at.lanes_fwd;
          e.road_class = static_cast<std::uint8_t>(at.cls);
          e.source_id = L.source_id;
          e.bridge = at.bridge;
          e.tunnel = at.tunnel;
          if (reversed) {
            e.geom_x.assign(gx.rbegin(), gx.rend());
            e.geom_y.assign(gy.rbegin(), gy.rend());
          } else {
            e.geom_x = gx;
            e.geom_y = gy;
          }
          edges.push_back(std::move(e));
        };
        if (at.forward) add_edge(false);
        if (at.backward) add_edge(true);
      }
      start = i;
      a = b;
    }
  }
  if (edges.empty()) {
    std::string why;
    for (const auto& [reason, count] : rep.skipped) why += "; " + reason + ": " + std::to_string(count);
    throw InputError(source + ": no road edges left (" + std::to_string(rep.features_read) + " features read, " +
                     std::to_string(rep.features_skipped) + " skipped" + why +
                     "). Check the layer, the highway values and include_walk_only");
  }
  if (edges.size() >= graph::kInvalid) throw InputError(source + ": more than 4 billion edges");
  graph::RoadGraph g = graph::build_graph(std::move(nodes.xs), std::move(nodes.ys), std::move(edges));
  rep.nodes = g.node_count();
  rep.edges = g.edge_count();
  rep.total_length_km = total_m / 1000.0;
  std::uint32_t ncomp = 0;
  const auto label = weak_components(g, &ncomp);
  std::vector<std::uint32_t> size(ncomp, 0);
  for (auto l : label) ++size[l];
  rep.components = ncomp;
  rep.largest_component_nodes = size.empty() ? 0 : *std::max_element(size.begin(), size.end());
  return g;
}


void check_merge_tolerance(const RoadReadOptions& opt, const std::string& what) {
  if (!(opt.merge_tolerance_m >= 0) || !std::isfinite(opt.merge_tolerance_m))
    throw ConfigError(what + ": merge_tolerance_m must be a finite number >= 0 (got " +
                      std::to_string(opt.merge_tolerance_m) + ")");
}

/// Marks interior vertices that are intersections (see road_topology.hpp):
/// a position that is some line's end, or where the lines through it have
/// more than two distinct neighbouring positions; or within tol of another
/// line's end.
void mark_intersections(std::vector<Polyline>& lines, double tol) {
  struct Occ {
    XYKey key, nb;   // the vertex and one neighbour (nb unused for ends)
    std::uint8_t end;  // 1: a line end occurrence
    std::uint32_t line, vertex;
  };
  auto less = [](const XYKey& p, const XYKey& q) { return p.a != q.a ? p.a < q.a : p.b < q.b; };
  std::vector<Occ> occ;
  std::size_t total = 0;
  for (const auto& L : lines) total += 2 * L.x.size();
  occ.reserve(total);
  for (std::uint32_t l = 0; l < lines.size(); ++l) {
    auto& L = lines[l];
    const auto n = static_cast<std::uint32_t>(L.x.size());
    L.split.assign(n, 0);
    L.split.front() = L.split.back() = 1;
    for (std::uint32_t i = 0; i < n; ++i) {
      const XYKey k = XYKey::of(L.x[i], L.y[i]);
      if (i == 0 || i + 1 == n) {
        occ.push_back({k, XYKey{}, 1, l, i});
        continue;
      }
      occ.push_back({k, XYKey::of(L.x[i - 1], L.y[i - 1]), 0, l, i});
      occ.push_back({k, XYKey::of(L.x[i + 1], L.y[i + 1]), 0, l, i});
    }
  }
  std::sort(occ.begin(), occ.end(), [&](const Occ& p, const Occ& q) {
    if (!(p.key == q.key)) return less(p.key, q.key);
    if (p.end != q.end) return p.end > q.end;
    return less(p.nb, q.nb);
  });
  for (std::size_t i = 0; i < occ.size();) {
    std::size_t j = i + 1;
    while (j < occ.size() && occ[j].key == occ[i].key) ++j;
    bool junction = occ[i].end != 0;  // ends sort first
    if (!junction) {
      std::size_t distinct = 0;
      for (std::size_t k = i; k < j && !junction; ++k)
        if (k == i || !(occ[k].nb == occ[k - 1].nb)) junction = ++distinct > 2;
    }
    if (junction)
      for (std::size_t k = i; k < j; ++k) lines[occ[k].line].split[occ[k].vertex] = 1;
    i = j;
  }
  if (!(tol > 0)) return;
  // Interior vertices within tol of another line's end split (T-junctions
  // digitised without a shared vertex). An end at the same place as one of
  // the line's own ends (the other direction of a two-line road) does not.
  std::vector<double> ex, ey;
  for (const auto& L : lines) {
    ex.insert(ex.end(), {L.x.front(), L.x.back()});
    ey.insert(ey.end(), {L.y.front(), L.y.back()});
  }
  const PointIndex ends(ex, ey);
  for (auto& L : lines) {
    auto foreign = [&](std::uint32_t id) {
      const double x = ex[id], y = ey[id];
      return !((x == L.x.front() && y == L.y.front()) || (x == L.x.back() && y == L.y.back()));
    };
    for (std::size_t i = 1; i + 1 < L.x.size(); ++i)
      if (!L.split[i] && ends.nearest(L.x[i], L.y[i], tol, foreign).id != PointIndex::kNone) L.split[i] = 1;
  }
}

}  // namespace detail

std::vector<std::uint32_t> weak_components(const graph::RoadGraph& g, std::uint32_t* count) {
  // The one labeller lives in sim/graph (same labels: components in order of their smallest node).
  graph::Components c = graph::weak_components(g);
  if (count) *count = c.count;
  return std::move(c.label);
}

}  // namespace floodevac::gis
