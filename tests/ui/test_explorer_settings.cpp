// The explorer's settings: typed values with text only in JSON, and what they hand the
// computation — in particular the sample count of the empirical score, which must reach the
// score and be part of what decides whether the worker's scene can be reused.
#include <QJsonObject>
#include <QTest>

#include "core/pipelines/synthetic_scene.h"
#include "core/score/score_model.h"
#include "core/util/errors.h"
#include "ui/explorer/explorer_settings.h"
#include "ui/explorer/metric_controls.h"

using namespace geodex;

class TestExplorerSettings : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void jsonKeepsItsTextForm() {
    ExplorerSettings s = ExplorerSettings::defaultsFor(ManifoldKind::TwoMoons);
    s.solver = GeodesicSolverKind::Adam;
    s.metric.kind = MetricKind::Conformal;
    s.scoreSource = ScoreSource::Empirical;
    const QJsonObject json = s.toJson();
    QCOMPARE(json["manifold"].toString(), QString("moons"));
    QCOMPARE(json["solver"].toString(), QString("adam"));
    QCOMPARE(json["metric"].toString(), QString("conformal"));
    QCOMPARE(json["score_source"].toString(), QString("empirical"));
    QCOMPARE(ExplorerSettings::fromJson(json), s);
    // Core's name is written; sessions written before, which say "fast", still load.
    QCOMPARE(ExplorerSettings{}.toJson()["solver"].toString(), QString("gauss-newton"));
    QVERIFY(ExplorerSettings::fromJson({{"solver", "fast"}}).solver ==
            GeodesicSolverKind::GaussNewton);
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError,
                             ExplorerSettings::fromJson({{"metric", "taxicab"}}));
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError,
                             ExplorerSettings::fromJson({{"score_source", 3}}));
  }

  // The status bar's metric parameters: the quadrature's 0 is the automatic choice, and reads so.
  void metricParametersReadAsTheControlsShowThem() {
    MetricOptions metric;
    metric.kind = MetricKind::Score;
    metric.lambda = 250.0;
    metric.quadratureNodes = 0;
    const QString automatic = MetricControls::parametersText(metric);
    QVERIFY2(automatic.contains("λ = 250") && automatic.contains("nodes / segment = auto"),
             qPrintable(automatic));
    metric.quadratureNodes = 2;
    QVERIFY(MetricControls::parametersText(metric).contains("nodes / segment = 2"));
  }

  void sceneOptionsFollowTheSettings() {
    ExplorerSettings s = ExplorerSettings::defaultsFor(ManifoldKind::Torus);
    s.metric.lambda = 42;
    s.points = 17;
    s.solver = GeodesicSolverKind::Adam;
    s.compareMetrics = s.showSlerp = true;
    s.extrapolation = 0.5;
    const SyntheticSceneOptions o = s.sceneOptions();
    QVERIFY(o.manifold == ManifoldKind::Torus);
    QVERIFY(o.score.source == ScoreSource::Quadrature);
    QCOMPARE(o.metric.lambda, 42.0);
    QCOMPARE(o.geodesic.points, 17);
    QVERIFY(o.geodesic.solver == GeodesicSolverKind::Adam);
    QVERIFY(o.slerp && o.compareMetrics);
    QCOMPARE(o.extrapolation, 0.5);
    QCOMPARE(o.from.size(), Eigen::Index(3));
    QCOMPARE((o.to - s.to).norm(), 0.0);
    // The energy: the CLI's default nodes unless chosen (Adam: the paper's midpoint rule).
    QCOMPARE(o.metric.quadratureNodes, 1);
    s.solver = GeodesicSolverKind::GaussNewton;
    QCOMPARE(s.sceneOptions().metric.quadratureNodes, 3);
    s.metric.quadratureNodes = 1;
    QCOMPARE(s.sceneOptions().metric.quadratureNodes, 1);
    QCOMPARE(ExplorerSettings::fromJson(s.toJson()).metric.quadratureNodes, 1);
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError,
                             ExplorerSettings::fromJson({{"quadrature_nodes", 6}}));
  }

  // The explorer must not show a fake geodesic: from every manifold's start-up pair and every
  // start, the discrete length the solver minimised agrees with the refined length of the same
  // polygon (8 pieces per segment) within 1 %.
  void defaultPairsAreRealGeodesics() {
    QStringList misses;
    for (ManifoldKind kind :
         {ManifoldKind::Circle, ManifoldKind::TwoMoons, ManifoldKind::Spiral, ManifoldKind::Sphere,
          ManifoldKind::Torus, ManifoldKind::SwissRoll, ManifoldKind::Helix}) {
      for (PathInitialization start :
           {PathInitialization::Slerp, PathInitialization::Lerp, PathInitialization::Graph}) {
        ExplorerSettings s = ExplorerSettings::defaultsFor(kind);
        s.initialization = start;
        const SyntheticSceneResult r = computeSyntheticScene(s.sceneOptions());
        const double gap = r.geodesic.refinedLength / r.geodesic.length - 1.0;
        qInfo("%s, %s start: length %.5f, refined %.5f (%+.2f %%), %d points, %d iterations%s",
              qPrintable(s.manifoldName()), toString(start).c_str(), r.geodesic.length,
              r.geodesic.refinedLength, 100 * gap, int(r.geodesic.path.cols()),
              r.geodesic.iterations,
              r.geodesic.converged ? "" : ", not converged");
        if (std::abs(gap) >= 0.01)
          misses << s.manifoldName() + "/" + QString::fromStdString(toString(start));
      }
    }
    // The helix from SLERP and LERP converges to a path that jumps between coils (refined +1085 %
    // at 63 points); a straight start's failed solve is solved again from the data graph, which
    // finds the geodesic (+0.27 %). The spiral needs more points than 4× the 32 asked for: each
    // halving closes its gap (graph start 3.3 % → 1.1 % → 0.4 % at 125, 249, 497 points), so the
    // refinement goes on past 4× (up to 16×) while it halves the gap. From SLERP and LERP it ends
    // at another, longer geodesic (refined 2.716 against the graph start's 2.462), −0.88 % at 249
    // points. The torus passes at −0.97 %.
    QCOMPARE(misses.join(", "), QString());
  }

  // The bug this guards against: the window's empirical score ignored `samples`, and the scene
  // cache did not look at it either.
  void samplesReachTheEmpiricalScoreAndTheCache() {
    ExplorerSettings few = ExplorerSettings::defaultsFor(ManifoldKind::Sphere);
    few.scoreSource = ScoreSource::Empirical;
    few.samples = 30;
    ExplorerSettings many = few;
    many.samples = 300;
    QCOMPARE(few.sceneOptions().score.samples, 30 * ExplorerSettings::kEmpiricalSamplesPerPoint);
    QCOMPARE(many.sceneOptions().score.samples, 300 * ExplorerSettings::kEmpiricalSamplesPerPoint);

    std::unique_ptr<SyntheticScene> cache;
    SyntheticScene* first = &reuseSyntheticScene(cache, few.sceneOptions());
    QCOMPARE(&reuseSyntheticScene(cache, few.sceneOptions()), first);  // unchanged: reused
    ExplorerSettings moved = few;
    moved.from = {0, 1, 0};  // the ends do not change the scene
    QCOMPARE(&reuseSyntheticScene(cache, moved.sceneOptions()), first);
    QVERIFY(!first->describes(many.sceneOptions()));
    const Eigen::MatrixXd x =
        (Eigen::MatrixXd(3, 3) << 1.1, 0, 0, 0, 0.9, 0, 0.5, 0.5, 0.8).finished();
    const Eigen::MatrixXd scoreFew = first->score()->score(x);
    SyntheticScene* second = &reuseSyntheticScene(cache, many.sceneOptions());
    QVERIFY(second != first);  // rebuilt
    const Eigen::MatrixXd scoreMany = second->score()->score(x);
    qInfo("score change from 300 to 3000 samples: %g (norm %g)", (scoreFew - scoreMany).norm(),
          scoreFew.norm());
    QVERIFY((scoreFew - scoreMany).norm() > 1e-3 * scoreFew.norm());
  }
};

QTEST_GUILESS_MAIN(TestExplorerSettings)
#include "test_explorer_settings.moc"
