// Stable Diffusion checkpoints, the file side: a single-file checkpoint written from
// geodex's own networks under the original key names is recognised (architecture from names and
// shapes), loaded back bit for bit (F32) or to F16 rounding, with the extra keys real files carry
// ignored; what is not SD 1.x/2.x — SDXL, an inpainting U-Net, a LoRA, a VAE alone, a pickle, a
// GGUF file, a missing or misshapen tensor — is one line saying what was found. The numbers
// against the reference implementation are test_sd_networks'.
#include <torch/torch.h>

#include <QtTest>

#include "core/data/safetensors_file.h"
#include "core/diffusion/stable_diffusion/clip_text_encoder.h"
#include "core/diffusion/stable_diffusion/native_stable_diffusion.h"
#include "core/diffusion/stable_diffusion/sd_unet.h"
#include "core/diffusion/stable_diffusion/sd_vae.h"
#include "core/diffusion/stable_diffusion/stable_diffusion_checkpoint.h"
#include "core/diffusion/stable_diffusion_model.h"
#include "core/util/errors.h"
#include "hostile_test_helpers.h"
#include "temporary_folder_test.h"

using namespace geodex;
using namespace geodex::test;

namespace {

// A small SD 1.x-shaped architecture: 2 levels (attention on the first), 1 ResBlock each.
StableDiffusionArchitecture tinySd1() {
  StableDiffusionArchitecture a;
  a.unet.modelChannels = 32;
  a.unet.channelMult = {1, 2};
  a.unet.resBlocks = 1;
  a.unet.attention = {true, false};
  a.unet.contextDim = 64;
  a.unet.numHeads = 8;
  a.vae.channels = 32;
  a.vae.channelMult = {1, 2};
  a.vae.resBlocks = 1;
  a.text.vocabulary = 100;
  a.text.width = 64;
  a.text.layers = 2;
  a.text.heads = 1;  // width / 64
  a.text.mlpWidth = 128;
  return a;
}

// Fills every parameter with seeded values (no zero-initialised layers: each one matters).
void randomise(torch::nn::Module& module, int seed) {
  torch::manual_seed(seed);
  torch::NoGradGuard noGrad;
  for (torch::Tensor& p : module.parameters()) p.copy_(torch::randn_like(p) * 0.1);
}

// Equal up to float32 rounding (two runs of one computation; the kernels may order sums
// differently between calls).
bool same(const torch::Tensor& a, const torch::Tensor& b) {
  return a.sizes() == b.sizes() &&
         (a - b).abs().max().item<double>() <= 1e-6 * std::max(1.0, b.abs().max().item<double>());
}

struct Entry {
  std::string name;
  torch::Tensor values;  // contiguous, in the dtype to store
};

SafetensorsDtype dtypeOf(const torch::Tensor& t) {
  switch (t.scalar_type()) {
    case torch::kFloat16: return SafetensorsDtype::F16;
    case torch::kBFloat16: return SafetensorsDtype::BF16;
    case torch::kLong: return SafetensorsDtype::I64;
    default: return SafetensorsDtype::F32;
  }
}

void write(const std::string& path, const std::vector<Entry>& entries) {
  std::vector<SafetensorsEntry> out;
  for (const Entry& e : entries)
    out.push_back({e.name, dtypeOf(e.values), e.values.sizes().vec(),
                   std::string_view(static_cast<const char*>(e.values.data_ptr()),
                                    std::size_t(e.values.numel() * e.values.element_size()))});
  writeSafetensors(path, out);
}

void addModule(std::vector<Entry>& entries, torch::nn::Module& module, const std::string& prefix,
               torch::Dtype dtype) {
  for (const auto& item : module.named_parameters())
    entries.push_back({prefix + item.key(), item.value().detach().to(dtype).contiguous()});
}

struct TinyModel {
  StableDiffusionArchitecture architecture = tinySd1();
  SdUnet unet{architecture.unet};
  SdVae vae{architecture.vae};
  ClipTextEncoder text{architecture.text};
  TinyModel() {
    randomise(*unet, 1);
    randomise(*vae, 2);
    randomise(*text, 3);
  }
  // The single-file layout of SD 1.x, with what real files carry besides.
  std::vector<Entry> entries(torch::Dtype dtype) {
    std::vector<Entry> e;
    addModule(e, *unet, "model.diffusion_model.", dtype);
    addModule(e, *vae, "first_stage_model.", dtype);
    addModule(e, *text, "cond_stage_model.transformer.text_model.", dtype);
    e.push_back({"cond_stage_model.transformer.text_model.embeddings.position_ids",
                 torch::arange(77, torch::kLong).unsqueeze(0)});
    e.push_back({"model_ema.decay", torch::tensor({0.9999f})});
    e.push_back({"betas", torch::linspace(0.00085, 0.012, 1000)});
    e.push_back({"first_stage_model.loss.logvar", torch::zeros({1})});
    return e;
  }
};

std::vector<Entry> without(std::vector<Entry> entries, const std::string& name) {
  entries.erase(std::remove_if(entries.begin(), entries.end(), [&](const Entry& e) { return e.name == name; }),
                entries.end());
  return entries;
}

}  // namespace

