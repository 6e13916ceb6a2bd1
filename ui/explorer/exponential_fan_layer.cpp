#include "ui/explorer/exponential_fan_layer.h"

#include <vtkActor.h>
#include <vtkCellArray.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>

#include "core/geometry/exponential_fan.h"
#include "ui/common/point_conversions.h"

namespace geodex {

namespace {

// Every polyline of `lines` as one cell of `target`.
void fillPolylines(vtkPolyData* target, const std::vector<Eigen::MatrixXd>& lines) {
  vtkNew<vtkPoints> points;
  vtkNew<vtkCellArray> cells;
  for (const Eigen::MatrixXd& line : lines) {
    if (line.cols() < 2) continue;
    cells->InsertNextCell(line.cols());
    for (Eigen::Index j = 0; j < line.cols(); ++j) {
      const Eigen::Vector3d p = liftTo3D(line.col(j));
      cells->InsertCellPoint(points->InsertNextPoint(p.data()));
    }
  }
  target->SetPoints(points);
  target->SetLines(cells);
  target->Modified();
}

void styleLines(vtkActor* actor, vtkPolyData* data, const unsigned char colour[3], double width) {
  vtkNew<vtkPolyDataMapper> mapper;
  mapper->SetInputData(data);
  actor->SetMapper(mapper);
  actor->GetProperty()->SetColor(colour[0] / 255.0, colour[1] / 255.0, colour[2] / 255.0);
  actor->GetProperty()->SetLineWidth(width);
  actor->GetProperty()->LightingOff();  // lines keep their colour from every side
  actor->VisibilityOff();
}

}  // namespace

ExponentialFanLayer::ExponentialFanLayer(vtkRenderer* renderer)
    : props_(renderer, {rayActor_, wavefrontActor_, caption_}) {
  styleLines(rayActor_, rays_, kRayColour, 2.0);
  styleLines(wavefrontActor_, wavefronts_, kWavefrontColour, 3.0);
  caption_->GetTextProperty()->SetFontSize(13);
  caption_->GetTextProperty()->SetColor(0.92, 0.92, 0.92);
  caption_->GetTextProperty()->SetBackgroundColor(0.05, 0.06, 0.09);
  caption_->GetTextProperty()->SetBackgroundOpacity(0.7);
  caption_->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
  caption_->GetPositionCoordinate()->SetValue(0.01, 0.01);
  caption_->VisibilityOff();
}

ExponentialFanLayer::~ExponentialFanLayer() = default;

void ExponentialFanLayer::setFan(const ExponentialFanResult& fan, const QString& metricName) {
  fillPolylines(rays_, fan.rays);
  fillPolylines(wavefronts_, fan.wavefronts);
  QStringList radii;
  for (double r : fan.radii) radii << QString::number(r, 'g', 3);
  int complete = 0;
  const double length = fan.radii.empty() ? 0.0 : fan.radii.back();
  for (double reached : fan.reachedLength) complete += reached >= length * (1 - 1e-9) ? 1 : 0;
  const QString origin = [&] {
    QStringList parts;
    for (Eigen::Index i = 0; i < fan.origin.size(); ++i)
      parts << QString::number(fan.origin[i], 'g', 3);
    return parts.join(", ");
  }();
  QString text = QString("Exponential map at (%1), %2 metric: %3 geodesics (pink)")
                     .arg(origin, metricName)
                     .arg(fan.rays.size());
  if (complete < int(fan.rays.size()))
    text += QString(", %1 stopped early").arg(int(fan.rays.size()) - complete);
  text += QString("\nwhite: geodesic circles at metric radius %1").arg(radii.join(", "));
  text += "\n(round under the Euclidean metric; squeezed and bent where leaving the data costs)";
  caption_->SetInput(text.toUtf8().constData());
  props_.setHasContent(true);
}

void ExponentialFanLayer::setVisible(bool visible) { props_.setVisible(visible); }

bool ExponentialFanLayer::isVisible() const { return props_.isVisible(); }

void ExponentialFanLayer::clear() {
  fillPolylines(rays_, {});
  fillPolylines(wavefronts_, {});
  props_.setHasContent(false);
}

QString ExponentialFanLayer::caption() const {
  return QString::fromUtf8(caption_->GetInput() ? caption_->GetInput() : "");
}

}  // namespace geodex
