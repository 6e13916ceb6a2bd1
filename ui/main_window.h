#pragma once
// geodex's main window: the manifold view (VTK through VtkOpenGlWidget) with the embedded
// default scene — the unit sphere, points sampled by core, and the score-metric geodesic
// between two of its points against the straight line.
#include <QMainWindow>
#include <memory>

class QLabel;

namespace geodex {

class ManifoldScene;
class VtkOpenGlWidget;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  VtkOpenGlWidget* view() const { return view_; }
  // The text of the numbers panel (for tests and the status bar).
  QString summary() const;

 private:
  void showDefaultScene();

  VtkOpenGlWidget* view_;
  std::unique_ptr<ManifoldScene> scene_;
  QLabel* panel_;
};

}  // namespace geodex
