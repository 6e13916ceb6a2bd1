#include "ui/common/image_drop_target.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMimeData>
#include <QMouseEvent>
#include <QUrl>
#include <algorithm>
#include <cmath>

#include "core/data/image_io.h"

namespace geodex {

namespace {
// The first local file of a drag, if any.
QString localFileOf(const QMimeData* mime) {
  if (!mime || !mime->hasUrls()) return {};
  for (const QUrl& url : mime->urls())
    if (url.isLocalFile()) return url.toLocalFile();
  return {};
}

// Folders and model checkpoints are not images: left to the widget behind (the Images page
// opens them as models), instead of failing here as undecodable images.
bool isModelPath(const QString& path) {
  const QFileInfo info(path);
  const QString suffix = info.suffix().toLower();
  return info.isDir() || suffix == "safetensors" || suffix == "ckpt" || suffix == "pt" ||
         suffix == "bin" || suffix == "gguf";
}
}  // namespace

ImageDropTarget::ImageDropTarget(const QString& caption, QWidget* parent)
    : QLabel(parent), caption_(caption) {
  setAcceptDrops(true);
  setAlignment(Qt::AlignCenter);
  setMinimumSize(140, 140);
  setFrameShape(QFrame::StyledPanel);
  setToolTip("Drop an image file here, or click to choose one");
  setCursor(Qt::PointingHandCursor);
  refresh();
}

QImage ImageDropTarget::toQImage(const RgbImage& image) {
  QImage out(image.cols, image.rows, QImage::Format_RGB32);
  for (int y = 0; y < image.rows; ++y) {
    auto* line = reinterpret_cast<QRgb*>(out.scanLine(y));
    for (int x = 0; x < image.cols; ++x) {
      const auto byte = [&](int c) {
        return int(std::lround(std::clamp(image.at(c, y, x), 0.0f, 1.0f) * 255.0f));
      };
      line[x] = qRgb(byte(0), byte(1), byte(2));
    }
  }
  return out;
}

QString ImageDropTarget::load(const QString& path) {
  try {
    image_ = loadRgbImage(path.toStdString());
  } catch (const std::exception& error) {
    const QString message = QString::fromUtf8(error.what());
    emit loadFailed(message);
    return message;
  }
  path_ = path;
  refresh();
  emit imageChanged(path_);
  return {};
}

void ImageDropTarget::clear() {
  if (image_.empty()) return;
  image_ = {};
  path_.clear();
  setToolTip("Drop an image file here, or click to choose one");
  refresh();
  emit imageChanged(path_);
}

void ImageDropTarget::refresh() {
  if (image_.empty()) {
    setPixmap({});
    setText(caption_ + "\n\ndrop an image here\nor click");
    return;
  }
  setPixmap(QPixmap::fromImage(toQImage(image_).scaled(size() - QSize(8, 8), Qt::KeepAspectRatio,
                                                       Qt::SmoothTransformation)));
  setToolTip(QString("%1: %2 (%3×%4)").arg(caption_, QFileInfo(path_).fileName())
                 .arg(image_.cols)
                 .arg(image_.rows));
}

void ImageDropTarget::dragEnterEvent(QDragEnterEvent* event) {
  const QString path = localFileOf(event->mimeData());
  if (!path.isEmpty() && !isModelPath(path)) event->acceptProposedAction();
  else event->ignore();
}

void ImageDropTarget::dropEvent(QDropEvent* event) {
  const QString path = localFileOf(event->mimeData());
  if (path.isEmpty() || isModelPath(path)) return event->ignore();
  event->acceptProposedAction();
  load(path);
}

void ImageDropTarget::mouseReleaseEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) return;
  const QString path = QFileDialog::getOpenFileName(
      this, "Choose " + caption_, {}, "Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp)");
  if (!path.isEmpty()) load(path);
}

void ImageDropTarget::resizeEvent(QResizeEvent* event) {
  QLabel::resizeEvent(event);
  if (!image_.empty()) refresh();
}

}  // namespace geodex
