#!/usr/bin/env bash
# Figures for docs/benchmarks.md, Panacea: the area of one panacea_pea (v = 4, 4 DWOs, 8 SWOs, k_w = 1) by part,
# measured per module by `bitforge area` (osu018): each submodule's instances and the PEA module's own logic (its
# control, the buffers' read ports and the DWOs' operand crossbar). Usage: tools/bench/panacea_pea_area.sh [KMAX]
# (default 64, the paper's buffer depth; after tools/bitforge build).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bf=${BITFORGE_BIN:-$root/build/bin/bitforge}
[ -x "$bf" ] || { echo "panacea_pea_area.sh: $bf not found; build it first: tools/bitforge build" >&2; exit 2; }
kmax=${1:-64}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export BITFORGE_CACHE_DIR="$work/cache"
cfg="{\"block\": \"panacea_pea\", \"name\": \"pea\", \"params\": {\"v\": 4, \"dwo\": 4, \"swo\": 8, \"k_w\": 1, \"kmax\": $kmax}}"
echo "$cfg" > "$work/pea.json"
echo "<!-- tools/bench/panacea_pea_area.sh $kmax: bitforge $(git -C "$root" rev-parse --short HEAD), $(date -u +%Y-%m-%d); config $cfg -->"
echo
"$bf" area "$work/pea.json" --json "$work/area.json" > /dev/null
python3 - "$work/area.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
mods, top, total = a["modules"], a["top"], a["total_area_um2"]
print("| part (module) | instances | um^2 | share |")
print("|---|---|---|---|")
for name, n in sorted(mods[top]["cells_by_type"].items()):
    if name in mods:
        area = n * mods[name]["total_area_um2"]
        print(f"| {name} | {n} | {area:.0f} | {100 * area / total:.1f}% |")
own = mods[top]["area_um2"]
print(f"| {top} itself (control, read ports, operand crossbar) | 1 | {own:.0f} | {100 * own / total:.1f}% |")
print(f"| total (sequential {a['sequential_area_um2']:.0f}) | | {total:.0f} | logic depth {a['logic_depth']} |")
PY
