#include "ui/explorer/view_animation_recorder.h"

#include <QFileInfo>
#include <algorithm>
#include <cmath>

#include "core/io/gif_writer.h"
#include "core/io/video_writer.h"
#include "ui/common/messages.h"

namespace geodex {

namespace {

RgbImage toRgbImage(const QImage& image) {
  const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
  RgbImage out(rgb.height(), rgb.width());
  for (int y = 0; y < rgb.height(); ++y) {
    const uchar* line = rgb.constScanLine(y);
    for (int x = 0; x < rgb.width(); ++x)
      for (int c = 0; c < 3; ++c) out.at(c, y, x) = line[3 * x + c] / 255.0f;
  }
  return out;
}

// Within kMaxSide a side, even width and height.
QSize boundedSize(QSize size) {
  const int side = std::max(size.width(), size.height());
  if (side > ViewAnimationRecorder::kMaxSide)
    size = size.scaled(ViewAnimationRecorder::kMaxSide, ViewAnimationRecorder::kMaxSide,
                       Qt::KeepAspectRatio);
  return QSize(std::max(2, size.width() & ~1), std::max(2, size.height() & ~1));
}

}  // namespace

QString ViewAnimationRecorder::formatError(const QString& path) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (suffix == "gif" || suffix == "mp4" || suffix == "avi" || suffix == "mkv") return {};
  return "cannot tell the format of '" + QFileInfo(path).fileName() +
         "': name it .gif, .mp4, .avi or .mkv";
}

bool ViewAnimationRecorder::add(const QImage& frame) {
  if (full() || frame.isNull()) return false;
  const QSize size = frames_.empty() ? boundedSize(frame.size()) : frames_.front().size();
  frames_.push_back(frame.size() == size
                        ? frame
                        : frame.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
  return true;
}

QString ViewAnimationRecorder::write(const QString& path, double framesPerSecond) const {
  if (const QString error = formatError(path); !error.isEmpty()) return error;
  if (frames_.empty()) return "there are no frames to write";
  if (!(framesPerSecond > 0 && framesPerSecond <= 100))
    return QString("frames per second must lie in (0, 100], got %1").arg(framesPerSecond);
  return messageOf([&] {
    std::vector<RgbImage> frames;
    frames.reserve(frames_.size());
    for (const QImage& frame : frames_) frames.push_back(toRgbImage(frame));
    if (QFileInfo(path).suffix().toLower() == "gif") {
      GifOptions options;
      options.delayCentiseconds = std::max(2, int(std::lround(100.0 / framesPerSecond)));
      writeAnimatedGif(path.toStdString(), frames, options);
    } else {
      VideoOptions options;
      options.framesPerSecond = framesPerSecond;
      writeVideo(path.toStdString(), frames, options);
    }
  });
}

}  // namespace geodex
