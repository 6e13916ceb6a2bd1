#pragma once
// geodex's main window: one tab per mode — the manifold explorer (ExplorerPage), Rotated MNIST
// (MnistPage) and Stable Diffusion images (ImagesPage). The window keeps the tabs, the menus
// (File shows the current page's actions, beside the page's own menus), the status bar (the
// current page's messages) and closing (every page stops its work first).
#include <QMainWindow>
#include <vector>

class QMenu;
class QTabWidget;

namespace geodex {

class ExplorerPage;
class ImagesPage;
class MnistPage;
class ModePage;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  // rememberSettings: the explorer starts from, and keeps, the settings of the last run.
  explicit MainWindow(bool rememberSettings = false, QWidget* parent = nullptr);
  ~MainWindow() override;

  ExplorerPage* explorer() const { return explorer_; }
  MnistPage* mnistPage() const { return mnistPage_; }
  ImagesPage* imagesPage() const { return imagesPage_; }
  QTabWidget* modes() const { return tabs_; }
  // No page has work running or waiting.
  bool isIdle() const;

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  ModePage* currentPage() const;
  void showPageMenus();

  QTabWidget* tabs_;
  ExplorerPage* explorer_;
  MnistPage* mnistPage_;
  ImagesPage* imagesPage_;
  std::vector<ModePage*> pages_;
  QMenu* file_;
  QList<QAction*> pageMenus_;  // the current page's menus in the menu bar
};

}  // namespace geodex
