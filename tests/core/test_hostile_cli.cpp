// Issue #15 through geodex-cli: the hostile inputs of the issue that core now refuses reach the
// user as one line on stderr with the right exit code — no backtrace, no bare std::bad_alloc, no
// hang on a FIFO, no crash on deep JSON, no library noise.
#include <QtTest>

#include "hostile_test_helpers.h"

using namespace geodex::test;

namespace {

std::string be32(std::uint32_t v) {
  return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
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
};

QTEST_GUILESS_MAIN(TestHostileCli)
#include "test_hostile_cli.moc"
