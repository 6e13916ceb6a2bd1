#pragma once
// The frames of one camera turn round the explorer's scene, one frame per turn of the event loop
// so that the window stays responsive while the (software) renderer works: frame k is the view
// turned by k·360°/N (about the view's up axis; 2D scenes roll in their plane). The camera is put
// back at the end or when stopped. Rendering is the GUI thread's: this object lives there.
#include <QObject>
#include <memory>

#include <vtkSmartPointer.h>

class vtkCamera;

namespace geodex {

class VtkOpenGlWidget;
class ViewAnimationRecorder;

class OrbitCapture : public QObject {
  Q_OBJECT
 public:
  OrbitCapture(VtkOpenGlWidget* view, bool twoD, int frames, QObject* parent = nullptr);
  ~OrbitCapture() override;

  void start();
  // Puts the camera back; no `finished`.
  void stop();
  bool running() const { return next_ < frames_ && started_; }

 Q_SIGNALS:
  void progressed(int frame, int frames);
  // Every frame taken; the recorder is the receiver's.
  void finished(std::shared_ptr<ViewAnimationRecorder> frames);

 private:
  void takeFrame();
  void restoreCamera();

  VtkOpenGlWidget* view_;
  bool twoD_;
  int frames_;
  int next_ = 0;
  bool started_ = false;
  vtkSmartPointer<vtkCamera> saved_;
  std::shared_ptr<ViewAnimationRecorder> recorder_;
};

}  // namespace geodex
