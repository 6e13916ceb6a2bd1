// Hostile files through the window: a bad session file, a bad IDX set in the MNIST folder at
// start-up, a bad model file for the explorer's trained score and a bad image dropped on the
// Images page each give their message (return value, status line or dialog) — no hang, no
// crash, no bad_alloc — and the page goes on working: the next valid action succeeds.
#include <sys/stat.h>
#include <unistd.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <fstream>
#include <tuple>

#include "explorer_test_support.h"
#include "ui/common/image_drop_target.h"
#include "ui/common/job_runner.h"
#include "ui/explorer/explorer_page.h"
#include "ui/images/images_page.h"
#include "ui/main_window.h"
#include "ui/mnist/mnist_page.h"
#include "ui_test_support.h"

using namespace geodex;
using namespace geodex::test;

namespace {

void writeFile(const QString& path, const QByteArray& bytes) {
  QFile file(path);
  QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
  QCOMPARE(file.write(bytes), bytes.size());
}

// `head`, then zeros up to `size` bytes that take no disk space.
void writeSparse(const QString& path, const QByteArray& head, off_t size) {
  writeFile(path, head);
  QVERIFY(::truncate(QFile::encodeName(path).constData(), size) == 0);
}

QByteArray be32(quint32 v) {
  const char bytes[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
  return QByteArray(bytes, 4);
}

// An IDX image header: `count` images of rows × cols (the data would follow).
QByteArray idxHeader(quint32 count, quint32 rows, quint32 cols) {
  return QByteArray("\0\0\x08\x03", 4) + be32(count) + be32(rows) + be32(cols);
}

QString slicePath() {
  return QDir(qEnvironmentVariable("GEODEX_SOURCE_DIR"))
      .filePath("tests/data/mnist-slice-images-idx3-ubyte");
}

// The texts of the warning dialogs open under `page`, closed on the way.
QStringList takeWarnings(QWidget& page) {
  QStringList texts;
  for (QMessageBox* box : page.findChildren<QMessageBox*>()) {
    texts << box->text();
    box->close();
    delete box;
  }
  return texts;
}

}  // namespace

class TestHostileWindow : public QObject {
  Q_OBJECT

 private slots:
  void badSessionFilesGiveAMessage() {
    MainWindow window;
    QVERIFY(showWithResult(window));
    ExplorerPage* explorer = window.explorer();
    const ExplorerSettings before = explorer->settings();

    QTemporaryDir dir;
    const QString fifo = dir.filePath("fifo.json");
    QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
    writeSparse(dir.filePath("huge.json"), "{", 64ll << 20);
    writeFile(dir.filePath("deep.json"),
              "{\"format\": \"geodex-session\", \"settings\": " + QByteArray(100000, '[') +
                  QByteArray(100000, ']') + "}");
    writeFile(dir.filePath("list.json"), "[1, 2, 3]");
    writeFile(
        dir.filePath("flat.json"),
        R"({"format": "geodex-session", "settings": {"manifold": "sphere", "from": [1, 0]}})");
    const QList<std::pair<QString, QStringList>> cases = {
        {"/dev/zero", {"'/dev/zero'", "character device"}},
        {fifo, {"fifo.json", "FIFO"}},
        {dir.path(), {"is a directory"}},
        {dir.filePath("huge.json"), {"huge.json", "16.8 MB"}},
        {dir.filePath("deep.json"), {"deep.json", "deeper than 64"}},
        {dir.filePath("list.json"), {"list.json", "not a geodex session", "a list"}},
        // The sphere lives in R^3: z is not silently 0.
        {dir.filePath("flat.json"), {"'from'", "2 coordinates", "R^3"}},
    };
    for (const auto& [path, needles] : cases) {
      QElapsedTimer clock;
      clock.start();
      const QString error = explorer->loadSession(path);
      QVERIFY2(clock.elapsed() < 5000, qPrintable(path));  // no read for ever, no blocking open
      for (const QString& needle : needles)
        QVERIFY2(error.contains(needle), qPrintable(path + ": " + error));
      QVERIFY2(!error.contains('\n') && error.size() < 400, qPrintable(error));
      QCOMPARE(explorer->settings(), before);
    }

    // Still usable: a valid session loads and solves.
    ExplorerSettings circle = ExplorerSettings::defaultsFor(ManifoldKind::Circle);
    QCOMPARE(explorer->saveSession(dir.filePath("good.json")), QString());
    explorer->applySettings(circle);
    QVERIFY(waitForResult(window));
    QCOMPARE(explorer->loadSession(dir.filePath("good.json")), QString());
    QCOMPARE(explorer->settings(), before);

    // An unknown version, and a stored path row no manifold reaches, are refused by name.
    QFile goodFile(dir.filePath("good.json"));
    QVERIFY(goodFile.open(QIODevice::ReadOnly));
    const QJsonObject good = QJsonDocument::fromJson(goodFile.readAll()).object();
    QVERIFY(good.contains("path"));
    QJsonObject later = good;
    later["version"] = 7;
    writeFile(dir.filePath("v7.json"), QJsonDocument(later).toJson());
    QJsonObject far = good;
    QJsonArray rows = far["path"].toArray();
    QJsonArray row = rows[1].toArray();
    row[0] = 1e308;
    rows[1] = row;
    far["path"] = rows;
    writeFile(dir.filePath("far.json"), QJsonDocument(far).toJson());
    const QList<std::pair<QString, QStringList>> refused = {
        {dir.filePath("v7.json"), {"v7.json", "version 7"}},
        {dir.filePath("far.json"), {"far.json", "path row 2", "1e+308"}},
    };
    for (const auto& [path, needles] : refused) {
      const QString error = explorer->loadSession(path);
      for (const QString& needle : needles)
        QVERIFY2(error.contains(needle), qPrintable(path + ": " + error));
      QVERIFY2(!error.contains('\n') && error.size() < 400, qPrintable(error));
      QCOMPARE(explorer->settings(), before);
    }
  }

