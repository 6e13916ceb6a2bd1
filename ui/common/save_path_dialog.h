#pragma once
// Asks where to save a file: the chosen path with `suffix` appended when the user typed none,
// or an empty string when the dialog was cancelled.
#include <QString>

class QWidget;

namespace geodex {

QString askSavePath(QWidget* parent, const QString& title, const QString& filter,
                    const QString& suffix);

}  // namespace geodex
