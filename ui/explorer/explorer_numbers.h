#pragma once
// The numbers of the last explorer solve, under the view: lengths, their ratio, energies,
// iterations, score evaluations and times in a few rows of name–value pairs, so that they are
// visible at the default window size without scrolling the side panel.
#include <QLabel>
#include <QString>
#include <utility>
#include <vector>

namespace geodex {

struct ExplorerResult;

class ExplorerNumbers : public QLabel {
  Q_OBJECT
 public:
  // Width of one name–value pair: as many pairs per row as fit (at least one).
  static constexpr int kPairWidth = 250;

  explicit ExplorerNumbers(QWidget* parent = nullptr);

  void showResult(const ExplorerResult& result);
  void clearResult();
  int columns() const { return columns_; }

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  void layOut();

  std::vector<std::pair<QString, QString>> cells_;  // name, value
  int columns_ = 0;
};

}  // namespace geodex
