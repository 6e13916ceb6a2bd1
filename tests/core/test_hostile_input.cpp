// Issue #15: every core loader and validator against hostile input — huge headers (sparse
// files), FIFOs and devices, truncated and corrupt images, deep JSON, absurd numbers, damaged
// model archives, partial output sets. Each must end in one clear line, fast, with nothing
// allocated from an unchecked size and no third-party noise on stderr.
#include <QtTest>

#include <zlib.h>
#include <opencv2/imgcodecs.hpp>

#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <new>

#include "core/data/idx_file.h"
#include "core/data/image_header.h"
#include "core/data/image_io.h"
#include "core/data/image_pair_list.h"
#include "core/data/rgb_image_cv.h"
#include "core/data/rotated_mnist.h"
#include "core/diffusion/noise_schedule.h"
#include "core/diffusion/stable_diffusion_manifest.h"
#include "core/geometry/score_metric.h"
#include "core/io/frame_folder.h"
#include "core/io/labelled_frames.h"
#include "core/pipelines/rotated_digit_geodesic.h"
#include "core/score/empirical_score.h"
#include "core/score/sphere_score.h"
#include "core/score/synthetic_score_factory.h"
#include "core/util/atomic_file.h"
#include "core/util/atomic_file_set.h"
#include "core/util/errors.h"
#include "core/util/input_file.h"
#include "core/util/json_input.h"
#include "core/util/library_errors.h"
#include "core/util/pending_writes.h"
#include "core/util/process_memory.h"
#include "core/util/stderr_capture.h"
#include "core/util/zip_archive_check.h"
#include "hostile_test_helpers.h"
#include "image_test_helpers.h"

using namespace geodex;
using namespace geodex::test;
namespace fs = std::filesystem;

namespace {

std::string be32(std::uint32_t v) {
  return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
}

std::string le32(std::uint32_t v) {
  return {char(v), char(v >> 8), char(v >> 16), char(v >> 24)};
}

std::string idxHeader(std::uint32_t count, std::uint32_t rows, std::uint32_t cols) {
  return std::string("\0\0\x08\x03", 4) + be32(count) + be32(rows) + be32(cols);
}

std::string pngChunk(const std::string& type, const std::string& data) {
  const std::string body = type + data;
  const uLong crc =
      crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(body.data()), uInt(body.size()));
  return be32(std::uint32_t(data.size())) + body + be32(std::uint32_t(crc));
}

// A PNG whose header claims width × height, with a token IDAT: refused by its header alone.
std::string pngClaiming(std::uint32_t width, std::uint32_t height) {
  const std::string ihdr = be32(width) + be32(height) + std::string("\x08\x02\x00\x00\x00", 5);
  return std::string("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", ihdr) +
         pngChunk("IDAT", std::string("\x78\x9c\x03\x00\x00\x00\x00\x01", 8)) +
         pngChunk("IEND", "");
}

std::string encoded(const std::string& extension, int size = 64) {
  cv::Mat image(size, size, CV_8UC3);
  cv::randu(image, 0, 255);
  std::vector<unsigned char> bytes;
  if (!cv::imencode(extension, image, bytes)) qFatal("OpenCV cannot encode %s", extension.c_str());
  return {bytes.begin(), bytes.end()};
}

// The message of loading `bytes` as an image file, checking it is one line and stderr stays
// quiet; "" when the image loads.
std::string imageLoadError(const QTemporaryDir& dir, const std::string& name,
                           const std::string& bytes) {
  const std::string file = path(dir, name.c_str());
  writeBytes(file, bytes);
  std::string message;
  const std::string noise = stderrOf([&] {
    try {
      loadRgbImage(file);
    } catch (const IoError& e) {
      message = e.what();
    }
  });
  if (!noise.empty()) QTest::qFail(("stderr noise: " + noise).c_str(), __FILE__, __LINE__);
  if (message.find('\n') != std::string::npos) QTest::qFail(message.c_str(), __FILE__, __LINE__);
  if (!message.empty() && message.find(file) == std::string::npos)
    QTest::qFail(("no file name in: " + message).c_str(), __FILE__, __LINE__);
  return message;
}

