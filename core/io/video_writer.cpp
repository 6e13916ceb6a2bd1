#include "core/io/video_writer.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <opencv2/videoio.hpp>

#include "core/data/rgb_image_cv.h"
#include "core/util/atomic_file.h"
#include "core/util/atomic_file_set.h"
#include "core/util/errors.h"
#include "core/util/pending_writes.h"
#include "core/util/stderr_capture.h"

namespace geodex {

namespace {

std::vector<std::string> codecsFor(const std::string& extension, const std::string& requested) {
  if (!requested.empty()) return {requested};
  if (extension == ".mp4" || extension == ".m4v" || extension == ".mov") return {"avc1", "mp4v"};
  if (extension == ".avi") return {"MJPG", "XVID"};
  if (extension == ".mkv") return {"VP80", "MJPG"};
  return {};
}

}  // namespace

VideoResult writeVideo(const std::string& path, const std::vector<RgbImage>& frames,
                       const VideoOptions& options, AtomicFileSet* outputs) {
  namespace fs = std::filesystem;
  if (frames.empty()) throw InvalidArgumentError("video: no frames to write");
  for (const RgbImage& frame : frames)
    if (frame.rows != frames[0].rows || frame.cols != frames[0].cols || frame.empty())
      throw InvalidArgumentError("video: all frames need the same, non-empty size");
  if (!(options.framesPerSecond > 0))
    throw InvalidArgumentError("video: frames per second must be positive");
  if (!options.fourcc.empty() && options.fourcc.size() != 4)
    throw InvalidArgumentError("video: a codec is four characters (e.g. mp4v, MJPG), got '" +
                               options.fourcc + "'");
  // Links followed, devices and FIFOs refused: the rename below replaces only a regular file.
  const fs::path target = resolveWriteTarget(path);
  std::string extension = target.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  const std::vector<std::string> codecs = codecsFor(extension, options.fourcc);
  if (codecs.empty())
    throw InvalidArgumentError("cannot write video '" + path +
                               "': use the extension .mp4, .avi or .mkv");
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw WriteError("cannot write video '" + path + "': no such directory '" + dir.string() + "'");
  // Keep the extension: VideoWriter picks the container by it.
  const fs::path temp = temporarySibling(target, extension);
  PendingWrites::add(temp);
  const cv::Size size(frames[0].cols, frames[0].rows);
  // OpenCV and GStreamer print a dozen lines when a codec or folder does not work: kept for
  // --verbose (the error's details), never ahead of the one line.
  StderrCapture chatter;
  for (const std::string& codec : codecs) {
    cv::VideoWriter writer;
    try {
      writer.open(temp.string(), cv::VideoWriter::fourcc(codec[0], codec[1], codec[2], codec[3]),
                  options.framesPerSecond, size, true);
    } catch (const cv::Exception&) {
      // Treated like a codec that does not open: try the next one.
    }
    if (!writer.isOpened()) {
      fs::remove(temp, ec);
      continue;
    }
    for (const RgbImage& frame : frames) writer.write(toBgr8(frame));
    writer.release();
    if (!fs::exists(temp, ec) || fs::file_size(temp, ec) == 0) {
      fs::remove(temp, ec);
      continue;
    }
    if (outputs) {  // renamed with the caller's other outputs
      chatter.finish();
      outputs->adopt(path, temp);
      return {codec, int(frames.size())};
    }
    {
      const auto renaming = PendingWrites::lockRenames();
      try {
        PendingWrites::throwIfCancelled("writing video '" + path + "'");
      } catch (...) {
        fs::remove(temp, ec);
        throw;
      }
      fs::rename(temp, target, ec);
    }
    if (ec) {
      fs::remove(temp, ec);
      throw WriteError("cannot write video '" + path + "': " + ec.message());
    }
    chatter.finish();
    return {codec, int(frames.size())};
  }
  const std::string details = chatter.finish();
  std::string tried;
  for (const std::string& codec : codecs) tried += (tried.empty() ? "" : ", ") + codec;
  throw WriteError("cannot write video '" + path +
                       "': OpenCV could not open a writer (codecs tried: " + tried +
                       "); the directory may be read-only or this OpenCV lacks the codec",
                   details);
}

}  // namespace geodex
