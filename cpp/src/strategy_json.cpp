#include "styrkort/strategy_json.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "styrkort/error.hpp"

namespace styrkort {

using nlohmann::json;

namespace {

constexpr const char* kFormat = "styrkort-strategy/1";

// The keys of each kind of object (docs/format.md), in one place: the reader
// checks objects against these lists and format_keys() exports them.
using Keys = std::vector<const char*>;
const Keys kRootKeys{"format", "name",       "organisation", "periods", "units",
                     "nodes",  "activities", "assessments",  "defaults"};
const Keys kPeriodKeys{"id", "time"};
const Keys kUnitKeys{"id", "name", "kind", "parent", "weight", "peer_group"};
const Keys kNodeKeys{"id",
                     "kind",
                     "name",
                     "owner",
                     "priority",
                     "parents",
                     "aggregation",
                     "min_coverage",
                     "min_indicator_coverage",
                     "impute",
                     "status_rule",
                     "not_applicable",
                     "not_scored",
                     "unit_of_measure",
                     "direction",
                     "band",
                     "tolerance",
                     "baseline",
                     "target",
                     "by_unit",
                     "target_share",
                     "bounds",
                     "normalisation",
                     "unit_aggregation",
                     "carry_forward",
                     "trend"};
// Of the node keys, those about an indicator's measurements...
const Keys kIndicatorOnlyKeys{"unit_of_measure", "direction",        "band",          "tolerance",
                              "baseline",        "target",           "by_unit",       "target_share",
                              "bounds",          "unit_aggregation", "carry_forward", "trend"};
// ...and those about a node's parts, which an indicator (a leaf) has none of:
// the engine rolls up, counts and stands in for nodes above indicators only.
const Keys kAggregateOnlyKeys{"aggregation", "min_coverage", "min_indicator_coverage", "not_scored"};
const Keys kLinkKeys{"id", "weight"};
const Keys kAggregationKeys{"method", "p"};
// On a node, peers count when enough of their indicators have data; on an
// indicator, peers count when they have a value, and the unit may be asked to
// have values for some of the indicator's siblings.
const Keys kImputeNodeKeys{"method", "min_indicator_coverage"};
const Keys kImputeIndicatorKeys{"method", "min_sibling_values"};
const Keys kStatusRuleKeys{"method", "green", "yellow", "orange", "red"};
const Keys kReferenceKeys{"value", "period"};
const Keys kTargetKeys{"value", "period", "milestones", "interpolation"};
const Keys kByUnitKeys{"unit", "baseline", "target"};
const Keys kBoundsKeys{"worst", "best"};
const Keys kTrendKeys{"model", "start", "horizon"};
const Keys kActivityKeys{"id",   "name",         "focus_area", "year",          "directions",  "means",  "owner",
                         "unit", "planned_cost", "spent_cost", "planned_hours", "spent_hours", "status", "gas"};
const Keys kGasKeys{"levels", "attained", "weight"};
const Keys kGasLevelKeys{"-2", "-1", "0", "1", "2"};
const Keys kAssessmentKeys{"node", "unit", "period", "status", "comment"};
const Keys kDefaultsKeys{"normalisation", "aggregation",   "indicator_status_rule", "node_status_rule",
                         "trend",         "carry_forward", "min_indicator_coverage"};

bool contains(const Keys& keys, const std::string& key) {
  // One hash lookup per key of a document (a strategy of 10^6 nodes has
  // millions of keys) rather than a walk along the list; a list outside the
  // exported table is walked.
  static const auto sets = [] {
    std::unordered_map<const Keys*, std::unordered_set<std::string_view>> out;
    for (const auto& kind : format_keys()) out[&kind.keys].insert(kind.keys.begin(), kind.keys.end());
    return out;
  }();
  if (const auto it = sets.find(&keys); it != sets.end()) return it->second.count(key) > 0;
  return std::any_of(keys.begin(), keys.end(), [&](const char* k) { return key == k; });
}

// Line and column (1-based) of a byte offset, for parse errors.
std::pair<size_t, size_t> line_column(const std::string& text, size_t offset) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++col;
  }
  return {line, col};
}

// Offset of the first invalid UTF-8 sequence, or npos (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF).
size_t invalid_utf8(const std::string& s) {
  size_t i = 0;
  const size_t n = s.size();
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  while (i < n) {
    const unsigned char c = byte(i);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c == 0xE0) {
      len = 3;
      lo = 0xA0;
    } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) len = 3;
    else if (c == 0xED) {
      len = 3;
      hi = 0x9F;
    } else if (c == 0xF0) {
      len = 4;
      lo = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3) len = 4;
    else if (c == 0xF4) {
      len = 4;
      hi = 0x8F;
    } else return i;
    if (i + len > n || byte(i + 1) < lo || byte(i + 1) > hi) return i;
    for (size_t k = 2; k < len; ++k)
      if ((byte(i + k) & 0xC0) != 0x80) return i;
    i += len;
  }
  return std::string::npos;
}

