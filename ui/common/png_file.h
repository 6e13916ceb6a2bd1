#pragma once
// Writes a QImage as PNG, complete or not at all (QSaveFile: a temporary file renamed on commit).
#include <QString>

class QImage;

namespace geodex {

// Empty string on success, else "cannot write '<path>': <reason>" for the user.
QString writePngFile(const QImage& image, const QString& path);

}  // namespace geodex
