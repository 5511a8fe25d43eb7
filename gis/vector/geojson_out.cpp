#include "gis/vector/geojson_out.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <optional>
#include <set>

#include "gis/atomic_output.hpp"
#include "gis/gdal_crs.hpp"
#include "gis/vector/text.hpp"
#include "gis/vector/road_class.hpp"
#include "sim/core/error.hpp"

namespace floodevac::gis {

struct FeatureWriter::Impl {
  std::optional<AtomicOutput> out;
  std::string context;
  GDALDataset* ds = nullptr;
  OGRLayer* layer = nullptr;
  GeomKind kind = GeomKind::point;
  std::vector<FieldDef> fields;
  std::int64_t count = 0;
  bool closed = false;

  void set_values(OGRFeature& f, const std::vector<FieldValue>& values) const {
    if (values.size() != fields.size())
      throw InvariantError(context + ": " + std::to_string(values.size()) + " values given for " +
                           std::to_string(fields.size()) + " fields");
    for (std::size_t i = 0; i < values.size(); ++i) {
      const int idx = static_cast<int>(i);
      const FieldValue& v = values[i];
      const FieldDef& d = fields[i];
      if (std::holds_alternative<std::monostate>(v)) {
        f.SetFieldNull(idx);
        continue;
      }
      switch (d.kind) {
        case FieldKind::integer:
          if (!std::holds_alternative<std::int64_t>(v))
            throw InvariantError(context + ": field '" + d.name + "' is an integer field; the value is not an integer");
          f.SetField(idx, static_cast<GIntBig>(std::get<std::int64_t>(v)));
          break;
        case FieldKind::real: {
          double r = 0;
          if (std::holds_alternative<double>(v))
            r = std::get<double>(v);
          else if (std::holds_alternative<std::int64_t>(v))
            r = static_cast<double>(std::get<std::int64_t>(v));
          else
            throw InvariantError(context + ": field '" + d.name + "' is a real field; the value is text");
          if (std::isfinite(r))
            f.SetField(idx, r);
          else
            f.SetFieldNull(idx);
          break;
        }
        case FieldKind::string:
          if (!std::holds_alternative<std::string>(v))
            throw InvariantError(context + ": field '" + d.name + "' is a text field; the value is a number");
          f.SetField(idx, std::get<std::string>(v).c_str());
          break;
      }
    }
  }

  void write(OGRFeature& f) {
    GdalErrorScope scope(context);
    if (layer->CreateFeature(&f) != OGRERR_NONE) scope.fail("cannot write feature " + std::to_string(count));
    ++count;
  }

  void check_open(const char* what) const {
    if (closed || !ds) throw InvariantError(context + ": " + what + " after close()");
  }

  void check_xy(double x, double y) const {
    if (!std::isfinite(x) || !std::isfinite(y))
      throw InputError(context + ": feature " + std::to_string(count) +
                       " has a non-finite coordinate. Fix the data that produced it");
  }

