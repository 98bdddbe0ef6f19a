#include "styrkort/aggregate.hpp"

namespace styrkort {

double aggregate(Aggregation method, double p, const double* x, const double* w, std::size_t n) {
  method = RunningMean::canonical(method, p);
  RunningMean m;
  for (std::size_t i = 0; i < n; ++i) m.add(method, p, x[i], w[i]);
  return m.result(method, p);
}

}  // namespace styrkort
