#pragma once
// The Qt 6 ↔ VTK bridge: a QOpenGLWidget that hosts a vtkGenericOpenGLRenderWindow, because
// Debian's VTK Qt module is built for Qt 5. VTK renders into its own framebuffer; paintGL blits
// that into the widget's framebuffer (as VTK's QVTKRenderWindowAdapter does), so grabs and
// screenshots see the picture. Mouse, wheel and key events go to a VTK interactor.
#include <QOpenGLWidget>
#include <QSurfaceFormat>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkNew.h>
#include <vtkRenderer.h>

namespace geodex {

class VtkOpenGlWidget : public QOpenGLWidget {
  Q_OBJECT
 public:
  explicit VtkOpenGlWidget(QWidget* parent = nullptr);
  ~VtkOpenGlWidget() override;

  // The format VTK needs (OpenGL 3.2 core, depth + stencil): set as the default before the
  // QApplication exists.
  static QSurfaceFormat defaultFormat();

  vtkRenderer* renderer() const;
  vtkGenericOpenGLRenderWindow* renderWindow() const;
  // 3D: trackball camera. 2D: pan and zoom only, no rotation.
  void setInteractionMode3D(bool threeD);
  // Renders now if the widget is visible (call after changing the scene).
  void requestRender();

 signals:
  // A left click without drag hit this world point on a visible prop.
  void pointPicked(double x, double y, double z);

 protected:
  void initializeGL() override;
  void resizeGL(int width, int height) override;
  void paintGL() override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;

 private:
  void onRenderWindowEvent(vtkObject* caller, unsigned long eventId, void* callData);
  void releaseGraphics();
  // Passes a Qt mouse position (logical pixels) to the interactor in device pixels, y up.
  void setEventPosition(const QPointF& position, Qt::KeyboardModifiers modifiers);

  vtkNew<vtkGenericOpenGLRenderWindow> renderWindow_;
  vtkNew<vtkRenderer> renderer_;
  vtkNew<vtkGenericRenderWindowInteractor> interactor_;
  bool inPaint_ = false;
  QPoint pressPosition_;
};

}  // namespace geodex
