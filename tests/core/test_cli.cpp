// geodex-cli as a user runs it: JSON output that parses and agrees with itself, and bad input
// that exits non-zero with one clear line.
#include <QtTest>

#include <cmath>
#include <nlohmann/json.hpp>

class TestCli : public QObject {
  Q_OBJECT

  struct Run {
    int exitCode;
    QString out, err;
  };

  Run run(const QStringList& arguments) {
    QProcess process;
    process.start(GEODEX_CLI_PATH, arguments);
    if (!process.waitForFinished(60000)) return {-1, {}, "timeout"};
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
            QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
  }

  nlohmann::json readJson(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return nlohmann::json::parse(file.readAll().toStdString());
  }

 private slots:
  void geodesicWritesConsistentJson() {
    QTemporaryDir dir;
    const QString out = dir.filePath("g.json");
    const Run r =
        run({"geodesic", "--manifold", "sphere", "--sigma", "0.1", "--lambda", "1000", "--from",
             "1,0,0", "--to", "0,0,1", "--points", "64", "--solver", "fast", "--quadrature", "1",
             "--no-refine", "--json", out});  // the midpoint rule's polygon at 64 points
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const nlohmann::json json = readJson(out);
    QCOMPARE(json["path"].size(), 64u);
    QCOMPARE(json["points"].get<int>(), 64);
    QCOMPARE(json["refinements"].get<int>(), 0);
    QCOMPARE(json["solver"].get<std::string>(), std::string("gauss-newton"));  // "fast": its older name
    QCOMPARE(json["path"][0].get<std::vector<double>>(), (std::vector<double>{1, 0, 0}));
    QVERIFY(json["converged"].get<bool>());
    const double length = json["length"], straight = json["straight_length"];
    QVERIFY(length > 1.5 && length < 1.6);  // ≈ π/2, the quarter great circle
    QVERIFY(straight > 10 * length);       // the chord cuts through low density
    QVERIFY(json["score_evaluations"].get<long long>() > 0);
    for (const char* key : {"energy", "iterations", "seconds"}) QVERIFY(json.contains(key));
    // The refined length (8 pieces per segment): the solver's path keeps its nodes where
    // s ⟂ Δ at the segment midpoints; between them the chords dip inside the sphere, where the
    // score has a component along Δ — so the polygon's refined length is a little longer
    // (measured 1.608 against 1.5706), never shorter. The chord's hardly changes.
    QCOMPARE(json["refinement"].get<int>(), 8);
    const double refined = json["refined_length"];
    QVERIFY(refined >= length - 1e-9 && refined < 1.05 * M_PI / 2);
    QVERIFY(std::abs(json["straight_refined_length"].get<double>() - straight) < 0.01 * straight);
  }

  // Gauss–Legendre nodes in the energy: the same great circle, reported in the JSON.
  void geodesicWithSegmentQuadrature() {
    QTemporaryDir dir;
    const QString out = dir.filePath("g.json");
    const Run r = run({"geodesic", "--manifold", "sphere", "--from", "1,0,0", "--to", "0,0,1",
                       "--points", "24", "--quadrature", "3", "--refinement", "1", "--json", out});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const nlohmann::json json = readJson(out);
    QCOMPARE(json["quadrature_nodes"].get<int>(), 3);
    QCOMPARE(json["metric"].get<std::string>(), std::string("score-quadrature"));
    QCOMPARE(json["solver"].get<std::string>(), std::string("gauss-newton"));  // the default
    // Three nodes per segment see the chords dip inside the sphere (see above): the length
    // they give the polygon is the refined one's, a little above π/2.
    QVERIFY(std::abs(json["length"].get<double>() - M_PI / 2) < 0.1 * M_PI / 2);
    // One piece per segment: the refined length is the length.
    QCOMPARE(json["refined_length"].get<double>(), json["length"].get<double>());
  }

