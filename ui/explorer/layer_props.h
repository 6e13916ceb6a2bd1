#pragma once
// The VTK props of one view layer (its actors, caption, colour bar): in the renderer for the
// layer's lifetime, and shown only while the layer is switched on and has something to draw.
// GUI thread only.
#include <initializer_list>
#include <vector>

class vtkProp;
class vtkRenderer;

namespace geodex {

class LayerProps {
 public:
  // Adds `props` to `renderer`; they must outlive this object.
  LayerProps(vtkRenderer* renderer, std::initializer_list<vtkProp*> props);
  ~LayerProps();
  LayerProps(const LayerProps&) = delete;
  LayerProps& operator=(const LayerProps&) = delete;

  // Switched on or off by the user.
  void setVisible(bool visible);
  // Whether the layer has something to draw (set when it is filled, cleared by clear()).
  void setHasContent(bool hasContent);
  bool isVisible() const { return visible_ && hasContent_; }

 private:
  void applyVisibility();

  vtkRenderer* renderer_;
  std::vector<vtkProp*> props_;
  bool visible_ = false;
  bool hasContent_ = false;
};

}  // namespace geodex
