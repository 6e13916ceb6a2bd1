#include "ui/explorer/layer_props.h"

#include <vtkProp.h>
#include <vtkRenderer.h>

namespace geodex {

LayerProps::LayerProps(vtkRenderer* renderer, std::initializer_list<vtkProp*> props)
    : renderer_(renderer), props_(props) {
  for (vtkProp* prop : props_) renderer_->AddViewProp(prop);
}

LayerProps::~LayerProps() {
  for (vtkProp* prop : props_) renderer_->RemoveViewProp(prop);
}

void LayerProps::setVisible(bool visible) {
  visible_ = visible;
  applyVisibility();
}

void LayerProps::setHasContent(bool hasContent) {
  hasContent_ = hasContent;
  applyVisibility();
}

void LayerProps::applyVisibility() {
  for (vtkProp* prop : props_) prop->SetVisibility(isVisible());
}

}  // namespace geodex