  // The MNIST folder holds a set whose header overflowed an int (46341² pixels, a 2 GB sparse
  // file) or whose count does (0x80000000 images): the page says why at start-up and loads the
  // next set it is given.
  void badIdxFolderAtStartUp() {
    QTemporaryDir dir;
    const QString images = dir.filePath("t10k-images-idx3-ubyte");
    const QByteArray previous = qgetenv("GEODEX_MNIST_DIR");
    qputenv("GEODEX_MNIST_DIR", QFile::encodeName(dir.path()));
    // Each header matches the file's length, so only its sizes are wrong; size -1: a FIFO with
    // no writer (opening it for reading blocked the window for ever).
    const QList<std::tuple<QByteArray, off_t, QStringList>> cases = {
        {idxHeader(1, 46341, 46341), 16 + off_t(46341) * 46341, {"46341", "16384"}},
        {idxHeader(0x80000000u, 1, 1), 16 + off_t(0x80000000u), {"2147483648", "2147483647"}},
        {{}, -1, {"FIFO"}},
    };
    for (const auto& [header, size, needles] : cases) {
      QFile::remove(images);
      if (size < 0)
        QVERIFY(::mkfifo(QFile::encodeName(images).constData(), 0600) == 0);
      else
        writeSparse(images, header, size);
      MainWindow window;
      MnistPage* page = window.mnistPage();
      QCOMPARE(page->digitCount(), 0);
      const QString message = page->panel()->sourceText();
      for (const QString& needle : needles) QVERIFY2(message.contains(needle), qPrintable(message));
      QVERIFY(message.contains("t10k-images-idx3-ubyte"));
      if (needles.first() == "46341") {
        // Shown without digits: nothing runs, nothing crashes; then a good set runs.
        QVERIFY(showOnScreen(window, {1300, 850}));
        window.modes()->setCurrentWidget(page);
        page->run();
        QVERIFY(page->isIdle());
        QSignalSpy shown(page, &MnistPage::resultShown);
        QCOMPARE(page->loadImages(slicePath()), QString());
        QCOMPARE(page->digitCount(), 30);
        page->setPoints(6);
        page->run();
        QVERIFY(shown.wait(60000));
        QVERIFY(page->lastResult().has_value());
      }
    }
    qputenv("GEODEX_MNIST_DIR", previous);
    if (previous.isEmpty()) qunsetenv("GEODEX_MNIST_DIR");
  }

