#include "core/data/synthetic_manifold.h"

#include <algorithm>
#include <limits>

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