class TestSdCheckpoint : public TemporaryFolderTest {
  Q_OBJECT

 private Q_SLOTS:
  void singleFileIsRecognisedFromNamesAndShapes() {
    TinyModel model;
    write(path("tiny.safetensors"), model.entries(torch::kFloat16));
    const auto checkpoint = StableDiffusionCheckpoint::open(path("tiny.safetensors"));
    const StableDiffusionArchitecture& a = checkpoint->architecture();
    QVERIFY(a.family == StableDiffusionFamily::Sd1);
    QVERIFY(a.prediction == PredictionType::Epsilon);
    QVERIFY(a.source == CheckpointSource::SingleFile);
    QCOMPARE(a.unet.modelChannels, std::int64_t(32));
    QCOMPARE(a.unet.channelMult, (std::vector<std::int64_t>{1, 2}));
    QCOMPARE(a.unet.resBlocks, 1);
    QCOMPARE(a.unet.attention, (std::vector<bool>{true, false}));
    QCOMPARE(a.unet.contextDim, std::int64_t(64));
    QVERIFY(!a.unet.linearProjection);
    QCOMPARE(a.vae.channelMult, (std::vector<std::int64_t>{1, 2}));
    QCOMPARE(a.text.vocabulary, std::int64_t(100));
    QCOMPARE(a.text.layers, 2);
    QVERIFY(a.text.activation == ClipTextConfig::Activation::QuickGelu);
    QCOMPARE(a.storedDtype, std::string("F16"));  // the weights; the ignored buffers are F32
    QCOMPARE(checkpoint->ignoredTensors(), 4);  // position ids, EMA decay, betas, the loss's logvar
    // The name says nothing: the same bytes under another name are the same model.
    QVERIFY(QFile::copy(dir_.filePath("tiny.safetensors"), dir_.filePath("sdxl-turbo.safetensors")));
    QCOMPARE(StableDiffusionCheckpoint::open(path("sdxl-turbo.safetensors"))->architecture().unet.resBlocks, 1);
  }

  // F32 weights load bit for bit: the loaded networks compute what the written ones do.
  void loadedNetworksComputeWhatWasWritten() {
    TinyModel model;
    write(path("f32.safetensors"), model.entries(torch::kFloat32));
    NativeStableDiffusion native = loadNativeStableDiffusion(path("f32.safetensors"));
    QCOMPARE(native.loaded.unetParameters, [&] {
      std::int64_t n = 0;
      for (const auto& p : model.unet->parameters()) n += p.numel();
      return n;
    }());
    torch::NoGradGuard noGrad;
    model.unet->eval();
    model.vae->eval();
    model.text->eval();
    torch::manual_seed(7);
    const torch::Tensor x = torch::randn({2, 4, 8, 8});
    const torch::Tensor t = torch::tensor({10, 600});
    // The empty prompt's context: start, end, end … (SD 1.x pads with the end token).
    const std::vector<std::int64_t> tokens = emptyPromptTokens(model.architecture.text);
    QCOMPARE(tokens[0], std::int64_t(98));
    QCOMPARE(tokens[1], std::int64_t(99));
    QCOMPARE(tokens[76], std::int64_t(99));
    const torch::Tensor context = model.text->forward(torch::tensor(tokens).unsqueeze(0));
    QVERIFY(same(native.context, context));
    QVERIFY(same(native.unet->forward(x, t, context), model.unet->forward(x, t, context)));
    const torch::Tensor image = torch::rand({1, 3, 16, 16}) * 2 - 1;
    QVERIFY(same(native.vae->encodeMean(image), model.vae->encodeMean(image)));
    QVERIFY(same(native.vae->decode(x), model.vae->decode(x)));
    QCOMPARE(native.loaded.textSource, std::string("empty prompt"));
  }

