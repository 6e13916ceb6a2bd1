#include "ui/common/png_file.h"

#include <QImage>
#include <QSaveFile>

namespace geodex {

QString writePngFile(const QImage& image, const QString& path) {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit())
    return QString("cannot write '%1': %2").arg(path, file.errorString());
  return {};
}

}  // namespace geodex
