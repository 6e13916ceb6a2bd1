// Issue #15, the LibTorch side: model files that are not files, damaged archives (a flipped
// byte), checkpoint headers that disagree with their weights or hold absurd numbers, trainer
// options beyond memory, LibTorch errors at the library boundary, and Stable Diffusion folders
// and interpolation options a hostile user would try. Every failure is one line.
#include <torch/script.h>
#include <torch/torch.h>

#include <QtTest>

#include "../support/sd_stand_in.h"
#include "core/diffusion/ddpm_trainer.h"
#include "core/pipelines/image_interpolation.h"
#include "core/diffusion/score_matching_trainer.h"
#include "core/diffusion/stable_diffusion_model.h"
#include "core/diffusion/unet_epsilon_model.h"
#include "core/diffusion/unet_epsilon_network.h"
#include "core/score/mlp_score_model.h"
#include "core/score/mlp_score_network.h"
#include "core/score/torch_score_model.h"
#include "core/diffusion/torchscript_epsilon_model.h"
#include "core/util/errors.h"
#include "core/util/torch_checkpoint.h"
#include "core/util/torchscript_file.h"
#include "hostile_test_helpers.h"

using namespace geodex;
using namespace geodex::test;

namespace {

std::string shipped(const std::string& name) {
  return qEnvironmentVariable("GEODEX_SOURCE_DIR").toStdString() + "/resources/models/" + name;
}

// The bytes of `file` with one byte flipped in the middle of the zip record `record`.
std::string withFlippedByte(const std::string& file, const std::string& record) {
  std::string bytes = readBytes(file);
  if (!flipByteInZipRecord(bytes, record)) qFatal("no record %s", record.c_str());
  return bytes;
}

TorchCheckpoint::Numbers mlpNumbers(double width, double layers, double features) {
  return {{"dimension", 3},
          {"hidden_width", width},
          {"hidden_layers", layers},
          {"level_features", features},
          {"sigma", 0.1}};
}

// An MLP checkpoint whose weights are those of `network` and whose header says `numbers`.
std::string mlpCheckpoint(const QTemporaryDir& dir, const char* name,
                          const MlpScoreNetworkOptions& network,
                          const TorchCheckpoint::Numbers& numbers) {
  const std::string file = dir.filePath(name).toStdString();
  MlpScoreNetwork net(network);
  TorchCheckpoint::save(file, "geodex-mlp-score", numbers, {{"data", "sphere"}}, *net);
  return file;
}

std::string unetCheckpoint(const QTemporaryDir& dir, const char* name,
                           const UnetEpsilonNetworkOptions& network,
                           const std::map<std::string, double>& changes) {
  const std::string file = dir.filePath(name).toStdString();
  UnetEpsilonModel model(network, NoiseScheduleOptions{}, torch::kCPU, 1);
  model.save(file);
  // Rewrite the header: same weights, other numbers.
  TorchCheckpoint::Numbers numbers{{"image_channels", network.imageChannels},
                                   {"image_size", network.imageSize},
                                   {"base_channels", network.baseChannels},
                                   {"time_features", network.timeFeatures},
                                   {"groups", network.groups},
                                   {"timesteps", 1000},
                                   {"beta_start", 1e-4},
                                   {"beta_end", 0.02},
                                   {"cosine_offset", 0.008},
                                   {"max_beta", 0.999}};
  for (const auto& [key, value] : changes) numbers[key] = value;
  TorchCheckpoint::save(file, "geodex-unet-epsilon", numbers, {{"schedule", "linear"}},
                        *model.network());
  return file;
}

UnetEpsilonNetworkOptions tinyUnet() {
  UnetEpsilonNetworkOptions o;
  o.imageSize = 8;
  o.baseChannels = 8;
  o.timeFeatures = 8;
  o.groups = 4;
  return o;
}

}  // namespace

