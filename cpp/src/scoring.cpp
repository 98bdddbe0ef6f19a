// Scoring requests: value functions, the weighted sum and TOPSIS (see
// scoring.hpp for the methods and their sources).
#include "styrkort/scoring.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>
#include <unordered_set>

#include "styrkort/error.hpp"

namespace styrkort {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string num(double x) {
  std::ostringstream s;
  s.precision(10);
  s << x;
  return s.str();
}

std::string crit(const Criterion& c) { return "criterion '" + c.id + "'"; }

std::string table_ratings(const ValueFunction& f) {
  std::string s;
  for (std::size_t k = 0; k < f.points.size(); ++k) s += (k ? ", " : "") + num(f.points[k].first);
  return "{" + s + "}";
}

// 1 - exp(-c z) over 1 - exp(-c) for z in [0, 1], without overflow.
double exponential_value(double z, double c) {
  if (c == 0.0) return z;
  if (c > 0) return std::expm1(-c * z) / std::expm1(-c);
  const double a = -c;  // (e^{a z} - 1) / (e^a - 1) = e^{a (z - 1)} (1 - e^{-a z}) / (1 - e^{-a})
  return std::exp(a * (z - 1.0)) * (std::expm1(-a * z) / std::expm1(-a));
}

void check_points(const Criterion& c, const char* what) {
  const auto& p = c.value.points;
  const std::string where = "scoring: " + crit(c) + ": ";
  const std::size_t need = c.value.kind == ValueFunctionKind::piecewise ? 2 : 1;
  if (p.size() < need)
    throw ArgumentError(where + "a " + what + " value function needs at least " + std::to_string(need) +
                        (need == 1 ? " entry" : " points") + ", got " + std::to_string(p.size()));
  const bool benefit = c.direction == CriterionDirection::benefit;
  for (std::size_t k = 0; k < p.size(); ++k) {
    const std::string at = where + what + (need == 2 ? " point " : " entry ") + std::to_string(k + 1) + " (" +
                           num(p[k].first) + ", " + num(p[k].second) + "): ";
    if (!std::isfinite(p[k].first)) throw ArgumentError(at + "the rating must be finite");
    if (!(p[k].second >= 0.0 && p[k].second <= 1.0)) throw ArgumentError(at + "the value must be in [0, 1]");
    if (k == 0) continue;
    if (!(p[k].first > p[k - 1].first))
      throw ArgumentError(at + "ratings must be strictly increasing (the previous rating is " + num(p[k - 1].first) +
                          ")");
    const bool ok = benefit ? p[k].second >= p[k - 1].second : p[k].second <= p[k - 1].second;
    if (!ok)
      throw ArgumentError(at + "values must be " + (benefit ? "non-decreasing" : "non-increasing") + " for a " +
                          to_string(c.direction) + " criterion (the previous value is " + num(p[k - 1].second) + ")");
  }
}

void check_range(const Criterion& c) {
  const ValueFunction& f = c.value;
  const std::string where = "scoring: " + crit(c) + ": " + to_string(f.kind) + " value function: ";
  if (!std::isfinite(f.worst) || !std::isfinite(f.best))
    throw ArgumentError(where + "worst (" + num(f.worst) + ") and best (" + num(f.best) + ") must be finite");
  if (f.worst == f.best) throw ArgumentError(where + "worst and best are both " + num(f.worst) + "; they must differ");
  const bool benefit = c.direction == CriterionDirection::benefit;
  if (benefit != (f.best > f.worst))
    throw ArgumentError(where + "a " + to_string(c.direction) + " criterion needs best " + (benefit ? ">" : "<") +
                        " worst (got worst " + num(f.worst) + ", best " + num(f.best) + ")");
  if (f.kind == ValueFunctionKind::exponential && !std::isfinite(f.shape))
    throw ArgumentError(where + "the shape must be finite (got " + num(f.shape) + ")");
}

struct Prepared {
  std::vector<double> weight;         // normalised
  Eigen::MatrixXd rating, value;      // requests x criteria (rating after imputation)
  std::vector<unsigned char> imputed;  // row-major
};

// Checks everything and evaluates the value functions.
Prepared prepare(const std::vector<Criterion>& criteria, const std::vector<Request>& requests) {
  check_criteria(criteria);
  const std::size_t n = requests.size(), m = criteria.size();
  std::unordered_set<std::string> seen;
  for (std::size_t i = 0; i < n; ++i) {
    const Request& r = requests[i];
    if (r.id.empty()) throw ArgumentError("scoring: request " + std::to_string(i + 1) + ": the request id is empty");
    if (!seen.insert(r.id).second) throw ArgumentError("scoring: duplicate request id '" + r.id + "'");
    if (r.ratings.size() != m)
      throw ArgumentError("scoring: request '" + r.id + "' has " + std::to_string(r.ratings.size()) +
                          " ratings; give one per criterion (" + std::to_string(m) + ")");
  }
  Prepared p;
  double wsum = 0.0;
  for (const Criterion& c : criteria) wsum += c.weight;
  for (const Criterion& c : criteria) p.weight.push_back(c.weight / wsum);
  p.rating.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(m));
  p.value.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(m));
  p.imputed.assign(n * m, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const Request& r = requests[i];
    for (std::size_t j = 0; j < m; ++j) {
      const Criterion& c = criteria[j];
      const std::string at = "scoring: request '" + r.id + "', " + crit(c) + ": ";
      double x = r.ratings[j];
      if (std::isnan(x)) {
        if (!c.missing_rating)
          throw ArgumentError(at + "the rating is missing and the criterion states no default (missing_rating)");
        x = *c.missing_rating;
        p.imputed[i * m + j] = 1;
      } else if (!std::isfinite(x)) {
        throw ArgumentError(at + "the rating is " + num(x) + "; ratings must be finite (NaN: missing)");
      }
      const double v = c.value(x);
      if (std::isnan(v))  // only a step table can refuse a finite rating
        throw ArgumentError(at + "the rating " + num(x) + " is not in the step table; allowed ratings are " +
                            table_ratings(c.value));
      p.rating(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = x;
      p.value(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = v;
    }
  }
  return p;
}

ScoreResult start(ScoringMethod method, const std::vector<Criterion>& criteria, const std::vector<Request>& requests,
                  Prepared& p) {
  ScoreResult out;
  out.method = method;
  for (const Request& r : requests) out.request_ids.push_back(r.id);
  for (const Criterion& c : criteria) out.criterion_ids.push_back(c.id);
  out.weight = p.weight;
  const std::size_t n = requests.size(), m = criteria.size();
  out.value.resize(n * m);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < m; ++j)
      out.value[i * m + j] = p.value(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
  out.imputed = std::move(p.imputed);
  return out;
}

}  // namespace

