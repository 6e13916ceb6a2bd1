#pragma once
// A place to drop (or click to choose) one image file: shows the picture, emits the file it
// holds. A file that cannot be read is refused with a message, and the previous image stays.
#include <QImage>
#include <QLabel>
#include <QString>

#include "core/data/rgb_image.h"

namespace geodex {

class ImageDropTarget : public QLabel {
  Q_OBJECT
 public:
  explicit ImageDropTarget(const QString& caption, QWidget* parent = nullptr);

  // Loads `path` (core's OpenCV loader). Empty string on success, else the error.
  QString load(const QString& path);
  // Back to empty (emits imageChanged with an empty path).
  void clear();
  bool hasImage() const { return !image_.empty(); }
  const RgbImage& image() const { return image_; }
  const QString& path() const { return path_; }

  static QImage toQImage(const RgbImage& image);

 Q_SIGNALS:
  void imageChanged(const QString& path);
  void loadFailed(const QString& message);

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  void refresh();

  QString caption_;
  QString path_;
  RgbImage image_;
};

}  // namespace geodex
