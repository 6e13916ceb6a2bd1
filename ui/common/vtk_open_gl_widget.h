#pragma once
// The Qt 6 ↔ VTK bridge: a QOpenGLWidget hosting a vtkGenericOpenGLRenderWindow (Debian's VTK Qt
// module is built for Qt 5, docs/design.md §3). It drives the generic window the way VTK's own
// QVTKOpenGLNativeWidget + QVTKRenderWindowAdapter do: VTK renders into its own framebuffers
// inside paintGL, then that picture is blitted into the widget's framebuffer, so grabs and
// screenshots see it. Mouse, wheel and key events go to a VTK interactor.
#include <vtkNew.h>
#include <Eigen/Core>
#include <QImage>
#include <QOpenGLWidget>
#include <QPoint>
#include <QSurfaceFormat>
#include <QTimer>

class vtkGenericOpenGLRenderWindow;
class vtkGenericRenderWindowInteractor;
class vtkObject;
class vtkRenderer;
class vtkRenderStepsPass;

namespace geodex {

class VtkOpenGlWidget : public QOpenGLWidget {
  Q_OBJECT
 public:
  explicit VtkOpenGlWidget(QWidget* parent = nullptr);
  ~VtkOpenGlWidget() override;

  // The surface format VTK needs (as QVTKOpenGLNativeWidget::defaultFormat: OpenGL 3.2 core, no
  // multisampling). Set it with QSurfaceFormat::setDefaultFormat before the QApplication exists.
  static QSurfaceFormat defaultFormat();

  vtkRenderer* renderer() const;
  vtkGenericOpenGLRenderWindow* renderWindow() const;

  // true: trackball camera (rotate with the left button). false: 2D views, pan and zoom only.
  void setInteractionMode3D(bool threeD);
  bool interactionMode3D() const { return mode3D_; }

  // After the last repaint request this long, one more frame is drawn with edge smoothing
  // (FXAA): frames that follow each other (a camera drag, a solve's live path) go without it.
  static constexpr int kStillFrameDelayMs = 150;

  // Schedules a repaint; call after changing the scene.
  void requestRender();
  // Renders now, edges smoothed, and returns the view's picture (grabFramebuffer).
  QImage grabView();
  // How many frames VTK has rendered and shown (tests and screenshots wait for the first one).
  int framesRendered() const { return framesRendered_; }

 Q_SIGNALS:
  // A left click without drag hit a pickable prop at this world point.
  void pointPicked(const Eigen::Vector3d& world);

 protected:
  void initializeGL() override;
  void resizeGL(int width, int height) override;
  void paintGL() override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void keyReleaseEvent(QKeyEvent* event) override;

 private:
  void onVtkEvent(vtkObject* caller, unsigned long eventId, void* callData);
  void releaseGraphics();
  void blitIntoWidgetFramebuffer();
  // Passes a Qt position (logical pixels, y down) to the interactor in device pixels, y up.
  void setEventInformation(const QPointF& position, Qt::KeyboardModifiers modifiers);

  vtkNew<vtkGenericOpenGLRenderWindow> renderWindow_;
  vtkNew<vtkRenderer> renderer_;
  vtkNew<vtkRenderStepsPass> renderSteps_;
  vtkNew<vtkGenericRenderWindowInteractor> interactor_;
  QTimer stillFrame_;
  bool streaming_ = false;
  bool lastFrameSmoothed_ = false;
  bool mode3D_ = true;
  bool inPaint_ = false;
  int framesRendered_ = 0;
  QPoint pressPosition_;
};

}  // namespace geodex
