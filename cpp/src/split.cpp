#include "styrkort/split.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <numeric>
#include <queue>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include "styrkort/error.hpp"
#include "styrkort/names.hpp"
#include "styrkort/tolerance.hpp"

namespace styrkort {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

/// An amount as a user would write it (up to 10 significant digits, so that
/// budgets in the millions print in full).
std::string num(double x) { return detail::format_number(x, 10); }

/// A whole number of units in full (every whole number below 2^53 has at
/// most 16 digits), so that 10000000001 units never print as 1e+10.
std::string whole(double x) { return detail::format_number(x, 17); }

std::string area_name(const FocusArea& a) { return "area '" + a.id + "'"; }

/// Up to `limit` names joined by ", ", then "and N more".
std::string name_list(const std::vector<std::string>& names, std::size_t limit = 10) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < limit; ++i) {
    if (i) out += ", ";
    out += names[i];
  }
  if (names.size() > limit) out += " and " + std::to_string(names.size() - limit) + " more";
  return out;
}

// ---------------------------------------------------------------- validation

void check_budget(const std::string& fn, const std::string& what, double b, bool allow_inf = false) {
  if (std::isnan(b) || b < 0 || (!allow_inf && std::isinf(b)))
    throw ArgumentError(fn + ": the " + what + " is " + num(b) + "; it must be a " +
                        (allow_inf ? "number >= 0 (or infinite)" : "finite number >= 0"));
}

/// Ids (unique, not empty), weights, floors and caps.
void check_areas(const std::string& fn, const std::vector<FocusArea>& areas) {
  if (areas.empty()) throw ArgumentError(fn + ": no areas; give at least one area to split the budget over");
  std::unordered_map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < areas.size(); ++i) {
    const FocusArea& a = areas[i];
    if (a.id.empty())
      throw ArgumentError(fn + ": area " + std::to_string(i + 1) + " has an empty id; every area needs a unique id");
    auto [it, fresh] = seen.emplace(a.id, i);
    if (!fresh)
      throw ArgumentError(fn + ": duplicate area id '" + a.id + "' (areas " + std::to_string(it->second + 1) + " and " +
                          std::to_string(i + 1) + "); ids must be unique");
    const std::string where = fn + ": " + area_name(a) + ": ";
    if (!std::isfinite(a.weight) || a.weight < 0)
      throw ArgumentError(where + "weight " + num(a.weight) + " must be a finite number >= 0");
    if (!std::isfinite(a.floor) || a.floor < 0)
      throw ArgumentError(where + "floor " + num(a.floor) + " must be a finite number >= 0");
    if (std::isnan(a.cap) || a.cap < 0)
      throw ArgumentError(where + "cap " + num(a.cap) + " must be a number >= 0 (or infinite for no cap)");
    if (a.floor > a.cap)
      throw ArgumentError(where + "floor " + num(a.floor) + " exceeds its cap " + num(a.cap) +
                          "; the floor must not be above the cap");
  }
}

/// A benefit curve: positive lengths (only the last may be infinite), finite
/// slopes >= 0, non-increasing (concave).
void check_curve(const std::string& fn, const FocusArea& a) {
  const std::string where = fn + ": " + area_name(a) + ": benefit segment ";
  const auto& s = a.benefit;
  for (std::size_t j = 0; j < s.size(); ++j) {
    const std::string seg = where + std::to_string(j + 1) + " ";
    if (std::isnan(s[j].length) || !(s[j].length > 0))
      throw ArgumentError(seg + "has length " + num(s[j].length) + "; lengths must be > 0");
    if (std::isinf(s[j].length) && j + 1 < s.size())
      throw ArgumentError(seg + "is infinitely long but is not the last segment; only the last may be");
    if (!std::isfinite(s[j].slope) || s[j].slope < 0)
      throw ArgumentError(seg + "has slope " + num(s[j].slope) +
                          "; slopes must be finite and >= 0 (cap the area where more money stops helping)");
    if (j > 0 && s[j].slope > s[j - 1].slope)
      throw ArgumentError(seg + "has slope " + num(s[j].slope) + ", above segment " + std::to_string(j) + "'s slope " +
                          num(s[j - 1].slope) + "; the curve must be concave (slopes non-increasing)");
  }
}

/// The floors must fit in the budget. Amounts are compared with the
/// allocation tolerance (tolerance.hpp), so floors written to sum to the
/// budget fit whatever the order of the sum; whole units are counted exactly
/// (their sums are exact).
void check_floors_fit(const std::string& fn, const std::vector<FocusArea>& areas, double budget,
                      bool whole_units = false) {
  double floors = 0.0;
  for (const auto& a : areas) floors += a.floor;
  if (whole_units ? floors <= budget : tolerance::within(floors, budget)) return;
  const std::string unit = whole_units ? " units" : "";
  const auto amount = [&](double x) { return (whole_units ? whole(x) : num(x)) + unit; };
  throw ArgumentError(fn + ": infeasible: floors sum to " + amount(floors) + ", which exceeds the budget " +
                      amount(budget) + " by " + amount(floors - budget) + "; lower the floors or raise the budget");
}

/// The curve a method uses: the area's benefit, or slope 1 without end.
std::vector<BenefitSegment> curve_or_linear(const FocusArea& a) {
  if (a.benefit.empty()) return {{kInf, 1.0}};
  return a.benefit;
}

/// The value of a curve at x (its integral of the slopes from 0 to x).
double curve_at(const std::vector<BenefitSegment>& c, double x) {
  double v = 0.0;
  for (const auto& s : c) {
    if (!(x > 0)) break;
    const double take = std::min(x, s.length);
    v += take * s.slope;
    x -= take;
  }
  return v;
}