const char* to_string(CriterionDirection d) { return d == CriterionDirection::benefit ? "benefit" : "cost"; }

const char* to_string(ValueFunctionKind k) {
  switch (k) {
    case ValueFunctionKind::linear: return "linear";
    case ValueFunctionKind::piecewise: return "piecewise";
    case ValueFunctionKind::step: return "step";
    case ValueFunctionKind::exponential: return "exponential";
  }
  return "?";
}

const char* to_string(ScoringMethod m) { return m == ScoringMethod::weighted_sum ? "weighted_sum" : "topsis"; }

CriterionDirection parse_criterion_direction(const std::string& name) {
  if (name == "benefit") return CriterionDirection::benefit;
  if (name == "cost") return CriterionDirection::cost;
  throw ArgumentError("scoring: unknown criterion direction '" + name + "'; use benefit or cost");
}

ValueFunctionKind parse_value_function_kind(const std::string& name) {
  for (ValueFunctionKind k : {ValueFunctionKind::linear, ValueFunctionKind::piecewise, ValueFunctionKind::step,
                              ValueFunctionKind::exponential})
    if (name == to_string(k)) return k;
  throw ArgumentError("scoring: unknown value function kind '" + name +
                      "'; use linear, piecewise, step or exponential");
}

ValueFunction ValueFunction::linear(double worst, double best) {
  ValueFunction f;
  f.kind = ValueFunctionKind::linear;
  f.worst = worst;
  f.best = best;
  return f;
}

