// Writes the seed corpus of the fuzz targets into tests/fuzz/corpus/<target>/ (run by hand after
// a format change: build-fuzz/bin/fuzz_make_seeds tests/fuzz/corpus). Small, valid inputs of
// every kind each loader takes, plus a few near misses; libFuzzer mutates from there.
#include <zlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <opencv2/imgcodecs.hpp>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
fs::path root;

void put(const std::string& target, const std::string& name, const std::string& bytes) {
  fs::create_directories(root / target);
  std::ofstream(root / target / name, std::ios::binary) << bytes;
}

std::string be32(std::uint32_t v) {
  return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
}
std::string le16(std::uint32_t v) {
  return {char(v), char(v >> 8)};
}
std::string le32(std::uint32_t v) {
  return le16(v) + le16(v >> 16);
}

std::string image(const std::string& extension, int rows, int cols, int type,
                  const std::vector<int>& params = {}) {
  cv::Mat m(rows, cols, type);
  cv::randu(m, 0, type == CV_16UC1 ? 65535 : 255);
  std::vector<unsigned char> bytes;
  if (!cv::imencode(extension, m, bytes, params)) throw std::runtime_error("encode " + extension);
  return {bytes.begin(), bytes.end()};
}

// A zip archive like LibTorch's: stored records and one deflated, with CRCs.
std::string zip(const std::vector<std::pair<std::string, std::string>>& records, bool deflateLast) {
  std::string out, directory;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& [name, data] = records[i];
    const bool compressed = deflateLast && i + 1 == records.size();
    std::string packed = data;
    if (compressed) {
      z_stream s{};
      deflateInit2(&s, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
      packed.resize(deflateBound(&s, uLong(data.size())));
      s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
      s.avail_in = uInt(data.size());
      s.next_out = reinterpret_cast<Bytef*>(packed.data());
      s.avail_out = uInt(packed.size());
      deflate(&s, Z_FINISH);
      packed.resize(s.total_out);
      deflateEnd(&s);
    }
    const std::uint32_t crc =
        std::uint32_t(crc32(0, reinterpret_cast<const Bytef*>(data.data()), uInt(data.size())));
    const std::uint32_t offset = std::uint32_t(out.size());
    const std::string common = le16(20) + le16(0) + le16(compressed ? 8 : 0) + le16(0) + le16(0) +
                               le32(crc) + le32(std::uint32_t(packed.size())) +
                               le32(std::uint32_t(data.size())) + le16(std::uint32_t(name.size()));
    out += le32(0x04034b50) + common + le16(0) + name + packed;
    directory += le32(0x02014b50) + le16(20) + common + le16(0) + le16(0) + le16(0) + le16(0) +
                 le32(0) + le32(offset) + name;
  }
  const std::uint32_t at = std::uint32_t(out.size());
  out += directory + le32(0x06054b50) + le16(0) + le16(0) + le16(std::uint32_t(records.size())) +
         le16(std::uint32_t(records.size())) + le32(std::uint32_t(directory.size())) + le32(at) +
         le16(0);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: fuzz_make_seeds tests/fuzz/corpus\n";
    return 2;
  }
  root = argv[1];
  // IDX: images and labels, and one that claims more than it holds.
  std::string images = std::string("\0\0\x08\x03", 4) + be32(3) + be32(4) + be32(5);
  for (int i = 0; i < 60; ++i) images += char(i * 4);
  put("fuzz_idx", "images-3x4x5", images);
  put("fuzz_idx", "labels-3", std::string("\0\0\x08\x01", 4) + be32(3) + "\x07\x02\x01");
  put("fuzz_idx", "claims-more",
      std::string("\0\0\x08\x03", 4) + be32(100) + be32(28) + be32(28) + "xyz");

  // Images of every supported format and pixel type.
  put("fuzz_image", "rgb.png", image(".png", 6, 7, CV_8UC3));
  put("fuzz_image", "grey16.png", image(".png", 5, 5, CV_16UC1));
  put("fuzz_image", "rgba.png", image(".png", 4, 6, CV_8UC4));
  put("fuzz_image", "baseline.jpg", image(".jpg", 16, 16, CV_8UC3, {cv::IMWRITE_JPEG_QUALITY, 60}));
  put("fuzz_image", "progressive.jpg",
      image(".jpg", 16, 24, CV_8UC3,
            {cv::IMWRITE_JPEG_PROGRESSIVE, 1, cv::IMWRITE_JPEG_QUALITY, 50}));
  put("fuzz_image", "grey.jpg", image(".jpg", 8, 8, CV_8UC1));
  put("fuzz_image", "rgb.bmp", image(".bmp", 5, 3, CV_8UC3));
  put("fuzz_image", "grey.bmp", image(".bmp", 4, 4, CV_8UC1));
  put("fuzz_image", "rgb.tiff", image(".tiff", 6, 6, CV_8UC3));
  put("fuzz_image", "lossy.webp", image(".webp", 8, 8, CV_8UC3, {cv::IMWRITE_WEBP_QUALITY, 50}));
  put("fuzz_image", "lossless.webp",
      image(".webp", 8, 8, CV_8UC3, {cv::IMWRITE_WEBP_QUALITY, 101}));

  // Sessions as the window saves them, and near misses.
  put("fuzz_session", "sphere.json",
      R"({"format": "geodex-session", "version": 1, "settings": {"manifold": "sphere", "score_source": "analytic",
 "model_file": "", "sigma": 0.1, "samples": 400, "seed": "7", "metric": "score", "lambda": 1000, "solver": "fast",
 "points": 32, "from": [1, 0, 0], "to": [0, 0, 1], "extrapolation": 0, "compare_metrics": false, "show_slerp": false,
 "show_ellipsoids": true, "ellipsoid_density": 10, "show_score_arrows": false}, "path": [[1, 0, 0], [0, 0, 1]]})");
  put("fuzz_session", "moons.json",
      R"({"settings": {"manifold": "two-moons", "score_source": "quadrature", "metric": "conformal",
 "points": 16, "from": [0.5, 0.8], "to": [1.5, -0.3], "solver": "adam", "extrapolation": 1.5}})");
  put("fuzz_session", "trained.json",
      R"({"settings": {"manifold": "sphere", "score_source": "trained", "model_file": "resources/models/sphere-mlp.pt"}})");
  put("fuzz_session", "bad-types.json",
      R"({"settings": {"points": "many", "from": [1], "seed": 7}})");

  // model.json as tools/export_sd.py writes it, and a folder with its own part names.
  const std::string schedule =
      R"("schedule": {"type": "scaled_linear", "beta_start": 0.00085, "beta_end": 0.012, "num_train_timesteps": 1000})";
  put("fuzz_model_json", "sd15.json",
      R"({"format": "geodex-stable-diffusion-torchscript", "version": 1, "source_model": "runwayml/stable-diffusion-v1-5",
 "image_size": 512, "latent_channels": 4, "latent_size": 64, "latent_shape": [4, 64, 64],
 "latent_scale_factor": 0.18215, )" +
          schedule + R"(, "prediction_type": "epsilon"})");
  put("fuzz_model_json", "files.json",
      R"({"format": "geodex-stable-diffusion-torchscript", "image_size": 32, "latent_shape": [4, 4, 4],
 "latent_scale_factor": 0.5, "schedule": {"type": "linear", "beta_start": 1e-4, "beta_end": 0.02,
 "num_train_timesteps": 100}, "files": {"unet": "unet-fp32.pt", "vae_encoder": "enc.pt"}})");
  put("fuzz_model_json", "no-format.json",
      R"({"image_size": 64, "latent_shape": [4, 8, 8], "latent_scale_factor": 1, )" + schedule +
          "}");

  // Pair lists (the fuzzer's scratch folder holds a.png, b.png, fifo.png and folder/).
  put("fuzz_pair_list", "pairs.txt",
      "# MorphBench-style\na.png b.png\n\n  b.png\ta.png   # again\n");
  put("fuzz_pair_list", "kinds.txt",
      "a.png fifo.png\nfolder b.png\n/dev/null a.png\nmissing.png a.png\n");
  put("fuzz_pair_list", "one-field.txt", "a.png\n");

  // Checkpoint headers as MlpScoreModel and UnetEpsilonModel save them, and model archives.
  put("fuzz_checkpoint_header", "mlp-header.txt",
      "dimension=3\nhidden_width=64\nhidden_layers=3\nlevel_features=16\nsigma=0.1\ndata=sphere\n");
  put("fuzz_checkpoint_header", "unet-header.txt",
      "image_channels=1\nimage_size=28\nbase_channels=32\ntime_features=64\ngroups=8\ntimesteps="
      "1000\n"
      "beta_start=0.0001\nbeta_end=0.02\ncosine_offset=0.008\nmax_beta=0.999\nschedule=linear\n");
  put("fuzz_checkpoint_header", "cosine-header.txt",
      "image_channels=3\nimage_size=8\nbase_channels=4\ntime_features=2\ngroups=2\ntimesteps=10\n"
      "beta_start=0.0001\nbeta_end=0.02\ncosine_offset=0.008\nmax_beta=0.999\nschedule=cosine\n");
  put("fuzz_checkpoint_header", "archive.pt",
      zip({{"archive/data.pkl", std::string("\x80\x02}q\x00.", 6)},
           {"archive/data/0", std::string(32, '\x3f')},
           {"archive/version", "3\n"},
           {"archive/code/__torch__.py", "def forward(self, x):\n    return x\n"}},
          true));
  std::cout << "seeds written under " << root << "\n";
  return 0;
}
