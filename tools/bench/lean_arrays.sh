#!/usr/bin/env bash
# Issue 15's side-by-side: the EBSP array against the integer arrays on one GEMM, in one run. 8 x 8 arrays (64
# MACs per cycle each), unsigned 8-bit A (ReLU-like activations), signed 8-bit B (weights; EBSP's sign-magnitude
# range -127..127), 32-bit accumulators: int_array with 8-bit PEs, the lean int_array of issue 14 (Booth PEs, no
# result registers), ebsp_array (patterns 4 and 4) and ebsp_array with pre-split operands. Every design runs
# `bitforge ppa CFG --input GEMM` (flattened, timing-driven mapping; OpenSTA; power from the netlist's own switching
# on that GEMM, at the design's own Fmax); ppa_table.py stops unless every post-synthesis check matched.
# (SPARK's and ANT's comparisons with the lean int_array are in tools/bench/spark_array.sh and tools/bench/ant.sh.)
# Usage: tools/bench/lean_arrays.sh   (after tools/bitforge build). Environment: BITFORGE_BIN (default
# build/bin/bitforge), LEAN_SEED (default 1: the GEMM's seed). Table to stdout, progress to stderr.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bf=${BITFORGE_BIN:-$root/build/bin/bitforge}
seed=${LEAN_SEED:-1}
[ $# -eq 0 ] || { echo "usage: tools/bench/lean_arrays.sh   (no arguments; LEAN_SEED sets the GEMM's seed)" >&2; exit 2; }
case "$seed" in '' | *[!0-9]*) echo "lean_arrays.sh: LEAN_SEED must be a non-negative integer, got '$seed'" >&2; exit 2 ;; esac
if [ ! -x "$bf" ]; then
  echo "lean_arrays.sh: $bf not found; build it first: tools/bitforge build   (or set BITFORGE_BIN)" >&2
  exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A 8 x 256 = |x|, B 256 x 64 = x, x ~ Gaussian sigma 20, rounded and clamped (8 jobs of K = 256 on every design).
python3 - "$work/gemm.json" "$seed" <<'PY'
import json, random, sys
rng = random.Random(int(sys.argv[2]))
clamp = lambda v, lo, hi: max(lo, min(hi, v))
a = [[clamp(int(round(abs(rng.gauss(0, 20)))), 0, 255) for _ in range(256)] for _ in range(8)]
b = [[clamp(int(round(rng.gauss(0, 20))), -127, 127) for _ in range(64)] for _ in range(256)]
json.dump({"a": a, "b": b}, open(sys.argv[1], "w"))
PY
cfg() {  # NAME JSON_PARAMS BLOCK
  printf '{"block": "%s", "name": "%s", "params": {%s}}\n' "$3" "$1" "$2" >"$work/$1.json"
}
ints='"rows": 8, "cols": 8, "a_bits": 8, "a_signed": false, "b_bits": 8, "b_signed": true'
cfg ia_pe8 "$ints" int_array
cfg ia_lean "$ints, \"booth\": true, \"result_buffer\": false" int_array
cfg ebsp "\"rows\": 8, \"lanes\": 8, \"act_pattern\": 4, \"wgt_pattern\": 4" ebsp_array
cfg ebsp_ps "\"rows\": 8, \"lanes\": 8, \"act_pattern\": 4, \"wgt_pattern\": 4, \"presplit\": true" ebsp_array
for d in ia_pe8 ia_lean ebsp ebsp_ps; do
  echo "lean_arrays.sh: ppa $d" >&2
  "$bf" ppa "$work/$d.json" --input "$work/gemm.json" --json "$work/$d.ppa.json" >"$work/$d.log" 2>&1 ||
    { cat "$work/$d.log" >&2; echo "lean_arrays.sh: bitforge ppa $d failed" >&2; exit 1; }
done
rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
echo "<!-- tools/bench/lean_arrays.sh (LEAN_SEED=$seed): bitforge $rev, $(date -u +%Y-%m-%d) -->"
echo
for d in ia_pe8 ia_lean ebsp ebsp_ps; do echo "- \`$(cat "$work/$d.json")\`"; done
echo
python3 "$root/tools/bench/ppa_table.py" --header "int_array 8-bit PE=$work/ia_pe8.ppa.json" \
  "lean int_array (Booth, no result registers)=$work/ia_lean.ppa.json" "ebsp_array (4, 4)=$work/ebsp.ppa.json" \
  "ebsp_array (4, 4), pre-split operands=$work/ebsp_ps.ppa.json"
