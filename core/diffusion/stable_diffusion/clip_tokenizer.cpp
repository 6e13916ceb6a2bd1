#include "core/diffusion/stable_diffusion/clip_tokenizer.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>
#include <climits>
#include <clocale>
#include <cwctype>
#include <filesystem>
#include <limits>
#include <memory>

#include "core/util/errors.h"
#include "core/util/input_file.h"
#include "core/util/json_input.h"
#include "core/util/message_format.h"

namespace geodex {

namespace {

// GPT-2's reversible byte → printable character table, as UTF-8 strings.
const std::vector<std::string>& byteEncoder() {
  static const std::vector<std::string> table = [] {
    std::vector<int> bytes, chars;
    for (int b = '!'; b <= '~'; ++b) bytes.push_back(b);
    for (int b = 0xA1; b <= 0xAC; ++b) bytes.push_back(b);
    for (int b = 0xAE; b <= 0xFF; ++b) bytes.push_back(b);
    chars = bytes;
    int extra = 0;
    for (int b = 0; b < 256; ++b)
      if (std::find(bytes.begin(), bytes.end(), b) == bytes.end()) {
        bytes.push_back(b);
        chars.push_back(256 + extra++);
      }
    std::vector<std::string> out(256);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      const int c = chars[i];
      std::string utf8;
      if (c < 0x80) {
        utf8 += char(c);
      } else {
        utf8 += char(0xC0 | (c >> 6));
        utf8 += char(0x80 | (c & 0x3F));
      }
      out[std::size_t(bytes[i])] = utf8;
    }
    return out;
  }();
  return table;
}

// UTF-8 → code points; invalid bytes become U+FFFD.
std::u32string decode(const std::string& text) {
  std::u32string out;
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    int length = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (length == 0 || i + std::size_t(length) > text.size()) {
      out += U'\uFFFD';
      ++i;
      continue;
    }
    char32_t cp = length == 1 ? c : c & (0xFF >> (length + 1));
    bool ok = true;
    for (int k = 1; k < length; ++k) {
      const unsigned char next = static_cast<unsigned char>(text[i + std::size_t(k)]);
      ok &= (next & 0xC0) == 0x80;
      cp = (cp << 6) | (next & 0x3F);
    }
    out += ok ? cp : U'\uFFFD';
    i += ok ? std::size_t(length) : 1;
  }
  return out;
}

std::string encodeUtf8(const std::u32string& text) {
  std::string out;
  for (char32_t c : text) {
    if (c < 0x80) {
      out += char(c);
    } else if (c < 0x800) {
      out += char(0xC0 | (c >> 6));
      out += char(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += char(0xE0 | (c >> 12));
      out += char(0x80 | ((c >> 6) & 0x3F));
      out += char(0x80 | (c & 0x3F));
    } else {
      out += char(0xF0 | (c >> 18));
      out += char(0x80 | ((c >> 12) & 0x3F));
      out += char(0x80 | ((c >> 6) & 0x3F));
      out += char(0x80 | (c & 0x3F));
    }
  }
  return out;
}

// White space collapsed to single spaces and trimmed, then lower case (CLIP's clean-up).
std::string clean(const std::string& text) {
  static const locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", locale_t(0));
  std::u32string out;
  bool space = false;
  for (char32_t c : decode(text)) {
    const bool isSpace = utf8 ? iswspace_l(wint_t(c), utf8) : (c == ' ' || (c >= 9 && c <= 13));
    if (isSpace) {
      space = !out.empty();
      continue;
    }
    if (space) out += U' ';
    space = false;
    out += utf8 ? char32_t(towlower_l(wint_t(c), utf8)) : (c < 128 ? char32_t(std::tolower(int(c))) : c);
  }
  return encodeUtf8(out);
}

}  // namespace

ClipTokenizer ClipTokenizer::load(const std::string& folder) {
  const std::filesystem::path dir(folder);
  const std::string vocabulary = readInputFile((dir / "vocab.json").string(), "vocabulary", 16u << 20);
  const std::string merges = readInputFile((dir / "merges.txt").string(), "BPE merges", 16u << 20);
  return fromText(vocabulary, merges, folder);
}

