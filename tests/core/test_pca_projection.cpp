// PcaProjection against exact answers: points on a known plane in R^50 project without loss,
// axes are orthonormal and sorted by variance, and bad input is refused.
#include <QTest>
#include <random>

#include "core/eval/pca_projection.h"
#include "core/util/errors.h"

using geodex::PcaProjection;

class TestPcaProjection : public QObject {
  Q_OBJECT
 private slots:
  void recoversAKnownPlane() {
    // An ellipse of semi-axes 3 and 1 in the plane spanned by two orthonormal vectors of R^50.
    std::mt19937 random(3);
    std::normal_distribution<double> gaussian;
    Eigen::MatrixXd basis = Eigen::MatrixXd::NullaryExpr(50, 2, [&] { return gaussian(random); });
    basis = Eigen::HouseholderQR<Eigen::MatrixXd>(basis).householderQ() * Eigen::MatrixXd::Identity(50, 2);
    const Eigen::VectorXd offset = Eigen::VectorXd::Constant(50, 0.7);
    const int n = 360;
    Eigen::MatrixXd plane(2, n);
    for (int j = 0; j < n; ++j) plane.col(j) << 3 * std::cos(2 * M_PI * j / n), std::sin(2 * M_PI * j / n);
    const Eigen::MatrixXd data = (basis * plane).colwise() + offset;

    const PcaProjection pca(data, 2);
    QVERIFY((pca.mean() - offset).norm() < 1e-12);
    QVERIFY((pca.axes().transpose() * pca.axes() - Eigen::Matrix2d::Identity()).norm() < 1e-12);
    QVERIFY(std::abs(pca.explainedFraction() - 1.0) < 1e-12);
    // Variances of 3cos and sin over a full period: 9/2 and 1/2 (times n/(n−1)).
    QVERIFY(std::abs(pca.variances()[0] - 4.5 * n / (n - 1)) < 1e-9);
    QVERIFY(std::abs(pca.variances()[1] - 0.5 * n / (n - 1)) < 1e-9);
    // Projections keep distances within the plane exactly.
    const Eigen::MatrixXd projected = pca.project(data);
    QVERIFY(std::abs((projected.col(0) - projected.col(90)).norm() - (plane.col(0) - plane.col(90)).norm()) < 1e-9);
    // The first axis is the long one: up to sign, it is basis·e₁.
    QVERIFY(std::abs(std::abs(pca.axes().col(0).dot(basis.col(0))) - 1.0) < 1e-9);
  }

  void refusesBadInput() {
    QVERIFY_THROWS_EXCEPTION(geodex::InvalidArgumentError, PcaProjection(Eigen::MatrixXd::Ones(5, 1), 1));
    QVERIFY_THROWS_EXCEPTION(geodex::InvalidArgumentError, PcaProjection(Eigen::MatrixXd::Random(5, 4), 4));
    Eigen::MatrixXd nan = Eigen::MatrixXd::Random(5, 10);
    nan(2, 3) = std::nan("");
    QVERIFY_THROWS_EXCEPTION(geodex::InvalidArgumentError, PcaProjection(nan, 2));
    const PcaProjection pca(Eigen::MatrixXd::Random(5, 10), 2);
    QVERIFY_THROWS_EXCEPTION(geodex::InvalidArgumentError, pca.project(Eigen::MatrixXd::Ones(4, 1)));
  }
};

QTEST_MAIN(TestPcaProjection)
#include "test_pca_projection.moc"
