#pragma once
// geodex's main window. Its central view shows a synthetic manifold (VTK, through
// VtkOpenGlWidget) with points sampled from it by core; the status bar says what is shown and
// which device LibTorch uses. Side panels, the worker thread and geodesic layers come later.
#include <QMainWindow>
#include <cstdint>
#include <memory>
#include <string>

namespace geodex {

class ManifoldScene;
class VtkOpenGlWidget;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  // The scene shown at start-up.
  static constexpr const char* kDefaultManifold = "sphere";
  static constexpr int kDefaultSampleCount = 400;
  static constexpr std::uint64_t kDefaultSeed = 7;

  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  VtkOpenGlWidget* view() const { return view_; }

  // Shows the named synthetic manifold (SyntheticManifold::names()) with `sampleCount` samples.
  // Throws InvalidArgumentError for an unknown name.
  void showManifold(const std::string& name, int sampleCount, std::uint64_t seed);

 private:
  VtkOpenGlWidget* view_;
  std::unique_ptr<ManifoldScene> scene_;
  QString deviceName_;
};

}  // namespace geodex
