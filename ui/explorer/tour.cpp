#include "ui/explorer/tour.h"

namespace geodex {

namespace {

// One function a scene, in the order of the Tour menu.

ExplorerSettings sphereAtPaperLambda() {
  ExplorerSettings sphere = ExplorerSettings::defaultsFor(ManifoldKind::Sphere);
  sphere.metric.lambda = 1000;
  return sphere;
}

TourScene sphereGeodesic() {
  return {"Sphere: geodesic vs straight line at λ = 1000",
          "The score metric makes leaving the sphere expensive: the geodesic (green) follows the "
          "great circle, the straight line (red) cuts through.",
          sphereAtPaperLambda()};
}

TourScene sphereAtSmallLambda() {
  ExplorerSettings weak = sphereAtPaperLambda();
  weak.metric.lambda = 3;
  return {"Sphere: small λ — the metric is almost Euclidean",
          "At λ = 3 the geodesic is nearly the straight line; raise λ with the slider to watch it "
          "bend onto the sphere.",
          weak};
}

TourScene learnedSphere() {
  ExplorerSettings learned = sphereAtPaperLambda();
  learned.scoreSource = ScoreSource::Trained;
  learned.modelFile = "resources/models/sphere-mlp.pt";
  learned.metric.lambda = 10;
  learned.sigma = 0.1;
  return {"Sphere: a score learned by geodex (MLP, denoising score matching)",
          "An MLP trained in 12 s by `geodex-cli train --data sphere` (cosine 0.975 to the exact "
          "score). Its geodesic stays near the sphere but up to 0.34 away from the exact one: "
          "switch Score to analytic to compare; raise λ and the errors become detours.",
          learned};
}

TourScene torusAroundTheHole() {
  ExplorerSettings torus = ExplorerSettings::defaultsFor(ManifoldKind::Torus);
  torus.showSlerp = true;
  return {"Torus: a geodesic around the hole",
          "The straight line (red) crosses the hole and SLERP (blue) leaves the surface; the "
          "geodesic (green) goes around the hole and over the tube, on the surface.",
          torus};
}

TourScene moonsUnderEveryMetric() {
  ExplorerSettings moons = ExplorerSettings::defaultsFor(ManifoldKind::TwoMoons);
  moons.compareMetrics = true;
  return {"Two moons: the same pair under four metrics",
          "Green: the score metric I + λ s sᵀ; yellow: the score-pullback metric εI + JᵀJ; "
          "magenta: the density-conformal metric; red: Euclidean (the straight line).",
          moons};
}

TourScene sphereExponentialMap() {
  ExplorerSettings fan = sphereAtPaperLambda();
  fan.showFan = true;
  fan.fanLength = 1.5;
  fan.showEllipsoids = false;
  return {"Sphere: the exponential map — geodesics in every direction",
          "From the first endpoint, 24 geodesics (pink) start in evenly spaced directions of the "
          "sphere's tangent plane, each with metric speed 1, and run for the same metric length; "
          "the white curves join the points they reach after a quarter, half, three quarters and "
          "all of it: the geodesic circles. Leaving the sphere is expensive at λ = 1000, so the "
          "rays bend along it as great circles and the circles are circles of latitude about the "
          "start. Switch the metric to euclidean: the rays go straight off the sphere and the "
          "circles are round in the tangent plane. Lower λ and watch them lift off.",
          fan};
}

TourScene moonsDistanceField() {
  ExplorerSettings distance = ExplorerSettings::defaultsFor(ManifoldKind::TwoMoons);
  distance.showDistanceField = true;
  distance.showEllipsoids = false;
  return {"Two moons: the geodesic distance field",
          "The colour is the length of the shortest path from the first endpoint to each point "
          "under the score metric (dark violet near, yellow far), with iso-lines at equal steps. "
          "Travelling along a moon is cheap, leaving it is not: the iso-lines cross the moon like "
          "the marks of a ruler laid along it, the other moon lies far away although it is close "
          "in the plane, and everything far off the data is the yellow of the bar's top. Click "
          "anywhere to read off the distance in the status bar (and move the second endpoint "
          "there to compare the solved geodesic's length).",
          distance};
}

TourScene swissRollExtrapolation() {
  ExplorerSettings roll = ExplorerSettings::defaultsFor(ManifoldKind::SwissRoll);
  roll.extrapolation = 0.6;
  return {"Swiss roll: extrapolating a geodesic",
          "The pale green continuation is the geodesic shot on past the second endpoint by "
          "integrating the geodesic equation (exponential map).",
          roll};
}

TourScene sphereChoosingSigma() {
  ExplorerSettings choosing = ExplorerSettings::defaultsFor(ManifoldKind::Sphere);
  choosing.initialization = PathInitialization::Lerp;
  return {"Sphere: choosing σ",
          "Choose σ (View → Choose σ…) smooths the sphere at several σ and measures, at noisy "
          "points, the angle between the score and the sphere's normal and how large the metric's "
          "stretch 1 + λ‖s‖² is, then solves this geodesic from the straight line at each σ and "
          "measures how far it stays off the sphere and how wrong its length is. A small σ gives "
          "an extreme metric that holds the path on the sphere; a large σ blurs the sphere, so "
          "the path cuts inside and comes out short. Pick the σ where the path error is small "
          "before the metric gets extreme; the black dashed line is the window's σ.",
          choosing, /*opensSigmaDiagnosis=*/true};
}

TourScene sphereAnimationForSlides() {
  ExplorerSettings recorded = ExplorerSettings::defaultsFor(ManifoldKind::Sphere);
  recorded.solver = GeodesicSolverKind::Adam;
  recorded.initialization = PathInitialization::Lerp;
  return {"Sphere: an animation for slides",
          "The paper's Adam solver takes 500 small steps from the straight line and stops well "
          "short of the great circle; a recording shows how slowly it bends. File → Export "
          "animation… → While solving records one frame per drawn step into a GIF or MP4; Orbit "
          "turns the camera once around the scene instead.",
          recorded};
}

}  // namespace

std::vector<TourScene> tourScenes() {
  return {sphereGeodesic(),       sphereAtSmallLambda(),   learnedSphere(),
          torusAroundTheHole(),   moonsUnderEveryMetric(), sphereExponentialMap(),
          moonsDistanceField(),   swissRollExtrapolation(), sphereChoosingSigma(),
          sphereAnimationForSlides()};
}

}  // namespace geodex