  void discard() noexcept {
    if (ds) {
      try {
        GdalErrorScope quiet(context);  // swallow whatever GDAL says while closing
        GDALClose(ds);
      } catch (...) {
      }
      ds = nullptr;
    }
    if (out) out->discard();
  }
};

namespace {
OGRwkbGeometryType ogr_type(GeomKind k) {
  switch (k) {
    case GeomKind::point:
      return wkbPoint;
    case GeomKind::line:
      return wkbLineString;
    case GeomKind::polygon:
      return wkbPolygon;
    case GeomKind::multiline:
      return wkbMultiLineString;
  }
  return wkbUnknown;
}
}  // namespace

FeatureWriter::FeatureWriter(const std::filesystem::path& path, const std::string& layer_name,
                             const std::string& source_crs_wkt, GeomKind geometry, std::vector<FieldDef> fields)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.context = "GeoJSON output " + path.string();
  m.kind = geometry;
  m.fields = std::move(fields);
  std::set<std::string> names;
  for (const auto& f : m.fields) {
    if (f.name.empty()) throw InvariantError(m.context + ": a field has an empty name");
    if (!names.insert(detail::lower(f.name)).second)
      throw InvariantError(m.context + ": field '" + f.name + "' is defined twice");
  }
  m.out.emplace(path, m.context);
  OGRSpatialReference srs = srs_for_gdal(source_crs_wkt, m.context + ": source CRS");
  GdalErrorScope scope(m.context);
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GeoJSON");
  if (!drv) scope.fail("GDAL has no GeoJSON driver", "Install a GDAL build with the GeoJSON driver");
  m.ds = drv->Create(m.out->temp_path().string().c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  if (!m.ds) scope.fail("cannot create " + m.out->temp_path().string(), "Check that the folder is writable");
  char** opts = nullptr;
  opts = CSLSetNameValue(opts, "RFC7946", "YES");
  opts = CSLSetNameValue(opts, "COORDINATE_PRECISION", "7");
  m.layer = m.ds->CreateLayer(layer_name.c_str(), &srs, ogr_type(geometry), opts);
  CSLDestroy(opts);
  if (!m.layer) {
    m.discard();
    scope.fail("cannot create layer '" + layer_name + "'");
  }
  for (const auto& f : m.fields) {
    const OGRFieldType t = f.kind == FieldKind::integer ? OFTInteger64
                           : f.kind == FieldKind::real  ? OFTReal
                                                        : OFTString;
    OGRFieldDefn def(f.name.c_str(), t);
    if (m.layer->CreateField(&def) != OGRERR_NONE) {
      m.discard();
      scope.fail("cannot create field '" + f.name + "'");
    }
  }
}

FeatureWriter::~FeatureWriter() {
  if (impl_ && !impl_->closed) impl_->discard();
}

FeatureWriter::FeatureWriter(FeatureWriter&&) noexcept = default;

FeatureWriter& FeatureWriter::operator=(FeatureWriter&& o) noexcept {
  if (this != &o) {
    if (impl_ && !impl_->closed) impl_->discard();
    impl_ = std::move(o.impl_);
  }
  return *this;
}

void FeatureWriter::add_point(double x, double y, const std::vector<FieldValue>& values) {
  Impl& m = *impl_;
  m.check_open("add_point");
  if (m.kind != GeomKind::point) throw InvariantError(m.context + ": add_point on a layer of another geometry type");
  m.check_xy(x, y);
  OGRFeature f(m.layer->GetLayerDefn());
  m.set_values(f, values);
  f.SetGeometryDirectly(new OGRPoint(x, y));
  m.write(f);
}

void FeatureWriter::add_line(std::span<const double> xs, std::span<const double> ys,
                             const std::vector<FieldValue>& values) {
  Impl& m = *impl_;
  m.check_open("add_line");
  if (m.kind != GeomKind::line) throw InvariantError(m.context + ": add_line on a layer of another geometry type");
  if (xs.size() != ys.size() || xs.size() < 2)
    throw InvariantError(m.context + ": a line needs >= 2 points and as many x as y values");
  auto* ls = new OGRLineString();
  OGRFeature f(m.layer->GetLayerDefn());
  f.SetGeometryDirectly(ls);
  ls->setNumPoints(static_cast<int>(xs.size()), FALSE);
  for (std::size_t i = 0; i < xs.size(); ++i) {
    m.check_xy(xs[i], ys[i]);
    ls->setPoint(static_cast<int>(i), xs[i], ys[i]);
  }
  m.set_values(f, values);
  m.write(f);
}

void FeatureWriter::add_multiline(std::span<const std::vector<double>> xs,
                                  std::span<const std::vector<double>> ys,
                                  const std::vector<FieldValue>& values) {
  Impl& m = *impl_;
  m.check_open("add_multiline");
  if (m.kind != GeomKind::multiline)
    throw InvariantError(m.context + ": add_multiline on a layer of another geometry type");
  if (xs.size() != ys.size() || xs.empty())
    throw InvariantError(m.context + ": a multiline needs >= 1 part and as many x as y parts");
  auto* ml = new OGRMultiLineString();
  OGRFeature f(m.layer->GetLayerDefn());
  f.SetGeometryDirectly(ml);
  for (std::size_t k = 0; k < xs.size(); ++k) {
    if (xs[k].size() != ys[k].size() || xs[k].size() < 2)
      throw InvariantError(m.context + ": a line needs >= 2 points and as many x as y values");
    OGRLineString ls;
    ls.setNumPoints(static_cast<int>(xs[k].size()), FALSE);
    for (std::size_t i = 0; i < xs[k].size(); ++i) {
      m.check_xy(xs[k][i], ys[k][i]);
      ls.setPoint(static_cast<int>(i), xs[k][i], ys[k][i]);
    }
    ml->addGeometry(&ls);
  }
  m.set_values(f, values);
  m.write(f);
}

void FeatureWriter::add_wkb(std::span<const unsigned char> wkb, const std::vector<FieldValue>& values) {
  Impl& m = *impl_;
  m.check_open("add_wkb");
  OGRGeometry* g = nullptr;
  if (wkb.empty() ||
      OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &g, wkb.size()) != OGRERR_NONE || !g)
    throw InputError(m.context + ": feature " + std::to_string(m.count) +
                     " has a geometry OGR cannot read from WKB. Fix the data that produced it");
  OGRFeature f(m.layer->GetLayerDefn());
  f.SetGeometryDirectly(g);
  m.set_values(f, values);
  m.write(f);
}

