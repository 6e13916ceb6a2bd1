// The real `geodex` binary: `--screenshot` writes a PNG showing the samples (or fails with one
// line on stderr and no file), and the running process holds Qt 6, LibTorch and — through
// Debian's libtorch → OpenCV highgui — Qt 5 at the same time (docs/design.md §3).
#include <sys/stat.h>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "pixel_checks.h"

using namespace geodex::test;

namespace {

const QString kGeodex = QStringLiteral(GEODEX_EXECUTABLE);

struct Run {
  int exitCode = -1;
  QString standardError;
  QString standardOutput;
};

Run runGeodex(const QStringList& arguments,
              const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment()) {
  QProcess process;
  process.setProcessEnvironment(environment);
  process.start(kGeodex, arguments);
  if (!process.waitForFinished(120000) || process.exitStatus() != QProcess::NormalExit) {
    process.kill();
    process.waitForFinished();
    return {};
  }
  return {process.exitCode(), QString::fromLocal8Bit(process.readAllStandardError()),
          QString::fromLocal8Bit(process.readAllStandardOutput())};
}

// The environment here, with a runtime folder (else Qt warns about its absence on stderr, which
// is not geodex's to silence).
QProcessEnvironment withRuntimeDir() {
  static QTemporaryDir runtime;  // 0700, as Qt wants it
  QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
  if (environment.value("XDG_RUNTIME_DIR").isEmpty())
    environment.insert("XDG_RUNTIME_DIR", runtime.path());
  return environment;
}

// The environment of a machine without a display.
QProcessEnvironment withoutDisplay() {
  QProcessEnvironment environment = withRuntimeDir();
  for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
    environment.remove(name);
  return environment;
}

// Exit 2 and exactly one line on stderr, holding every needle.
void expectOneLine(const Run& run, const QStringList& needles) {
  QVERIFY2(run.exitCode == 2,
           qPrintable(QString("exit %1: %2").arg(run.exitCode).arg(run.standardError)));
  QVERIFY2(run.standardError.count('\n') == 1 && run.standardError.startsWith("geodex: error: "),
           qPrintable(run.standardError));
  for (const QString& needle : needles)
    QVERIFY2(run.standardError.contains(needle), qPrintable(run.standardError));
}

// Lines of `text` that mention one of the library names.
QStringList linesMentioning(const QString& text, const QRegularExpression& libraries) {
  QStringList found;
  for (const QString& line : text.split('\n'))
    if (line.contains(libraries)) found << line.trimmed();
  return found;
}

const QRegularExpression kQt5("libQt5\\w+\\.so");
const QRegularExpression kQt6Widgets("libQt6Widgets\\.so");
const QRegularExpression kTorch("lib(torch|torch_cpu|c10)\\.so");

}  // namespace

class TestGuiBinary : public QObject {
  Q_OBJECT
 private slots:
  void screenshotShowsTheSamples() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("x.png");
    const Run run = runGeodex({"--screenshot", path, "--size", "900x600"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.standardError));

