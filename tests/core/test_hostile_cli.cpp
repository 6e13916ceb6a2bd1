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
// Ctrl-C reaches geodex-cli's ScopedInterrupt instead of killing the process.
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

  Run run(const QStringList& arguments) {
    QProcess process;
    process.start(GEODEX_CLI_PATH, arguments);
    if (!process.waitForFinished(60000)) {
      process.kill();
      process.waitForFinished();
      return {-1, "timeout"};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
            QString::fromUtf8(process.readAllStandardError())};
  }

  // Starts the command, waits until its solver runs with Ctrl-C caught, sends SIGINT.
  Run interrupt(const QStringList& arguments) {
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
    QTest::qWait(200);  // inside the solver's iterations
    ::kill(pid_t(process.processId()), SIGINT);
    if (!process.waitForFinished(60000)) {
      process.kill();
      process.waitForFinished();
      return {-1, "Ctrl-C did not stop it"};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
            QString::fromUtf8(process.readAllStandardError())};
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
                  1, {"46341"});
    const QString fifo = QString::fromStdString(makeFifo(dir.filePath("fifo").toStdString()));
    expectOneLine(run({"mnist-geodesic", "--images", fifo, "--labels", fifo}), 1, {"FIFO"});
    expectOneLine(run({"mnist-rotate", "--images", fifo, "--labels", fifo, "--out-images",
                       dir.filePath("o"), "--out-labels", dir.filePath("p")}),
                  1, {"FIFO"});
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
                  1, {"'/dev/zero'", "character device"});
    QTemporaryDir dir;
    expectOneLine(run({"geodesic", "--manifold", "sphere", "--from", "1,0,0", "--to", "0,0,1",
                       "--score", "trained", "--model", dir.path()}),
                  1, {"is a directory"});
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
        run({"interpolate", "--model", QString::fromStdString(folder), "--a", a, "--b", a}), 1,
        {"model.json", "deeper than 64"});
    writeBytes(
        folder + "/model.json",
        R"({"format": "geodex-stable-diffusion-torchscript", "image_size": 1e9, "latent_shape": [4, 4, 4],
                   "latent_scale_factor": 0.5, "schedule": {"type": "linear", "beta_start": 1e-4,
                   "beta_end": 0.02, "num_train_timesteps": 2.5}})");
    expectOneLine(
        run({"interpolate", "--model", QString::fromStdString(folder), "--a", a, "--b", a}), 1,
        {"'image_size'", "4096"});
  }

  // geodesic, shoot, mnist-geodesic and mnist-eval stop at the next iteration on Ctrl-C, with
  // one line and nothing written (as train and interpolate did already).
  void ctrlCStopsTheSolvers() {
    QTemporaryDir dir;
    const QString out = dir.filePath("out");
    const QStringList digits = {"--images", slice("mnist-slice-images-idx3-ubyte"), "--labels",
                                slice("mnist-slice-labels-idx1-ubyte")};
    const QList<QStringList> commands = {
        {"geodesic", "--manifold", "sphere", "--from", "1,0,0", "--to", "0,0,1", "--solver", "adam",
         "--adam-iterations", "100000000", "--json", out},
        // An empirical score of 100 000 samples: each integration step takes a while.
        {"shoot", "--manifold", "sphere", "--score", "empirical", "--samples", "100000", "--from",
         "1,0,0", "--velocity", "0,0,1.5", "--steps", "1000", "--duration", "100", "--json", out},
        QStringList{"mnist-geodesic", "--points", "64", "--solver", "adam", "--iterations",
                    "100000", "--json", out} +
            digits,
        QStringList{"mnist-eval", "--pairs", "30", "--csv", out} + digits,
    };
    for (const QStringList& command : commands) {
      expectOneLine(interrupt(command), 1, {"interrupted", "nothing written"});
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
    expectOneLine(quiet, 1, {"z.pt", "not a LibTorch model archive"});
    for (const QStringList& arguments :
         {command + QStringList{"--verbose"}, QStringList{"--verbose"} + command}) {
      const Run verbose = run(arguments);
      QCOMPARE(verbose.exitCode, 1);
      const QStringList lines = verbose.err.trimmed().split('\n');
      QVERIFY2(lines.size() >= 2, qPrintable(verbose.err));
      QCOMPARE(lines.first() + "\n", quiet.err);
      QVERIFY2(lines[1].contains("subdirectory"), qPrintable(verbose.err));
    }
  }
};

QTEST_GUILESS_MAIN(TestHostileCli)
#include "test_hostile_cli.moc"
