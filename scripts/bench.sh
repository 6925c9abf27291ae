#!/usr/bin/env bash
# Every benchmark the README quotes, in one run, into one table (markdown and JSON) beside
# the previous run's figures on this machine, marking what got worse by more than 20 %.
#
#   bash scripts/bench.sh [--quick]
#
# Release build. Core (check-in, search, ticket export, schedule import), the registrations
# import (core, and the CLI's whole process: median of 3), the venue network over loopback
# TLS, the QR reader and the camera's frames, the real windows under Xvfb (scan → verdict,
# staff action → signage, memory; a day's soak for memory) and the public page in
# WebKitGTK's MiniBrowser. Figures are printed by each benchmark as
# `BENCH <what> = <value> <unit>` lines.
# Not part of CI's pass/fail: timings on a shared machine are noisy; compare runs made on
# the same machine, and a run with the run before it.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=""
[ "${1:-}" = "--quick" ] && quick=1
out=target/bench
mkdir -p "$out/history"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
raw="$out/history/$stamp.txt"
: > "$raw"
# A benchmark that fails is said and the others still run.
run() { echo "== $*"; "$@" 2>&1 | tee -a "$raw" || echo "-- FAILED: $*" | tee -a "$raw"; }

echo "== release build"
(cd ui && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; } && npm run build --silent)
cargo build --release --locked --bin bluehats-kiosk --example venue-bench
cargo build --release --locked -p bluehats-core --example bench --example import-bench --example decode-bench
bin=target/release/bluehats-kiosk
ex=target/release/examples

run "$ex/bench" ${quick:+--quick}
rows=100000
[ -n "$quick" ] && rows=10000
run "$ex/import-bench" --rows "$rows"

# The CLI as an organiser runs it: the whole process, from start to exit, median of 3; then
# the same file again into the same folder (nothing changes).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$ex/import-bench" --rows "$rows" --write-csv "$tmp"
# (The CLI's progress, on stderr, is left out of the log.)
seconds() { local s e; s=$(date +%s%N); "$@" > /dev/null 2>&1; e=$(date +%s%N); awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", (e - s) / 1e9 }'; }
median() { sort -n | sed -n 2p; }
for kind in with-codes without-codes; do
  first=""; again=""
  for i in 1 2 3; do
    "$bin" --data "$tmp/d$i-$kind" init --blank > /dev/null
    first+="$(seconds "$bin" --data "$tmp/d$i-$kind" attendees import "$tmp/$kind.csv")"$'\n'
    again+="$(seconds "$bin" --data "$tmp/d$i-$kind" attendees import "$tmp/$kind.csv")"$'\n'
  done
  label="their codes"
  [ "$kind" = without-codes ] && label="a signed ticket minted for each"
  echo "BENCH CLI attendees import of $rows rows with $label (whole process, median of 3) = $(printf %s "$first" | median) s" | tee -a "$raw"
  echo "BENCH CLI attendees import of $rows rows with $label, again (nothing changes) = $(printf %s "$again" | median) s" | tee -a "$raw"
done

run "$ex/venue-bench"
if command -v zbarimg > /dev/null && command -v convert > /dev/null; then
  run "$ex/decode-bench"
else
  echo "-- zbarimg or ImageMagick missing: the QR reader's figures are left out"
fi

# The real windows, under an X server of their own.
if command -v Xvfb > /dev/null && command -v tauri-driver > /dev/null; then
  n=140
  while [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ]; do n=$((n + 1)); done
  Xvfb ":$n" -screen 0 1920x1080x24 -nolisten tcp > /dev/null 2>&1 &
  xvfb=$!
  trap 'kill $xvfb 2>/dev/null; rm -rf "$tmp"' EXIT
  for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
  (cd tests/e2e && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; })
  (cd tests/e2e && DISPLAY=":$n" NO_AT_BRIDGE=1 BLUEHATS_BIN="../../$bin" node bench.mjs) 2>&1 | tee -a "$raw" || echo "-- FAILED: bench.mjs" | tee -a "$raw"
  # A day at the door for memory: 5,000 scans and 500 live changes (--quick: a fifth).
  soak=(SCANS=5000 CHANGES=500)
  [ -n "$quick" ] && soak=(SCANS=1000 CHANGES=100)
  (cd tests/e2e && env "${soak[@]}" DISPLAY=":$n" NO_AT_BRIDGE=1 BLUEHATS_BIN="../../$bin" node soak.mjs) 2>&1 | grep -v "WARNING\|^$" | tee -a "$raw" || echo "-- FAILED: soak.mjs" | tee -a "$raw"
  if [ -x /usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser ]; then
    (cd tests/e2e && DISPLAY=":$n" NO_AT_BRIDGE=1 BLUEHATS_BIN="../../$bin" node bench-public.mjs) 2>&1 | tee -a "$raw" || echo "-- FAILED: bench-public.mjs" | tee -a "$raw"
  fi
else
  echo "-- Xvfb or tauri-driver missing (bash scripts/test.sh installs them): the window's figures are left out"
fi

python3 scripts/bench_table.py "$raw" "$out"
