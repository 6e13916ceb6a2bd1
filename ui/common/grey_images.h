#pragma once
// Image columns [rows·cols] in [0, 1] (row-major, as core keeps digits) as grey QImages.
#include <Eigen/Core>
#include <QImage>
#include <vector>

namespace geodex {

QImage greyImage(const Eigen::VectorXd& pixels, int rows, int cols);
// One image per column.
std::vector<QImage> greyImages(const Eigen::MatrixXd& columns, int rows, int cols);

}  // namespace geodex
