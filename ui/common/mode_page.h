#pragma once
// What every mode of the window is: a page with its own background work, status line and menu
// entries. MainWindow shows the current page's File actions and menus, passes its status
// messages to the status bar and stops every page when it closes. The page's exports and its
// error messages go through here, so that they behave alike in every mode.
#include <QKeySequence>
#include <QList>
#include <QString>
#include <QWidget>
#include <functional>

class QAction;
class QMenu;

namespace geodex {

class ModePage : public QWidget {
  Q_OBJECT
 public:
  using QWidget::QWidget;

  // No background work runs or waits.
  virtual bool isIdle() const = 0;
  virtual void cancel() = 0;
  // The status line when the page becomes the current one.
  virtual QString statusHint() const = 0;
  // The window closes: stop, and keep what is remembered between runs.
  virtual void closing() { cancel(); }

  QList<QAction*> fileActions() const { return fileActions_; }
  QList<QMenu*> menus() const { return menus_; }

 Q_SIGNALS:
  void statusMessage(const QString& text);

 protected:
  // A File menu entry.
  QAction* addFileAction(const QString& text, std::function<void()> run,
                         const QKeySequence& shortcut = {});
  // A File menu export: asks where (a file named with `suffix`, or a folder when `filter` is
  // empty), runs `write` (an empty string on success, else the message) and reports either way.
  QAction* addExport(const QString& text, const QString& filter, const QString& suffix,
                     std::function<QString(const QString& path)> write);
  void addFileSeparator();
  // A menu of the page's own, shown beside File while the page is current.
  QMenu* addMenu(const QString& title);
  // The message in the status bar and in a warning that does not block the page.
  void reportError(const QString& title, const QString& message);

 private:
  QList<QAction*> fileActions_;
  QList<QMenu*> menus_;
};

}  // namespace geodex
