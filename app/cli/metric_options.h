#pragma once
// geodex-cli's metric options, generated from the metric registry (core/geometry/
// metric_registry.h): --metric listing the kinds a command takes, and one option per parameter
// (--lambda, --quadrature, --pullback-epsilon, ...) with the registry's help, default and range.
// A command never spells a metric's name, parameter, default or range itself.
#include <CLI/CLI.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/geometry/metric_factory.h"

namespace geodex::cli {

struct MetricArguments {
  std::string kind;          // --metric as typed (empty: the command has none)
  MetricOptions options;     // the parameters; defaults are MetricOptions'
  std::set<std::string> given;  // the parameters typed on the command line ("lambda")

  // options with the kind --metric names; InvalidArgumentError for a kind the command does not
  // take (naming only those it takes).
  MetricOptions resolved() const;
  bool wasGiven(const std::string& parameter) const { return given.count(parameter) != 0; }

  std::vector<MetricKind> kinds;  // what --metric accepts (set by addMetricOptions)
};

// --metric (when `chooseKind`) over `kinds`, and every parameter of those kinds, or only those in
// `only` when it is not empty. `defaultTexts` replaces a parameter's shown default where the
// command decides it later ("3, with --solver adam 1").
void addMetricOptions(CLI::App* command, MetricArguments& args, const std::vector<MetricKind>& kinds,
                      bool chooseKind, const std::vector<std::string>& only = {},
                      const std::map<std::string, std::string>& defaultTexts = {});

}  // namespace geodex::cli