void FeatureWriter::add_polygon(std::span<const double> xs, std::span<const double> ys,
                                const std::vector<FieldValue>& values) {
  Impl& m = *impl_;
  m.check_open("add_polygon");
  if (m.kind != GeomKind::polygon)
    throw InvariantError(m.context + ": add_polygon on a layer of another geometry type");
  if (xs.size() != ys.size() || xs.size() < 3)
    throw InvariantError(m.context + ": a polygon ring needs >= 3 points and as many x as y values");
  auto* ring = new OGRLinearRing();
  auto* poly = new OGRPolygon();
  OGRFeature f(m.layer->GetLayerDefn());
  f.SetGeometryDirectly(poly);
  for (std::size_t i = 0; i < xs.size(); ++i) {
    m.check_xy(xs[i], ys[i]);
    ring->addPoint(xs[i], ys[i]);
  }
  ring->closeRings();
  poly->addRingDirectly(ring);
  m.set_values(f, values);
  m.write(f);
}

void FeatureWriter::close() {
  Impl& m = *impl_;
  if (m.closed) return;
  if (!m.ds) throw InvariantError(m.context + ": close() on a writer that was not opened");
  {
    GdalErrorScope scope(m.context);
    GDALClose(m.ds);
    m.ds = nullptr;
    if (!scope.last_error().empty()) {
      m.discard();
      scope.fail("cannot finish " + m.out->temp_path().string(), "Check the free disk space");
    }
  }
  m.out->commit();
  m.closed = true;
}

std::int64_t FeatureWriter::feature_count() const { return impl_->count; }
const std::filesystem::path& FeatureWriter::path() const { return impl_->out->final_path(); }
const std::filesystem::path& FeatureWriter::temp_path() const { return impl_->out->temp_path(); }

// ---- convenience writers ------------------------------------------------------------------

namespace {

FieldKind column_kind(const Column& c) {
  if (std::holds_alternative<std::vector<std::int64_t>>(c.values)) return FieldKind::integer;
  if (std::holds_alternative<std::vector<double>>(c.values)) return FieldKind::real;
  return FieldKind::string;
}

std::size_t column_size(const Column& c) {
  return std::visit([](const auto& v) { return v.size(); }, c.values);
}

FieldValue column_value(const Column& c, std::size_t i) {
  return std::visit([i](const auto& v) -> FieldValue { return v[i]; }, c.values);
}

void add_columns(std::vector<FieldDef>& defs, const std::vector<Column>& extra, std::size_t rows,
                 const std::string& context) {
  for (const auto& c : extra) {
    if (column_size(c) != rows)
      throw InvariantError(context + ": column '" + c.name + "' has " + std::to_string(column_size(c)) +
                           " values for " + std::to_string(rows) + " features");
    defs.push_back({c.name, column_kind(c)});
  }
}

void append_extra(std::vector<FieldValue>& vals, const std::vector<Column>& extra, std::size_t i) {
  for (const auto& c : extra) vals.push_back(column_value(c, i));
}

std::int64_t node_value(graph::NodeId n) { return n == graph::kInvalid ? -1 : static_cast<std::int64_t>(n); }

const char* level_name(evac::ShelterLevel l) {
  switch (l) {
    case evac::ShelterLevel::county:
      return "county";
    case evac::ShelterLevel::township:
      return "township";
    case evac::ShelterLevel::village:
      return "village";
    case evac::ShelterLevel::other:
      return "other";
  }
  return "other";
}

}  // namespace

