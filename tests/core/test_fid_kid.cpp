// FID and KID (core/eval/fid_kid.h) against exact answers: sample sets built so that their
// sample mean and covariance are known exactly, the closed form for commuting covariances,
// an independent trace formula for non-commuting ones, and a brute-force double loop for KID.
#include <QtTest>
#include <cmath>
#include <random>

#include "core/eval/fid_kid.h"
#include "core/util/errors.h"

using namespace geodex;

namespace {

Eigen::MatrixXd randomMatrix(int rows, int cols, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal;
  Eigen::MatrixXd m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = normal(rng);
  return m;
}

// n samples [n × F] whose sample mean is exactly `mean` and unbiased sample covariance exactly
// rotation·diag(variances)·rotationᵀ: Z has orthonormal columns orthogonal to the ones vector
// (Householder QR of [1, random]), scaled by √(n − 1), so Zᵀ1 = 0 and ZᵀZ/(n − 1) = I.
Eigen::MatrixXd samplesWith(const Eigen::VectorXd& mean, const Eigen::VectorXd& variances,
                            const Eigen::MatrixXd& rotation, int n, unsigned seed) {
  const int f = int(mean.size());
  Eigen::MatrixXd seedColumns(n, f + 1);
  seedColumns.col(0).setOnes();
  seedColumns.rightCols(f) = randomMatrix(n, f, seed);
  const Eigen::HouseholderQR<Eigen::MatrixXd> qr(seedColumns);
  const Eigen::MatrixXd q = qr.householderQ() * Eigen::MatrixXd::Identity(n, f + 1);
  const Eigen::MatrixXd z = q.rightCols(f) * std::sqrt(double(n - 1));
  return (z * variances.cwiseSqrt().asDiagonal() * rotation.transpose()).rowwise() + mean.transpose();
}

Eigen::MatrixXd randomRotation(int f, unsigned seed) {
  const Eigen::HouseholderQR<Eigen::MatrixXd> qr(randomMatrix(f, f, seed));
  return qr.householderQ() * Eigen::MatrixXd::Identity(f, f);
}

// FID without a matrix square root: with Cᵢ = AᵢᵀAᵢ (Aᵢ the centred samples / √(nᵢ − 1)), the
// eigenvalues of C₁^½C₂C₁^½ are the squared singular values of A₂A₁ᵀ, so
// tr((C₁^½C₂C₁^½)^½) is their sum.
double singularValueFid(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y) {
  const FeatureStatistics sx = featureStatistics(x), sy = featureStatistics(y);
  const Eigen::MatrixXd ax = (x.rowwise() - sx.mean.transpose()) / std::sqrt(double(x.rows() - 1));
  const Eigen::MatrixXd ay = (y.rowwise() - sy.mean.transpose()) / std::sqrt(double(y.rows() - 1));
  const Eigen::JacobiSVD<Eigen::MatrixXd> svd(ay * ax.transpose());
  return (sx.mean - sy.mean).squaredNorm() + sx.covariance.trace() + sy.covariance.trace() -
         2.0 * svd.singularValues().sum();
}

double polynomialKernel(const Eigen::VectorXd& x, const Eigen::VectorXd& y) {
  return std::pow(x.dot(y) / double(x.size()) + 1.0, 3);
}

// The unbiased MMD² written out as loops (Bińkowski et al. 2018, eq. 2 with k polynomial).
double bruteForceKid(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y) {
  const Eigen::Index m = x.rows(), n = y.rows();
  double xx = 0, yy = 0, xy = 0;
  for (Eigen::Index i = 0; i < m; ++i)
    for (Eigen::Index j = 0; j < m; ++j)
      if (i != j) xx += polynomialKernel(x.row(i), x.row(j));
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j)
      if (i != j) yy += polynomialKernel(y.row(i), y.row(j));
  for (Eigen::Index i = 0; i < m; ++i)
    for (Eigen::Index j = 0; j < n; ++j) xy += polynomialKernel(x.row(i), y.row(j));
  return xx / double(m * (m - 1)) + yy / double(n * (n - 1)) - 2.0 * xy / double(m * n);
}

}  // namespace

