#include "ui/common/vtk_open_gl_widget.h"

#include <vtkCellPicker.h>
#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkInteractorStyleImage.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkOpenGLFramebufferObject.h>
#include <vtkOpenGLState.h>
#include <vtkRenderStepsPass.h>
#include <vtkRenderer.h>

#include <QKeyEvent>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLExtraFunctions>
#include <QWheelEvent>
#include <string_view>

namespace geodex {

namespace {

// A press and release closer than this (logical pixels) is a click, not a drag.
constexpr int kClickSlop = 3;

// The key of `event` when it is one of VTK's default bindings that make sense inside a widget
// (reset camera, wireframe, surface), else 0: the others (3 = stereo, e/q = exit, p = hardware
// pick, f = fly-to) assume VTK owns the window.
char forwardedKey(const QKeyEvent& event) {
  const QString text = event.text();
  const char key = text.size() == 1 ? text.at(0).toLatin1() : 0;
  return key != 0 && std::string_view("rRwWsS").find(key) != std::string_view::npos ? key : 0;
}

// The VTK event for a Qt mouse button going down or up (NoEvent = 0 for other buttons).
unsigned long buttonEvent(Qt::MouseButton button, bool press) {
  switch (button) {
    case Qt::LeftButton:
      return press ? vtkCommand::LeftButtonPressEvent : vtkCommand::LeftButtonReleaseEvent;
    case Qt::MiddleButton:
      return press ? vtkCommand::MiddleButtonPressEvent : vtkCommand::MiddleButtonReleaseEvent;
    case Qt::RightButton:
      return press ? vtkCommand::RightButtonPressEvent : vtkCommand::RightButtonReleaseEvent;
    default:
      return vtkCommand::NoEvent;
  }
}

}  // namespace

VtkOpenGlWidget::VtkOpenGlWidget(QWidget* parent) : QOpenGLWidget(parent) {
  setFocusPolicy(Qt::StrongFocus);
  // VTK redraws the whole view every frame.
  setUpdateBehavior(QOpenGLWidget::NoPartialUpdate);

  renderWindow_->AddRenderer(renderer_);
  // Software OpenGL (Mesa's llvmpipe, the machines without a GPU) pays for every sample:
  // 4× multisampling doubled the CPU time of a frame, and VTK's order-independent translucency
  // (its default for translucent props) adds full-window passes. Edges are smoothed by one FXAA
  // pass on still frames instead, and translucent props are blended in draw order (the scenes
  // have one translucent surface).
  renderWindow_->SetMultiSamples(0);
  renderer_->SetPass(renderSteps_);
  stillFrame_.setSingleShot(true);
  stillFrame_.setInterval(kStillFrameDelayMs);
  connect(&stillFrame_, &QTimer::timeout, this, [this] {
    streaming_ = false;
    if (!lastFrameSmoothed_) update();
  });
  // No OpenGL context until initializeGL; VTK must not try to render before.
  renderWindow_->SetReadyForRendering(false);
  for (const unsigned long event : {vtkCommand::WindowMakeCurrentEvent,
                                    vtkCommand::WindowIsCurrentEvent, vtkCommand::WindowFrameEvent})
    renderWindow_->AddObserver(event, this, &VtkOpenGlWidget::onVtkEvent);

  interactor_->SetRenderWindow(renderWindow_);
  // Renders the interactor asks for (camera moves) become Qt repaints, so VTK only ever renders
  // inside paintGL, where Qt has made our context and framebuffer current.
  interactor_->EnableRenderOff();
  interactor_->AddObserver(vtkCommand::RenderEvent, this, &VtkOpenGlWidget::onVtkEvent);
  interactor_->Initialize();
  setInteractionMode3D(true);
}

VtkOpenGlWidget::~VtkOpenGlWidget() {
  releaseGraphics();
  // The render window outlives this object's body (members die after it): it must not call
  // back into a half-destroyed widget, nor must Qt when the context goes.
  renderWindow_->RemoveAllObservers();
  interactor_->RemoveAllObservers();
  if (context()) disconnect(context(), nullptr, this, nullptr);
}

QSurfaceFormat VtkOpenGlWidget::defaultFormat() {
  // Mirrors QVTKRenderWindowAdapter::defaultFormat (VTK 9.1). VTK renders into its own
  // framebuffer objects (with their own depth buffer and multisampling), so the context needs
  // neither multisampling (a multisampled target could not take the blit) nor stencil.
  QSurfaceFormat format;
  format.setRenderableType(QSurfaceFormat::OpenGL);
  format.setVersion(3, 2);
  format.setProfile(QSurfaceFormat::CoreProfile);
  format.setSwapBehavior(QSurfaceFormat::DoubleBuffer);
  format.setRedBufferSize(8);
  format.setGreenBufferSize(8);
  format.setBlueBufferSize(8);
  format.setAlphaBufferSize(8);
  format.setDepthBufferSize(8);
  format.setStencilBufferSize(0);
  format.setSamples(0);
  return format;
}

void VtkOpenGlWidget::requestRender() {
  // A request within kStillFrameDelayMs of the previous one: frames are following each other.
  if (stillFrame_.isActive()) streaming_ = true;
  stillFrame_.start();
  update();
}

QImage VtkOpenGlWidget::grabView() {
  stillFrame_.stop();
  streaming_ = false;
  return grabFramebuffer();
}

vtkRenderer* VtkOpenGlWidget::renderer() const {
  return renderer_;
}

vtkGenericOpenGLRenderWindow* VtkOpenGlWidget::renderWindow() const {
  return renderWindow_;
}

void VtkOpenGlWidget::setInteractionMode3D(bool threeD) {
  mode3D_ = threeD;
  if (threeD) {
    vtkNew<vtkInteractorStyleTrackballCamera> style;
    interactor_->SetInteractorStyle(style);
  } else {
    // Pan: middle button or shift + left; zoom: right button or wheel; no rotation.
    vtkNew<vtkInteractorStyleImage> style;
    interactor_->SetInteractorStyle(style);
  }
}

void VtkOpenGlWidget::onVtkEvent(vtkObject*, unsigned long eventId, void* callData) {
  switch (eventId) {
    case vtkCommand::WindowMakeCurrentEvent:
      // Not QOpenGLWidget::makeCurrent(): that also binds Qt's framebuffer behind the back of
      // VTK's cached GL state, and VTK then attaches its buffers to Qt's framebuffer — the
      // picture comes out empty.
      if (context()) context()->makeCurrent(context()->surface());
      break;
    case vtkCommand::WindowIsCurrentEvent:
      *static_cast<bool*>(callData) =
          context() != nullptr && QOpenGLContext::currentContext() == context();
      break;
    case vtkCommand::WindowFrameEvent:  // someone rendered outside paintGL: show it
      if (!inPaint_) update();
      break;
    case vtkCommand::RenderEvent:  // the interactor wants a new frame (a camera drag)
      if (!inPaint_) requestRender();
      break;
    default:
      break;
  }
}

void VtkOpenGlWidget::initializeGL() {
  connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, &VtkOpenGlWidget::releaseGraphics,
          static_cast<Qt::ConnectionType>(Qt::UniqueConnection | Qt::DirectConnection));
  vtkOpenGLState* state = renderWindow_->GetState();
  state->Reset();
  state->vtkglDepthFunc(GL_LEQUAL);  // Qt leaves GL_LESS, VTK expects GL_LEQUAL
  renderWindow_->SetOwnContext(0);   // the context is Qt's
  // VTK keeps its picture in its display framebuffer; paintGL copies it into ours.
  renderWindow_->SetFrameBlitModeToNoBlit();
  renderWindow_->SetUseOffScreenBuffers(false);
  renderWindow_->SetForceMaximumHardwareLineWidth(1);
  renderWindow_->SetReadyForRendering(true);
  renderWindow_->OpenGLInitContext();
}

