#include "app/scenario_document.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "app/scenario.hpp"
#include "app/scenario_extends.hpp"
#include "sim/core/error.hpp"

namespace floodevac::app {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const char* kSchemaFix =
    "run 'floodevac schema' to see every field with its type, unit and default";

ErrorContext mark_context(const SourceMap& sources, const YAML::Mark& m) {
  ErrorContext c;
  c.file = sources.file().string();
  if (m.line >= 0) {
    c.line = m.line + 1;
    c.column = m.column + 1;
  }
  return c;
}

// Bounds on a scenario document. A scenario is a few hundred values; the
// bounds leave room for long time series (a year of minutes) yet stop a
// "billion laughs" alias bomb (each alias level multiplies the values, see
// CVE-2003-1564 for XML) and deep nesting long before memory or the stack.
constexpr std::uintmax_t kMaxFileBytes = 16u << 20;
constexpr std::size_t kMaxValues = 1'000'000;
constexpr int kMaxDepth = 64;

/// Values read so far, aliases expanded.
struct Budget {
  std::size_t values = 0;
};

/// A decimal number that fits a double: overflow (1e999) and underflow
/// (1e-400, below the smallest normal double) are errors naming the field.
double to_double(const std::string& s, ErrorContext c) {
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (errno == ERANGE) {
    if (std::isinf(v) || std::fabs(v) >= 1.0) {
      c.fix = "numbers must lie within about -1.8e308 .. 1.8e308";
      throw ConfigError("the number " + s + " is too large for a double (overflow)", std::move(c));
    }
    c.fix = "numbers other than 0 must be at least about 2.2e-308 in size; write 0 if zero is meant";
    throw ConfigError("the number " + s + " is too small for a double (underflow)", std::move(c));
  }
  return v;
}

json scalar_to_json(const YAML::Node& n, const std::string& ptr, const SourceMap& sources) {
  const std::string s = n.Scalar();
  if (n.Tag() == "!") return s;  // quoted: always a string
  static const std::regex int_re(R"(^[-+]?[0-9]+$)");
  static const std::regex float_re(R"(^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$)");
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  ErrorContext c = mark_context(sources, n.Mark());
  c.field = pointer_to_dotted(ptr);
  if (std::regex_match(s, int_re)) {
    try {
      return std::stoll(s);
    } catch (const std::out_of_range&) {
      return to_double(s, std::move(c));
    }
  }
  if (std::regex_match(s, float_re)) return to_double(s, std::move(c));
  return s;
}

json yaml_to_json(const YAML::Node& n, const std::string& ptr, SourceMap& sources, Budget& budget,
                  int depth = 0) {
  const auto at = [&](const std::string& p, const YAML::Mark& m) {
    if (m.line >= 0) sources.at_line(p, m.line + 1, m.column + 1);
  };
  const auto refuse = [&](const std::string& msg, const std::string& fix) {
    ErrorContext c = mark_context(sources, n.Mark());
    c.field = pointer_to_dotted(ptr);
    c.fix = fix;
    return ConfigError(msg, std::move(c));
  };
  if (++budget.values > kMaxValues)
    throw refuse("the document expands to more than " + std::to_string(kMaxValues) +
                     " values (YAML aliases '*name' repeat what '&name' marks; nested, they "
                     "multiply: an alias bomb?)",
                 "write the values out, or use fewer nested aliases");
  if (depth > kMaxDepth)
    throw refuse("values are nested more than " + std::to_string(kMaxDepth) + " levels deep",
                 "a scenario needs a few levels; check for unbalanced brackets");
  at(ptr, n.Mark());
  switch (n.Type()) {
    case YAML::NodeType::Map: {
      json o = json::object();
      for (const auto& kv : n) {
        ErrorContext kc = mark_context(sources, kv.first.Mark());
        kc.field = pointer_to_dotted(ptr);
        if (!kv.first.IsScalar() || (kv.first.Scalar().empty() && kv.first.Tag() != "!")) {
          kc.fix =
              "every entry needs a name before ':'; look for a doubled comma ',,' or a missing key";
          throw ConfigError("syntax error: an entry without a key", std::move(kc));
        }
        const std::string key = kv.first.Scalar();
        if (o.contains(key)) {
          const ErrorContext first = sources.locate(ptr + "/" + key);
          kc.field = pointer_to_dotted(ptr + "/" + key);
          kc.fix = "remove one of them: with duplicates it is unclear which value is meant";
          throw ConfigError(
              "duplicate key '" + key + "' (first given at line " + std::to_string(first.line) +
                  ", column " + std::to_string(first.column) + ")",
              std::move(kc));
        }
        o[key] = yaml_to_json(kv.second, ptr + "/" + key, sources, budget, depth + 1);
        at(ptr + "/" + key, kv.first.Mark());
      }
      return o;
    }
    case YAML::NodeType::Sequence: {
      json a = json::array();
      std::size_t i = 0;
      for (const auto& item : n) {
        a.push_back(yaml_to_json(item, ptr + "/" + std::to_string(i), sources, budget, depth + 1));
        ++i;
      }
      return a;
    }
    case YAML::NodeType::Scalar:
      return scalar_to_json(n, ptr, sources);
    default:
      return nullptr;
  }
}

/// The file's text, read with a bound (a device such as /dev/zero never ends).
std::string read_bounded(const fs::path& file) {
  const ErrorContext in_file{file.string(), 0, 0, {}, {}};
  std::error_code ec;
  if (fs::is_directory(file, ec))
    throw InputError("is a folder, not a scenario file",
                     ErrorContext{file.string(), 0, 0, {}, "give the path to a .yaml or .json file"});
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw InputError("cannot open the scenario file: " + std::string(std::strerror(errno)),
                     ErrorContext{file.string(), 0, 0, {}, "check the file's permissions"});
  std::string text;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxFileBytes)
      throw InputError("the scenario file is larger than " +
                           std::to_string(kMaxFileBytes >> 20) + " MiB: not a scenario",
                       ErrorContext{file.string(), 0, 0, {},
                                    "give a scenario file; big data belong in the input files "
                                    "it names"});
  }
  if (in.bad())
    throw InputError("cannot read the scenario file", in_file);
  if (text.find('\0') != std::string::npos)
    throw InputError("not a text file (it holds NUL bytes: a raster, an archive?)",
                     ErrorContext{file.string(), 0, 0, {},
                                  "give the scenario, a YAML or JSON text file; data files are "
                                  "named inside it"});
  return text;
}