// The parsed document lives only while the strategy is read. Its objects and
// arrays come from one arena, released in one go when the reading is done,
// instead of from millions of malloc/free pairs: for a strategy of 10^6 nodes
// the frees alone took about a second (issue 12). The allocator is stateless
// (nlohmann::basic_json takes an allocator template, not an instance), so the
// arena in use is the reading thread's; outside a reading (the static empty
// list below) it falls back to operator new.
class Arena {
 public:
  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  void* take(std::size_t bytes, std::size_t align) {
    std::size_t skip = (align - reinterpret_cast<std::uintptr_t>(next_) % align) % align;
    if (next_ == nullptr || skip + bytes > left_) {
      // blocks grow with the document: 64 KiB doubling up to 64 MiB, or one just large enough
      block_ = std::min<std::size_t>(block_ * 2, std::size_t{64} << 20);
      blocks_.emplace_back(new char[std::max(block_, bytes + align)]);
      next_ = blocks_.back().get();
      left_ = std::max(block_, bytes + align);
      skip = (align - reinterpret_cast<std::uintptr_t>(next_) % align) % align;
    }
    void* p = next_ + skip;
    next_ += skip + bytes;
    left_ -= skip + bytes;
    return p;
  }

 private:
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* next_ = nullptr;
  std::size_t left_ = 0, block_ = std::size_t{32} << 10;
};

thread_local Arena* reading_arena = nullptr;

template <class T>
struct ArenaAllocator {
  using value_type = T;
  ArenaAllocator() = default;
  template <class U>
  ArenaAllocator(const ArenaAllocator<U>&) noexcept {}
  T* allocate(std::size_t n) {
    if (reading_arena) return static_cast<T*>(reading_arena->take(n * sizeof(T), alignof(T)));
    return static_cast<T*>(::operator new(n * sizeof(T)));
  }
  // Memory of the arena goes back with the arena; the fallback's goes back now.
  // A document is made and destroyed within one reading (see ArenaScope).
  void deallocate(T* p, std::size_t) noexcept {
    if (!reading_arena) ::operator delete(p);
  }
  template <class U>
  bool operator==(const ArenaAllocator<U>&) const noexcept {
    return true;
  }
  template <class U>
  bool operator!=(const ArenaAllocator<U>&) const noexcept {
    return false;
  }
};

/// Makes `arena` the current thread's for its lifetime.
class ArenaScope {
 public:
  explicit ArenaScope(Arena& arena) : previous_(reading_arena) { reading_arena = &arena; }
  ~ArenaScope() { reading_arena = previous_; }
  ArenaScope(const ArenaScope&) = delete;
  ArenaScope& operator=(const ArenaScope&) = delete;

 private:
  Arena* previous_;
};

using Dom =
    nlohmann::basic_json<std::map, std::vector, std::string, bool, std::int64_t, std::uint64_t, double, ArenaAllocator>;
// Made when the library loads, outside any reading: it outlives every arena.
const Dom kEmptyList = Dom::array();

