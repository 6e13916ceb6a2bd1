// Stable Diffusion 1.5-sized networks on this machine, with random weights (no download): the
// real architecture (860 M U-Net, 84 M VAE, 123 M CLIP text encoder) written as a 2 GB F16
// single-file checkpoint under the original key names, then
//   - loading it in a fresh `geodex-cli model-probe` process: seconds and peak resident memory;
//   - per U-Net forward and per score + vector–Jacobian product (what the geodesic solver pays per
//     path point) at 256² and 512², batch 1 and 2 (the solver's default chunk);
//   - per VAE decode; achieved GFLOP/s (analytic count) against a large matrix product's;
//   - optionally (--interpolate) one complete `interpolate --method all` at 256² with the
//     default points, timed as a whole process with its peak memory.
// Usage: bench_stable_diffusion [--threads N] [--checkpoint FILE] [--keep] [--interpolate]
//        [--quick]   (--quick: 256² only)
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/data/safetensors_file.h"
#include "core/diffusion/epsilon_score_model.h"
#include "core/diffusion/stable_diffusion/clip_text_encoder.h"
#include "core/diffusion/stable_diffusion/native_stable_diffusion.h"
#include "core/diffusion/stable_diffusion/sd_unet.h"
#include "core/diffusion/stable_diffusion/sd_unet_epsilon_model.h"
#include "core/diffusion/stable_diffusion/sd_vae.h"
#include "core/score/score_model.h"
#include "core/util/blas_library.h"
#include "core/util/omp_wait_policy.h"
#include "core/util/process_memory.h"
#include "core/util/stopwatch.h"
#include "core/util/torch_threads.h"

using namespace geodex;
namespace fs = std::filesystem;

namespace {

// Median seconds of `runs` calls after one warm-up.
template <class F>
double medianSeconds(int runs, F&& f) {
  f();
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    const Stopwatch start;
    f();
    times.push_back(start.seconds());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

// FLOPs of one U-Net forward at an h × w latent (2 per multiply–add; convolutions, linear
// layers and the attention products; norms and activations left out), following the
// constructor's layout.
double unetFlops(const SdUnetConfig& c, std::int64_t h, std::int64_t w, std::int64_t contextTokens) {
  double flops = 0;
  const auto conv = [&](double in, double out, double k, double tokens) { flops += 2 * in * out * k * k * tokens; };
  const auto res = [&](double in, double out, double tokens) {
    conv(in, out, 3, tokens);
    conv(out, out, 3, tokens);
    if (in != out) conv(in, out, 1, tokens);
  };
  const auto transformer = [&](double ch, double tokens) {
    const double m = double(contextTokens), cc = double(c.contextDim);
    flops += 2 * 2 * ch * ch * tokens;                  // proj_in, proj_out
    flops += 4 * 2 * ch * ch * tokens;                  // attn1 q, k, v, out
    flops += 2 * 2 * tokens * tokens * ch;              // attn1 scores and values
    flops += 2 * 2 * ch * ch * tokens + 2 * 2 * cc * ch * m;  // attn2 q, out; k, v of the context
    flops += 2 * 2 * tokens * m * ch;                   // attn2 scores and values
    flops += 2 * ch * 8 * ch * tokens + 2 * 4 * ch * ch * tokens;  // GEGLU and its projection
  };
  double tokens = double(h * w), ch = double(c.modelChannels);
  conv(4, ch, 3, tokens);
  std::vector<double> skips{ch};
  for (int level = 0; level < c.levels(); ++level) {
    for (int r = 0; r < c.resBlocks; ++r) {
      const double out = double(c.channelMult[level] * c.modelChannels);
      res(ch, out, tokens);
      ch = out;
      if (c.attention[level]) transformer(ch, tokens);
      skips.push_back(ch);
    }
    if (level != c.levels() - 1) {
      tokens /= 4;
      conv(ch, ch, 3, tokens);
      skips.push_back(ch);
    }
  }
  res(ch, ch, tokens);
  transformer(ch, tokens);
  res(ch, ch, tokens);
  for (int level = c.levels() - 1; level >= 0; --level)
    for (int r = 0; r <= c.resBlocks; ++r) {
      const double out = double(c.channelMult[level] * c.modelChannels);
      res(ch + skips.back(), out, tokens);
      skips.pop_back();
      ch = out;
      if (c.attention[level]) transformer(ch, tokens);
      if (level > 0 && r == c.resBlocks) {
        tokens *= 4;
        conv(ch, ch, 3, tokens);
      }
    }
  conv(ch, 4, 3, tokens);
  return flops;
}

// The 2 GB F16 file: SD 1.5's networks with LibTorch's default initialisation, under the
// original single-file names.
void writeCheckpoint(const std::string& path) {
  const StableDiffusionArchitecture a;  // SD 1.5 by default
  std::vector<torch::Tensor> keep;
  std::vector<SafetensorsEntry> entries;
  const auto add = [&](torch::nn::Module& module, const std::string& prefix) {
    torch::NoGradGuard noGrad;
    for (const auto& item : module.named_parameters()) {
      keep.push_back(item.value().to(torch::kFloat16).contiguous());
      entries.push_back({prefix + item.key(), SafetensorsDtype::F16, keep.back().sizes().vec(),
                         std::string_view(static_cast<const char*>(keep.back().data_ptr()),
                                          std::size_t(keep.back().numel() * 2))});
    }
  };
  {
    SdUnet unet(a.unet);
    add(*unet, "model.diffusion_model.");
  }
  {
    SdVae vae(a.vae);
    add(*vae, "first_stage_model.");
  }
  {
    ClipTextEncoder text(a.text);
    add(*text, "cond_stage_model.transformer.text_model.");
  }
  writeSafetensors(path, entries, {{"format", "pt"}, {"note", "geodex bench: random weights"}});
}

// Runs a command as a child process: wall seconds, the child's peak resident memory, its output.
struct ChildRun {
  double seconds = 0;
  std::uint64_t peakBytes = 0;
  int status = -1;
  std::string output;
};
ChildRun runChild(const std::vector<std::string>& arguments) {
  ChildRun run;
  int pipeFds[2];
  if (::pipe(pipeFds) != 0) return run;
  const Stopwatch start;
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(pipeFds[1], 1);
    ::close(pipeFds[0]);
    std::vector<char*> argv;
    for (const std::string& a : arguments) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    std::_Exit(127);
  }
  ::close(pipeFds[1]);
  char buffer[4096];
  for (ssize_t n; (n = ::read(pipeFds[0], buffer, sizeof buffer)) > 0;) run.output.append(buffer, std::size_t(n));
  ::close(pipeFds[0]);
  struct rusage usage {};
  ::wait4(pid, &run.status, 0, &usage);
  run.seconds = start.seconds();
  run.peakBytes = std::uint64_t(usage.ru_maxrss) * 1024;
  return run;
}

}  // namespace