/// JSON files get a JSON parser's syntax check first: YAML reads much broken
/// JSON as something else (",," as an entry named null).
void check_json_syntax(const std::string& text, const fs::path& file) {
  try {
    const json parsed = json::parse(text, nullptr, true, /*ignore_comments=*/false);
    (void)parsed;
  } catch (const json::parse_error& e) {
    ErrorContext c{file.string(), 1, 1, {}, "fix the JSON syntax at that place"};
    const std::size_t end = std::min<std::size_t>(e.byte > 0 ? e.byte - 1 : 0, text.size());
    for (std::size_t i = 0; i < end; ++i) {
      if (text[i] == '\n') {
        ++c.line;
        c.column = 1;
      } else {
        ++c.column;
      }
    }
    std::string what = e.what();  // "[json.exception.parse_error.101] parse error at line ..: msg"
    const auto colon = what.rfind(": ");
    throw ConfigError(
        "not valid JSON: " + (colon == std::string::npos ? what : what.substr(colon + 2)),
        std::move(c));
  }
}

/// "flood.breaches.0.start_s=7200" applied to the document.
void apply_override(json& doc, const std::string& text, SourceMap& sources) {
  const ErrorContext where{"--set " + text, 0, 0, {}, {}};
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw ConfigError("--set " + text +
                      ": expected key.path=value, e.g. --set flood.manning.constant=0.04");
  const std::string path = text.substr(0, eq);
  const std::string value = text.substr(eq + 1);
  json parsed;
  try {
    SourceMap ignore(where.file);
    Budget budget;
    parsed = yaml_to_json(YAML::Load(value), "", ignore, budget);
  } catch (const YAML::Exception& e) {
    throw ConfigError("the value is not valid YAML: " + e.msg, where);
  } catch (const ConfigError& e) {
    ErrorContext c = where;  // the place is the override, the field its path
    c.field = path;
    c.fix = e.context().fix;
    throw ConfigError(e.message(), std::move(c));
  }
  json* node = &doc;
  std::string ptr;
  std::stringstream ss(path);
  std::string part;
  std::vector<std::string> parts;
  while (std::getline(ss, part, '.')) parts.push_back(part);
  if (path.back() == '.') parts.emplace_back();
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& p = parts[i];
    if (p.empty())
      throw ConfigError("the key path has an empty part (two dots, or a dot at an end)", where);
    if (node->is_null() && !p.empty() &&
        std::all_of(p.begin(), p.end(), [](unsigned char c) { return std::isdigit(c); }))
      throw ConfigError("'" + pointer_to_dotted(ptr) +
                            "' is not in the scenario, so it has no item " + p,
                        ErrorContext{where.file, 0, 0, {},
                                     "write the list in the scenario file first; --set changes "
                                     "items that exist"});
    ptr += "/" + p;
    const bool last = i + 1 == parts.size();
    if (node->is_array()) {
      std::size_t idx = 0;
      try {
        idx = std::stoul(p);
      } catch (...) {
        throw ConfigError("'" + p + "' must be an array index", where);
      }
      if (idx >= node->size())
        throw ConfigError(
            "index " + p + " is past the end (" + std::to_string(node->size()) + " entries)",
            where);
      node = &(*node)[idx];
    } else {
      if (node->is_null()) *node = json::object();
      if (!node->is_object())
        throw ConfigError("'" + p + "' is inside a value that is not a map", where);
      node = &(*node)[p];
    }
    if (last) *node = parsed;
  }
  sources.from_override(ptr, text);
}

