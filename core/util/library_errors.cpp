#include "core/util/library_errors.h"

#include <exception>
#include <new>

#include "core/util/errors.h"

namespace geodex {

std::string firstLineOf(const std::string& message) {
  std::string line = message.substr(0, message.find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

void rethrowAsGeodexError(const std::string& what) {
  try {
    throw;
  } catch (const GeodexError&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw ResourceError(what + ": not enough memory");
  } catch (const std::exception& e) {
    throw ModelError(what + ": " + firstLineOf(e.what()), e.what());
  } catch (...) {
    throw ModelError(what + ": an unknown error in a library");
  }
}

}  // namespace geodex
