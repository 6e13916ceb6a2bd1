// CLIP's tokenizer against the reference: openai/CLIP's simple_tokenizer.py, run by
// tools/make_tokenizer_goldens.py with a small vocabulary of our own (tests/data/stable_diffusion/
// tokenizer: vocab.json and merges.txt in a diffusers folder's layout), gave the ids of prompts
// with upper case, runs of white space, contractions, digits, punctuation, accents, symbols
// outside the merges, written-out special tokens and more than 75 tokens. geodex must give the
// same ids, and encode them as Stable Diffusion pipelines do: start, at most 75 tokens, end,
// padding to 77.
#include <QtTest>

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/diffusion/stable_diffusion/clip_tokenizer.h"
#include "core/util/errors.h"
#include "hostile_test_helpers.h"

using namespace geodex;
using namespace geodex::test;

class TestClipTokenizer : public QObject {
  Q_OBJECT

  std::string folder_ =
      qEnvironmentVariable("GEODEX_SOURCE_DIR").toStdString() + "/tests/data/stable_diffusion/tokenizer";

 private slots:
  void idsAreTheReferenceTokenizers() {
    const ClipTokenizer tokenizer = ClipTokenizer::load(folder_);
    std::ifstream in(folder_ + "/cases.json");
    const nlohmann::json golden = nlohmann::json::parse(in);
    QCOMPARE(tokenizer.vocabularySize(), golden["vocabulary_size"].get<std::int64_t>());
    int checked = 0;
    for (const nlohmann::json& c : golden["cases"]) {
      const std::string prompt = c["prompt"];
      const std::vector<std::int64_t> expected = c["ids"].get<std::vector<std::int64_t>>();
      QVERIFY2(tokenizer.tokenize(prompt) == expected, prompt.c_str());
      // As a pipeline encodes it: start, at most 75 tokens, end, then padding.
      const std::int64_t start = tokenizer.vocabularySize() - 2, end = tokenizer.vocabularySize() - 1;
      const std::vector<std::int64_t> encoded = tokenizer.encode(prompt, 77, 0);
      QCOMPARE(encoded.size(), std::size_t(77));
      QCOMPARE(encoded.front(), start);
      const std::size_t kept = std::min<std::size_t>(expected.size(), 75);
      QVERIFY(std::equal(expected.begin(), expected.begin() + std::ptrdiff_t(kept), encoded.begin() + 1));
      QCOMPARE(encoded[kept + 1], end);
      QVERIFY(std::all_of(encoded.begin() + std::ptrdiff_t(kept) + 2, encoded.end(),
                          [](std::int64_t id) { return id == 0; }));
      ++checked;
    }
    QCOMPARE(checked, 11);
  }

  void damagedVocabulariesAreRefused() {
    expectError<IoError>([] { ClipTokenizer::fromText("[1, 2]", "a b", "v"); }, {"vocab.json", "not an object"});
    expectError<IoError>([] { ClipTokenizer::fromText(R"({"a": 0})", "", "v"); }, {"lacks <|startoftext|>"});
    expectError<IoError>([] { ClipTokenizer::fromText(R"({"a": -1})", "", "v"); }, {"'a'", "no valid id"});
    expectError<IoError>(
        [] {
          ClipTokenizer::fromText(R"({"<|startoftext|>": 0, "<|endoftext|>": 1})", "#version\nab\n", "v");
        },
        {"merges.txt", "'ab'", "not a pair"});
    expectError<IoError>([] { ClipTokenizer::load("/nonexistent-folder"); }, {"vocab.json", "does not exist"});
  }
};

QTEST_GUILESS_MAIN(TestClipTokenizer)
#include "test_clip_tokenizer.moc"
