#!/usr/bin/env bash
# Figures for docs/benchmarks.md, "effect of double-tile processing": bitforge sim of panacea_core with 2 PEAs
# without dtp, 2 PEAs with dtp (same operators, two weight sub-tiles per PEA) and 4 PEAs without dtp (twice the
# operators), each with one dynamic item per cycle and with up to 4 (dyn_items), on the same GEMMs at W / X HO
# vector sparsity 0/0 .. 100/90%; then the area of one PEA in each variant (kmax 8).
# Usage: tools/bench/panacea_dtp.sh [--no-area] (after tools/bitforge build).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bf=${BITFORGE_BIN:-$root/build/bin/bitforge}
[ -x "$bf" ] || { echo "panacea_dtp.sh: $bf not found; build it first: tools/bitforge build" >&2; exit 2; }
area=1
[ "${1:-}" = "--no-area" ] && area=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export BITFORGE_CACHE_DIR="$work/cache"
base='"v": 4, "dwo": 4, "swo": 8, "k_w": 1, "kmax": 64'
cores="p2 p2dtp p4 p2d4 p2dtpd4 p4d4"
for c in $cores; do
  peas=2; extra=""
  case $c in p4*) peas=4 ;; esac
  case $c in *dtp*) extra="$extra, \"dtp\": true" ;; esac
  case $c in *d4) extra="$extra, \"dyn_items\": 4" ;; esac
  echo "{\"block\": \"panacea_core\", \"name\": \"$c\", \"params\": {\"peas\": $peas, $base$extra}}" > "$work/$c.json"
done
echo "<!-- tools/bench/panacea_dtp.sh: bitforge $(git -C "$root" rev-parse --short HEAD), $(date -u +%Y-%m-%d); W 32 x 64, X 64 x 16, z 128, DBS type 1; params {$base} -->"
echo
echo "| W / X HO vector sparsity | core | tiles | cycles | compute cycles | DWO utilization | SWO utilization | borrowed LO x LO products |"
echo "|---|---|---|---|---|---|---|---|"
for sp in "0 0" "50 50" "90 50" "90 90" "100 90"; do
  set -- $sp
  python3 "$root/tools/bench/panacea_data.py" "$1" "$2" "$(( $1 * 1000 + $2 ))" "$work/in.json"
  for c in $cores; do
    "$bf" sim "$work/$c.json" --input "$work/in.json" --output "$work/out.json" > /dev/null
    python3 - "$work/out.json" "$1/$2%" "$c" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); s = d["stats"]
assert d["golden"] == "match"
c = sys.argv[3]
name = ("4 PEAs" if c.startswith("p4") else "2 PEAs") + (", dtp" if "dtp" in c else "") + \
       (", 4 items" if c.endswith("d4") else "")
print(f"| {sys.argv[2]} | {name} | {s['tiles']} | {d['cycles']} | {s['compute_cycles']} | {s['dwo_utilization']:.2f} | "
      f"{s['swo_utilization']:.2f} | {s['borrowed_products']} |")
PY
  done
done
[ $area = 1 ] || exit 0
echo
echo "Area (osu018) of one PEA, kmax = 8 (bitforge area):"
echo
echo "| PEA | OPCs | OPC area um^2 | rest um^2 | total um^2 | sequential um^2 |"
echo "|---|---|---|---|---|---|"
for var in "false 1" "true 1" "false 4" "true 4"; do
  set -- $var
  echo "{\"block\": \"panacea_pea\", \"name\": \"pea\", \"params\": {\"v\": 4, \"dwo\": 4, \"swo\": 8, \"k_w\": 1, \"kmax\": 8, \"dtp\": $1, \"dyn_items\": $2}}" > "$work/pea.json"
  "$bf" area "$work/pea.json" --json "$work/area.json" > /dev/null
  python3 - "$work/area.json" "$1" "$2" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
opc = a["modules"]["pea_opc"]["area_um2"]
dtp, items = sys.argv[2] == "true", int(sys.argv[3])
n = 8 + (4 if dtp or items > 1 else 3)  # 8 SWOs; the DWOs built: dwo, or k_w + 2 when only one item and no dtp
rest = a["total_area_um2"] - n * opc
name = ("dtp" if dtp else "no dtp") + f", {items} item" + ("s" if items > 1 else "")
print(f"| {name} | {n} | {n * opc:.0f} | {rest:.0f} | {a['total_area_um2']:.0f} | {a['sequential_area_um2']:.0f} |")
PY
done
