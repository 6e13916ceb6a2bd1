// Stable Diffusion networks against the reference implementation: tiny random-weight
// SD 1.x and SD 2.x checkpoints whose every output was computed by the original public code —
// CompVis' and Stability-AI's latent-diffusion U-Net and VAE, openai/CLIP's and OpenCLIP's text
// transformers — and stored as .npy goldens (tests/data/stable_diffusion, made by
// tools/make_sd_goldens.py; README there). geodex must reproduce them within 1e-4 relative from
// the single files, from the diffusers folder (converted by diffusers' own functions), and through
// `model-probe`. The real SD 1.5 and SD 2.1 layouts (every key and shape, from the reference
// modules) must be recognised as such and fill geodex's full-size networks exactly.
#include <fcntl.h>
#include <unistd.h>
#include <torch/torch.h>

#include <QtTest>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/data/npy_file.h"
#include "core/diffusion/stable_diffusion/clip_text_encoder.h"
#include "core/diffusion/stable_diffusion/native_stable_diffusion.h"
#include "core/diffusion/stable_diffusion/sd_unet.h"
#include "core/diffusion/stable_diffusion/sd_unet_epsilon_model.h"
#include "core/diffusion/stable_diffusion/sd_vae.h"
#include "core/diffusion/stable_diffusion/sd_weight_loader.h"
#include "core/diffusion/stable_diffusion/stable_diffusion_checkpoint.h"
#include "core/pipelines/model_probe.h"
#include "core/util/errors.h"

using namespace geodex;
namespace fs = std::filesystem;