/// Snap x to a bound it is within rounding of, so that "at the cap" is exact.
double snap(double x, double lo, double hi) {
  const double tol = 1e-12 * std::max({1.0, std::fabs(lo), std::isfinite(hi) ? std::fabs(hi) : 0.0, std::fabs(x)});
  if (std::isfinite(hi) && std::fabs(x - hi) <= tol) return hi;
  if (std::fabs(x - lo) <= tol) return lo;
  return std::min(std::max(x, lo), hi);
}

std::vector<std::string> bindings(const std::vector<double>& x, const std::vector<FocusArea>& areas) {
  std::vector<std::string> b(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (x[i] <= areas[i].floor) b[i] = "floor";
    else if (x[i] >= areas[i].cap) b[i] = "cap";
  }
  return b;
}

/// "At their caps: a, b. At their floors only: c." from the binding labels.
std::string binding_sentence(const std::vector<FocusArea>& areas, const std::vector<std::string>& binding) {
  std::vector<std::string> caps, floors;
  for (std::size_t i = 0; i < areas.size(); ++i) {
    if (binding[i] == "cap") caps.push_back(areas[i].id + " (" + num(areas[i].cap) + ")");
    else if (binding[i] == "floor") floors.push_back(areas[i].id + " (" + num(areas[i].floor) + ")");
  }
  std::string out;
  if (!caps.empty()) out += " At their caps: " + name_list(caps) + ".";
  if (!floors.empty()) out += " At their floors only: " + name_list(floors) + ".";
  return out;
}

std::string unspent_sentence(double unspent, const std::string& why) {
  if (!(unspent > 0)) return "";
  return " Unspent: " + num(unspent) + " (" + why + ").";
}

// ------------------------------------------------------------ water filling

struct Level {
  std::vector<double> x;
  double lambda = 0.0;
  double unspent = 0.0;
};

/// x_i = clamp(lambda w_i, lo_i, hi_i) with sum x = budget (sum lo <= budget).
/// The breakpoints lo/w and hi/w are sorted and swept once; between them sum x
/// is linear in lambda with slope the total weight of the free areas. lambda is
/// the smallest value that reaches the budget; the free areas' amounts are then
/// recomputed from the fixed ones so that the sum is the budget to rounding.
Level water_fill(const std::vector<double>& w, const std::vector<double>& lo, const std::vector<double>& hi,
                 double budget) {
  const std::size_t n = w.size();
  Level out;
  out.x = lo;
  double s = std::accumulate(lo.begin(), lo.end(), 0.0);
  if (s >= budget) return out;
  struct Event {
    double at;
    double dw;
    int dn;
  };
  std::vector<Event> ev;
  ev.reserve(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    if (!(w[i] > 0) || !(hi[i] > lo[i])) continue;
    ev.push_back({lo[i] / w[i], w[i], 1});
    if (std::isfinite(hi[i])) ev.push_back({hi[i] / w[i], -w[i], -1});
  }
  std::sort(ev.begin(), ev.end(), [](const Event& a, const Event& b) { return a.at < b.at; });
  double cur = 0.0, slope = 0.0;
  int active = 0;
  bool found = false;
  for (std::size_t k = 0; k < ev.size();) {
    const double at = ev[k].at;
    const double s_at = s + slope * (at - cur);
    if (active > 0 && s_at >= budget) {
      out.lambda = cur + (budget - s) / slope;
      found = true;
      break;
    }
    s = s_at;
    cur = at;
    for (; k < ev.size() && ev[k].at == at; ++k) {
      slope += ev[k].dw;
      active += ev[k].dn;
    }
    if (active == 0) slope = 0.0;
  }
  if (!found) {
    if (active > 0) {
      out.lambda = cur + (budget - s) / slope;
    } else {
      out.lambda = cur;
      out.unspent = budget - s;
    }
  }
  // The areas fixed at a bound, and lambda again from the free ones.
  double fixed = 0.0, free_w = 0.0;
  std::vector<char> is_free(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = out.lambda * w[i];
    if (!(w[i] > 0) || t <= lo[i]) out.x[i] = lo[i];
    else if (t >= hi[i]) out.x[i] = hi[i];
    else {
      is_free[i] = 1;
      free_w += w[i];
      continue;
    }
    fixed += out.x[i];
  }
  if (free_w > 0 && out.unspent == 0.0) out.lambda = std::max(0.0, (budget - fixed) / free_w);
  for (std::size_t i = 0; i < n; ++i)
    if (is_free[i]) out.x[i] = std::min(std::max(out.lambda * w[i], lo[i]), hi[i]);
  if (out.unspent > 0) {
    const double used = std::accumulate(out.x.begin(), out.x.end(), 0.0);
    out.unspent = std::max(0.0, budget - used);
  }
  return out;
}

// ------------------------------------------------------------------ greedy

struct Greedy {
  std::vector<double> x;
  double marginal = 0.0;
  std::ptrdiff_t next_area = -1;  // the area the next unit would go to
  double spread = 0.0;            // money placed where it buys nothing
  double unspent = 0.0;
};

