#pragma once
// Shared by the hostile-input tests: crafted files (sparse where size matters, FIFOs, devices)
// and a check that an error is the one line a user should see.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <QtTest>

#include <fstream>
#include <string>
#include <vector>

namespace geodex::test {

inline void writeBytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

inline std::string readBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// `head` followed by zeros up to `size` bytes, without writing them: a sparse file.
inline void writeSparseFile(const std::string& path, const std::string& head, off_t size) {
  writeBytes(path, head);
  QVERIFY(::truncate(path.c_str(), size) == 0);
}

// A FIFO nobody writes to: opening it for reading would block for ever.
inline std::string makeFifo(const std::string& path) {
  if (::mkfifo(path.c_str(), 0600) != 0) qFatal("mkfifo failed");
  return path;
}

// Runs f, which must throw E; the message must contain every needle and be one short line.
template <class E, class F>
std::string expectError(F&& f, const std::vector<std::string>& needles) {
  try {
    f();
  } catch (const E& e) {
    const std::string message = e.what();
    for (const std::string& needle : needles)
      if (message.find(needle) == std::string::npos)
        QTest::qFail(("'" + needle + "' not in: " + message).c_str(), __FILE__, __LINE__);
    if (message.find('\n') != std::string::npos || message.size() > 400)
      QTest::qFail(("not one short line: " + message).c_str(), __FILE__, __LINE__);
    return message;
  } catch (const std::exception& e) {
    QTest::qFail((std::string("wrong exception type: ") + e.what()).c_str(), __FILE__, __LINE__);
    return e.what();
  }
  QTest::qFail("no exception thrown", __FILE__, __LINE__);
  return {};
}

// Flips one byte in the middle of the data of the first zip record (a LibTorch model file) whose
// name ends with `record`; false when there is none. LibTorch writes its local headers with
// sizes 0 (a data descriptor follows the data), so the sizes come from the central directory.
inline bool flipByteInZipRecord(std::string& bytes, const std::string& record) {
  const auto le = [&](std::size_t at, int n) {
    std::size_t v = 0;
    for (int i = n - 1; i >= 0; --i) v = (v << 8) | std::uint8_t(bytes[at + i]);
    return v;
  };
  for (std::size_t pos = bytes.find("PK\x01\x02");
       pos != std::string::npos && pos + 46 <= bytes.size();
       pos = bytes.find("PK\x01\x02", pos + 4)) {
    const std::size_t size = le(pos + 20, 4), nameLength = le(pos + 28, 2), local = le(pos + 42, 4);
    const std::string name = bytes.substr(pos + 46, nameLength);
    if (size == 0 || name.size() < record.size() ||
        name.compare(name.size() - record.size(), record.size(), record) != 0)
      continue;
    const std::size_t data = local + 30 + le(local + 26, 2) + le(local + 28, 2);
    bytes[data + size / 2] ^= 0x20;
    return true;
  }
  return false;
}

// What the process writes to stderr while f runs (third-party noise must not reach a user).
template <class F>
std::string stderrOf(F&& f) {
  std::fflush(stderr);
  char name[] = "/tmp/geodex-test-stderr-XXXXXX";
  const int capture = ::mkstemp(name);
  ::unlink(name);
  const int saved = ::dup(2);
  ::dup2(capture, 2);
  try {
    f();
  } catch (...) {
  }
  std::fflush(stderr);
  ::dup2(saved, 2);
  ::close(saved);
  std::string text;
  ::lseek(capture, 0, SEEK_SET);
  char buffer[4096];
  for (ssize_t n; (n = ::read(capture, buffer, sizeof buffer)) > 0;)
    text.append(buffer, std::size_t(n));
  ::close(capture);
  return text;
}

}  // namespace geodex::test