  // F16 and BF16 files load to their rounding; a 2-D VAE attention weight is taken for the 4-D one.
  void halfPrecisionAndLinearVaeAttention() {
    TinyModel model;
    std::vector<Entry> entries = model.entries(torch::kBFloat16);
    for (Entry& e : entries)
      if (e.name.find("mid.attn_1.") != std::string::npos && e.values.dim() == 4)
        e.values = e.values.flatten(1).contiguous();  // [C, C, 1, 1] → [C, C]
    write(path("bf16.safetensors"), entries);
    NativeStableDiffusion loaded = loadNativeStableDiffusion(path("bf16.safetensors"));
    torch::NoGradGuard noGrad;
    const torch::Tensor z = torch::randn({1, 4, 8, 8});
    const torch::Tensor expected = model.vae->decode(z);
    const double error = (loaded.vae->decode(z) - expected).abs().max().item<double>();
    qInfo("BF16 VAE decode: max |difference| %.3g of max |value| %.3g", error,
          expected.abs().max().item<double>());
    QVERIFY(error > 0);  // rounded …
    QVERIFY(error < 0.05 * expected.abs().max().item<double>());  // … to BF16's 3 digits
  }

  void whatIsNotSd1or2IsNamed() {
    TinyModel model;
    const std::vector<Entry> good = model.entries(torch::kFloat16);
    const auto refused = [&](const std::vector<Entry>& entries, const std::vector<std::string>& needles) {
      write(path("bad.safetensors"), entries);
      expectError<ModelError>([&] { StableDiffusionCheckpoint::open(path("bad.safetensors")); }, needles);
    };
    std::vector<Entry> sdxl = good;
    sdxl.push_back({"conditioner.embedders.0.transformer.text_model.final_layer_norm.weight", torch::ones({4})});
    refused(sdxl, {"an SDXL checkpoint", "geodex reads Stable Diffusion 1.x and 2.x"});
    std::vector<Entry> inpainting = without(good, "model.diffusion_model.input_blocks.0.0.weight");
    inpainting.push_back({"model.diffusion_model.input_blocks.0.0.weight", torch::zeros({32, 9, 3, 3}, torch::kFloat16)});
    refused(inpainting, {"inpainting U-Net", "9 input channels"});
    refused({{"lora_unet_down_blocks_0_attentions_0.lora_down.weight", torch::zeros({4, 4})}}, {"a LoRA"});
    refused({{"encoder.conv_in.weight", torch::zeros({4, 3, 3, 3})}, {"decoder.conv_in.weight", torch::zeros({4, 4, 3, 3})}},
            {"a VAE alone"});
    refused({{"something.else", torch::zeros({2})}}, {"no Stable Diffusion checkpoint"});
    std::vector<Entry> noText;
    for (const Entry& e : good)
      if (e.name.rfind("cond_stage_model.", 0) != 0) noText.push_back(e);
    refused(noText, {"has no text encoder"});
    // Missing and misshapen tensors are named when loading.
    write(path("missing.safetensors"), without(good, "model.diffusion_model.out.2.bias"));
    expectError<ModelError>([&] { loadNativeStableDiffusion(path("missing.safetensors")); },
                            {"lacks the tensor", "model.diffusion_model.out.2.bias"});
    std::vector<Entry> misshapen = without(good, "first_stage_model.decoder.conv_out.bias");
    misshapen.push_back({"first_stage_model.decoder.conv_out.bias", torch::zeros({5}, torch::kFloat16)});
    write(path("misshapen.safetensors"), misshapen);
    expectError<ModelError>([&] { loadNativeStableDiffusion(path("misshapen.safetensors")); },
                            {"first_stage_model.decoder.conv_out.bias", "[5]", "needs [3]"});
    std::vector<Entry> nan = without(good, "model.diffusion_model.out.2.bias");
    nan.push_back({"model.diffusion_model.out.2.bias", torch::full({4}, NAN).to(torch::kFloat16)});
    write(path("nan.safetensors"), nan);
    expectError<ModelError>([&] { loadNativeStableDiffusion(path("nan.safetensors")); },
                            {"out.2.bias", "NaN"});
    // Pickles are named and never opened as anything else.
    writeBytes(path("model.ckpt"), std::string("PK\x03\x04", 4) + std::string(100, '\0'));
    expectError<ModelError>([&] { StableDiffusionCheckpoint::open(path("model.ckpt")); },
                            {"pickle", "never unpickles", ".safetensors"});
    writeBytes(path("model.pt"), std::string("\x80\x02}q\x00.", 6));
    expectError<ModelError>([&] { StableDiffusionCheckpoint::open(path("model.pt")); }, {"pickle"});
    writeBytes(path("model.gguf"), "GGUF\x03\x00\x00\x00");
    expectError<ModelError>([&] { StableDiffusionCheckpoint::open(path("model.gguf")); }, {"GGUF"});
    QVERIFY(QDir().mkpath(dir_.filePath("empty-folder")));
    expectError<ModelError>([&] { StableDiffusionCheckpoint::open(path("empty-folder")); },
                            {"without model_index.json"});
  }