/// Maximise sum_i w_i curve_i(x_i), lo <= x <= cap, sum x <= budget, spending
/// what buys nothing by the proportional rule (see split_diminishing).
Greedy concave_greedy(const std::vector<FocusArea>& areas, const std::vector<std::vector<BenefitSegment>>& curves,
                      double budget) {
  const std::size_t n = areas.size();
  struct Piece {
    std::size_t area, index;
    double length, value;
  };
  std::vector<Piece> pieces;
  for (std::size_t i = 0; i < n; ++i) {
    const double lo = areas[i].floor, hi = areas[i].cap, w = areas[i].weight;
    double pos = 0.0;
    for (std::size_t j = 0; j < curves[i].size() && pos < hi; ++j) {
      const double end = pos + curves[i][j].length;
      const double a = std::max(pos, lo), b = std::min(end, hi);
      const double value = w * curves[i][j].slope;
      if (b > a && value > 0) pieces.push_back({i, j, b - a, value});
      pos = end;
    }
  }
  std::sort(pieces.begin(), pieces.end(), [&](const Piece& p, const Piece& q) {
    if (p.value != q.value) return p.value > q.value;
    if (areas[p.area].priority != areas[q.area].priority) return areas[p.area].priority < areas[q.area].priority;
    if (p.area != q.area) return areas[p.area].id < areas[q.area].id;
    return p.index < q.index;
  });
  Greedy out;
  out.x.resize(n);
  double rest = budget;
  for (std::size_t i = 0; i < n; ++i) {
    out.x[i] = areas[i].floor;
    rest -= areas[i].floor;
  }
  rest = std::max(rest, 0.0);
  bool stopped = false;
  for (const Piece& p : pieces) {
    if (!(rest > 0)) {
      out.marginal = p.value;
      out.next_area = static_cast<std::ptrdiff_t>(p.area);
      stopped = true;
      break;
    }
    const double take = std::min(p.length, rest);
    out.x[p.area] += take;
    rest -= take;
    if (take < p.length) {
      out.marginal = p.value;
      out.next_area = static_cast<std::ptrdiff_t>(p.area);
      rest = 0.0;
      stopped = true;
      break;
    }
  }
  for (std::size_t i = 0; i < n; ++i) out.x[i] = snap(out.x[i], areas[i].floor, areas[i].cap);
  if (!stopped && rest > 0) {
    // Everything of value is bought: spread the rest over the remaining room.
    std::vector<double> w(n), hi(n);
    for (std::size_t i = 0; i < n; ++i) {
      w[i] = areas[i].weight;
      hi[i] = areas[i].cap;
    }
    const double before = std::accumulate(out.x.begin(), out.x.end(), 0.0);
    Level lv = water_fill(w, out.x, hi, before + rest);
    out.unspent = lv.unspent;
    out.spread = rest - lv.unspent;
    out.x = std::move(lv.x);
  }
  return out;
}

/// Out of a concave activity curve (own money -> activity) and a concave non-
/// decreasing benefit curve over activity, the benefit as a function of own
/// money: own-money segments where both curves are linear, slope the product.
std::vector<BenefitSegment> compose(const std::vector<BenefitSegment>& activity,
                                    const std::vector<BenefitSegment>& benefit) {
  std::vector<BenefitSegment> out;
  std::size_t j = 0;
  double ben_left = benefit.empty() ? 0.0 : benefit[0].length;
  for (const auto& seg : activity) {
    double own_left = seg.length;
    while (own_left > 0) {
      if (j >= benefit.size()) return out;  // beyond the benefit curve: slope 0
      const double own_for_ben = ben_left / seg.slope;
      if (own_for_ben <= own_left) {
        if (own_for_ben > 0) out.push_back({own_for_ben, seg.slope * benefit[j].slope});
        if (std::isinf(own_for_ben)) return out;
        own_left -= own_for_ben;
        if (++j < benefit.size()) ben_left = benefit[j].length;
      } else {
        out.push_back({own_left, seg.slope * benefit[j].slope});
        if (std::isinf(own_left)) return out;
        ben_left -= own_left * seg.slope;
        own_left = 0.0;
      }
    }
  }
  return out;
}

// --------------------------------------------------------------- simplex

/// max c.x subject to A x <= b (m <= 2 rows, b >= 0), 0 <= x <= u (u may be
/// infinite), by the bounded-variable primal simplex with slack variables.
/// Starts from the slack basis (feasible since b >= 0); Dantzig's rule, and
/// Bland's rule after a run of degenerate steps, against cycling. The basis
/// inverse is recomputed each step (m <= 2), so rounding does not build up.
struct LpResult {
  std::vector<double> x;
  std::vector<double> dual;
  std::vector<double> slack;
};

