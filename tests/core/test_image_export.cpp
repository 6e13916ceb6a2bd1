// Exports of interpolation sequences: animated GIF (decoded back by Qt), video (read back by
// OpenCV), per-frame PNG folders (one subfolder per method), every method's frames stacked into
// labelled animation frames, and complete-or-nothing behaviour on failures.
#include <QImage>
#include <QImageReader>
#include <QtTest>
#include <filesystem>
#include <opencv2/videoio.hpp>

#include "core/data/image_io.h"
#include "core/io/frame_folder.h"
#include "core/io/frame_stack.h"
#include "core/io/gif_writer.h"
#include "core/io/video_writer.h"
#include "core/util/errors.h"
#include "image_test_helpers.h"

using namespace geodex;
using geodex::test::path;
namespace fs = std::filesystem;

namespace {
std::vector<RgbImage> colourFrames(int rows, int cols) {
  // Cube colours survive the GIF palette exactly.
  return {
      test::flatImage(rows, cols, 1.0f, 0.0f, 0.0f), test::flatImage(rows, cols, 0.0f, 1.0f, 0.0f),
      test::flatImage(rows, cols, 0.0f, 0.0f, 1.0f), test::flatImage(rows, cols, 0.2f, 0.6f, 0.8f)};
}

// Hidden files in `dir`: the temporaries of an interrupted write start with a dot.
int strayFiles(const QTemporaryDir& dir) {
  int n = 0;
  for (const auto& entry : fs::directory_iterator(dir.path().toStdString()))
    if (entry.path().filename().string().front() == '.') ++n;
  return n;
}
}  // namespace

class TestImageExport : public QObject {
  Q_OBJECT
 private slots:
  void gifRoundTrip() {
    QTemporaryDir dir;
    const std::string file = path(dir, "strip.gif");
    GifOptions options;
    options.delayCentiseconds = 25;
    writeAnimatedGif(file, colourFrames(20, 30), options);
    QImageReader reader(QString::fromStdString(file));
    QCOMPARE(reader.format(), QByteArray("gif"));
    QCOMPARE(reader.imageCount(), 4);
    QCOMPARE(reader.loopCount(), -1);  // Qt reports "forever" as -1
    const QRgb expected[] = {qRgb(255, 0, 0), qRgb(0, 255, 0), qRgb(0, 0, 255), qRgb(51, 153, 204)};
    for (int i = 0; i < 4; ++i) {
      const QImage frame = reader.read();
      QVERIFY2(!frame.isNull(), qPrintable(reader.errorString()));
      QCOMPARE(frame.size(), QSize(30, 20));
      QCOMPARE(frame.pixel(0, 0) & 0xffffff, expected[i] & 0xffffff);
      QCOMPARE(frame.pixel(29, 19) & 0xffffff, expected[i] & 0xffffff);
      if (i < 3) QCOMPARE(reader.nextImageDelay(), 250);
    }
  }

  void gifGreysUseTheFineRamp() {
    // 0.25 is between the cube's greys 51 and 102; the ramp has 255·10/41 ≈ 62.
    QTemporaryDir dir;
    const std::string file = path(dir, "grey.gif");
    GifOptions options;
    options.dither = false;
    writeAnimatedGif(file, {test::flatImage(6, 6, 0.25f, 0.25f, 0.25f)}, options);
    QImageReader reader(QString::fromStdString(file));
    QCOMPARE(reader.imageCount(), 1);
    QCOMPARE(reader.read().pixel(3, 3) & 0xffffff, qRgb(62, 62, 62) & 0xffffff);
  }

  void gifOfAPhotoIsClose() {
    // A real photo compresses through many LZW table resets; the decoded frame must match the
    // photo up to the palette's quantisation.
    const RgbImage photo = loadRgbImage(test::shippedImage("coffee.png"));
    QTemporaryDir dir;
    const std::string file = path(dir, "photo.gif");
    for (bool dither : {false, true}) {
      GifOptions options;
      options.dither = dither;
      writeAnimatedGif(file, {photo, photo}, options);
      QImageReader reader(QString::fromStdString(file));
      QCOMPARE(reader.imageCount(), 2);
      const QImage frame = reader.read().convertToFormat(QImage::Format_RGB32);
      QCOMPARE(frame.size(), QSize(photo.cols, photo.rows));
      double worst = 0, sum = 0, blockSum = 0;
      for (int c = 0; c < 3; ++c) {
        const auto channel = [&](QRgb p) {
          return (c == 0 ? qRed(p) : c == 1 ? qGreen(p) : qBlue(p)) / 255.0;
        };
        for (int y = 0; y < photo.rows; ++y)
          for (int x = 0; x < photo.cols; ++x) {
            const double d = std::abs(channel(frame.pixel(x, y)) - photo.at(c, y, x));
            worst = std::max(worst, d);
            sum += d;
          }
        // Dithering trades per-pixel error for exact local averages: compare 4 × 4 block means.
        for (int y = 0; y + 4 <= photo.rows; y += 4)
          for (int x = 0; x + 4 <= photo.cols; x += 4) {
            double gif = 0, original = 0;
            for (int dy = 0; dy < 4; ++dy)
              for (int dx = 0; dx < 4; ++dx) {
                gif += channel(frame.pixel(x + dx, y + dy));
                original += photo.at(c, y + dy, x + dx);
              }
            blockSum += std::abs(gif - original) / 16;
          }
      }
      const double mean = sum / (3.0 * photo.rows * photo.cols);
      const double blockMean = blockSum / (3.0 * (photo.rows / 4) * (photo.cols / 4));
      const QString report = QString("dither %1: worst %2, mean %3, block mean %4")
                                 .arg(dither)
                                 .arg(worst)
                                 .arg(mean)
                                 .arg(blockMean);
      // Nearest level: ≤ half a step (0.1) per value, 0.05 on average for uniform data;
      // dithered: ≤ one step per value but close 4 × 4 averages.
      QVERIFY2(worst <= (dither ? 0.2 : 0.1) + 1e-3, qPrintable(report));
      QVERIFY2(mean < (dither ? 0.08 : 0.06), qPrintable(report));
      if (dither) QVERIFY2(blockMean < 0.02, qPrintable(report));
      qInfo("%s", qPrintable(report));
    }
  }

