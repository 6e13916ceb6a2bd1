// Image loading (errors name the file), resize + centre crop, CHW conversions, PNG output and
// RGB strips.
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>

#include "core/data/digit_image.h"
#include "core/data/image_io.h"
#include "core/data/rgb_image_cv.h"
#include "core/io/image_strip.h"
#include "core/util/errors.h"
#include "image_test_helpers.h"

using namespace geodex;
using geodex::test::path;

namespace {
void writeBytes(const std::string& file, const std::string& bytes) {
  std::ofstream(file, std::ios::binary) << bytes;
}

// Runs `f`, expects an IoError whose message contains `needle`.
template <typename F>
void expectIoError(F&& f, const std::string& needle) {
  try {
    f();
    QFAIL("no IoError thrown");
  } catch (const IoError& e) {
    QVERIFY2(std::string(e.what()).find(needle) != std::string::npos, e.what());
  }
}
}  // namespace

class TestImageIo : public QObject {
  Q_OBJECT
 private slots:
  void loadsShippedPhoto() {
    const RgbImage image = loadRgbImage(test::shippedImage("astronaut.png"));
    QCOMPARE(image.rows, 256);
    QCOMPARE(image.cols, 256);
    QCOMPARE(image.pixels.size(), Eigen::Index(3 * 256 * 256));
    QVERIFY(image.pixels.minCoeff() >= 0.0f && image.pixels.maxCoeff() <= 1.0f);
    // CHW, RGB order: compare one pixel with OpenCV's BGR reading.
    const cv::Mat bgr = cv::imread(test::shippedImage("astronaut.png"), cv::IMREAD_COLOR);
    const cv::Vec3b p = bgr.at<cv::Vec3b>(100, 30);
    QCOMPARE(std::lround(image.at(0, 100, 30) * 255), long(p[2]));
    QCOMPARE(std::lround(image.at(2, 100, 30) * 255), long(p[0]));
  }

  void loadErrorsNameTheFile() {
    QTemporaryDir dir;
    const std::string missing = path(dir, "missing.png");
    expectIoError([&] { loadRgbImage(missing); }, missing);
    expectIoError([&] { loadRgbImage(missing); }, "does not exist");

    const std::string corrupt = path(dir, "corrupt.png");
    std::string png = encodePng(test::rampImage(8, 8));
    png.resize(png.size() / 3);  // truncated after the header
    for (std::size_t i = 20; i < png.size(); ++i) png[i] = char(i * 7);
    writeBytes(corrupt, png);
    expectIoError([&] { loadRgbImage(corrupt); }, corrupt);

    const std::string text = path(dir, "notes.png");
    writeBytes(text, "this is not an image\n");
    expectIoError([&] { loadRgbImage(text); }, "corrupt or not in a supported format");

    const std::string empty = path(dir, "empty.jpg");
    writeBytes(empty, "");
    expectIoError([&] { loadRgbImage(empty); }, empty);

    expectIoError([&] { loadRgbImage(dir.path().toStdString()); }, "not a regular file");
  }

  void greyAndSixteenBitAreRgbInUnitRange() {
    QTemporaryDir dir;
    cv::Mat grey(4, 6, CV_16U, cv::Scalar(65535));
    grey.at<std::uint16_t>(1, 2) = 0;
    const std::string file = path(dir, "grey16.png");
    QVERIFY(cv::imwrite(file, grey));
    const RgbImage image = loadRgbImage(file);
    QCOMPARE(image.rows, 4);
    QCOMPARE(image.cols, 6);
    for (int c = 0; c < 3; ++c) {
      QCOMPARE(image.at(c, 0, 0), 1.0f);
      QCOMPARE(image.at(c, 1, 2), 0.0f);
    }
  }

