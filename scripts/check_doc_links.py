#!/usr/bin/env python3
"""Checks the Markdown documentation: every relative link and image resolves to a file, every
#anchor to a heading (GitHub's slugs), and no user-facing page names an issue number.

Usage: python3 scripts/check_doc_links.py [FILE.md ...]   (default: every *.md under git)
CTest runs it as doc_links.
Prints one line per problem and a summary; exit 1 when there is a problem.
"""
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(([^()\s]+)(?:\s+\"[^\"]*\")?\)")
ISSUE = re.compile(r"(?<![\w&/])#\d+\b|\bissue\s+#?\d+", re.IGNORECASE)


def prose_lines(text):
    """(line number, line) outside fenced code blocks, with inline code removed."""
    fenced = False
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if not fenced:
            yield number, re.sub(r"`[^`]*`", "", line)


def slug(heading):
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link's text only
    text = text.replace("`", "").strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path, cache={}):
    if path not in cache:
        seen, found = {}, set()
        for _, line in prose_lines(path.read_text(encoding="utf-8")):
            match = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
            if match:
                base = slug(match.group(1))
                count = seen.get(base, 0)
                seen[base] = count + 1
                found.add(base if count == 0 else f"{base}-{count}")
        cache[path] = found
    return cache[path]


def check(path):
    problems, links = [], 0
    text = path.read_text(encoding="utf-8")
    for number, line in prose_lines(text):
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        where = f"{shown}:{number}"
        for match in ISSUE.finditer(line):
            problems.append(f"{where}: issue number in user-facing text: '{match.group(0)}'")
        for match in LINK.finditer(line):
            target = match.group(1)
            if re.match(r"[a-z]+:", target):  # http:, https:, mailto:
                continue
            links += 1
            file_part, _, anchor = target.partition("#")
            resolved = (path.parent / file_part).resolve() if file_part else path
            if not resolved.exists():
                problems.append(f"{where}: '{target}': no such file {resolved}")
            elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
                problems.append(f"{where}: '{target}': no heading with anchor #{anchor}")
    return problems, links


def main(arguments):
    if arguments:
        files = [pathlib.Path(a).resolve() for a in arguments]
    else:
        try:
            listed = subprocess.run(["git", "ls-files", "--cached", "--others",
                                     "--exclude-standard", "*.md"],
                                    cwd=ROOT, capture_output=True, text=True, check=True)
            files = [ROOT / name for name in listed.stdout.split()]
        except (OSError, subprocess.CalledProcessError):  # no git, or not a checkout
            skip = {"build", "datasets", ".git"}
            files = [path for path in sorted(ROOT.rglob("*.md"))
                     if not skip & set(path.relative_to(ROOT).parts)]
    problems, links = [], 0
    for path in files:
        found, count = check(path)
        problems += found
        links += count
    for problem in problems:
        print(problem)
    print(f"{len(files)} files, {links} relative links, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
