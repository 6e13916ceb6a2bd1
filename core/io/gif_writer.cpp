#include "core/io/gif_writer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <unordered_map>

#include "core/util/atomic_file.h"
#include "core/util/errors.h"

namespace geodex {

namespace {

constexpr int kMinCodeSize = 8;  // 256-entry palette
constexpr int kClearCode = 1 << kMinCodeSize;
constexpr int kEndCode = kClearCode + 1;
constexpr int kMaxCodes = 4096;  // 12-bit codes

void putU16(std::string& out, int value) {
  out.push_back(char(value & 0xff));
  out.push_back(char((value >> 8) & 0xff));
}

// Palette: index r·36 + g·6 + b for the cube (levels 0, 51, …, 255); 216 … 255 the greys
// k·255/41, k = 1 … 40 (black and white are cube entries 0 and 215).
std::array<std::uint8_t, 768> palette() {
  std::array<std::uint8_t, 768> p{};
  for (int i = 0; i < 216; ++i) {
    p[3 * i] = std::uint8_t(51 * (i / 36));
    p[3 * i + 1] = std::uint8_t(51 * (i / 6 % 6));
    p[3 * i + 2] = std::uint8_t(51 * (i % 6));
  }
  for (int i = 216; i < 256; ++i)
    p[3 * i] = p[3 * i + 1] = p[3 * i + 2] = std::uint8_t(std::lround((i - 215) * 255.0 / 41));
  return p;
}

std::vector<std::uint8_t> quantise(const RgbImage& frame, bool dither) {
  // 4×4 Bayer thresholds in (−½, ½) of one quantisation step.
  static constexpr int bayer[4][4] = {{0, 8, 2, 10}, {12, 4, 14, 6}, {3, 11, 1, 9}, {15, 7, 13, 5}};
  constexpr int greySteps = 41;  // black, the 40 ramp entries, white
  std::vector<std::uint8_t> indices(std::size_t(frame.rows) * frame.cols);
  for (int y = 0; y < frame.rows; ++y)
    for (int x = 0; x < frame.cols; ++x) {
      const float offset = dither ? (bayer[y & 3][x & 3] + 0.5f) / 16.0f - 0.5f : 0.0f;
      float value[3];
      for (int c = 0; c < 3; ++c) value[c] = std::clamp(frame.at(c, y, x), 0.0f, 1.0f);
      const auto [low, high] = std::minmax({value[0], value[1], value[2]});
      std::uint8_t index;
      if (high - low < 0.1f) {
        // Near-grey: the finer grey ramp beats the cube's 6 grey levels (skin, sky, MNIST).
        const float grey = (value[0] + value[1] + value[2]) / 3.0f;
        const int k = std::clamp(int(std::lround(grey * greySteps + offset)), 0, greySteps);
        index = std::uint8_t(k == 0 ? 0 : k == greySteps ? 215 : 215 + k);
      } else {
        int level[3];
        for (int c = 0; c < 3; ++c)
          level[c] = std::clamp(int(std::lround(value[c] * 5.0f + offset)), 0, 5);
        index = std::uint8_t(level[0] * 36 + level[1] * 6 + level[2]);
      }
      indices[std::size_t(y) * frame.cols + x] = index;
    }
  return indices;
}

// Packs variable-width codes least-significant bit first into 255-byte sub-blocks.
class CodeWriter {
 public:
  explicit CodeWriter(std::string& out) : out_(out) {}
  void put(int code, int width) {
    buffer_ |= std::uint32_t(code) << bits_;
    bits_ += width;
    while (bits_ >= 8) {
      pushByte(std::uint8_t(buffer_ & 0xff));
      buffer_ >>= 8;
      bits_ -= 8;
    }
  }
  void finish() {
    if (bits_ > 0) pushByte(std::uint8_t(buffer_ & 0xff));
    flushBlock();
    out_.push_back('\0');  // block terminator
  }