LpResult bounded_simplex(const std::vector<std::vector<double>>& a, const std::vector<double>& b,
                         const std::vector<double>& c, const std::vector<double>& u) {
  const std::size_t m = a.size(), p = c.size(), nv = p + m;
  auto col = [&](std::size_t j, std::size_t r) -> double {
    if (j < p) return a[r][j];
    return (j - p) == r ? 1.0 : 0.0;
  };
  auto cost = [&](std::size_t j) { return j < p ? c[j] : 0.0; };
  auto upper = [&](std::size_t j) { return j < p ? u[j] : kInf; };
  std::vector<std::size_t> basis(m);
  std::vector<char> at_upper(nv, 0), is_basic(nv, 0);
  for (std::size_t r = 0; r < m; ++r) {
    basis[r] = p + r;
    is_basic[p + r] = 1;
  }
  double cmax = 0.0;
  for (double v : c) cmax = std::max(cmax, std::fabs(v));
  const double tol_d = 1e-11 * std::max(cmax, 1e-300), tol_piv = 1e-11;
  std::vector<double> xb(m), pi(m), alpha(m);
  double binv[2][2] = {{1, 0}, {0, 1}};
  auto refresh = [&]() {
    if (m == 1) {
      binv[0][0] = 1.0 / col(basis[0], 0);
    } else if (m == 2) {
      const double b00 = col(basis[0], 0), b01 = col(basis[1], 0), b10 = col(basis[0], 1), b11 = col(basis[1], 1);
      const double det = b00 * b11 - b01 * b10;
      binv[0][0] = b11 / det;
      binv[0][1] = -b01 / det;
      binv[1][0] = -b10 / det;
      binv[1][1] = b00 / det;
    }
    std::vector<double> rhs(b);
    for (std::size_t j = 0; j < nv; ++j)
      if (!is_basic[j] && at_upper[j])
        for (std::size_t r = 0; r < m; ++r) rhs[r] -= col(j, r) * upper(j);
    for (std::size_t r = 0; r < m; ++r) {
      xb[r] = 0.0;
      for (std::size_t k = 0; k < m; ++k) xb[r] += binv[r][k] * rhs[k];
    }
    for (std::size_t k = 0; k < m; ++k) {
      pi[k] = 0.0;
      for (std::size_t r = 0; r < m; ++r) pi[k] += cost(basis[r]) * binv[r][k];
    }
  };
  const std::size_t max_iter = 100 * (nv + 10);
  std::size_t degenerate_run = 0;
  for (std::size_t iter = 0;; ++iter) {
    if (iter > max_iter) throw std::logic_error("split_resources: the simplex did not converge");
    refresh();
    const bool bland = degenerate_run > 2 * nv + 10;
    std::ptrdiff_t enter = -1;
    double best = 0.0;
    for (std::size_t j = 0; j < nv; ++j) {
      if (is_basic[j]) continue;
      double d = cost(j);
      for (std::size_t r = 0; r < m; ++r) d -= pi[r] * col(j, r);
      const bool ok = at_upper[j] ? d < -tol_d : (d > tol_d && upper(j) > 0);
      if (!ok) continue;
      if (bland) {
        enter = static_cast<std::ptrdiff_t>(j);
        break;
      }
      if (std::fabs(d) > best) {
        best = std::fabs(d);
        enter = static_cast<std::ptrdiff_t>(j);
      }
    }
    if (enter < 0) break;
    const std::size_t e = static_cast<std::size_t>(enter);
    const double dir = at_upper[e] ? -1.0 : 1.0;
    for (std::size_t r = 0; r < m; ++r) {
      alpha[r] = 0.0;
      for (std::size_t k = 0; k < m; ++k) alpha[r] += binv[r][k] * col(e, k);
    }
    double t = upper(e);
    std::ptrdiff_t leave = -1;
    bool leave_upper = false;
    for (std::size_t r = 0; r < m; ++r) {
      const double delta = -dir * alpha[r];  // change of basic r per unit step
      double lim;
      bool to_upper;
      if (delta < -tol_piv) {
        lim = xb[r] / -delta;
        to_upper = false;
      } else if (delta > tol_piv && std::isfinite(upper(basis[r]))) {
        lim = (upper(basis[r]) - xb[r]) / delta;
        to_upper = true;
      } else {
        continue;
      }
      lim = std::max(lim, 0.0);
      if (lim < t || (lim == t && leave >= 0 && basis[r] < basis[static_cast<std::size_t>(leave)])) {
        t = lim;
        leave = static_cast<std::ptrdiff_t>(r);
        leave_upper = to_upper;
      }
    }
    if (std::isinf(t)) throw std::logic_error("split_resources: the linear programme is unbounded");
    degenerate_run = t > 0 ? 0 : degenerate_run + 1;
    if (leave < 0) {
      at_upper[e] = !at_upper[e];  // the entering variable runs to its other bound
    } else {
      const std::size_t r = static_cast<std::size_t>(leave), old = basis[r];
      is_basic[old] = 0;
      at_upper[old] = leave_upper;
      basis[r] = e;
      is_basic[e] = 1;
      at_upper[e] = 0;
    }
  }
  LpResult out;
  out.x.assign(p, 0.0);
  out.slack.assign(m, 0.0);
  for (std::size_t j = 0; j < p; ++j)
    if (!is_basic[j] && at_upper[j]) out.x[j] = u[j];
  for (std::size_t j = 0; j < m; ++j)
    if (!is_basic[p + j] && at_upper[p + j]) out.slack[j] = kInf;  // cannot happen: slacks have no upper bound
  for (std::size_t r = 0; r < m; ++r) {
    const double v = std::max(xb[r], 0.0);
    if (basis[r] < p) out.x[basis[r]] = std::min(v, u[basis[r]]);
    else out.slack[basis[r] - p] = v;
  }
  out.dual.assign(pi.begin(), pi.end());
  return out;
}

}  // namespace

// ------------------------------------------------------------------ names

namespace {
constexpr std::pair<Apportionment, const char*> kApportionment[] = {{Apportionment::dhondt, "dhondt"},
                                                                    {Apportionment::sainte_lague, "sainte_lague"}};
}  // namespace

const char* to_string(Apportionment m) {
  for (const auto& [value, name] : kApportionment)
    if (value == m) return name;
  return "?";
}

template <> std::optional<Apportionment> parse_name<Apportionment>(const std::string& name) {
  for (const auto& [value, n] : kApportionment)
    if (name == n) return value;
  return std::nullopt;
}