void write_shelters_geojson(const std::filesystem::path& path, const std::vector<evac::Shelter>& shelters,
                            const std::string& source_crs_wkt, const std::vector<Column>& extra) {
  std::vector<FieldDef> defs = {{"id", FieldKind::string},     {"name", FieldKind::string},
                                {"capacity", FieldKind::integer}, {"level", FieldKind::string},
                                {"open_s", FieldKind::real},   {"node", FieldKind::integer},
                                {"snap_m", FieldKind::real}};
  add_columns(defs, extra, shelters.size(), "shelters GeoJSON " + path.string());
  FeatureWriter w(path, "shelters", source_crs_wkt, GeomKind::point, std::move(defs));
  std::vector<FieldValue> vals;
  for (std::size_t i = 0; i < shelters.size(); ++i) {
    const auto& s = shelters[i];
    vals = {s.id, s.name, std::int64_t{s.capacity_persons}, std::string(level_name(s.level)), s.open_s,
            node_value(s.node), s.node == graph::kInvalid ? FieldValue{} : FieldValue{s.snap_distance_m}};
    append_extra(vals, extra, i);
    w.add_point(s.x, s.y, vals);
  }
  w.close();
}

void write_road_links_geojson(const std::filesystem::path& path, const graph::RoadGraph& g,
                              const std::string& source_crs_wkt, const std::vector<Column>& extra) {
  std::vector<FieldDef> defs = {{"edge", FieldKind::integer},       {"tail", FieldKind::integer},
                                {"head", FieldKind::integer},       {"highway", FieldKind::string},
                                {"road_class", FieldKind::integer}, {"length_m", FieldKind::real},
                                {"free_speed_kmh", FieldKind::real}, {"capacity_veh_h", FieldKind::real},
                                {"lanes", FieldKind::real},         {"source_id", FieldKind::integer}};
  add_columns(defs, extra, g.edge_count(), "road links GeoJSON " + path.string());
  FeatureWriter w(path, "road_links", source_crs_wkt, GeomKind::line, std::move(defs));
  const auto tails = g.tails();
  std::vector<FieldValue> vals;
  for (graph::EdgeId e = 0; e < g.edge_count(); ++e) {
    const auto cls = static_cast<RoadClass>(g.road_class[e]);
    vals = {std::int64_t{e},
            std::int64_t{tails[e]},
            std::int64_t{g.head[e]},
            std::string(highway_name(cls)),
            std::int64_t{g.road_class[e]},
            static_cast<double>(g.length_m[e]),
            static_cast<double>(g.free_speed_mps[e]) * 3.6,
            static_cast<double>(g.capacity_veh_h[e]),
            static_cast<double>(g.lanes[e]),
            std::int64_t{g.source_id[e]}};
    append_extra(vals, extra, e);
    const std::size_t a = g.geom_first[e], b = g.geom_first[e + 1];
    w.add_line(std::span<const double>(g.geom_x.data() + a, b - a), std::span<const double>(g.geom_y.data() + a, b - a),
               vals);
  }
  w.close();
}

void write_population_geojson(const std::filesystem::path& path, const std::vector<evac::PopulationUnit>& units,
                              const std::string& source_crs_wkt, const std::vector<Column>& extra) {
  std::vector<FieldDef> defs = {{"id", FieldKind::string},
                                {"persons", FieldKind::real},
                                {"node", FieldKind::integer},
                                {"snap_m", FieldKind::real}};
  add_columns(defs, extra, units.size(), "population GeoJSON " + path.string());
  FeatureWriter w(path, "population", source_crs_wkt, GeomKind::point, std::move(defs));
  std::vector<FieldValue> vals;
  for (std::size_t i = 0; i < units.size(); ++i) {
    const auto& u = units[i];
    vals = {u.id, u.persons, node_value(u.node),
            u.node == graph::kInvalid ? FieldValue{} : FieldValue{u.snap_distance_m}};
    append_extra(vals, extra, i);
    w.add_point(u.x, u.y, vals);
  }
  w.close();
}

}  // namespace floodevac::gis