 private:
  void pushByte(std::uint8_t byte) {
    block_[blockSize_++] = byte;
    if (blockSize_ == 255) flushBlock();
  }
  void flushBlock() {
    if (blockSize_ == 0) return;
    out_.push_back(char(blockSize_));
    out_.append(reinterpret_cast<const char*>(block_.data()), blockSize_);
    blockSize_ = 0;
  }
  std::string& out_;
  std::uint32_t buffer_ = 0;
  int bits_ = 0;
  std::array<std::uint8_t, 255> block_{};
  int blockSize_ = 0;
};

void lzwEncode(const std::vector<std::uint8_t>& indices, std::string& out) {
  out.push_back(char(kMinCodeSize));
  CodeWriter writer(out);
  std::unordered_map<std::uint32_t, int> table;  // (prefix code << 8 | next index) → code
  int codeSize = kMinCodeSize + 1;
  int nextCode = kEndCode + 1;
  writer.put(kClearCode, codeSize);
  int prefix = indices[0];
  for (std::size_t i = 1; i < indices.size(); ++i) {
    const std::uint32_t key = std::uint32_t(prefix) << 8 | indices[i];
    if (const auto found = table.find(key); found != table.end()) {
      prefix = found->second;
      continue;
    }
    writer.put(prefix, codeSize);
    if (nextCode < kMaxCodes) {
      // The decoder adds its entries one code later, so it widens its reads only after code
      // 2^codeSize has been assigned here.
      table.emplace(key, nextCode);
      if (nextCode == (1 << codeSize) && codeSize < 12) ++codeSize;
      ++nextCode;
    } else {
      writer.put(kClearCode, codeSize);
      table.clear();
      codeSize = kMinCodeSize + 1;
      nextCode = kEndCode + 1;
    }
    prefix = indices[i];
  }
  writer.put(prefix, codeSize);
  writer.put(kEndCode, codeSize);
  writer.finish();
}

}  // namespace

std::string encodeAnimatedGif(const std::vector<RgbImage>& frames, const GifOptions& options) {
  if (frames.empty()) throw InvalidArgumentError("GIF: no frames to write");
  const int rows = frames[0].rows, cols = frames[0].cols;
  if (rows <= 0 || cols <= 0 || rows > 65535 || cols > 65535)
    throw InvalidArgumentError("GIF: frame size must be 1 … 65535 pixels a side");
  for (const RgbImage& frame : frames)
    if (frame.rows != rows || frame.cols != cols)
      throw InvalidArgumentError("GIF: all frames need the same size, got " + std::to_string(rows) +
                                 "×" + std::to_string(cols) + " and " + std::to_string(frame.rows) +
                                 "×" + std::to_string(frame.cols));
  if (options.delayCentiseconds < 0 || options.delayCentiseconds > 65535 || options.loopCount < 0 ||
      options.loopCount > 65535)
    throw InvalidArgumentError("GIF: delay and loop count must be in 0 … 65535");

  std::string out = "GIF89a";
  putU16(out, cols);
  putU16(out, rows);
  out.push_back(char(0xF7));  // global colour table, 8-bit colour resolution, 256 entries
  out.push_back('\0');        // background colour index
  out.push_back('\0');        // square pixels
  const auto colours = palette();
  out.append(reinterpret_cast<const char*>(colours.data()), colours.size());
  // NETSCAPE2.0 application extension: loop count.
  out += "\x21\xFF\x0BNETSCAPE2.0\x03\x01";
  putU16(out, options.loopCount);
  out.push_back('\0');
  for (const RgbImage& frame : frames) {
    out += "\x21\xF9\x04";
    out.push_back(char(1 << 2));  // disposal: leave the frame in place; no transparency
    putU16(out, options.delayCentiseconds);
    out.push_back('\0');  // transparent index (unused)
    out.push_back('\0');
    out.push_back(char(0x2C));  // image descriptor: full frame, no local palette
    putU16(out, 0);
    putU16(out, 0);
    putU16(out, cols);
    putU16(out, rows);
    out.push_back('\0');
    lzwEncode(quantise(frame, options.dither), out);
  }
  out.push_back(char(0x3B));  // trailer
  return out;
}

void writeAnimatedGif(const std::string& path, const std::vector<RgbImage>& frames,
                      const GifOptions& options) {
  writeFileAtomically(path, encodeAnimatedGif(frames, options));
}

}  // namespace geodex
