#include "ui/common/solver_items.h"

#include <QComboBox>

#include "core/geometry/geodesic_solver_kinds.h"

namespace geodex {

void addSolverItems(QComboBox* box) {
  for (const GeodesicSolverKind kind : kGeodesicSolverKinds) {
    const QString name = QString::fromStdString(toString(kind));
    box->addItem(name, name);
  }
}

}  // namespace geodex