template <> std::string names_of<Apportionment>() {
  std::string out;
  for (const auto& [value, n] : kApportionment) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

// ---------------------------------------------------------- strict priority

SplitResult split_priority(const std::vector<FocusArea>& areas, double budget) {
  const std::string fn = "split_priority";
  check_budget(fn, "budget", budget);
  check_areas(fn, areas);
  check_floors_fit(fn, areas, budget);
  const std::size_t n = areas.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) {
    if (areas[i].priority != areas[j].priority) return areas[i].priority < areas[j].priority;
    return areas[i].id < areas[j].id;
  });
  SplitResult out;
  out.amount.resize(n);
  double floors = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    out.amount[i] = areas[i].floor;
    floors += areas[i].floor;
  }
  double rest = budget - floors;
  std::vector<std::string> filled, partly;
  for (std::size_t g = 0; g < n && rest > 0;) {
    std::size_t h = g;
    while (h < n && areas[order[h]].priority == areas[order[g]].priority) ++h;
    double room = 0.0;
    for (std::size_t k = g; k < h; ++k) room += areas[order[k]].cap - areas[order[k]].floor;
    if (room <= rest) {
      for (std::size_t k = g; k < h; ++k) out.amount[order[k]] = areas[order[k]].cap;
      rest -= room;
    } else {
      // Equal priorities share by weight; room weight cannot reach, in id order.
      std::vector<double> w, lo, hi;
      for (std::size_t k = g; k < h; ++k) {
        w.push_back(areas[order[k]].weight);
        lo.push_back(areas[order[k]].floor);
        hi.push_back(areas[order[k]].cap);
      }
      const double group_floor = std::accumulate(lo.begin(), lo.end(), 0.0);
      Level lv = water_fill(w, lo, hi, group_floor + rest);
      double left = lv.unspent;
      for (std::size_t k = g; k < h; ++k) {
        double& x = lv.x[k - g];
        if (left > 0 && !(w[k - g] > 0)) {
          const double add = std::min(left, hi[k - g] - x);
          x += add;
          left -= add;
        }
        out.amount[order[k]] = x;
      }
      rest = left;
      if (!(rest > 0)) rest = 0.0;
    }
    for (std::size_t k = g; k < h; ++k) {
      const FocusArea& a = areas[order[k]];
      const double x = out.amount[order[k]];
      if (x >= a.cap && a.cap > a.floor) filled.push_back(a.id);
      else if (x > a.floor)
        partly.push_back(a.id + " (" + num(x - a.floor) + " of its room " + num(a.cap - a.floor) + ")");
    }
    g = h;
  }
  out.binding = bindings(out.amount, areas);
  out.unspent = rest > 0 ? rest : 0.0;
  out.explanation = "Strict priority: " + num(budget) + " over " + std::to_string(n) + " areas; floors first (" +
                    num(floors) + "), then the rest in priority order, each area up to its cap.";
  if (!filled.empty()) out.explanation += " Filled to their caps: " + name_list(filled) + ".";
  if (!partly.empty()) out.explanation += " Partly filled: " + name_list(partly) + ".";
  std::vector<std::string> floors_only;
  for (std::size_t k = 0; k < n; ++k)
    if (out.binding[order[k]] == "floor") floors_only.push_back(areas[order[k]].id);
  if (!floors_only.empty()) out.explanation += " Nothing reached (floor only): " + name_list(floors_only) + ".";
  out.explanation += unspent_sentence(out.unspent, "every area is at its cap");
  return out;
}

// ------------------------------------------------------------ proportional

SplitResult split_proportional(const std::vector<FocusArea>& areas, double budget) {
  const std::string fn = "split_proportional";
  check_budget(fn, "budget", budget);
  check_areas(fn, areas);
  check_floors_fit(fn, areas, budget);
  const std::size_t n = areas.size();
  std::vector<double> w(n), lo(n), hi(n);
  for (std::size_t i = 0; i < n; ++i) {
    w[i] = areas[i].weight;
    lo[i] = areas[i].floor;
    hi[i] = areas[i].cap;
  }
  Level lv = water_fill(w, lo, hi, budget);
  SplitResult out;
  out.amount = lv.x;
  out.level = lv.lambda;
  out.unspent = lv.unspent;
  out.binding.assign(n, "");
  std::vector<std::string> caps, floors, free;
  for (std::size_t i = 0; i < n; ++i) {
    const double t = lv.lambda * w[i];
    // Strictly beyond a bound first; exactly at one (lambda w = floor or cap) counts as that bound.
    const bool at_floor = !(w[i] > 0) || t < lo[i] || (t <= hi[i] && lv.x[i] <= lo[i]);
    const bool at_cap = !at_floor && (t > hi[i] || lv.x[i] >= hi[i]);
    if (at_floor) {
      out.binding[i] = "floor";
      floors.push_back(areas[i].id + " (" + num(lo[i]) + (w[i] > 0 ? " >= lambda w = " + num(t) : ", weight 0") + ")");
    } else if (at_cap) {
      out.binding[i] = "cap";
      caps.push_back(areas[i].id + " (" + num(hi[i]) + " <= lambda w = " + num(t) + ")");
    } else {
      free.push_back(areas[i].id);
    }
  }
  out.explanation = "Proportional: " + num(budget) + " over " + std::to_string(n) +
                    " areas, x = clamp(lambda w, floor, cap) with lambda = " + num(lv.lambda) + " per unit of weight.";
  if (!free.empty()) out.explanation += " Proportional to weight: " + name_list(free) + ".";
  if (!caps.empty()) out.explanation += " At their caps: " + name_list(caps) + ".";
  if (!floors.empty()) out.explanation += " At their floors: " + name_list(floors) + ".";
  out.explanation += unspent_sentence(out.unspent, "every area of positive weight is at its cap");
  return out;
}

// ------------------------------------------------------- diminishing returns

namespace {

SplitResult greedy_result(const std::vector<FocusArea>& areas, const std::vector<std::vector<BenefitSegment>>& curves,
                          double budget, const std::string& title, const std::string& per) {
  Greedy g = concave_greedy(areas, curves, budget);
  SplitResult out;
  out.amount = g.x;
  out.binding = bindings(g.x, areas);
  out.marginal_value = g.marginal;
  out.unspent = g.unspent;
  out.objective = 0.0;
  for (std::size_t i = 0; i < areas.size(); ++i) out.objective += areas[i].weight * curve_at(curves[i], g.x[i]);
  double floors = 0.0;
  for (const auto& a : areas) floors += a.floor;
  out.explanation = title + ": " + num(budget) + " over " + std::to_string(areas.size()) + " areas; floors first (" +
                    num(floors) + "), then the curves' segments in order of weighted marginal value (weight x slope" +
                    per + "). Weighted benefit " + num(out.objective) + ".";
  if (g.next_area >= 0)
    out.explanation += " One more unit would be worth " + num(g.marginal) + " (to " +
                       area_name(areas[static_cast<std::size_t>(g.next_area)]) + ").";
  else out.explanation += " Every segment of positive value is bought; one more unit is worth 0.";
  out.explanation += binding_sentence(areas, out.binding);
  if (g.spread > 0)
    out.explanation +=
        " " + num(g.spread) + " buys no further benefit and is spread over the remaining room in proportion to weight.";
  out.explanation += unspent_sentence(out.unspent, "every area of positive weight is at its cap");
  return out;
}

}  // namespace

