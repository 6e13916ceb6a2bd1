// The Qt 6 ↔ VTK bridge renders what VTK draws into the widget (grabs see it, not black or
// empty), follows resizes, forwards mouse input and reports picks.
#include <vtkActor.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkInteractorObserver.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderWindowInteractor.h>
#include <vtkRenderer.h>
#include <vtkSphereSource.h>
#include <QSignalSpy>
#include <QTest>

#include "pixel_checks.h"
#include "ui_test_support.h"
#include "ui/common/vtk_open_gl_widget.h"

using geodex::VtkOpenGlWidget;
using namespace geodex::test;

namespace {

// A flat red sphere (radius 0.5 at the origin, unlit so every pixel is pure red) on dark blue.
constexpr int kBackground[3] = {0, 0, 128};

void addRedSphere(VtkOpenGlWidget& view) {
  vtkNew<vtkSphereSource> source;
  source->SetRadius(0.5);
  source->SetThetaResolution(48);
  source->SetPhiResolution(48);
  vtkNew<vtkPolyDataMapper> mapper;
  mapper->SetInputConnection(source->GetOutputPort());
  vtkNew<vtkActor> actor;
  actor->SetMapper(mapper);
  actor->GetProperty()->SetColor(1, 0, 0);
  actor->GetProperty()->SetAmbient(1);
  actor->GetProperty()->SetDiffuse(0);
  actor->GetProperty()->SetSpecular(0);
  view.renderer()->AddActor(actor);
  view.renderer()->SetBackground(kBackground[0] / 255.0, kBackground[1] / 255.0,
                                 kBackground[2] / 255.0);
  view.renderer()->ResetCamera();
}

// The red sphere in a 320×240 view, shown: whether it was exposed and rendered a frame (5 s).
bool showRedSphere(VtkOpenGlWidget& view) {
  addRedSphere(view);
  view.resize(320, 240);
  view.show();
  return QTest::qWaitForWindowExposed(&view) &&
         QTest::qWaitFor([&] { return view.framesRendered() > 0; });
}

bool isRed(QRgb pixel) {
  return isNear(pixel, 255, 0, 0, 8);
}
bool isBackground(QRgb pixel) {
  return isNear(pixel, kBackground[0], kBackground[1], kBackground[2], 3);
}

// The picture shows the red sphere in the middle and background in the corners, at `size`.
void checkPicture(const QImage& picture, const QSize& size) {
  const QImage image = picture.convertToFormat(QImage::Format_RGB32);
  QCOMPARE(image.size(), size);
  const QPoint centre(image.width() / 2, image.height() / 2);
  for (int dy = -3; dy <= 3; ++dy)
    for (int dx = -3; dx <= 3; ++dx)
      QVERIFY2(isRed(image.pixel(centre + QPoint(dx, dy))),
               qPrintable(QString("centre pixel %1 is not red").arg(image.pixel(centre), 8, 16)));
  for (const QPoint corner :
       {QPoint(1, 1), QPoint(image.width() - 2, 1), QPoint(1, image.height() - 2),
        QPoint(image.width() - 2, image.height() - 2)})
    QVERIFY2(isBackground(image.pixel(corner)),
             qPrintable(
                 QString("corner pixel %1 is not the background").arg(image.pixel(corner), 8, 16)));
  // The sphere is drawn centred in the whole picture (not stretched or offset by a stale size).
  const QRect sphere = boundingRect(image, isRed);
  QVERIFY(std::abs(sphere.center().x() - centre.x()) <= 3);
  QVERIFY(std::abs(sphere.center().y() - centre.y()) <= 3);
  QVERIFY(sphere.height() > image.height() / 4);
  QVERIFY(std::abs(sphere.width() - sphere.height()) <= 3);  // round, not squashed
}

}  // namespace

class TestVtkBridge : public QObject {
  Q_OBJECT

 private slots:
  void grabsShowTheRenderedActor() {
    VtkOpenGlWidget view;
    QVERIFY(showRedSphere(view));
    const QSize deviceSize = view.size() * view.devicePixelRatio();
    checkPicture(view.grabView(), deviceSize);
    checkPicture(view.grab().toImage(), deviceSize);
  }

  void resizeRendersAtTheNewSize() {
    VtkOpenGlWidget view;
    QVERIFY(showRedSphere(view));
    const int frames = view.framesRendered();
    view.resize(520, 280);
    QTRY_COMPARE(view.size(), QSize(520, 280));
    QTRY_VERIFY(view.framesRendered() > frames);
    checkPicture(view.grabView(), view.size() * view.devicePixelRatio());
  }

  void clickPicksTheSurfacePoint() {
    VtkOpenGlWidget view;
    QVERIFY(showRedSphere(view));
    QSignalSpy picked(&view, &VtkOpenGlWidget::pointPicked);

    // The default camera looks down -z: the centre of the view is the sphere's front pole.
    QTest::mouseClick(&view, Qt::LeftButton, {}, view.rect().center());
    QCOMPARE(picked.count(), 1);
    const auto point = picked.at(0).at(0).value<Eigen::Vector3d>();
    QVERIFY2(std::abs(point.norm() - 0.5) < 0.02, qPrintable(QString::number(point.norm())));
    QVERIFY(point.z() > 0.45);

    // Background and drags pick nothing.
    QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(3, 3));
    QTest::mousePress(&view, Qt::LeftButton, {}, view.rect().center());
    QTest::mouseMove(&view, view.rect().center() + QPoint(40, 0));
    QTest::mouseRelease(&view, Qt::LeftButton, {}, view.rect().center() + QPoint(40, 0));
    QCOMPARE(picked.count(), 1);
  }

  void rendersAgainAfterMovingToAnotherWindow() {
    // Moving a QOpenGLWidget to another top-level window replaces its GL context: VTK must
    // release its resources in the old one and start over in the new one.
    auto* view = new VtkOpenGlWidget;
    addRedSphere(*view);
    view->resize(320, 240);
    view->show();
    QVERIFY(QTest::qWaitForWindowExposed(view));
    QTRY_VERIFY(view->framesRendered() > 0);
    const int frames = view->framesRendered();

    QWidget window;
    view->setParent(&window);
    view->setGeometry(0, 0, 320, 240);
    window.resize(320, 240);
    window.show();
    view->show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(view->framesRendered() > frames);
    checkPicture(view->grabView(), view->size() * view->devicePixelRatio());
  }

  void switchesBetween3DAnd2DInteraction() {
    VtkOpenGlWidget view;
    auto style = [&] { return view.renderWindow()->GetInteractor()->GetInteractorStyle(); };
    QVERIFY(view.interactionMode3D());
    QVERIFY(style()->IsA("vtkInteractorStyleTrackballCamera"));
    view.setInteractionMode3D(false);
    QVERIFY(!view.interactionMode3D());
    QVERIFY(style()->IsA("vtkInteractorStyleImage"));
  }
};

GEODEX_VTK_TEST_MAIN(TestVtkBridge)
#include "test_vtk_bridge.moc"