namespace {

std::string data(const std::string& name) {
  return qEnvironmentVariable("GEODEX_SOURCE_DIR").toStdString() + "/tests/data/stable_diffusion/" + name;
}

torch::Tensor golden(const std::string& name) {
  const NpyArray a = readNpy(data(name));
  return torch::tensor(a.values).reshape(a.shape);
}

// max |actual − expected| / max |expected|: the 1e-4 relative.
double relativeError(const torch::Tensor& actual, const torch::Tensor& expected) {
  if (actual.sizes() != expected.sizes()) return INFINITY;
  return (actual - expected).abs().max().item<double>() / expected.abs().max().item<double>();
}

#define EXPECT_CLOSE(actual, expected)                                                    \
  do {                                                                                    \
    const double error = relativeError(actual, expected);                                 \
    qInfo("%s: relative error %.2g", #expected, error);                                   \
    QVERIFY2(error < 1e-4, qPrintable(QString("%1: %2").arg(#expected).arg(error)));      \
  } while (false)

struct Networks {
  StableDiffusionArchitecture architecture;
  SdUnet unet{nullptr};
  SdVae vae{nullptr};
  ClipTextEncoder text{nullptr};
};

Networks load(const std::string& path) {
  const auto checkpoint = StableDiffusionCheckpoint::open(path);
  Networks n{checkpoint->architecture()};
  n.unet = SdUnet(n.architecture.unet);
  n.vae = SdVae(n.architecture.vae);
  n.text = ClipTextEncoder(n.architecture.text);
  loadWeights(*n.unet, "unet.", *checkpoint);
  loadWeights(*n.vae, "vae.", *checkpoint);
  loadWeights(*n.text, "text.", *checkpoint);
  n.unet->eval();
  n.vae->eval();
  n.text->eval();
  return n;
}

void checkAgainstGoldens(Networks& n, const std::string& prefix) {
  torch::NoGradGuard noGrad;
  EXPECT_CLOSE(n.unet->forward(golden(prefix + "_unet_x.npy"), golden(prefix + "_unet_t.npy"),
                               golden(prefix + "_unet_context.npy")),
               golden(prefix + "_unet_out.npy"));
  EXPECT_CLOSE(n.vae->encodeMean(golden(prefix + "_vae_image.npy")), golden(prefix + "_vae_mean.npy"));
  EXPECT_CLOSE(n.vae->decode(golden(prefix + "_vae_z.npy")), golden(prefix + "_vae_decoded.npy"));
  const torch::Tensor tokens = golden(prefix + "_text_tokens.npy").to(torch::kLong);
  EXPECT_CLOSE(n.text->forward(tokens), golden(prefix + "_text_out.npy"));
  const std::vector<std::int64_t> empty = emptyPromptTokens(n.architecture.text);
  EXPECT_CLOSE(n.text->forward(torch::tensor(empty).unsqueeze(0)), golden(prefix + "_empty_context.npy"));
}

// A safetensors file with the real layout's names and shapes and no data on disk (sparse): what
// recognition and naming see of a real checkpoint, without 2 GB of weights.
std::string sparseCheckpoint(const std::string& path, const nlohmann::json& keys, const nlohmann::json& extras) {
  nlohmann::ordered_json header;
  std::uint64_t offset = 0;
  const auto add = [&](const std::string& name, const nlohmann::json& shape, const char* dtype, int size) {
    std::uint64_t n = 1;
    for (const auto& s : shape) n *= s.get<std::uint64_t>();
    header[name] = {{"dtype", dtype}, {"shape", shape}, {"data_offsets", {offset, offset + n * size}}};
    offset += n * size;
  };
  for (const auto& [name, shape] : keys.items())
    if (name.find("position_ids") != std::string::npos) add(name, shape, "I64", 8);
    else add(name, shape, "F16", 2);
  for (const auto& [name, shape] : extras.items()) add(name, shape, "F32", 4);
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');
  std::ofstream out(path, std::ios::binary);
  const std::uint64_t length = text.size();
  out.write(reinterpret_cast<const char*>(&length), 8);
  out << text;
  out.close();
  if (::truncate(path.c_str(), off_t(8 + text.size() + offset)) != 0) qFatal("truncate failed");
  return path;
}

// Every parameter of a full-size network has a tensor of its shape in the checkpoint.
int checkFullSize(torch::nn::Module& module, const std::string& prefix, const StableDiffusionCheckpoint& c) {
  int found = 0;
  for (const auto& item : module.named_parameters()) {
    const WeightRef* ref = c.find(prefix + item.key());
    if (!ref) QTest::qFail(("no tensor for " + prefix + item.key()).c_str(), __FILE__, __LINE__);
    if (!ref) return found;
    std::vector<std::int64_t> stored = ref->shape(), wanted = item.value().sizes().vec();
    while (stored.size() > 2 && stored.back() == 1) stored.pop_back();
    while (wanted.size() > 2 && wanted.back() == 1) wanted.pop_back();
    if (stored != wanted) QTest::qFail(("wrong shape for " + prefix + item.key()).c_str(), __FILE__, __LINE__);
    ++found;
  }
  return found;
}

std::int64_t parameterCount(torch::nn::Module& module) {
  std::int64_t n = 0;
  for (const torch::Tensor& p : module.parameters()) n += p.numel();
  return n;
}

}  // namespace

class TestSdNetworks : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;

 private Q_SLOTS:
  void sd1SingleFileMatchesTheReference() {
    Networks n = load(data("sd1_tiny.safetensors"));
    QVERIFY(n.architecture.family == StableDiffusionFamily::Sd1);
    QCOMPARE(n.architecture.storedDtype, std::string("F16"));
    checkAgainstGoldens(n, "sd1");
  }

  // SD 2.x: OpenCLIP's penultimate layer, linear projections, 64-channel heads, a BF16 VAE with
  // 2-D attention weights.
  void sd2SingleFileMatchesTheReference() {
    Networks n = load(data("sd2_tiny.safetensors"));
    const StableDiffusionArchitecture& a = n.architecture;
    QVERIFY(a.family == StableDiffusionFamily::Sd2);
    QVERIFY(a.unet.linearProjection);
    QCOMPARE(a.unet.headsAt(0, 64), 1);
    QVERIFY(a.text.activation == ClipTextConfig::Activation::Gelu);
    QCOMPARE(a.text.layers, 2);  // 3 stored, the last unused
    QVERIFY(a.prediction == PredictionType::Epsilon);  // a single SD 2.x file does not say
    checkAgainstGoldens(n, "sd2");
  }

  // The same weights in a diffusers folder (renamed by diffusers' own conversion code; the U-Net
  // under the .fp16.safetensors name) give the same numbers.
  void sd1DiffusersFolderMatchesTheReference() {
    Networks n = load(data("sd1_tiny_diffusers"));
    QVERIFY(n.architecture.source == CheckpointSource::DiffusersFolder);
    QCOMPARE(n.architecture.unet.headsAt(0, 32), 8);
    checkAgainstGoldens(n, "sd1");
  }

  // model-probe writes what the reference computes: the empty prompt's context, ε̂ at t = 400,
  // the decoded latent and the encoded image.
  void probeWritesTheReferenceOutputs() {
    for (const std::string prefix : {"sd1", "sd2"}) {
      ModelProbeOptions o;
      o.model = data(prefix + "_tiny.safetensors");
      o.outFolder = dir_.filePath(QString::fromStdString(prefix)).toStdString();
      o.latentFile = data(prefix + "_probe_latent.npy");
      o.timestep = 400;
      o.imageFile = data(prefix + "_probe_image.png");
      o.device = DeviceChoice::Cpu;
      const ModelProbeResult r = probeModel(o);
      QCOMPARE(int(r.written.size()), 4);
      const auto out = [&](const char* name) {
        const NpyArray a = readNpy(o.outFolder + "/" + name);
        return torch::tensor(a.values).reshape(a.shape);
      };
      EXPECT_CLOSE(out("context.npy"), golden(prefix + "_empty_context.npy"));
      EXPECT_CLOSE(out("eps.npy"), golden(prefix + "_probe_eps_t400.npy"));
      EXPECT_CLOSE(out("decoded.npy"), golden(prefix + "_probe_decoded.npy"));
      EXPECT_CLOSE(out("encoded.npy"), golden(prefix + "_probe_encoded.npy"));
      QCOMPARE(r.alphaBar, 0.42448302403098354);
      QVERIFY(r.loaded.unetParameters > 0 && r.loaded.vaeParameters > 0 && r.loaded.textParameters > 0);
      QVERIFY(r.peakResidentBytes > 0);
    }
  }

  // v-prediction: ε̂ = √ᾱ·v̂ + √(1−ᾱ)·x, chosen by --prediction for a single file and by
  // scheduler_config.json in a diffusers folder.
  void vPredictionGivesEpsilon() {
    ModelProbeOptions o;
    o.model = data("sd2_tiny.safetensors");
    o.outFolder = dir_.filePath("v").toStdString();
    o.latentFile = data("sd2_probe_latent.npy");
    o.prediction = "v";
    o.device = DeviceChoice::Cpu;
    const ModelProbeResult r = probeModel(o);
    QVERIFY(r.architecture.prediction == PredictionType::V);
    const NpyArray eps = readNpy(o.outFolder + "/eps.npy");
    EXPECT_CLOSE(torch::tensor(eps.values).reshape(eps.shape), golden("sd2_probe_eps_from_v_t400.npy"));

    const fs::path folder = dir_.filePath("v-diffusers").toStdString();
    fs::copy(data("sd1_tiny_diffusers"), folder, fs::copy_options::recursive);
    std::ifstream in(folder / "scheduler" / "scheduler_config.json");
    nlohmann::json scheduler = nlohmann::json::parse(in);
    scheduler["prediction_type"] = "v_prediction";
    std::ofstream(folder / "scheduler" / "scheduler_config.json") << scheduler.dump();
    const auto checkpoint = StableDiffusionCheckpoint::open(folder.string());
    QVERIFY(checkpoint->architecture().prediction == PredictionType::V);
    QCOMPARE(checkpoint->architecture().predictionSource, std::string("scheduler/scheduler_config.json"));
    scheduler["prediction_type"] = "sample";
    std::ofstream(folder / "scheduler" / "scheduler_config.json") << scheduler.dump();
    QVERIFY_THROWS_EXCEPTION(ModelError, StableDiffusionCheckpoint::open(folder.string()));
  }

  // The real layouts, every key and shape as the reference modules have them: recognised as
  // SD 1.5 and SD 2.1, and every parameter of geodex's full-size networks finds its tensor.
  void fullSizeLayoutsAreRecognisedAndFilled() {
    struct Case {
      const char* keys;
      StableDiffusionFamily family;
      std::int64_t contextDim;
      bool linear;
      int textLayers;
    };
    for (const Case& c : {Case{"sd15_keys.json", StableDiffusionFamily::Sd1, 768, false, 12},
                          Case{"sd21_keys.json", StableDiffusionFamily::Sd2, 1024, true, 23}}) {
      std::ifstream in(data(c.keys));
      const nlohmann::json layout = nlohmann::json::parse(in);
      const std::string file = sparseCheckpoint(dir_.filePath(c.keys).toStdString() + ".safetensors",
                                                layout["keys"], layout["extra_keys_real_files_may_carry"]);
      const auto checkpoint = StableDiffusionCheckpoint::open(file);
      const StableDiffusionArchitecture& a = checkpoint->architecture();
      QVERIFY(a.family == c.family);
      QCOMPARE(a.unet.modelChannels, std::int64_t(320));
      QCOMPARE(a.unet.channelMult, (std::vector<std::int64_t>{1, 2, 4, 4}));
      QCOMPARE(a.unet.resBlocks, 2);
      QCOMPARE(a.unet.attention, (std::vector<bool>{true, true, true, false}));
      QCOMPARE(a.unet.contextDim, c.contextDim);
      QCOMPARE(a.unet.linearProjection, c.linear);
      QCOMPARE(a.unet.headsAt(0, 320), c.family == StableDiffusionFamily::Sd1 ? 8 : 5);
      QCOMPARE(a.vae.channelMult, (std::vector<std::int64_t>{1, 2, 4, 4}));
      QCOMPARE(a.text.vocabulary, std::int64_t(49408));
      QCOMPARE(a.text.layers, c.textLayers);
      QCOMPARE(a.text.heads, c.family == StableDiffusionFamily::Sd1 ? 12 : 16);
      QCOMPARE(a.text.startToken(), std::int64_t(49406));
      if (c.family == StableDiffusionFamily::Sd2)
        QVERIFY2(a.predictionSource.find("heuristic") != std::string::npos, a.predictionSource.c_str());
      // One network at a time (the U-Net alone is 3.4 GB in float32).
      const nlohmann::json& counts = layout["param_counts"];
      {
        SdUnet unet(a.unet);
        QCOMPARE(checkFullSize(*unet, "unet.", *checkpoint), int(unet->parameters().size()));
        QCOMPARE(parameterCount(*unet), counts["unet"].get<std::int64_t>());
      }
      {
        SdVae vae(a.vae);
        checkFullSize(*vae, "vae.", *checkpoint);
        QCOMPARE(parameterCount(*vae), counts["vae"].get<std::int64_t>());
      }
      {
        ClipTextEncoder text(a.text);
        checkFullSize(*text, "text.", *checkpoint);
        if (c.family == StableDiffusionFamily::Sd1)
          QCOMPARE(parameterCount(*text), counts["text_encoder"].get<std::int64_t>());
      }
    }
  }
};

QTEST_GUILESS_MAIN(TestSdNetworks)
#include "test_sd_networks.moc"
