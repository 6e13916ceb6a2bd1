#include "ui/common/save_path_dialog.h"

#include <QFileDialog>
#include <QFileInfo>

namespace geodex {

QString askSavePath(QWidget* parent, const QString& title, const QString& filter,
                    const QString& suffix) {
  QString path = QFileDialog::getSaveFileName(parent, title, {}, filter);
  if (!path.isEmpty() && QFileInfo(path).suffix().isEmpty()) path += "." + suffix;
  return path;
}

}  // namespace geodex
