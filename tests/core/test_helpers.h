#pragma once
// Small helpers shared by the core tests.
#include <Eigen/Dense>
#include <cmath>
#include <functional>
#include <memory>
#include <random>

#include "core/geometry/geodesic_shooter.h"
#include "core/geometry/geodesic_solver.h"
#include "core/geometry/interpolation.h"
#include "core/geometry/path_energy.h"
#include "core/score/synthetic_score_factory.h"

namespace geodex::test {

// Central finite difference of a scalar function f: R^d → R at x, Richardson-extrapolated
// (error O(h⁴)) so that steep analytic densities can be checked to 1e-6.
inline Eigen::VectorXd finiteDifferenceGradient(const std::function<double(const Eigen::VectorXd&)>& f,
                                                const Eigen::VectorXd& x, double h) {
  Eigen::VectorXd g(x.size());
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    Eigen::VectorXd plus = x, minus = x;
    plus[i] += h;
    minus[i] -= h;
    const double coarse = (f(plus) - f(minus)) / (2 * h);
    plus[i] = x[i] + h / 2;
    minus[i] = x[i] - h / 2;
    const double fine = (f(plus) - f(minus)) / h;
    g[i] = (4 * fine - coarse) / 3;
  }
  return g;
}

inline double relativeError(const Eigen::MatrixXd& actual, const Eigen::MatrixXd& expected) {
  return (actual - expected).norm() / std::max(expected.norm(), 1e-300);
}

// Relative error of PathEnergy's gradient at `path` against finiteDifferenceGradient over every
// coordinate (the fixed ends' columns zero, as PathEnergy has them).
inline double energyGradientError(const PathEnergy& energy, const Eigen::MatrixXd& path,
                                  double h = 1e-6) {
  const auto at = [&](const Eigen::VectorXd& coordinates) {
    const Eigen::MatrixXd moved = coordinates.reshaped(path.rows(), path.cols());
    return energy.evaluate(moved, false).energy;
  };
  Eigen::MatrixXd numeric =
      finiteDifferenceGradient(at, path.reshaped(), h).reshaped(path.rows(), path.cols());
  numeric.col(0).setZero();
  numeric.col(path.cols() - 1).setZero();
  return relativeError(energy.evaluate(path, true).gradient, numeric);
}

inline Eigen::MatrixXd randomMatrix(int rows, int cols, unsigned seed, double scale = 1.0) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal(0.0, scale);
  Eigen::MatrixXd m(rows, cols);
  for (int j = 0; j < cols; ++j)
    for (int i = 0; i < rows; ++i) m(i, j) = normal(rng);
  return m;
}

// The great circle from (1, 0, 0) to (0, 0.6, 0.8) with its interior points moved by
// N(0, 0.03²) noise: a path where a metric's energy and its derivatives are generic.
inline Eigen::MatrixXd perturbedSpherePath(int points, unsigned seed) {
  Eigen::MatrixXd path = slerpPath(Eigen::Vector3d(1, 0, 0), Eigen::Vector3d(0, 0.6, 0.8), points);
  path.middleCols(1, points - 2) += randomMatrix(3, points - 2, seed, 0.03);
  return path;
}

// A metric's energy (with its gradient) along perturbedSpherePath(7, seed): 6 segments and 5
// interior nodes in R³, small enough to build the Gauss–Newton system densely.
inline PathEnergyEvaluation sevenPointSphereEnergy(const Metric& metric, unsigned seed) {
  return PathEnergy(metric).evaluate(perturbedSpherePath(7, seed), true);
}

// Relative error of a matrix-free solve against the dense system `dense` (on the interior nodes
// stacked column by column) for a random right-hand side [rows × cols].
inline double denseSolveError(const Eigen::MatrixXd& dense, int rows, int cols, unsigned seed,
                              const std::function<Eigen::MatrixXd(const Eigen::MatrixXd&)>& solve) {
  const Eigen::MatrixXd rhs = randomMatrix(rows, cols, seed);
  const Eigen::VectorXd expected = dense.ldlt().solve(rhs.reshaped());
  return relativeError(solve(rhs).reshaped(), expected);
}

// The largest distance of the path's points from the plane through 0, a and b.
inline double maxDistanceToPlane(const Eigen::MatrixXd& path, const Eigen::Vector3d& a,
                                 const Eigen::Vector3d& b) {
  const Eigen::Vector3d normal = a.cross(b).normalized();
  return (normal.transpose() * path).cwiseAbs().maxCoeff();
}

// The great-circle path from a to b pushed off its plane by a sine bump of height `bulge` along
// the plane's normal: a start the solvers must bring back to the sphere's symmetry plane.
inline Eigen::MatrixXd offPlaneSlerpStart(const Eigen::Vector3d& a, const Eigen::Vector3d& b,
                                          int points, double bulge = 0.05) {
  Eigen::MatrixXd start = geodex::slerpPath(a, b, points);
  for (int j = 1; j < points - 1; ++j)
    start.col(j) += bulge * std::sin(M_PI * j / (points - 1)) * a.cross(b).normalized();
  return start;
}

// The geodesic from `from` to `to` by the default solver on `points` points.
inline GeodesicResult solveGeodesic(const Metric& metric, const Eigen::VectorXd& from,
                                    const Eigen::VectorXd& to, int points) {
  GeodesicOptions options;
  options.points = points;
  return computeGeodesic(metric, from, to, options);
}

// The initial velocity of a discrete path on t ∈ [0, 1] (one-sided difference, second order):
// what shooting needs to retrace a boundary-value solution.
inline Eigen::VectorXd initialVelocity(const Eigen::MatrixXd& path) {
  const double n = path.cols() - 1;
  return n * (-3.0 * path.col(0) + 4.0 * path.col(1) - path.col(2)) / 2.0;
}

// The geodesic from a to b on `points` points, and the shot from a with its initial velocity:
// what must retrace (or continue) the boundary-value solution.
struct BoundaryValueShot {
  GeodesicResult bvp;
  ShootingResult shot;
};
inline BoundaryValueShot shootAlongBoundaryValueSolution(const Metric& metric,
                                                         const Eigen::VectorXd& a,
                                                         const Eigen::VectorXd& b, int points,
                                                         const ShootingOptions& options) {
  GeodesicResult bvp = solveGeodesic(metric, a, b, points);
  ShootingResult shot = shootGeodesic(metric, a, initialVelocity(bvp.path), options);
  return {std::move(bvp), std::move(shot)};
}

// How far a shot's last point lands from `target`.
inline double endpointMiss(const ShootingResult& shot, const Eigen::VectorXd& target) {
  return (shot.path.col(shot.path.cols() - 1) - target).norm();
}

// 33 points from offPlaneSlerpStart(a, b): the solver must bring the path back to the plane.
inline GeodesicOptions offPlaneStartOptions(const Eigen::Vector3d& a, const Eigen::Vector3d& b) {
  GeodesicOptions options;
  options.points = 33;
  options.initialPath = offPlaneSlerpStart(a, b, options.points);
  return options;
}

// A manifold's quadrature score at level σ: the smoothed manifold measure itself.
inline std::shared_ptr<const ScoreModel> quadratureScore(
    const SyntheticManifold& manifold, double sigma = SyntheticScoreOptions{}.sigma) {
  SyntheticScoreOptions options;
  options.source = ScoreSource::Quadrature;
  options.sigma = sigma;
  return makeSyntheticScore(manifold, options);
}

}  // namespace geodex::test
