#include "gis/crs.hpp"

#include <proj.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <string_view>

namespace floodevac::gis {

namespace {

// PROJ prints its errors to stderr by default; libraries never print, so the
// messages are captured here and folded into our exceptions instead.
void capture_log(void* app_data, int level, const char* msg) {
  if (app_data == nullptr || msg == nullptr) return;
  if (level <= PJ_LOG_ERROR) *static_cast<std::string*>(app_data) = msg;
}

struct PjDeleter {
  void operator()(PJ* p) const { proj_destroy(p); }
};
using PjPtr = std::unique_ptr<PJ, PjDeleter>;

/// A PJ_CONTEXT with captured logging. One per thread for the free functions
/// (thread_local below), one per CoordTransform.
class ProjContext {
 public:
  ProjContext() : ctx_(proj_context_create()) {
    proj_log_func(ctx_, &last_error_, capture_log);
    proj_log_level(ctx_, PJ_LOG_ERROR);
    proj_context_set_enable_network(ctx_, 0);  // planning runs never touch the network
  }
  ~ProjContext() {
    if (ctx_ != nullptr) proj_context_destroy(ctx_);
  }
  ProjContext(const ProjContext&) = delete;
  ProjContext& operator=(const ProjContext&) = delete;

  PJ_CONTEXT* get() const { return ctx_; }
  std::string take_error() {
    std::string e = last_error_;
    if (e.empty()) {
      const int err = proj_context_errno(ctx_);
      if (err != 0) {
        const char* s = proj_context_errno_string(ctx_, err);
        if (s != nullptr) e = s;
      }
    }
    last_error_.clear();
    return e;
  }

 private:
  PJ_CONTEXT* ctx_;
  std::string last_error_;
};

ProjContext& thread_context() {
  thread_local ProjContext ctx;
  return ctx;
}

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

/// The definition handed to proj_create for what a user wrote.
std::string normalise_definition(const std::string& def) {
  std::string s = trim(def);
  if (!s.empty() &&
      std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); }))
    return "EPSG:" + s;
  const bool proj_string = s.rfind("+", 0) == 0 || s.rfind("proj=", 0) == 0;
  if (proj_string && s.find("type=crs") == std::string::npos) s += " +type=crs";
  return s;
}

/// proj_create + "is it a CRS" check; nullptr (and `error` set) on failure.
PjPtr create_crs(ProjContext& ctx, const std::string& def, std::string& error) {
  const std::string norm = normalise_definition(def);
  if (norm.empty()) {
    error = "empty CRS definition";
    return nullptr;
  }
  PjPtr pj(proj_create(ctx.get(), norm.c_str()));
  if (!pj) {
    error = ctx.take_error();
    if (error.empty()) error = "not understood by PROJ";
    return nullptr;
  }
  if (!proj_is_crs(pj.get())) {
    error = "this is a PROJ operation, not a coordinate reference system";
    return nullptr;
  }
  return pj;
}

std::string short_def(const std::string& def) {
  std::string s = trim(def);
  if (s.size() > 80) s = s.substr(0, 77) + "...";
  return s;
}

[[noreturn]] void throw_bad_crs(const std::string& def, const std::string& error) {
  throw InputError(
      "CRS '" + short_def(def) + "': " + error +
      ". Use 'EPSG:<code>' (e.g. EPSG:32651 for WGS 84 / UTM zone 51N), a WKT string or a "
      "PROJ string (+proj=utm +zone=51 +datum=WGS84)");
}

/// The horizontal part of a CRS: a bound CRS's source, a compound CRS's first
/// component; otherwise a new reference to the CRS itself.
PjPtr horizontal_crs(PJ_CONTEXT* ctx, const PJ* crs) {
  switch (proj_get_type(crs)) {
    case PJ_TYPE_BOUND_CRS: {
      PjPtr src(proj_get_source_crs(ctx, crs));
      return src ? horizontal_crs(ctx, src.get()) : nullptr;
    }
    case PJ_TYPE_COMPOUND_CRS: {
      PjPtr sub(proj_crs_get_sub_crs(ctx, crs, 0));
      return sub ? horizontal_crs(ctx, sub.get()) : nullptr;
    }
    default:
      return PjPtr(proj_clone(ctx, crs));
  }
}

/// Parses `wkt` and returns its horizontal CRS, or nullptr (never throws).
PjPtr parse_horizontal(const std::string& wkt) {
  if (trim(wkt).empty()) return nullptr;
  ProjContext& ctx = thread_context();
  std::string error;
  PjPtr pj = create_crs(ctx, wkt, error);
  if (!pj) {
    ctx.take_error();
    return nullptr;
  }
  return horizontal_crs(ctx.get(), pj.get());
}

