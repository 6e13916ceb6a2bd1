#include "ui/explorer/tour.h"

namespace geodex {

std::vector<TourScene> tourScenes() {
  std::vector<TourScene> scenes;
  const auto add = [&](QString title, QString caption, ExplorerSettings s) {
    scenes.push_back({std::move(title), std::move(caption), std::move(s)});
  };

  ExplorerSettings sphere = ExplorerSettings::defaultsFor(ManifoldKind::Sphere);
  sphere.lambda = 1000;
  add("Sphere: geodesic vs straight line at λ = 1000",
      "The score metric makes leaving the sphere expensive: the geodesic (green) follows the "
      "great circle, the straight line (red) cuts through.",
      sphere);
  ExplorerSettings weak = sphere;
  weak.lambda = 3;
  add("Sphere: small λ — the metric is almost Euclidean",
      "At λ = 3 the geodesic is nearly the straight line; raise λ with the slider to watch it "
      "bend onto the sphere.",
      weak);

  ExplorerSettings learned = sphere;
  learned.scoreSource = ScoreSource::Trained;
  learned.modelFile = "resources/models/sphere-mlp.pt";
  learned.lambda = 10;
  learned.sigma = 0.1;
  add("Sphere: a score learned by geodex (MLP, denoising score matching)",
      "An MLP trained in 12 s by `geodex-cli train --data sphere` (cosine 0.975 to the exact "
      "score). Its geodesic stays near the sphere but up to 0.34 away from the exact one: "
      "switch Score to analytic to compare; raise λ and the errors become detours.",
      learned);

  ExplorerSettings torus = ExplorerSettings::defaultsFor(ManifoldKind::Torus);
  torus.showSlerp = true;
  add("Torus: a geodesic around the hole",
      "The straight line (red) crosses the hole and SLERP (blue) leaves the surface; the "
      "geodesic (green) goes around the hole and over the tube, on the surface.",
      torus);

  ExplorerSettings moons = ExplorerSettings::defaultsFor(ManifoldKind::TwoMoons);
  moons.compareMetrics = true;
  add("Two moons: the same pair under three metrics",
      "Green: the score metric I + λ s sᵀ; yellow: the density-conformal metric; red: "
      "Euclidean (the straight line).",
      moons);

  ExplorerSettings roll = ExplorerSettings::defaultsFor(ManifoldKind::SwissRoll);
  roll.extrapolation = 0.6;
  add("Swiss roll: extrapolating a geodesic",
      "The pale green continuation is the geodesic shot on past the second endpoint by "
      "integrating the geodesic equation (exponential map).",
      roll);
  return scenes;
}

}  // namespace geodex
