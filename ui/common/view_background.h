#pragma once
// The dark blue behind every 3D view (the explorer's manifolds, the MNIST embedding); the tests
// look for it in the rendered picture.
class vtkRenderer;

namespace geodex {

inline constexpr unsigned char kViewBackgroundColour[3] = {22, 27, 40};  // RGB 0–255

void setViewBackground(vtkRenderer* renderer);

}  // namespace geodex
