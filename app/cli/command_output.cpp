#include "app/cli/command_output.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "app/cli/command_interrupt.h"
#include "core/util/atomic_file.h"
#include "core/util/errors.h"

namespace geodex::cli {

void writeStandardOutput(const std::string& text) {
  if (CommandInterrupt::flag()->load()) throw CancelledError("interrupted; nothing written");
  errno = 0;
  std::cout << text << std::flush;
  if (!std::cout || std::fflush(stdout) != 0)
    throw WriteError(std::string("cannot write to standard output: ") +
                     std::strerror(errno ? errno : EIO));
}

void writeJson(const std::string& path, const nlohmann::json& json) {
  if (path.empty()) return;
  writeText(path, json.dump(2) + "\n");
}

void writeText(const std::string& path, const std::string& text) {
  if (path == "-")
    writeStandardOutput(text);
  else
    writeFileAtomically(path, text);
}

void commitWithJson(AtomicFileSet& outputs, const std::string& path, const nlohmann::json& json) {
  if (!path.empty() && path != "-") outputs.add(path, json.dump(2) + "\n");
  outputs.commit();
  if (path == "-") writeStandardOutput(json.dump(2) + "\n");
}

void checkOutputs(const std::vector<OutputOption>& outputs) {
  namespace fs = std::filesystem;
  std::vector<std::pair<fs::path, const OutputOption*>> seen;
  for (const OutputOption& output : outputs) {
    if (output.path.empty() || output.path == "-") continue;
    std::error_code ec;
    fs::path target = resolveWriteTarget(output.path, output.folder);
    const fs::path canonical = fs::weakly_canonical(target, ec);
    if (!ec) target = canonical;
    for (const auto& [other, option] : seen)
      if (other == target)
        throw InvalidArgumentError(output.option + " '" + output.path + "' and " + option->option +
                                   " '" + option->path +
                                   "' are the same file: give each output its own name");
    seen.emplace_back(target, &output);
  }
}

std::function<void(double, int, double)> progressInTenths(bool quiet, ProgressLine line,
                                                          std::shared_ptr<int> tenths) {
  return [=](double fraction, int step, double value) {
    if (quiet || fraction * 10 < *tenths + 1) return;
    *tenths = static_cast<int>(fraction * 10);
    line(*tenths * 10, step, value);
  };
}

}  // namespace geodex::cli
