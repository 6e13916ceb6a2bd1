#pragma once
// The library boundary: what LibTorch (c10::Error), OpenCV (cv::Exception), the standard library
// and std::bad_alloc throw becomes a geodex error with one line saying what failed; the
// library's full text (a LibTorch backtrace) is kept in GeodexError::details(). Torch-free.
#include <string>
#include <utility>

namespace geodex {

// Call inside a catch block: rethrows the exception being handled as a GeodexError. Geodex
// errors pass unchanged; std::bad_alloc and a LibTorch allocation failure become ResourceError
// "<what>: not enough memory[ for 8.6 GB at once]" (the size when the library said it);
// any other exception ModelError "<what>: <the first line of its message>".
[[noreturn]] void rethrowAsGeodexError(const std::string& what);

// fn(), with its exceptions translated as above.
template <class Function>
decltype(auto) translateLibraryErrors(const std::string& what, Function&& fn) {
  try {
    return std::forward<Function>(fn)();
  } catch (...) {
    rethrowAsGeodexError(what);
  }
}

// The first line of a library message (LibTorch appends a C++ backtrace after it).
std::string firstLineOf(const std::string& message);

}  // namespace geodex