class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  /// `key`: the key of the object at `path` the error is about (missing or unknown).
  [[noreturn]] void fail(const std::string& path, const std::string& rule, const std::string& key = {}) const {
    throw StrategyError(Location{source_, path, -1, {}, key}, rule);
  }

  void keys(const Dom& o, const std::string& path, const Keys& allowed) const {
    if (!o.is_object()) fail(path, "expected an object, got " + std::string(o.type_name()));
    std::uint64_t signature = 0;
    for (auto it = o.begin(); it != o.end(); ++it) {
      if (!contains(allowed, it.key())) {
        std::string list;
        for (const char* k : allowed) list += std::string(list.empty() ? "" : ", ") + k;
        fail(path, "unknown key \"" + it.key() + "\" (allowed: " + list + ")", it.key());
      }
      signature |= key_bit(it.key().data(), it.key().size());
    }
    signatures_[next_signature_] = {&o, signature};
    next_signature_ = (next_signature_ + 1) % signatures_.size();
  }

  const Dom* find(const Dom& o, const char* key) const {
    // The reader asks a node for each of the 26 keys a node may have, most of
    // them absent: the keys of the objects checked last (by keys()) are kept
    // as a signature, so that an absent key is mostly answered without a
    // search of the object (10^6 nodes: about a second less).
    for (const auto& [object, signature] : signatures_)
      if (object == &o && !(signature & key_bit(key, std::char_traits<char>::length(key)))) return nullptr;
    auto it = o.find(key);
    return it == o.end() || it->is_null() ? nullptr : &*it;
  }

  std::string str(const Dom& o, const char* key, const std::string& path, bool required = false) const {
    const Dom* v = find(o, key);
    if (!v) {
      if (required) fail(path, std::string("missing required key \"") + key + "\"", key);
      return {};
    }
    if (!v->is_string()) fail(path + "." + key, "expected a string, got " + std::string(v->type_name()));
    return v->get<std::string>();
  }

  double num(const Dom& o, const char* key, const std::string& path, double fallback = kNaN) const {
    const Dom* v = find(o, key);
    if (!v) return fallback;
    return number(*v, path, key);
  }

  /// The number at `path` (and `.key` under it when a key is given: the path
  /// is only put together for an error, not for each of millions of numbers).
  double number(const Dom& v, const std::string& path, const char* key = nullptr) const {
    auto at = [&] { return key ? path + "." + key : path; };
    if (!v.is_number()) fail(at(), "expected a number, got " + std::string(v.type_name()));
    const double x = v.get<double>();
    if (!std::isfinite(x)) fail(at(), "the number must be finite");
    return x;
  }

  int integer(const Dom& o, const char* key, const std::string& path, int fallback) const {
    const Dom* v = find(o, key);
    if (!v) return fallback;
    if (!v->is_number_integer()) fail(path + "." + key, "expected an integer");
    const auto x = whole(*v);
    if (!x)
      fail(path + "." + key, "the integer " + v->dump() + " is out of range (at most " +
                                 std::to_string(std::numeric_limits<int>::max()) + ")");
    return *x;
  }

  /// An integer value within int's range (nothing when out of it: never
  /// wrapped, so 2^32 + 1 is not read as 1).
  static std::optional<int> whole(const Dom& v) {
    if (v.is_number_unsigned()) {
      const auto x = v.get<std::uint64_t>();
      if (x > static_cast<std::uint64_t>(std::numeric_limits<int>::max())) return std::nullopt;
      return static_cast<int>(x);
    }
    if (!v.is_number_integer()) return std::nullopt;
    const auto x = v.get<std::int64_t>();
    if (x < std::numeric_limits<int>::min() || x > std::numeric_limits<int>::max()) return std::nullopt;
    return static_cast<int>(x);
  }

  template <class T> std::optional<T> name(const Dom& o, const char* key, const std::string& path) const {
    std::string s = str(o, key, path);
    if (s.empty()) return std::nullopt;
    auto v = parse_name<T>(s);
    if (!v) fail(path + "." + key, "unknown value \"" + s + "\" (allowed: " + names_of<T>() + ")");
    return v;
  }

  const Dom& array(const Dom& o, const char* key, const std::string& path) const {
    const Dom* v = find(o, key);
    if (!v) return kEmptyList;
    if (!v->is_array()) fail(path + "." + key, "expected a list, got " + std::string(v->type_name()));
    return *v;
  }

  std::vector<std::string> strings(const Dom& o, const char* key, const std::string& path) const {
    std::vector<std::string> out;
    const Dom& a = array(o, key, path);
    for (size_t i = 0; i < a.size(); ++i) {
      if (!a[i].is_string()) fail(path + "." + key + "[" + std::to_string(i) + "]", "expected a string");
      out.push_back(a[i].get<std::string>());
    }
    return out;
  }

  StatusRule status_rule(const Dom& o, const std::string& path) const {
    keys(o, path, kStatusRuleKeys);
    StatusRule r;
    auto m = name<StatusMethod>(o, "method", path);
    if (!m) fail(path, "missing required key \"method\"", "method");
    r.method = *m;
    r.green = num(o, "green", path);
    r.yellow = num(o, "yellow", path);
    r.orange = num(o, "orange", path);
    r.red = num(o, "red", path);
    return r;
  }

  AggregationSpec aggregation(const Dom& o, const std::string& path) const {
    AggregationSpec a;
    if (o.is_string()) {  // shorthand: "geometric"
      auto m = parse_name<Aggregation>(o.get<std::string>());
      if (!m)
        fail(path, "unknown aggregation \"" + o.get<std::string>() + "\" (allowed: " + names_of<Aggregation>() + ")");
      a.method = *m;
      if (a.method == Aggregation::power) fail(path, "the power mean needs {\"method\": \"power\", \"p\": ...}");
      return a;
    }
    keys(o, path, kAggregationKeys);
    auto m = name<Aggregation>(o, "method", path);
    if (!m) fail(path, "missing required key \"method\"", "method");
    a.method = *m;
    a.p = num(o, "p", path, 1.0);
    if (a.method == Aggregation::power && !find(o, "p")) fail(path, "the power mean needs \"p\"");
    if (a.method != Aggregation::power && find(o, "p"))
      fail(path + ".p",
           std::string("\"p\" is the exponent of the power mean; the method here is ") + to_string(a.method));
    return a;
  }

  TrendSpec trend(const Dom& o, const std::string& path) const {
    keys(o, path, kTrendKeys);
    TrendSpec t;
    if (auto m = name<TrendModel>(o, "model", path)) t.model = *m;
    t.start = str(o, "start", path);
    t.horizon = str(o, "horizon", path);
    return t;
  }

  // Goal Attainment Scaling levels (Kiresuk & Sherman 1968): {"levels": {"-2":
  // text, ..., "2": text}, "attained": -2..2, "weight": w}. The expected
  // outcome (level "0") must be described: it is what the scale is built on.
  GoalAttainment goal_attainment(const Dom& o, const std::string& path) const {
    keys(o, path, kGasKeys);
    GoalAttainment g;
    const Dom* levels = find(o, "levels");
    if (!levels)
      fail(path, "missing required key \"levels\" (descriptions of the outcome at -2, -1, 0, 1, 2)", "levels");
    keys(*levels, path + ".levels", kGasLevelKeys);
    for (int k = -2; k <= 2; ++k) g.levels[k + 2] = str(*levels, std::to_string(k).c_str(), path + ".levels");
    if (g.levels[2].empty())
      fail(path + ".levels", "missing the expected outcome \"0\" (Goal Attainment Scaling is built around it)");
    if (const Dom* v = find(o, "attained")) {
      const auto level = whole(*v);
      if (!level || *level < -2 || *level > 2)
        fail(path + ".attained",
             "the attained level is a whole number from -2 to 2 (or null when not yet followed up), got " + v->dump());
      g.attained = *level;
    }
    g.weight = num(o, "weight", path, 1.0);
    if (!(g.weight > 0)) fail(path + ".weight", "a weight must be > 0");
    return g;
  }

  Reference reference(const Dom& o, const std::string& path) const {
    keys(o, path, kReferenceKeys);
    return point(o, path);
  }

  // The "value" and "period" of a baseline, target or milestone.
  Reference point(const Dom& o, const std::string& path) const {
    Reference r;
    const Dom* v = find(o, "value");
    if (!v) fail(path, "missing required key \"value\"", "value");
    r.value = number(*v, path + ".value");
    r.period = str(o, "period", path, true);
    return r;
  }

  // A target: {"value", "period"} with optional "milestones" (earlier
  // {"period", "value"} points of its path) and "interpolation" between them.
  Target target(const Dom& o, const std::string& path) const {
    keys(o, path, kTargetKeys);
    Target t;
    static_cast<Reference&>(t) = point(o, path);
    const Dom& ms = array(o, "milestones", path);
    for (size_t i = 0; i < ms.size(); ++i)
      t.milestones.push_back(reference(ms[i], path + ".milestones[" + std::to_string(i) + "]"));
    if (auto m = name<Interpolation>(o, "interpolation", path)) t.interpolation = *m;
    return t;
  }

  // Per-unit baselines and targets: [{"unit", "baseline", "target"}].
  std::vector<UnitReference> by_unit(const Dom& o, const std::string& path) const {
    std::vector<UnitReference> out;
    const Dom& list = array(o, "by_unit", path);
    for (size_t i = 0; i < list.size(); ++i) {
      const std::string at = path + ".by_unit[" + std::to_string(i) + "]";
      keys(list[i], at, kByUnitKeys);
      UnitReference u;
      u.where = at;
      u.unit_id = str(list[i], "unit", at, true);
      if (const Dom* b = find(list[i], "baseline")) u.baseline = reference(*b, at + ".baseline");
      if (const Dom* t = find(list[i], "target")) u.target = target(*t, at + ".target");
      out.push_back(u);
    }
    return out;
  }

  /// Reads the node at `path` into `n` (a fresh node in place in the
  /// strategy's list: a node is large, and 10^6 of them were moved once each).
  void node(const Dom& o, const std::string& path, Node& n) const {
    keys(o, path, kNodeKeys);
    n.where = path;
    n.id = str(o, "id", path, true);
    auto kind = name<NodeKind>(o, "kind", path);
    if (!kind) fail(path, "missing required key \"kind\" (" + names_of<NodeKind>() + ")", "kind");
    n.kind = *kind;
    const bool indicator = n.kind == NodeKind::indicator;
    for (const char* k : kAggregateOnlyKeys)
      if (indicator && find(o, k))
        fail(path + "." + k, std::string("only nodes above indicators have \"") + k + "\"; node '" + n.id +
                                 "' is an indicator, a leaf with no parts to roll up, count or stand in for");
    n.name = str(o, "name", path);
    if (n.name.empty()) n.name = n.id;
    n.owner = str(o, "owner", path);
    n.priority = integer(o, "priority", path, 0);
    if (find(o, "priority") && n.priority < 1)
      fail(path + ".priority", "a priority rank is an integer >= 1 (1 = most important)");
    const Dom& ps = array(o, "parents", path);
    for (size_t i = 0; i < ps.size(); ++i) {
      const std::string at = path + ".parents[" + std::to_string(i) + "]";
      Link l;
      if (ps[i].is_string()) {
        l.parent_id = ps[i].get<std::string>();
      } else {
        keys(ps[i], at, kLinkKeys);
        l.parent_id = str(ps[i], "id", at, true);
        l.weight = num(ps[i], "weight", at, 1.0);
      }
      n.parents.push_back(std::move(l));
    }
    if (const Dom* a = find(o, "aggregation")) n.aggregation = aggregation(*a, path + ".aggregation");
    n.min_coverage = num(o, "min_coverage", path, 0.0);
    n.min_indicator_coverage = num(o, "min_indicator_coverage", path);
    if (const Dom* im = find(o, "impute")) {
      const std::string at = path + ".impute";
      const Keys& allowed = indicator ? kImputeIndicatorKeys : kImputeNodeKeys;
      keys(*im, at, allowed);
      auto m = name<ImputeMethod>(*im, "method", at);
      if (!m) fail(at, "missing required key \"method\" (" + names_of<ImputeMethod>() + ")", "method");
      n.impute.method = *m;
      // Without imputation the peers' conditions would do nothing.
      for (const char* k : allowed)
        if (n.impute.method == ImputeMethod::none && std::string(k) != "method" && find(*im, k))
          fail(at + "." + k,
               std::string("\"") + k + "\" is a condition of peer_mean imputation; the method here is none");
      n.impute.min_indicator_coverage = num(*im, "min_indicator_coverage", at, 0.0);
      n.impute.min_sibling_values = integer(*im, "min_sibling_values", at, 0);
      if (n.impute.min_sibling_values < 0) fail(at + ".min_sibling_values", "a count >= 0");
    }
    if (const Dom* r = find(o, "status_rule")) n.status_rule = status_rule(*r, path + ".status_rule");
    n.not_applicable_ids = strings(o, "not_applicable", path);
    n.not_scored_ids = strings(o, "not_scored", path);
    // On an indicator its own normalisation; on another node the default of the
    // indicators below it.
    n.normalisation = name<Normalisation>(o, "normalisation", path);

    for (const char* k : kIndicatorOnlyKeys)
      if (!indicator && find(o, k))
        fail(path + "." + k,
             std::string("only indicators have \"") + k + "\"; node '" + n.id + "' is a " + to_string(n.kind));
    if (!indicator) return;
    n.unit_of_measure = str(o, "unit_of_measure", path);
    if (auto d = name<Direction>(o, "direction", path)) n.direction = *d;
    if (const Dom* b = find(o, "band")) {
      if (!b->is_array() || b->size() != 2) fail(path + ".band", "expected [low, high]");
      n.band_low = number((*b)[0], path + ".band[0]");
      n.band_high = number((*b)[1], path + ".band[1]");
    }
    n.tolerance = num(o, "tolerance", path);
    if (const Dom* b = find(o, "baseline")) n.baseline = reference(*b, path + ".baseline");
    if (const Dom* t = find(o, "target")) n.target = target(*t, path + ".target");
    n.by_unit = by_unit(o, path);
    if (auto ts = name<TargetShare>(o, "target_share", path)) n.target_share = *ts;
    if (const Dom* b = find(o, "bounds")) {
      const std::string at = path + ".bounds";
      keys(*b, at, kBoundsKeys);
      n.worst = num(*b, "worst", at);
      n.best = num(*b, "best", at);
    }
    if (auto u = name<UnitAggregation>(o, "unit_aggregation", path)) n.unit_aggregation = *u;
    n.carry_forward = num(o, "carry_forward", path);
    if (const Dom* t = find(o, "trend")) n.trend = trend(*t, path + ".trend");
  }

  Strategy strategy(const Dom& root) const {
    const std::string path = "$";
    keys(root, path, kRootKeys);
    const std::string format = str(root, "format", path);
    if (!format.empty() && format != kFormat)
      fail("$.format", "unsupported format \"" + format + "\"; this version reads \"" + kFormat + "\"");
    Strategy s;
    s.source = source_;
    s.name = str(root, "name", path);
    s.organisation = str(root, "organisation", path);

    if (find(root, "periods")) s.periods_declared = true;
    const Dom& periods = array(root, "periods", path);
    for (size_t i = 0; i < periods.size(); ++i) {
      const std::string at = "$.periods[" + std::to_string(i) + "]";
      const Dom& p = periods[i];
      Period period;
      period.time = kNaN;  // derived from the id unless given
      if (p.is_string()) {
        period.id = p.get<std::string>();
      } else {
        keys(p, at, kPeriodKeys);
        period.id = str(p, "id", at, true);
        period.time = num(p, "time", at);
      }
      auto parsed = parse_period(period.id);
      if (parsed) {
        period.kind = parsed->kind;
        if (std::isnan(period.time)) period.time = parsed->time;
      } else {
        period.kind = PeriodKind::other;
        if (std::isnan(period.time))
          fail(at, "period '" + period.id +
                       "' is not of the form YYYY, YYYY-T1..3, YYYY-H1..2, YYYY-Q1..4 or "
                       "YYYY-M01..12; give its \"time\" (in years)");
      }
      s.periods.push_back(period);
    }

    const Dom& units = array(root, "units", path);
    for (size_t i = 0; i < units.size(); ++i) {
      const std::string at = "$.units[" + std::to_string(i) + "]";
      const Dom& u = units[i];
      keys(u, at, kUnitKeys);
      Unit unit;
      unit.where = at;
      unit.id = str(u, "id", at, true);
      unit.name = str(u, "name", at);
      if (unit.name.empty()) unit.name = unit.id;
      unit.kind = str(u, "kind", at);
      unit.parent_id = str(u, "parent", at);
      unit.weight = num(u, "weight", at, 1.0);
      unit.peer_group = str(u, "peer_group", at);
      s.units.push_back(std::move(unit));
    }

    const Dom& nodes = array(root, "nodes", path);
    if (!find(root, "nodes") || nodes.empty()) fail(path, "a strategy needs \"nodes\" (at least one)");
    s.nodes.reserve(nodes.size());
    for (size_t i = 0; i < nodes.size(); ++i)
      node(nodes[i], "$.nodes[" + std::to_string(i) + "]", s.nodes.emplace_back());

    const Dom& acts = array(root, "activities", path);
    for (size_t i = 0; i < acts.size(); ++i) {
      const std::string at = "$.activities[" + std::to_string(i) + "]";
      const Dom& a = acts[i];
      keys(a, at, kActivityKeys);
      Activity act;
      act.where = at;
      act.id = str(a, "id", at, true);
      act.name = str(a, "name", at);
      if (act.name.empty()) act.name = act.id;
      act.focus_area_id = str(a, "focus_area", at);
      act.year = integer(a, "year", at, 0);
      act.directions = strings(a, "directions", at);
      act.means = name<Means>(a, "means", at);
      act.owner = str(a, "owner", at);
      act.unit_id = str(a, "unit", at);
      act.planned_cost = num(a, "planned_cost", at);
      act.spent_cost = num(a, "spent_cost", at);
      act.planned_hours = num(a, "planned_hours", at);
      act.spent_hours = num(a, "spent_hours", at);
      if (auto st = name<ActivityStatus>(a, "status", at)) act.status = *st;
      if (const Dom* g = find(a, "gas")) act.gas = goal_attainment(*g, at + ".gas");
      s.activities.push_back(act);
    }

    const Dom& ass = array(root, "assessments", path);
    for (size_t i = 0; i < ass.size(); ++i) {
      const std::string at = "$.assessments[" + std::to_string(i) + "]";
      const Dom& a = ass[i];
      keys(a, at, kAssessmentKeys);
      Assessment m;
      m.where = at;
      m.node_id = str(a, "node", at, true);
      m.unit_id = str(a, "unit", at);
      m.period = str(a, "period", at, true);
      m.status = name<Status>(a, "status", at);  // none: a comment without a status
      m.comment = str(a, "comment", at);
      s.assessments.push_back(m);
    }

    if (const Dom* d = find(root, "defaults")) {
      const std::string at = "$.defaults";
      keys(*d, at, kDefaultsKeys);
      s.defaults.normalisation = name<Normalisation>(*d, "normalisation", at);
      if (const Dom* a = find(*d, "aggregation")) s.defaults.aggregation = aggregation(*a, at + ".aggregation");
      if (const Dom* r = find(*d, "indicator_status_rule")) {
        s.defaults.indicator_status = status_rule(*r, at + ".indicator_status_rule");
        if (s.defaults.indicator_status.method != StatusMethod::score_bands)
          fail(at + ".indicator_status_rule", "the default for indicators must be score_bands (sdg_dashboard "
                                              "thresholds belong to each indicator)");
      }
      if (const Dom* r = find(*d, "node_status_rule"))
        s.defaults.node_status = status_rule(*r, at + ".node_status_rule");
      if (const Dom* t = find(*d, "trend")) s.defaults.trend = trend(*t, at + ".trend");
      s.defaults.carry_forward = num(*d, "carry_forward", at, 0.0);
      s.defaults.min_indicator_coverage = num(*d, "min_indicator_coverage", at, s.defaults.min_indicator_coverage);
    }
    s.finalise();
    return s;
  }

 private:
  static std::uint64_t key_bit(const char* key, std::size_t length) {
    return std::uint64_t{1} << ((static_cast<unsigned char>(key[0]) * 31u + length) & 63u);
  }

  std::string source_;
  // (object, signature of its keys) of the last objects keys() checked: a node
  // and the parts read between its keys.
  mutable std::array<std::pair<const Dom*, std::uint64_t>, 4> signatures_{};
  mutable std::size_t next_signature_ = 0;
};