class TestFidKid : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void statisticsAreTheSampleMeanAndUnbiasedCovariance() {
    Eigen::MatrixXd x(3, 2);
    x << 1, 2, 3, 4, 5, 9;
    const FeatureStatistics s = featureStatistics(x);
    QCOMPARE(s.samples, 3);
    QVERIFY((s.mean - Eigen::Vector2d(3, 5)).norm() < 1e-12);
    Eigen::Matrix2d expected;
    expected << 4, 7, 7, 13;  // Σ(x − μ)(x − μ)ᵀ / (3 − 1)
    QVERIFY((s.covariance - expected).norm() < 1e-12);
  }

  void fidOfASetWithItselfIsZero() {
    const Eigen::MatrixXd x = randomMatrix(40, 12, 1) * 3.0;
    const double scale = featureStatistics(x).covariance.trace();
    QVERIFY2(frechetInceptionDistance(x, x) <= 1e-9 * scale,
             qPrintable(QString::number(frechetInceptionDistance(x, x))));
    // Fewer samples than features: a singular covariance, still 0.
    const Eigen::MatrixXd few = randomMatrix(5, 30, 2);
    QVERIFY(frechetInceptionDistance(few, few) <= 1e-9 * featureStatistics(few).covariance.trace());
  }

  void fidMatchesTheClosedFormForDiagonalCovariances() {
    const int f = 6;
    Eigen::VectorXd mu1(f), mu2(f), a(f), b(f);
    mu1 << 0, 1, 2, 3, 4, 5;
    mu2 << 1, 1, 0, 3, -2, 5;
    a << 1, 4, 9, 0.25, 2, 3;
    b << 4, 1, 9, 1, 0.5, 7;
    double expected = (mu1 - mu2).squaredNorm();
    for (int i = 0; i < f; ++i) expected += std::pow(std::sqrt(a[i]) - std::sqrt(b[i]), 2);
    // From the exact parameters, and from sample sets that have exactly these statistics.
    QVERIFY(std::abs(frechetDistance(mu1, a.asDiagonal().toDenseMatrix(), mu2,
                                     b.asDiagonal().toDenseMatrix()) - expected) < 1e-9 * expected);
    const Eigen::MatrixXd identity = Eigen::MatrixXd::Identity(f, f);
    const Eigen::MatrixXd x = samplesWith(mu1, a, identity, 20, 3);
    const Eigen::MatrixXd y = samplesWith(mu2, b, identity, 31, 4);
    QVERIFY((featureStatistics(x).covariance - Eigen::MatrixXd(a.asDiagonal())).norm() < 1e-10);
    QVERIFY(std::abs(frechetInceptionDistance(x, y) - expected) < 1e-9 * expected);
    // A common rotation of both covariances (still commuting, no longer diagonal) keeps it.
    const Eigen::MatrixXd r = randomRotation(f, 5);
    const double rotated = frechetInceptionDistance(samplesWith(mu1, a, r, 20, 6),
                                                    samplesWith(mu2, b, r, 31, 7));
    QVERIFY2(std::abs(rotated - expected) < 1e-9 * expected, qPrintable(QString::number(rotated)));
    QVERIFY(frechetInceptionDistance(x, y) == frechetInceptionDistance(y, x) ||
            std::abs(frechetInceptionDistance(x, y) - frechetInceptionDistance(y, x)) < 1e-9 * expected);
  }

  void fidMatchesAnIndependentTraceFormula() {
    // Non-commuting covariances, more samples than features (the F × F path).
    const Eigen::MatrixXd x = randomMatrix(15, 8, 8);
    Eigen::MatrixXd y = randomMatrix(22, 8, 9) * randomMatrix(8, 8, 10) * 0.5;
    y.rowwise() += Eigen::RowVectorXd::LinSpaced(8, -1, 1);
    const double expected = singularValueFid(x, y);
    QVERIFY2(std::abs(frechetInceptionDistance(x, y) - expected) < 1e-9 * expected,
             qPrintable(QString("%1 vs %2").arg(frechetInceptionDistance(x, y)).arg(expected)));
  }

  void fewSamplesTakeTheSmallEigenproblemToTheSameValue() {
    // n < F: frechetInceptionDistance works on n × n matrices; frechetDistance of the
    // statistics takes F × F square roots of singular covariances, whose rounding-level
    // eigenvalues (~1e-16) become ~1e-8 under the square root: it agrees only to ~1e-7. The
    // small path must match the singular-value formula to 1e-9.
    const Eigen::MatrixXd x = randomMatrix(7, 40, 17);
    Eigen::MatrixXd y = randomMatrix(11, 40, 18) * 0.7;
    y.rowwise() += Eigen::RowVectorXd::Constant(40, 0.2);
    const double exact = singularValueFid(x, y);
    const double small = frechetInceptionDistance(x, y);
    const double full = frechetDistance(featureStatistics(x), featureStatistics(y));
    QVERIFY2(std::abs(small - exact) < 1e-9 * exact, qPrintable(QString::number(small - exact)));
    QVERIFY(std::abs(frechetInceptionDistance(y, x) - exact) < 1e-9 * exact);
    QVERIFY2(std::abs(full - exact) < 1e-6 * exact, qPrintable(QString::number(full - exact)));
  }

  void kidEqualsTheBruteForceUnbiasedMmd() {
    const Eigen::MatrixXd x = randomMatrix(9, 5, 11);
    const Eigen::MatrixXd y = randomMatrix(13, 5, 12) * 1.5;
    const double expected = bruteForceKid(x, y);
    QVERIFY(std::abs(kernelInceptionDistance(x, y) - expected) < 1e-12 * (1 + std::abs(expected)));
    QVERIFY(std::abs(kernelInceptionDistance(y, x) - expected) < 1e-12 * (1 + std::abs(expected)));
  }

  void kidOfIdenticalSetsIsSmallAndOfShiftedSetsPositive() {
    const Eigen::MatrixXd x = randomMatrix(200, 4, 13);
    // For identical sets the unbiased estimate is −2·mean_i k(xᵢ, xᵢ)/n + O(1/n): small, ≤ 0.
    const double same = kernelInceptionDistance(x, x);
    QVERIFY(std::abs(same - bruteForceKid(x, x)) < 1e-10);
    QVERIFY2(same <= 0 && same > -0.2, qPrintable(QString::number(same)));
    const Eigen::MatrixXd shifted = x.array() + 1.0;
    const double apart = kernelInceptionDistance(x, shifted);
    QVERIFY2(apart > 0.5, qPrintable(QString::number(apart)));
    QVERIFY(kernelInceptionDistance(x, (x.array() + 2.0).matrix()) > apart);  // grows with the shift
  }

  void badInputIsRejected() {
    const Eigen::MatrixXd one = randomMatrix(1, 4, 14), two = randomMatrix(2, 4, 15);
    const Eigen::MatrixXd otherSize = randomMatrix(5, 3, 16);
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, frechetInceptionDistance(one, two));
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, kernelInceptionDistance(two, one));
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, frechetInceptionDistance(two, otherSize));
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, kernelInceptionDistance(two, otherSize));
    Eigen::MatrixXd nan = two;
    nan(0, 0) = std::nan("");
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, frechetInceptionDistance(nan, two));
    try {
      kernelInceptionDistance(two, otherSize);
    } catch (const InvalidArgumentError& e) {
      QVERIFY2(QString(e.what()).contains("4") && QString(e.what()).contains("3"), e.what());
    }
    try {
      frechetInceptionDistance(one, two);
    } catch (const InvalidArgumentError& e) {
      QVERIFY2(QString(e.what()).contains("at least 2"), e.what());
    }
  }
};

QTEST_GUILESS_MAIN(TestFidKid)
#include "test_fid_kid.moc"
