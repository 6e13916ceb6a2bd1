#pragma once
// Choosing σ: for a synthetic manifold whose normals are known in closed form
// (circle, sphere, torus), how the score and the geodesic of the score metric g = I + λ s sᵀ
// behave as the noise level σ changes. Per σ, at points y + σz near the manifold (y on it,
// z ~ N(0, I)): the angle between the score and the true normal, the tangential fraction
// ‖P_T s‖/‖s‖ and the metric's anisotropy 1 + λ‖s‖² (its largest over smallest eigenvalue);
// and for one pair of ends on the manifold the geodesic's distance to the manifold and its
// Euclidean length against the manifold's own geodesic length (exact for circle and sphere,
// a fine reference for the torus: see NoiseLevelDiagnosis::referenceMethod).
#include <Eigen/Dense>
#include <optional>
#include <string>
#include <vector>

#include "core/data/synthetic_manifold.h"
#include "core/geometry/geodesic_types.h"
#include "core/geometry/metric_factory.h"
#include "core/score/score_source.h"
#include "core/util/solver_control.h"

namespace geodex {

struct NoiseLevelDiagnosisOptions {
  ManifoldKind manifold = ManifoldKind::Sphere;
  // Empty: the manifold's default (analytic for circle and sphere, quadrature for the torus).
  std::optional<ScoreSource> score;
  int empiricalSamples = 4000;  // for ScoreSource::Empirical
  std::vector<double> sigmas{0.02, 0.05, 0.1, 0.2,
                             0.5};  // 1 to kMaxSigmas values in [kMinSigma, kMaxSigma]
  int samples = 400;                // noisy points per σ, 1 to kMaxSamples
  std::uint64_t seed = 1;
  MetricOptions metric;  // the score metric's λ (the diagnosis always measures the score metric)
  int pathPoints = 32;     // of the geodesic, 3 to kMaxPathPoints
  // The straight line by default: SLERP already lies on circle and sphere, so only from a chord
  // does the geodesic show how well the metric alone pulls a path onto the manifold.
  PathInitialization initialization = PathInitialization::Lerp;
  // The test pair; empty: the manifold's default ends. Other ends are projected onto the manifold.
  Eigen::VectorXd from, to;

  static constexpr int kMaxSigmas = 24;
  static constexpr int kMaxSamples = 100000;
  static constexpr int kMaxPathPoints = 1000;
  static constexpr double kMinSigma = 1e-3;
  static constexpr double kMaxSigma = 10.0;
};

// One σ.
struct NoiseLevelRow {
  double sigma = 0.0;
  double meanNormalAngleDegrees = 0.0;  // angle between s and the normal line, in [0°, 90°]
  double tangentialFraction = 0.0;      // mean ‖P_T s‖/‖s‖
  double meanAnisotropy = 0.0;          // mean 1 + λ‖s‖²
  double maxDistance = 0.0;             // geodesic's points to the manifold
  double meanDistance = 0.0;
  double pathLength = 0.0;   // Euclidean length of the geodesic's polyline
  double lengthError = 0.0;  // pathLength / reference − 1
  bool converged = false;
  int usedSamples = 0;  // noisy points with a defined normal and a non-zero score
};

struct NoiseLevelDiagnosis {
  std::string manifold;
  std::string score;
  double lambda = 0.0;
  Eigen::VectorXd from, to;  // the ends used (on the manifold)
  double referenceLength = 0.0;
  std::string referenceMethod;  // "great circle", "circle arc", or how the torus's was found
  std::vector<NoiseLevelRow> rows;
  double seconds = 0.0;
};

// The manifolds this diagnosis knows the normals of.
bool hasKnownNormals(ManifoldKind kind);

// Throws InvalidArgumentError for other manifolds, σ lists that are empty, too long or out of
// range, bad counts, λ ≤ 0 or ends of the wrong dimension; ModelError when the score breaks.
// CancelledError when cancelled.
NoiseLevelDiagnosis diagnoseNoiseLevels(const NoiseLevelDiagnosisOptions& options,
                                        const SolverControl& control = {});

}  // namespace geodex
