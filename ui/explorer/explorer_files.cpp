#include "ui/explorer/explorer_files.h"

#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkIntArray.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkStringArray.h>
#include <vtkXMLPolyDataWriter.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <sstream>

#include "core/geometry/interpolation.h"
#include "core/io/synthetic_scene_json.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"
#include "core/util/input_file.h"
#include "core/util/json_input.h"
#include "ui/common/messages.h"
#include "ui/common/point_conversions.h"

namespace geodex {

namespace {

// The session format this geodex writes and reads.
constexpr int kSessionVersion = 1;
// No manifold of the explorer reaches beyond this; a stored path that does is not one.
constexpr double kMaxSessionCoordinate = 1e6;

// The paths of a result with their names, in drawing order.
std::vector<std::pair<std::string, Eigen::MatrixXd>> namedPaths(const ExplorerResult& r) {
  std::vector<std::pair<std::string, Eigen::MatrixXd>> out{{"geodesic", r.geodesic.path},
                                                           {"straight", r.straightPath}};
  if (r.slerpPath.cols() > 0) out.emplace_back("slerp", r.slerpPath);
  if (r.extrapolation.cols() > 0) out.emplace_back("extrapolation", r.extrapolation);
  for (const ComparisonPath& c : r.comparisons)
    out.emplace_back(toString(c.metric) + "_geodesic", c.path);
  return out;
}

QString writeAtomically(const QString& path, const std::string& content) {
  return messageOf([&] { writeFileAtomically(path.toStdString(), content); });
}

}  // namespace

QString writePathCsv(const ExplorerResult& result, const QString& path) {
  std::ostringstream csv;
  csv.precision(17);
  csv << "path,index,x,y,z\n";
  for (const auto& [name, points] : namedPaths(result))
    for (Eigen::Index j = 0; j < points.cols(); ++j) {
      const Eigen::Vector3d p = liftTo3D(points.col(j));
      csv << name << ',' << j << ',' << p.x() << ',' << p.y() << ',' << p.z() << '\n';
    }
  return writeAtomically(path, csv.str());
}

QString writePathJson(const ExplorerResult& result, const QString& path) {
  nlohmann::json out = toJson(static_cast<const SyntheticSceneResult&>(result));
  out["settings"] =
      nlohmann::json::parse(QJsonDocument(result.settings.toJson()).toJson().toStdString());
  return writeAtomically(path, out.dump(2) + "\n");
}

QString writePathVtp(const ExplorerResult& result, const QString& path) {
  // One polyline per path; the cell array "path" names it (ParaView colours by it).
  vtkNew<vtkPoints> points;
  vtkNew<vtkCellArray> lines;
  vtkNew<vtkStringArray> names;
  names->SetName("path");
  vtkNew<vtkIntArray> ids;
  ids->SetName("path_id");
  int id = 0;
  for (const auto& [name, columns] : namedPaths(result)) {
    lines->InsertNextCell(columns.cols());
    for (Eigen::Index j = 0; j < columns.cols(); ++j) {
      const Eigen::Vector3d p = liftTo3D(columns.col(j));
      lines->InsertCellPoint(points->InsertNextPoint(p.data()));
    }
    names->InsertNextValue(name);
    ids->InsertNextValue(id++);
  }
  vtkNew<vtkPolyData> data;
  data->SetPoints(points);
  data->SetLines(lines);
  data->GetCellData()->AddArray(names);
  data->GetCellData()->AddArray(ids);
  vtkNew<vtkXMLPolyDataWriter> writer;
  writer->SetInputData(data);
  writer->SetDataModeToAscii();
  writer->WriteToOutputStringOn();
  if (!writer->Write()) return "VTK could not encode the paths";
  return writeAtomically(path, writer->GetOutputString());
}

QString writeSession(const ExplorerSettings& settings, const Eigen::MatrixXd* geodesic,
                     const QString& path) {
  QJsonObject session{
      {"format", "geodex-session"}, {"version", kSessionVersion}, {"settings", settings.toJson()}};
  if (geodesic) {
    QJsonArray rows;
    for (Eigen::Index j = 0; j < geodesic->cols(); ++j) {
      QJsonArray row;
      for (Eigen::Index i = 0; i < geodesic->rows(); ++i) row.append((*geodesic)(i, j));
      rows.append(row);
    }
    session["path"] = rows;
  }
  return writeAtomically(path, QJsonDocument(session).toJson().toStdString());
}

ExplorerSession readSession(const QString& path) {
  // Core's checked reading: a folder, a FIFO (which would block for ever) or a device (/dev/zero
  // reads for ever) is refused up front, and the size is bounded before anything is read.
  const std::string file = path.toStdString();
  const std::string text = readInputFile(file, "session file", kMaxSessionBytes);
  // Syntax and nesting (at most kMaxJsonDepth levels) are checked before Qt builds a document.
  const nlohmann::json checked = parseJsonInput(text, "session file '" + file + "'");
  if (!checked.is_object())
    throw InvalidArgumentError("'" + file + "' is not a geodex session: it holds " +
                               jsonTypeName(checked) + ", not an object");
  QJsonParseError parseError;
  const QJsonDocument document =
      QJsonDocument::fromJson(QByteArray::fromStdString(text), &parseError);
  if (!document.isObject())
    throw InvalidArgumentError(QString("'%1' is not a geodex session: %2")
                                   .arg(path, parseError.errorString())
                                   .toStdString());
  const QJsonObject session = document.object();
  if (session["format"].toString() != "geodex-session")
    throw InvalidArgumentError(
        QString("'%1' is not a geodex session (no \"format\": \"geodex-session\")")
            .arg(path)
            .toStdString());
  // Version 1 is the only one written so far; a later one may mean something else by its fields.
  if (session.contains("version") &&
      !(session["version"].isDouble() && session["version"].toDouble() == kSessionVersion))
    throw InvalidArgumentError(QString("'%1': session version %2 is not one this geodex reads (%3)")
                                   .arg(path, session["version"].toVariant().toString().left(40))
                                   .arg(kSessionVersion)
                                   .toStdString());
  ExplorerSession out;
  try {
    out.settings = ExplorerSettings::fromJson(session["settings"].toObject());
  } catch (const GeodexError& error) {
    throw InvalidArgumentError(
        QString("'%1': %2").arg(path, QString::fromUtf8(error.what())).toStdString());
  }
  // The stored path, when it is one for these settings.
  const QJsonArray rows = session["path"].toArray();
  const int d = out.settings.dimension();
  Eigen::MatrixXd stored(d, rows.size());
  // A refined solve keeps more points than were asked for (GeodesicOptions::refine).
  bool valid = rows.size() >= out.settings.points &&
               rows.size() <= GeodesicOptions::kMaxRefinedPointsFactor * out.settings.points;
  for (int j = 0; valid && j < rows.size(); ++j) {
    const QJsonArray row = rows[j].toArray();
    valid = row.size() == d;
    for (int i = 0; valid && i < d; ++i) {
      // A path for other settings is dropped; a number no manifold reaches is refused (1e308
      // reached VTK, which printed errors).
      if (!row[i].isDouble() || !(std::abs(row[i].toDouble()) <= kMaxSessionCoordinate))
        throw InvalidArgumentError(
            QString("'%1': path row %2 holds %3, not a coordinate in [-%4, %4]")
                .arg(path)
                .arg(j + 1)
                .arg(row[i].isDouble() ? QString::number(row[i].toDouble())
                                       : QString("a non-number"))
                .arg(kMaxSessionCoordinate)
                .toStdString());
      stored(i, j) = row[i].toDouble();
    }
  }
  if (valid) out.geodesic = stored;
  return out;
}

ExplorerResult ExplorerSession::result(const QString& fileName) const {
  ExplorerResult r;
  r.settings = settings;
  if (geodesic) r.geodesic.path = *geodesic;
  r.geodesic.solver = "session";
  r.geodesic.stopReason = "loaded from " + fileName.toStdString();
  r.straightPath = lerpPath(settings.fromPoint(), settings.toPoint(), settings.points);
  return r;
}

}  // namespace geodex
