// The data-graph start: Dijkstra on a small known graph, the k-nearest-neighbour graph, arc-length
// resampling, the circle (the graph start takes the shorter arc) and a graph that does not
// connect the ends (joined by its shortest metric bridges).
#include <QtTest>
#include <algorithm>
#include <cmath>

#include "core/data/synthetic_manifold.h"
#include "core/geometry/euclidean_metric.h"
#include "core/geometry/geodesic_solver.h"
#include "core/geometry/graph_start.h"
#include "core/geometry/neighbour_graph.h"
#include "core/geometry/score_metric.h"
#include "core/geometry/score_pullback_metric.h"
#include "core/score/circle_score.h"
#include "core/util/errors.h"
#include "test_helpers.h"

using namespace geodex;

namespace {
// Points on the unit circle at the given angles (radians), one per column.
Eigen::MatrixXd circlePoints(const Eigen::VectorXd& angles) {
  Eigen::MatrixXd points(2, angles.size());
  for (Eigen::Index i = 0; i < angles.size(); ++i)
    points.col(i) = Eigen::Vector2d(std::cos(angles[i]), std::sin(angles[i]));
  return points;
}

double polarAngle(const Eigen::VectorXd& p) { return std::atan2(p[1], p[0]); }
}  // namespace

class TestGraphStart : public QObject {
  Q_OBJECT
 private slots:
  void dijkstraOnAKnownGraph() {
    // 0 –1– 1 –1– 2 –1– 3, and a heavy shortcut 0 –5– 3; node 4 is isolated.
    const NeighbourGraph graph(5, {{0, 1, 1.0}, {1, 2, 1.0}, {2, 3, 1.0}, {0, 3, 5.0}});
    QCOMPARE(graph.shortestPath(0, 3), (std::vector<int>{0, 1, 2, 3}));
    const Eigen::VectorXd d = graph.distancesFrom(0);
    QCOMPARE(d[3], 3.0);
    QCOMPARE(d[2], 2.0);
    QVERIFY(std::isinf(d[4]));
    QVERIFY(graph.shortestPath(0, 4).empty());
    // Lighter shortcut wins once it is cheaper; a parallel edge keeps the lightest weight.
    NeighbourGraph cheaper(4, {{0, 1, 1.0}, {1, 2, 1.0}, {2, 3, 1.0}, {0, 3, 5.0}, {3, 0, 2.5}});
    QCOMPARE(cheaper.edges().size(), std::size_t(4));
    QCOMPARE(cheaper.shortestPath(0, 3), (std::vector<int>{0, 3}));
    cheaper.setWeights(Eigen::Vector4d(1.0, 10.0, 1.0, 1.0));  // edges sorted: 0-1, 0-3, 1-2, 2-3
    QCOMPARE(cheaper.shortestPath(0, 3), (std::vector<int>{0, 1, 2, 3}));
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, NeighbourGraph(3, {{0, 0, 1.0}}));
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, NeighbourGraph(3, {{0, 1, -1.0}}));
  }

  void nearestNeighbourGraphOnALine() {
    // Points 0, 1, 2, …, 9 on a line, k = 2: edges to the next and the one after, weighted by
    // their Euclidean lengths.
    Eigen::MatrixXd points = Eigen::MatrixXd::Zero(2, 10);
    for (int i = 0; i < 10; ++i) points(0, i) = i;
    const NeighbourGraph graph = NeighbourGraph::kNearest(points, 2);
    for (const auto& e : graph.edges()) {
      QVERIFY(std::abs(e.weight - std::abs(e.to - e.from)) < 1e-12);
      QVERIFY(e.to - e.from <= 2);
    }
    const std::vector<int> route = graph.shortestPath(0, 9);
    QCOMPARE(route.front(), 0);
    QCOMPARE(route.back(), 9);
    for (std::size_t i = 1; i < route.size(); ++i) QVERIFY(route[i] > route[i - 1]);
    QVERIFY(std::abs(graph.distancesFrom(0)[9] - 9.0) < 1e-12);
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, NeighbourGraph::kNearest(points, 10));
  }

  void resamplingKeepsEndsAndEqualArcLength() {
    Eigen::MatrixXd polyline(1, 3);
    polyline << 0.0, 1.0, 3.0;  // pieces of length 1 and 2 (Euclidean)
    const Eigen::MatrixXd resampled = resampleByArcLength(polyline, Eigen::Vector2d(1.0, 2.0), 4);
    QCOMPARE(resampled.cols(), Eigen::Index(4));
    for (int i = 0; i < 4; ++i) QVERIFY(std::abs(resampled(0, i) - i) < 1e-12);
  }

  void circleGraphStartTakesTheShorterArc_data() {
    QTest::addColumn<int>("metric");
    QTest::newRow("score") << 0;
    QTest::newRow("pullback") << 1;
  }

  void circleGraphStartTakesTheShorterArc() {
    QFETCH(int, metric);
    // From 10° to 100° on the unit circle: the short arc is 90°, the long one 270°. The straight
    // line cuts the disc; the graph start follows the circle through the samples.
    const auto model = std::make_shared<CircleScore>(0.1);
    const ScoreMetric paper(model, 1000.0);
    const ScorePullbackMetric pullback(model);
    const Metric& chosen = metric == 0 ? static_cast<const Metric&>(paper) : pullback;
    const Eigen::MatrixXd samples =
        circlePoints(Eigen::VectorXd::LinSpaced(120, 0.0, 2 * M_PI * 119.0 / 120.0));
    const Eigen::VectorXd from = circlePoints(Eigen::VectorXd::Constant(1, M_PI / 18)).col(0);
    const Eigen::VectorXd to = circlePoints(Eigen::VectorXd::Constant(1, M_PI / 1.8)).col(0);
    GraphStartOptions options;
    options.neighbours = 4;
    const GraphStartResult start = computeGraphStart(chosen, samples, from, to, 16, options);
    QCOMPARE(start.path.cols(), Eigen::Index(16));
    QCOMPARE(Eigen::VectorXd(start.path.col(0)), from);
    QCOMPARE(Eigen::VectorXd(start.path.col(15)), to);
    QVERIFY(start.scoreEvaluations > 0);
    QCOMPARE(start.referenceCount, 120);
    for (int j = 0; j < 16; ++j) {
      // Every point is on the short arc (between 10° and 100°) and near the circle.
      const double angle = polarAngle(start.path.col(j));
      QVERIFY2(angle > M_PI / 18 - 1e-9 && angle < M_PI / 1.8 + 1e-9, qPrintable(QString::number(angle)));
      QVERIFY2(std::abs(start.path.col(j).norm() - 1.0) < 0.01,
               qPrintable(QString::number(start.path.col(j).norm())));
    }
    // Angles increase: the path runs from one end to the other without turning back.
    for (int j = 1; j < 16; ++j)
      QVERIFY(polarAngle(start.path.col(j)) >= polarAngle(start.path.col(j - 1)) - 1e-9);
  }

  void disconnectedGraphIsJoinedByItsShortestBridge() {
    // Two clusters far apart, k = 2: the ends sit in different clusters. Issue #25: the graph is
    // joined by its shortest metric bridge (0.2 → 10), never refused.
    Eigen::MatrixXd references(2, 6);
    references << 0, 0.1, 0.2, 10, 10.1, 10.2,
                  0, 0,   0,   0,  0,    0;
    const EuclideanMetric metric(2);
    GraphStartOptions options;
    options.neighbours = 2;
    options.neighbourRaises = 0;
    options.referenceLabel = "test samples";
    const GraphStartResult bridged = computeGraphStart(metric, references, Eigen::Vector2d(-0.1, 0),
                                                       Eigen::Vector2d(10.3, 0), 8, options);
    QCOMPARE(bridged.bridges, 1);
    QCOMPARE(bridged.neighbours, 2);
    QVERIFY2(std::abs(bridged.graphLength - 10.4) < 1e-9,
             qPrintable(QString::number(bridged.graphLength)));
    QVERIFY(bridged.path.row(1).cwiseAbs().maxCoeff() < 1e-12);
    // The bridge is the pair of closest points of the two clusters: the graph path visits both.
    const std::vector<int>& v = bridged.vertices;
    QVERIFY(std::find(v.begin(), v.end(), 2) != v.end() &&
            std::find(v.begin(), v.end(), 3) != v.end());
    // Raised to k = 4 (each cluster has 4 nodes) the graph joins them, and says which k did it.
    options.neighbourRaises = 2;
    const GraphStartResult raised = computeGraphStart(
        metric, references, Eigen::Vector2d(-0.1, 0), Eigen::Vector2d(10.3, 0), 8, options);
    QCOMPARE(raised.neighbours, 4);
    QCOMPARE(raised.bridges, 0);
    // With k large enough the clusters join and the path is the straight line.
    options.neighbours = 7;
    const GraphStartResult joined = computeGraphStart(
        metric, references, Eigen::Vector2d(-0.1, 0), Eigen::Vector2d(10.3, 0), 8, options);
    QVERIFY(std::abs(joined.graphLength - 10.4) < 1e-9);
    QVERIFY(joined.path.row(1).cwiseAbs().maxCoeff() < 1e-12);
  }

  void twoMoonsArePairedAcrossTheGap() {
    // One end on each moon, a sparse graph (k = 2) in several components: bridged, and the
    // solve refines it (such pairs were once refused).
    const auto moons = SyntheticManifold::create(ManifoldKind::TwoMoons);
    const ScoreMetric metric(test::quadratureScore(*moons), 1000.0);
    const Eigen::MatrixXd samples = moons->sample(200, 1);
    Eigen::Index top = 0, bottom = 0;
    samples.row(1).maxCoeff(&top);
    samples.row(1).minCoeff(&bottom);
    GeodesicOptions options;
    options.points = 16;
    options.initialization = PathInitialization::Graph;
    options.graphReferences = std::make_shared<const Eigen::MatrixXd>(samples);
    options.graph.neighbours = 2;
    options.graph.neighbourRaises = 0;
    const GeodesicResult r =
        computeGeodesic(metric, samples.col(top), samples.col(bottom), options);
    QVERIFY(r.graphStart.has_value());
    QVERIFY2(r.graphStart->bridges >= 1, qPrintable(QString::number(r.graphStart->bridges)));
    QVERIFY(std::isfinite(r.graphStart->graphLength) && r.graphStart->graphLength > 0.0);
    QVERIFY(r.energyHistory.back() < r.energyHistory.front());
    QVERIFY2(r.length <= r.graphStart->graphLength * (1 + 1e-9),
             qPrintable(QString("%1 vs %2").arg(r.length).arg(r.graphStart->graphLength)));
  }

  // Across the swiss roll's layers: from SLERP the solver crawls (200 iterations, a path that
  // jumps between layers: docs/benchmarks.md); from the graph it converges on the roll, along
  // the arc between the two windings, within a set distance of the manifold.
  void swissRollGeodesicFromTheGraphStaysOnTheRoll() {
    const auto roll = SyntheticManifold::create(ManifoldKind::SwissRoll);
    const ScoreMetric metric(test::quadratureScore(*roll), 1000.0);
    GeodesicOptions options;
    options.points = 48;
    options.initialization = PathInitialization::Graph;
    options.graphReferences = std::make_shared<const Eigen::MatrixXd>(roll->sample(800, 1));
    options.relativeTolerance = 1e-8;
    const Eigen::Vector3d a(0.2757, 0, -0.2745), b(0.8822, 0, -0.0586);
    const GeodesicResult r = computeGeodesic(metric, a, b, options);
    double off = 0.0;
    for (Eigen::Index j = 0; j < r.path.cols(); ++j) off = std::max(off, roll->distanceTo(r.path.col(j)));
    qInfo("swiss roll from the graph: %d iterations, converged %d, length %.3f (straight %.3f), "
          "largest distance from the roll %.4f",
          r.iterations, int(r.converged), r.length, (b - a).norm(), off);
    QVERIFY(r.converged);
    QVERIFY(r.graphStart.has_value());
    QVERIFY(off < 0.03);                   // σ = 0.1: the path stays inside the smoothed roll
    QVERIFY(r.length > 3 * (b - a).norm());  // it goes round the winding, not across
  }
};

QTEST_APPLESS_MAIN(TestGraphStart)
#include "test_graph_start.moc"
