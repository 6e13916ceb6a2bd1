#include "app/cli/metric_options.h"

#include <algorithm>

#include "app/cli/number_options.h"
#include "core/geometry/metric_registry.h"
#include "core/util/errors.h"
#include "core/util/message_format.h"

namespace geodex::cli {

namespace {

// "score|pullback" (help) or "score or pullback" (messages: separator null).
std::string namesOf(const std::vector<MetricKind>& kinds, const char* separator) {
  std::string text;
  for (std::size_t k = 0; k < kinds.size(); ++k) {
    if (k > 0) text += separator ? separator : k + 1 == kinds.size() ? " or " : ", ";
    text += describeMetric(kinds[k]).name;
  }
  return text;
}

}  // namespace

MetricOptions MetricArguments::resolved() const {
  MetricOptions out = options;
  if (!kind.empty()) {
    const auto accepted = std::find_if(kinds.begin(), kinds.end(), [&](MetricKind k) {
      return kind == describeMetric(k).name;
    });
    if (accepted == kinds.end())
      throw InvalidArgumentError("unknown metric '" + shortText(kind) + "' (use " +
                                 namesOf(kinds, nullptr) + ")");
    out.kind = *accepted;
  }
  return checkedMetricOptions(out);
}

void addMetricOptions(CLI::App* command, MetricArguments& args, const std::vector<MetricKind>& kinds,
                      bool chooseKind, const std::vector<std::string>& only,
                      const std::map<std::string, std::string>& defaultTexts) {
  args.kinds = kinds;
  if (chooseKind) {
    if (args.kind.empty()) args.kind = describeMetric(args.options.kind).name;
    command->add_option("--metric", args.kind, namesOf(kinds, "|") + " (docs/method.md)")
        ->capture_default_str();
  }
  std::set<std::string> added;
  for (const MetricKind kind : kinds)
    for (const MetricParameter& p : describeMetric(kind).parameters) {
      const std::string name = p.setting.name;
      if (added.count(name) || (!only.empty() && std::find(only.begin(), only.end(), name) == only.end()))
        continue;
      added.insert(name);
      MetricParameter parameter = p;
      const auto shown = defaultTexts.find(name);
      command
          ->add_option_function<double>(
              "--" + name,
              [&args, parameter](double value) {
                parameter.set(args.options, value);
                args.given.insert(parameter.setting.name);
              },
              std::string(p.setting.help))
          ->type_name(p.setting.integer ? "INT" : "FLOAT")
          ->check(settingRange(p.setting))
          ->default_str(shown != defaultTexts.end() ? shown->second
                                                    : numberText(p.get(args.options)));
    }
}

}  // namespace geodex::cli