class TestHostileModels : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void modelPathsThatAreNotFiles() {
    QTemporaryDir dir;
    const std::string fifo = makeFifo(dir.filePath("fifo.pt").toStdString());
    const std::string folder = dir.path().toStdString();
    for (const std::string& path : {std::string("/dev/zero"), fifo, folder}) {
      const std::string what = path == folder ? "is a directory" : "is not a regular file";
      expectError<IoError>([&] { MlpScoreModel::load(path, DeviceChoice::Cpu); },
                           {"model file '" + path + "'", what});
      expectError<IoError>([&] { UnetEpsilonModel::load(path, DeviceChoice::Cpu); }, {path, what});
      expectError<IoError>(
          [&] { loadTorchScriptFile(path, torch::kCPU, "LPIPS model", "export it"); },
          {path, what});
      TorchScriptModelOptions options;
      options.sampleShape = {4};
      expectError<IoError>([&] { TorchScriptEpsilonModel::load(path, options); }, {path, what});
    }
    expectError<IoError>([&] { MlpScoreModel::load("/dev/zero"); }, {"character device"});
  }

  void flippedByteInTheShippedModelsIsRefused() {
    QTemporaryDir dir;
    QVERIFY(MlpScoreModel::load(shipped("sphere-mlp.pt"), DeviceChoice::Cpu)->dimension() == 3);
    const std::string mlp = dir.filePath("sphere-mlp.pt").toStdString();
    writeBytes(mlp, withFlippedByte(shipped("sphere-mlp.pt"), "archive/data/3"));
    expectError<IoError>([&] { MlpScoreModel::load(mlp, DeviceChoice::Cpu); },
                         {mlp, "archive/data/3", "CRC"});
    const std::string unet = dir.filePath("unet.pt").toStdString();
    writeBytes(unet, withFlippedByte(shipped("rotated-mnist-unet.pt"), "archive/data/5"));
    expectError<IoError>([&] { UnetEpsilonModel::load(unet, DeviceChoice::Cpu); }, {unet, "CRC"});
  }

  void mlpHeaderMustMatchItsWeights() {
    QTemporaryDir dir;
    const MlpScoreNetworkOptions net{3, 64, 3, 16};
    const std::string good = mlpCheckpoint(dir, "good.pt", net, mlpNumbers(64, 3, 16));
    QCOMPARE(MlpScoreModel::load(good, DeviceChoice::Cpu)->config().hiddenWidth, 64);
    const std::string width = mlpCheckpoint(dir, "width.pt", net, mlpNumbers(32, 3, 16));
    expectError<ModelError>([&] { MlpScoreModel::load(width, DeviceChoice::Cpu); },
                            {width, "[64, 19]", "[32, 19]", "header and weights disagree"});
    const std::string features = mlpCheckpoint(dir, "features.pt", net, mlpNumbers(64, 3, 8));
    expectError<ModelError>([&] { MlpScoreModel::load(features, DeviceChoice::Cpu); },
                            {features, "header and weights disagree"});
    const std::string layers = mlpCheckpoint(dir, "layers.pt", net, mlpNumbers(64, 4, 16));
    expectError<ModelError>([&] { MlpScoreModel::load(layers, DeviceChoice::Cpu); },
                            {layers, "'layers.6.weight'", "header and weights disagree"});
    const std::string absurd = mlpCheckpoint(dir, "absurd.pt", net, mlpNumbers(64, 1e9, 16));
    expectError<ModelError>([&] { MlpScoreModel::load(absurd, DeviceChoice::Cpu); },
                            {"'hidden_layers' is 1000000000", "1 to 64"});
    const std::string fraction = mlpCheckpoint(dir, "fraction.pt", net, mlpNumbers(64.5, 3, 16));
    expectError<ModelError>([&] { MlpScoreModel::load(fraction, DeviceChoice::Cpu); },
                            {"64.5", "whole number"});
  }

  void unetHeaderMustMatchItsWeights() {
    QTemporaryDir dir;
    const std::string good = unetCheckpoint(dir, "good.pt", tinyUnet(), {});
    QCOMPARE(UnetEpsilonModel::load(good, DeviceChoice::Cpu)->options().baseChannels, 8);
    for (const auto& [key, value] : std::vector<std::pair<std::string, double>>{
             {"base_channels", 16}, {"time_features", 16}}) {
      const std::string file =
          unetCheckpoint(dir, (key + ".pt").c_str(), tinyUnet(), {{key, value}});
      expectError<ModelError>([&] { UnetEpsilonModel::load(file, DeviceChoice::Cpu); },
                              {file, "header and weights disagree"});
    }
    const std::string steps = unetCheckpoint(dir, "steps.pt", tinyUnet(), {{"timesteps", 1e9}});
    expectError<ModelError>([&] { UnetEpsilonModel::load(steps, DeviceChoice::Cpu); },
                            {"'timesteps'", "100000"});
    const std::string size = unetCheckpoint(dir, "size.pt", tinyUnet(), {{"image_size", 1e9}});
    expectError<ModelError>([&] { UnetEpsilonModel::load(size, DeviceChoice::Cpu); },
                            {"'image_size'", "4 to 256"});
  }

  void trainersRefuseWhatCannotFit() {
    ScoreMatchingOptions o;
    o.hiddenLayers = 100000;
    expectError<InvalidArgumentError>([&] { ScoreMatchingTrainer t(o); },
                                      {"hidden layers", "100000", "64"});
    o = {};
    o.hiddenWidth = 1000000000;
    expectError<InvalidArgumentError>([&] { ScoreMatchingTrainer t(o); }, {"hidden width", "4096"});
    o = {};
    o.batchSize = 1000000000;
    expectError<InvalidArgumentError>([&] { ScoreMatchingTrainer t(o); },
                                      {"batch size", "1048576"});
    o = {};
    o.batchSize = 1000000;
    o.hiddenWidth = 1024;
    const Eigen::MatrixXd samples = Eigen::MatrixXd::Random(3, 10);
    expectError<InvalidArgumentError>([&] { ScoreMatchingTrainer(o).train(samples); },
                                      {"per batch", "4.3 GB"});
    DdpmTrainingOptions d;
    d.batchSize = 100000;
    expectError<InvalidArgumentError>([&] { DdpmTrainer t(d); },
                                      {"a batch of 100000", "per batch"});
    d = {};
    d.network.baseChannels = 1000000000;
    expectError<InvalidArgumentError>([&] { DdpmTrainer t(d); }, {"base channels", "256"});
  }

  void libTorchErrorsBecomeOneLine() {
    // A score network whose weights do not fit its input: LibTorch throws with a backtrace.
    const torch::Tensor weight = torch::ones({2, 5}, torch::kFloat64);
    TorchScoreModel model(
        "misfit", 3, [weight](const torch::Tensor& x) { return x.mm(weight); }, torch::kCPU,
        torch::kFloat64, false);
    const std::string message =
        expectError<ModelError>([&] { model.score(Eigen::MatrixXd::Zero(3, 4)); },
                                {"model 'misfit' failed on its score of 4 points in R^3"});
    try {
      model.score(Eigen::MatrixXd::Zero(3, 4));
    } catch (const GeodexError& e) {
      QVERIFY(!e.details().empty());  // the full LibTorch text, for --verbose
    }
  }

  void stableDiffusionFoldersAndOptions() {
    QTemporaryDir dir;
    const std::string folder = dir.filePath("sd").toStdString();
    writeStandInModel(folder);
    const StableDiffusionModelOptions cpu{DeviceChoice::Cpu, 4, 1};
    const auto model = StableDiffusionModel::load(folder, cpu);
    const RgbImage a(32, 32), b = RgbImage(32, 32, Eigen::VectorXf::Constant(3 * 32 * 32, 0.5f));
    ImageInterpolationOptions o;
    o.methods = {InterpolationMethod::Lerp};
    o.points = 1000000;  // was checked for the geodesic only
    expectError<InvalidArgumentError>([&] { interpolateImages(*model, a, b, o); },
                                      {"3 to 1024 points"});
    o.points = 10;
    o.timestep = -2;  // was silently the default
    expectError<InvalidArgumentError>([&] { interpolateImages(*model, a, b, o); }, {"got -2"});
    o.timestep = -1;
    o.metric.lambda = 1e308;
    expectError<InvalidArgumentError>([&] { interpolateImages(*model, a, b, o); }, {"λ", "1e+308"});
    o.metric.lambda = 1000;
    o.ddimSteps = 1000000000;
    expectError<InvalidArgumentError>([&] { interpolateImages(*model, a, b, o); },
                                      {"DDIM takes 1 to 1000"});

    // model.json without its format, a part with a flipped byte, a folder that is a file.
    const std::string manifest = folder + "/model.json";
    nlohmann::json json = nlohmann::json::parse(readBytes(manifest));
    json.erase("format");
    writeBytes(manifest, json.dump());
    expectError<ModelError>([&] { StableDiffusionModel::load(folder, cpu); },
                            {"model.json", "has no 'format'"});
    writeStandInModel(folder);
    writeBytes(folder + "/unet.pt", withFlippedByte(folder + "/unet.pt", "data.pkl"));
    expectError<IoError>([&] { StableDiffusionModel::load(folder, cpu); }, {"unet.pt", "CRC"});
    expectError<ModelError>([&] { StableDiffusionModel::load(manifest, cpu); },
                            {"a JSON file", "the model folder that holds it"});
    std::filesystem::remove(manifest);
    std::filesystem::create_directory(manifest);
    expectError<IoError>([&] { StableDiffusionModel::load(folder, cpu); },
                         {"model.json", "is a directory"});
  }
};

QTEST_GUILESS_MAIN(TestHostileModels)
#include "test_hostile_models.moc"
