#!/usr/bin/env bash
# Figures for docs/benchmarks.md, EBSP: LUT entries, area (um^2, osu018) and logic depth of ebsp_pe against
# mult_pe for the paper's (bits, pattern) points, and the pattern's effect (share of values changed, MSE in
# integer units) on seeded Gaussian INT8 tensors and, with WEIGHTS_DIR, on the kernels of a real model.
# Issue 15: ebsp_pe (8, 4) (two stages; with presplit operands) against mult_pe at 32 bits and at the k_max
# width, area and ppa; the 8 x 8 ebsp_array's area; with BEFORE_BIN (a bitforge built from an earlier commit)
# the same figures from it and the before / after ratios.
# Usage: [BEFORE_BIN=... [BEFORE_REV=commit]] tools/bench/ebsp.sh [WEIGHTS_DIR]   (after tools/bitforge build; WEIGHTS_DIR from
# tools/fetch_weights.sh). Tables (markdown) on stdout, progress on stderr.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bf=${BITFORGE_BIN:-$root/build/bin/bitforge}
weights=${1:-}
if [ ! -x "$bf" ]; then
  echo "ebsp.sh: $bf not found; build it first: tools/bitforge build" >&2
  exit 2
fi
before=${BEFORE_BIN:-}
if [ -n "$before" ] && [ ! -x "$before" ]; then
  echo "ebsp.sh: BEFORE_BIN $before is not an executable" >&2
  exit 2
fi
if [ -n "$weights" ] && [ ! -f "$weights/index.json" ]; then
  echo "ebsp.sh: $weights/index.json not found; make it with: tools/fetch_weights.sh $weights --rows 8" >&2
  exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export BITFORGE_CACHE_DIR="$work/cache"

echo "<!-- tools/bench/ebsp.sh ${weights}: bitforge $(git -C "$root" rev-parse --short HEAD), $(date -u +%Y-%m-%d) -->"
echo
echo "### ebsp_pe against mult_pe (activations and weights of the same width and pattern length; 32-bit accumulators)"
echo
echo "| bits, pattern | LUT entries | ebsp_pe um^2 (seq + comb) | depth | mult_pe um^2 (seq + comb) | depth | ebsp / mult area | ebsp / mult comb. area | LUT module um^2 |"
echo "|---|---|---|---|---|---|---|---|---|"
for point in "5 3" "6 3" "8 4" "8 5" "8 7"; do
  set -- $point
  bits=$1 pat=$2
  echo "{\"block\": \"ebsp_pe\", \"name\": \"ebsp_${bits}_${pat}\", \"params\": {\"act_bits\": $bits, \"act_pattern\": $pat, \"wgt_bits\": $bits, \"wgt_pattern\": $pat}}" > "$work/e.json"
  echo "{\"block\": \"mult_pe\", \"name\": \"mult_${bits}\", \"params\": {\"act_bits\": $bits, \"wgt_bits\": $bits}}" > "$work/m.json"
  echo "ebsp.sh: area ($bits, $pat)" >&2
  "$bf" area "$work/e.json" --json "$work/e_area.json" > /dev/null
  "$bf" area "$work/m.json" --json "$work/m_area.json" > /dev/null
  python3 - "$work/e_area.json" "$work/m_area.json" "$bits" "$pat" <<'PY'
import json, sys
e, m = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
bits, pat = int(sys.argv[3]), int(sys.argv[4])
lut = next(v["area_um2"] for k, v in e["modules"].items() if k.endswith("_lut"))
def area(d):
    return f"{d['total_area_um2']:.0f} ({d['sequential_area_um2']:.0f} + {d['combinational_area_um2']:.0f})"
print(f"| ({bits}, {pat}) | {2 ** (2 * (pat - 1))} | {area(e)} | {e['logic_depth']} | {area(m)} | {m['logic_depth']} | "
      f"{e['total_area_um2'] / m['total_area_um2']:.2f}x | "
      f"{e['combinational_area_um2'] / m['combinational_area_um2']:.2f}x | {lut:.0f} |")
PY
done

