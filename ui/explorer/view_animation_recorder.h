#pragma once
// Frames of the explorer's view for an animation: collected as QImages, then
// written in one go through core's encoders, GIF (core/io/gif_writer) or MP4/AVI/MKV
// (core/io/video_writer) chosen by the file's extension. Both write atomically, so the file is
// complete or absent. Bounded: at most kMaxFrames frames, each scaled down to kMaxSide pixels a
// side and to even sizes (video encoders need them).
#include <QImage>
#include <QString>
#include <vector>

namespace geodex {

class ViewAnimationRecorder {
 public:
  static constexpr int kMaxFrames = 720;
  static constexpr int kMaxSide = 1280;
  static constexpr int kMaxOrbitFrames = 360;

  // Whether `path` names a format we write (.gif, .mp4, .avi, .mkv); the message says which do.
  static QString formatError(const QString& path);

  void clear() { frames_.clear(); }
  // Adds a frame (resized to the first frame's size); false when the recorder is full.
  bool add(const QImage& frame);
  int frameCount() const { return int(frames_.size()); }
  bool full() const { return frameCount() >= kMaxFrames; }

  // Writes every frame at `framesPerSecond`; returns the error message, empty on success.
  QString write(const QString& path, double framesPerSecond) const;

 private:
  std::vector<QImage> frames_;
};

}  // namespace geodex
