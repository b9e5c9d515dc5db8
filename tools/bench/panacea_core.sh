#!/usr/bin/env bash
# Figures for docs/benchmarks.md, Panacea core (RTL): cycles of panacea_core against a dense bit-slice run of the
# same core (every HO vector stored) at HO vector sparsity 0, 50 and 90% for both operands, executed
# multiplications, DWO/SWO utilization; area by part. Usage: tools/bench/panacea_core.sh (after tools/bitforge build).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bf=${BITFORGE_BIN:-$root/build/bin/bitforge}
[ -x "$bf" ] || { echo "panacea_core.sh: $bf not found; build it first: tools/bitforge build" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export BITFORGE_CACHE_DIR="$work/cache"
cfg='{"block": "panacea_core", "name": "pc", "params": {"peas": 4, "v": 4, "dwo": 4, "swo": 8, "k_w": 1, "kmax": 64}}'
echo "$cfg" > "$work/pc.json"
echo "<!-- tools/bench/panacea_core.sh: bitforge $(git -C "$root" rev-parse --short HEAD), $(date -u +%Y-%m-%d); config $cfg -->"
echo
echo "| HO vector sparsity (W = X) | cycles | dense run cycles | compute cycles | dense compute cycles | compute vs dense | executed mults | dense mults | DWO utilization | SWO utilization |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for sp in 0 50 90; do
  python3 "$root/tools/bench/panacea_data.py" "$sp" "$sp" "$sp" "$work/in.json"
  "$bf" sim "$work/pc.json" --input "$work/in.json" --output "$work/out.json" > /dev/null
  python3 - "$work/out.json" "$sp" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); s = d["stats"]
assert d["golden"] == "match"
print(f"| {sys.argv[2]}% | {d['cycles']} | {s['dense_cycles']} | {s['compute_cycles']} | {s['dense_compute_cycles']} | "
      f"{s['compute_cycles_vs_dense']:.2f}x | {s['executed_mults']} | {s['dense_mults']} | {s['dwo_utilization']:.2f} | {s['swo_utilization']:.2f} |")
PY
done
echo
echo "Timing, power and energy (bitforge ppa, power at Fmax) of a smaller core, 2 PEAs with kmax = 16 (the same PEA as"
echo "the area table below), on one GEMM at 50% HO vector sparsity: the AQS run against the dense run of the same core"
echo "(\"run\": \"aqs\" / \"dense\" in the sim input). Energy per output = total energy / outputs of the GEMM."
echo
small='{"block": "panacea_core", "name": "pcs", "params": {"peas": 2, "v": 4, "dwo": 4, "swo": 8, "k_w": 1, "kmax": 16}}'
echo "$small" > "$work/pcs.json"
python3 "$root/tools/bench/panacea_data.py" 50 50 50 "$work/in.json"
for run in aqs dense; do
  python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); d["run"] = sys.argv[2]; json.dump(d, open(sys.argv[3], "w"))' \
    "$work/in.json" "$run" "$work/in_$run.json"
  echo "panacea_core.sh: ppa ($run run)" >&2
  "$bf" ppa "$work/pcs.json" --input "$work/in_$run.json" --json "$work/ppa_$run.json" > "$work/ppa_$run.log" 2>&1 ||
    { cat "$work/ppa_$run.log" >&2; exit 1; }
done
python3 "$root/tools/bench/ppa_table.py" --header "dense run=$work/ppa_dense.json" "AQS run=$work/ppa_aqs.json"
python3 "$root/tools/bench/ppa_table.py" --per-output "$work/in.json" "dense=$work/ppa_dense.json" \
  "AQS=$work/ppa_aqs.json"
echo
echo "Area by part (osu018), one PEA with kmax = 16 (bitforge area, per module; the buffers scale with kmax):"
echo
BITFORGE_BIN="$bf" "$root/tools/bench/panacea_pea_area.sh" 16 | tail -n +3
