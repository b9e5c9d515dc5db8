#!/usr/bin/env bash
# Figures for docs/benchmarks.md, "Lean datapaths" (issue 14): the int_array 8-bit PE against int_mac, the
# conventional MAC (multiplier, product register, accumulator), 8 x 8 bits signed, both mappings, with a 32-bit
# accumulator and with k_max 256 (24 bits), in one run. The PE's operand-forwarding registers (a_q, b_q: 16
# flip-flops that hold while the array stalls) are priced from the Liberty file: 16 x (DFFPOSX1 + MUX2X1). The last
# columns: the PE of an int_array with result_buffer false (no result register; C read from the accumulators).
# Then the same with the Booth multiplier (`booth`) in both int_mac and the PE.
# Usage: tools/bench/lean_pe.sh   (after tools/bitforge has built build/bin/bitforge)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bf=${BITFORGE_BIN:-$root/build/bin/bitforge}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
lib=/usr/share/qflow/tech/osu018/osu018_stdcells.lib

echo "<!-- tools/bench/lean_pe.sh: bitforge $(git -C "$root" rev-parse --short HEAD), $(date -u +%Y-%m-%d) -->"
echo
echo "| accumulator | mapping | int_mac um^2 | PE um^2 | PE / MAC | PE less forwarding registers | (PE - fwd) / MAC | MAC seq / comb | PE seq / comb | PE without result register (result_buffer false) um^2 | its ratio to int_mac |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for acc in 32 k256; do
  if [ $acc = 32 ]; then extra='"acc_bits": 32'; else extra='"k_max": 256'; fi
  printf '{"block": "int_mac", "name": "mac", "params": {%s}}\n' "$extra" >"$work/mac.json"
  printf '{"block": "int_array", "name": "ia", "params": {"rows": 8, "cols": 8, %s}}\n' "$extra" >"$work/ia.json"
  printf '{"block": "int_array", "name": "ia", "params": {"rows": 8, "cols": 8, "result_buffer": false, %s}}\n' "$extra" >"$work/ianb.json"
  for map in timing plain; do
    flag=""; [ $map = plain ] && flag=--plain-map
    "$bf" area "$work/mac.json" $flag --json "$work/mac_$map.json" >/dev/null
    if [ $acc = 32 ]; then cp "$work/mac_$map.json" "$work/mac32_$map.json"; fi
    "$bf" area "$work/ia.json" $flag --json "$work/ia_$map.json" >/dev/null
    "$bf" area "$work/ianb.json" $flag --json "$work/ianb_$map.json" >/dev/null
    python3 - "$work/mac_$map.json" "$work/ia_$map.json" "$acc" "$map" "$lib" "$work/ianb_$map.json" <<'PY'
import json, re, sys
mac, ia, acc, mapping, lib, ianb = sys.argv[1:]
m = json.load(open(mac))
p = json.load(open(ia))["modules"]["ia_pe"]
nb = json.load(open(ianb))["modules"]["ia_pe"]["total_area_um2"]
text = open(lib).read()
def area(cell):
    return float(re.search(r"cell \(" + cell + r"\) \{.*?area : ([0-9.]+)", text, re.S).group(1))
fwd = 16 * (area("DFFPOSX1") + area("MUX2X1"))
mt, pt = m["total_area_um2"], p["total_area_um2"]
print(f"| {'32 bits' if acc == '32' else 'k_max 256 (24 bits)'} | {'timing-driven' if mapping == 'timing' else '--plain-map'} "
      f"| {mt:.0f} | {pt:.0f} | {pt / mt:.3f}x | {pt - fwd:.0f} | {(pt - fwd) / mt:.3f}x "
      f"| {m['sequential_area_um2']:.0f} / {m['combinational_area_um2']:.0f} "
      f"| {p['sequential_area_um2']:.0f} / {p['combinational_area_um2']:.0f} | {nb:.0f} | {nb / mt:.3f}x |")
PY
  done
done


# The same blocks with the Booth multiplier (`booth`: radix-4 recoding of B) in int_mac and in the PE.
echo
echo "With the Booth multiplier (\`booth\` true) in both, 32-bit accumulator:"
echo
echo "| mapping | int_mac um^2 | int_mac booth um^2 | PE booth um^2 | PE booth / MAC booth | PE booth without result register um^2 | its ratio to int_mac booth |"
echo "|---|---|---|---|---|---|---|"
printf '{"block": "int_mac", "name": "mac", "params": {"acc_bits": 32, "booth": true}}\n' >"$work/macb.json"
printf '{"block": "int_array", "name": "ia", "params": {"rows": 8, "cols": 8, "acc_bits": 32, "booth": true}}\n' >"$work/iab.json"
printf '{"block": "int_array", "name": "ia", "params": {"rows": 8, "cols": 8, "acc_bits": 32, "booth": true, "result_buffer": false}}\n' >"$work/iabnb.json"
for map in timing plain; do
  flag=""; [ $map = plain ] && flag=--plain-map
  for d in macb iab iabnb; do "$bf" area "$work/$d.json" $flag --json "$work/${d}_$map.json" >/dev/null; done
  python3 - "$work" "$map" <<'PY'
import json, sys
w, mapping = sys.argv[1:]
area = lambda f, mod=None: (json.load(open(f))["modules"][mod] if mod else json.load(open(f)))["total_area_um2"]
mac, macb = area(f"{w}/mac32_{mapping}.json"), area(f"{w}/macb_{mapping}.json")
pe, penb = area(f"{w}/iab_{mapping}.json", "ia_pe"), area(f"{w}/iabnb_{mapping}.json", "ia_pe")
print(f"| {'timing-driven' if mapping == 'timing' else '--plain-map'} | {mac:.0f} | {macb:.0f} | {pe:.0f} | "
      f"{pe / macb:.3f}x | {penb:.0f} | {penb / macb:.3f}x |")
PY
done