  // A prompt needs a vocabulary the single file does not carry; a text embedding replaces it.
  void promptsAndTextEmbeddings() {
    TinyModel model;
    write(path("p.safetensors"), model.entries(torch::kFloat32));
    NativeLoadOptions withPrompt;
    withPrompt.prompt = "a photo of a cat";
    expectError<InvalidArgumentError>([&] { loadNativeStableDiffusion(path("p.safetensors"), withPrompt); },
                                      {"CLIP's vocabulary", "--vocabulary", "--text-embedding"});
    // A vocabulary of another size than the text encoder's is refused, not used.
    withPrompt.vocabularyFolder =
        qEnvironmentVariable("GEODEX_SOURCE_DIR").toStdString() + "/tests/data/stable_diffusion/tokenizer";
    expectError<InvalidArgumentError>([&] { loadNativeStableDiffusion(path("p.safetensors"), withPrompt); },
                                      {"697 tokens", "text encoder 100"});
    NativeLoadOptions fromFile;
    fromFile.textEmbeddingFile = path("context.npy");
    writeBytes(fromFile.textEmbeddingFile, "");
    expectError<IoError>([&] { loadNativeStableDiffusion(path("p.safetensors"), fromFile); }, {"context.npy"});
  }

  // Cancelling the load throws CancelledError before the next tensor.
  void loadingCanBeCancelled() {
    TinyModel model;
    write(path("c.safetensors"), model.entries(torch::kFloat32));
    std::atomic<bool> cancel{false};
    SolverControl control;
    control.cancel = &cancel;
    int reports = 0;
    control.progress = [&](double fraction, int, double) {
      QVERIFY(fraction > 0 && fraction <= 1);
      if (++reports == 5) cancel = true;
    };
    expectError<CancelledError>([&] { loadNativeStableDiffusion(path("c.safetensors"), {}, control); },
                                {"cancelled"});
    QCOMPARE(reports, 5);
  }

  // Through the model the pipeline uses: image size, latent shape, v-prediction override.
  void stableDiffusionModelLoadsCheckpoints() {
    TinyModel model;
    write(path("m.safetensors"), model.entries(torch::kFloat16));
    StableDiffusionModelOptions options;
    options.device = DeviceChoice::Cpu;
    options.imageSize = 32;  // VAE ×2, U-Net ×2: multiples of 4
    options.prediction = "v";
    const auto sd = StableDiffusionModel::load(path("m.safetensors"), options);
    QCOMPARE(sd->imageSize(), 32);
    QCOMPARE(sd->latentShape(), (std::vector<std::int64_t>{4, 16, 16}));
    QVERIFY(sd->info().architecture.has_value());
    QVERIFY(sd->info().architecture->prediction == PredictionType::V);
    QCOMPARE(sd->info().architecture->predictionSource, std::string("--prediction"));
    QVERIFY(sd->info().summary("cpu").find("SD 1.x (v-prediction)") != std::string::npos);
    const Eigen::VectorXd latent = sd->encode(RgbImage(40, 50));
    QCOMPARE(latent.size(), Eigen::Index(4 * 16 * 16));
    QCOMPARE(int(sd->decode(Eigen::MatrixXd::Zero(latent.size(), 3)).size()), 3);
    options.imageSize = 30;
    expectError<InvalidArgumentError>([&] { StableDiffusionModel::load(path("m.safetensors"), options); },
                                      {"multiple of 4", "got 30"});
  }
};

QTEST_GUILESS_MAIN(TestSdCheckpoint)
#include "test_sd_checkpoint.moc"
