#pragma once
// CLIP's byte-level BPE tokenizer (openai/CLIP's simple_tokenizer, Hugging Face's
// CLIPTokenizer), reading the vocabulary a diffusers folder carries in tokenizer/ (vocab.json,
// merges.txt). Text is cleaned as they clean it — white space collapsed, lower case — then split
// by CLIP's pattern (contractions, runs of letters, single digits, runs of other symbols),
// byte-encoded and merged by rank; each word ends in "</w>". ftfy's repair of mis-decoded text
// is not done (clean UTF-8 is unaffected). Torch-free.
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace geodex {

class ClipTokenizer {
 public:
  // Reads folder/vocab.json and folder/merges.txt (each bounded in size and checked); IoError
  // naming the file and what is wrong.
  static ClipTokenizer load(const std::string& folder);
  // From the two files' contents (tests).
  static ClipTokenizer fromText(const std::string& vocabJson, const std::string& merges,
                                const std::string& label);

  std::int64_t vocabularySize() const { return std::int64_t(encoder_.size()); }
  // The ids of the text's tokens, without start and end.
  std::vector<std::int64_t> tokenize(const std::string& text) const;
  // [start, tokens (cut to length − 2), end, padding …] of exactly `length` ids, as Stable
  // Diffusion pipelines encode prompts; start and end are the vocabulary's <|startoftext|> and
  // <|endoftext|>.
  std::vector<std::int64_t> encode(const std::string& text, std::int64_t length, std::int64_t pad) const;

 private:
  std::vector<std::string> bpe(const std::string& word) const;

  std::unordered_map<std::string, std::int64_t> encoder_;
  std::map<std::pair<std::string, std::string>, int> ranks_;
  std::int64_t start_ = 0, end_ = 0;
};

}  // namespace geodex