void VtkOpenGlWidget::resizeGL(int width, int height) {
  const double ratio = devicePixelRatioF();
  // The interactor keeps its own copy of the size (for flipping y); it passes it on to VTK.
  interactor_->UpdateSize(qRound(width * ratio), qRound(height * ratio));
  renderWindow_->SetDPI(qRound(72 * ratio));  // text and line widths follow the screen scale
}

void VtkOpenGlWidget::paintGL() {
  if (!renderWindow_->GetReadyForRendering()) return;
  // Qt touched GL state (framebuffer, depth function) since VTK last looked: re-read it.
  vtkOpenGLState* state = renderWindow_->GetState();
  state->Reset();
  state->Push();
  state->vtkglDepthFunc(GL_LEQUAL);
  renderer_->SetUseFXAA(!streaming_);
  lastFrameSmoothed_ = !streaming_;
  inPaint_ = true;
  renderWindow_->Render();
  inPaint_ = false;
  // Rendering may have made another context current (e.g. a progress event repainting a
  // different GL widget); this also binds our framebuffer again.
  makeCurrent();
  blitIntoWidgetFramebuffer();
  state->Pop();
  context()->functions()->glBindFramebuffer(GL_FRAMEBUFFER, defaultFramebufferObject());
  ++framesRendered_;
}

