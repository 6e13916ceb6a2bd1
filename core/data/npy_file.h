#pragma once
// NumPy's .npy format (version 1–3: magic, header length, a Python-literal header dict with
// 'descr', 'fortran_order' and 'shape', then the raw array), for the float arrays geodex exchanges
// with Python: little-endian float32, float16 or float64 in C order are read (as float32), and
// float32 is written. Everything read from the file is checked before it is used: the header's
// length and text, the dtype, the shape's element count against the file's size and the caller's
// limit, so a hostile header allocates nothing. Object arrays (pickles) are refused, never
// unpickled. Torch-free.
#include <cstdint>
#include <string>
#include <vector>

namespace geodex {

struct NpyArray {
  std::vector<std::int64_t> shape;
  std::vector<float> values;  // C order
  std::int64_t elementCount() const;
};

constexpr std::int64_t kMaxNpyElements = std::int64_t(1) << 31;

// Throws IoError "npy file '<path>' ...: <what is wrong>" (missing, special file, bad magic,
// truncated, Fortran order, big-endian or non-float dtype, more than maxElements elements).
NpyArray readNpy(const std::string& path, std::int64_t maxElements = kMaxNpyElements);
// The same for bytes already in memory; `label` names them in messages.
NpyArray parseNpy(const std::string& bytes, const std::string& label,
                  std::int64_t maxElements = kMaxNpyElements);

// A float32 C-order .npy file (version 1.0), complete or not at all. `values` must hold
// ∏ shape elements; InvalidArgumentError otherwise.
void writeNpy(const std::string& path, const std::vector<std::int64_t>& shape,
              const std::vector<float>& values);
std::string encodeNpy(const std::vector<std::int64_t>& shape, const std::vector<float>& values);

}  // namespace geodex