int epsg_of_object(const PJ* pj) {
  const char* auth = proj_get_id_auth_name(pj, 0);
  const char* code = proj_get_id_code(pj, 0);
  if (auth != nullptr && code != nullptr && std::string_view(auth) == "EPSG") {
    try {
      return std::stoi(code);
    } catch (const std::exception&) {
      return 0;
    }
  }
  return 0;
}

/// EPSG code of the first EPSG CRS PROJ identifies `pj` with, accepted when
/// the match is exact (100 %) or `reference` is equivalent to it except for
/// the axis order of a geographic CRS; 0 if none.
int identify_epsg(PJ_CONTEXT* ctx, const PJ* pj, const PJ* reference) {
  int* confidence = nullptr;
  PJ_OBJ_LIST* list = proj_identify(ctx, pj, "EPSG", nullptr, &confidence);
  int result = 0;
  if (list != nullptr) {
    const int n = proj_list_get_count(list);
    for (int i = 0; i < n && result == 0; ++i) {
      if (confidence == nullptr || confidence[i] < 50) continue;
      PjPtr cand(proj_list_get(ctx, list, i));
      if (!cand) continue;
      if ((confidence[i] >= 100 && pj == reference) ||
          proj_is_equivalent_to_with_ctx(ctx, cand.get(), reference,
                                         PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS) != 0)
        result = epsg_of_object(cand.get());
    }
    proj_list_destroy(list);
  }
  proj_int_list_destroy(confidence);
  return result;
}

}  // namespace

std::string crs_wkt_from_user(const std::string& def) {
  ProjContext& ctx = thread_context();
  std::string error;
  PjPtr pj = create_crs(ctx, def, error);
  if (!pj) throw_bad_crs(def, error);
  const char* const options[] = {"MULTILINE=NO", nullptr};
  const char* wkt = proj_as_wkt(ctx.get(), pj.get(), PJ_WKT2_2019, options);
  if (wkt == nullptr) throw_bad_crs(def, "PROJ cannot write it as WKT (" + ctx.take_error() + ")");
  return wkt;
}

bool crs_is_projected_metres(const std::string& wkt) {
  PjPtr h = parse_horizontal(wkt);
  if (!h || proj_get_type(h.get()) != PJ_TYPE_PROJECTED_CRS) return false;
  PJ_CONTEXT* ctx = thread_context().get();
  PjPtr cs(proj_crs_get_coordinate_system(ctx, h.get()));
  if (!cs || proj_cs_get_axis_count(ctx, cs.get()) < 2) return false;
  for (int axis = 0; axis < 2; ++axis) {
    double factor = 0.0;
    if (!proj_cs_get_axis_info(ctx, cs.get(), axis, nullptr, nullptr, nullptr, &factor, nullptr,
                               nullptr, nullptr))
      return false;
    if (!(std::fabs(factor - 1.0) < 1e-12)) return false;
  }
  return true;
}

bool crs_is_geographic(const std::string& wkt) {
  PjPtr h = parse_horizontal(wkt);
  if (!h) return false;
  const PJ_TYPE t = proj_get_type(h.get());
  return t == PJ_TYPE_GEOGRAPHIC_2D_CRS || t == PJ_TYPE_GEOGRAPHIC_3D_CRS ||
         t == PJ_TYPE_GEOGRAPHIC_CRS;
}

int crs_epsg(const std::string& wkt) {
  if (trim(wkt).empty()) return 0;
  ProjContext& ctx = thread_context();
  std::string error;
  PjPtr pj = create_crs(ctx, wkt, error);
  if (!pj) {
    ctx.take_error();
    return 0;
  }
  if (const int code = epsg_of_object(pj.get()); code != 0) return code;
  // A WKT1 with TOWGS84 becomes a bound CRS whose source carries the code.
  if (proj_get_type(pj.get()) == PJ_TYPE_BOUND_CRS) {
    PjPtr src(proj_get_source_crs(ctx.get(), pj.get()));
    if (src)
      if (const int code = epsg_of_object(src.get()); code != 0) return code;
  }
  int result = identify_epsg(ctx.get(), pj.get(), pj.get());
  if (result == 0) {
    // PROJ does not identify a WKT named "unknown" (what a PROJ string
    // becomes); its PROJ-string form is, and the candidate must still be
    // equivalent to the original CRS.
    const char* ps = proj_as_proj_string(ctx.get(), pj.get(), PJ_PROJ_5, nullptr);
    if (ps != nullptr) {
      std::string def = ps;
      if (def.find("type=crs") == std::string::npos) def += " +type=crs";
      PjPtr alt(proj_create(ctx.get(), def.c_str()));
      if (alt) result = identify_epsg(ctx.get(), alt.get(), pj.get());
    }
  }
  ctx.take_error();
  return result;
}

