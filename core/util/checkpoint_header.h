#pragma once
// The metadata of a geodex checkpoint (kind tag, numbers, texts: TorchCheckpoint), torch-free, with
// the checks every reader of a header needs: a number that must be a whole number in a range is
// refused with one line naming the file, the key, the value and the range — before anything is
// sized from it.
#include <map>
#include <string>

#include "core/util/errors.h"

namespace geodex {

class CheckpointHeader {
 public:
  using Numbers = std::map<std::string, double>;
  using Texts = std::map<std::string, std::string>;

  CheckpointHeader(std::string path, std::string kind, Numbers numbers, Texts texts);

  const std::string& path() const { return path_; }
  const std::string& kind() const { return kind_; }
  const Numbers& numbers() const { return numbers_; }
  const Texts& texts() const { return texts_; }

  // ModelError naming the key when it is absent (or, for the ranged forms, outside [low, high],
  // not finite, or not a whole number).
  double number(const std::string& key) const;
  double number(const std::string& key, double low, double high) const;
  int integer(const std::string& key, int low, int high) const;
  std::string text(const std::string& key) const;

  // "checkpoint '<path>'", for messages.
  std::string label() const;

  // Runs a check of what was read (a config's validate()); its InvalidArgumentError becomes a
  // ModelError naming this file.
  template <class Check>
  void check(Check&& run) const {
    try {
      run();
    } catch (const InvalidArgumentError& e) {
      throw ModelError(label() + ": " + e.what());
    }
  }

 private:
  std::string path_;
  std::string kind_;
  Numbers numbers_;
  Texts texts_;
};

}  // namespace geodex
