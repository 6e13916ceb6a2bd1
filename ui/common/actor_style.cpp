#include "ui/common/actor_style.h"

#include <vtkActor.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkScalarsToColors.h>

namespace geodex {

void setColour(vtkActor* actor, const unsigned char rgb[3]) {
  actor->GetProperty()->SetColor(rgb[0] / 255.0, rgb[1] / 255.0, rgb[2] / 255.0);
}

void setShading(vtkActor* actor, double ambient, double diffuse) {
  actor->GetProperty()->SetAmbient(ambient);
  actor->GetProperty()->SetDiffuse(diffuse);
}

void colourByPointScalars(vtkPolyDataMapper* mapper, vtkScalarsToColors* colours) {
  mapper->SetLookupTable(colours);
  mapper->ScalarVisibilityOn();
  mapper->SetScalarModeToUsePointData();
}

}  // namespace geodex
