// Issue #15 through geodex-cli: the hostile inputs of the issue that core now refuses reach the
// user as one line on stderr with the right exit code — no backtrace, no bare std::bad_alloc, no
// hang on a FIFO, no crash on deep JSON, no library noise.
#include <QtTest>
#include <csignal>

#include "hostile_test_helpers.h"

using namespace geodex::test;

namespace {

std::string be32(std::uint32_t v) {
  return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
}

std::string le16(std::uint16_t v) {
  return {char(v), char(v >> 8)};
}
std::string le32(std::uint32_t v) {
  return {char(v), char(v >> 8), char(v >> 16), char(v >> 24)};
}

// A valid zip archive (every CRC right) holding one empty record "a" at the top level: it passes
// geodex's archive check, then LibTorch refuses it ("not in a subdirectory") with its own text.
std::string zipWithOneEmptyRecord() {
  const std::string local = le32(0x04034b50) + le16(20) + le16(0) + le16(0) + le32(0) + le32(0) +
                            le32(0) + le32(0) + le16(1) + le16(0) + "a";
  const std::string central = le32(0x02014b50) + le16(20) + le16(20) + le16(0) + le16(0) + le32(0) +
                              le32(0) + le32(0) + le32(0) + le16(1) + le16(0) + le16(0) + le16(0) +
                              le16(0) + le32(0) + le32(0) + "a";
  const std::string end = le32(0x06054b50) + le16(0) + le16(0) + le16(1) + le16(1) +
                          le32(std::uint32_t(central.size())) + le32(std::uint32_t(local.size())) +
                          le16(0);
  return local + central + end;
}

// Whether process `pid` has a handler for SIGINT (SigCgt in /proc/<pid>/status): from then on
// Ctrl-C reaches geodex-cli's CommandInterrupt (installed by main) instead of killing the process.
bool catchesSigint(qint64 pid) {
  QFile status(QString("/proc/%1/status").arg(pid));
  if (!status.open(QIODevice::ReadOnly)) return false;
  for (const QByteArray& line : status.readAll().split('\n'))
    if (line.startsWith("SigCgt:"))
      return (line.mid(7).trimmed().toULongLong(nullptr, 16) >> (SIGINT - 1)) & 1;
  return false;
}

QString slice(const char* name) {
  return QDir(qEnvironmentVariable("GEODEX_SOURCE_DIR")).filePath(QString("tests/data/") + name);
}

}  // namespace

class TestHostileCli : public QObject {
  Q_OBJECT

  struct Run {
    int exitCode;
    QString err;
  };

  // The process's exit code (−2 when it crashed) and stderr; {−1, whenLate} when it has not
  // finished within timeoutMs (it is killed then).
  static Run finish(QProcess& process, int timeoutMs, const QString& whenLate) {
    if (!process.waitForFinished(timeoutMs)) {
      process.kill();
      process.waitForFinished();
      return {-1, whenLate};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
            QString::fromUtf8(process.readAllStandardError())};
  }

  Run run(const QStringList& arguments) {
    QProcess process;
    process.start(GEODEX_CLI_PATH, arguments);
    return finish(process, 60000, "timeout");
  }

  // Starts the command, waits until it catches Ctrl-C (main's first step), lets it work for
  // `delayMs`, sends `signal`.
  Run interrupt(const QStringList& arguments, int signal = SIGINT, int delayMs = 200) {
    QProcess process;
    process.start(GEODEX_CLI_PATH, arguments);
    if (!process.waitForStarted()) return {-1, "did not start"};
    QElapsedTimer clock;
    clock.start();
    while (!catchesSigint(process.processId()) && process.state() == QProcess::Running &&
           clock.elapsed() < 60000)
      QTest::qWait(20);
    if (process.state() != QProcess::Running)
      return {-3, "finished before Ctrl-C: " + QString::fromUtf8(process.readAllStandardError())};
    QTest::qWait(delayMs);  // inside the work
    if (process.state() != QProcess::Running)
      return {-3,
              "finished before the signal: " + QString::fromUtf8(process.readAllStandardError())};
    ::kill(pid_t(process.processId()), signal);
    // Generous against a loaded machine; the watchdog ends any phase after a second.
    return finish(process, 20000, "the signal did not stop it");
  }