# Issue 15 at (8, 4): area of ebsp_pe (integer and pre-split operands) against mult_pe, 32-bit accumulators and
# the k_max rule's width (k_max 16: 20 bits), with this bitforge and, with BEFORE_BIN, the earlier one.
pe_cfg() {  # block name params-json -> file
  echo "{\"block\": \"$1\", \"name\": \"$2\", \"params\": $3}" > "$work/$2.json"
  echo "$work/$2.json"
}
area_of() {  # bin config -> total um^2 (and the report in config.area.json)
  "$1" area "$2" --json "$2.area.json" > /dev/null
  python3 -c 'import json,sys; print("%.0f" % json.load(open(sys.argv[1]))["total_area_um2"])' "$2.area.json"
}
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.3f}x')" "$1" "$2"; }
p84='"act_bits": 8, "act_pattern": 4, "wgt_bits": 8, "wgt_pattern": 4'
echo
echo "### issue 15: ebsp_pe (8, 4) against mult_pe (8 bits), area (bitforge area, osu018)"
echo
if [ -n "$before" ]; then
  echo "Before: BEFORE_BIN=$before${BEFORE_REV:+ (bitforge $BEFORE_REV)}; after: bitforge $(git -C "$root" rev-parse --short HEAD)."
  echo
  echo "| accumulator | mult_pe um^2 | ebsp_pe um^2 | ebsp / mult | ebsp_pe presplit um^2 | presplit / mult | before: mult_pe | before: ebsp_pe | before: ebsp / mult | ebsp after / before |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
else
  echo "| accumulator | mult_pe um^2 | ebsp_pe um^2 | ebsp / mult | ebsp_pe presplit um^2 | presplit / mult |"
  echo "|---|---|---|---|---|---|"
