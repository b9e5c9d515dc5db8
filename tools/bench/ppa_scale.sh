#!/usr/bin/env bash
# Figures for docs/benchmarks.md (issue 13): how Fmax, area and energy per MAC scale with the int_array's size
# (8 x 8, 16 x 16, 32 x 32; 8-bit PEs), each on its verify stimulus, with the time and memory of each ppa run.
# Usage: tools/bench/ppa_scale.sh [SIZES]   (default "8 16 32"; 32 x 32 takes about 30 minutes and 11 GB)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bf=${BITFORGE_BIN:-$root/build/bin/bitforge}
[ -x "$bf" ] || { echo "ppa_scale.sh: $bf not found; build it first: tools/bitforge build" >&2; exit 2; }
sizes=${1:-8 16 32}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "<!-- tools/bench/ppa_scale.sh $sizes: bitforge $(git -C "$root" rev-parse --short HEAD), $(date -u +%Y-%m-%d) -->"
echo
args=()
for n in $sizes; do
  printf '{"block": "int_array", "name": "ia%s", "params": {"rows": %s, "cols": %s, "a_bits": 8, "b_bits": 8}}\n' \
    $n $n $n >"$work/ia$n.json"
  echo "ppa_scale.sh: $n x $n" >&2
  # wall seconds and the largest child's peak RSS (KB), without GNU time
  python3 - "$work/$n.time" "$bf" ppa "$work/ia$n.json" --json "$work/$n.json" >"$work/$n.log" 2>&1 <<'PY' ||
import resource, subprocess, sys, time
t0 = time.time()
rc = subprocess.call(sys.argv[2:])
open(sys.argv[1], "w").write("%.1f %d\n" % (time.time() - t0, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(rc)
PY
    { cat "$work/$n.log" >&2; exit 1; }
  args+=("$n x $n=$work/$n.json")
done
python3 "$root/tools/bench/ppa_table.py" --header "${args[@]}"
echo
echo "| array | cells | critical path | ppa wall s | synthesis s | max RSS GB |"
echo "|---|---|---|---|---|---|"
for n in $sizes; do
  python3 - "$work/$n.json" "$work/$n.time" "$n" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); wall, rss = open(sys.argv[2]).read().split()[-2:]; n = sys.argv[3]
t = r["timing"]
print(f"| {n} x {n} | {r['area']['cells']} | {t['critical_path_ns']:.2f} ns over {t['path_cells']} cells | "
      f"{float(wall):.0f} | {r['steps_s']['synthesis']:.0f} | {int(rss) / 1e6:.1f} |")
PY
done