bool crs_equivalent(const std::string& a, const std::string& b) {
  const bool ea = trim(a).empty(), eb = trim(b).empty();
  if (ea || eb) return ea && eb;
  if (a == b) return true;
  ProjContext& ctx = thread_context();
  std::string error;
  PjPtr pa = create_crs(ctx, a, error);
  PjPtr pb = pa ? create_crs(ctx, b, error) : nullptr;
  if (!pa || !pb) {
    ctx.take_error();
    return false;
  }
  return proj_is_equivalent_to_with_ctx(ctx.get(), pa.get(), pb.get(),
                                        PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS) != 0;
}

std::string crs_describe(const std::string& wkt) {
  if (trim(wkt).empty()) return "no CRS";
  ProjContext& ctx = thread_context();
  std::string error;
  PjPtr pj = create_crs(ctx, wkt, error);
  if (!pj) {
    ctx.take_error();
    return "unrecognised CRS '" + short_def(wkt) + "'";
  }
  const char* name = proj_get_name(pj.get());
  const std::string nm = name != nullptr ? name : "unnamed CRS";
  const int code = crs_epsg(wkt);
  return code != 0 ? "EPSG:" + std::to_string(code) + " (" + nm + ")" : nm;
}

int utm_epsg_for(double lon_deg, double lat_deg) {
  double lon = std::fmod(lon_deg + 180.0, 360.0);
  if (lon < 0.0) lon += 360.0;
  const int zone = std::clamp(static_cast<int>(std::floor(lon / 6.0)) + 1, 1, 60);
  return (lat_deg >= 0.0 ? 32600 : 32700) + zone;
}

// ---------------------------------------------------------------------------
// CoordTransform

struct CoordTransform::Impl {
  ProjContext ctx;
  PJ* op = nullptr;
  ~Impl() {
    if (op != nullptr) proj_destroy(op);
  }
};

CoordTransform::CoordTransform(const std::string& src_crs, const std::string& dst_crs)
    : impl_(std::make_unique<Impl>()) {
  std::string error;
  PjPtr src = create_crs(impl_->ctx, src_crs, error);
  if (!src) throw_bad_crs(src_crs, error);
  PjPtr dst = create_crs(impl_->ctx, dst_crs, error);
  if (!dst) throw_bad_crs(dst_crs, error);
  PjPtr op(
      proj_create_crs_to_crs_from_pj(impl_->ctx.get(), src.get(), dst.get(), nullptr, nullptr));
  if (!op)
    throw InputError("no coordinate transformation from " + crs_describe(src_crs) + " to " +
                     crs_describe(dst_crs) + " (PROJ: " + impl_->ctx.take_error() +
                     "); check both CRS definitions");
  PJ* norm = proj_normalize_for_visualization(impl_->ctx.get(), op.get());
  if (norm == nullptr)
    throw InputError("cannot normalise the axis order of the transformation from " +
                     crs_describe(src_crs) + " to " + crs_describe(dst_crs) +
                     " (PROJ: " + impl_->ctx.take_error() + ")");
  impl_->op = norm;
}

CoordTransform::~CoordTransform() = default;
CoordTransform::CoordTransform(CoordTransform&&) noexcept = default;
CoordTransform& CoordTransform::operator=(CoordTransform&&) noexcept = default;

void CoordTransform::transform(std::vector<double>& x, std::vector<double>& y) const {
  if (x.size() != y.size())
    throw InvariantError("CoordTransform::transform: x and y differ in length (" +
                         std::to_string(x.size()) + " vs " + std::to_string(y.size()) + ")");
  if (x.empty()) return;
  proj_errno_reset(impl_->op);
  const auto n = x.size();
  proj_trans_generic(impl_->op, PJ_FWD, x.data(), sizeof(double), n, y.data(), sizeof(double), n,
                     nullptr, 0, 0, nullptr, 0, 0);
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t i = 0; i < n; ++i) {
    // PROJ marks failed points with HUGE_VAL.
    if (!std::isfinite(x[i]) || !std::isfinite(y[i])) x[i] = y[i] = nan;
  }
  proj_errno_reset(impl_->op);
  impl_->ctx.take_error();
}

void CoordTransform::transform_point(double& x, double& y) const {
  std::vector<double> xs{x}, ys{y};
  transform(xs, ys);
  x = xs[0];
  y = ys[0];
}

std::optional<CoordTransform> transform_if_needed(const std::string& src_crs, const std::string& dst_crs) {
  if (crs_equivalent(src_crs, dst_crs)) return std::nullopt;
  return CoordTransform(src_crs, dst_crs);
}

}  // namespace floodevac::gis