  void gifErrors() {
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, encodeAnimatedGif({}));
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError,
                             encodeAnimatedGif({test::rampImage(4, 4), test::rampImage(4, 5)}));
    QTemporaryDir dir;
    QVERIFY_THROWS_EXCEPTION(IoError,
                             writeAnimatedGif(path(dir, "none/x.gif"), colourFrames(4, 4)));
  }

  void videoRoundTrips() {
    QTemporaryDir dir;
    std::vector<RgbImage> frames;
    for (int i = 0; i < 6; ++i) frames.push_back(test::rampImage(64, 96, 8 * i));
    for (const char* name : {"clip.mp4", "clip.avi"}) {
      const std::string file = path(dir, name);
      const VideoResult result = writeVideo(file, frames);
      QCOMPARE(result.frames, 6);
      QVERIFY(!result.fourcc.empty());
      cv::VideoCapture capture(file);
      QVERIFY2(capture.isOpened(), name);
      int count = 0;
      cv::Mat frame;
      while (capture.read(frame)) {
        QCOMPARE(frame.cols, 96);
        QCOMPARE(frame.rows, 64);
        ++count;
      }
      QCOMPARE(count, 6);
    }
    QCOMPARE(writeVideo(path(dir, "mjpg.avi"), frames, {8.0, "MJPG"}).fourcc, std::string("MJPG"));
    QCOMPARE(strayFiles(dir), 0);
  }

  void videoFailuresLeaveNothing() {
    QTemporaryDir dir;
    const auto frames = colourFrames(16, 16);
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, writeVideo(path(dir, "clip.webm"), frames));
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError,
                             writeVideo(path(dir, "clip.mp4"), frames, {8.0, "toolong"}));
    QVERIFY_THROWS_EXCEPTION(IoError, writeVideo(path(dir, "missing/clip.mp4"), frames));
    // An unknown codec cannot open: IoError, and no temporary left behind.
    try {
      writeVideo(path(dir, "clip.avi"), frames, {8.0, "ZZZZ"});
      QFAIL("no IoError");
    } catch (const IoError& e) {
      QVERIFY(std::string(e.what()).find("clip.avi") != std::string::npos);
    }
    QVERIFY(!fs::exists(path(dir, "clip.avi")));
    QCOMPARE(strayFiles(dir), 0);
  }

  void framePngFolder() {
    QTemporaryDir dir;
    const auto frames = colourFrames(8, 12);
    const std::string folder = path(dir, "frames/run1");
    const auto files = writeFramePngs(folder, frames);
    QCOMPARE(files.size(), std::size_t(4));
    QCOMPARE(fs::path(files[0]).filename().string(), std::string("frame_000.png"));
    QCOMPARE(fs::path(files[3]).filename().string(), std::string("frame_003.png"));
    for (std::size_t i = 0; i < 4; ++i) {
      const RgbImage back = loadRgbImage(files[i]);
      QVERIFY((back.pixels - frames[i].pixels).cwiseAbs().maxCoeff() < 0.5f / 255 + 1e-6f);
    }
    // A folder that is not empty is refused untouched.
    try {
      writeFramePngs(folder, frames);
      QFAIL("no IoError");
    } catch (const IoError& e) {
      QVERIFY(std::string(e.what()).find(folder) != std::string::npos);
    }
    QCOMPARE(int(std::distance(fs::directory_iterator(folder), fs::directory_iterator())), 4);
    // An existing empty folder is fine; a folder under a file is an IoError leaving nothing.
    fs::create_directory(path(dir, "empty"));
    QCOMPARE(writeFramePngs(path(dir, "empty"), frames).size(), std::size_t(4));
    const std::string blocked = files[0] + "/sub";
    QVERIFY_THROWS_EXCEPTION(IoError, writeFramePngs(blocked, frames));
    QCOMPARE(strayFiles(dir), 0);
  }
  void stackedFramesShowEveryMethod() {
    // Three "methods" of 5 frames, 10×14 images, distinct per method and frame.
    std::vector<LabelledFrames> methods;
    for (const char* name : {"geodesic", "lerp", "noisediffusion"}) {
      LabelledFrames sequence{name, {}};
      for (int k = 0; k < 5; ++k) sequence.frames.push_back(test::rampImage(10, 14, 3 * int(methods.size()) + k));
      methods.push_back(sequence);
    }
    const std::vector<RgbImage> stacked = stackLabelledFrames(methods);
    const int band = frameStackLabelWidth(methods);
    QCOMPARE(stacked.size(), std::size_t(5));
    QVERIFY(band > 0 && band % 2 == 0);
    for (std::size_t k = 0; k < stacked.size(); ++k) {
      const RgbImage& frame = stacked[k];
      QCOMPARE(frame.rows, 3 * 10);
      QCOMPARE(frame.cols, band + 14);
      for (int r = 0; r < 3; ++r) {
        const RgbImage& image = methods[r].frames[k];
        for (int c = 0; c < 3; ++c)
          for (int y = 0; y < 10; ++y)
            for (int x = 0; x < 14; ++x)
              QCOMPARE(frame.at(c, 10 * r + y, band + x), image.at(c, y, x));
      }
    }
    // The bands carry text: not one flat colour, and different for different names.
    const auto bandPixels = [&](int r) {
      std::vector<float> values;
      for (int y = 10 * r; y < 10 * r + 10; ++y)
        for (int x = 0; x < band; ++x) values.push_back(stacked[0].at(0, y, x));
      return values;
    };
    for (int r = 0; r < 3; ++r) {
      const auto values = bandPixels(r);
      QVERIFY(*std::max_element(values.begin(), values.end()) > *std::min_element(values.begin(), values.end()) + 0.3f);
    }
    QVERIFY(bandPixels(0) != bandPixels(1));
    // The bands do not move from frame to frame.
    for (int y = 0; y < 30; ++y) QCOMPARE(stacked[4].at(1, y, 2), stacked[0].at(1, y, 2));

    // One method alone is its frames plus the band; contract violations are named.
    QCOMPARE(stackLabelledFrames({methods[0]}).front().rows, 10);
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, stackLabelledFrames({}));
    auto shorter = methods;
    shorter[1].frames.pop_back();
    try {
      stackLabelledFrames(shorter);
      QFAIL("different frame counts accepted");
    } catch (const InvalidArgumentError& e) {
      QVERIFY2(QString(e.what()).contains("lerp") && QString(e.what()).contains("4 frames"), e.what());
    }
    auto resized = methods;
    resized[2].frames[3] = test::rampImage(12, 14);
    try {
      stackLabelledFrames(resized);
      QFAIL("different image sizes accepted");
    } catch (const InvalidArgumentError& e) {
      QVERIFY2(QString(e.what()).contains("noisediffusion") && QString(e.what()).contains("12×14"), e.what());
    }
    // Stacked frames go straight into the GIF writer.
    const std::string gif = encodeAnimatedGif(stacked);
    QVERIFY(gif.size() > 100);
  }

  void framePngFoldersPerMethod() {
    QTemporaryDir dir;
    const std::vector<LabelledFrames> methods{{"geodesic", colourFrames(8, 12)},
                                              {"slerp", colourFrames(8, 12)}};
    const std::string folder = path(dir, "frames");
    const auto files = writeFramePngFolders(folder, methods);
    QCOMPARE(files.size(), std::size_t(8));
    QCOMPARE(files[0], folder + "/geodesic/frame_000.png");
    QCOMPARE(files[7], folder + "/slerp/frame_003.png");
    for (std::size_t i = 0; i < 8; ++i) QVERIFY(fs::is_regular_file(files[i]));
    const RgbImage back = loadRgbImage(files[5]);
    QVERIFY((back.pixels - methods[1].frames[1].pixels).cwiseAbs().maxCoeff() < 0.5f / 255 + 1e-6f);
    // A second write into the now full folder is refused; bad labels are refused up front.
    QVERIFY_THROWS_EXCEPTION(IoError, writeFramePngFolders(folder, methods));
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError,
                             writeFramePngFolders(path(dir, "x"), {methods[0], methods[0]}));
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError,
                             writeFramePngFolders(path(dir, "y"), {{"a/b", colourFrames(8, 12)}}));
    QVERIFY(!fs::exists(path(dir, "x")) && !fs::exists(path(dir, "y")));
    // A failure half-way (the second method cannot be written: an empty image) leaves nothing.
    std::vector<LabelledFrames> broken = methods;
    broken[1].frames[2] = RgbImage();
    QVERIFY_THROWS_EXCEPTION(IoError, writeFramePngFolders(path(dir, "z"), broken));
    QVERIFY(!fs::exists(path(dir, "z")));
    QCOMPARE(strayFiles(dir), 0);
  }
};

QTEST_GUILESS_MAIN(TestImageExport)
#include "test_image_export.moc"
