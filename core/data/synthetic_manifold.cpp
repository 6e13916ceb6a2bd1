#include "core/data/synthetic_manifold.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "core/data/manifold_shape.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"

namespace geodex {

namespace {

// Every synthetic manifold: its shape (manifold_shape.cpp) behind the SyntheticManifold interface.
class ShapedManifold final : public SyntheticManifold {
 public:
  explicit ShapedManifold(ManifoldKind kind) : kind_(kind), shape_(manifoldShape(kind)) {}

  ManifoldKind kind() const override { return kind_; }
  std::string name() const override { return nameOf(kind_); }
  int ambientDimension() const override { return shape_.ambientDimension; }
  int intrinsicDimension() const override { return shape_.intrinsicDimension; }
  Eigen::MatrixXd sample(int count, std::uint64_t seed) const override {
    return shape_.sample(count, seed);
  }
  std::optional<Eigen::VectorXd> project(const Eigen::VectorXd& x) const override {
    return shape_.project ? shape_.project(x) : std::nullopt;
  }
  Eigen::MatrixXd parameterGrid(int rows, int cols) const override {
    return shape_.parameterGrid(rows, cols);
  }
  bool closedInU() const override { return shape_.closedInU; }
  bool closedInV() const override { return shape_.closedInV; }

 private:
  ManifoldKind kind_;
  const ManifoldShape& shape_;
};

}  // namespace

double SyntheticManifold::distanceTo(const Eigen::VectorXd& x) const {
  if (x.size() != ambientDimension()) {
    throw InvalidArgumentError("distanceTo: point has dimension " + std::to_string(x.size()) +
                               ", manifold '" + name() + "' lives in R^" +
                               std::to_string(ambientDimension()));
  }
  if (auto p = project(x)) return (x - *p).norm();
  // No closed form: nearest point of a dense grid (error ≤ half its spacing: 5e-5 on curves,
  // 1.5e-3 on surfaces).
  const Eigen::MatrixXd grid = quadrature(intrinsicDimension() == 1 ? 1e-4 : 3e-3).points;
  return std::sqrt((grid.colwise() - x).colwise().squaredNorm().minCoeff());
}

namespace {
// Length of the longest polyline through a grid along columns (u) or rows (v).
double longestLine(const Eigen::MatrixXd& grid, int rows, int cols, bool alongU, bool closed) {
  double longest = 0.0;
  const int lines = alongU ? rows : cols, length = alongU ? cols : rows;
  for (int line = 0; line < lines; ++line) {
    double total = 0.0;
    for (int k = 0; k + (closed ? 0 : 1) < length; ++k) {
      const int a = alongU ? line * cols + k : k * cols + line;
      const int next = (k + 1) % length;
      const int b = alongU ? line * cols + next : next * cols + line;
      total += (grid.col(a) - grid.col(b)).norm();
    }
    longest = std::max(longest, total);
  }
  return longest;
}

// Central difference along u (di = 0) or v (di = 1); one-sided (and halved weight) at open edges.
Eigen::VectorXd gridTangent(const Eigen::MatrixXd& grid, int cols, int i, int j, int di, int rows,
                            bool closed, double& weight) {
  auto index = [&](int r, int c) { return r * cols + c; };
  const int count = di ? rows : cols, position = di ? i : j;
  int before = position - 1, after = position + 1;
  weight = 1.0;
  if (closed) {
    before = (before + count) % count;
    after = after % count;
  } else if (before < 0 || after >= count) {
    weight = 0.5;
    before = std::max(before, 0);
    after = std::min(after, count - 1);
  }
  const int r0 = di ? before : i, c0 = di ? j : before, r1 = di ? after : i, c1 = di ? j : after;
  const double steps = closed ? 2.0 : double(after - before);
  return (grid.col(index(r1, c1)) - grid.col(index(r0, c0))) / steps;
}
}  // namespace

SyntheticManifold::Quadrature SyntheticManifold::quadrature(double spacing) const {
  if (!(spacing > 0.0) || !std::isfinite(spacing))
    throw InvalidArgumentError("quadrature spacing must be positive");
  const bool curve = intrinsicDimension() == 1;
  const Eigen::MatrixXd coarse = curve ? parameterGrid(1, 512) : parameterGrid(128, 128);
  const int coarseRows = curve ? 1 : 128;
  const auto resolution = [&](double length) {
    return std::clamp(static_cast<int>(std::ceil(length / spacing)) + 1, 3, 4000);
  };
  const int cols = resolution(longestLine(coarse, coarseRows, curve ? 512 : 128, true, closedInU()));
  const int rows = curve ? 1 : resolution(longestLine(coarse, 128, 128, false, closedInV()));
  Quadrature q;
  q.points = parameterGrid(rows, cols);
  q.weights.resize(rows * cols);
  for (int i = 0; i < rows; ++i) {
    for (int j = 0; j < cols; ++j) {
      double wu = 1.0, wv = 1.0;
      const Eigen::VectorXd du = gridTangent(q.points, cols, i, j, 0, rows, closedInU(), wu);
      if (curve) {
        q.weights[j] = du.norm() * wu;
        continue;
      }
      const Eigen::VectorXd dv = gridTangent(q.points, cols, i, j, 1, rows, closedInV(), wv);
      const Eigen::Vector3d cross = Eigen::Vector3d(du).cross(Eigen::Vector3d(dv));
      q.weights[i * cols + j] = cross.norm() * wu * wv;
    }
  }
  return q;
}

Eigen::MatrixXd SyntheticManifold::tangentPlane(const Eigen::VectorXd& x) const {
  const int d = ambientDimension();
  if (x.size() != d || !x.allFinite())
    throw InvalidArgumentError("tangentPlane: the point must be finite and lie in R^" +
                               std::to_string(d));
  if (d == 2) return Eigen::MatrixXd::Identity(2, 2);
  // The principal axes of the grid points nearest x: a patch small against the curvature,
  // large against the grid spacing (~0.02 on the unit sphere).
  constexpr int kNearest = 40;
  const Eigen::MatrixXd grid =
      intrinsicDimension() == 1 ? parameterGrid(1, 4000) : parameterGrid(201, 200);
  std::vector<std::pair<double, Eigen::Index>> order(std::size_t(grid.cols()));
  for (Eigen::Index k = 0; k < grid.cols(); ++k) order[k] = {(grid.col(k) - x).squaredNorm(), k};
  std::partial_sort(order.begin(), order.begin() + kNearest, order.end());
  // Gaussian weights, not a hard cut at the k-th point: ties there would tilt the plane.
  const double h2 = std::max(order[kNearest - 1].first, 1e-300);
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(d);
  Eigen::MatrixXd moment = Eigen::MatrixXd::Zero(d, d);
  double total = 0.0;
  for (const auto& [d2, k] : order) {
    if (d2 > 9.0 * h2) continue;
    const double w = std::exp(-d2 / h2);
    mean += w * grid.col(k);
    moment += w * grid.col(k) * grid.col(k).transpose();
    total += w;
  }
  mean /= total;
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> axes(moment / total -
                                                            mean * mean.transpose());
  // Eigenvalues ascend: the last two columns span the plane.
  Eigen::MatrixXd basis(d, 2);
  basis.col(0) = axes.eigenvectors().col(d - 1);
  basis.col(1) = axes.eigenvectors().col(d - 2);
  return basis;
}

std::unique_ptr<SyntheticManifold> SyntheticManifold::create(ManifoldKind kind) {
  return std::make_unique<ShapedManifold>(kind);
}

static const std::vector<std::pair<std::string, ManifoldKind>>& manifoldTable() {
  static const std::vector<std::pair<std::string, ManifoldKind>> table = {
      {"circle", ManifoldKind::Circle},   {"moons", ManifoldKind::TwoMoons},
      {"spiral", ManifoldKind::Spiral},   {"sphere", ManifoldKind::Sphere},
      {"torus", ManifoldKind::Torus},     {"swissroll", ManifoldKind::SwissRoll},
      {"helix", ManifoldKind::Helix}};
  return table;
}

std::unique_ptr<SyntheticManifold> SyntheticManifold::create(const std::string& name) {
  return create(kindOf(name));
}

ManifoldKind SyntheticManifold::kindOf(const std::string& name) {
  for (const auto& [key, kind] : manifoldTable())
    if (key == name) return kind;
  std::string known;
  for (const auto& n : names()) known += (known.empty() ? "" : ", ") + n;
  throw InvalidArgumentError("unknown manifold '" + shortText(name) + "' (known: " + known + ")");
}

std::vector<std::string> SyntheticManifold::names() {
  std::vector<std::string> out;
  for (const auto& entry : manifoldTable()) out.push_back(entry.first);
  return out;
}

std::string SyntheticManifold::nameOf(ManifoldKind kind) {
  for (const auto& [key, k] : manifoldTable())
    if (k == kind) return key;
  return "?";
}

}  // namespace geodex
