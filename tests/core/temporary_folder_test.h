#pragma once
// A test class whose files live in one temporary folder, removed with the test object.
#include <QObject>
#include <QTemporaryDir>
#include <string>

namespace geodex::test {

class TemporaryFolderTest : public QObject {
 protected:
  // `name` inside the folder.
  std::string path(const char* name) const { return dir_.filePath(name).toStdString(); }

  QTemporaryDir dir_;
};

}  // namespace geodex::test