json rule_json(const StatusRule& r) {
  json o{{"method", to_string(r.method)}};
  if (!std::isnan(r.green)) o["green"] = r.green;
  if (!std::isnan(r.yellow)) o["yellow"] = r.yellow;
  if (!std::isnan(r.orange)) o["orange"] = r.orange;
  if (!std::isnan(r.red)) o["red"] = r.red;
  return o;
}

json aggregation_json(const AggregationSpec& a) {
  json o{{"method", to_string(a.method)}};
  if (a.method == Aggregation::power) o["p"] = a.p;
  return o;
}

json reference_json(const Reference& r) { return {{"value", r.value}, {"period", r.period}}; }

json target_json(const Target& t) {
  json o = reference_json(t);
  if (!t.milestones.empty()) {
    json ms = json::array();
    for (const auto& m : t.milestones) ms.push_back(reference_json(m));
    o["milestones"] = ms;
  }
  if (t.interpolation != Interpolation::linear) o["interpolation"] = to_string(t.interpolation);
  return o;
}

json trend_json(const TrendSpec& t) {
  json o{{"model", to_string(t.model)}};
  if (!t.start.empty()) o["start"] = t.start;
  if (!t.horizon.empty()) o["horizon"] = t.horizon;
  return o;
}

}  // namespace

