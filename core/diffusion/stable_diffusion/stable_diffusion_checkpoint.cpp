#include "core/diffusion/stable_diffusion/stable_diffusion_checkpoint.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <regex>

#include "core/diffusion/stable_diffusion/diffusers_config.h"
#include "core/diffusion/stable_diffusion/diffusers_names.h"
#include "core/diffusion/stable_diffusion/sd_architecture_recognition.h"
#include "core/util/errors.h"
#include "core/util/input_file.h"
#include "core/util/json_input.h"
#include "core/util/message_format.h"

namespace geodex {

namespace fs = std::filesystem;

namespace {

const std::string kWhatWeRead = whatGeodexReads();

bool startsWith(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

// What a file that is not safetensors is, from its first bytes; empty when it may be one.
std::string sniffNonSafetensors(const std::string& path) {
  InputFile file(path, "model file");
  char head[8] = {};
  const std::size_t n = std::size_t(std::min<std::uint64_t>(8, file.size()));
  file.read(head, n);
  if (n >= 4 && std::memcmp(head, "PK\x03\x04", 4) == 0)
    return "a PyTorch pickle archive (.ckpt/.pt/.bin); geodex never unpickles (a pickle can run "
           "code): convert it to .safetensors, or use the model's diffusers folder";
  if (n >= 2 && static_cast<unsigned char>(head[0]) == 0x80 && head[1] >= 2 && head[1] <= 5)
    return "a Python pickle (.ckpt/.pt/.bin); geodex never unpickles (a pickle can run code): "
           "convert it to .safetensors";
  if (n >= 4 && std::memcmp(head, "GGUF", 4) == 0)
    return "a GGUF file (stable-diffusion.cpp's quantised format), not a safetensors checkpoint";
  // JSON (a model folder's model_index.json or model.json): '{' first, where a safetensors file
  // has the low byte of a header length that then fits the file.
  std::uint64_t length = 0;
  for (int i = 7; i >= 0; --i) length = (length << 8) | static_cast<unsigned char>(head[i]);
  if (n == 8 && head[0] == '{' && length > file.size() - 8)
    return "a JSON file, not a .safetensors checkpoint: give the model folder that holds it";
  return {};
}

std::string dtypesOf(const std::vector<std::unique_ptr<SafetensorsFile>>& files,
                     const std::map<std::string, WeightRef>& weights) {
  std::map<std::string, std::uint64_t> bytes;
  for (const auto& [name, ref] : weights)
    if (ref.slice == 0) bytes[toString(ref.tensor->dtype)] += ref.tensor->end - ref.tensor->begin;
  std::vector<std::pair<std::uint64_t, std::string>> sorted;
  for (const auto& [dtype, n] : bytes) sorted.push_back({n, dtype});
  std::sort(sorted.rbegin(), sorted.rend());
  std::string text;
  for (const auto& [n, dtype] : sorted) text += (text.empty() ? "" : " + ") + dtype;
  (void)files;
  return text;
}

}  // namespace

std::vector<std::int64_t> WeightRef::shape() const {
  std::vector<std::int64_t> s = tensor->shape;
  if (slices > 1 && !s.empty()) s[0] /= slices;
  return s;
}

StableDiffusionCheckpoint::~StableDiffusionCheckpoint() = default;

const WeightRef* StableDiffusionCheckpoint::find(const std::string& canonical) const {
  const auto it = weights_.find(canonical);
  return it == weights_.end() ? nullptr : &it->second;
}

std::string StableDiffusionCheckpoint::originalName(const std::string& canonical) const {
  if (const WeightRef* ref = find(canonical)) return "'" + ref->tensor->name + "'";
  // Not there: say it in the single file's terms where that is obvious.
  if (architecture_.source == CheckpointSource::SingleFile) {
    if (startsWith(canonical, "unet.")) return "'model.diffusion_model." + canonical.substr(5) + "'";
    if (startsWith(canonical, "vae.")) return "'first_stage_model." + canonical.substr(4) + "'";
  }
  return "'" + canonical + "'";
}

std::string StableDiffusionCheckpoint::fileOf(const std::string& partPrefix) const {
  const auto it = partFiles_.find(partPrefix);
  return it == partFiles_.end() ? path_ : it->second;
}

std::uint64_t StableDiffusionCheckpoint::bytesOf(const std::string& prefix) const {
  std::uint64_t bytes = 0;
  for (const auto& [name, ref] : weights_)
    if (startsWith(name, prefix)) bytes += (ref.tensor->end - ref.tensor->begin) / std::uint64_t(ref.slices);
  return bytes;
}

void StableDiffusionCheckpoint::add(const std::string& canonical, const SafetensorsFile& file,
                                    const SafetensorsTensor& tensor, int slice, int slices) {
  if (!weights_.emplace(canonical, WeightRef{&file, &tensor, slice, slices}).second)
    throw ModelError("'" + file.path() + "' holds two tensors for " + canonical);
}

std::unique_ptr<StableDiffusionCheckpoint> StableDiffusionCheckpoint::open(
    const std::string& path, const CheckpointOptions& options) {
  std::unique_ptr<StableDiffusionCheckpoint> c(new StableDiffusionCheckpoint());
  c->path_ = path;
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (fs::is_directory(status)) {
    c->openDiffusersFolder(options);
    return c;
  }
  if (fs::exists(status) && fs::is_regular_file(status)) {
    if (const std::string what = sniffNonSafetensors(path); !what.empty())
      throw ModelError("'" + path + "' is " + what);
  }
  c->files_.push_back(std::make_unique<SafetensorsFile>(path));
  c->architecture_.source = CheckpointSource::SingleFile;
  c->catalogSingleFile(*c->files_.back());
  c->recogniseSingleFile(options);
  return c;
}

void StableDiffusionCheckpoint::catalogSingleFile(const SafetensorsFile& file) {
  // Families geodex does not read, recognised by the keys only they have.
  bool sdxl = false, sd3 = false, flux = false, lora = false, bareVae = false, unet = false;
  for (const SafetensorsTensor& t : file.tensors()) {
    const std::string& n = t.name;
    sdxl |= startsWith(n, "conditioner.embedders.") || startsWith(n, "model.diffusion_model.label_emb.");
    sd3 |= startsWith(n, "model.diffusion_model.joint_blocks.") || startsWith(n, "joint_blocks.");
    flux |= startsWith(n, "double_blocks.") || startsWith(n, "model.diffusion_model.double_blocks.");
    lora |= n.find("lora_") != std::string::npos || n.find(".lora.") != std::string::npos;
    bareVae |= startsWith(n, "encoder.conv_in.") || startsWith(n, "decoder.conv_in.");
    unet |= startsWith(n, "model.diffusion_model.");
  }
  const std::string found = "'" + path_ + "' is ";
  if (sdxl) throw ModelError(found + "an SDXL checkpoint (conditioner.embedders, label_emb); " + kWhatWeRead);
  if (sd3) throw ModelError(found + "an SD3 checkpoint (joint_blocks); " + kWhatWeRead);
  if (flux) throw ModelError(found + "a Flux checkpoint (double_blocks); " + kWhatWeRead);
  if (lora)
    throw ModelError(found + "a LoRA (low-rank weight changes for a model, not a model); " +
                     kWhatWeRead);
  if (bareVae && !unet)
    throw ModelError(found + "a VAE alone (encoder.*, decoder.*), without U-Net or text encoder; " +
                     kWhatWeRead);
  if (!unet)
    throw ModelError(found + "no Stable Diffusion checkpoint (no model.diffusion_model.* tensors "
                     "among its " + std::to_string(file.tensors().size()) + "); " + kWhatWeRead);
  for (const SafetensorsTensor& t : file.tensors()) {
    const std::string& n = t.name;
    if (startsWith(n, "model.diffusion_model.")) {
      add("unet." + n.substr(22), file, t);
    } else if (startsWith(n, "first_stage_model.") && !startsWith(n, "first_stage_model.loss.")) {
      add("vae." + n.substr(18), file, t);
    } else if (startsWith(n, "cond_stage_model.transformer.text_model.")) {
      const std::string rest = n.substr(40);
      if (rest == "embeddings.position_ids") ++ignored_;
      else add("text." + rest, file, t);
    } else if (startsWith(n, "cond_stage_model.model.")) {
      catalogOpenClip(file, t, n.substr(23));
    } else {
      ++ignored_;  // model_ema.*, betas, alphas_cumprod, …
    }
  }
}

// OpenCLIP's text tower under HF CLIPTextModel's names (its fused in_proj split in three).
void StableDiffusionCheckpoint::catalogOpenClip(const SafetensorsFile& file,
                                                const SafetensorsTensor& t,
                                                const std::string& rest) {
  static const std::regex block(R"(transformer\.resblocks\.(\d+)\.(.+))");
  std::smatch m;
  if (rest == "token_embedding.weight") return add("text.embeddings.token_embedding.weight", file, t);
  if (rest == "positional_embedding") return add("text.embeddings.position_embedding.weight", file, t);
  if (rest == "ln_final.weight" || rest == "ln_final.bias")
    return add("text.final_layer_norm." + rest.substr(9), file, t);
  if (std::regex_match(rest, m, block)) {
    const std::string layer = "text.encoder.layers." + m[1].str() + ".";
    const std::string part = m[2];
    static const std::map<std::string, std::string> renamed = {
        {"ln_1.weight", "layer_norm1.weight"},          {"ln_1.bias", "layer_norm1.bias"},
        {"ln_2.weight", "layer_norm2.weight"},          {"ln_2.bias", "layer_norm2.bias"},
        {"attn.out_proj.weight", "self_attn.out_proj.weight"},
        {"attn.out_proj.bias", "self_attn.out_proj.bias"},
        {"mlp.c_fc.weight", "mlp.fc1.weight"},          {"mlp.c_fc.bias", "mlp.fc1.bias"},
        {"mlp.c_proj.weight", "mlp.fc2.weight"},        {"mlp.c_proj.bias", "mlp.fc2.bias"}};
    if (const auto it = renamed.find(part); it != renamed.end()) return add(layer + it->second, file, t);
    if (part == "attn.in_proj_weight" || part == "attn.in_proj_bias") {
      if (t.shape.empty() || t.shape[0] % 3 != 0)
        throw ModelError("'" + path_ + "': " + t.name + " does not split into q, k and v");
      const std::string suffix = part == "attn.in_proj_weight" ? ".weight" : ".bias";
      const char* names[] = {"q_proj", "k_proj", "v_proj"};
      for (int i = 0; i < 3; ++i) add(layer + "self_attn." + names[i] + suffix, file, t, i, 3);
      return;
    }
  }
  ++ignored_;  // text_projection, logit_scale, attn_mask, visual.*
}

void StableDiffusionCheckpoint::recogniseSingleFile(const CheckpointOptions& options) {
  const CheckpointShapes s(*this);
  StableDiffusionArchitecture& a = architecture_;
  const bool openClip = find("text.encoder.layers.0.self_attn.q_proj.weight") &&
                        find("text.encoder.layers.0.self_attn.q_proj.weight")->slices == 3;
  if (!s.has("text.embeddings.token_embedding.weight"))
    throw ModelError("'" + path_ + "' has no text encoder (cond_stage_model.transformer.* for SD "
                     "1.x, cond_stage_model.model.* for SD 2.x); " + kWhatWeRead);
  if (!s.has("vae.encoder.conv_in.weight"))
    throw ModelError("'" + path_ + "' has no VAE (first_stage_model.*); " + kWhatWeRead);
  a.family = openClip ? StableDiffusionFamily::Sd2 : StableDiffusionFamily::Sd1;
  a.unet = recogniseUnet(s, path_);
  // SD 1.x: 8 heads everywhere; SD 2.x: 64-channel heads (the original configs' num_heads 8 and
  // num_head_channels 64).
  if (a.family == StableDiffusionFamily::Sd2) {
    a.unet.numHeads = -1;
    a.unet.headChannels = 64;
  }
  a.vae = recogniseVae(s);
  a.text = recogniseText(s, 0, /*dropLastLayer=*/openClip);
  a.text.activation = openClip ? ClipTextConfig::Activation::Gelu : ClipTextConfig::Activation::QuickGelu;
  a.text.padWithEnd = !openClip;
  checkPartsAgree(a, path_);

  // The prediction type: SD 1.x is ε; SD 2.x files do not say (2.1-base is ε, 2.1 768 is v).
  if (options.prediction) {
    a.prediction = *options.prediction;
    a.predictionSource = "--prediction";
  } else if (files_.front()->find("v_pred")) {
    a.prediction = PredictionType::V;
    a.predictionSource = "the file's v_pred key";
  } else if (a.family == StableDiffusionFamily::Sd1) {
    a.prediction = PredictionType::Epsilon;
    a.predictionSource = "SD 1.x models predict ε";
  } else {
    a.prediction = PredictionType::Epsilon;
    a.predictionSource = "SD 2.x file: assumed ε (2.1-base); give --prediction v for a 768-v model";
    // The one published tell (ComfyUI decides by it): the last transformer's norm1 biases of
    // the 768-v models spread wider. Only where the full-size key is there.
    const std::string tell = "unet.output_blocks.11.1.transformer_blocks.0.norm1.bias";
    if (const WeightRef* ref = find(tell)) {
      const std::vector<float> bias = ref->file->floats(*ref->tensor);
      double mean = 0, square = 0;
      for (float b : bias) mean += b / double(bias.size());
      for (float b : bias) square += (b - mean) * (b - mean) / double(bias.size());
      const double spread = std::sqrt(square);
      if (spread > 0.09) a.prediction = PredictionType::V;
      a.predictionSource = "heuristic: std of output_blocks.11.1…norm1.bias = " + numberText(spread) +
                           (spread > 0.09 ? " > 0.09 means v" : " <= 0.09 means ε") +
                           " (as ComfyUI decides); override with --prediction";
    }
  }
  a.nativeImageSize = a.prediction == PredictionType::V ? 768 : 512;
  a.storedDtype = dtypesOf(files_, weights_);
  partFiles_ = {{"unet.", path_}, {"vae.", path_}, {"text.", path_}};
}

// One part of a diffusers folder: its weights (safetensors only: a .bin is a pickle), once its
// config.json is known to be there.
const SafetensorsFile* StableDiffusionCheckpoint::openDiffusersPart(const std::string& name,
                                                                    const std::string& stem) {
  const fs::path dir = fs::path(path_) / name;
  const fs::path config = dir / "config.json";
  if (!fs::exists(config))
    throw ModelError("'" + path_ + "' has no " + name + "/config.json: not a complete diffusers "
                     "Stable Diffusion folder");
  for (const char* suffix : {".safetensors", ".fp16.safetensors"})
    if (const std::string candidate = stem + suffix; fs::exists(dir / candidate)) {
      files_.push_back(std::make_unique<SafetensorsFile>((dir / candidate).string()));
      partFiles_[name == "unet" ? "unet." : name == "vae" ? "vae." : "text."] =
          (dir / candidate).string();
      return files_.back().get();
    }
  if (fs::exists(dir / (stem + ".bin")) || fs::exists(dir / (stem + ".fp16.bin")))
    throw ModelError("'" + (dir / (stem + ".bin")).string() + "' is a PyTorch pickle; geodex "
                     "never unpickles (a pickle can run code): download or convert the "
                     ".safetensors weights");
  throw ModelError("'" + dir.string() + "' has no " + stem + ".safetensors");
}


void StableDiffusionCheckpoint::openDiffusersFolder(const CheckpointOptions& options) {
  const fs::path folder(path_);
  StableDiffusionArchitecture& a = architecture_;
  a.source = CheckpointSource::DiffusersFolder;
  if (fs::exists(folder / "model.json"))
    throw ModelError("'" + path_ + "' is a TorchScript model folder (tools/export_sd.py)");
  if (!fs::exists(folder / "model_index.json"))
    throw ModelError("'" + path_ + "' is a folder without model_index.json: not a diffusers "
                     "model folder; " + kWhatWeRead);
  const nlohmann::json index = readDiffusersConfig(folder / "model_index.json");
  const std::string pipeline =
      index.is_object() && index.value("_class_name", nlohmann::json()).is_string()
          ? index["_class_name"].get<std::string>()
          : std::string();
  for (const char* other : {"XL", "StableDiffusion3", "Flux", "Kandinsky", "PixArt", "Upscale"})
    if (pipeline.find(other) != std::string::npos)
      throw ModelError("'" + path_ + "' is a " + shortText(pipeline) + " folder; " + kWhatWeRead);

  const SafetensorsFile* unetFile = openDiffusersPart("unet", "diffusion_pytorch_model");
  const nlohmann::json unetConfig = readDiffusersConfig(folder / "unet" / "config.json");
  const SafetensorsFile* vaeFile = openDiffusersPart("vae", "diffusion_pytorch_model");
  const nlohmann::json vaeConfig = readDiffusersConfig(folder / "vae" / "config.json");
  const SafetensorsFile* textFile = openDiffusersPart("text_encoder", "model");
  const nlohmann::json textConfig = readDiffusersConfig(folder / "text_encoder" / "config.json");

  const DiffusersUnetLayout layout = diffusersUnetLayout(unetConfig, path_);
  for (const SafetensorsTensor& t : unetFile->tensors()) {
    const std::string name = ldmUnetName(t.name, layout);
    if (name.empty()) ++ignored_;
    else add("unet." + name, *unetFile, t);
  }
  const int vaeLevels = diffusersVaeLevels(vaeConfig);
  for (const SafetensorsTensor& t : vaeFile->tensors()) {
    const std::string name = ldmVaeName(t.name, vaeLevels);
    if (name.empty()) ++ignored_;
    else add("vae." + name, *vaeFile, t);
  }
  for (const SafetensorsTensor& t : textFile->tensors()) {
    if (startsWith(t.name, "text_model.") && t.name != "text_model.embeddings.position_ids")
      add("text." + t.name.substr(11), *textFile, t);
    else
      ++ignored_;
  }

  const CheckpointShapes s(*this);
  a.unet = recogniseUnet(s, unetFile->path());
  a.unet.numHeads = -1;
  a.unet.headsPerLevel = layout.headsPerLevel;
  a.vae = recogniseVae(s);
  if (vaeConfig.contains("scaling_factor") && vaeConfig["scaling_factor"].is_number()) {
    a.vae.scaleFactor = vaeConfig["scaling_factor"].get<double>();
    if (!(a.vae.scaleFactor > 1e-4 && a.vae.scaleFactor < 100))
      throw ModelError("'" + path_ + "/vae/config.json': scaling_factor " +
                       numberText(a.vae.scaleFactor) + " is outside (1e-4, 100)");
  }
  recogniseDiffusersText(s, textConfig, path_, a);
  checkPartsAgree(a, path_);
  readDiffusersScheduler(folder, options, a);
  const int sampleSize = unetConfig.value("sample_size", nlohmann::json(64)).is_number_integer()
                             ? unetConfig.value("sample_size", 64)
                             : 64;
  a.nativeImageSize = std::clamp(sampleSize * a.vae.downsampling(), 64, 4096);
  a.storedDtype = dtypesOf(files_, weights_);
  if (fs::exists(folder / "tokenizer" / "vocab.json") &&
      fs::exists(folder / "tokenizer" / "merges.txt"))
    tokenizerFolder_ = (folder / "tokenizer").string();
}

}  // namespace geodex