std::string manifestError(const std::string& text) {
  try {
    parseStableDiffusionManifest(text, "sd/model.json");
  } catch (const GeodexError& e) {
    const std::string message = e.what();
    if (message.find('\n') != std::string::npos || message.size() > 300)
      QTest::qFail(("not one short line: " + message.substr(0, 500)).c_str(), __FILE__, __LINE__);
    return message;
  }
  return {};
}

nlohmann::json goodManifest() {
  return nlohmann::json::parse(R"({"format": "geodex-stable-diffusion-torchscript", "version": 1,
    "image_size": 512, "latent_shape": [4, 64, 64], "latent_scale_factor": 0.18215,
    "schedule": {"type": "scaled_linear", "beta_start": 0.00085, "beta_end": 0.012,
                 "num_train_timesteps": 1000},
    "prediction_type": "epsilon"})");
}

bool contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

}  // namespace

class TestHostileInput : public QObject {
  Q_OBJECT

 private slots:
  void nonRegularFilesAreRefusedWithoutBlocking() {
    QTemporaryDir dir;
    const std::string fifo = makeFifo(path(dir, "fifo"));
    const auto start = std::chrono::steady_clock::now();
    expectError<IoError>([&] { InputFile file(fifo, "IDX file"); },
                         {fifo, "is not a regular file", "FIFO"});
    expectError<IoError>([&] { readIdxImages(fifo); }, {"IDX file", "FIFO"});
    expectError<IoError>([&] { readImagePairList(fifo); }, {"pair list", "FIFO"});
    expectError<IoError>([&] { loadRgbImage(fifo); }, {"image", "FIFO"});
    expectError<IoError>([&] { readStableDiffusionManifest(fifo); }, {"FIFO"});
    expectError<IoError>([&] { checkZipArchiveFile(fifo, "model file"); }, {"model file", "FIFO"});
    QVERIFY(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
    // /dev/zero would read for ever; a directory is not "missing".
    expectError<IoError>([&] { checkZipArchiveFile("/dev/zero", "model file"); },
                         {"model file '/dev/zero'", "character device"});
    expectError<IoError>([&] { readIdxLabels("/dev/zero"); }, {"character device"});
    expectError<IoError>([&] { readIdxImages(dir.path().toStdString()); }, {"is a directory"});
    expectError<IoError>([&] { readStableDiffusionManifest(dir.path().toStdString()); },
                         {"is a directory"});
    expectError<IoError>([&] { readIdxImages(path(dir, "absent")); }, {"does not exist"});
  }

  void idxHeadersAreCheckedBeforeAllocating() {
    QTemporaryDir dir;
    // One 46341×46341 image: rows × cols overflows an int (2 GB, sparse).
    const std::string huge = path(dir, "huge-idx3-ubyte");
    writeSparseFile(huge, idxHeader(1, 46341, 46341), 16 + 46341LL * 46341);
    expectError<IoError>([&] { readIdxImages(huge); }, {huge, "46341", "16384"});
    // 0x80000000 images of 1×1: a count that is negative as an int.
    const std::string many = path(dir, "many-idx3-ubyte");
    writeSparseFile(many, idxHeader(0x80000000u, 1, 1), 16 + 0x80000000LL);
    const std::string message =
        expectError<IoError>([&] { readIdxImages(many); }, {"2147483648", "2147483647"});
    QVERIFY2(!contains(message, "-2147483648"), message.c_str());
    // 2³¹−1 bytes of 1×1 images: within the count, over the data limit.
    const std::string big = path(dir, "big-idx3-ubyte");
    writeSparseFile(big, idxHeader(0x7fffffffu, 1, 1), 16 + 0x7fffffffLL);
    expectError<IoError>([&] { readIdxImages(big); }, {"2.1 GB", "1.1 GB"});
    // A header that claims more than the file holds, and a label count larger than the file.
    const std::string claims = path(dir, "claims-idx3-ubyte");
    writeBytes(claims, idxHeader(1000, 28, 28) + std::string(100, '\0'));
    expectError<IoError>([&] { readIdxImages(claims); }, {"truncated", "1000 items"});
    const std::string labels = path(dir, "labels-idx1-ubyte");
    writeBytes(labels, std::string("\0\0\x08\x01", 4) + be32(0xffffffffu));
    expectError<IoError>([&] { readIdxLabels(labels); }, {"truncated", "4294967295"});
    // 4096×4096 is the largest image the reader takes; the digit experiment refuses it.
    const std::string large = path(dir, "large-idx3-ubyte");
    writeSparseFile(large, idxHeader(1, 4096, 4096), 16 + 4096LL * 4096);
    const IdxImages images = readIdxImages(large);
    QCOMPARE(images.rows * images.cols, 16777216);
    const Eigen::VectorXd digit = idxImageVector(images, 0);
    expectError<InvalidArgumentError>(
        [&] { computeRotatedDigitGeodesic(digit, 4096, 4096, RotatedDigitGeodesicOptions{}); },
        {"4096×4096", "65536"});
  }

  void pairListsAreReadSafely() {
    QTemporaryDir dir;
    expectError<IoError>([&] { readImagePairList("/dev/zero"); },
                         {"pair list '/dev/zero'", "character device"});
    expectError<IoError>([&] { readImagePairList(dir.path().toStdString()); }, {"is a directory"});
    const std::string big = path(dir, "big.txt");
    writeSparseFile(big, "a.png b.png\n", 17 << 20);
    expectError<IoError>([&] { readImagePairList(big); }, {big, "16.8 MB"});
    makeFifo(path(dir, "pipe.png"));
    writeBytes(path(dir, "a.png"), encoded(".png", 8));
    const std::string list = path(dir, "pairs.txt");
    writeBytes(list, "a.png pipe.png\n");
    expectError<InvalidArgumentError>([&] { readImagePairList(list); },
                                      {"pairs.txt:1: ", "pipe.png", "FIFO"});
    // A NUL byte would cut "a.png\0junk" to "a.png": refused with its line.
    writeBytes(list, "# pairs\n" + std::string("a.png a.png\0junk\n", 17));
    expectError<InvalidArgumentError>([&] { readImagePairList(list); }, {"pairs.txt:2: ", "NUL"});
  }

  void truncatedAndCorruptImagesAreRefused() {
    QTemporaryDir dir;
    const std::string jpeg = encoded(".jpg");
    QVERIFY(imageLoadError(dir, "good.jpg", jpeg).empty());
    // OpenCV 4.6 decodes these into partly uninitialised pixels without a word.
    for (const double fraction : {0.6, 0.95}) {
      const std::string message =
          imageLoadError(dir, "cut.jpg", jpeg.substr(0, std::size_t(jpeg.size() * fraction)));
      QVERIFY2(contains(message, "truncated JPEG"), message.c_str());
    }
    QVERIFY(contains(imageLoadError(dir, "noeoi.jpg", jpeg.substr(0, jpeg.size() - 2)),
                     "end-of-image"));
    // Scan data destroyed in the middle: refused with libjpeg's complaint, or decoded — never
    // noise.
    std::string smashed = jpeg;
    for (std::size_t i = smashed.size() / 3; i < smashed.size() * 2 / 3; ++i)
      smashed[i] = char(0x00);
    imageLoadError(dir, "smashed.jpg", smashed);

    const std::string png = encoded(".png");
    QVERIFY(imageLoadError(dir, "good.png", png).empty());
    QVERIFY(contains(imageLoadError(dir, "cut.png", png.substr(0, png.size() * 3 / 4)),
                     "truncated PNG"));
    QVERIFY(contains(imageLoadError(dir, "noiend.png", png.substr(0, png.size() - 12)), "IEND"));
    std::string flipped = png;
    flipped[png.size() / 2] ^= 0x10;
    QVERIFY(contains(imageLoadError(dir, "flip.png", flipped), "bad CRC"));
    // Refused by its header, before a byte is decoded (20000² RGB would be 1.2 GB).
    const std::string message = imageLoadError(dir, "huge.png", pngClaiming(20000, 20000));
    QVERIFY2(contains(message, "20000×20000") && contains(message, "50 megapixels"),
             message.c_str());

    for (const char* extension : {".bmp", ".tiff", ".webp"}) {
      const std::string bytes = encoded(extension);
      const std::string name = std::string("image") + extension;
      QVERIFY2(imageLoadError(dir, name, bytes).empty(), extension);
      const std::string cut = imageLoadError(dir, name, bytes.substr(0, bytes.size() * 6 / 10));
      QVERIFY2(contains(cut, "truncated"), cut.c_str());
    }
    // Found by fuzz_image (a 10 s timeout): a few hundred bytes whose header claims 36 megapixels
    // (within the limit) were decoded into 1.3 GB of made-up pixels. Too little data for the size
    // declared is now refused as truncated.
    std::string bomb = jpeg;
    const std::size_t frame = bomb.find("\xff\xc0");
    QVERIFY(frame != std::string::npos);
    bomb.replace(frame + 5, 4, std::string("\x08\x02\x45\x16", 4));  // height 2050, width 17686
    QVERIFY(contains(imageLoadError(dir, "bomb.jpg", bomb), "cannot hold 17686×2050 pixels"));
    QVERIFY(contains(imageLoadError(dir, "bomb.png", pngClaiming(5000, 5000)), "cannot hold 5000×5000"));
    // Found by fuzz_image: a WebP header libwebp rejects, with "DICM" at byte 128 — OpenCV passed
    // it on to GDCM's DICOM reader, which aborted the process.
    std::string dicom = "RIFF" + le32(110) + "WEBPVP8 " + le32(98) +
                        std::string("\xcf\x02\x00\x9d\x01\x2a\x08\x00\x08\x00", 10);
    dicom.resize(128, char(0xeb));
    dicom += "DICM";
    dicom.resize(140, '\0');
    QVERIFY(contains(imageLoadError(dir, "dicom.webp", dicom), "libwebp cannot read its header"));
    QVERIFY(contains(imageLoadError(dir, "empty.png", ""), "empty"));
    QVERIFY(contains(imageLoadError(dir, "text.png", "hello"), "not in a supported format"));
  }

  void imageHeadersOfEveryFormat() {
    for (const char* extension : {".png", ".jpg", ".bmp", ".tiff", ".webp"}) {
      const std::string bytes = encoded(extension, 40);
      const ImageHeader header =
          readImageHeader(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
      QCOMPARE(header.width, 40u);
      QCOMPARE(header.height, 40u);
    }
  }

  void modelJsonIsParsedWithLimits() {
    QVERIFY(manifestError(goodManifest().dump()).empty());
    const StableDiffusionManifest m = parseStableDiffusionManifest(goodManifest().dump(), "m.json");
    QCOMPARE(m.imageSize, 512);
    QCOMPARE(m.schedule.timesteps, 1000);
    // 100 000 levels deep: the old code crashed building the message.
    nlohmann::json base = goodManifest();
    std::string deep = base.dump();
    const std::string nested = std::string(100000, '[') + std::string(100000, ']');
    deep.replace(deep.find("[4,64,64]"), 9, nested);
    QVERIFY(contains(manifestError(deep), "deeper than 64"));
    // A long value is quoted by a short prefix only.
    nlohmann::json longValue = goodManifest();
    longValue["image_size"] = std::vector<int>(100000, 7);
    const std::string quoted = manifestError(longValue.dump());
    QVERIFY2(contains(quoted, "'image_size'") && contains(quoted, "[7,7,7"), quoted.c_str());
    QVERIFY(contains(manifestError("[1, 2]"), "must hold a JSON object, it holds a list"));
    QVERIFY(contains(manifestError("{\"a\": "), "not valid JSON"));

    const auto withField = [](const std::string& pointer, const nlohmann::json& value) {
      nlohmann::json j = goodManifest();
      j[nlohmann::json::json_pointer(pointer)] = value;
      return j.dump();
    };
    nlohmann::json noFormat = goodManifest();
    noFormat.erase("format");
    QVERIFY(contains(manifestError(noFormat.dump()), "has no 'format'"));
    QVERIFY(contains(manifestError(withField("/format", "geodex-session")), "'format' must be"));
    QVERIFY(
        contains(manifestError(withField("/schedule/num_train_timesteps", 2.5)), "whole number"));
    QVERIFY(
        contains(manifestError(withField("/schedule/num_train_timesteps", 1e9)), "1 to 100000"));
    QVERIFY(contains(manifestError(withField("/image_size", 1e9)),
                     "'image_size' must be a whole number from 8 to 4096"));
    QVERIFY(contains(manifestError(withField("/image_size", 100)), "multiple of 8"));
    QVERIFY(contains(manifestError(withField("/latent_shape", {4, 1000000000, 64})),
                     "latent_shape[1]"));
    QVERIFY(contains(manifestError(withField("/latent_shape", {64, 1024, 1024})), "C·h·w"));
    QVERIFY(contains(manifestError(withField("/latent_scale_factor", -1)), "latent_scale_factor"));
    QVERIFY(
        contains(manifestError(withField("/latent_scale_factor", 1e300)), "latent_scale_factor"));
    QVERIFY(contains(manifestError(withField("/schedule/beta_end", 2)), "schedule.beta_end"));
    QVERIFY(
        contains(manifestError(withField("/schedule/type", "exotic")), "unknown noise schedule"));
    QVERIFY(
        contains(manifestError(withField("/prediction_type", "v_prediction")), "not supported"));
    QVERIFY(
        contains(manifestError(withField("/files", {{"unet", "../../etc/passwd"}})), "files.unet"));
    QVERIFY(contains(manifestError(withField("/version", 2)), "'version'"));
  }

  void jsonQuotesAreShortAndSafe() {
    QCOMPARE(quoteJson(nlohmann::json("abc")), std::string("\"abc\""));
    const std::string quoted = quoteJson(nlohmann::json(std::string(1000, 'x')), 20);
    QCOMPARE(quoted.size(), std::size_t(23));
    QVERIFY_THROWS_EXCEPTION(IoError,
                             parseJsonInput(std::string(65, '[') + std::string(65, ']'), "x"));
    QCOMPARE(parseJsonInput(std::string(64, '[') + std::string(64, ']'), "x").size(),
             std::size_t(1));
    // nlohmann's "[json.exception.parse_error.101]" tag is not for users.
    const std::string broken = expectError<IoError>([] { parseJsonInput("{\"a\": ", "x.json"); },
                                                    {"x.json is not valid JSON: ", "parse error"});
    QVERIFY2(broken.find("[json.exception") == std::string::npos, broken.c_str());
  }

  void absurdOptionsAreRefusedNotReplaced() {
    auto sphere = std::make_shared<SphereScore>(0.1);
    expectError<InvalidArgumentError>([&] { ScoreMetric metric(sphere, 1e308); },
                                      {"λ", "1e+308", "1e8"});
    expectError<InvalidArgumentError>([&] { ScoreMetric metric(sphere, std::nan("")); }, {"λ"});
    const auto manifold = SyntheticManifold::create("sphere");
    SyntheticScoreOptions score;
    score.sigma = 1e308;
    expectError<InvalidArgumentError>([&] { makeSyntheticScore(*manifold, score); },
                                      {"σ", "1e+308", "100"});
    NoiseScheduleOptions schedule;
    schedule.timesteps = 1000000000;
    expectError<InvalidArgumentError>([&] { NoiseSchedule s(schedule); }, {"100000", "1000000000"});

    const Eigen::VectorXd digit = Eigen::VectorXd::Constant(28 * 28, 0.5);
    RotatedDigitGeodesicOptions o;
    o.annealFrom = std::nan("");
    expectError<InvalidArgumentError>([&] { computeRotatedDigitGeodesic(digit, 28, 28, o); },
                                      {"--anneal-from", "nan"});
    o = {};
    o.rotations = 100000000;
    expectError<InvalidArgumentError>([&] { computeRotatedDigitGeodesic(digit, 28, 28, o); },
                                      {"--rotations", "36000"});
    o = {};
    o.truthStep = 1e-9;
    expectError<InvalidArgumentError>([&] { computeRotatedDigitGeodesic(digit, 28, 28, o); },
                                      {"angle step"});
    o = {};
    o.metric.lambda = 1e308;
    expectError<InvalidArgumentError>([&] { computeRotatedDigitGeodesic(digit, 28, 28, o); },
                                      {"λ", "1e+308"});

    IdxDataset source;
    source.images.count = 1000;
    source.images.rows = source.images.cols = 28;
    source.images.pixels.assign(1000 * 28 * 28, 0);
    source.labels.assign(1000, 0);
    RotatedMnistOptions rotate;
    rotate.anglesPerDigit = 1000000000;
    expectError<InvalidArgumentError>([&] { generateRotatedMnist(source, rotate); }, {"1000000"});
    rotate.anglesPerDigit = 100000;
    expectError<InvalidArgumentError>([&] { generateRotatedMnist(source, rotate); },
                                      {"100000000 images", "1.1 GB"});
    rotate.anglesPerDigit = 2;
    rotate.fromAngle = std::nan("");
    expectError<InvalidArgumentError>([&] { generateRotatedMnist(source, rotate); },
                                      {"angle range"});
  }

  void outputSetsAreCompleteOrAbsent() {
    QTemporaryDir dir;
    const std::string images = path(dir, "rot-images"), labels = path(dir, "rot-labels");
    writeBytes(images, "previous");
    RotatedMnist rotated;
    rotated.images.count = 2;
    rotated.images.rows = rotated.images.cols = 2;
    rotated.images.pixels.assign(8, 7);
    rotated.labels = {1, 2};
    rotated.angles = {0, 90};
    rotated.sourceIndex = {0, 0};
    // The angles CSV cannot be written: neither IDX file may change.
    expectError<IoError>(
        [&] { writeRotatedMnist(rotated, images, labels, path(dir, "missing/angles.csv")); },
        {"angles.csv"});
    QCOMPARE(readBytes(images), std::string("previous"));
    QVERIFY(!fs::exists(labels));
    QCOMPARE(int(std::distance(fs::directory_iterator(dir.path().toStdString()),
                               fs::directory_iterator())),
             1);
    writeRotatedMnist(rotated, images, labels, path(dir, "angles.csv"));
    QCOMPARE(readIdxDataset(images, labels).images.count, 2);
    QVERIFY(contains(readBytes(path(dir, "angles.csv")), "1,0,2,90"));
    // A legal 254-character name works although the temporary beside it needs a prefix.
    const std::string name = path(dir, std::string(254, 'n').c_str());
    writeFileAtomically(name, "long");
    QCOMPARE(readBytes(name), std::string("long"));
    const std::string temp = temporarySibling(name, ".mp4").filename().string();
    QVERIFY2(temp.size() <= 255 && temp.ends_with(".mp4"), temp.c_str());
  }

  // A write replaces a regular file or nothing: a FIFO, a folder or a link's target that is a
  // FIFO is refused and left as it was; a link is written through and stays a link. (No real
  // device node: a test must not risk /dev/null.)
  // Once the cancel flag is up no output set is renamed into place: the targets stay as they
  // were and the temporaries go; removeAll() clears the temporaries of writes never finished.
  void cancelledWritesPublishNothing() {
    QTemporaryDir dir;
    const std::string a = path(dir, "a.json"), b = path(dir, "b.png");
    writeBytes(a, "previous");
    std::atomic<bool> cancel{false};
    PendingWrites::setCancelFlag(&cancel);
    {
      AtomicFileSet set;
      set.add(a, "new a");
      set.add(b, "new b");
      cancel = true;
      expectError<CancelledError>([&] { set.commit(); }, {"a.json", "interrupted"});
    }
    QCOMPARE(readBytes(a), std::string("previous"));
    QVERIFY(!fs::exists(b));
    const auto entries = [&] {
      return int(std::distance(fs::directory_iterator(dir.path().toStdString()),
                               fs::directory_iterator()));
    };
    QCOMPARE(entries(), 1);
    // A write cut short (the process ends before the set's destructor): its temporary is
    // removed by removeAll().
    cancel = false;
    auto* unfinished = new AtomicFileSet;
    unfinished->add(b, "never renamed");
    QCOMPARE(entries(), 2);
    PendingWrites::removeAll();
    QCOMPARE(entries(), 1);
    PendingWrites::setCancelFlag(nullptr);
    delete unfinished;  // its temporary is gone already
    QCOMPARE(entries(), 1);
    QVERIFY(!fs::exists(b));
  }

  void writesNeverReplaceWhatIsNotAFile() {
    QTemporaryDir dir;
    const std::string fifo = makeFifo(path(dir, "fifo"));
    expectError<InvalidArgumentError>([&] { writeFileAtomically(fifo, "x"); },
                                      {"'" + fifo + "'", "FIFO"});
    QVERIFY(fs::is_fifo(fs::symlink_status(fifo)));
    const std::string folder = path(dir, "folder");
    fs::create_directory(folder);
    expectError<InvalidArgumentError>([&] { writeFileAtomically(folder, "x"); }, {"a folder"});
    QVERIFY(fs::is_directory(folder));
    // Through a link to the FIFO: refused, the message names both.
    const std::string toFifo = path(dir, "to-fifo");
    fs::create_symlink("fifo", toFifo);
    expectError<InvalidArgumentError>([&] { writeFileAtomically(toFifo, "x"); },
                                      {"FIFO", "through the link"});
    QVERIFY(fs::is_symlink(fs::symlink_status(toFifo)));

    // A relative link into a subfolder, and a link to that link: the file is replaced in its
    // own folder, both links stay.
    fs::create_directory(path(dir, "results"));
    writeBytes(path(dir, "results/run1.json"), "old");
    fs::create_symlink("results/run1.json", path(dir, "latest.json"));
    fs::create_symlink(path(dir, "latest.json"), path(dir, "alias.json"));
    writeFileAtomically(path(dir, "alias.json"), "new");
    QVERIFY(fs::is_symlink(fs::symlink_status(path(dir, "latest.json"))));
    QVERIFY(fs::is_symlink(fs::symlink_status(path(dir, "alias.json"))));
    QCOMPARE(readBytes(path(dir, "results/run1.json")), std::string("new"));
    QCOMPARE(int(std::distance(fs::directory_iterator(path(dir, "results")),
                               fs::directory_iterator())),
             1);  // no temporary left beside it
    // A dangling link creates the file it points to.
    fs::create_symlink("results/run2.json", path(dir, "next.json"));
    writeFileAtomically(path(dir, "next.json"), "2");
    QCOMPARE(readBytes(path(dir, "results/run2.json")), std::string("2"));
    QVERIFY(fs::is_symlink(fs::symlink_status(path(dir, "next.json"))));
    // A loop of links is refused, not followed for ever.
    fs::create_symlink("loop-b", path(dir, "loop-a"));
    fs::create_symlink("loop-a", path(dir, "loop-b"));
    expectError<InvalidArgumentError>([&] { writeFileAtomically(path(dir, "loop-a"), "x"); },
                                      {"symbolic links"});

    // One output set naming the same file twice (directly and through a link) writes nothing.
    AtomicFileSet files;
    files.add(path(dir, "results/run1.json"), "a");
    expectError<InvalidArgumentError>([&] { files.add(path(dir, "latest.json"), "b"); },
                                      {"written twice"});
    AtomicFileSet fresh;
    fresh.add(path(dir, "new.json"), "a");
    expectError<InvalidArgumentError>([&] { fresh.add(path(dir, "./new.json"), "b"); },
                                      {"written twice"});
  }

  void damagedModelArchivesAreRefused() {
    const std::string shipped =
        qEnvironmentVariable("GEODEX_SOURCE_DIR").toStdString() + "/resources/models/sphere-mlp.pt";
    const ZipArchiveSummary summary = checkZipArchiveFile(shipped, "model file");
    QVERIFY(summary.records > 5);
    QTemporaryDir dir;
    std::string bytes = readBytes(shipped);
    // One byte in the middle of a weight record (archive/data/3, 16 kB of floats).
    QVERIFY(flipByteInZipRecord(bytes, "archive/data/3"));
    const std::string flipped = path(dir, "flipped.pt");
    writeBytes(flipped, bytes);
    expectError<IoError>([&] { checkZipArchiveFile(flipped, "model file"); },
                         {"model file '" + flipped + "'", "archive/data/3", "CRC"});
    const std::string cut = path(dir, "cut.pt");
    writeBytes(cut, bytes.substr(0, bytes.size() / 2));
    expectError<IoError>([&] { checkZipArchiveFile(cut, "model file"); },
                         {"not a LibTorch model file"});
  }

  void libraryErrorsBecomeOneLine() {
    try {
      try {
        throw std::runtime_error(
            "shape mismatch [2, 3] vs [3, 2]\nframe #0: somewhere\nframe #1: elsewhere");
      } catch (...) {
        rethrowAsGeodexError("model 'm'");
      }
    } catch (const ModelError& e) {
      QCOMPARE(std::string(e.what()), std::string("model 'm': shape mismatch [2, 3] vs [3, 2]"));
      QVERIFY(contains(e.details(), "frame #1"));
    }
    expectError<ResourceError>(
        [] { translateLibraryErrors("training", []() -> int { throw std::bad_alloc(); }); },
        {"training: not enough memory"});
    expectError<IoError>(
        [] { translateLibraryErrors("x", []() -> int { throw IoError("kept"); }); }, {"kept"});
  }

  // An allocation failure inside LibTorch (its CPU allocator's c10::Error) is the machine's
  // memory, not the model: ResourceError with the size it asked for. A size checked before the
  // allocation is refused with that size and what it was for.
  void allocationFailuresSayWhatAndHowBig() {
    const std::string message = expectError<ResourceError>(
        [] {
          translateLibraryErrors("the U-Net on 2 latents", []() -> int {
            throw std::runtime_error(
                "[enforce fail at alloc_cpu.cpp:83] err == 0. DefaultCPUAllocator: can't allocate "
                "memory: you tried to allocate 8589934592 bytes. Error code 12 (Cannot allocate "
                "memory)\nframe #0: c10::alloc_cpu");
          });
        },
        {"the U-Net on 2 latents: not enough memory for 8.6 GB at once"});
    QVERIFY2(!contains(message, "enforce"), message.c_str());
    expectError<ResourceError>(
        [] { checkAllocation("the test's distance matrix", 1e30, "use fewer points"); },
        {"out of memory: the test's distance matrix needs 1e+30 bytes", "use fewer points"});
    expectError<ResourceError>(
        [] { checkAllocation("a pool", 9e18, ""); }, {"a pool needs 9", "GB, more than the"});
    checkAllocation("a small thing", 1024.0, "");  // fits
    QVERIFY(allocatableBytes() > 0);
  }

  // A folder (frames) joins an output set as a temporary and is renamed with the files; a
  // failing rename of it puts the files renamed before it back; an uncommitted set leaves no
  // folder.
  void foldersJoinOutputSets() {
    QTemporaryDir dir;
    const std::string a = path(dir, "a.json"), frames = path(dir, "frames");
    writeBytes(a, "previous");
    const std::vector<LabelledFrames> sequences = {{"geodesic", {RgbImage(4, 4), RgbImage(4, 4)}}};
    {
      AtomicFileSet set;
      set.add(a, "new a");
      writeFramePngFolders(frames, sequences, {}, &set);
      QVERIFY(!fs::exists(frames));  // not before the commit
    }
    QCOMPARE(readBytes(a), std::string("previous"));
    QVERIFY(!fs::exists(frames));
    QCOMPARE(int(std::distance(fs::directory_iterator(dir.path().toStdString()),
                               fs::directory_iterator())),
             1);
    {
      AtomicFileSet set;
      set.add(a, "new a");
      writeFramePngFolders(frames, sequences, {}, &set);
      fs::create_directory(frames);  // filled by someone else meanwhile: the rename must fail
      writeBytes(frames + "/theirs", "x");
      expectError<WriteError>([&] { set.commit(); }, {"frames"});
    }
    QCOMPARE(readBytes(a), std::string("previous"));
    QCOMPARE(readBytes(frames + "/theirs"), std::string("x"));
    fs::remove_all(frames);
    AtomicFileSet set;
    set.add(a, "new a");
    const std::vector<std::string> written = writeFramePngFolders(frames, sequences, {}, &set);
    set.commit();
    QCOMPARE(readBytes(a), std::string("new a"));
    QCOMPARE(written.size(), std::size_t(2));
    for (const std::string& file : written) QVERIFY2(fs::is_regular_file(file), file.c_str());
    QCOMPARE(int(std::distance(fs::directory_iterator(dir.path().toStdString()),
                               fs::directory_iterator())),
             2);
  }

  // A PNG encode's library lines never reach stderr, and the number quoted by a core message
  // is short ("1e+300", not 300 digits of std::to_string).
  void pngEncodingAndNumbersStayQuiet() {
    const std::string leaked = stderrOf([] { QVERIFY(!encodePng(RgbImage(8, 8)).empty()); });
    QVERIFY2(leaked.empty(), leaked.c_str());
    const std::string message = expectError<InvalidArgumentError>(
        [] { EmpiricalScore(Eigen::MatrixXd::Zero(2, 3), -1e300); }, {"σ", "-1e+300"});
    QVERIFY2(message.size() < 80, message.c_str());
  }

  void stderrCaptureFoldsNoise() {
    std::string captured;
    const std::string leaked = stderrOf([&] {
      StderrCapture capture;
      std::fprintf(stderr, "libpng error: test\n");
      captured = capture.finish();
    });
    QCOMPARE(captured, std::string("libpng error: test\n"));
    QVERIFY(leaked.empty());
  }
};

QTEST_GUILESS_MAIN(TestHostileInput)
#include "test_hostile_input.moc"