Strategy strategy_from_json(const std::string& text, const std::string& source) {
  Reader reader(source);
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw StrategyError(Location{source, {}, -1, {}, {}},
                        "the file is empty; a strategy is a JSON object (see docs/format.md)");
  if (size_t bad = invalid_utf8(text); bad != std::string::npos) {
    auto [line, col] = line_column(text, bad);
    throw StrategyError(Location{source, {}, -1, {}, {}}, "line " + std::to_string(line) + ", column " +
                                                              std::to_string(col) + ": invalid UTF-8 (byte " +
                                                              std::to_string(bad) + "); save the file as UTF-8");
  }
  // Declared in this order so that the document is destroyed before the scope
  // ends and the arena goes.
  Arena arena;
  ArenaScope scope(arena);
  Dom root;
  try {
    root = Dom::parse(text);
  } catch (const json::parse_error& e) {
    auto [line, col] = line_column(text, e.byte > 0 ? e.byte - 1 : 0);
    // nlohmann's message reads "[json.exception.parse_error.101] parse error at line L,
    // column C: <reason>; last read: '<text>'": keep the reason.
    std::string what = e.what();
    const auto at = what.find("parse error");
    const auto colon = what.find(": ", at == std::string::npos ? 0 : at);
    std::string reason = colon == std::string::npos ? what : what.substr(colon + 2);
    if (const auto last = reason.find("; last read"); last != std::string::npos) reason.resize(last);
    throw StrategyError(Location{source, {}, -1, {}, {}}, "line " + std::to_string(line) + ", column " +
                                                              std::to_string(col) + ": malformed JSON: " + reason);
  } catch (const json::out_of_range& e) {
    // A number beyond a double's range (1e400): nlohmann's message names the
    // literal ("number overflow parsing '1e400'"); its first occurrence is the place.
    const std::string what = e.what();
    const auto q = what.find('\'');
    const auto q2 = q == std::string::npos ? q : what.find('\'', q + 1);
    const std::string literal = q2 == std::string::npos ? std::string() : what.substr(q + 1, q2 - q - 1);
    const size_t at = literal.empty() ? std::string::npos : text.find(literal);
    std::string place;
    if (at != std::string::npos) {
      auto [line, col] = line_column(text, at);
      place = "line " + std::to_string(line) + ", column " + std::to_string(col) + ": ";
    }
    throw StrategyError(Location{source, {}, -1, {}, {}},
                        place + "the number " + (literal.empty() ? std::string() : literal + " ") +
                            "is out of range (a number must be finite, within about ±1.8e308)");
  } catch (const json::exception& e) {
    throw StrategyError(Location{source, {}, -1, {}, {}}, std::string("malformed JSON: ") + e.what());
  }
  return reader.strategy(root);
}

