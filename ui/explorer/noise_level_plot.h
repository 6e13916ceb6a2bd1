#pragma once
// The σ diagnosis drawn (Qt Charts): four small charts against σ on a log axis — the angle between
// score and true normal, the tangential fraction ‖P_T s‖/‖s‖, the metric's anisotropy 1 + λ‖s‖²,
// and the geodesic's largest distance to the manifold with its length error — each with dashed
// marker lines at the window's current σ and at the window's default σ. The U-Net's diagnosis
// goes on the same four charts against t: the angle to the normal space, the fraction along the
// rotation tangent (with a random direction's as a dotted line), the anisotropy, and the cosine
// to the true denoising direction; the black marker is then the paper's t = 400.
#include <QColor>
#include <QWidget>

#include "core/pipelines/digit_noise_level_diagnosis.h"
#include "core/pipelines/noise_level_diagnosis.h"

class QChartView;

namespace geodex {

class NoiseLevelPlot : public QWidget {
  Q_OBJECT
 public:
  // The colours, for the pixel tests: saturated and far apart.
  static inline const QColor kAngle{30, 90, 220};
  static inline const QColor kTangential{20, 160, 60};
  static inline const QColor kAnisotropy{230, 120, 0};
  static inline const QColor kDistance{210, 30, 30};
  static inline const QColor kLengthError{150, 40, 190};
  static inline const QColor kCurrentSigma{0, 0, 0};
  static inline const QColor kDefaultSigma{150, 150, 150};

  explicit NoiseLevelPlot(QWidget* parent = nullptr);

  // Draws `diagnosis` with the markers at `currentSigma` and `defaultSigma` (≤ 0: no marker).
  void setDiagnosis(const NoiseLevelDiagnosis& diagnosis, double currentSigma, double defaultSigma);
  // Against t, with the marker at `paperT` (and `windowT` in grey when it differs).
  void setDiagnosis(const DigitNoiseLevelDiagnosis& diagnosis, int paperT, int windowT);
  int rowCount() const { return rows_; }

 private:
  QChartView* charts_[4];
  int rows_ = 0;
};

}  // namespace geodex
