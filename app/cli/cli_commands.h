#pragma once
// The subcommands of geodex-cli. Each registers its options on a CLI11 app and runs when
// selected; errors are thrown as GeodexError and reported by main() in one line.
#include <CLI/CLI.hpp>
#include <Eigen/Dense>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace geodex::cli {

// JSON to a file (atomically), to stdout for "-", nowhere for "".
void writeJson(const std::string& path, const nlohmann::json& json);

// "0.02,0.05" → numbers; `what` names the option in errors (InvalidArgumentError).
std::vector<double> parseNumberList(const std::string& text, const std::string& what);
// "1,0,0" → vector of `dimension` coordinates.
Eigen::VectorXd parsePoint(const std::string& text, int dimension, const std::string& what);

void addGeodesicCommand(CLI::App& app);
void addShootCommand(CLI::App& app);
// The exponential-map fan and the geodesic distance field (issue #14).
void addFanCommand(CLI::App& app);
void addDistanceFieldCommand(CLI::App& app);
void addManifoldsCommand(CLI::App& app);
// Rotated MNIST (app/cli/mnist_command.cpp).
void addMnistGeodesicCommand(CLI::App& app);
void addMnistEvalCommand(CLI::App& app);
void addMnistRotateCommand(CLI::App& app);
// train_command.cpp
void addTrainCommand(CLI::App& app);
// interpolate_command.cpp: Stable Diffusion image interpolation (issue #7).
void addInterpolateCommand(CLI::App& app);
// diagnose_command.cpp: choosing σ (issue #14).
void addDiagnoseCommand(CLI::App& app);
// model_probe_command.cpp: what a Stable Diffusion checkpoint is and computes (issue #24).
void addModelProbeCommand(CLI::App& app);

}  // namespace geodex::cli
