#include "ui/images/interpolation_table.h"

#include <vector>

namespace geodex {

namespace {

double mean(const std::vector<double>& values) {
  double sum = 0;
  for (const double x : values) sum += x;
  return values.empty() ? 0.0 : sum / double(values.size());
}

}  // namespace

QString labelOf(InterpolationMethod method) {
  switch (method) {
    case InterpolationMethod::Geodesic: return "geodesic";
    case InterpolationMethod::Lerp: return "LERP";
    case InterpolationMethod::Slerp: return "SLERP";
    case InterpolationMethod::NoiseDiffusion: return "NoiseDiffusion";
  }
  return {};
}

QString interpolationTable(const ImageInterpolationResult& result) {
  QString table = "<table width='100%'><tr><th align='left'>path</th><th>latent length</th>"
                  "<th>step CV</th><th>max/mean</th><th>SSIM</th><th>BRISQUE</th></tr>";
  for (const ImageInterpolationPath& path : result.paths)
    table += QString("<tr><td>%1</td><td align='right'>%2</td><td align='right'>%3</td>"
                     "<td align='right'>%4</td><td align='right'>%5</td><td align='right'>%6</td></tr>")
                 .arg(labelOf(path.method))
                 .arg(path.length, 0, 'g', 4)
                 .arg(path.metrics.uniformity.coefficientOfVariation, 0, 'f', 3)
                 .arg(path.metrics.uniformity.maxOverMean, 0, 'f', 2)
                 .arg(mean(path.metrics.ssim), 0, 'f', 3)
                 .arg(path.metrics.brisqueAvailable ? QString::number(mean(path.metrics.brisque), 'f', 1)
                                                    : QString("–"));
  return table + "</table><p>Step CV: spread of the steps between frames (0 = even); "
                 "BRISQUE: no-reference quality, lower is better.</p>";
}

}  // namespace geodex
