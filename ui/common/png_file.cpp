#include "ui/common/png_file.h"

#include <QBuffer>
#include <QImage>
#include <string_view>

#include "core/util/atomic_file.h"
#include "core/util/errors.h"

namespace geodex {

QString writePngFile(const QImage& image, const QString& path) {
  QByteArray bytes;
  QBuffer buffer(&bytes);
  if (!buffer.open(QIODevice::WriteOnly) || !image.save(&buffer, "PNG"))
    return QString("cannot write '%1': the image could not be encoded as PNG").arg(path);
  try {
    writeFileAtomically(path.toStdString(), std::string_view(bytes.constData(), bytes.size()));
  } catch (const GeodexError& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

}  // namespace geodex
