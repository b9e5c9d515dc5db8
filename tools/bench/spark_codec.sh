#!/usr/bin/env bash
# Figures for docs/benchmarks.md, SPARK codec: area (osu018), generation time, Verilator model build time
# (cold and cached) and wall time of the exhaustive verification, for the encoder and decoder at N = 8 and 16.
# Usage: tools/bench/spark_codec.sh [RUNS]   (after tools/bitforge has built build/bin/bitforge)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bf=${BITFORGE_BIN:-$root/build/bin/bitforge}
runs=${1:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export BITFORGE_CACHE_DIR="$work/cache"

now() { date +%s.%N; }
# median of the numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

echo "| config | area um^2 | seq um^2 | comb um^2 | cells | depth | gen ms | model cold s | model cached ms | verify ms | verify cycles |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for spec in "spark_encoder 8 false" "spark_encoder 16 false" "spark_encoder 16 true" \
            "spark_decoder 8 false" "spark_decoder 16 false" "spark_decoder 16 true"; do
  set -- $spec
  name="${1#spark_}_n$2_s$3"
  cfg=$work/$name.json
  printf '{"block": "%s", "name": "%s", "params": {"bits": %s, "signed": %s}}\n' "$1" "$name" "$2" "$3" >"$cfg"
  "$bf" area "$cfg" --json "$work/$name.area.json" >/dev/null
  area=$(python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); print("%.0f | %.0f | %.0f | %d | %d" % (a["total_area_um2"], a["sequential_area_um2"], a["combinational_area_um2"], a["cells"], a["logic_depth"]))' "$work/$name.area.json")
  gen=$(for i in $(seq "$runs"); do t0=$(now); "$bf" gen "$cfg" -o "$work/gen$i" >/dev/null; t1=$(now); awk "BEGIN {print ($t1 - $t0) * 1000}"; done | median)
  cold=$(for i in $(seq "$runs"); do rm -rf "$work/m"; t0=$(now); "$bf" model "$cfg" -o "$work/m" >/dev/null; t1=$(now); awk "BEGIN {print $t1 - $t0}"; done | median)
  cached=$(for i in $(seq "$runs"); do t0=$(now); "$bf" model "$cfg" -o "$work/m" >/dev/null; t1=$(now); awk "BEGIN {print ($t1 - $t0) * 1000}"; done | median)
  "$bf" verify "$cfg" --seed 1 >/dev/null  # warm the model cache
  ver=$(for i in $(seq "$runs"); do t0=$(now); "$bf" verify "$cfg" --seed 1 >"$work/v.txt"; t1=$(now); awk "BEGIN {print ($t1 - $t0) * 1000}"; done | median)
  cycles=$(sed -n 's/^ *\([0-9]*\) cycles,.*/\1/p' "$work/v.txt")
  printf "| %s | %s | %.1f | %.2f | %.0f | %.0f | %s |\n" "$name" "$area" "$gen" "$cold" "$cached" "$ver" "$cycles"
done
