#include "ui/vtk_open_gl_widget.h"

#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLExtraFunctions>
#include <QWheelEvent>
#include <vtkCellPicker.h>
#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkInteractorStyleImage.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkOpenGLFramebufferObject.h>
#include <vtkOpenGLState.h>
#include <vtkRenderer.h>

namespace geodex {

VtkOpenGlWidget::VtkOpenGlWidget(QWidget* parent) : QOpenGLWidget(parent) {
  setFocusPolicy(Qt::StrongFocus);
  setMouseTracking(false);
  renderWindow_->AddRenderer(renderer_);
  // Not ready until Qt has a context for us (initializeGL).
  renderWindow_->SetReadyForRendering(false);
  renderWindow_->SetFrameBlitModeToNoBlit();
  interactor_->SetRenderWindow(renderWindow_);
  // Renders requested by the interactor (camera moves) become Qt repaints.
  interactor_->EnableRenderOff();
  interactor_->AddObserver(vtkCommand::RenderEvent, this, &VtkOpenGlWidget::onRenderWindowEvent);
  setInteractionMode3D(true);
  for (auto event : {vtkCommand::WindowMakeCurrentEvent, vtkCommand::WindowIsCurrentEvent,
                     vtkCommand::WindowFrameEvent})
    renderWindow_->AddObserver(event, this, &VtkOpenGlWidget::onRenderWindowEvent);
}

VtkOpenGlWidget::~VtkOpenGlWidget() {
  releaseGraphics();
  // QOpenGLWidget's destructor destroys the context after our members are gone.
  if (context()) disconnect(context(), nullptr, this, nullptr);
}

QSurfaceFormat VtkOpenGlWidget::defaultFormat() {
  QSurfaceFormat format;
  format.setRenderableType(QSurfaceFormat::OpenGL);
  format.setVersion(3, 2);
  format.setProfile(QSurfaceFormat::CoreProfile);
  format.setSwapBehavior(QSurfaceFormat::DoubleBuffer);
  format.setRedBufferSize(8);
  format.setGreenBufferSize(8);
  format.setBlueBufferSize(8);
  format.setDepthBufferSize(24);
  format.setStencilBufferSize(8);
  format.setAlphaBufferSize(8);
  format.setSamples(0);  // VTK does its own anti-aliasing; multisampled FBOs cannot be blitted
  return format;
}

vtkRenderer* VtkOpenGlWidget::renderer() const { return renderer_; }
vtkGenericOpenGLRenderWindow* VtkOpenGlWidget::renderWindow() const { return renderWindow_; }

void VtkOpenGlWidget::setInteractionMode3D(bool threeD) {
  if (threeD) {
    vtkNew<vtkInteractorStyleTrackballCamera> style;
    interactor_->SetInteractorStyle(style);
  } else {
    vtkNew<vtkInteractorStyleImage> style;  // pan (middle/shift), zoom (wheel), no rotation
    interactor_->SetInteractorStyle(style);
  }
}

void VtkOpenGlWidget::requestRender() { update(); }

void VtkOpenGlWidget::onRenderWindowEvent(vtkObject*, unsigned long eventId, void* callData) {
  switch (eventId) {
    case vtkCommand::WindowMakeCurrentEvent:
      if (context()) makeCurrent();
      break;
    case vtkCommand::WindowIsCurrentEvent:
      *static_cast<bool*>(callData) =
          context() != nullptr && QOpenGLContext::currentContext() == context();
      break;
    case vtkCommand::WindowFrameEvent:
    case vtkCommand::RenderEvent:
      if (!inPaint_) update();  // a render outside paintGL: show it through a repaint
      break;
    default: break;
  }
}

void VtkOpenGlWidget::initializeGL() {
  connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, &VtkOpenGlWidget::releaseGraphics,
          Qt::UniqueConnection);
  renderWindow_->SetOwnContext(0);
  renderWindow_->SetUseOffScreenBuffers(false);
  renderWindow_->SetForceMaximumHardwareLineWidth(1);
  renderWindow_->SetReadyForRendering(true);
  renderWindow_->OpenGLInitContext();
  renderWindow_->SetMapped(1);
  const double ratio = devicePixelRatioF();
  renderWindow_->SetSize(int(width() * ratio), int(height() * ratio));
  if (!interactor_->GetInitialized()) interactor_->Initialize();  // needs the context
}

void VtkOpenGlWidget::resizeGL(int width, int height) {
  const double ratio = devicePixelRatioF();
  interactor_->UpdateSize(int(width * ratio), int(height * ratio));
  renderWindow_->SetSize(int(width * ratio), int(height * ratio));
}