ClipTokenizer ClipTokenizer::fromText(const std::string& vocabJson, const std::string& merges,
                                      const std::string& label) {
  ClipTokenizer tokenizer;
  const nlohmann::json vocab = parseJsonInput(vocabJson, "'" + label + "/vocab.json'", 4);
  if (!vocab.is_object() || vocab.empty())
    throw IoError("'" + label + "/vocab.json' is not an object of token ids");
  for (const auto& [token, id] : vocab.items()) {
    if (!id.is_number_integer() || id.get<std::int64_t>() < 0 || id.get<std::int64_t>() >= (1 << 24))
      throw IoError("'" + label + "/vocab.json': the token '" + shortText(token) + "' has no valid id");
    tokenizer.encoder_[token] = id.get<std::int64_t>();
  }
  for (const char* special : {"<|startoftext|>", "<|endoftext|>"})
    if (!tokenizer.encoder_.count(special))
      throw IoError("'" + label + "/vocab.json' lacks " + std::string(special) + ": not CLIP's vocabulary");
  tokenizer.start_ = tokenizer.encoder_["<|startoftext|>"];
  tokenizer.end_ = tokenizer.encoder_["<|endoftext|>"];
  std::size_t pos = 0;
  int rank = 0;
  while (pos < merges.size()) {
    std::size_t eol = merges.find('\n', pos);
    if (eol == std::string::npos) eol = merges.size();
    std::string line = merges.substr(pos, eol - pos);
    pos = eol + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.rfind("#version", 0) == 0) continue;
    const std::size_t space = line.find(' ');
    if (space == std::string::npos || space == 0 || space + 1 >= line.size())
      throw IoError("'" + label + "/merges.txt': line '" + shortText(line) + "' is not a pair");
    tokenizer.ranks_.emplace(std::make_pair(line.substr(0, space), line.substr(space + 1)), rank++);
  }
  return tokenizer;
}

std::vector<std::string> ClipTokenizer::bpe(const std::string& token) const {
  // Characters (UTF-8 sequences) of the byte-encoded token; the last carries "</w>".
  std::vector<std::string> word;
  for (char32_t c : decode(token)) word.push_back(encodeUtf8(std::u32string(1, c)));
  if (word.empty()) return {};
  word.back() += "</w>";
  while (word.size() > 1) {
    int best = INT_MAX;
    std::size_t at = 0;
    for (std::size_t i = 0; i + 1 < word.size(); ++i) {
      const auto it = ranks_.find({word[i], word[i + 1]});
      if (it != ranks_.end() && it->second < best) {
        best = it->second;
        at = i;
      }
    }
    if (best == INT_MAX) break;
    // Merge every occurrence of the best pair, left to right.
    const std::string first = word[at], second = word[at + 1];
    std::vector<std::string> merged;
    for (std::size_t i = 0; i < word.size();) {
      if (i + 1 < word.size() && word[i] == first && word[i + 1] == second) {
        merged.push_back(first + second);
        i += 2;
      } else {
        merged.push_back(word[i++]);
      }
    }
    word.swap(merged);
  }
  return word;
}

std::vector<std::int64_t> ClipTokenizer::tokenize(const std::string& text) const {
  static const char* const kPattern =
      R"(<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+)";
  int error = 0;
  PCRE2_SIZE offset = 0;
  const std::unique_ptr<pcre2_code, decltype(&pcre2_code_free)> code(
      pcre2_compile(reinterpret_cast<PCRE2_SPTR>(kPattern), PCRE2_ZERO_TERMINATED,
                    PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &error, &offset, nullptr),
      pcre2_code_free);
  if (!code) throw ModelError("the CLIP token pattern does not compile");
  const std::unique_ptr<pcre2_match_data, decltype(&pcre2_match_data_free)> match(
      pcre2_match_data_create_from_pattern(code.get(), nullptr), pcre2_match_data_free);
  const std::string cleaned = clean(text);
  std::vector<std::int64_t> ids;
  PCRE2_SIZE start = 0;
  while (start < cleaned.size()) {
    const int found = pcre2_match(code.get(), reinterpret_cast<PCRE2_SPTR>(cleaned.data()),
                                  cleaned.size(), start, 0, match.get(), nullptr);
    if (found < 0) break;
    const PCRE2_SIZE* range = pcre2_get_ovector_pointer(match.get());
    const std::string piece = cleaned.substr(range[0], range[1] - range[0]);
    start = std::max(range[1], range[0] + 1);
    if (piece == "<|startoftext|>" || piece == "<|endoftext|>") {  // written out in the text
      ids.push_back(piece == "<|startoftext|>" ? start_ : end_);
      continue;
    }
    std::string encoded;
    for (unsigned char b : piece) encoded += byteEncoder()[b];
    for (const std::string& part : bpe(encoded)) {
      const auto it = encoder_.find(part);
      ids.push_back(it != encoder_.end() ? it->second : end_);  // unknown: <|endoftext|>, as HF
    }
  }
  return ids;
}

std::vector<std::int64_t> ClipTokenizer::encode(const std::string& text, std::int64_t length,
                                                std::int64_t pad) const {
  std::vector<std::int64_t> tokens = tokenize(text);
  if (std::int64_t(tokens.size()) > length - 2) tokens.resize(std::size_t(std::max<std::int64_t>(0, length - 2)));
  std::vector<std::int64_t> out{start_};
  out.insert(out.end(), tokens.begin(), tokens.end());
  out.push_back(end_);
  out.resize(std::size_t(length), pad);
  return out;
}

}  // namespace geodex