  // --init graph through the torus's samples under the pullback metric: the graph start's cost
  // and size are in the JSON, and the refined path goes round the hole, not through it.
  void geodesicFromTheDataGraph() {
    const Run r = run({"geodesic", "--manifold", "torus", "--metric", "pullback", "--init", "graph",
                       "--graph-samples", "400", "--from", "1.4,0,0", "--to", "-1.4,0,0",
                       "--points", "24", "--iterations", "30", "--json", "-"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const nlohmann::json json = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(json["metric"].get<std::string>(), std::string("pullback"));
    const auto& graph = json["graph_start"];
    QCOMPARE(graph["references"].get<int>(), 400);
    QVERIFY(graph["edges"].get<int>() > 400 && graph["score_evaluations"].get<long long>() > 0);
    double closest = 1e9;  // the surface keeps 0.6 from the z axis (radii 1 and 0.4)
    for (const auto& p : json["path"]) closest = std::min(closest, std::hypot(p[0].get<double>(), p[1].get<double>()));
    QVERIFY2(closest > 0.5, qPrintable(QString::number(closest)));
  }

  // Newton steps in the solver's slow tail are the default; --no-newton gives plain Gauss–Newton,
  // which needs more iterations for the same path around the hole.
  void geodesicNewtonTailAndNoNewton() {
    QStringList args = {"geodesic", "--manifold",   "torus", "--init",   "graph",
                        "--from",   "1.4,0,0",      "--to",  "-1.4,0,0", "--points",
                        "32",       "--quadrature", "1",     "--json",   "-"};
    const Run newton = run(args);
    args.append("--no-newton");
    const Run plain = run(args);
    QVERIFY2(newton.exitCode == 0 && plain.exitCode == 0, qPrintable(newton.err + plain.err));
    const nlohmann::json a = nlohmann::json::parse(newton.out.toStdString());
    const nlohmann::json b = nlohmann::json::parse(plain.out.toStdString());
    QVERIFY(a["converged"].get<bool>() && b["converged"].get<bool>());
    QVERIFY(a["newton_steps"].get<int>() > 0);
    QCOMPARE(b["newton_steps"].get<int>(), 0);
    // The midpoint rule's loophole: refining does not close the gap to the refined length (56 %
    // at 63 points, 52 % at 125), so the solve stops there instead of going on to 16× the points.
    for (const nlohmann::json* j : {&a, &b}) {
      QCOMPARE((*j)["path"].size(), 125u);
      QVERIFY2((*j)["stop_reason"].get<std::string>().find("no longer halves") != std::string::npos,
               (*j)["stop_reason"].get<std::string>().c_str());
    }
    QVERIFY2(a["iterations"].get<int>() < b["iterations"].get<int>(),
             qPrintable(QString("%1 vs %2").arg(a["iterations"].get<int>()).arg(b["iterations"].get<int>())));
  }

  // The explorer's comparisons from the command line (core/pipelines/synthetic_scene.h).
  void geodesicWithComparisonsSlerpAndExtrapolation() {
    const Run r = run({"geodesic", "--manifold", "sphere", "--from", "1,0,0", "--to", "0,0,1",
                       "--points", "16", "--compare-metrics", "--slerp", "--extrapolate", "0.5",
                       "--json", "-"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const nlohmann::json json = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(json["path"].size(), 16u);
    QCOMPARE(json["straight_path"].size(), 16u);
    QCOMPARE(json["slerp_path"].size(), 16u);
    QVERIFY(json["extrapolation_path"].size() > 10);
    QVERIFY(json["extrapolation_length"].get<double>() > 0);
    for (const char* metric : {"pullback", "conformal", "euclidean"}) {
      const auto& c = json["comparisons"][metric];
      // 16 points, or more where that metric's solve was refined (up to 4×).
      QVERIFY(c["path"].size() >= 16u && c["path"].size() <= 64u);
      // No shorter than the geodesic, up to the 16-point polygon's excess over a refined one's
      // (its chords cut inside the sphere: 5 % at 32 points).
      QVERIFY(c["length_under_main_metric"].get<double>() >= 0.9 * json["length"].get<double>());
    }
    QVERIFY(!json["comparisons"].contains("score"));  // the main metric is not compared with itself
    const Run bad = run({"geodesic", "--manifold", "sphere", "--from", "1,0,0", "--to", "0,0,1",
                         "--extrapolate", "-1"});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY(bad.err.contains("--extrapolate"));
  }

  void shootWritesJson() {
    QTemporaryDir dir;
    const QString out = dir.filePath("s.json");
    const Run r = run({"shoot", "--manifold", "sphere", "--from", "1,0,0", "--velocity", "0,0,1.5",
                       "--steps", "50", "--json", out});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const nlohmann::json json = readJson(out);
    QCOMPARE(json["path"].size(), 50u);
    QVERIFY(json["speed_drift"].get<double>() < 1e-6);
  }

  void otherManifoldsAndMetrics() {
    for (const QStringList& args :
         {QStringList{"--manifold", "torus", "--from", "1.4,0,0", "--to", "0,1.4,0"},
          QStringList{"--manifold", "moons", "--from", "-0.4,-0.2", "--to", "0.4,0.2", "--metric", "conformal"},
          QStringList{"--manifold", "circle", "--from", "1,0", "--to", "0,1", "--metric", "euclidean"}}) {
      const Run r = run(QStringList{"geodesic", "--points", "12", "--json", "-"} + args);
      QVERIFY2(r.exitCode == 0, qPrintable(args.join(' ') + ": " + r.err));
      // 12 points, or more where the solve refined the path (--no-refine keeps 12).
      const nlohmann::json json = nlohmann::json::parse(r.out.toStdString());
      QCOMPARE(json["path"].size(), json["points"].get<std::size_t>());
      QVERIFY(json["points"].get<int>() >= 12 && json["points"].get<int>() <= 4 * 12);
    }
  }

  // The exponential-map fan and the distance field under the Euclidean metric: exact answers.
  void fanAndDistanceFieldWriteJson() {
    Run r = run({"fan", "--manifold", "circle", "--metric", "euclidean", "--from", "0.2,0.1",
                 "--rays", "12", "--length", "0.8", "--wavefronts", "2", "--json", "-"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    nlohmann::json json = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(json["rays"].size(), 12u);
    QCOMPARE(json["wavefronts"].size(), 2u);
    QCOMPARE(json["metric"].get<std::string>(), std::string("euclidean"));
    for (const auto& front : json["wavefronts"]) {
      QVERIFY(front["closed"].get<bool>());
      for (const auto& p : front["path"]) {
        const double radius = std::hypot(p[0].get<double>() - 0.2, p[1].get<double>() - 0.1);
        QVERIFY(std::abs(radius - front["radius"].get<double>()) < 1e-9);  // round
      }
    }
    r = run({"distance-field", "--manifold", "circle", "--metric", "euclidean", "--from", "1,0",
             "--resolution", "41", "--stencil", "8", "--json", "-"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    json = nlohmann::json::parse(r.out.toStdString());
    const int rows = json["rows"], cols = json["cols"];
    QCOMPARE(cols, 41);
    QCOMPARE(json["nodes"].size(), std::size_t(rows * cols));
    QCOMPARE(json["distance"].size(), std::size_t(rows * cols));
    QCOMPARE(json["source_point"].get<std::vector<double>>(), (std::vector<double>{1, 0}));
    // Around the circle to (−1, 0): the diameter, within the 8-stencil's 8.24 %.
    const auto& curve = json["curve"];
    const auto& along = json["curve_distance"];
    QCOMPARE(curve.size(), along.size());
    const std::size_t half = curve.size() / 2;
    QVERIFY(std::abs(curve[half][0].get<double>() + 1.0) < 1e-9);
    const double opposite = along[half];
    QVERIFY(opposite >= 2.0 - 1e-9 && opposite <= 2.0 * 1.0824);
  }

  void badInputExitsWithOneLine_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    const QStringList base{"geodesic", "--manifold", "sphere", "--to", "0,0,1"};
    QTest::newRow("wrong dimension") << base + QStringList{"--from", "1,0"} << "--from";
    QTest::newRow("not a number") << base + QStringList{"--from", "1,x,0"} << "'x'";
    QTest::newRow("nan") << base + QStringList{"--from", "nan,0,0"} << "finite";
    QTest::newRow("lambda <= 0") << base + QStringList{"--from", "1,0,0", "--lambda", "0"} << "λ";
    QTest::newRow("points < 3") << base + QStringList{"--from", "1,0,0", "--points", "2"} << "[3, 100000]";  // the range, from GeodesicOptions::kPoints
    QTest::newRow("sigma <= 0") << base + QStringList{"--from", "1,0,0", "--sigma", "-1"} << "σ";
    QTest::newRow("quadrature 9") << base + QStringList{"--from", "1,0,0", "--quadrature", "9"} << "--quadrature";
    QTest::newRow("refinement 0") << base + QStringList{"--from", "1,0,0", "--refinement", "0"} << "pieces per segment";
    QTest::newRow("unknown manifold") << QStringList{"geodesic", "--manifold", "cube", "--from", "1", "--to", "2"} << "cube";
    QTest::newRow("unknown solver") << base + QStringList{"--from", "1,0,0", "--solver", "magic"} << "'magic' (use gauss-newton or adam)";
    QTest::newRow("analytic torus") << QStringList{"geodesic", "--manifold", "torus", "--score", "analytic", "--from", "1,0,0", "--to", "0,1,0"} << "analytic";
    QTest::newRow("unwritable json") << base + QStringList{"--from", "1,0,0", "--json", "/nonexistent-dir/x.json"} << "/nonexistent-dir/x.json";
    QTest::newRow("missing option") << QStringList{"geodesic", "--manifold", "sphere"} << "--from";
    QTest::newRow("fan of 1 ray") << QStringList{"fan",   "--manifold", "sphere", "--from",
                                                 "1,0,0", "--rays",     "1"}
                                  << "rays";
    QTest::newRow("fan of nan length")
        << QStringList{"fan", "--manifold", "circle", "--from", "1,0", "--length", "nan"}
        << "length";
    QTest::newRow("huge distance grid")
        << QStringList{"distance-field", "--manifold", "circle", "--from", "1,0",
                       "--resolution",   "100000"}
        << "resolution";
    QTest::newRow("bad stencil")
        << QStringList{"distance-field", "--manifold", "circle", "--from", "1,0", "--stencil", "6"}
        << "stencil";
    QTest::newRow("distance on a helix")
        << QStringList{"distance-field", "--manifold", "helix", "--from", "1,0,0"} << "helix";
    QTest::newRow("train unknown data") << QStringList{"train", "--data", "cube", "--out", "/tmp/never.pt"} << "cube";
    QTest::newRow("train zero steps") << QStringList{"train", "--data", "sphere", "--steps", "0", "--out", "/tmp/never.pt"} << "step";
    QTest::newRow("train without out") << QStringList{"train", "--data", "sphere"} << "--out";
    QTest::newRow("train unwritable out") << QStringList{"train", "--data", "circle", "--steps", "2", "--out", "/nonexistent-dir/m.pt"} << "/nonexistent-dir/m.pt";
    QTest::newRow("trained without model") << base + QStringList{"--from", "1,0,0", "--score", "trained"} << "--model";
    QTest::newRow("diagnose moons") << QStringList{"diagnose", "--manifold", "moons"} << "normals";
    QTest::newRow("diagnose bad sigma") << QStringList{"diagnose", "--sigmas", "0.1,0"} << "σ";
    QTest::newRow("diagnose nan sigma") << QStringList{"diagnose", "--sigmas", "nan"} << "finite";
    QTest::newRow("diagnose samples") << QStringList{"diagnose", "--samples", "1000000000"} << "sample count";
    QTest::newRow("diagnose model t") << QStringList{"diagnose", "--score", "model", "--ts", "100,0"} << "level t";
    QTest::newRow("diagnose model digits") << QStringList{"diagnose", "--score", "model", "--digits", "0"} << "--digits";
    QTest::newRow("missing model file") << base + QStringList{"--from", "1,0,0", "--score", "trained", "--model", "/nonexistent-dir/m.pt"} << "/nonexistent-dir/m.pt";
  }

  void badInputExitsWithOneLine() {
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    const Run r = run(arguments);
    QVERIFY2(r.exitCode != 0 && r.exitCode > 0, qPrintable(QString::number(r.exitCode)));
    const QStringList lines = r.err.trimmed().split('\n');
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines[0].startsWith("geodex-cli: error:") && lines[0].contains(mentions), qPrintable(lines[0]));
  }

  // diagnose: one row per σ, the sphere's exact reference and its radial score (angle 0).
  void diagnoseWritesOneRowPerSigma() {
    QTemporaryDir dir;
    const QString out = dir.filePath("d.json");
    const Run r = run({"diagnose", "--manifold", "sphere", "--sigmas", "0.02,0.1", "--samples", "50",
                       "--json", out});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const nlohmann::json json = readJson(out);
    QCOMPARE(json["rows"].size(), 2u);
    QCOMPARE(json["rows"][1]["sigma"].get<double>(), 0.1);
    QVERIFY(std::abs(json["reference_length"].get<double>() - M_PI / 2) < 1e-12);
    QVERIFY(json["rows"][0]["mean_normal_angle_degrees"].get<double>() < 1e-6);
    QCOMPARE(json["reference_method"].get<std::string>(), std::string("great circle"));
    QVERIFY(r.out.contains("length err"));
  }

  QStringList sliceArguments() {
    const QString data = qEnvironmentVariable("GEODEX_SOURCE_DIR") + "/tests/data/";
    return {"--images", data + "mnist-slice-images-idx3-ubyte", "--labels", data + "mnist-slice-labels-idx1-ubyte"};
  }

  void mnistGeodesicWritesJsonAndStrip() {
    QTemporaryDir dir;
    const QString json = dir.filePath("m.json"), strip = dir.filePath("m.png");
    const Run r = run(QStringList{"mnist-geodesic", "--digit-index", "7", "--from-angle", "0", "--to-angle", "90",
                                  "--points", "6", "--rotations", "90", "--score", "empirical", "--json", json,
                                  "--strip", strip} + sliceArguments());
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const nlohmann::json out = readJson(json);
    QCOMPARE(out["label"].get<int>(), 9);  // test digit 7 is a 9
    // The default: the best measured method first, the paper's beside it, LERP and SLERP.
    QCOMPARE(out["method_order"].get<std::vector<std::string>>(),
             (std::vector<std::string>{"pullback-graph", "paper-slerp", "lerp", "slerp"}));
    QVERIFY(out["methods"]["pullback-graph"]["graph_score_evaluations"].get<long long>() > 0);
    for (const char* method : {"pullback-graph", "paper-slerp", "lerp", "slerp"}) {
      const auto& m = out["methods"][method];
      QCOMPARE(m["recovered_angles"].size(), 6u);
      for (const char* key : {"mean_mse", "mean_ssim", "monotonic", "length", "energy", "refined_length"})
        QVERIFY2(m.contains(key), key);
    }
    QFile png(strip);
    QVERIFY(png.open(QIODevice::ReadOnly));
    QCOMPARE(png.read(4), QByteArray("\x89PNG"));
  }

  // --score model: the shipped U-Net at level t with DDIM; --to-digit-index: two digits.
  void mnistGeodesicWithTheShippedUnetAndTwoDigits() {
    QTemporaryDir dir;
    const QString json = dir.filePath("model.json"), strip = dir.filePath("model.png");
    Run r = run(QStringList{"mnist-geodesic", "--digit-index", "7", "--to-digit-index", "3", "--points", "5",
                            "--score", "model", "--t", "200", "--ddim-steps", "4", "--iterations", "3",
                            "--methods", "paper-slerp", "--device", "cpu", "--json", json, "--strip", strip} +
                sliceArguments());
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const nlohmann::json out = readJson(json);
    QCOMPARE(out["score"].get<std::string>(), std::string("model"));
    QCOMPARE(out["t"].get<int>(), 200);
    QVERIFY(out["model"].get<std::string>().ends_with("rotated-mnist-unet.pt"));
    QCOMPARE(out["to_digit_index"].get<int>(), 3);
    for (const char* method : {"paper-slerp", "lerp", "slerp"}) {
      const auto& m = out["methods"][method];
      QCOMPARE(m["image_steps"].size(), 4u);
      QVERIFY(m["mean_mse"].is_null());  // two digits: no ground truth
      QVERIFY(m["recovered_angles"].empty());
    }
    // Strip: geodesic, LERP, SLERP — no true-rotation row for two digits.
    QFile png(strip);
    QVERIFY(png.open(QIODevice::ReadOnly));
    const QByteArray header = png.read(24);  // IHDR: big-endian height at bytes 20–23
    const int height = (uchar(header[20]) << 24) | (uchar(header[21]) << 16) |
                       (uchar(header[22]) << 8) | uchar(header[23]);
    QCOMPARE(height, 3 * (2 * 28 + 4) + 4);
  }

  void mnistRotateWritesAnIdxPair() {
    QTemporaryDir dir;
    const QString images = dir.filePath("r-images"), labels = dir.filePath("r-labels");
    const Run r = run(QStringList{"mnist-rotate", "--digits", "5", "--count", "3", "--from-angle", "-30",
                                  "--to-angle", "30", "--out-images", images, "--out-labels", labels,
                                  "--out-angles", dir.filePath("a.csv")} + sliceArguments());
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(QFileInfo(images).size(), 16 + 15 * 784);
    QCOMPARE(QFileInfo(labels).size(), 8 + 15);
  }

  void mnistErrorsExitWithCodeAndOneLine_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("mentions");
    const QStringList slice = sliceArguments();
    QTest::newRow("missing model") << QStringList{"mnist-geodesic", "--score", "model", "--model", "/nonexistent.pt"} + slice
                                   << 2 << "/nonexistent.pt";
    QTest::newRow("not a u-net") << QStringList{"mnist-geodesic", "--score", "model", "--model", GEODEX_CLI_PATH} + slice
                                 << 2 << "geodex-cli";
    QTest::newRow("level t") << QStringList{"mnist-geodesic", "--score", "model", "--t", "1000"} + slice << 2 << "--t";
    QTest::newRow("end digit") << QStringList{"mnist-geodesic", "--to-digit-index", "30"} + slice << 2 << "30";
    QTest::newRow("digit index") << QStringList{"mnist-geodesic", "--digit-index", "30"} + slice << 2 << "30";
    QTest::newRow("graph pool") << QStringList{"mnist-geodesic", "--score", "model", "--graph-pool", "/nonexistent/train"} + slice
                                << 2 << "training digits";
    QTest::newRow("method") << QStringList{"mnist-geodesic", "--methods", "paper,lerp"} + slice << 2 << "pullback-graph";
    QTest::newRow("same angles") << QStringList{"mnist-geodesic", "--to-angle", "0"} + slice << 2 << "angles";
    QTest::newRow("no mnist") << QStringList{"mnist-geodesic", "--mnist-dir", "/nonexistent"} << 2 << "fetch_mnist.sh";
    QTest::newRow("not idx") << QStringList{"mnist-eval", "--images", GEODEX_CLI_PATH, "--labels", GEODEX_CLI_PATH}
                             << 2 << "magic";
    QTest::newRow("pairs beyond") << QStringList{"mnist-eval", "--pairs", "31"} + slice << 2 << "beyond";
  }

  void mnistErrorsExitWithCodeAndOneLine() {
    QFETCH(QStringList, arguments);
    QFETCH(int, code);
    QFETCH(QString, mentions);
    const Run r = run(arguments);
    QCOMPARE(r.exitCode, code);
    const QStringList lines = r.err.trimmed().split('\n');
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines[0].startsWith("geodex-cli: error:") && lines[0].contains(mentions), qPrintable(lines[0]));
  }

  void trainWritesAModelTheGeodesicCommandUses() {
    QTemporaryDir dir;
    const QString model = dir.filePath("sphere.pt"), json = dir.filePath("train.json");
    Run r = run({"train", "--data", "sphere", "--steps", "200", "--out", model, "--json", json,
                 "--device", "cpu"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const nlohmann::json out = readJson(json);
    QCOMPARE(out["loss"].size(), 200u);
    QCOMPARE(out["steps"].get<int>(), 200);
    QVERIFY(out.contains("mean_cosine_to_exact_score"));
    QVERIFY(QFile::exists(model));
    r = run({"geodesic", "--manifold", "sphere", "--score", "trained", "--model", model, "--from",
             "1,0,0", "--to", "0,0,1", "--points", "12", "--json", "-"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const nlohmann::json geodesic = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(geodesic["path"].size(), geodesic["points"].get<std::size_t>());
    QVERIFY(geodesic["points"].get<int>() >= 12);
    QCOMPARE(geodesic["score"].get<std::string>(), std::string("mlp-trained(sphere)"));
    // A 3D model on a 2D manifold: a usage error naming both.
    r = run({"geodesic", "--manifold", "circle", "--score", "trained", "--model", model, "--from",
             "1,0", "--to", "0,1"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("R^3") && r.err.contains("R^2"), qPrintable(r.err));
  }

  void trainRotatedMnistWritesAUnet() {
    QTemporaryDir dir;
    const QString source = qEnvironmentVariable("GEODEX_SOURCE_DIR") + "/tests/data/";
    const QString model = dir.filePath("unet.pt"), json = dir.filePath("unet.json");
    Run r = run({"train", "--data", "rotated-mnist", "--images",
                 source + "mnist-slice-images-idx3-ubyte", "--labels",
                 source + "mnist-slice-labels-idx1-ubyte", "--angles-per-digit", "2", "--steps",
                 "4", "--batch", "8", "--channels", "8", "--out", model, "--json", json});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const nlohmann::json out = readJson(json);
    QCOMPARE(out["loss"].size(), 4u);
    QCOMPARE(out["images"].get<int>(), 60);  // 30 digits × 2 angles
    QVERIFY(QFileInfo(model).size() > 10000);
    // Missing data: unusable input (exit 2), one line naming the place and the fix.
    r = run({"train", "--data", "rotated-mnist", "--mnist-dir", dir.filePath("none"), "--out",
             dir.filePath("x.pt")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("fetch_mnist.sh"));
    QVERIFY(!QFileInfo::exists(dir.filePath("x.pt")));
  }

  void helpDescribesTheCommands() {
    const Run r = run({"geodesic", "--help"});
    QCOMPARE(r.exitCode, 0);
    for (const char* option : {"--manifold", "--lambda", "--solver", "--metric", "--json"})
      QVERIFY(r.out.contains(option));
  }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
