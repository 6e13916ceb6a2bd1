#pragma once
// Writes a QImage as PNG, complete or not at all, through core's atomic writer: a link is written
// through, and a FIFO, device or folder at the path is refused, never replaced.
#include <QString>

class QImage;

namespace geodex {

// Empty string on success, else "cannot write '<path>': <reason>" for the user.
QString writePngFile(const QImage& image, const QString& path);

}  // namespace geodex
