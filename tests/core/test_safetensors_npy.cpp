// The safetensors reader and the .npy reader/writer: round trips, and every kind of
// damaged or hostile file refused with one line naming the file and, where one is at fault, the
// tensor — before anything the file's numbers size is allocated.
#include <QtTest>

#include <cstring>
#include <limits>

#include "core/data/npy_file.h"
#include "core/data/safetensors_file.h"
#include "core/util/errors.h"
#include "hostile_test_helpers.h"
#include "temporary_folder_test.h"

using namespace geodex;
using namespace geodex::test;

namespace {

std::string le64(std::uint64_t v) {
  std::string s(8, '\0');
  for (int i = 0; i < 8; ++i) s[std::size_t(i)] = char(v >> (8 * i));
  return s;
}

// A safetensors file from a header text and a data segment, written as the format lays it out.
std::string safetensors(const std::string& header, const std::string& data) {
  return le64(header.size()) + header + data;
}

std::string floats(std::initializer_list<float> values) {
  std::string bytes(values.size() * 4, '\0');
  std::memcpy(bytes.data(), std::data(values), bytes.size());
  return bytes;
}

}  // namespace

class TestSafetensorsNpy : public TemporaryFolderTest {
  Q_OBJECT

 private slots:
  void roundTripKeepsValuesAndDtypes() {
    const std::string f32 = floats({1.5f, -2.f, 3.25f, 0.f, 7.f, -8.5f});
    const std::uint16_t halfValues[] = {0x3C00, 0xC000, 0x0001, 0x7C00};  // 1, −2, 2⁻²⁴, +inf
    const std::uint16_t bf16Values[] = {0x3F80, 0xC0A0};                  // 1, −5
    const std::string f16(reinterpret_cast<const char*>(halfValues), sizeof halfValues);
    const std::string bf16(reinterpret_cast<const char*>(bf16Values), sizeof bf16Values);
    writeSafetensors(path("a.safetensors"),
                     {{"w", SafetensorsDtype::F32, {2, 3}, f32},
                      {"h", SafetensorsDtype::F16, {4}, f16},
                      {"b", SafetensorsDtype::BF16, {2}, bf16},
                      {"empty", SafetensorsDtype::F32, {0, 5}, {}}},
                     {{"format", "pt"}});
    const SafetensorsFile file(path("a.safetensors"));
    QCOMPARE(file.tensors().size(), std::size_t(4));
    QCOMPARE(file.metadata().at("format"), std::string("pt"));
    const SafetensorsTensor* w = file.find("w");
    QVERIFY(w && w->shape == (std::vector<std::int64_t>{2, 3}));
    QCOMPARE(file.floats(*w), (std::vector<float>{1.5f, -2.f, 3.25f, 0.f, 7.f, -8.5f}));
    const std::vector<float> h = file.floats(*file.find("h"));
    QCOMPARE(h[0], 1.f);
    QCOMPARE(h[1], -2.f);
    QCOMPARE(h[2], std::ldexp(1.f, -24));
    QVERIFY(std::isinf(h[3]));
    QCOMPARE(file.floats(*file.find("b")), (std::vector<float>{1.f, -5.f}));
    QCOMPARE(file.find("empty")->elementCount(), std::int64_t(0));
    QVERIFY(file.find("missing") == nullptr);
    file.release(*w);  // pages back to the kernel; the values stay readable
    QCOMPARE(file.floats(*w)[5], -8.5f);
    // The header is padded to a multiple of 8 bytes.
    const std::string bytes = readBytes(path("a.safetensors"));
    std::uint64_t n = 0;
    std::memcpy(&n, bytes.data(), 8);
    QCOMPARE(n % 8, std::uint64_t(0));
  }

