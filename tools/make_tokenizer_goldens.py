#!/usr/bin/env python3
"""Golden token ids for geodex's CLIP tokenizer (core/diffusion/stable_diffusion/clip_tokenizer),
made by the reference tokenizer: openai/CLIP's clip/simple_tokenizer.py (the tokenizer SD 2.x's
OpenCLIP uses; Hugging Face's CLIPTokenizer of SD 1.x is the same BPE).

geodex ships no CLIP vocabulary, so the vocabulary here is our own: byte-level BPE merges learned
by this script from a few sentences it holds. The reference tokenizer is run with it, and what it
returns for a set of prompts is written beside the vocabulary (Hugging Face's layout, as diffusers
folders carry it: vocab.json, merges.txt):

    /usr/bin/python3 tools/make_tokenizer_goldens.py --clip REF/clip \\
        --out tests/data/stable_diffusion/tokenizer

REF/clip: `git archive` of github.com/openai/CLIP (its clip/ folder). Needs Debian's python3-regex;
ftfy, which the reference imports for repairing mis-decoded text, is replaced by the identity
(the prompts here are clean UTF-8, which ftfy leaves unchanged).
"""
import argparse
import collections
import gzip
import importlib.util
import json
import os
import sys
import tempfile
import types

CORPUS = """a photograph of an astronaut riding a horse on the moon
a painting of a cat sitting on a chair in the style of van gogh
the quick brown fox jumps over the lazy dog
it's a beautiful day, isn't it? we'll see what they've done
two dogs and three cats playing in the garden at sunset 1984
portrait of a woman with red hair, highly detailed, 4k, trending
une maison près de la mer, été 2023
"""

PROMPTS = [
    "",
    "a photograph of an astronaut riding a horse",
    "A   Photograph  OF an ASTRONAUT\triding\na horse",
    "it's the cat's chair, isn't it? we'll see",
    "3 dogs, 42 cats & 1984!!!",
    "portrait of a woman, highly-detailed (4k) #art",
    "une maison près de la mer, été",
    "zebra xylophone quux",  # letters the merges never joined
    "<|startoftext|>explicit specials<|endoftext|>",
    "emoji 🙂 and ∑ symbols",
    " ".join(["horse"] * 100),  # longer than 75 tokens: cut
]


def learn_merges(text, count, byte_encoder):
    """Plain BPE on the corpus' words, byte-encoded, each ending in </w>."""
    words = collections.Counter()
    for word in text.lower().split():
        symbols = [byte_encoder[b] for b in word.encode("utf-8")]
        symbols[-1] += "</w>"
        words[tuple(symbols)] += 1
    merges = []
    for _ in range(count):
        pairs = collections.Counter()
        for word, n in words.items():
            for a, b in zip(word, word[1:]):
                pairs[(a, b)] += n
        if not pairs:
            break
        best = max(pairs.items(), key=lambda kv: (kv[1], kv[0]))[0]
        merges.append(best)
        merged = collections.Counter()
        for word, n in words.items():
            out, i = [], 0
            while i < len(word):
                if i + 1 < len(word) and (word[i], word[i + 1]) == best:
                    out.append(word[i] + word[i + 1])
                    i += 2
                else:
                    out.append(word[i])
                    i += 1
            merged[tuple(out)] += n
        words = merged
    return merges


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clip", required=True, help="folder holding openai/CLIP's clip/")
    ap.add_argument("--out", required=True)
    ap.add_argument("--merges", type=int, default=300)
    args = ap.parse_args()
    sys.modules["ftfy"] = types.SimpleNamespace(fix_text=lambda text: text)
    spec = importlib.util.spec_from_file_location(
        "simple_tokenizer", os.path.join(args.clip, "clip", "simple_tokenizer.py"))
    reference = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reference)

    merges = learn_merges(CORPUS, args.merges, reference.bytes_to_unicode())
    os.makedirs(args.out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        bpe = os.path.join(tmp, "bpe.txt.gz")
        with gzip.open(bpe, "wt", encoding="utf-8") as f:  # the reference's own format
            f.write("#version: 0.2 (geodex test merges)\n")
            f.write("\n".join(" ".join(m) for m in merges) + "\n")
        tokenizer = reference.SimpleTokenizer(bpe_path=bpe)
    with open(os.path.join(args.out, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer.encoder, f, ensure_ascii=False)
    with open(os.path.join(args.out, "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2 (geodex test merges)\n")
        f.write("\n".join(" ".join(m) for m in merges) + "\n")
    cases = [{"prompt": p, "ids": tokenizer.encode(p)} for p in PROMPTS]
    with open(os.path.join(args.out, "cases.json"), "w", encoding="utf-8") as f:
        json.dump({"vocabulary_size": len(tokenizer.encoder), "merges": len(merges),
                   "cases": cases}, f, ensure_ascii=False, indent=1)
    print(f"{len(tokenizer.encoder)} tokens, {len(merges)} merges, {len(cases)} prompts -> {args.out}")


if __name__ == "__main__":
    main()