SplitResult split_diminishing(const std::vector<FocusArea>& areas, double budget) {
  const std::string fn = "split_diminishing";
  check_budget(fn, "budget", budget);
  check_areas(fn, areas);
  for (const auto& a : areas) check_curve(fn, a);
  check_floors_fit(fn, areas, budget);
  std::vector<std::vector<BenefitSegment>> curves;
  for (const auto& a : areas) curves.push_back(curve_or_linear(a));
  return greedy_result(areas, curves, budget, "Diminishing returns", "");
}

// -------------------------------------------------------------- whole units

SplitResult split_units(const std::vector<FocusArea>& areas, long long units, Apportionment method) {
  const std::string fn = std::string("split_units (") + to_string(method) + ")";
  if (units < 0) throw ArgumentError(fn + ": the budget is " + std::to_string(units) + " units; it must be >= 0");
  check_areas(fn, areas);
  constexpr double kMaxWhole = 9007199254740992.0;  // 2^53: whole numbers are exact below it
  for (const auto& a : areas) {
    if (a.floor != std::floor(a.floor) || a.floor > kMaxWhole)
      throw ArgumentError(fn + ": " + area_name(a) + ": floor " + num(a.floor) + " is not a whole number of units");
    if (std::isfinite(a.cap) && (a.cap != std::floor(a.cap) || a.cap > kMaxWhole))
      throw ArgumentError(fn + ": " + area_name(a) + ": cap " + num(a.cap) +
                          " is not a whole number of units (or infinite)");
  }
  const double budget = static_cast<double>(units);
  check_floors_fit(fn, areas, budget, true);
  const std::size_t n = areas.size();
  const double step = method == Apportionment::dhondt ? 1.0 : 2.0;
  auto divisor = [&](double k) { return 1.0 + step * k; };
  std::vector<double> k(n);
  double given = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    k[i] = areas[i].floor;
    given += k[i];
  }
  // Areas that can take units: weight > 0 and below the cap.
  double reach = 0.0;  // what the split can reach at most
  for (std::size_t i = 0; i < n; ++i) reach += areas[i].weight > 0 ? areas[i].cap : areas[i].floor;
  if (reach <= budget) {
    for (std::size_t i = 0; i < n; ++i)
      if (areas[i].weight > 0) k[i] = areas[i].cap;
    given = reach;
  } else if (budget - given > 4.0 * static_cast<double>(n) + 16.0) {
    // Jump: all units with quotient w/d(k) >= t, for the smallest t (found by
    // bisection) at which they fit; counted at t (1 + 1e-9) so that rounding
    // in the quotients cannot take a unit the unit-by-unit rule would not.
    auto count_at = [&](std::size_t i, double t) {
      const FocusArea& a = areas[i];
      if (!(a.weight > 0)) return a.floor;
      const double v = a.weight / t;
      double c = v < 1.0 ? 0.0 : std::floor((v - 1.0) / step) + 1.0;
      if (c < 1e15) {
        while (c > 0 && a.weight / divisor(c - 1) < t) c -= 1;
        while (a.weight / divisor(c) >= t) c += 1;
      }
      return std::max(a.floor, std::min(a.cap, c));
    };
    auto total_at = [&](double t) {
      double s = 0.0;
      for (std::size_t i = 0; i < n; ++i) s += count_at(i, t);
      return s;
    };
    double wmax = 0.0;
    for (const auto& a : areas) wmax = std::max(wmax, a.weight);
    double lo_t = 0.0, hi_t = 2.0 * wmax;  // total_at(hi_t) = floors <= budget
    for (int it = 0; it < 200; ++it) {
      const double mid = 0.5 * (lo_t + hi_t);
      if (mid <= lo_t || mid >= hi_t) break;
      if (total_at(mid) <= budget) hi_t = mid;
      else lo_t = mid;
    }
    const double t = hi_t * (1.0 + 1e-9);
    given = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      k[i] = count_at(i, t);
      given += k[i];
    }
  }
  // Unit by unit: highest quotient, then smaller priority, then smaller id.
  auto before = [&](std::size_t i, std::size_t j) {  // does i get the next unit before j?
    const double lhs = areas[i].weight * divisor(k[j]), rhs = areas[j].weight * divisor(k[i]);
    if (lhs != rhs) return lhs > rhs;
    if (areas[i].priority != areas[j].priority) return areas[i].priority < areas[j].priority;
    return areas[i].id < areas[j].id;
  };
  auto heap_cmp = [&](std::size_t i, std::size_t j) { return before(j, i); };
  std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(heap_cmp)> heap(heap_cmp);
  for (std::size_t i = 0; i < n; ++i)
    if (areas[i].weight > 0 && k[i] < areas[i].cap) heap.push(i);
  std::ptrdiff_t last = -1;
  double last_q = kNan;
  while (given < budget && !heap.empty()) {
    const std::size_t i = heap.top();
    heap.pop();
    last_q = areas[i].weight / divisor(k[i]);
    last = static_cast<std::ptrdiff_t>(i);
    k[i] += 1;
    given += 1;
    if (k[i] < areas[i].cap) heap.push(i);
  }
  SplitResult out;
  out.amount = k;
  out.binding = bindings(k, areas);
  out.unspent = budget - given;
  out.marginal_value = heap.empty() ? 0.0 : areas[heap.top()].weight / divisor(k[heap.top()]);
  double floors = 0.0;
  for (const auto& a : areas) floors += a.floor;
  out.explanation =
      std::string(method == Apportionment::dhondt ? "D'Hondt (divisors 1, 2, 3, ...)"
                                                  : "Sainte-Lague (divisors 1, 3, 5, ...)") +
      ": " + std::to_string(units) + " units over " + std::to_string(n) + " areas; floors first (" + num(floors) +
      " units, counted as held), then each unit to the highest weight / divisor (ties: priority, then id).";
  if (last >= 0)
    out.explanation += " The last unit went to " + area_name(areas[static_cast<std::size_t>(last)]) + " at quotient " +
                       num(last_q) + ".";
  if (!heap.empty())
    out.explanation +=
        " The next would go to " + area_name(areas[heap.top()]) + " at quotient " + num(out.marginal_value) + ".";
  out.explanation += binding_sentence(areas, out.binding);
  out.explanation += unspent_sentence(out.unspent, "every area of positive weight is at its cap");
  return out;
}

