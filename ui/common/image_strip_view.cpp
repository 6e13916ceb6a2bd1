#include "ui/common/image_strip_view.h"

#include <QFontMetrics>
#include <QPainter>
#include <algorithm>

namespace geodex {

namespace {
constexpr int kMargin = 6;
const QColor kBackground(30, 33, 40);
const QColor kLabel(230, 230, 230);
}  // namespace

ImageStripView::ImageStripView(QWidget* parent) : QWidget(parent) {
  setMinimumSize(200, 80);
  setAutoFillBackground(false);
}

void ImageStripView::setRows(std::vector<Row> rows) {
  rows_ = std::move(rows);
  updateGeometry();
  update();
}

void ImageStripView::setRow(int index, Row row) {
  if (index < 0 || index > rowCount()) return;
  if (index == rowCount())
    rows_.push_back(std::move(row));
  else
    rows_[index] = std::move(row);
  updateGeometry();
  update();
}

void ImageStripView::clear() {
  setRows({});
}

int ImageStripView::columnCount() const {
  size_t columns = 0;
  for (const Row& r : rows_) columns = std::max(columns, r.frames.size());
  return int(columns);
}

QSize ImageStripView::naturalFrameSize(const std::vector<Row>& rows) {
  for (const Row& r : rows)
    for (const QImage& f : r.frames)
      if (!f.isNull()) return f.size();
  return {64, 64};
}

QSize ImageStripView::fittedFrameSize(const QSize& area, int labelWidth, int gap) const {
  const int columns = std::max(columnCount(), 1), rows = std::max(rowCount(), 1);
  const QSize natural = naturalFrameSize(rows_);
  const double width = double(area.width() - labelWidth - 2 * kMargin - gap * (columns - 1)) / columns;
  const double height = double(area.height() - 2 * kMargin - gap * (rows - 1)) / rows;
  const double scale =
      std::max(0.05, std::min(width / natural.width(), height / natural.height()));
  return QSize(std::max(1, int(natural.width() * scale)), std::max(1, int(natural.height() * scale)));
}

void ImageStripView::paintStrip(QPainter& painter, const QSize& frameSize, int labelWidth,
                                int gap) const {
  painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
  for (int r = 0; r < rowCount(); ++r) {
    const int y = kMargin + r * (frameSize.height() + gap);
    painter.setPen(kLabel);
    painter.drawText(QRect(kMargin, y, labelWidth - kMargin, frameSize.height()),
                     Qt::AlignVCenter | Qt::AlignLeft | Qt::TextWordWrap, rows_[r].label);
    for (size_t c = 0; c < rows_[r].frames.size(); ++c) {
      const QRect target(kMargin + labelWidth + int(c) * (frameSize.width() + gap), y,
                         frameSize.width(), frameSize.height());
      const QImage& frame = rows_[r].frames[c];
      if (frame.isNull())
        painter.fillRect(target, Qt::black);
      else
        painter.drawImage(target, frame);
    }
  }
}

QImage ImageStripView::compose(QSize frameSize, int gap) const {
  if (!frameSize.isValid()) frameSize = naturalFrameSize(rows_);
  const QFontMetrics metrics(font());
  int labelWidth = 0;
  for (const Row& r : rows_) labelWidth = std::max(labelWidth, metrics.horizontalAdvance(r.label));
  labelWidth += labelWidth > 0 ? 2 * kMargin : 0;
  const int columns = std::max(columnCount(), 1), rows = std::max(rowCount(), 1);
  QImage image(2 * kMargin + labelWidth + columns * frameSize.width() + (columns - 1) * gap,
               2 * kMargin + rows * frameSize.height() + (rows - 1) * gap, QImage::Format_RGB32);
  image.fill(kBackground);
  QPainter painter(&image);
  painter.setFont(font());
  paintStrip(painter, frameSize, labelWidth, gap);
  return image;
}

QSize ImageStripView::sizeHint() const {
  const QSize natural = naturalFrameSize(rows_);
  return QSize(120 + std::max(columnCount(), 4) * (natural.width() + 4),
               2 * kMargin + std::max(rowCount(), 1) * (natural.height() + 4));
}

void ImageStripView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), kBackground);
  if (rows_.empty()) {
    painter.setPen(kLabel);
    painter.drawText(rect(), Qt::AlignCenter, "No images yet");
    return;
  }
  const int labelWidth = std::min(140, width() / 5);
  const int gap = 3;
  paintStrip(painter, fittedFrameSize(size(), labelWidth, gap), labelWidth, gap);
}

}  // namespace geodex