  void damagedFilesAreRefused() {
    const std::string data = floats({1, 2, 3, 4});
    const auto refused = [&](const std::string& bytes, std::vector<std::string> needles) {
      const std::string file = path("bad.safetensors");
      writeBytes(file, bytes);
      needles.push_back("'" + file + "'");
      expectError<IoError>([&] { SafetensorsFile{file}; }, needles);
    };
    const std::string good = R"({"t":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})";
    refused(safetensors(good, data).substr(0, 5), {"truncated", "8-byte"});
    // The header length is checked against the file before anything is read or allocated.
    refused(le64(std::numeric_limits<std::uint64_t>::max()) + "{}", {"truncated or not safetensors"});
    refused(le64(1ull << 40) + "{}", {"claims"});
    refused(safetensors(good, data.substr(0, 12)), {"tensor 't'", "outside the file"});
    refused(safetensors("[1,2]", ""), {"does not start with '{'"});
    refused(safetensors("{\"t\": 3", ""), {"not valid JSON"});
    std::string deep;
    for (int i = 0; i < 100; ++i) deep += "{\"a\":";
    refused(safetensors(deep + "1" + std::string(100, '}'), ""), {"deeper than"});
    refused(safetensors(R"({"t":{"dtype":"F8_E4M3","shape":[4],"data_offsets":[0,4]}})", data.substr(0, 4)),
            {"tensor 't'", "F8_E4M3", "does not read"});
    refused(safetensors(R"({"t":{"dtype":"F32","shape":[3],"data_offsets":[0,16]}})", data),
            {"tensor 't'", "16 bytes", "needs 12"});
    refused(safetensors(R"({"t":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,16]}})", data),
            {"tensor 't'", "larger than"});
    refused(safetensors(R"({"t":{"dtype":"F32","shape":[-4],"data_offsets":[0,16]}})", data),
            {"tensor 't'", "non-negative"});
    refused(safetensors(R"({"t":{"dtype":"F32","shape":[4],"data_offsets":[16,0]}})", data),
            {"tensor 't'", "begin <= end"});
    refused(safetensors(R"({"t":{"dtype":"F32","shape":[4]}})", data), {"lacks dtype, shape or data_offsets"});
    refused(safetensors(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},)"
                        R"("b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})", data),
            {"overlaps"});
    refused(safetensors(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                        R"("b":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}})", data),
            {"bytes 8 to 12", "belong to no tensor"});
    refused(safetensors(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})", data),
            {"last 8 bytes", "belong to no tensor"});
    refused(safetensors(R"({"__metadata__":{"k":1}})", ""), {"__metadata__", "not text"});
    // Not files at all.
    expectError<IoError>([&] { SafetensorsFile{makeFifo(path("fifo"))}; }, {"FIFO"});
    expectError<IoError>([&] { SafetensorsFile{dir_.path().toStdString()}; }, {"directory"});
    expectError<IoError>([&] { SafetensorsFile{path("none")}; }, {"does not exist"});
  }

  void writerRefusesInconsistentEntries() {
    expectError<InvalidArgumentError>(
        [&] { writeSafetensors(path("w.safetensors"), {{"t", SafetensorsDtype::F32, {3}, floats({1, 2})}}); },
        {"tensor 't'", "8 bytes"});
    expectError<InvalidArgumentError>([&] {
      writeSafetensors(path("w.safetensors"), {{"t", SafetensorsDtype::F32, {1}, floats({1})},
                                               {"t", SafetensorsDtype::F32, {1}, floats({2})}});
    }, {"used twice"});
    QVERIFY(!QFile::exists(dir_.filePath("w.safetensors")));
  }

  void npyRoundTripAndOtherDtypes() {
    writeNpy(path("a.npy"), {2, 3}, {1, 2, 3, 4, 5, 6});
    const NpyArray a = readNpy(path("a.npy"));
    QCOMPARE(a.shape, (std::vector<std::int64_t>{2, 3}));
    QCOMPARE(a.values, (std::vector<float>{1, 2, 3, 4, 5, 6}));
    QCOMPARE(readBytes(path("a.npy")).size() % 64, std::size_t(6 * 4));  // header padded to 64
    writeNpy(path("v.npy"), {3}, {1, 2, 3});
    QCOMPARE(readNpy(path("v.npy")).shape, (std::vector<std::int64_t>{3}));
    // float16 and float64 as NumPy writes them (version 1.0, then 2.0).
    const auto npy = [](const std::string& descr, const std::string& shape, const std::string& data,
                        int version = 1) {
      std::string header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
      header.append(64 - (10 + header.size() + 1) % 64, ' ');
      header += '\n';
      std::string out = std::string("\x93NUMPY", 6) + char(version) + '\0';
      if (version == 1) {
        out += char(header.size() & 0xff);
        out += char(header.size() >> 8);
      } else {
        out += le64(header.size()).substr(0, 4);
      }
      return out + header + data;
    };
    const std::uint16_t half[] = {0x3C00, 0x4200};  // 1, 3
    writeBytes(path("h.npy"), npy("<f2", "(2,)", std::string(reinterpret_cast<const char*>(half), 4)));
    QCOMPARE(readNpy(path("h.npy")).values, (std::vector<float>{1, 3}));
    const double doubles[] = {0.5, -4};
    writeBytes(path("d.npy"), npy("<f8", "(1, 2)", std::string(reinterpret_cast<const char*>(doubles), 16), 2));
    QCOMPARE(readNpy(path("d.npy")).values, (std::vector<float>{0.5f, -4.f}));

    const auto refused = [&](const std::string& bytes, const std::vector<std::string>& needles) {
      writeBytes(path("bad.npy"), bytes);
      expectError<IoError>([&] { readNpy(path("bad.npy")); }, needles);
    };
    refused("not numpy at all", {"no \\x93NUMPY magic"});
    refused(npy("|O", "(2,)", ""), {"pickle", "never"});
    refused(npy(">f4", "(1,)", "abcd"), {"'>f4'"});
    refused(npy("<i8", "(1,)", "abcdefgh"), {"'<i8'"});
    refused(npy("<f4", "(2,)", "abcd"), {"truncated"});
    refused(npy("<f4", "(100000, 100000, 100000)", ""), {"more than"});
    refused(npy("<f4", "(-1,)", ""), {"shape"});
    std::string fortran = npy("<f4", "(1,)", "abcd");
    fortran.replace(fortran.find("False"), 5, "True ");
    refused(fortran, {"Fortran order"});
    refused(std::string("\x93NUMPY\x01\x00\xff\xff", 10) + "{", {"truncated or damaged"});
    expectError<IoError>([&] { readNpy(makeFifo(path("npy-fifo"))); }, {"FIFO"});
    expectError<InvalidArgumentError>([&] { writeNpy(path("w.npy"), {2, 2}, {1, 2, 3}); }, {"needs 4"});
  }
};

QTEST_GUILESS_MAIN(TestSafetensorsNpy)
#include "test_safetensors_npy.moc"
