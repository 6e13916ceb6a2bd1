#pragma once
// The explorer's files: its paths as CSV, JSON and VTK polydata (ParaView), and sessions (the
// settings and, when it belongs to them, the geodesic). Writers return an empty string on
// success, else the message for the user; files are written completely or not at all.
#include <QString>
#include <cstdint>
#include <optional>

#include "ui/explorer/explorer_result.h"

namespace geodex {

QString writePathCsv(const ExplorerResult& result, const QString& path);
QString writePathJson(const ExplorerResult& result, const QString& path);
QString writePathVtp(const ExplorerResult& result, const QString& path);

// `geodesic` is stored when given (the session then shows it without solving again).
QString writeSession(const ExplorerSettings& settings, const Eigen::MatrixXd* geodesic,
                     const QString& path);

struct ExplorerSession {
  ExplorerSettings settings;
  std::optional<Eigen::MatrixXd> geodesic;  // absent, or not matching the settings: solve again

  // The stored geodesic as a result to draw (with the straight line), read from `fileName`.
  ExplorerResult result(const QString& fileName) const;
};
// A session with the longest path (1024 points) is ~100 KB; anything far beyond is not one.
constexpr std::uint64_t kMaxSessionBytes = 16ull << 20;
// Throws InvalidArgumentError (or IoError) with a message naming the file: not a regular file,
// larger than kMaxSessionBytes, not JSON, nested deeper than core's JSON limit, bad settings.
ExplorerSession readSession(const QString& path);

}  // namespace geodex
