// Rotated MNIST data: the IDX reader/writer (round trip, corrupt files), exact quarter-turn
// rotations, the dataset generator, and the committed 30-digit slice under tests/data.
#include <QtTest>

#include <fstream>

#include "core/data/digit_reference_pool.h"
#include "core/data/idx_file.h"
#include "core/data/rotated_mnist.h"
#include "core/util/errors.h"

using namespace geodex;

namespace {

std::string sliceDir() {
  return qEnvironmentVariable("GEODEX_SOURCE_DIR").toStdString() + "/tests/data";
}

void writeBytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string readBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// The IoError message of reading `path` as images, or "" when it reads.
QString imageError(const std::string& path) {
  try {
    readIdxImages(path);
  } catch (const IoError& e) {
    return QString::fromUtf8(e.what());
  }
  return {};
}

IdxImages smallImages() {
  IdxImages images;
  images.count = 3;
  images.rows = 4;
  images.cols = 5;
  for (int i = 0; i < 60; ++i) images.pixels.push_back(std::uint8_t(i * 4));
  return images;
}

}  // namespace

class TestMnistData : public QObject {
  Q_OBJECT

 private slots:
  void idxRoundTrip() {
    QTemporaryDir dir;
    const std::string images = dir.filePath("i-idx3-ubyte").toStdString();
    const std::string labels = dir.filePath("l-idx1-ubyte").toStdString();
    const IdxImages written = smallImages();
    writeIdxImages(images, written);
    writeIdxLabels(labels, {7, 2, 1});
    const IdxDataset read = readIdxDataset(images, labels);
    QCOMPARE(read.images.count, 3);
    QCOMPARE(read.images.rows, 4);
    QCOMPARE(read.images.cols, 5);
    QVERIFY(read.images.pixels == written.pixels);
    QVERIFY(read.labels == (std::vector<std::uint8_t>{7, 2, 1}));
    QCOMPARE(readIdxImages(images, 2).count, 2);  // maxCount
    // The header is the standard one: magic 0x00000803, sizes big-endian.
    const std::string bytes = readBytes(images);
    QCOMPARE(bytes.substr(0, 8), std::string("\x00\x00\x08\x03\x00\x00\x00\x03", 8));
  }

  void corruptFilesFailWithTheFileAndTheReason() {
    QTemporaryDir dir;
    const std::string good = dir.filePath("good").toStdString();
    writeIdxImages(good, smallImages());
    const std::string bytes = readBytes(good);

    const std::string truncated = dir.filePath("truncated").toStdString();
    writeBytes(truncated, bytes.substr(0, bytes.size() - 7));
    QVERIFY2(
        imageError(truncated).contains("truncated") && imageError(truncated).contains("truncated"),
        qPrintable(imageError(truncated)));
    QVERIFY(imageError(truncated).contains(QString::fromStdString(truncated)));

    const std::string header = dir.filePath("header-only").toStdString();
    writeBytes(header, bytes.substr(0, 6));
    QVERIFY2(imageError(header).contains("truncated"), qPrintable(imageError(header)));

    std::string magic = bytes;
    magic[0] = 'P';
    const std::string wrongMagic = dir.filePath("magic").toStdString();
    writeBytes(wrongMagic, magic);
    QVERIFY2(imageError(wrongMagic).contains("magic"), qPrintable(imageError(wrongMagic)));

    std::string type = bytes;
    type[2] = 0x0D;  // float data
    const std::string wrongType = dir.filePath("type").toStdString();
    writeBytes(wrongType, type);
    QVERIFY2(imageError(wrongType).contains("0xd"), qPrintable(imageError(wrongType)));

    const std::string labels = dir.filePath("labels").toStdString();
    writeIdxLabels(labels, {1, 2});
    QVERIFY2(imageError(labels).contains("dimensions"), qPrintable(imageError(labels)));

    std::string extra = bytes + "xyz";  // more data than the counts say
    const std::string wrongCount = dir.filePath("count").toStdString();
    writeBytes(wrongCount, extra);
    QVERIFY2(imageError(wrongCount).contains("after the 3 items"),
             qPrintable(imageError(wrongCount)));

    try {  // images and labels disagree
      readIdxDataset(good, labels);
      QFAIL("no error for 3 images with 2 labels");
    } catch (const IoError& e) {
      QVERIFY2(QString(e.what()).contains("3 images") && QString(e.what()).contains("2 labels"),
               e.what());
    }
    QVERIFY(imageError(dir.filePath("missing").toStdString()).contains("cannot open"));
  }

