#include "ui/common/view_background.h"

#include <vtkRenderer.h>

namespace geodex {

void setViewBackground(vtkRenderer* renderer) {
  const unsigned char* rgb = kViewBackgroundColour;
  renderer->SetBackground(rgb[0] / 255.0, rgb[1] / 255.0, rgb[2] / 255.0);
}

}  // namespace geodex
