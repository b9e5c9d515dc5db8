#!/usr/bin/env bash
# Figures for docs/benchmarks.md, "Lean datapaths" (issue 14): the int_array 8-bit PE against int_mac, the
# conventional MAC (multiplier, product register, accumulator), 8 x 8 bits signed, both mappings, with a 32-bit
# accumulator and with k_max 256 (24 bits), in one run. The PE's operand-forwarding registers (a_q, b_q: 16
# flip-flops that hold while the array stalls) are priced from the Liberty file: 16 x (DFFPOSX1 + MUX2X1).
# Usage: tools/bench/lean_pe.sh   (after tools/bitforge has built build/bin/bitforge)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bf=${BITFORGE_BIN:-$root/build/bin/bitforge}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
lib=/usr/share/qflow/tech/osu018/osu018_stdcells.lib

echo "<!-- tools/bench/lean_pe.sh: bitforge $(git -C "$root" rev-parse --short HEAD), $(date -u +%Y-%m-%d) -->"
echo
echo "| accumulator | mapping | int_mac um^2 | PE um^2 | PE / MAC | PE less forwarding registers | (PE - fwd) / MAC | MAC seq / comb | PE seq / comb |"
echo "|---|---|---|---|---|---|---|---|---|"
for acc in 32 k256; do
  if [ $acc = 32 ]; then extra='"acc_bits": 32'; else extra='"k_max": 256'; fi
  printf '{"block": "int_mac", "name": "mac", "params": {%s}}\n' "$extra" >"$work/mac.json"
  printf '{"block": "int_array", "name": "ia", "params": {"rows": 8, "cols": 8, %s}}\n' "$extra" >"$work/ia.json"
  for map in timing plain; do
    flag=""; [ $map = plain ] && flag=--plain-map
    "$bf" area "$work/mac.json" $flag --json "$work/mac_$map.json" >/dev/null
    "$bf" area "$work/ia.json" $flag --json "$work/ia_$map.json" >/dev/null
    python3 - "$work/mac_$map.json" "$work/ia_$map.json" "$acc" "$map" "$lib" <<'PY'
import json, re, sys
mac, ia, acc, mapping, lib = sys.argv[1:]
m = json.load(open(mac))
p = json.load(open(ia))["modules"]["ia_pe"]
text = open(lib).read()
def area(cell):
    return float(re.search(r"cell \(" + cell + r"\) \{.*?area : ([0-9.]+)", text, re.S).group(1))
fwd = 16 * (area("DFFPOSX1") + area("MUX2X1"))
mt, pt = m["total_area_um2"], p["total_area_um2"]
print(f"| {'32 bits' if acc == '32' else 'k_max 256 (24 bits)'} | {'timing-driven' if mapping == 'timing' else '--plain-map'} "
      f"| {mt:.0f} | {pt:.0f} | {pt / mt:.3f}x | {pt - fwd:.0f} | {(pt - fwd) / mt:.3f}x "
      f"| {m['sequential_area_um2']:.0f} / {m['combinational_area_um2']:.0f} "
      f"| {p['sequential_area_um2']:.0f} / {p['combinational_area_um2']:.0f} |")
PY
  done
done

# What-if (not a bitforge block): the PE without its result register, the accumulator read out directly (the array
# would have to stall a job's start until the row's previous result is read). A hand edit of the generated PE,
# synthesized alone (flattened, its ports as the design's I/O) with the Yosys script `bitforge ppa --keep-dir`
# writes, timing-driven as written and plain with ABC's line as `area --plain-map` has it; the unedited PE and
# int_mac through the same scripts.
printf '{"block": "int_array", "name": "ia1", "params": {"rows": 1, "cols": 1, "acc_bits": 32}}\n' >"$work/ia1.json"
"$bf" ppa "$work/ia1.json" --keep-dir "$work/kept" >/dev/null 2>&1
printf '{"block": "int_mac", "name": "mac", "params": {"acc_bits": 32}}\n' >"$work/mac.json"
"$bf" gen "$work/mac.json" -o "$work/macrtl" >/dev/null
python3 - "$work" "$lib" <<'PY'
import json, re, subprocess, sys
work, lib = sys.argv[1:]
pe = open(f"{work}/kept/rtl/ia1_pe.sv").read()
edit = pe.replace("        if (step_i && l_q) res_q <= sum;\n        else acc_q <= sum;", "        acc_q <= sum;")
edit = edit.replace("assign res_o   = res_q;", "assign res_o   = acc_q;")
assert edit != pe and "res_q <=" not in edit, "the PE template changed: update this edit"
open(f"{work}/pe_nores.sv", "w").write(edit)
flow = open(f"{work}/kept/synth/area.ys").read()
abc = re.search(r"^abc .*$", flow, re.M).group(0)
text = open(lib).read()
def cell_area(c):
    return float(re.search(r"cell \(" + c + r"\) \{.*?area : ([0-9.]+)", text, re.S).group(1))
def synth(sv, top, plain):
    mapping = f"abc -liberty {lib}" if plain else abc.replace("-constr abc.constr", f"-constr {work}/kept/synth/abc.constr")
    ys = (f"read_verilog -sv {sv}\nhierarchy -check -top {top}\nproc\nsynth -top {top} -flatten\n"
          f"dfflibmap -liberty {lib}\n{mapping}\nopt_clean\ntee -q -o {work}/s.json stat -json\n")
    open(f"{work}/s.ys", "w").write(ys)
    subprocess.run(["yosys", "-q", "-s", f"{work}/s.ys"], check=True, stdout=subprocess.DEVNULL)
    m = next(iter(json.load(open(f"{work}/s.json"))["modules"].values()))
    return sum(n * cell_area(c) for c, n in m["num_cells_by_type"].items())
print()
print("What-if, each alone (flattened; not the per-module figures above): the PE without its result register.")
print()
print("| mapping | int_mac um^2 | PE um^2 | PE without result register um^2 | its ratio to int_mac |")
print("|---|---|---|---|---|")
for plain in (False, True):
    mac = synth(f"{work}/macrtl/mac.sv", "mac", plain)
    full = synth(f"{work}/kept/rtl/ia1_pe.sv", "ia1_pe", plain)
    nores = synth(f"{work}/pe_nores.sv", "ia1_pe", plain)
    print(f"| {'--plain-map' if plain else 'timing-driven'} | {mac:.0f} | {full:.0f} | {nores:.0f} | {nores / mac:.3f}x |")
PY