// ---------------------------------------------------------------- leverage

double leverage_factor(double rate, double noneligible_share) {
  if (std::isnan(rate) || rate < 0 || rate >= 1)
    throw ArgumentError("leverage_factor: the co-financing rate " + num(rate) + " is outside [0, 1)");
  if (std::isnan(noneligible_share) || noneligible_share < 0 || noneligible_share > 1)
    throw ArgumentError("leverage_factor: the non-eligible share " + num(noneligible_share) + " is outside [0, 1]");
  return 1.0 / ((1.0 - rate) * (1.0 - noneligible_share) + noneligible_share);
}

std::vector<BenefitSegment> activity_curve(const FocusArea& area) {
  const std::string where = "activity_curve: " + area_name(area) + ": ";
  const double eta = area.noneligible_share;
  if (std::isnan(eta) || eta < 0 || eta > 1)
    throw ArgumentError(where + "the non-eligible share " + num(eta) + " is outside [0, 1]");
  std::vector<std::size_t> order(area.grants.size());
  std::iota(order.begin(), order.end(), 0);
  for (std::size_t g = 0; g < area.grants.size(); ++g) {
    const Grant& gr = area.grants[g];
    const std::string name = "grant " + (gr.id.empty() ? std::to_string(g + 1) : "'" + gr.id + "'");
    if (std::isnan(gr.rate) || gr.rate < 0 || gr.rate >= 1)
      throw ArgumentError(where + name + ": the co-financing rate " + num(gr.rate) + " is outside [0, 1)");
    if (std::isnan(gr.cap) || gr.cap < 0)
      throw ArgumentError(where + name + ": the cap " + num(gr.cap) + " must be a number >= 0 (or infinite)");
    for (std::size_t h = 0; h < g; ++h)
      if (!gr.id.empty() && area.grants[h].id == gr.id)
        throw ArgumentError(where + "duplicate grant id '" + gr.id + "'");
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t i, std::size_t j) { return area.grants[i].rate > area.grants[j].rate; });
  std::vector<BenefitSegment> out;
  for (std::size_t g : order) {
    const Grant& gr = area.grants[g];
    const double ext_per_activity = gr.rate * (1.0 - eta);
    if (!(ext_per_activity > 0) || !(gr.cap > 0)) continue;  // the grant adds nothing
    const double own_per_activity = (1.0 - gr.rate) * (1.0 - eta) + eta;
    const double activity = gr.cap / ext_per_activity;  // until the grant is used up
    out.push_back({activity * own_per_activity, 1.0 / own_per_activity});
    if (std::isinf(activity)) return out;
  }
  out.push_back({kInf, 1.0});
  return out;
}

LeverageResult split_leverage(const std::vector<FocusArea>& areas, double budget) {
  const std::string fn = "split_leverage";
  check_budget(fn, "budget", budget);
  check_areas(fn, areas);
  std::vector<std::vector<BenefitSegment>> act, curves;
  for (const auto& a : areas) {
    check_curve(fn, a);
    act.push_back(activity_curve(a));
    curves.push_back(compose(act.back(), curve_or_linear(a)));
  }
  check_floors_fit(fn, areas, budget);
  LeverageResult out;
  static_cast<SplitResult&>(out) =
      greedy_result(areas, curves, budget, "Leverage", " per unit of own money, through the grants");
  const std::size_t n = areas.size();
  out.own = out.amount;
  out.total.resize(n);
  out.external.resize(n);
  std::string detail;
  for (std::size_t i = 0; i < n; ++i) {
    out.total[i] = curve_at(act[i], out.own[i]);
    out.external[i] = std::max(0.0, out.total[i] - out.own[i]);
    if (out.external[i] > 0)
      detail += (detail.empty() ? "" : "; ") + areas[i].id + ": own " + num(out.own[i]) + " + external " +
                num(out.external[i]) + " = " + num(out.total[i]) + " (x" + num(out.total[i] / out.own[i]) + ")";
  }
  if (!detail.empty()) out.explanation += " Matched: " + detail + ".";
  return out;
}

// -------------------------------------------------------- several resources