void VtkOpenGlWidget::blitIntoWidgetFramebuffer() {
  QOpenGLExtraFunctions* f = context()->extraFunctions();
  f->glBindFramebuffer(GL_DRAW_FRAMEBUFFER, defaultFramebufferObject());
  const GLenum colourAttachment = GL_COLOR_ATTACHMENT0;
  f->glDrawBuffers(1, &colourAttachment);
  // The scissor test would clip the blit.
  const bool scissor = f->glIsEnabled(GL_SCISSOR_TEST);
  if (scissor) {
    renderWindow_->GetState()->vtkglDisable(GL_SCISSOR_TEST);
    f->glDisable(GL_SCISSOR_TEST);
  }

  const int* source = renderWindow_->GetRenderFramebuffer()->GetLastSize();
  const QSize target = size() * devicePixelRatioF();
  renderWindow_->BlitDisplayFramebuffer(0, 0, 0, source[0], source[1], 0, 0, target.width(),
                                        target.height(), GL_COLOR_BUFFER_BIT, GL_LINEAR);

  // Opaque alpha: VTK's background alpha would otherwise let Mesa and macOS blend the picture
  // with what lies behind the window.
  GLboolean colourMask[4];
  f->glGetBooleanv(GL_COLOR_WRITEMASK, colourMask);
  GLfloat clearColour[4];
  f->glGetFloatv(GL_COLOR_CLEAR_VALUE, clearColour);
  GLint viewport[4];
  f->glGetIntegerv(GL_VIEWPORT, viewport);
  f->glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_TRUE);
  f->glClearColor(0, 0, 0, 1);
  f->glViewport(0, 0, target.width(), target.height());
  f->glClear(GL_COLOR_BUFFER_BIT);
  f->glColorMask(colourMask[0], colourMask[1], colourMask[2], colourMask[3]);
  f->glClearColor(clearColour[0], clearColour[1], clearColour[2], clearColour[3]);
  f->glViewport(viewport[0], viewport[1], viewport[2], viewport[3]);

  if (scissor) {
    renderWindow_->GetState()->vtkglEnable(GL_SCISSOR_TEST);
    f->glEnable(GL_SCISSOR_TEST);
  }
}

void VtkOpenGlWidget::releaseGraphics() {
  if (!context() || !renderWindow_->GetReadyForRendering()) return;
  // VTK frees its GL objects in our context: it must be current.
  makeCurrent();
  renderWindow_->Finalize();
  renderWindow_->SetReadyForRendering(false);
}

void VtkOpenGlWidget::setEventInformation(const QPointF& position,
                                          Qt::KeyboardModifiers modifiers) {
  const double ratio = devicePixelRatioF();
  interactor_->SetEventInformationFlipY(qRound(position.x() * ratio), qRound(position.y() * ratio),
                                        modifiers.testFlag(Qt::ControlModifier) ? 1 : 0,
                                        modifiers.testFlag(Qt::ShiftModifier) ? 1 : 0);
  interactor_->SetAltKey(modifiers.testFlag(Qt::AltModifier) ? 1 : 0);
}

void VtkOpenGlWidget::mousePressEvent(QMouseEvent* event) {
  setEventInformation(event->position(), event->modifiers());
  pressPosition_ = event->position().toPoint();
  if (const unsigned long id = buttonEvent(event->button(), true)) interactor_->InvokeEvent(id);
}

void VtkOpenGlWidget::mouseReleaseEvent(QMouseEvent* event) {
  setEventInformation(event->position(), event->modifiers());
  if (const unsigned long id = buttonEvent(event->button(), false)) interactor_->InvokeEvent(id);
  const bool click = (event->position().toPoint() - pressPosition_).manhattanLength() <= kClickSlop;
  if (event->button() != Qt::LeftButton || !click) return;
  const int* display = interactor_->GetEventPosition();  // device pixels, y up
  if (!mode3D_) {
    // 2D views look down the z axis: the click is the point of the z = 0 plane under it.
    renderer_->SetDisplayPoint(display[0], display[1], 0.0);
    renderer_->DisplayToWorld();
    const double* world = renderer_->GetWorldPoint();
    if (world[3] != 0.0) emit pointPicked(Eigen::Vector3d(world[0] / world[3], world[1] / world[3], 0.0));
    return;
  }
  // A software ray cast (vtkCellPicker) needs no GL context, unlike vtkPropPicker.
  vtkNew<vtkCellPicker> picker;
  picker->SetTolerance(0.005);
  if (picker->Pick(display[0], display[1], 0, renderer_)) {
    const double* p = picker->GetPickPosition();
    emit pointPicked(Eigen::Vector3d(p[0], p[1], p[2]));
  }
}

void VtkOpenGlWidget::mouseMoveEvent(QMouseEvent* event) {
  setEventInformation(event->position(), event->modifiers());
  interactor_->InvokeEvent(vtkCommand::MouseMoveEvent);
}

void VtkOpenGlWidget::wheelEvent(QWheelEvent* event) {
  setEventInformation(event->position(), event->modifiers());
  const int delta = event->angleDelta().y();
  if (delta > 0) interactor_->InvokeEvent(vtkCommand::MouseWheelForwardEvent);
  if (delta < 0) interactor_->InvokeEvent(vtkCommand::MouseWheelBackwardEvent);
  event->accept();
}

void VtkOpenGlWidget::keyPressEvent(QKeyEvent* event) {
  const char key = forwardedKey(*event);
  if (key == 0) return QOpenGLWidget::keyPressEvent(event);
  interactor_->SetKeyCode(key);
  interactor_->InvokeEvent(vtkCommand::KeyPressEvent);
  interactor_->InvokeEvent(vtkCommand::CharEvent);
}

void VtkOpenGlWidget::keyReleaseEvent(QKeyEvent* event) {
  const char key = forwardedKey(*event);
  if (key == 0) return QOpenGLWidget::keyReleaseEvent(event);
  interactor_->SetKeyCode(key);
  interactor_->InvokeEvent(vtkCommand::KeyReleaseEvent);
}

}  // namespace geodex
