#pragma once
// What a geodex-cli command writes: its files (checked before any work, published as one set),
// JSON to a file or standard output, and progress lines.
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/util/atomic_file_set.h"

namespace geodex::cli {

// `text` to standard output, flushed: WriteError when it does not arrive (a full disk, a closed
// stdout), CancelledError after Ctrl-C.
void writeStandardOutput(const std::string& text);
// JSON to a file (atomically), to stdout for "-", nowhere for "".
void writeJson(const std::string& path, const nlohmann::json& json);
// Text to a file (atomically) or to stdout for "-".
void writeText(const std::string& path, const std::string& text);
// Commits `outputs` with `json` among them (to stdout for "-", after the files are in place;
// nowhere for "").
void commitWithJson(AtomicFileSet& outputs, const std::string& path, const nlohmann::json& json);

// Before any work: refuses (InvalidArgumentError naming both options) two outputs that are one
// file — the same name, or a link to the other — and any output that is a FIFO, device or folder
// (a folder is what `folder` options want). Empty paths and "-" (stdout) are skipped.
struct OutputOption {
  std::string option;  // "--json"
  std::string path;
  bool folder = false;
};
void checkOutputs(const std::vector<OutputOption>& outputs);

// A SolverControl::progress that calls `line` each time the work passes another tenth (with the
// percent, 10 to 100, and the step and value the work reports), never when `quiet` (the JSON
// goes to stdout). `tenths` counts the tenths passed: set it to 0 to report a new run again.
using ProgressLine = std::function<void(int percent, int step, double value)>;
std::function<void(double, int, double)> progressInTenths(
    bool quiet, ProgressLine line, std::shared_ptr<int> tenths = std::make_shared<int>(0));

}  // namespace geodex::cli
