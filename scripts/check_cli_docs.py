#!/usr/bin/env python3
"""Checks that docs/cli.md and geodex-cli's --help describe the same program: every command of
`geodex-cli --help` has a row in the command table and a `## geodex-cli NAME` section (and no
section names a command that does not exist); every option of `geodex-cli NAME --help` is named
in that command's section or in a section it links to (`[scene options](#geodex-cli-geodesic)`,
`[metric options](#metric-options)`); no section names an option that no command has.

Usage: python3 scripts/check_cli_docs.py PATH/TO/geodex-cli
CTest runs it as cli_docs. Prints one line per disagreement; exit 1 when there is one.
"""
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OPTION = r"--[a-z0-9][a-z0-9-]*"
GLOBAL_OPTIONS = {"--help", "--verbose"}  # every command has them (docs: Conventions)


def run_help(cli, *command):
    done = subprocess.run([cli, *command, "--help"], capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        sys.exit(f"{cli} {' '.join(command)} --help exited {done.returncode}")
    return done.stdout


def linked_from(section, anchored):
    """The anchors a section links to, and those they link to (the scene options link on to the
    metric options)."""
    seen, todo = set(), [section]
    while todo:
        for anchor in re.findall(r"\(#([a-z0-9-]+)\)", todo.pop()):
            if anchor not in seen and anchor in anchored:
                seen.add(anchor)
                todo.append(anchored[anchor])
    return seen


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    cli = sys.argv[1]
    top = run_help(cli)
    listing = re.split(r"(?i)^subcommands:\s*$", top, flags=re.M)
    if len(listing) != 2:
        sys.exit("geodex-cli --help lists no subcommands")
    commands = re.findall(r"^  ([a-z][a-z-]+)\s{2,}", listing[1], re.M)
    options = {}
    for command in commands:
        text = run_help(cli, command)
        options[command] = set(re.findall(rf"^\s+(?:-\w,)?({OPTION})", text, re.M)) - GLOBAL_OPTIONS
    every_option = set().union(*options.values()) | GLOBAL_OPTIONS

    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    sections = {m.group(1): m.group(2) for m in
                re.finditer(r"^## geodex-cli ([a-z-]+)\n(.*?)(?=^## |\Z)", doc, re.M | re.S)}
    # Every `## ` section by its anchor (`## Metric options` → metric-options), for links.
    anchored = {re.sub(r"[^a-z0-9 -]", "", m.group(1).lower()).replace(" ", "-"): m.group(2)
                for m in re.finditer(r"^## ([^\n]+)\n(.*?)(?=^## |\Z)", doc, re.M | re.S)}
    table = set(re.findall(r"^\| `([a-z-]+)` \|", doc, re.M))

    problems = []
    for command in commands:
        if command not in table:
            problems.append(f"docs/cli.md: the command table has no row for `{command}`")
        if command not in sections:
            problems.append(f"docs/cli.md: no section '## geodex-cli {command}'")
            continue
        section = sections[command]
        text = section + "".join(anchored.get(anchor, "") for anchor in linked_from(section, anchored))
        for option in sorted(options[command]):
            if not re.search(re.escape(option) + r"(?![a-z0-9-])", text):
                problems.append(f"docs/cli.md: `geodex-cli {command}` has {option}, its section "
                                "does not name it")
        for option in sorted(set(re.findall(OPTION, section)) - every_option):
            problems.append(f"docs/cli.md: the `{command}` section names {option}, "
                            "which no command has")
    for option in sorted(set(re.findall(OPTION, anchored.get("metric-options", ""))) - every_option):
        problems.append(f"docs/cli.md: the metric options section names {option}, which no "
                        "command has")
    for name in sorted(set(sections) - set(commands)):
        problems.append(f"docs/cli.md: section '## geodex-cli {name}' for a command that does not exist")

    for problem in problems:
        print(problem)
    print(f"{len(commands)} commands, {sum(len(o) for o in options.values())} options: "
          f"{len(problems)} disagreement(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
