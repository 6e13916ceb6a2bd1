#pragma once
// The Rotated MNIST experiment's options, shared by mnist-geodesic and mnist-eval: the score, the
// metric, the geodesic methods with their solver and start, and the training digits behind the
// U-Net's graph start.
#include <CLI/CLI.hpp>
#include <string>

#include "app/cli/metric_options.h"
#include "app/cli/mnist_data_options.h"
#include "core/data/idx_file.h"
#include "core/data/digit_reference_pool.h"
#include "core/pipelines/rotated_digit_geodesic.h"
#include "core/util/shipped_file.h"

namespace geodex::cli {

// Options of the experiment shared by mnist-geodesic and mnist-eval.
struct ExperimentArguments {
  RotatedDigitGeodesicOptions options;
  std::string score = "empirical";
  std::string model = resolveShippedFile(kShippedDigitModel);  // resources/models/README.md
  std::string device = "auto";
  std::string methods = "pullback-graph,paper-slerp";
  std::string solver;         // empty: each method's own
  std::string init = "method";
  std::string graphPool;      // training digits for the graph start with --score model
  bool noNoise = false;
  bool noDenoise = false;
  NearestRotatedDigitsOptions graphDigits;
  MetricArguments metric;  // λ, quadrature, the pullback's ε and pieces (methods pick the kind)
};

// The digits (addDataOptions) and the experiment.
void addExperimentOptions(CLI::App* command, DataArguments& data, ExperimentArguments& args);
// The pipeline's options; loads the model for --score model (IoError / ModelError name the file).
RotatedDigitGeodesicOptions experimentOptions(const ExperimentArguments& args);
// The training digits behind the U-Net's graph start, read once per process (IoError names the
// file).
std::shared_ptr<const DigitReferencePool> loadGraphPool(const ExperimentArguments& args,
                                                        const DataArguments& data);

}  // namespace geodex::cli