  // A model file that is a device, a FIFO, or a zip LibTorch refuses: the status line names it,
  // and the shipped model works right after.
  void badTrainedModelFiles() {
    MainWindow window;
    QVERIFY(showWithResult(window));
    QSignalSpy failed(window.explorer()->jobs(), &JobRunner::failed);
    QTemporaryDir dir;
    const QString fifo = dir.filePath("fifo.pt");
    QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
    writeSparse(dir.filePath("zeros.pt"), {}, 1 << 20);
    ExplorerSettings s = ExplorerSettings::defaultsFor(ManifoldKind::Sphere);
    s.scoreSource = ScoreSource::Trained;
    const QList<std::pair<QString, QStringList>> cases = {
        {"/dev/zero", {"'/dev/zero'", "character device"}},
        {fifo, {"fifo.pt", "FIFO"}},
        {dir.path(), {"is a directory"}},
        {dir.filePath("zeros.pt"), {"zeros.pt"}},
    };
    for (const auto& [path, needles] : cases) {
      s.modelFile = path;
      window.explorer()->applySettings(s);
      QVERIFY2(failed.wait(10000), qPrintable(path));
      const QString status = window.statusBar()->currentMessage();
      for (const QString& needle : needles)
        QVERIFY2(status.contains(needle), qPrintable(path + ": " + status));
      QVERIFY2(!status.contains("frame #") && !status.contains('\n'), qPrintable(status));
      QVERIFY(window.explorer()->isIdle());
    }
    s.modelFile =
        QDir(qEnvironmentVariable("GEODEX_SOURCE_DIR")).filePath("resources/models/sphere-mlp.pt");
    s.metric.lambda = 10;
    window.explorer()->applySettings(s);
    QVERIFY(waitForResult(window));
    QVERIFY(window.explorer()->lastResult()->settings.scoreSource == ScoreSource::Trained);
  }

  // A truncated JPEG, an empty PNG and a FIFO dropped on the Images page: a dialog and the
  // status line say why, the target keeps its image, and a good photo drops right after.
  void badImagesDropped() {
    MainWindow window;
    QVERIFY(showOnScreen(window, {1300, 850}));
    ImagesPage* page = window.imagesPage();
    window.modes()->setCurrentWidget(page);
    ImageDropTarget* target = page->targetA();
    QVERIFY(dropFile(*target, demoPhoto("chelsea.png")));
    QVERIFY(target->hasImage());
    const QString good = target->path();

    QTemporaryDir dir;
    QVERIFY(QImage(demoPhoto("coffee.png")).save(dir.filePath("full.jpg"), "JPEG"));
    QFile full(dir.filePath("full.jpg"));
    QVERIFY(full.open(QIODevice::ReadOnly));
    const QByteArray bytes = full.readAll();
    writeFile(dir.filePath("cut.jpg"), bytes.left(bytes.size() * 6 / 10));
    writeFile(dir.filePath("empty.png"), QByteArray("\x89PNG\r\n\x1a\n", 8));
    const QString fifo = dir.filePath("fifo.png");
    QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
    const QList<std::pair<QString, QStringList>> cases = {
        {dir.filePath("cut.jpg"), {"cut.jpg", "truncated"}},
        {dir.filePath("empty.png"), {"empty.png"}},
        {fifo, {"fifo.png", "FIFO"}},
    };
    for (const auto& [path, needles] : cases) {
      QSignalSpy failed(target, &ImageDropTarget::loadFailed);
      dropFile(*target, path);
      QCOMPARE(failed.count(), 1);
      const QStringList dialogs = takeWarnings(*page);
      QVERIFY2(dialogs.size() == 1, qPrintable(dialogs.join(" | ")));
      for (const QString& needle : needles) {
        QVERIFY2(dialogs.first().contains(needle), qPrintable(path + ": " + dialogs.first()));
        QVERIFY2(page->statusLabel()->text().contains(needle),
                 qPrintable(page->statusLabel()->text()));
      }
      QVERIFY(target->hasImage());
      QCOMPARE(target->path(), good);
    }
    QVERIFY(dropFile(*target, demoPhoto("coffee.png")));
    QCOMPARE(target->path(), demoPhoto("coffee.png"));
    QVERIFY(takeWarnings(*page).isEmpty());
  }
};

GEODEX_VTK_TEST_MAIN(TestHostileWindow)
#include "test_hostile_window.moc"
