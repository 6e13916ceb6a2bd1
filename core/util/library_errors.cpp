#include "core/util/library_errors.h"

#include <exception>
#include <new>

#include "core/util/errors.h"
#include "core/util/message_format.h"

namespace geodex {

std::string firstLineOf(const std::string& message) {
  std::string line = message.substr(0, message.find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

namespace {

// What an allocator failure inside a library said it wanted: "8.6 GB", or "" when the message
// is not an allocation failure; `failed` tells which.
std::string allocationFailure(const std::string& message, bool& failed) {
  // LibTorch's CPU allocator: "[enforce fail at alloc_cpu.cpp:..] ... DefaultCPUAllocator: can't
  // allocate memory: you tried to allocate 8589934592 bytes. Error code 12 (...)"; its CUDA one:
  // "CUDA out of memory. Tried to allocate 2.00 GiB (...)".
  failed = message.find("can't allocate memory") != std::string::npos ||
           message.find("alloc_cpu.cpp") != std::string::npos ||
           message.find("out of memory") != std::string::npos;
  if (!failed) return "";
  const std::string cpu = "you tried to allocate ";
  if (const std::size_t at = message.find(cpu); at != std::string::npos) {
    try {
      return byteCount(std::stoull(message.substr(at + cpu.size())));
    } catch (const std::exception&) {
      return "";
    }
  }
  const std::string cuda = "Tried to allocate ";
  if (const std::size_t at = message.find(cuda); at != std::string::npos)
    return shortText(message.substr(at + cuda.size(), message.find(' ', at + cuda.size() + 1) -
                                                          (at + cuda.size())),
                     20);
  return "";
}

}  // namespace

void rethrowAsGeodexError(const std::string& what) {
  try {
    throw;
  } catch (const GeodexError&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw ResourceError(what + ": not enough memory");
  } catch (const std::exception& e) {
    // An allocation that failed inside LibTorch is the machine's memory, not the model.
    bool failed = false;
    const std::string size = allocationFailure(e.what(), failed);
    if (failed)
      throw ResourceError(what + ": not enough memory" + (size.empty() ? "" : " for " + size + " at once"),
                          e.what());
    throw ModelError(what + ": " + firstLineOf(e.what()), e.what());
  } catch (...) {
    throw ModelError(what + ": an unknown error in a library");
  }
}

}  // namespace geodex
