#include "styrkort/methods.hpp"

#include <array>
#include <utility>

namespace styrkort {

namespace {
template <class T, size_t N>
using Table = std::array<std::pair<T, const char*>, N>;

constexpr Table<NodeKind, 7> kNodeKind{{{NodeKind::vision, "vision"},
                                        {NodeKind::goal, "goal"},
                                        {NodeKind::direction, "direction"},
                                        {NodeKind::focus_area, "focus_area"},
                                        {NodeKind::sub_goal, "sub_goal"},
                                        {NodeKind::activity, "activity"},
                                        {NodeKind::indicator, "indicator"}}};
constexpr Table<Direction, 3> kDirection{{{Direction::higher_is_better, "higher_is_better"},
                                          {Direction::lower_is_better, "lower_is_better"},
                                          {Direction::band, "band"}}};
constexpr Table<Normalisation, 7> kNormalisation{{{Normalisation::progress, "progress"},
                                                  {Normalisation::ratio, "ratio"},
                                                  {Normalisation::bounded, "bounded"},
                                                  {Normalisation::minmax, "minmax"},
                                                  {Normalisation::zscore, "zscore"},
                                                  {Normalisation::rank, "rank"},
                                                  {Normalisation::percentile_rank, "percentile_rank"}}};
constexpr Table<Aggregation, 5> kAggregation{{{Aggregation::arithmetic, "arithmetic"},
                                              {Aggregation::geometric, "geometric"},
                                              {Aggregation::harmonic, "harmonic"},
                                              {Aggregation::power, "power"},
                                              {Aggregation::minimum, "minimum"}}};
constexpr Table<UnitAggregation, 6> kUnitAggregation{{{UnitAggregation::none, "none"},
                                                      {UnitAggregation::sum, "sum"},
                                                      {UnitAggregation::mean, "mean"},
                                                      {UnitAggregation::weighted_mean, "weighted_mean"},
                                                      {UnitAggregation::max, "max"},
                                                      {UnitAggregation::min, "min"}}};
constexpr Table<StatusMethod, 5> kStatusMethod{{{StatusMethod::score_bands, "score_bands"},
                                                {StatusMethod::sdg_dashboard, "sdg_dashboard"},
                                                {StatusMethod::share_green, "share_green"},
                                                {StatusMethod::worst, "worst"},
                                                {StatusMethod::two_worst, "two_worst"}}};
constexpr Table<TrendModel, 2> kTrendModel{{{TrendModel::cagr, "cagr"}, {TrendModel::linear, "linear"}}};
constexpr Table<ImputeMethod, 2> kImpute{{{ImputeMethod::none, "none"}, {ImputeMethod::peer_mean, "peer_mean"}}};
constexpr Table<Means, 4> kMeans{{{Means::twin_city, "twin_city"},
                                  {Means::partnership, "partnership"},
                                  {Means::network, "network"},
                                  {Means::project, "project"}}};
constexpr Table<ActivityStatus, 5> kActivityStatus{{{ActivityStatus::not_started, "not_started"},
                                                    {ActivityStatus::started, "started"},
                                                    {ActivityStatus::completed, "completed"},
                                                    {ActivityStatus::delayed, "delayed"},
                                                    {ActivityStatus::cancelled, "cancelled"}}};
constexpr Table<Status, 6> kStatus{{{Status::red, "red"},
                                    {Status::orange, "orange"},
                                    {Status::yellow, "yellow"},
                                    {Status::green, "green"},
                                    {Status::not_assessable, "not_assessable"},
                                    {Status::not_applicable, "not_applicable"}}};
constexpr Table<TrendCategory, 6> kTrend{{{TrendCategory::target_achieved, "target_achieved"},
                                          {TrendCategory::on_track, "on_track"},
                                          {TrendCategory::acceleration_needed, "acceleration_needed"},
                                          {TrendCategory::limited_progress, "limited_progress"},
                                          {TrendCategory::deterioration, "deterioration"},
                                          {TrendCategory::not_assessable, "not_assessable"}}};
constexpr Table<Arrow, 5> kArrow{{{Arrow::on_track, "on_track"},
                                  {Arrow::moderately_improving, "moderately_improving"},
                                  {Arrow::stagnating, "stagnating"},
                                  {Arrow::decreasing, "decreasing"},
                                  {Arrow::not_assessable, "not_assessable"}}};
constexpr Table<ValueOrigin, 4> kOrigin{{{ValueOrigin::missing, "missing"},
                                         {ValueOrigin::observed, "observed"},
                                         {ValueOrigin::units, "units"},
                                         {ValueOrigin::carried_forward, "carried_forward"}}};

constexpr Table<Interpolation, 3> kInterpolation{
    {{Interpolation::linear, "linear"}, {Interpolation::step, "step"}, {Interpolation::cagr, "cagr"}}};
constexpr Table<TargetShare, 2> kTargetShare{{{TargetShare::none, "none"}, {TargetShare::unit_weight, "unit_weight"}}};
constexpr Table<WarningCode, 6> kWarning{{{WarningCode::missing_target, "missing_target"},
                                          {WarningCode::unreachable_threshold, "unreachable_threshold"},
                                          {WarningCode::low_coverage, "low_coverage"},
                                          {WarningCode::subunit_values_only, "subunit_values_only"},
                                          {WarningCode::score_capped, "score_capped"},
                                          {WarningCode::imputed, "imputed"}}};

template <class T> struct TableOf;
#define STYRKORT_TABLE(T, tab)                \
  template <> struct TableOf<T> {             \
    static constexpr const auto& value = tab; \
  };
STYRKORT_TABLE(NodeKind, kNodeKind)
STYRKORT_TABLE(Direction, kDirection)
STYRKORT_TABLE(Normalisation, kNormalisation)
STYRKORT_TABLE(Aggregation, kAggregation)
STYRKORT_TABLE(UnitAggregation, kUnitAggregation)
STYRKORT_TABLE(StatusMethod, kStatusMethod)
STYRKORT_TABLE(TrendModel, kTrendModel)
STYRKORT_TABLE(ImputeMethod, kImpute)
STYRKORT_TABLE(Means, kMeans)
STYRKORT_TABLE(ActivityStatus, kActivityStatus)
STYRKORT_TABLE(Status, kStatus)
STYRKORT_TABLE(TrendCategory, kTrend)
STYRKORT_TABLE(Arrow, kArrow)
STYRKORT_TABLE(ValueOrigin, kOrigin)
STYRKORT_TABLE(Interpolation, kInterpolation)
STYRKORT_TABLE(TargetShare, kTargetShare)
STYRKORT_TABLE(WarningCode, kWarning)
#undef STYRKORT_TABLE

template <class T> const char* name_of(T v) {
  for (const auto& [value, name] : TableOf<T>::value)
    if (value == v) return name;
  return "?";
}
}  // namespace

template <class T> std::optional<T> parse_name(const std::string& name) {
  for (const auto& [value, n] : TableOf<T>::value)
    if (name == n) return value;
  return std::nullopt;
}

template <class T> std::string names_of() {
  std::string out;
  for (const auto& [value, n] : TableOf<T>::value) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

#define STYRKORT_NAMES(T)                                      \
  const char* to_string(T v) { return name_of(v); }            \
  template std::optional<T> parse_name<T>(const std::string&); \
  template std::string names_of<T>();
STYRKORT_NAMES(NodeKind)
STYRKORT_NAMES(Direction)
STYRKORT_NAMES(Normalisation)
STYRKORT_NAMES(Aggregation)
STYRKORT_NAMES(UnitAggregation)
STYRKORT_NAMES(StatusMethod)
STYRKORT_NAMES(TrendModel)
STYRKORT_NAMES(ImputeMethod)
STYRKORT_NAMES(Means)
STYRKORT_NAMES(ActivityStatus)
STYRKORT_NAMES(Status)
STYRKORT_NAMES(TrendCategory)
STYRKORT_NAMES(Arrow)
STYRKORT_NAMES(ValueOrigin)
STYRKORT_NAMES(Interpolation)
STYRKORT_NAMES(TargetShare)
STYRKORT_NAMES(WarningCode)
#undef STYRKORT_NAMES

}  // namespace styrkort