    QImage image(path);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), QSize(900, 600));
    const int orange = countPixels(image.convertToFormat(QImage::Format_RGB32), isSampleOrange);
    qInfo("%d orange sample pixels in the screenshot", orange);
    QVERIFY(orange > 2000);
    // Nothing else is left behind (the temporary file was renamed).
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"x.png"});
  }

  void unwritableScreenshotFailsCleanly() {
    QTemporaryDir dir;
    const QString path = dir.filePath("missing-folder/x.png");
    const Run run = runGeodex({"--screenshot", path});
    QVERIFY(run.exitCode != 0);
    const QStringList lines = linesMentioning(run.standardError, QRegularExpression("^geodex: "));
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines.first().contains("cannot write screenshot"), qPrintable(lines.first()));
    QVERIFY(!QFileInfo::exists(path));
  }

  // A FIFO given as the screenshot is refused before the window starts, and stays a FIFO; a
  // link is written through (the file it points to gets the PNG, the link stays a link).
  void screenshotNeverReplacesAFifoAndWritesThroughALink() {
    QTemporaryDir dir;
    const QByteArray fifo = dir.filePath("fifo.png").toLocal8Bit();
    QVERIFY(::mkfifo(fifo.constData(), 0600) == 0);
    expectOneLine(runGeodex({"--screenshot", QString::fromLocal8Bit(fifo)}, withRuntimeDir()),
                  {"FIFO", "fifo.png"});
    struct stat status {};
    QVERIFY(::lstat(fifo.constData(), &status) == 0 && S_ISFIFO(status.st_mode));

    const QString target = dir.filePath("shots/latest-target.png");
    QVERIFY(QDir(dir.path()).mkpath("shots"));
    QVERIFY(QFile::link("shots/latest-target.png", dir.filePath("latest.png")));
    const Run run = runGeodex({"--screenshot", dir.filePath("latest.png"), "--size", "900x600"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.standardError));
    QVERIFY(QFileInfo(dir.filePath("latest.png")).isSymLink());
    QCOMPARE(QImage(target).size(), QSize(900, 600));
  }

  void malformedSizeIsRejected() {
    const Run run = runGeodex({"--size", "big"});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.standardError.contains("--size must look like"));
  }

  // Without a display, --help and --version print without starting a Qt platform plugin; every
  // other start says in one line how to run, instead of Qt's abort.
  void withoutADisplay() {
    const Run help = runGeodex({"--help"}, withoutDisplay());
    QCOMPARE(help.exitCode, 0);
    QVERIFY2(help.standardOutput.contains("--screenshot") && help.standardOutput.contains("--open"),
             qPrintable(help.standardOutput + help.standardError));
    const Run version = runGeodex({"--version"}, withoutDisplay());
    QCOMPARE(version.exitCode, 0);
    QVERIFY2(version.standardOutput.contains(QRegularExpression("^geodex \\d+\\.\\d+")),
             qPrintable(version.standardOutput + version.standardError));

    QTemporaryDir dir;
    const QString path = dir.filePath("x.png");
    expectOneLine(runGeodex({"--screenshot", path}, withoutDisplay()), {"DISPLAY", "xvfb-run"});
    expectOneLine(runGeodex({}, withoutDisplay()), {"DISPLAY", "xvfb-run"});
    expectOneLine(runGeodex({"--mode", "mnist"}, withoutDisplay()), {"xvfb-run"});
    // The offscreen platform has no OpenGL for VTK (it crashed): refused, with or without a
    // display.
    QProcessEnvironment offscreen = withoutDisplay();
    offscreen.insert("QT_QPA_PLATFORM", "offscreen");
    expectOneLine(runGeodex({"--screenshot", path}, offscreen), {"offscreen", "xvfb-run"});
    expectOneLine(runGeodex({"--screenshot", path, "-platform", "offscreen"}, withRuntimeDir()),
                  {"offscreen", "xvfb-run"});
    // A DISPLAY no X server answers on: Qt's fatal start-up error becomes the same one line.
    QProcessEnvironment nowhere = withoutDisplay();
    nowhere.insert("DISPLAY", ":97");
    expectOneLine(runGeodex({"--screenshot", path}, nowhere), {":97", "xvfb-run"});
    QVERIFY(!QFileInfo::exists(path));
  }

  // --open refuses what is not a session file at once: no read for ever, no blocking open.
  void openRefusesSpecialFiles() {
    QTemporaryDir dir;
    const QString fifo = dir.filePath("fifo.json");
    QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
    const QString shot = dir.filePath("x.png");
    expectOneLine(runGeodex({"--open", "/dev/zero", "--screenshot", shot}, withRuntimeDir()),
                  {"'/dev/zero'", "character device"});
    expectOneLine(runGeodex({"--open", fifo, "--screenshot", shot}, withRuntimeDir()),
                  {"fifo.json", "FIFO"});
    expectOneLine(runGeodex({"--open", dir.path(), "--screenshot", shot}, withRuntimeDir()),
                  {"is a directory"});
    QVERIFY(!QFileInfo::exists(shot));
  }

  void runningBinaryHoldsQt6LibTorchAndQt5() {
    // What the binary links (ldd resolves the whole dependency tree).
    QProcess ldd;
    ldd.start("ldd", {kGeodex});
    QVERIFY(ldd.waitForFinished(60000));
    const QString linked = QString::fromLocal8Bit(ldd.readAllStandardOutput());
    for (const QString& line : linesMentioning(
             linked,
             QRegularExpression("libQt[56](Core|Widgets|Gui)|libtorch|libc10|libopencv_highgui")))
      qInfo("ldd: %s", qPrintable(line));
    QVERIFY(linked.contains(kQt6Widgets));
    QVERIFY(linked.contains(kTorch));
    const bool linksQt5 = linked.contains(kQt5);
    qInfo("geodex links Qt 5 as well: %s", linksQt5 ? "yes" : "no");

    // What the running process has mapped, once its window is up.
    QProcess geodex;
    geodex.start(kGeodex, {"--size", "400x300"});
    QVERIFY(geodex.waitForStarted());
    QTest::qWait(3000);                           // long enough to open its window and render
    QCOMPARE(geodex.state(), QProcess::Running);  // still alive with both Qt versions loaded
    QFile maps(QString("/proc/%1/maps").arg(geodex.processId()));
    QVERIFY(maps.open(QIODevice::ReadOnly));
    const QString mapped = QString::fromLocal8Bit(maps.readAll());
    geodex.terminate();
    if (!geodex.waitForFinished(10000)) {
      geodex.kill();
      geodex.waitForFinished();
    }

    QStringList libraries;
    for (const QString& line : linesMentioning(
             mapped, QRegularExpression("libQt[56]Widgets|libQt[56]Core|libtorch_cpu|libc10")))
      libraries << line.section(' ', -1);
    libraries.removeDuplicates();
    qInfo("mapped in the running geodex: %s", qPrintable(libraries.join(", ")));
    QVERIFY(mapped.contains(kQt6Widgets));
    QVERIFY(mapped.contains(kTorch));
    QCOMPARE(mapped.contains(kQt5), linksQt5);
  }
};

QTEST_GUILESS_MAIN(TestGuiBinary)
#include "test_gui_binary.moc"