  // Exit `code`, and stderr exactly one line holding every needle.
  void expectOneLine(const Run& r, int code, const QStringList& needles) {
    QVERIFY2(r.exitCode == code, qPrintable(QString("exit %1: %2").arg(r.exitCode).arg(r.err)));
    QVERIFY2(r.err.count('\n') == 1 && r.err.endsWith('\n'), qPrintable(r.err));
    QVERIFY2(!r.err.contains("frame #") && !r.err.contains("bad_alloc"), qPrintable(r.err));
    for (const QString& needle : needles) QVERIFY2(r.err.contains(needle), qPrintable(r.err));
  }

 private slots:
  void hugeAndSpecialIdxFiles() {
    QTemporaryDir dir;
    const std::string labels = dir.filePath("l").toStdString();
    writeBytes(labels, std::string("\0\0\x08\x01", 4) + be32(1) + "\x07");
    const std::string huge = dir.filePath("huge").toStdString();
    writeSparseFile(huge, std::string("\0\0\x08\x03", 4) + be32(1) + be32(46341) + be32(46341),
                    16 + 46341LL * 46341);
    expectOneLine(run({"mnist-geodesic", "--images", QString::fromStdString(huge), "--labels",
                       QString::fromStdString(labels)}),
                  2, {"46341"});
    const QString fifo = QString::fromStdString(makeFifo(dir.filePath("fifo").toStdString()));
    expectOneLine(run({"mnist-geodesic", "--images", fifo, "--labels", fifo}), 2, {"FIFO"});
    expectOneLine(run({"mnist-rotate", "--images", fifo, "--labels", fifo, "--out-images",
                       dir.filePath("o"), "--out-labels", dir.filePath("p")}),
                  2, {"FIFO"});
  }

  void absurdNumbersAreRefused() {
    expectOneLine(run({"geodesic", "--manifold", "sphere", "--from", "1,0,0", "--to", "0,0,1",
                       "--sigma", "1e308"}),
                  2, {"σ", "1e+308"});
    expectOneLine(run({"geodesic", "--manifold", "sphere", "--from", "1,0,0", "--to", "0,0,1",
                       "--lambda", "1e308"}),
                  2, {"λ", "1e+308"});
    QTemporaryDir dir;
    expectOneLine(
        run({"train", "--data", "sphere", "--layers", "100000", "--out", dir.filePath("m.pt")}), 2,
        {"hidden layers"});
    expectOneLine(
        run({"train", "--data", "sphere", "--batch", "1000000000", "--out", dir.filePath("m.pt")}),
        2, {"batch size"});
    QVERIFY(!QFile::exists(dir.filePath("m.pt")));
  }

  void modelFilesThatAreNotFiles() {
    expectOneLine(run({"geodesic", "--manifold", "sphere", "--from", "1,0,0", "--to", "0,0,1",
                       "--score", "trained", "--model", "/dev/zero"}),
                  2, {"'/dev/zero'", "character device"});
    QTemporaryDir dir;
    expectOneLine(run({"geodesic", "--manifold", "sphere", "--from", "1,0,0", "--to", "0,0,1",
                       "--score", "trained", "--model", dir.path()}),
                  2, {"is a directory"});
  }