ResourceSplitResult split_resources(const std::vector<FocusArea>& areas, double money, double hours) {
  const std::string fn = "split_resources";
  check_budget(fn, "money budget", money, true);
  check_budget(fn, "hours budget", hours, true);
  check_areas(fn, areas);
  const std::size_t n = areas.size();
  double need_m = 0.0, need_h = 0.0;
  for (const auto& a : areas) {
    check_curve(fn, a);
    const std::string where = fn + ": " + area_name(a) + ": ";
    if (!std::isfinite(a.money_per_unit) || a.money_per_unit < 0)
      throw ArgumentError(where + "money per unit " + num(a.money_per_unit) + " must be a finite number >= 0");
    if (!std::isfinite(a.hours_per_unit) || a.hours_per_unit < 0)
      throw ArgumentError(where + "hours per unit " + num(a.hours_per_unit) + " must be a finite number >= 0");
    if (a.money_per_unit == 0 && a.hours_per_unit == 0)
      throw ArgumentError(where + "needs neither money nor hours per unit of activity; give at least one");
    need_m += a.money_per_unit * a.floor;
    need_h += a.hours_per_unit * a.floor;
  }
  if (!tolerance::within(need_m, money))
    throw ArgumentError(fn + ": infeasible: floors need " + num(need_m) + " of money, which exceeds the money budget " +
                        num(money) + " by " + num(need_m - money) + "; lower the floors or raise the budget");
  if (!tolerance::within(need_h, hours))
    throw ArgumentError(fn + ": infeasible: floors need " + num(need_h) + " hours, which exceeds the hours budget " +
                        num(hours) + " by " + num(need_h - hours) + "; lower the floors or raise the budget");
  // One variable per curve segment above the floor and below the cap.
  std::vector<std::size_t> owner;
  std::vector<double> c, u;
  std::vector<std::vector<BenefitSegment>> curves;
  for (std::size_t i = 0; i < n; ++i) {
    const FocusArea& a = areas[i];
    curves.push_back(curve_or_linear(a));
    double pos = 0.0;
    for (const auto& s : curves.back()) {
      if (!(pos < a.cap)) break;
      const double end = pos + s.length;
      const double lo = std::max(pos, a.floor), hi = std::min(end, a.cap);
      const double value = a.weight * s.slope;
      if (hi > lo && value > 0) {
        const bool money_limits = a.money_per_unit > 0 && std::isfinite(money);
        const bool hours_limits = a.hours_per_unit > 0 && std::isfinite(hours);
        if (std::isinf(hi - lo) && !money_limits && !hours_limits)
          throw ArgumentError(fn + ": unbounded: " + area_name(a) +
                              " can grow without limit (its benefit keeps rising, it has no cap, and no finite "
                              "budget limits it); give it a cap or make its budgets finite");
        owner.push_back(i);
        c.push_back(value);
        u.push_back(hi - lo);
      }
      pos = end;
    }
  }
  const std::size_t p = c.size();
  // Rows for the finite budgets, scaled so that the right-hand side is 1.
  std::vector<std::vector<double>> rows;
  std::vector<double> rhs, scale;
  std::vector<int> row_kind;  // 0 money, 1 hours
  for (int kind = 0; kind < 2; ++kind) {
    const double budget = kind == 0 ? money : hours;
    if (!std::isfinite(budget)) continue;
    std::vector<double> row(p);
    double big = 0.0;
    for (std::size_t j = 0; j < p; ++j) {
      row[j] = kind == 0 ? areas[owner[j]].money_per_unit : areas[owner[j]].hours_per_unit;
      big = std::max(big, row[j]);
    }
    const double b = std::max(0.0, budget - (kind == 0 ? need_m : need_h));
    const double sc = b > 0 ? b : (big > 0 ? big : 1.0);
    for (double& v : row) v /= sc;
    rows.push_back(std::move(row));
    rhs.push_back(b / sc);
    scale.push_back(sc);
    row_kind.push_back(kind);
  }
  double cmax = 0.0;
  for (double v : c) cmax = std::max(cmax, v);
  std::vector<double> cs(c);
  if (cmax > 0)
    for (double& v : cs) v /= cmax;
  LpResult lp = bounded_simplex(rows, rhs, cs, u);

  ResourceSplitResult out;
  out.amount.resize(n);
  for (std::size_t i = 0; i < n; ++i) out.amount[i] = areas[i].floor;
  for (std::size_t j = 0; j < p; ++j) out.amount[owner[j]] += lp.x[j];
  out.money.resize(n);
  out.hours.resize(n);
  double used_m = 0.0, used_h = 0.0;
  out.objective = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    out.amount[i] = snap(out.amount[i], areas[i].floor, areas[i].cap);
    out.money[i] = areas[i].money_per_unit * out.amount[i];
    out.hours[i] = areas[i].hours_per_unit * out.amount[i];
    used_m += out.money[i];
    used_h += out.hours[i];
    out.objective += areas[i].weight * curve_at(curves[i], out.amount[i]);
  }
  out.binding = bindings(out.amount, areas);
  out.unspent = std::isfinite(money) ? std::max(0.0, money - used_m) : kInf;
  out.unspent_hours = std::isfinite(hours) ? std::max(0.0, hours - used_h) : kInf;
  bool money_binds = false, hours_binds = false;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const double dual = std::max(0.0, lp.dual[r]) * cmax / scale[r];
    const bool tight = lp.slack[r] <= 1e-9;
    if (row_kind[r] == 0) {
      out.shadow_money = dual;
      money_binds = tight;
    } else {
      out.shadow_hours = dual;
      hours_binds = tight;
    }
  }
  out.binding_resource = money_binds && hours_binds ? "money and hours"
                         : money_binds              ? "money"
                         : hours_binds              ? "hours"
                                                    : "none";
  out.marginal_value = out.shadow_money;
  out.explanation = "Several resources: activity over " + std::to_string(n) +
                    " areas to maximise the weighted benefit (weighted benefit " + num(out.objective) +
                    ") within money " + num(money) + " and hours " + num(hours) + ", floors first (" + num(need_m) +
                    " money, " + num(need_h) + " hours). Binding: " + out.binding_resource +
                    ". Shadow prices: " + num(out.shadow_money) + " per unit of money, " + num(out.shadow_hours) +
                    " per hour.";
  if (std::isfinite(money) && out.unspent > 0) out.explanation += " Money left: " + num(out.unspent) + ".";
  if (std::isfinite(hours) && out.unspent_hours > 0) out.explanation += " Hours left: " + num(out.unspent_hours) + ".";
  out.explanation += binding_sentence(areas, out.binding);
  return out;
}

}  // namespace styrkort
