#pragma once
// The controls every mode's side panel ends with: Run (or Solve) and Cancel, a progress bar, a
// status line and a rich-text table of numbers. One widget, so that the modes behave alike.
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QScrollArea;

namespace geodex {

class JobRunner;

class RunControls : public QWidget {
  Q_OBJECT
 public:
  explicit RunControls(const QString& runLabel, QWidget* parent = nullptr);

  // Busy: Cancel enabled and the bar reset; idle: Cancel disabled.
  void setBusy(bool busy);
  // Shows what `jobs` does: busy with `busyText` while a job runs, its progress, and how it
  // ended (failed with the message, or cancelled).
  void follow(JobRunner* jobs, const QString& busyText);
  // fraction in [0, 1].
  void setProgress(double fraction);
  void setStatus(const QString& text);
  void setNumbers(const QString& richText);

  QPushButton* cancelButton() const { return cancel_; }
  QProgressBar* progressBar() const { return progress_; }
  QLabel* statusLabel() const { return status_; }
  QLabel* numbersLabel() const { return numbers_; }

  // A side panel in a vertical scroll area (no horizontal scrolling) at least `minimumWidth`
  // wide, so that windows can be small.
  static QScrollArea* scrollable(QWidget* panel, int minimumWidth, QWidget* parent);

 Q_SIGNALS:
  void runClicked();
  void cancelClicked();

 private:
  void showProgressValue(int value);

  QPushButton* run_;
  QPushButton* cancel_;
  QProgressBar* progress_;
  QLabel* status_;
  QLabel* numbers_;
};

}  // namespace geodex
