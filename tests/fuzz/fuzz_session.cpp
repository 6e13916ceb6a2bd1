// Session files of the explorer window: QJsonDocument's parse, then the settings parser and
// validator (ExplorerSettings::fromJson, ui/explorer/explorer_settings.cpp, which links only QtCore).
#include <QJsonDocument>
#include <QJsonObject>

#include "tests/fuzz/fuzz_input.h"
#include "ui/explorer/explorer_settings.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
  QJsonParseError error;
  const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
  if (!document.isObject()) return 0;
  const QJsonObject session = document.object();
  geodex::fuzz::expectOnlyGeodexErrors([&] {
    // As MainWindow::loadSession: the "settings" object of a session, or the object itself.
    const QJsonObject settings =
        session.contains("settings") ? session["settings"].toObject() : session;
    const geodex::ExplorerSettings s = geodex::ExplorerSettings::fromJson(settings);
    if (s.points < 3 || s.dimension() < 2) std::abort();
    // A valid session round-trips.
    if (geodex::ExplorerSettings::fromJson(s.toJson()) != s) std::abort();
  });
  return 0;
}