  void committedSliceReads() {
    const IdxDataset slice = readIdxDataset(sliceDir() + "/mnist-slice-images-idx3-ubyte",
                                            sliceDir() + "/mnist-slice-labels-idx1-ubyte");
    QCOMPARE(slice.images.count, 30);
    QCOMPARE(slice.images.rows, 28);
    QCOMPARE(slice.images.cols, 28);
    QCOMPARE(int(slice.labels[0]), 7);  // the first MNIST test digit is a 7
    const Eigen::VectorXd digit = idxImageVector(slice.images, 0);
    QVERIFY(digit.minCoeff() >= 0.0 && digit.maxCoeff() <= 1.0 && digit.maxCoeff() > 0.9);
    QVERIFY_EXCEPTION_THROWN(idxImageVector(slice.images, 30), InvalidArgumentError);
  }

  // The ranking finds the pool's own digits at their rotation wherever they sit in the pool (it
  // runs in one block per core): a digit of the last third, turned 40°, is its own nearest, at
  // distance 0 (the 10° search steps include 40°), and so is the unturned first digit.
  void nearestDigitsAreFoundInEveryBlock() {
    const IdxImages digits = readIdxImages(sliceDir() + "/mnist-slice-images-idx3-ubyte");
    NearestRotatedDigitsOptions options;
    options.digits = 2;
    options.angleStep = 90;
    Eigen::MatrixXd ends(28 * 28, 2);
    ends.col(0) = rotateImage(idxImageVector(digits, 25), 28, 28, 40.0);
    ends.col(1) = idxImageVector(digits, 0);
    const NearestRotatedDigits found = nearestRotatedDigits(digits, ends, options);
    QCOMPARE(found.distances.size(), std::size_t(2));
    QVERIFY(found.distances[0] < 1e-3 && found.distances[1] < 1e-3);  // rounding of ‖c‖² + ‖t‖² − 2cᵀt
    const std::vector<int> indices = {found.poolIndex.front(), found.poolIndex.back()};
    QVERIFY((indices == std::vector<int>{25, 0}) || (indices == std::vector<int>{0, 25}));
  }

  // The graph's reference pool is read once per process and its ranking reused for the same ends:
  // what geodex-cli and the window's second run between the same digits rely on.
  void referencePoolIsReadOnceAndRemembersItsRankings() {
    const std::string path = sliceDir() + "/mnist-slice-images-idx3-ubyte";
    const int readsBefore = DigitReferencePool::fileReads();
    const auto pool = DigitReferencePool::open(path);
    QCOMPARE(DigitReferencePool::fileReads(), readsBefore + 1);
    QCOMPARE(pool->images().count, 30);
    QVERIFY(DigitReferencePool::open(path) == pool);  // the same pool, not read again
    QCOMPARE(DigitReferencePool::fileReads(), readsBefore + 1);
    QVERIFY_EXCEPTION_THROWN(DigitReferencePool::open(path + ".missing"), IoError);

    NearestRotatedDigitsOptions options;
    options.digits = 3;
    options.angleStep = 90;
    Eigen::MatrixXd ends(28 * 28, 2);
    ends.col(0) = idxImageVector(pool->images(), 0);
    ends.col(1) = rotateImage(ends.col(0), 28, 28, 90.0);
    const auto first = pool->nearest(ends, options);
    QCOMPARE(first->cols(), Eigen::Index(3 * 4));
    QVERIFY(pool->nearest(ends, options) == first);  // remembered: the same matrix
    QCOMPARE(pool->rankings(), 1);
    // The ranking is nearestRotatedDigits' own.
    QVERIFY(*first == nearestRotatedDigits(pool->images(), ends, options).images);
    options.digits = 4;  // other options, or other ends: ranked again
    QVERIFY(pool->nearest(ends, options) != first);
    ends.col(1) = rotateImage(ends.col(0), 28, 28, 60.0);
    options.digits = 3;
    QVERIFY(pool->nearest(ends, options) != first);
    QCOMPARE(pool->rankings(), 3);
  }