  void resizeCropShapesAndValues() {
    const RgbImage photo = loadRgbImage(test::shippedImage("chelsea.png"));  // 256 × 170
    QCOMPARE(photo.cols, 256);
    QCOMPARE(photo.rows, 170);
    const RgbImage square = resizeCentreCrop(photo, 128);
    QCOMPARE(square.rows, 128);
    QCOMPARE(square.cols, 128);
    QVERIFY(square.pixels.minCoeff() >= 0.0f && square.pixels.maxCoeff() <= 1.0f);
    const RgbImage up = resizeCentreCrop(photo, 300);  // enlarging works too
    QCOMPARE(up.rows, 300);
    QCOMPARE(up.cols, 300);
    // A flat colour stays that colour; a wide image loses its sides, not its middle.
    const RgbImage flat = resizeCentreCrop(test::flatImage(30, 60, 0.2f, 0.5f, 0.8f), 16);
    QVERIFY((flat.pixels.segment(0, 256).array() - 0.2f).abs().maxCoeff() < 1e-5f);
    QVERIFY((flat.pixels.segment(512, 256).array() - 0.8f).abs().maxCoeff() < 1e-5f);
    RgbImage wide = test::flatImage(10, 30, 0, 0, 0);
    for (int y = 0; y < 10; ++y)
      for (int x = 10; x < 20; ++x) wide.at(1, y, x) = 1.0f;  // green middle third
    const RgbImage middle = resizeCentreCrop(wide, 10);
    QVERIFY(middle.pixels.segment(100, 100).minCoeff() > 0.99f);
    QVERIFY(middle.pixels.segment(0, 100).maxCoeff() < 0.01f);
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, resizeCentreCrop(photo, 0));
  }

  void signedRangeAndLuma() {
    const RgbImage image = test::flatImage(2, 3, 0.0f, 0.5f, 1.0f);
    const Eigen::VectorXf signedValues = image.toSignedRange();
    QCOMPARE(signedValues[0], -1.0f);
    QCOMPARE(signedValues[6], 0.0f);
    QCOMPARE(signedValues[17], 1.0f);
    const RgbImage back = RgbImage::fromSignedRange(2, 3, signedValues);
    QVERIFY((back.pixels - image.pixels).cwiseAbs().maxCoeff() < 1e-7f);
    QVERIFY(std::abs(image.luma()[4] - (0.587 * 0.5 + 0.114)) < 1e-7);
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, RgbImage(2, 3, Eigen::VectorXf(17)));
  }

  // A dropped digit image becomes an MNIST digit: 28×28, white on black, whatever its size and
  // whether it was drawn dark on white.
  void digitFromAnImageFile() {
    Eigen::VectorXd cross = Eigen::VectorXd::Zero(28 * 28);
    for (int k = 6; k < 22; ++k) cross[14 * 28 + k] = cross[k * 28 + 14] = 1.0;
    RgbImage large(56, 56), inverted(56, 56);
    for (int c = 0; c < 3; ++c)
      for (int y = 0; y < 56; ++y)
        for (int x = 0; x < 56; ++x) {
          large.at(c, y, x) = float(cross[(y / 2) * 28 + x / 2]);
          inverted.at(c, y, x) = 1.0f - large.at(c, y, x);
        }
    const Eigen::VectorXd digit = digitFromImage(large, 28);
    QCOMPARE(digit.size(), 784);
    QVERIFY((digit - cross).cwiseAbs().maxCoeff() < 1e-5);
    QVERIFY((digitFromImage(inverted, 28) - cross).cwiseAbs().maxCoeff() < 1e-5);
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, digitFromImage(RgbImage(), 28));
  }

  void pngRoundTripAndAtomicFailure() {
    QTemporaryDir dir;
    const RgbImage image = test::rampImage(20, 30);
    const std::string file = path(dir, "ramp.png");
    writePng(file, image);
    const RgbImage back = loadRgbImage(file);
    QVERIFY((back.pixels - image.pixels).cwiseAbs().maxCoeff() <= 0.5f / 255 + 1e-6f);
    // A parent that is a file cannot hold anything, even for root.
    const std::string blocked = path(dir, "ramp.png/inside.png");
    expectIoError([&] { writePng(blocked, image); }, blocked);
  }

  void rgbStripLayout() {
    const std::vector<std::vector<RgbImage>> rows = {
        {test::flatImage(10, 10, 1, 0, 0), test::flatImage(10, 10, 0, 1, 0)},
        {test::flatImage(6, 8, 0, 0, 1)}};
    const std::string png = encodeRgbImageStripPng(rows, 2);
    const cv::Mat strip =
        cv::imdecode(std::vector<uchar>(png.begin(), png.end()), cv::IMREAD_COLOR);
    QCOMPARE(strip.rows, 2 * 12 + 2);
    QCOMPARE(strip.cols, 2 * 12 + 2);
    QCOMPARE(strip.at<cv::Vec3b>(5, 5), cv::Vec3b(0, 0, 255));        // red, BGR
    QCOMPARE(strip.at<cv::Vec3b>(5, 17), cv::Vec3b(0, 255, 0));       // green
    QCOMPARE(strip.at<cv::Vec3b>(19, 8), cv::Vec3b(255, 0, 0));       // blue, centred
    QCOMPARE(strip.at<cv::Vec3b>(19, 18), cv::Vec3b(128, 128, 128));  // no image there
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, encodeRgbImageStripPng({}, 2));
  }
};

QTEST_GUILESS_MAIN(TestImageIo)
#include "test_image_io.moc"