/// Fills absent properties that have a "default" in the schema (recursively,
/// also inside array items).
void fill_defaults(json& doc, const json& schema, const json& root_schema) {
  const json* s = &schema;
  if (s->contains("$ref")) {
    const std::string ref = (*s)["$ref"];  // "#/definitions/x"
    s = &root_schema.at(json::json_pointer(ref.substr(1)));
  }
  if (doc.is_object() && s->contains("properties")) {
    for (const auto& [key, sub] : (*s)["properties"].items()) {
      if (!doc.contains(key) && sub.contains("default")) doc[key] = sub["default"];
      if (doc.contains(key)) fill_defaults(doc[key], sub, root_schema);
    }
  }
  if (doc.is_array() && s->contains("items") && (*s)["items"].is_object())
    for (auto& item : doc) fill_defaults(item, (*s)["items"], root_schema);
}

std::string context_to_pointer(const std::vector<std::string>& ctx) {
  std::string p;
  for (const auto& c : ctx) {
    if (c == "<root>") continue;
    if (c.size() >= 2 && c.front() == '[' && c.back() == ']') p += "/" + c.substr(1, c.size() - 2);
  }
  return p;
}

/// The schema of the value at `pointer` (nullptr where the schema has none).
const json* schema_at(const std::string& pointer) {
  const json& root = schema_json();
  const auto deref = [&](const json* s) {
    for (int i = 0; i < 8 && s && s->is_object() && s->contains("$ref"); ++i) {
      const std::string ref = (*s)["$ref"];
      if (ref.rfind("#/", 0) != 0) return s;
      s = &root.at(json::json_pointer(ref.substr(1)));
    }
    return s;
  };
  const json* s = deref(&root);
  std::stringstream ss(pointer.empty() ? "" : pointer.substr(1));
  std::string part;
  while (s && std::getline(ss, part, '/')) {
    if (s->contains("properties") && (*s)["properties"].contains(part))
      s = &(*s)["properties"][part];
    else if (s->contains("items") && (*s)["items"].is_object())
      s = &(*s)["items"];
    else if (s->contains("additionalProperties") && (*s)["additionalProperties"].is_object())
      s = &(*s)["additionalProperties"];
    else
      return nullptr;
    s = deref(s);
  }
  return s;
}

/// "expected a number > 0 (Simulated duration, s.)" from the schema of the value at `pointer`.
std::string expected_text(const std::string& pointer) {
  const json* s = schema_at(pointer);
  if (!s || !s->is_object()) return {};
  std::string t;
  if (s->contains("enum")) {
    t = "expected one of";
    for (const auto& v : (*s)["enum"]) t += " " + v.dump();
  } else if (s->contains("type") && (*s)["type"].is_string()) {
    const std::string type = (*s)["type"];
    t = "expected " + std::string(type == "integer" ? "an " : "a ") +
        (type == "object" ? "map" : type == "array" ? "list" : type);
    for (const auto& [key, op] : {std::pair<const char*, const char*>{"minimum", ">="},
                                  {"exclusiveMinimum", ">"},
                                  {"maximum", "<="},
                                  {"exclusiveMaximum", "<"}})
      if (s->contains(key) && (*s)[key].is_number()) t += std::string(" ") + op + " " + (*s)[key].dump();
  }
  if (s->contains("description") && (*s)["description"].is_string())
    t += (t.empty() ? "" : ": ") + (*s)["description"].get<std::string>();
  return t;
}

/// Levenshtein distance, for "did you mean" (keys are short).
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