void VtkOpenGlWidget::paintGL() {
  if (!renderWindow_->GetReadyForRendering()) return;
  // Qt changed GL state (its framebuffer, depth function) behind VTK's back: VTK's state cache
  // must be re-read, or VTK skips binds it thinks are in place and the blit copies nothing.
  vtkOpenGLState* state = renderWindow_->GetState();
  state->Reset();
  state->Push();
  state->vtkglDepthFunc(GL_LEQUAL);  // Qt leaves GL_LESS; VTK expects GL_LEQUAL
  inPaint_ = true;
  renderWindow_->Render();
  inPaint_ = false;
  makeCurrent();  // rendering may have switched contexts (progress events of other widgets)

  // Copy VTK's display framebuffer into ours.
  QOpenGLExtraFunctions* f = context()->extraFunctions();
  f->glBindFramebuffer(GL_DRAW_FRAMEBUFFER, defaultFramebufferObject());
  const GLenum drawBuffer = GL_COLOR_ATTACHMENT0;
  f->glDrawBuffers(1, &drawBuffer);
  const bool scissor = f->glIsEnabled(GL_SCISSOR_TEST);
  if (scissor) {
    renderWindow_->GetState()->vtkglDisable(GL_SCISSOR_TEST);
    f->glDisable(GL_SCISSOR_TEST);
  }
  const int* size = renderWindow_->GetRenderFramebuffer()->GetLastSize();

  const double ratio = devicePixelRatioF();
  renderWindow_->BlitDisplayFramebuffer(0, 0, 0, size[0], size[1], 0, 0, int(width() * ratio),
                                        int(height() * ratio), GL_COLOR_BUFFER_BIT, GL_LINEAR);
  // Opaque alpha: Mesa would otherwise blend the picture with whatever lies behind the window.
  GLboolean mask[4];
  f->glGetBooleanv(GL_COLOR_WRITEMASK, mask);
  GLfloat clear[4];
  f->glGetFloatv(GL_COLOR_CLEAR_VALUE, clear);
  f->glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_TRUE);
  f->glClearColor(0, 0, 0, 1);
  f->glClear(GL_COLOR_BUFFER_BIT);
  f->glColorMask(mask[0], mask[1], mask[2], mask[3]);
  f->glClearColor(clear[0], clear[1], clear[2], clear[3]);
  if (scissor) {
    renderWindow_->GetState()->vtkglEnable(GL_SCISSOR_TEST);
    f->glEnable(GL_SCISSOR_TEST);
  }
  state->Pop();
}

void VtkOpenGlWidget::releaseGraphics() {
  if (!context() || !renderWindow_->GetReadyForRendering()) return;
  makeCurrent();
  renderWindow_->Finalize();
  renderWindow_->SetReadyForRendering(false);
  doneCurrent();
}

void VtkOpenGlWidget::setEventPosition(const QPointF& position, Qt::KeyboardModifiers modifiers) {
  const double ratio = devicePixelRatioF();
  interactor_->SetEventInformationFlipY(int(position.x() * ratio), int(position.y() * ratio),
                                        (modifiers & Qt::ControlModifier) ? 1 : 0,
                                        (modifiers & Qt::ShiftModifier) ? 1 : 0);
  interactor_->SetAltKey((modifiers & Qt::AltModifier) ? 1 : 0);
}

void VtkOpenGlWidget::mousePressEvent(QMouseEvent* event) {
  setEventPosition(event->position(), event->modifiers());
  pressPosition_ = event->position().toPoint();
  switch (event->button()) {
    case Qt::LeftButton: interactor_->InvokeEvent(vtkCommand::LeftButtonPressEvent); break;
    case Qt::MiddleButton: interactor_->InvokeEvent(vtkCommand::MiddleButtonPressEvent); break;
    case Qt::RightButton: interactor_->InvokeEvent(vtkCommand::RightButtonPressEvent); break;
    default: break;
  }
}

void VtkOpenGlWidget::mouseReleaseEvent(QMouseEvent* event) {
  setEventPosition(event->position(), event->modifiers());
  switch (event->button()) {
    case Qt::LeftButton: interactor_->InvokeEvent(vtkCommand::LeftButtonReleaseEvent); break;
    case Qt::MiddleButton: interactor_->InvokeEvent(vtkCommand::MiddleButtonReleaseEvent); break;
    case Qt::RightButton: interactor_->InvokeEvent(vtkCommand::RightButtonReleaseEvent); break;
    default: break;
  }
  // A click (no drag) picks a point on the visible props.
  if (event->button() == Qt::LeftButton &&
      (event->position().toPoint() - pressPosition_).manhattanLength() <= 3) {
    vtkNew<vtkCellPicker> picker;
    picker->SetTolerance(0.005);
    const double ratio = devicePixelRatioF();
    const double x = event->position().x() * ratio;
    const double y = (height() - event->position().y()) * ratio;
    if (picker->Pick(x, y, 0, renderer_)) {
      const double* p = picker->GetPickPosition();
      emit pointPicked(p[0], p[1], p[2]);
    }
  }
}

void VtkOpenGlWidget::mouseMoveEvent(QMouseEvent* event) {
  setEventPosition(event->position(), event->modifiers());
  interactor_->InvokeEvent(vtkCommand::MouseMoveEvent);
}

void VtkOpenGlWidget::wheelEvent(QWheelEvent* event) {
  setEventPosition(event->position(), event->modifiers());
  const int delta = event->angleDelta().y();
  if (delta > 0) interactor_->InvokeEvent(vtkCommand::MouseWheelForwardEvent);
  if (delta < 0) interactor_->InvokeEvent(vtkCommand::MouseWheelBackwardEvent);
  event->accept();
}

void VtkOpenGlWidget::keyPressEvent(QKeyEvent* event) {
  const QString text = event->text();
  interactor_->SetKeyCode(text.isEmpty() ? 0 : text.at(0).toLatin1());
  interactor_->InvokeEvent(vtkCommand::KeyPressEvent);
  interactor_->InvokeEvent(vtkCommand::CharEvent);
}

}  // namespace geodex