ValueFunction ValueFunction::piecewise(std::vector<std::pair<double, double>> points) {
  ValueFunction f;
  f.kind = ValueFunctionKind::piecewise;
  f.points = std::move(points);
  return f;
}

ValueFunction ValueFunction::step(std::vector<std::pair<double, double>> table) {
  ValueFunction f;
  f.kind = ValueFunctionKind::step;
  f.points = std::move(table);
  return f;
}

ValueFunction ValueFunction::exponential(double worst, double best, double shape) {
  ValueFunction f;
  f.kind = ValueFunctionKind::exponential;
  f.worst = worst;
  f.best = best;
  f.shape = shape;
  return f;
}

double ValueFunction::operator()(double x) const {
  if (std::isnan(x)) return kNaN;
  switch (kind) {
    case ValueFunctionKind::linear:
    case ValueFunctionKind::exponential: {
      const double z = std::clamp((x - worst) / (best - worst), 0.0, 1.0);
      return kind == ValueFunctionKind::linear ? z : std::clamp(exponential_value(z, shape), 0.0, 1.0);
    }
    case ValueFunctionKind::piecewise: {
      if (points.empty()) return kNaN;
      if (x <= points.front().first) return points.front().second;
      if (x >= points.back().first) return points.back().second;
      const auto hi = std::upper_bound(points.begin(), points.end(), x,
                                       [](double a, const std::pair<double, double>& p) { return a < p.first; });
      const auto lo = hi - 1;
      const double t = (x - lo->first) / (hi->first - lo->first);
      return lo->second + t * (hi->second - lo->second);
    }
    case ValueFunctionKind::step: {
      const auto it = std::lower_bound(points.begin(), points.end(), x,
                                       [](const std::pair<double, double>& p, double a) { return p.first < a; });
      return it != points.end() && it->first == x ? it->second : kNaN;
    }
  }
  return kNaN;
}

void check_criteria(const std::vector<Criterion>& criteria) {
  if (criteria.empty()) throw ArgumentError("scoring: no criteria; give at least one criterion");
  std::unordered_set<std::string> seen;
  double wsum = 0.0;
  for (std::size_t j = 0; j < criteria.size(); ++j) {
    const Criterion& c = criteria[j];
    if (c.id.empty())
      throw ArgumentError("scoring: criterion " + std::to_string(j + 1) + ": the criterion id is empty");
    if (!seen.insert(c.id).second) throw ArgumentError("scoring: duplicate criterion id '" + c.id + "'");
    if (!std::isfinite(c.weight) || c.weight < 0)
      throw ArgumentError("scoring: " + crit(c) + ": the weight is " + num(c.weight) +
                          "; weights must be finite and >= 0");
    wsum += c.weight;
    switch (c.value.kind) {
      case ValueFunctionKind::linear:
      case ValueFunctionKind::exponential: check_range(c); break;
      case ValueFunctionKind::piecewise: check_points(c, "piecewise"); break;
      case ValueFunctionKind::step: check_points(c, "step"); break;
    }
    if (c.missing_rating) {
      const double d = *c.missing_rating;
      if (!std::isfinite(d))
        throw ArgumentError("scoring: " + crit(c) + ": the missing_rating is " + num(d) + "; it must be finite");
      if (std::isnan(c.value(d)))
        throw ArgumentError("scoring: " + crit(c) + ": the missing_rating " + num(d) +
                            " is not in the step table; allowed ratings are " + table_ratings(c.value));
    }
  }
  if (!(wsum > 0)) throw ArgumentError("scoring: all criterion weights are 0; at least one must be > 0");
}