/// For an unknown key: the fields the map at `pointer` may have, the closest first when near.
std::string known_fields_text(const std::string& pointer, const std::string& key) {
  const json* s = schema_at(pointer);
  if (!s || !s->contains("properties")) return {};
  std::string names, best;
  std::size_t best_d = 3;  // at most two edits away
  for (const auto& [name, sub] : (*s)["properties"].items()) {
    names += (names.empty() ? "" : ", ") + name;
    const std::size_t d = edit_distance(key, name);
    if (d < best_d) best_d = d, best = name;
  }
  return (best.empty() ? std::string() : "did you mean '" + best + "'? ") + "the fields of " +
         pointer_to_dotted(pointer) + " are: " + names;
}

void validate_against_schema(const json& doc, const SourceMap& sources) {
  static const std::unique_ptr<valijson::Schema> schema = [] {
    auto sch = std::make_unique<valijson::Schema>();
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter adapter(schema_json());
    parser.populateSchema(adapter, *sch);
    return sch;
  }();
  valijson::Validator validator(valijson::Validator::kStrongTypes);
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(doc);
  if (validator.validate(*schema, target, &results)) return;
  // The deepest errors first: they are the specific ones. The first is the
  // error's place; up to four more are listed in the message.
  // Valijson adds a "Failed to validate against schema associated with ..." for
  // every ancestor of a wrong value: noise next to the specific error.
  std::vector<valijson::ValidationResults::Error> errors;
  for (const auto& e : results)
    if (e.description.rfind("Failed to validate against schema", 0) != 0) errors.push_back(e);
  if (errors.empty()) errors.assign(results.begin(), results.end());
  std::stable_sort(errors.begin(), errors.end(), [](const auto& a, const auto& b) {
    return a.context.size() > b.context.size();
  });
  std::string first_pointer = context_to_pointer(errors.front().context);
  std::string expected = expected_text(first_pointer);
  // An unknown key: point at the key itself and list the known ones.
  static const std::regex unknown_re(R"(could not be validated using 'properties' or 'additionalProperties' constraints: '(.*)'\.?$)");
  std::smatch m;
  const bool unknown = std::regex_search(errors.front().description, m, unknown_re);
  if (unknown) {
    expected = known_fields_text(first_pointer, m[1].str());
    first_pointer += "/" + m[1].str();
  }
  ErrorContext first = sources.locate(first_pointer);
  first.fix = expected.empty() ? std::string(kSchemaFix) : expected + "; " + kSchemaFix;
  std::string msg = unknown ? "unknown field '" + m[1].str() +
                                 "' (not in the schema, scenarios/scenario.schema.json)"
                           : "does not match the schema (scenarios/scenario.schema.json): " +
                                 errors.front().description;
  for (std::size_t i = 1; i < std::min<std::size_t>(errors.size(), 5); ++i) {
    ErrorContext c = sources.locate(context_to_pointer(errors[i].context));
    c.file = c.file == first.file ? std::string() : c.file;
    msg += "\n  also " + Error::describe(errors[i].description, c);
  }
  throw ConfigError(msg, std::move(first));
}

}  // namespace

const json& schema_json() {
  static const json s = json::parse(schema_text());
  return s;
}

namespace {

/// One scenario file as a document (no extends, no overrides, no validation).
json read_one_document(const fs::path& file, SourceMap& sources) {
  sources = SourceMap(file);
  const ErrorContext in_file{file.string(), 0, 0, {}, {}};
  if (!fs::exists(file))
    throw InputError(
        "scenario file not found",
        ErrorContext{file.string(), 0, 0, {}, "give the path to a .yaml or .json scenario"});
  const std::string text = read_bounded(file);
  if (file.extension() == ".json") check_json_syntax(text, file);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw ConfigError("not valid YAML/JSON: " + e.msg, mark_context(sources, e.mark));
  } catch (const YAML::Exception& e) {
    throw ConfigError("cannot read: " + std::string(e.what()), in_file);
  }
  if (!root.IsMap())
    throw ConfigError(
        "the scenario must be a map of fields (name:, flood:, ...), found " +
            (root.IsNull() ? std::string("an empty document") : std::string("something else")),
        in_file);
  Budget budget;
  return yaml_to_json(root, "", sources, budget);
}

}  // namespace

json read_scenario_document(const fs::path& file, const std::vector<std::string>& overrides,
                            SourceMap& sources) {
  json doc = read_one_document(file, sources);
  doc = resolve_extends(file, std::move(doc), sources, read_one_document);
  for (const auto& o : overrides) apply_override(doc, o, sources);
  validate_against_schema(doc, sources);
  fill_defaults(doc, schema_json(), schema_json());
  return doc;
}

}  // namespace floodevac::app