fi
for acc in '"acc_bits": 32' '"k_max": 16'; do
  echo "ebsp.sh: issue 15 area, $acc" >&2
  m=$(area_of "$bf" "$(pe_cfg mult_pe mult_8 "{\"act_bits\": 8, \"wgt_bits\": 8, $acc}")")
  e=$(area_of "$bf" "$(pe_cfg ebsp_pe ebsp_8_4 "{$p84, $acc}")")
  sp=$(area_of "$bf" "$(pe_cfg ebsp_pe ebsp_8_4_split "{$p84, $acc, \"presplit\": true}")")
  label=$([ "$acc" = '"acc_bits": 32' ] && echo "32 bits" || echo "k_max 16 (20 bits)")
  row="| $label | $m | $e | $(ratio "$e" "$m") | $sp | $(ratio "$sp" "$m")"
  if [ -n "$before" ]; then
    bm=$(area_of "$before" "$(pe_cfg mult_pe mult_8b "{\"act_bits\": 8, \"wgt_bits\": 8, $acc}")")
    be=$(area_of "$before" "$(pe_cfg ebsp_pe ebsp_8_4b "{$p84, $acc}")")
    row="$row | $bm | $be | $(ratio "$be" "$bm") | $(ratio "$e" "$be")"
  fi
  echo "$row |"
done
echo
echo "ebsp_split (the pre-split encoder, once per stored operand, not per PE): unsigned (8, 4) $(area_of "$bf" "$(pe_cfg ebsp_split es_a '{"bits": 8, "pattern": 4}')") um^2, signed (8, 4) $(area_of "$bf" "$(pe_cfg ebsp_split es_w '{"bits": 8, "pattern": 4, "signed": true}')") um^2."

# The 8 x 8 array (examples/ebsp_array_8x8.json), before and after.
echo
echo "ebsp.sh: array area" >&2
arr=$(area_of "$bf" "$(pe_cfg ebsp_array ea_8x8 '{"rows": 8, "lanes": 8, "act_pattern": 4, "wgt_pattern": 4}')")
if [ -n "$before" ]; then
  barr=$(area_of "$before" "$(pe_cfg ebsp_array ea_8x8b '{"rows": 8, "lanes": 8, "act_pattern": 4, "wgt_pattern": 4}')")
  echo "ebsp_array 8 x 8 ((8, 4), 32-bit accumulators; examples/ebsp_array_8x8.json): $arr um^2 (before: $barr um^2, $(ratio "$arr" "$barr"))."
else
  echo "ebsp_array 8 x 8 ((8, 4), 32-bit accumulators; examples/ebsp_array_8x8.json): $arr um^2."
fi

# Timing, power and energy of the paper's (8, 4) PE (integer and pre-split operands) against the 8 x 8
# multiplier PE, all on their verify stimulus: every (activation, weight) pair of 8-bit operands (16 input bits:
# exhaustive) in a shuffled order.
echo
echo "### ebsp_pe (8, 4) against mult_pe (8 bits): timing, power and energy (bitforge ppa, power at each PE's own Fmax)"
echo
echo "Workload: each PE's verify stimulus, every pair of 8-bit operands (65,536 MACs; the ebsp_pe's LUT path"
echo "takes the pattern-truncated values; presplit: their pre-split fields), with random valid gaps and clears."
echo
rows=()
for spec in "mult_pe 8 bits|mult_pe|m|{\"act_bits\": 8, \"wgt_bits\": 8}" \
            "ebsp_pe (8, 4)|ebsp_pe|e|{$p84}" \
            "ebsp_pe (8, 4) presplit|ebsp_pe|s|{$p84, \"presplit\": true}"; do
  IFS='|' read -r label block d params <<< "$spec"
  pe_cfg "$block" "ppa_$d" "$params" > /dev/null
  echo "ebsp.sh: ppa $label" >&2
  "$bf" ppa "$work/ppa_$d.json" --json "$work/$d.ppa.json" > "$work/$d.ppa.log" 2>&1 || { cat "$work/$d.ppa.log" >&2; exit 1; }
  rows+=("$label=$work/$d.ppa.json")
done
if [ -n "$before" ]; then
  pe_cfg ebsp_pe ppa_b "{$p84}" > /dev/null
  echo "ebsp.sh: ppa ebsp_pe before" >&2
  "$before" ppa "$work/ppa_b.json" --json "$work/b.ppa.json" > "$work/b.ppa.log" 2>&1 || { cat "$work/b.ppa.log" >&2; exit 1; }
  rows+=("before: ebsp_pe (8, 4)=$work/b.ppa.json")
fi
python3 "$root/tools/bench/ppa_table.py" --header "${rows[@]}"
echo

# The pattern's effect: an ebsp_array 1 x 8 sim reports the share of values changed and the MSE for A and B.
pattern_stats() {  # input json, pattern -> "changed_a mse_a changed_b mse_b"
  echo "{\"block\": \"ebsp_array\", \"name\": \"ea_p$2\", \"params\": {\"rows\": 1, \"lanes\": 8, \"act_pattern\": $2, \"wgt_pattern\": $2}}" > "$work/ea.json"
  "$bf" sim "$work/ea.json" --input "$1" --output "$work/sim.json" > /dev/null
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["golden"] == "match"; s=d["stats"]; print(s["a_changed_fraction"], s["a_pattern_mse"], s["b_changed_fraction"], s["b_pattern_mse"])' "$work/sim.json"
}

python3 - "$work/gauss.json" <<'PY'
import json, random, sys
# 4096 Gaussian values scaled to INT8 by max-abs (weights: signed, -127..127; activations: |x|, 0..255), seed 1.
rng = random.Random(1)
x = [rng.gauss(0, 1) for _ in range(4096)]
m = max(abs(v) for v in x)
w = [max(-127, min(127, round(v / m * 127))) for v in x]
a = [max(0, min(255, round(abs(v) / m * 255))) for v in x]
json.dump({"a": [a], "b": [[v] for v in w]}, open(sys.argv[1], "w"))
PY
echo
echo "### pattern length on a Gaussian INT8 tensor (4096 values, max-abs scaled, seed 1; truncation as in the PE)"
echo
echo "| pattern length | LUT entries (8-bit x 8-bit) | weights changed % | weight MSE | activations changed % | activation MSE |"
echo "|---|---|---|---|---|---|"
for pat in 2 3 4 5 6 7; do
  echo "ebsp.sh: gaussian, pattern $pat" >&2
  read -r ca ma cb mb < <(pattern_stats "$work/gauss.json" "$pat")
  python3 -c "import sys; ca,ma,cb,mb=map(float,sys.argv[1:5]); p=int(sys.argv[5]); print(f'| {p} | {2**(2*(p-1))} | {100*cb:.1f} | {mb:.2f} | {100*ca:.1f} | {ma:.2f} |')" "$ca" "$ma" "$cb" "$mb" "$pat"
done

if [ -n "$weights" ]; then
  echo
  echo "### pattern length on the real INT8 kernels ($(basename "$weights"): tools/fetch_weights.sh; MSE over all kernels' weights)"
  echo
  echo "| tensor | values | changed % at length 3 | MSE 3 | changed % 4 | MSE 4 | changed % 5 | MSE 5 | changed % 7 | MSE 7 |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for f in $(python3 -c 'import json,sys; print(" ".join(t["file"] for t in json.load(open(sys.argv[1]))))' "$weights/index.json"); do
    row="| \`${f%.json}\` | $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["b"]) * len(d["b"][0]))' "$weights/$f")"
    for pat in 3 4 5 7; do
      echo "ebsp.sh: $f, pattern $pat" >&2
      read -r _ _ cb mb < <(pattern_stats "$weights/$f" "$pat")
      row="$row | $(python3 -c "import sys; print(f'{100*float(sys.argv[1]):.1f} | {float(sys.argv[2]):.2f}')" "$cb" "$mb")"
    done
    echo "$row |"
  done
fi
