#!/usr/bin/env bash
# One libFuzzer target, in one of two modes:
#   smoke BINARY SEEDS BUILD MAX_LEN RUNS      fixed executions from the seed corpus (CI)
#   long  BINARY SEEDS BUILD MAX_LEN SECONDS   a timed campaign; the corpus grows in BUILD/corpus
# New inputs go to a folder of the build tree, never into SEEDS (tests/fuzz/corpus/<target>).
# Crashes, leaks, UB reports and timeouts (10 s per input) exit non-zero and leave the input in
# BUILD/artifacts/<target>-crash-… (rerun it: BINARY that-file).
set -euo pipefail
mode=$1 binary=$2 seeds=$3 build=$4 max_len=$5 amount=$6
name=$(basename "$binary")
mkdir -p "$build/artifacts"
# RSS: the image target decodes up to ~17 MP from 4 kB inputs (~0.5 GB of pixels and floats);
# ASan's quarantine is kept small so long runs stay well under the limit.
common=(-max_len="$max_len" -timeout=10 -rss_limit_mb=3072 -print_final_stats=1
        -artifact_prefix="$build/artifacts/$name-")
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:quarantine_size_mb=64}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
case "$mode" in
  smoke)
    work="$build/smoke/$name"
    rm -rf "$work" && mkdir -p "$work"
    exec "$binary" -seed=1 -runs="$amount" "${common[@]}" "$work" "$seeds" ;;
  long)
    work="$build/corpus/$name"
    mkdir -p "$work"
    log="$build/$name.log"
    echo "fuzzing $name for $amount s; corpus $work, log $log"
    status=0
    "$binary" -max_total_time="$amount" "${common[@]}" "$work" "$seeds" >"$log" 2>&1 || status=$?
    grep -E "^#[0-9]+.*(DONE|pulse)|stat::number_of_executed_units|stat::peak_rss_mb|cov:" "$log" | tail -3
    [ $status -eq 0 ] || { echo "$name FAILED (exit $status): see $log"; tail -40 "$log"; }
    exit $status ;;
  *) echo "usage: $0 smoke|long BINARY SEEDS BUILD MAX_LEN RUNS|SECONDS" >&2; exit 2 ;;
esac
