#include "ui/common/mode_page.h"

#include <QAction>
#include <QFileDialog>
#include <QMenu>

#include "ui/common/messages.h"
#include "ui/common/save_path_dialog.h"

namespace geodex {

QAction* ModePage::addFileAction(const QString& text, std::function<void()> run,
                                 const QKeySequence& shortcut) {
  auto* action = new QAction(text, this);
  action->setShortcut(shortcut);
  connect(action, &QAction::triggered, this, [run = std::move(run)] { run(); });
  fileActions_.append(action);
  return action;
}

QAction* ModePage::addExport(const QString& text, const QString& filter, const QString& suffix,
                             std::function<QString(const QString&)> write) {
  const QString title = QString(text).remove('&').remove(QString::fromUtf8("…"));
  return addFileAction(text, [this, title, filter, suffix, write = std::move(write)] {
    const QString path = filter.isEmpty() ? QFileDialog::getExistingDirectory(this, title)
                                          : askSavePath(this, title, filter, suffix);
    if (path.isEmpty()) return;
    if (const QString error = write(path); !error.isEmpty())
      reportError(title + " failed", error);
    else
      emit statusMessage("Wrote " + path);
  });
}

void ModePage::addFileSeparator() {
  auto* separator = new QAction(this);
  separator->setSeparator(true);
  fileActions_.append(separator);
}

QMenu* ModePage::addMenu(const QString& title) {
  auto* menu = new QMenu(title, this);
  menus_.append(menu);
  return menu;
}

void ModePage::reportError(const QString& title, const QString& message) {
  emit statusMessage(title + ": " + message);
  showWarning(this, title, message);
}

}  // namespace geodex
