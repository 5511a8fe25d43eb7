#include "sim/graph/components.hpp"

#include <numeric>
#include <utility>

namespace floodevac::graph {

std::uint32_t Components::largest() const {
  std::uint32_t best = kInvalid;
  for (std::uint32_t c = 0; c < count; ++c)
    if (best == kInvalid || size[c] > size[best]) best = c;
  return best;
}

Components weak_components(const RoadGraph& g) {
  const NodeId n = g.node_count();
  // The root of a set is always its smallest node id.
  std::vector<NodeId> parent(n);
  std::iota(parent.begin(), parent.end(), 0u);
  auto find = [&](NodeId x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (NodeId u = 0; u < n; ++u)
    for (EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) {
      NodeId a = find(u), b = find(g.head[e]);
      if (a == b) continue;
      if (a > b) std::swap(a, b);
      parent[b] = a;
    }
  Components c;
  c.label.assign(n, kInvalid);
  for (NodeId u = 0; u < n; ++u) {
    const NodeId r = find(u);
    if (c.label[r] == kInvalid) {
      c.label[r] = c.count++;
      c.size.push_back(0);
    }
    c.label[u] = c.label[r];
    ++c.size[c.label[u]];
  }
  return c;
}

}  // namespace floodevac::graph