int main(int argc, char** argv) {
  geodex::preferPassiveOpenMpWaiting(argv);  // first: it may re-execute the program
  int threads = 0;
  std::string checkpoint;
  bool keep = false, interpolate = false, quick = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--threads" && i + 1 < argc) threads = std::atoi(argv[++i]);
    else if (arg == "--checkpoint" && i + 1 < argc) checkpoint = argv[++i];
    else if (arg == "--keep") keep = true;
    else if (arg == "--interpolate") interpolate = true;
    else if (arg == "--quick") quick = true;
    else {
      std::fprintf(stderr, "usage: bench_stable_diffusion [--threads N] [--checkpoint FILE] [--keep] [--interpolate] [--quick]\n");
      return 2;
    }
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // rows appear as they are measured
  const fs::path bin = fs::canonical(fs::path(argv[0])).parent_path();
  const fs::path work = fs::temp_directory_path() / ("geodex-bench-sd-" + std::to_string(::getpid()));
  fs::create_directories(work);
  const ScopedTorchThreads scoped(threads);
  std::printf("LibTorch intra-op threads: %d; BLAS: %s\n\n", scoped.threads(), blasLibraryPath().c_str());

  if (checkpoint.empty()) checkpoint = (work / "sd15-random.safetensors").string();
  if (!fs::exists(checkpoint)) {
    const Stopwatch start;
    writeCheckpoint(checkpoint);
    std::printf("wrote %s: %.2f GB in %.1f s\n\n", checkpoint.c_str(),
                double(fs::file_size(checkpoint)) / 1e9, start.seconds());
  }

  std::printf("| what | figure |\n|---|---|\n");
  const ChildRun probe = runChild({(bin / "geodex-cli").string(), "model-probe", "--model", checkpoint, "--out",
                                   (work / "probe").string(), "--device", "cpu", "--threads",
                                   std::to_string(scoped.threads()), "--json", "-"});
  if (probe.status == 0) {
    const nlohmann::json report = nlohmann::json::parse(probe.output);
    std::printf("| load a 2 GB F16 checkpoint (model-probe, whole process) | %.1f s loading, %.1f s in all, peak RSS %.2f GB |\n",
                report["load_seconds"].get<double>(), probe.seconds, double(probe.peakBytes) / 1e9);
    std::printf("| parameters | U-Net %.0f M, VAE %.1f M, text encoder %.1f M |\n",
                report["parameters"]["unet"].get<double>() / 1e6, report["parameters"]["vae"].get<double>() / 1e6,
                report["parameters"]["text_encoder"].get<double>() / 1e6);
  } else {
    std::printf("| load (model-probe) | failed with status %d |\n", probe.status);
  }

  NativeLoadOptions options;
  NativeStableDiffusion model = loadNativeStableDiffusion(checkpoint, options);
  std::printf("| in this process after loading | peak RSS %.2f GB |\n", double(peakResidentBytes()) / 1e9);

  // A large matrix product: what this machine's kernels reach at best.
  const torch::Tensor a = torch::randn({2048, 2048}), b = torch::randn({2048, 2048});
  const double mm = medianSeconds(5, [&] { torch::mm(a, b); });
  const double peak = 2.0 * 2048 * 2048 * 2048 / mm / 1e9;
  std::printf("| float32 matrix product 2048² | %.0f GFLOP/s |\n", peak);

  std::printf("\n| network | image | batch | seconds | GFLOP/s | peak RSS |\n|---|---|---|---|---|---|\n");
  for (const int image : quick ? std::vector<int>{256} : std::vector<int>{256, 512}) {
    const std::int64_t side = image / 8;
    const double flops = unetFlops(model.architecture.unet, side, side, 77);
    for (const int batch : {1, 2}) {
      torch::NoGradGuard noGrad;
      const torch::Tensor x = torch::randn({batch, 4, side, side});
      const torch::Tensor t = torch::full({batch}, 400, torch::kLong);
      const double s = medianSeconds(image == 512 ? 1 : 3, [&] { model.unet->forward(x, t, model.context); });
      std::printf("| U-Net forward | %d² | %d | %.2f | %.0f | %.2f GB |\n", image, batch, s,
                  flops * batch / s / 1e9, double(peakResidentBytes()) / 1e9);
    }
    // What the solver pays per iteration and point: ε̂ and J^T v through autograd, as the score
    // model the geodesic solver calls (float64 Eigen columns in and out).
    const auto unet = std::make_shared<SdUnetEpsilonModel>(model.unet, model.context, model.architecture.prediction,
                                                           model.schedule, std::vector<std::int64_t>{4, side, side},
                                                           torch::Device(torch::kCPU), torch::kFloat32);
    const std::unique_ptr<ScoreModel> score = makeEpsilonScoreModel(unet, model.schedule, 400);
    for (const int batch : {1, 2}) {
      const Eigen::MatrixXd points = Eigen::MatrixXd::Random(4 * side * side, batch);
      const Eigen::MatrixXd vectors = Eigen::MatrixXd::Random(4 * side * side, batch);
      const double s = medianSeconds(image == 512 ? 1 : 3, [&] { score->scoreAndVectorJacobianProduct(points, vectors); });
      std::printf("| score + VJP (U-Net forward and backward to the input) | %d² | %d | %.2f | %.0f | %.2f GB |\n",
                  image, batch, s, 2 * flops * batch / s / 1e9, double(peakResidentBytes()) / 1e9);
    }
    {
      torch::NoGradGuard noGrad;
      const torch::Tensor z = torch::randn({1, 4, side, side});
      const double s = medianSeconds(image == 512 ? 1 : 3, [&] { model.vae->decode(z); });
      std::printf("| VAE decode | %d² | 1 | %.2f | — | %.2f GB |\n", image, s, double(peakResidentBytes()) / 1e9);
    }
  }

  if (interpolate) {
    const std::string images = std::string(GEODEX_SOURCE_DIR) + "/resources/images/";
    const ChildRun run = runChild({(bin / "geodex-cli").string(), "interpolate", "--model", checkpoint, "--a",
                                   images + "astronaut.png", "--b", images + "chelsea.png", "--method", "all",
                                   "--image-size", "256", "--device", "cpu", "--threads",
                                   std::to_string(scoped.threads()), "--json", (work / "interpolate.json").string()});
    std::printf("\n| interpolate --method all, 256², default points (whole process) | %.0f s, peak RSS %.2f GB, exit %d |\n",
                run.seconds, double(run.peakBytes) / 1e9, WIFEXITED(run.status) ? WEXITSTATUS(run.status) : -1);
  }
  if (!keep) fs::remove_all(work);
  else std::printf("\nkept %s\n", work.c_str());
  return 0;
}