  void quarterTurnsAreExact() {
    const IdxImages slice = readIdxImages(sliceDir() + "/mnist-slice-images-idx3-ubyte", 3);
    const Eigen::VectorXd digit = idxImageVector(slice, 1);
    QCOMPARE(rotateImage(digit, 28, 28, 0.0), digit);
    QCOMPARE(rotateImage(digit, 28, 28, 360.0), digit);
    QCOMPARE(rotateImage(digit, 28, 28, -720.0), digit);
    const Eigen::VectorXd quarter = rotateImage(digit, 28, 28, 90.0);
    // Counter-clockwise as displayed: pixel (r, c) goes to (27 − c, r).
    for (int r = 0; r < 28; ++r)
      for (int c = 0; c < 28; ++c) QCOMPARE(quarter[(27 - c) * 28 + r], digit[r * 28 + c]);
    QCOMPARE(rotateImage(quarter, 28, 28, -90.0), digit);
    QCOMPARE(rotateImage(rotateImage(quarter, 28, 28, 90.0), 28, 28, 180.0), digit);
    QCOMPARE(rotateImage(digit, 28, 28, 450.0), quarter);
    // The bilinear path agrees with the exact one next to 90° (same centre, same direction).
    QVERIFY((rotateImage(digit, 28, 28, 89.999) - quarter).cwiseAbs().maxCoeff() < 0.01);
    QVERIFY((rotateImage(digit, 28, 28, 270.001) - rotateImage(digit, 28, 28, -90.0))
                .cwiseAbs()
                .maxCoeff() < 0.01);
    // A 45° rotation is a different, still digit-like image.
    const Eigen::VectorXd tilted = rotateImage(digit, 28, 28, 45.0);
    QVERIFY((tilted - digit).norm() > 1.0);
    QVERIFY(std::abs(tilted.sum() - digit.sum()) < 0.1 * digit.sum());
  }

  void generatorTakesRangeAndCount() {
    IdxDataset source;
    source.images = readIdxImages(sliceDir() + "/mnist-slice-images-idx3-ubyte", 4);
    source.labels = readIdxLabels(sliceDir() + "/mnist-slice-labels-idx1-ubyte", 4);
    RotatedMnistOptions options;
    options.fromAngle = 0;
    options.toAngle = 90;
    options.anglesPerDigit = 4;
    options.maxDigits = 3;
    const RotatedMnist rotated = generateRotatedMnist(source, options);
    QCOMPARE(rotated.images.count, 12);
    QCOMPARE(rotated.angles, (std::vector<double>{0, 30, 60, 90, 0, 30, 60, 90, 0, 30, 60, 90}));
    QCOMPARE(int(rotated.labels[4]), int(source.labels[1]));
    // The 0° copy is the source digit byte for byte, the 90° one its exact quarter turn.
    QVERIFY(
        std::equal(rotated.images.image(4), rotated.images.image(4) + 784, source.images.image(1)));
    const Eigen::VectorXd quarter = rotateImage(idxImageVector(source.images, 1), 28, 28, 90);
    QCOMPARE(idxImageVector(rotated.images, 7), quarter);
    options.toAngle = 360;  // a full turn does not repeat 0° at 360°
    options.randomAngles = false;
    QCOMPARE(generateRotatedMnist(source, options).angles[3], 270.0);
    options.randomAngles = true;
    for (double a : generateRotatedMnist(source, options).angles) QVERIFY(a >= 0 && a < 360);
  }
};

QTEST_GUILESS_MAIN(TestMnistData)
#include "test_mnist_data.moc"