const std::vector<ObjectKeys>& format_keys() {
  static const std::vector<ObjectKeys> table{
      {"root", kRootKeys},
      {"period", kPeriodKeys},
      {"unit", kUnitKeys},
      {"node", kNodeKeys},
      {"indicator_only", kIndicatorOnlyKeys},
      {"aggregate_only", kAggregateOnlyKeys},
      {"link", kLinkKeys},
      {"aggregation", kAggregationKeys},
      {"impute_node", kImputeNodeKeys},
      {"impute_indicator", kImputeIndicatorKeys},
      {"status_rule", kStatusRuleKeys},
      {"reference", kReferenceKeys},
      {"target", kTargetKeys},
      {"by_unit", kByUnitKeys},
      {"bounds", kBoundsKeys},
      {"trend", kTrendKeys},
      {"activity", kActivityKeys},
      {"gas", kGasKeys},
      {"gas_levels", kGasLevelKeys},
      {"assessment", kAssessmentKeys},
      {"defaults", kDefaultsKeys},
  };
  return table;
}

std::string strategy_to_json(const Strategy& s, int indent) {
  json root{{"format", kFormat}};
  if (!s.name.empty()) root["name"] = s.name;
  if (!s.organisation.empty()) root["organisation"] = s.organisation;
  if (s.periods_declared) {
    json ps = json::array();
    for (const auto& p : s.periods) {
      auto parsed = parse_period(p.id);
      if (parsed && parsed->time == p.time) ps.push_back(p.id);
      else ps.push_back({{"id", p.id}, {"time", p.time}});
    }
    root["periods"] = ps;
  }
  json units = json::array();
  for (const auto& u : s.units) {
    json o{{"id", u.id}, {"name", u.name}};
    if (!u.kind.empty()) o["kind"] = u.kind;
    if (!u.parent_id.empty()) o["parent"] = u.parent_id;
    if (u.weight != 1.0) o["weight"] = u.weight;
    if (!u.peer_group.empty()) o["peer_group"] = u.peer_group;
    units.push_back(o);
  }
  root["units"] = units;
  json nodes = json::array();
  for (const auto& n : s.nodes) {
    json o{{"id", n.id}, {"kind", to_string(n.kind)}, {"name", n.name}};
    if (!n.owner.empty()) o["owner"] = n.owner;
    if (n.priority > 0) o["priority"] = n.priority;
    if (!n.parents.empty()) {
      json ps = json::array();
      for (const auto& l : n.parents)
        ps.push_back(l.weight == 1.0 ? json(l.parent_id) : json{{"id", l.parent_id}, {"weight", l.weight}});
      o["parents"] = ps;
    }
    if (n.aggregation) o["aggregation"] = aggregation_json(*n.aggregation);
    if (n.min_coverage > 0) o["min_coverage"] = n.min_coverage;
    if (!std::isnan(n.min_indicator_coverage)) o["min_indicator_coverage"] = n.min_indicator_coverage;
    if (n.impute.method != ImputeMethod::none) {
      o["impute"] = {{"method", to_string(n.impute.method)}};
      if (n.is_indicator()) o["impute"]["min_sibling_values"] = n.impute.min_sibling_values;
      else o["impute"]["min_indicator_coverage"] = n.impute.min_indicator_coverage;
    }
    if (n.status_rule) o["status_rule"] = rule_json(*n.status_rule);
    if (!n.not_applicable_ids.empty()) o["not_applicable"] = n.not_applicable_ids;
    if (!n.not_scored_ids.empty()) o["not_scored"] = n.not_scored_ids;
    if (n.normalisation) o["normalisation"] = to_string(*n.normalisation);
    if (n.is_indicator()) {
      if (!n.unit_of_measure.empty()) o["unit_of_measure"] = n.unit_of_measure;
      o["direction"] = to_string(n.direction);
      if (n.direction == Direction::band) {
        o["band"] = {n.band_low, n.band_high};
        o["tolerance"] = n.tolerance;
      }
      if (n.baseline.given()) o["baseline"] = reference_json(n.baseline);
      if (n.target.given()) o["target"] = target_json(n.target);
      if (!n.by_unit.empty()) {
        json list = json::array();
        for (const auto& u : n.by_unit) {
          json e{{"unit", u.unit_id}};
          if (u.baseline.given()) e["baseline"] = reference_json(u.baseline);
          if (u.target.given()) e["target"] = target_json(u.target);
          list.push_back(e);
        }
        o["by_unit"] = list;
      }
      if (n.target_share != TargetShare::none) o["target_share"] = to_string(n.target_share);
      if (!std::isnan(n.worst)) o["bounds"] = {{"worst", n.worst}, {"best", n.best}};
      if (n.unit_aggregation != UnitAggregation::none) o["unit_aggregation"] = to_string(n.unit_aggregation);
      if (!std::isnan(n.carry_forward)) o["carry_forward"] = n.carry_forward;
      if (n.trend) o["trend"] = trend_json(*n.trend);
    }
    nodes.push_back(o);
  }
  root["nodes"] = nodes;
  json acts = json::array();
  for (const auto& a : s.activities) {
    json o{{"id", a.id}, {"name", a.name}, {"status", to_string(a.status)}};
    if (!a.focus_area_id.empty()) o["focus_area"] = a.focus_area_id;
    if (a.year) o["year"] = a.year;
    if (!a.directions.empty()) o["directions"] = a.directions;
    if (a.means) o["means"] = to_string(*a.means);
    if (!a.owner.empty()) o["owner"] = a.owner;
    if (!a.unit_id.empty()) o["unit"] = a.unit_id;
    for (auto [x, key] : {std::pair{a.planned_cost, "planned_cost"},
                          {a.spent_cost, "spent_cost"},
                          {a.planned_hours, "planned_hours"},
                          {a.spent_hours, "spent_hours"}})
      if (!std::isnan(x)) o[key] = x;
    if (a.gas) {
      json levels = json::object();
      for (int k = -2; k <= 2; ++k)
        if (!a.gas->levels[k + 2].empty()) levels[std::to_string(k)] = a.gas->levels[k + 2];
      json g{{"levels", levels}, {"weight", a.gas->weight}};
      if (a.gas->attained) g["attained"] = *a.gas->attained;
      o["gas"] = g;
    }
    acts.push_back(o);
  }
  if (!acts.empty()) root["activities"] = acts;
  json ass = json::array();
  for (const auto& a : s.assessments) {
    json o{{"node", a.node_id}, {"unit", s.units[a.unit].id}, {"period", a.period}, {"comment", a.comment}};
    if (a.status) o["status"] = to_string(*a.status);
    ass.push_back(o);
  }
  if (!ass.empty()) root["assessments"] = ass;
  json d{{"aggregation", aggregation_json(s.defaults.aggregation)},
         {"indicator_status_rule", rule_json(s.defaults.indicator_status)},
         {"node_status_rule", rule_json(s.defaults.node_status)},
         {"trend", trend_json(s.defaults.trend)},
         {"carry_forward", s.defaults.carry_forward},
         {"min_indicator_coverage", s.defaults.min_indicator_coverage}};
  if (s.defaults.normalisation) d["normalisation"] = to_string(*s.defaults.normalisation);
  root["defaults"] = d;
  return root.dump(indent);
}

}  // namespace styrkort