  void hostileModelJson() {
    QTemporaryDir dir;
    const std::string folder = dir.filePath("sd").toStdString();
    QDir().mkpath(QString::fromStdString(folder));
    writeBytes(dir.filePath("a.png").toStdString(), std::string("\x89PNG", 4));
    const QString a = dir.filePath("a.png");
    // 100 000 levels deep: a SIGSEGV while building the message before.
    writeBytes(folder + "/model.json",
               "{\"format\": \"geodex-stable-diffusion-torchscript\", \"latent_shape\": " +
                   std::string(100000, '[') + std::string(100000, ']') + "}");
    expectOneLine(
        run({"interpolate", "--model", QString::fromStdString(folder), "--a", a, "--b", a}), 2,
        {"model.json", "deeper than 64"});
    writeBytes(
        folder + "/model.json",
        R"({"format": "geodex-stable-diffusion-torchscript", "image_size": 1e9, "latent_shape": [4, 4, 4],
                   "latent_scale_factor": 0.5, "schedule": {"type": "linear", "beta_start": 1e-4,
                   "beta_end": 0.02, "num_train_timesteps": 2.5}})");
    expectOneLine(
        run({"interpolate", "--model", QString::fromStdString(folder), "--a", a, "--b", a}), 2,
        {"'image_size'", "4096"});
  }

  // geodesic, shoot, mnist-geodesic and mnist-eval stop at the next iteration on Ctrl-C, with
  // one line, exit 130 and nothing written.
  void ctrlCStopsTheSolvers() {
    QTemporaryDir dir;
    const QString out = dir.filePath("out");
    const QStringList digits = {"--images", slice("mnist-slice-images-idx3-ubyte"), "--labels",
                                slice("mnist-slice-labels-idx1-ubyte")};
    const QList<QStringList> commands = {
        {"geodesic", "--manifold", "sphere", "--from", "1,0,0", "--to", "0,0,1", "--solver", "adam",
         "--adam-iterations", "10000000", "--json", out},
        // An empirical score of 100 000 samples: each integration step takes a while.
        {"shoot", "--manifold", "sphere", "--score", "empirical", "--samples", "100000", "--from",
         "1,0,0", "--velocity", "0,0,1.5", "--steps", "1000", "--duration", "100", "--json", out},
        QStringList{"mnist-geodesic", "--points", "64", "--solver", "adam", "--iterations",
                    "100000", "--json", out} +
            digits,
        QStringList{"mnist-eval", "--pairs", "30", "--csv", out} + digits,
    };
    for (const QStringList& command : commands) {
      expectOneLine(interrupt(command), 130, {"interrupted", "nothing written"});
      QVERIFY2(!QFile::exists(out), qPrintable(command.first()));
    }
  }

  // An output that is a FIFO is refused (exit 2) and stays a FIFO; an output that is a link is
  // written through and stays a link.
  void outputsNeverReplaceFifosOrLinks() {
    QTemporaryDir dir;
    const QString fifo = QString::fromStdString(makeFifo(dir.filePath("out.json").toStdString()));
    const QStringList geodesic = {"geodesic", "--manifold", "sphere", "--from", "1,0,0",
                                  "--to",     "0,0,1",      "--points", "8",  "--json"};
    expectOneLine(run(geodesic + QStringList{fifo}), 2, {"out.json", "FIFO"});
    QVERIFY(QFileInfo(fifo).exists() && !QFileInfo(fifo).isFile());
    writeBytes(dir.filePath("result.json").toStdString(), "stale");
    QVERIFY(QFile::link("result.json", dir.filePath("latest.json")));
    const Run linked = run(geodesic + QStringList{dir.filePath("latest.json")});
    QVERIFY2(linked.exitCode == 0, qPrintable(linked.err));
    QVERIFY(QFileInfo(dir.filePath("latest.json")).isSymLink());
    QVERIFY(readBytes(dir.filePath("result.json").toStdString()).find("\"path\"") !=
            std::string::npos);
  }

  void outOfDomainOptionsAreRefused() {
    QTemporaryDir dir;
    writeBytes(dir.filePath("a.png").toStdString(), std::string("\x89PNG", 4));
    // Before the model folder is even looked at: t is checked with the other options.
    expectOneLine(run({"interpolate", "--model", dir.path(), "--a", dir.filePath("a.png"), "--b",
                       dir.filePath("a.png"), "--t", "-2"}),
                  2, {"diffusion level t", "got -2"});
    expectOneLine(run(QStringList{"mnist-geodesic", "--anneal-from", "nan", "--json",
                                  dir.filePath("o.json")} +
                      QStringList{"--images", slice("mnist-slice-images-idx3-ubyte"), "--labels",
                                  slice("mnist-slice-labels-idx1-ubyte")}),
                  2, {"--anneal-from", "nan"});
    QVERIFY(!QFile::exists(dir.filePath("o.json")));
  }

  // The one line by default; with --verbose (before or after the subcommand) the library's own
  // text follows it.
  void verbosePrintsTheLibraryText() {
    QTemporaryDir dir;
    const QString model = dir.filePath("z.pt");
    writeBytes(model.toStdString(), zipWithOneEmptyRecord());
    const QStringList command = {"geodesic", "--manifold", "sphere",  "--from",  "1,0,0", "--to",
                                 "0,0,1",    "--score",    "trained", "--model", model};
    const Run quiet = run(command);
    expectOneLine(quiet, 2, {"z.pt", "not a LibTorch model archive"});
    for (const QStringList& arguments :
         {command + QStringList{"--verbose"}, QStringList{"--verbose"} + command}) {
      const Run verbose = run(arguments);
      QCOMPARE(verbose.exitCode, 2);
      const QStringList lines = verbose.err.trimmed().split('\n');
      QVERIFY2(lines.size() >= 2, qPrintable(verbose.err));
      QCOMPARE(lines.first() + "\n", quiet.err);
      QVERIFY2(lines[1].contains("subdirectory"), qPrintable(verbose.err));
    }
  }

  // Every command, in each of its long phases, stops on SIGINT (exit 130) and on SIGTERM (exit
  // 143) with one line, and leaves nothing in its output folder: no output, no temporary.
  void everyCommandObeysSigintAndSigterm() {
    const QStringList digits = {"--images", slice("mnist-slice-images-idx3-ubyte"), "--labels",
                                slice("mnist-slice-labels-idx1-ubyte")};
    const QString sd = slice("stable_diffusion/sd1_tiny.safetensors");
    const QString photo = slice("stable_diffusion/sd1_probe_image.png");
    const QString latent = slice("stable_diffusion/sd1_probe_latent.npy");
    // {arguments with OUT for the output folder's files, milliseconds of work before the signal}
    const QList<QPair<QStringList, int>> commands = {
        {{"geodesic", "--manifold", "sphere", "--from", "1,0,0", "--to", "0,0,1", "--solver",
          "adam", "--adam-iterations", "10000000", "--json", "OUT/o.json"},
         200},
        // The data-graph start: 20 000 samples, before the solver's first iteration.
        {{"geodesic", "--manifold", "sphere", "--score", "empirical", "--samples", "20000",
          "--from", "1,0,0", "--to", "0,0,1", "--init", "graph", "--graph-samples", "20000",
          "--json", "OUT/o.json"},
         500},
        {{"shoot", "--manifold", "sphere", "--score", "empirical", "--samples", "100000", "--from",
          "1,0,0", "--velocity", "0,0,1.5", "--steps", "1000", "--duration", "100", "--json",
          "OUT/o.json"},
         200},
        {{"fan", "--manifold", "sphere", "--score", "empirical", "--samples", "100000", "--from",
          "1,0,0", "--rays", "64", "--json", "OUT/o.json"},
         200},
        {{"distance-field", "--manifold", "moons", "--score", "empirical", "--samples", "100000",
          "--from", "0.4,0.6", "--resolution", "401", "--json", "OUT/o.json"},
         200},
        {{"diagnose", "--manifold", "sphere", "--score", "empirical", "--empirical-samples",
          "100000", "--samples", "100000", "--json", "OUT/o.json"},
         200},
        // The default pullback-graph method: the graph over the digit's rotations.
        {QStringList{"mnist-geodesic", "--json", "OUT/o.json", "--strip", "OUT/s.png"} + digits,
         500},
        {QStringList{"mnist-eval", "--pairs", "30", "--csv", "OUT/o.csv"} + digits, 500},
        // Rotation generation: 1.2 million rotated digits.
        {QStringList{"mnist-rotate", "--count", "40000", "--out-images", "OUT/i", "--out-labels",
                     "OUT/l", "--out-angles", "OUT/a.csv"} +
             digits,
         300},
        {{"train", "--data", "sphere", "--steps", "10000000", "--out", "OUT/m.pt", "--json",
          "OUT/o.json"},
         500},
        {QStringList{"train", "--data", "rotated-mnist", "--steps", "10000000", "--channels", "8",
                     "--out", "OUT/m.pt"} +
             digits,
         800},
        // Both ends one photo: the geodesic is found at once, so 500 DDIM steps per method keep
        // the run busy well past the signal.
        {{"interpolate", "--model",      sd,         "--a",      photo,      "--b",
          photo,         "--image-size", "32",       "--points", "5",        "--ddim-steps",
          "500",         "--iterations", "1000000",  "--method", "all",      "--json",
          "OUT/o.json",  "--strip",      "OUT/s.png"},
         1500},
        // Loading the checkpoint (a few hundred ms for the tiny one): signalled while it loads.
        {{"model-probe", "--model", sd, "--out", "OUT/probe", "--latent", latent, "--json",
          "OUT/o.json"},
         30},
    };
    for (const auto& [command, delay] : commands)
      for (const int signal : {SIGINT, SIGTERM}) {
        QTemporaryDir dir;
        QStringList arguments = command;
        arguments.replaceInStrings("OUT/", dir.path() + "/");
        const Run r = interrupt(arguments, signal, delay);
        const QString what = command.first() + (signal == SIGINT ? " SIGINT" : " SIGTERM");
        if (r.exitCode == -3 && command.first() == "model-probe") {
          qWarning("%s finished before the signal; not counted", qPrintable(what));
          continue;
        }
        QVERIFY2(r.exitCode == 128 + signal,
                 qPrintable(what + QString(": exit %1: %2").arg(r.exitCode).arg(r.err)));
        expectOneLine(r, 128 + signal, {"interrupted", "nothing written"});
        const QStringList left =
            QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
        QVERIFY2(left.isEmpty(), qPrintable(what + " left " + left.join(", ")));
      }
  }

  // Two outputs naming one file are refused before any work; a set whose second file cannot be
  // written leaves the first absent; a model train refuses to write is not written.
  void outputSetsAreCompleteOrAbsent() {
    QTemporaryDir dir;
    const QStringList digits = {"--images", slice("mnist-slice-images-idx3-ubyte"), "--labels",
                                slice("mnist-slice-labels-idx1-ubyte")};
    const QString x = dir.filePath("x");
    expectOneLine(run({"train", "--data", "sphere", "--out", x, "--json", x}), 2,
                  {"--json", "--out", "same file"});
    expectOneLine(run(QStringList{"mnist-geodesic", "--json", x, "--strip", x} + digits), 2,
                  {"--json", "--strip", "same file"});
    QVERIFY(QFile::link("x", dir.filePath("y")));  // a link to the other output is that file
    expectOneLine(run({"interpolate", "--model", dir.path(), "--a", x, "--b", x, "--json", x,
                       "--gif", dir.filePath("y")}),
                  2, {"--gif", "--json", "same file"});
    QVERIFY(!QFile::exists(x));
    // The strip's folder is missing: the JSON of the same run is not written either (exit 1: the
    // run failed at writing).
    const QString json = dir.filePath("o.json");
    expectOneLine(run(QStringList{"mnist-geodesic", "--methods", "paper-slerp", "--points", "5",
                                  "--rotations", "36", "--iterations", "3", "--json", json,
                                  "--strip", dir.filePath("FULL/s.png")} +
                      digits),
                  1, {"FULL/s.png"});
    QVERIFY(!QFile::exists(json));
    // σ outside what the loader reads: refused before training, no model file.
    const QString model = dir.filePath("m.pt");
    expectOneLine(run({"train", "--data", "sphere", "--sigma", "1e-300", "--out", model}), 2,
                  {"--sigma", "1e-300"});
    QVERIFY(!QFile::exists(model));
  }

  // The exit code follows the cause: numbers that become non-finite during a run (the score of
  // a σ far too small, a shot far too fast) are a failed run, exit 1, not an unusable model
  // file (2); the line names the options that set the numbers' scale, with their values.
  void nonFiniteResultsFailTheRunAndNameTheOptions() {
    expectOneLine(run({"geodesic", "--manifold", "sphere", "--from", "1,0,0", "--to", "0,0,1",
                       "--sigma", "1e-300"}),
                  1, {"non-finite score", "likely too extreme", "--sigma 1e-300", "--lambda 1000"});
    expectOneLine(run({"shoot", "--manifold", "sphere", "--from", "1,0,0", "--velocity",
                       "1e6,0,0", "--lambda", "1e8"}),
                  1, {"non-finite", "--lambda 100000000", "--velocity 1e6,0,0"});
    expectOneLine(run({"fan", "--manifold", "sphere", "--from", "1,0,0", "--rays", "4",
                       "--sigma", "1e-300"}),
                  1, {"non-finite", "--sigma 1e-300", "--length"});
    expectOneLine(run({"distance-field", "--manifold", "sphere", "--from", "1,0,0",
                       "--resolution", "8", "--sigma", "1e-300"}),
                  1, {"non-finite", "--sigma 1e-300"});
    expectOneLine(run({"mnist-geodesic", "--methods", "paper-slerp", "--points", "5",
                       "--rotations", "36", "--iterations", "3", "--sigma", "1e-300", "--images",
                       slice("mnist-slice-images-idx3-ubyte"), "--labels",
                       slice("mnist-slice-labels-idx1-ubyte")}),
                  1, {"'rotated-digit' returned a non-finite score", "--sigma 1e-300"});
    const Run r = run({"geodesic", "--manifold", "sphere", "--from", "1,0,0", "--to", "0,0,1",
                       "--sigma", "1e-300"});
    QVERIFY2(!r.err.contains("input point") && !r.err.contains("000000000"), qPrintable(r.err));
  }

  // Every output of a run is published together or not at all, also the outputs a library
  // writes (the video), the folders (frames), a trained U-Net and model-probe's .npy files.
  void everyOutputSetIsCompleteOrAbsent() {
    const QString sd = slice("stable_diffusion/sd1_tiny.safetensors");
    const QString photo = slice("stable_diffusion/sd1_probe_image.png");
    const QString latent = slice("stable_diffusion/sd1_probe_latent.npy");
    const QStringList digits = {"--images", slice("mnist-slice-images-idx3-ubyte"), "--labels",
                                slice("mnist-slice-labels-idx1-ubyte")};
    const auto entries = [](const QString& folder) {
      return QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
    };
    {  // model-probe: the report cannot be written, so no .npy file is either
      QTemporaryDir dir;
      expectOneLine(run({"model-probe", "--model", sd, "--out", dir.filePath("probe"), "--latent",
                         latent, "--image", photo, "--json", dir.filePath("missing/o.json")}),
                    1, {"missing/o.json"});
      QVERIFY2(entries(dir.filePath("probe")).isEmpty(),
               qPrintable(entries(dir.filePath("probe")).join(", ")));
    }
    {  // train --data rotated-mnist: the U-Net is not written when its JSON cannot be
      QTemporaryDir dir;
      expectOneLine(run(QStringList{"train", "--data", "rotated-mnist", "--steps", "2", "--batch",
                                    "4", "--channels", "8", "--max-digits", "4",
                                    "--angles-per-digit", "2", "--out", dir.filePath("m.pt"),
                                    "--json", dir.filePath("missing/o.json")} +
                        digits),
                    1, {"missing/o.json"});
      QVERIFY2(entries(dir.path()).isEmpty(), qPrintable(entries(dir.path()).join(", ")));
    }
    const QStringList interpolate = {"interpolate", "--model",      sd,    "--a",
                                     photo,         "--b",          photo, "--image-size",
                                     "32",          "--points",     "3",   "--ddim-steps",
                                     "2",           "--refinement", "1",   "--method",
                                     "lerp,slerp"};
    {  // interpolate: the frames' folder is taken, so the JSON, strip and video are not written
      QTemporaryDir dir;
      QVERIFY(QDir(dir.path()).mkpath("frames"));
      QFile taken(dir.filePath("frames/theirs"));
      QVERIFY(taken.open(QIODevice::WriteOnly));
      taken.close();
      expectOneLine(run(interpolate + QStringList{"--json", dir.filePath("o.json"), "--strip",
                                                  dir.filePath("s.png"), "--video",
                                                  dir.filePath("v.avi"), "--frames",
                                                  dir.filePath("frames")}),
                    1, {"frames", "not an empty folder"});
      QCOMPARE(entries(dir.path()), QStringList{"frames"});
      QCOMPARE(entries(dir.filePath("frames")), QStringList{"theirs"});
    }
    {  // and when it can be written, everything is there and no temporary is left
      QTemporaryDir dir;
      const Run r = run(interpolate + QStringList{"--json", dir.filePath("o.json"), "--video",
                                                  dir.filePath("v.avi"), "--frames",
                                                  dir.filePath("frames")});
      QVERIFY2(r.exitCode == 0, qPrintable(r.err));
      QCOMPARE(entries(dir.path()), (QStringList{"frames", "o.json", "v.avi"}));
      QCOMPARE(entries(dir.filePath("frames")), (QStringList{"lerp", "slerp"}));
    }
  }

  // What would not fit in memory is refused before it is allocated, with its size and what it
  // was for: attention over 512² latent pixels at --image-size 1024 (the test model's VAE
  // halves each side) needs hundreds of gigabytes.
  void allocationsTooBigAreRefusedWithTheirSize() {
    expectOneLine(run({"interpolate", "--model", slice("stable_diffusion/sd1_tiny.safetensors"),
                       "--a", slice("stable_diffusion/sd1_probe_image.png"), "--b",
                       slice("stable_diffusion/sd1_probe_image.png"), "--image-size", "1024",
                       "--points", "3"}),
                  1, {"out of memory", "attention for a 1024×1024 image needs", "GB", "--image-size"});
  }

  // A PNG write that fails midway (here: the file size limit, EFBIG, as a full disk's ENOSPC)
  // is one line, exit 1 — no libpng or OpenCV line before it — and no output is there.
  void aFailingPngWriteIsOneLine() {
    QTemporaryDir dir;
    const QStringList digits = {"--images", slice("mnist-slice-images-idx3-ubyte"), "--labels",
                                slice("mnist-slice-labels-idx1-ubyte")};
    QProcess process;
    // bash's ulimit -f counts KiB; SIGXFSZ ignored, so the write fails with EFBIG instead.
    process.start("bash", QStringList{"-c", "ulimit -f 1; trap '' XFSZ; exec \"$0\" \"$@\"",
                                      GEODEX_CLI_PATH, "mnist-geodesic", "--methods",
                                      "paper-slerp", "--points", "5", "--rotations", "36",
                                      "--iterations", "3", "--strip", dir.filePath("s.png"),
                                      "--json", "-"} +
                              digits);
    QVERIFY(process.waitForFinished(60000));
    expectOneLine({process.exitCode(), QString::fromUtf8(process.readAllStandardError())}, 1,
                  {"cannot write", "s.png", "File too large"});
    QVERIFY(process.readAllStandardOutput().isEmpty());  // the JSON follows a published set only
    const QStringList left =
        QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
    QVERIFY2(left.isEmpty(), qPrintable(left.join(", ")));
  }

  // A full standard output is a failed run: exit 1 and one line, not exit 0 with the JSON lost.
  void aFullStandardOutputFails() {
    QProcess process;
    process.setStandardOutputFile("/dev/full");
    process.start(GEODEX_CLI_PATH, {"geodesic", "--manifold", "sphere", "--from", "1,0,0", "--to",
                                    "0,0,1", "--points", "8", "--json", "-"});
    QVERIFY(process.waitForFinished(60000));
    expectOneLine({process.exitCode(), QString::fromUtf8(process.readAllStandardError())}, 1,
                  {"standard output", "No space left"});
  }

  // An unknown command names itself and lists the commands; interpolate's --metric lists only
  // what interpolate takes; angles beyond a thousand turns are refused.
  void unknownNamesNameThemselves() {
    expectOneLine(run({"frobnicate"}), 2, {"'frobnicate'", "geodesic", "interpolate"});
    expectOneLine(run({"--verbose", "frobnicate", "--x"}), 2, {"'frobnicate'"});
    QTemporaryDir dir;
    const Run metric =
        run({"interpolate", "--model", dir.path(), "--a", "a", "--b", "b", "--metric", "nope"});
    expectOneLine(metric, 2, {"'nope'", "score", "pullback"});
    QVERIFY2(!metric.err.contains("conformal") && !metric.err.contains("euclidean"),
             qPrintable(metric.err));
    expectOneLine(run({"mnist-rotate", "--from-angle", "1e308", "--out-images", dir.filePath("i"),
                       "--out-labels", dir.filePath("l")}),
                  2, {"angles", "1e+308"});
    QVERIFY(!QFile::exists(dir.filePath("i")));
  }

  // One range per number: signs, overflow, empty list fields, huge coordinates and counts past
  // their caps are refused with the option's name (exit 2) before any work.
  void everyNumberHasOneRange() {
    QTemporaryDir dir;
    const QStringList sphere = {"geodesic", "--manifold", "sphere",   "--from", "1,0,0",
                                "--to",     "0,0,1",      "--points", "8"};
    const QStringList digits = {"--images", slice("mnist-slice-images-idx3-ubyte"), "--labels",
                                slice("mnist-slice-labels-idx1-ubyte")};
    const QList<std::pair<QStringList, QStringList>> cases = {
        {sphere + QStringList{"--seed", "-1"}, {"--seed", "-1"}},
        {sphere + QStringList{"--seed", "99999999999999999999"},
         {"--seed", "99999999999999999999"}},
        {sphere + QStringList{"--adam-iterations", "2000000000"},
         {"--adam-iterations", "10000000"}},
        {sphere + QStringList{"--adam-iterations", "0"}, {"--adam-iterations", "0"}},
        {QStringList{"mnist-eval", "--adam-iterations", "0"} + digits, {"--adam-iterations", "0"}},
        {sphere + QStringList{"--graph-samples", "1000000"}, {"--graph-samples", "100000"}},
        {sphere + QStringList{"--extrapolate", "1e308"}, {"--extrapolate", "1e+308"}},
        {{"geodesic", "--manifold", "sphere", "--from", "1,0,0,", "--to", "0,0,1"},
         {"--from", "''", "1,0,0,"}},
        {{"distance-field", "--manifold", "moons", "--from", "1e155,0.6"}, {"--from", "1e+155"}},
        {{"train", "--data", "sphere", "--threads", "-1", "--out", dir.filePath("m.pt")},
         {"--threads", "-1"}},
        {QStringList{"mnist-geodesic", "--to-digit-index", "-1"} + digits,
         {"--to-digit-index", "-1"}},
        {QStringList{"mnist-geodesic", "--digit-index", "2.5"} + digits, {"--digit-index", "2.5"}},
    };
    for (const auto& [arguments, needles] : cases) expectOneLine(run(arguments), 2, needles);
    QVERIFY(!QFile::exists(dir.filePath("m.pt")));
    // ≤ 6 significant digits, not a 309-digit number.
    const Run fan = run({"fan", "--manifold", "sphere", "--from", "1,0,0", "--length", "1e308"});
    expectOneLine(fan, 2, {"1e+308"});
    QVERIFY2(!fan.err.contains("00000000"), qPrintable(fan.err));
    // The caps are stated in --help.
    QProcess help;
    help.start(GEODEX_CLI_PATH, {"geodesic", "--help"});
    QVERIFY(help.waitForFinished(60000));
    const QString text = QString::fromUtf8(help.readAllStandardOutput());
    QVERIFY2(text.contains("whole number in [1, 10000000]") && text.contains("[2, 100000]"),
             qPrintable(text));
  }
};

QTEST_GUILESS_MAIN(TestHostileCli)
#include "test_hostile_cli.moc"
