#pragma once
// QGIS styles for a run's outputs, so that they open styled in QGIS: a `<name>.qml` beside
// every GeoTIFF and GeoJSON the run wrote (QGIS loads a .qml of the same base name as the
// layer's default style), and `run.qgs`, a QGIS project with the main layers, relative
// paths, the run's CRS and the same styles inline.
//   depth rasters (max_depth, depth snapshots): the depth ramp of app/map_styles.hpp,
//     depths under 0.05 m transparent;
//   hazard_class.tif: the FD2321 classes as a paletted renderer;
//   other float rasters: a ramp over the raster's own value range (OutputRecord);
//   road_links: closed by water (closed_s or walk_closed_s set) in red over grey roads;
//   shelters: by peak occupancy / capacity, marker size by peak occupancy;
//   villages/plan.geojson: by margin_s (app/map_styles.hpp's classes);
//   any other vector: one symbol per geometry type.
// Written as text (QGIS's XML; QGIS 3 reads it); nothing here needs QGIS or GDAL.
#include <string>

#include "app/outputs.hpp"

namespace floodevac::app {

/// The .qml text for one output ("" for an output QGIS does not open: CSV, text, PNG).
std::string qgis_style(const OutputRecord& record, const std::string& relative_path);

/// Writes `<name>.qml` beside every raster and vector output recorded so far, and
/// `run.qgs` (crs_wkt: the run's CRS; title: the scenario's name). The .qml files and the
/// project are outputs of the run too (kind "qgis_style" / "qgis_project").
void write_qgis_styles(OutputSet& out, const std::string& crs_wkt, const std::string& title);

}  // namespace floodevac::app
