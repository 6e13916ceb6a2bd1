#include "core/diffusion/noise_schedule.h"

#include <cmath>
#include <numbers>

#include "core/util/checkpoint_header.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"
#include "core/util/enum_names.h"

namespace geodex {

NoiseSchedule::NoiseSchedule(const NoiseScheduleOptions& options) : kind_(options.kind) {
  const int T = options.timesteps;
  if (T < 1 || T > kMaxTimesteps)
    throw InvalidArgumentError("a noise schedule takes 1 to " + std::to_string(kMaxTimesteps) +
                               " timesteps, got " + std::to_string(T));
  betas_.resize(T);
  if (options.kind == NoiseScheduleKind::Linear || options.kind == NoiseScheduleKind::ScaledLinear) {
    if (!(options.betaStart > 0.0 && options.betaEnd < 1.0 && options.betaStart <= options.betaEnd))
      throw InvalidArgumentError("linear schedule needs 0 < β_start ≤ β_end < 1");
    // Scaled-linear interpolates √β linearly and squares (diffusers' "scaled_linear").
    const bool scaled = options.kind == NoiseScheduleKind::ScaledLinear;
    const double start = scaled ? std::sqrt(options.betaStart) : options.betaStart;
    const double end = scaled ? std::sqrt(options.betaEnd) : options.betaEnd;
    for (int t = 0; t < T; ++t) {
      const double b = T == 1 ? start : start + (end - start) * t / (T - 1);
      betas_[t] = scaled ? b * b : b;
    }
  } else {
    if (!(options.cosineOffset >= 0.0 && options.cosineOffset <= 1.0) ||
        !(options.maxBeta > 0.0 && options.maxBeta < 1.0))
      throw InvalidArgumentError("cosine schedule needs 0 ≤ offset ≤ 1 and 0 < max β < 1");
    // ᾱ(τ) = f(τ)/f(0), f(τ) = cos²((τ/T + s)/(1 + s)·π/2); β_t = 1 − ᾱ(t+1)/ᾱ(t), clipped.
    const double s = options.cosineOffset;
    auto f = [&](double tau) {
      const double c = std::cos((tau / T + s) / (1.0 + s) * std::numbers::pi / 2.0);
      return c * c;
    };
    for (int t = 0; t < T; ++t) betas_[t] = std::min(1.0 - f(t + 1.0) / f(t), options.maxBeta);
  }
  alphaBars_.resize(T);
  double product = 1.0;
  for (int t = 0; t < T; ++t) {
    product *= 1.0 - betas_[t];
    alphaBars_[t] = product;
  }
}

namespace {
NoiseScheduleOptions linearOptions(NoiseScheduleKind kind, int timesteps, double betaStart,
                                   double betaEnd) {
  NoiseScheduleOptions options;
  options.kind = kind;
  options.timesteps = timesteps;
  options.betaStart = betaStart;
  options.betaEnd = betaEnd;
  return options;
}
}  // namespace

NoiseSchedule NoiseSchedule::linear(int timesteps, double betaStart, double betaEnd) {
  return NoiseSchedule(linearOptions(NoiseScheduleKind::Linear, timesteps, betaStart, betaEnd));
}

NoiseSchedule NoiseSchedule::scaledLinear(int timesteps, double betaStart, double betaEnd) {
  return NoiseSchedule(linearOptions(NoiseScheduleKind::ScaledLinear, timesteps, betaStart, betaEnd));
}

NoiseSchedule NoiseSchedule::cosine(int timesteps, double offset) {
  NoiseScheduleOptions options;
  options.kind = NoiseScheduleKind::Cosine;
  options.timesteps = timesteps;
  options.cosineOffset = offset;
  return NoiseSchedule(options);
}

void NoiseSchedule::checkTimestep(int t) const {
  if (t < 0 || t >= timesteps())
    throw InvalidArgumentError("timestep " + std::to_string(t) + " is outside the schedule's [0, " +
                               std::to_string(timesteps() - 1) + "]");
}

double NoiseSchedule::beta(int t) const {
  checkTimestep(t);
  return betas_[t];
}

double NoiseSchedule::alphaBar(int t) const {
  checkTimestep(t);
  return alphaBars_[t];
}

double NoiseSchedule::sigma(int t) const { return std::sqrt(1.0 - alphaBar(t)); }
double NoiseSchedule::signalScale(int t) const { return std::sqrt(alphaBar(t)); }

Eigen::MatrixXd NoiseSchedule::scoreFromEpsilon(const Eigen::MatrixXd& epsilon, int t) const {
  return epsilon * scoreFactor(t);
}

Eigen::MatrixXd NoiseSchedule::epsilonFromScore(const Eigen::MatrixXd& score, int t) const {
  return score * (-sigma(t));
}

NoiseScheduleOptions noiseScheduleFromHeader(const CheckpointHeader& header) {
  NoiseScheduleOptions schedule;
  header.check([&] { schedule.kind = parseNoiseScheduleKind(header.text("schedule")); });
  schedule.timesteps = header.integer("timesteps", 1, NoiseSchedule::kMaxTimesteps);
  schedule.betaStart = header.number("beta_start", 0.0, 1.0);
  schedule.betaEnd = header.number("beta_end", 0.0, 1.0);
  schedule.cosineOffset = header.number("cosine_offset", 0.0, 1.0);
  schedule.maxBeta = header.number("max_beta", 0.0, 1.0);
  header.check([&] { NoiseSchedule{schedule}; });
  return schedule;
}

// As users type them (options, JSON, menus).
static const EnumNames<NoiseScheduleKind> kScheduleNames = {
    {NoiseScheduleKind::Linear, "linear"}, {NoiseScheduleKind::Cosine, "cosine"},
    {NoiseScheduleKind::ScaledLinear, "scaled_linear"}};
NoiseScheduleKind parseNoiseScheduleKind(const std::string& text) { return parseEnumName(kScheduleNames, text, "noise schedule"); }
std::string toString(NoiseScheduleKind kind) { return enumName(kScheduleNames, kind); }

}  // namespace geodex
