#include "sim/siting/transfer_routes.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <queue>

#include "sim/core/error.hpp"

namespace floodevac::siting {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// Widest path labels from src: per node the latest closure of the best route to it.
std::vector<double> widest_from(const graph::RoadGraph& g, graph::NodeId src, const std::vector<double>& close) {
  std::vector<double> b(g.node_count(), -kInf);
  using Item = std::pair<double, graph::NodeId>;  // (bottleneck, node): max first, then smaller id
  auto cmp = [](const Item& x, const Item& y) { return x.first < y.first || (x.first == y.first && x.second > y.second); };
  std::priority_queue<Item, std::vector<Item>, decltype(cmp)> pq(cmp);
  b[src] = kInf;
  pq.emplace(kInf, src);
  std::vector<std::uint8_t> done(g.node_count(), 0);
  while (!pq.empty()) {
    const auto [w, u] = pq.top();
    pq.pop();
    if (done[u]) continue;
    done[u] = 1;
    for (graph::EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) {
      const double nb = std::min(w, close[e]);
      const auto v = g.head[e];
      if (nb > b[v]) {
        b[v] = nb;
        pq.emplace(nb, v);
      }
    }
  }
  return b;
}

/// Fastest free-flow tree from src over the edges open at least until `until`.
void fastest_from(const graph::RoadGraph& g, graph::NodeId src, const std::vector<double>& close,
                  const std::vector<double>& free_t, double until, std::vector<double>& t,
                  std::vector<graph::EdgeId>& pred) {
  t.assign(g.node_count(), kInf);
  pred.assign(g.node_count(), graph::kInvalid);
  using Item = std::pair<double, graph::NodeId>;
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> pq;
  t[src] = 0;
  pq.emplace(0.0, src);
  while (!pq.empty()) {
    const auto [d, u] = pq.top();
    pq.pop();
    if (d > t[u]) continue;
    for (graph::EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) {
      if (close[e] < until) continue;
      const auto v = g.head[e];
      const double nd = d + free_t[e];
      if (nd < t[v]) {
        t[v] = nd;
        pred[v] = e;
        pq.emplace(nd, v);
      }
    }
  }
}

}  // namespace

std::vector<ShelterTransfers> transfer_routes(const graph::RoadGraph& g, const std::vector<graph::NodeId>& nodes,
                                              const std::vector<double>& close,
                                              const std::vector<double>& full_s, std::size_t backups) {
  if (close.size() != g.edge_count()) throw InvariantError("transfer_routes: one closure time per edge expected");
  if (full_s.size() != nodes.size()) throw InvariantError("transfer_routes: one fill time per shelter expected");
  std::vector<double> free_t(g.edge_count());
  for (graph::EdgeId e = 0; e < g.edge_count(); ++e) free_t[e] = g.length_m[e] / g.free_speed_mps[e];
  const auto tails = g.tails();
  std::vector<ShelterTransfers> out(nodes.size());
  std::vector<double> t;
  std::vector<graph::EdgeId> pred;
  for (std::size_t s = 0; s < nodes.size(); ++s) {
    out[s].full_s = full_s[s];
    if (nodes[s] == graph::kInvalid) continue;
    const auto b = widest_from(g, nodes[s], close);
    // One fastest tree per distinct opening time among the reachable backups.
    std::map<double, std::vector<std::uint32_t>, std::greater<double>> by_until;
    for (std::size_t q = 0; q < nodes.size(); ++q)
      if (q != s && nodes[q] != graph::kInvalid && nodes[q] != nodes[s] && b[nodes[q]] > -kInf)
        by_until[b[nodes[q]]].push_back(static_cast<std::uint32_t>(q));
    std::vector<TransferRoute> routes;
    for (const auto& [until, qs] : by_until) {
      fastest_from(g, nodes[s], close, free_t, until, t, pred);
      for (auto q : qs) {
        TransferRoute r;
        r.from = static_cast<std::uint32_t>(s);
        r.to = q;
        r.open_until_s = until;
        r.free_time_s = t[nodes[q]];
        for (graph::NodeId v = nodes[q]; v != nodes[s];) {
          const auto e = pred[v];
          if (e == graph::kInvalid) throw InvariantError("transfer_routes: broken fastest tree");
          r.edges.push_back(e);
          r.length_m += g.length_m[e];
          v = tails[e];
        }
        std::reverse(r.edges.begin(), r.edges.end());
        routes.push_back(std::move(r));
      }
      if (routes.size() >= backups) break;  // the rest close earlier
    }
    std::stable_sort(routes.begin(), routes.end(), [](const TransferRoute& x, const TransferRoute& y) {
      if (x.open_until_s != y.open_until_s) return x.open_until_s > y.open_until_s;
      if (x.free_time_s != y.free_time_s) return x.free_time_s < y.free_time_s;
      return x.to < y.to;
    });
    if (routes.size() > backups) routes.resize(backups);
    out[s].backups = std::move(routes);
    const double best = out[s].backups.empty() ? -kInf : out[s].backups.front().open_until_s;
    out[s].cut_off = full_s[s] < kInf && best < full_s[s];
  }
  return out;
}

}  // namespace floodevac::siting