std::vector<int> rank_descending(const std::vector<double>& scores, double tolerance) {
  const std::size_t n = scores.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const double x = scores[a], y = scores[b];
    if (std::isnan(x)) return false;
    if (std::isnan(y)) return true;
    return x > y;
  });
  std::vector<int> rank(n, 0);
  for (std::size_t k = 0; k < n; ++k) {
    const double s = scores[order[k]];
    bool tie = false;
    if (k > 0) {
      const double prev = scores[order[k - 1]];
      tie = std::isnan(s) ? std::isnan(prev) : (!std::isnan(prev) && prev - s <= tolerance);
    }
    rank[order[k]] = tie ? rank[order[k - 1]] : static_cast<int>(k + 1);
  }
  return rank;
}

ScoreResult score_weighted_sum(const std::vector<Criterion>& criteria, const std::vector<Request>& requests) {
  Prepared p = prepare(criteria, requests);
  ScoreResult out = start(ScoringMethod::weighted_sum, criteria, requests, p);
  const std::size_t n = requests.size(), m = criteria.size();
  out.contribution.resize(n * m);
  out.score.assign(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    double s = 0.0;
    for (std::size_t j = 0; j < m; ++j) {
      const double c = out.weight[j] * out.value[i * m + j];
      out.contribution[i * m + j] = c;
      s += c;
    }
    out.score[i] = std::clamp(s, 0.0, 1.0);  // rounding only
  }
  out.rank = rank_descending(out.score);
  return out;
}

ScoreResult score_topsis(const std::vector<Criterion>& criteria, const std::vector<Request>& requests,
                         const TopsisOptions& options) {
  Prepared p = prepare(criteria, requests);
  ScoreResult out = start(ScoringMethod::topsis, criteria, requests, p);
  const Eigen::Index n = static_cast<Eigen::Index>(requests.size());
  const Eigen::Index m = static_cast<Eigen::Index>(criteria.size());

  Eigen::MatrixXd r = options.on_values ? p.value : p.rating;
  if (options.vector_normalisation) {
    for (Eigen::Index j = 0; j < m; ++j) {
      const double norm = r.col(j).norm();
      if (norm > 0) r.col(j) /= norm;  // a column of zeros stays zero
    }
  }
  const Eigen::Map<const Eigen::VectorXd> w(p.weight.data(), m);
  const Eigen::MatrixXd v = r * w.asDiagonal();

  Eigen::VectorXd ideal(m), anti(m);
  for (Eigen::Index j = 0; j < m; ++j) {
    const bool benefit =
        options.on_values || criteria[static_cast<std::size_t>(j)].direction == CriterionDirection::benefit;
    const double hi = n > 0 ? v.col(j).maxCoeff() : 0.0, lo = n > 0 ? v.col(j).minCoeff() : 0.0;
    ideal(j) = benefit ? hi : lo;
    anti(j) = benefit ? lo : hi;
  }

  out.score.assign(static_cast<std::size_t>(n), 0.0);
  out.d_plus.assign(static_cast<std::size_t>(n), 0.0);
  out.d_minus.assign(static_cast<std::size_t>(n), 0.0);
  const std::size_t mm = static_cast<std::size_t>(m);
  out.normalised.resize(static_cast<std::size_t>(n) * mm);
  out.contribution.resize(static_cast<std::size_t>(n) * mm);
  out.pull.resize(static_cast<std::size_t>(n) * mm);
  for (Eigen::Index i = 0; i < n; ++i) {
    const std::size_t ii = static_cast<std::size_t>(i);
    const double dp = (v.row(i).transpose() - ideal).norm();
    const double dm = (v.row(i).transpose() - anti).norm();
    out.d_plus[ii] = dp;
    out.d_minus[ii] = dm;
    out.score[ii] = dp == 0.0 ? 1.0 : dm / (dp + dm);
    for (Eigen::Index j = 0; j < m; ++j) {
      const std::size_t cell = ii * mm + static_cast<std::size_t>(j);
      out.normalised[cell] = r(i, j);
      out.contribution[cell] = v(i, j);
      const double a = v(i, j) - anti(j), b = v(i, j) - ideal(j);
      out.pull[cell] = a * a - b * b;
    }
  }
  out.ideal.assign(ideal.data(), ideal.data() + m);
  out.anti_ideal.assign(anti.data(), anti.data() + m);
  out.rank = rank_descending(out.score);
  return out;
}

}  // namespace styrkort
