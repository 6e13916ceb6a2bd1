#include "ui/main_window.h"

#include <QCloseEvent>
#include <QMenuBar>
#include <QStatusBar>
#include <QTabWidget>

#include "ui/explorer/explorer_page.h"
#include "ui/images/images_page.h"
#include "ui/mnist/mnist_page.h"

namespace geodex {

MainWindow::MainWindow(bool rememberSettings, QWidget* parent)
    : QMainWindow(parent),
      tabs_(new QTabWidget(this)),
      explorer_(new ExplorerPage(rememberSettings, this)),
      mnistPage_(new MnistPage(this)),
      imagesPage_(new ImagesPage(this)),
      pages_{explorer_, mnistPage_, imagesPage_} {
  setWindowTitle("geodex — score-metric geodesics");
  tabs_->addTab(explorer_, "Manifolds");
  tabs_->addTab(mnistPage_, "Rotated MNIST");
  tabs_->addTab(imagesPage_, "Images (Stable Diffusion)");
  tabs_->setDocumentMode(true);
  setCentralWidget(tabs_);
  file_ = menuBar()->addMenu("&File");
  for (ModePage* page : pages_)
    connect(page, &ModePage::statusMessage, this, [this, page](const QString& text) {
      if (page == currentPage()) statusBar()->showMessage(text);
    });
  connect(tabs_, &QTabWidget::currentChanged, this, [this] {
    showPageMenus();
    statusBar()->showMessage(currentPage()->statusHint());
  });
  showPageMenus();
  statusBar()->showMessage(currentPage()->statusHint());
}

// The pages (child widgets) stop their runners, which join their threads, as QObject deletes them.
MainWindow::~MainWindow() = default;

ModePage* MainWindow::currentPage() const {
  return static_cast<ModePage*>(tabs_->currentWidget());
}

bool MainWindow::isIdle() const {
  for (const ModePage* page : pages_)
    if (!page->isIdle()) return false;
  return true;
}

void MainWindow::showPageMenus() {
  ModePage* page = currentPage();
  file_->clear();
  file_->addActions(page->fileActions());
  if (!page->fileActions().isEmpty()) file_->addSeparator();
  file_->addAction("&Quit", QKeySequence::Quit, this, &QWidget::close);
  for (QAction* action : pageMenus_) menuBar()->removeAction(action);
  pageMenus_.clear();
  for (QMenu* menu : page->menus()) pageMenus_.append(menuBar()->addMenu(menu));
}

void MainWindow::closeEvent(QCloseEvent* event) {
  for (ModePage* page : pages_) page->closing();
  event->accept();
}

}  // namespace geodex
