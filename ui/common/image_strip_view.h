#pragma once
// Rows of images side by side, each row with a label: the strips of an interpolation (the
// geodesic above LERP/SLERP above the ground truth), aligned column by column so that the same
// path position sits in the same column. Rows can be replaced one at a time (live updates).
#include <QImage>
#include <QString>
#include <QWidget>
#include <vector>

namespace geodex {

class ImageStripView : public QWidget {
  Q_OBJECT
 public:
  struct Row {
    QString label;
    std::vector<QImage> frames;
  };

  explicit ImageStripView(QWidget* parent = nullptr);

  void setRows(std::vector<Row> rows);
  // Replaces (or appends, when index == rowCount()) one row.
  void setRow(int index, Row row);
  void clear();
  int rowCount() const { return int(rows_.size()); }
  const Row& row(int index) const { return rows_.at(index); }

  // The strip as one picture: frames at `frameSize` pixels (their own size when invalid), a label
  // column on the left, `gap` pixels between frames.
  QImage compose(QSize frameSize = {}, int gap = 4) const;

  QSize sizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  int columnCount() const;
  // The frame size that fits every row and column into `area`, keeping the frames' aspect ratio.
  QSize fittedFrameSize(const QSize& area, int labelWidth, int gap) const;
  static QSize naturalFrameSize(const std::vector<Row>& rows);
  void paintStrip(QPainter& painter, const QSize& frameSize, int labelWidth, int gap) const;

  std::vector<Row> rows_;
};

}  // namespace geodex
