#include "core/diffusion/ddim_sampler.h"

#include <cmath>

#include "core/util/errors.h"
#include "core/util/stopwatch.h"
#include "core/util/torch_threads.h"

namespace geodex {

DdimSampler::DdimSampler(const EpsilonModel& model, NoiseSchedule schedule, DdimOptions options)
    : model_(model), schedule_(std::move(schedule)), options_(options) {
  if (options_.steps < 1) throw InvalidArgumentError("DDIM needs at least 1 step");
  if (options_.batchSize < 1) throw InvalidArgumentError("DDIM batch size must be at least 1");
}

std::vector<int> DdimSampler::timesteps(int t) const {
  if (t < 0 || t >= schedule_.timesteps())
    throw InvalidArgumentError("DDIM start level " + std::to_string(t) + " is outside [0, " +
                               std::to_string(schedule_.timesteps() - 1) + "]");
  if (t == 0) return {0};
  const int k = std::min(options_.steps, t);
  std::vector<int> levels;
  for (int i = k; i >= 1; --i)
    levels.push_back(static_cast<int>(std::lround(static_cast<double>(i) * t / k)));
  return levels;
}

DdimResult DdimSampler::denoise(const torch::Tensor& xt, int t, const SolverControl& control) const {
  const Stopwatch start;
  DdimResult result;
  result.timesteps = timesteps(t);
  const ScopedTorchThreads threads(options_.threads);
  torch::NoGradGuard noGrad;
  const std::int64_t total = xt.dim() > 0 ? xt.size(0) : 0;
  // The update runs in float64 whatever the model's dtype: K steps of rounding add up.
  const torch::Tensor state = xt.to(model_.device(), torch::kFloat64);
  std::vector<torch::Tensor> chunks;
  const std::int64_t batches = (total + options_.batchSize - 1) / options_.batchSize;
  const std::int64_t calls = batches * static_cast<std::int64_t>(result.timesteps.size());
  std::int64_t call = 0;
  for (std::int64_t begin = 0; begin < total; begin += options_.batchSize) {
    torch::Tensor x = state.narrow(0, begin, std::min<std::int64_t>(options_.batchSize, total - begin));
    for (std::size_t i = 0; i < result.timesteps.size(); ++i) {
      control.throwIfCancelled("denoising");
      const int tau = result.timesteps[i];
      const double abar = schedule_.alphaBar(tau);
      const double abarPrev =
          i + 1 < result.timesteps.size() ? schedule_.alphaBar(result.timesteps[i + 1]) : 1.0;
      const torch::Tensor eps = model_.predict(x, tau).to(torch::kFloat64);
      // x̂₀ from ε̂, then the deterministic move to the previous level along the same ε̂.
      const torch::Tensor x0 = (x - std::sqrt(1.0 - abar) * eps) / std::sqrt(abar);
      x = std::sqrt(abarPrev) * x0 + std::sqrt(1.0 - abarPrev) * eps;
      result.modelEvaluations += x.size(0);
      ++call;
      if (control.progress) control.progress(static_cast<double>(call) / calls, static_cast<int>(call), 0.0);
    }
    chunks.push_back(x);
  }
  result.samples = (chunks.empty() ? state : torch::cat(chunks, 0)).to(xt.scalar_type());
  result.seconds = start.seconds();
  return result;
}

torch::Tensor perturbToLevel(const torch::Tensor& x0, const torch::Tensor& noise,
                             const NoiseSchedule& schedule, int t) {
  return std::sqrt(schedule.alphaBar(t)) * x0 + std::sqrt(1.0 - schedule.alphaBar(t)) * noise;
}

SharedNoisePerturbation perturbWithSharedNoise(const torch::Tensor& first,
                                               const torch::Tensor& second,
                                               const NoiseSchedule& schedule, int t,
                                               std::uint64_t seed) {
  if (!first.sizes().equals(second.sizes()))
    throw InvalidArgumentError("shared-noise perturbation needs endpoints of one shape, got " +
                               shapeString(first.sizes()) + " and " + shapeString(second.sizes()));
  at::Generator generator = at::detail::createCPUGenerator(seed);
  SharedNoisePerturbation out;
  out.noise = torch::randn(first.sizes(), generator, torch::TensorOptions().dtype(torch::kFloat64))
                  .to(first.device(), first.scalar_type());
  out.first = perturbToLevel(first, out.noise, schedule, t);
  out.second = perturbToLevel(second, out.noise, schedule, t);
  return out;
}

}  // namespace geodex
