#!/usr/bin/env bash
# Figures for docs/benchmarks.md, ANT (issue 4): ant_array area and the decoders' share, cycles and throughput
# per um^2 against int_array (8-bit PEs and 4-bit digit-serial PEs) on the same GEMMs, and the MSE of int, pot
# and flint (4-bit) on Gaussian, Laplace and uniform tensors with the type Algorithm 2 picks.
# Issue 15: the 8 x 8 ANT arrays side by side with the lean 8-bit int array (examples/int_array_8x8_lean.json) on the
# same workload, `bitforge area` and `bitforge ppa` ("lean" runs only that part).
# Usage: tools/bench/ant.sh [lean]   (after tools/bitforge has built build/bin/bitforge)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bf=${BITFORGE_BIN:-$root/build/bin/bitforge}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export BITFORGE_CACHE_DIR="$work/cache"

# The ANT arrays against the lean int array: 16 jobs of 8 x 64 . 64 x 8 (ANT: flint A codes, B codes with a random
# type per column; int: 8-bit signed values), area and cycles, then ppa on the same inputs.
# ppa_run NAME INPUT: bitforge ppa of $work/NAME.json on $work/INPUT.json into $work/NAME.ppa.json (stops on failure).
ppa_run() {
  echo "ant.sh: ppa $1" >&2
  "$bf" ppa "$work/$1.json" --input "$work/$2.json" --json "$work/$1.ppa.json" >"$work/$1.ppa.log" 2>&1 ||
    { cat "$work/$1.ppa.log" >&2; exit 1; }
}
lean() {
  printf '{"block": "ant_array", "name": "ant8", "params": {"rows": 8, "cols": 8}}\n' >"$work/l_ant8.json"
  printf '{"block": "ant_array", "name": "ant8nrb", "params": {"rows": 8, "cols": 8, "int8_mode": false, %s}}\n' \
    '"result_buffer": false' >"$work/l_ant8nrb.json"
  cp "$root/examples/int_array_8x8_lean.json" "$work/l_lean.json"
  python3 - "$work" <<'PY'
import json, random, sys
w = sys.argv[1]
random.seed(7)
mk = lambda r, c, lo, hi: [[random.randint(lo, hi) for _ in range(c)] for _ in range(r)]
types = ["int", "pot", "flint"]
json.dump({"jobs": [{"a": mk(8, 64, 0, 15), "b": mk(64, 8, 0, 15), "a_type": "flint",
                     "b_type": [random.choice(types) for _ in range(8)]} for _ in range(16)]}, open(w + "/l_ant_in.json", "w"))
json.dump({"jobs": [{"a": mk(8, 64, -128, 127), "b": mk(64, 8, -128, 127)} for _ in range(16)]},
          open(w + "/l_int_in.json", "w"))
PY
  for d in ant8:l_ant_in ant8nrb:l_ant_in lean:l_int_in; do
    c=${d%%:*} in=${d##*:}
    "$bf" area "$work/l_$c.json" --json "$work/l_$c.area.json" >/dev/null
    "$bf" sim "$work/l_$c.json" --input "$work/$in.json" --output "$work/l_$c.sim.json" >/dev/null
  done
  echo "### ANT against the lean int array (issue 15): 8 x 8, 16 jobs of 8 x 64 . 64 x 8"
  echo
  echo "bitforge area (hierarchical, timing-driven) and sim cycles; MACs/cycle/mm^2 from these."
  echo
  echo "| design | area um^2 | PE um^2 | cycles | MACs/cycle | MACs/cycle/mm^2 | vs lean int |"
  echo "|---|---|---|---|---|---|---|"
  python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
rows = []
for label, c in (("int_array lean (booth, no result register)", "lean"), ("ant_array 4-bit (8-bit mode)", "ant8"),
                 ("ant_array 4-bit, no 8-bit mode, no result register", "ant8nrb")):
    a = json.load(open(w + "/l_" + c + ".area.json")); o = json.load(open(w + "/l_" + c + ".sim.json"))
    assert o["golden"] == "match"
    pe = [m for k, m in a["modules"].items() if k.endswith("_pe")][0]["total_area_um2"]
    macs = o["stats"]["macs"]
    rows.append((label, a["total_area_um2"], pe, o["cycles"], macs / o["cycles"], macs / o["cycles"] / (a["total_area_um2"] / 1e6)))
for label, area, pe, cyc, mpc, tpa in rows:
    print("| %s | %.0f | %.0f | %d | %.1f | %.2f | %.2fx |" % (label, area, pe, cyc, mpc, tpa, tpa / rows[0][5]))
PY
  echo
  echo "bitforge ppa (flat, timing-driven; power at each design's Fmax on the workload above):"
  echo
  ppa_run l_lean l_int_in
  ppa_run l_ant8 l_ant_in
  ppa_run l_ant8nrb l_ant_in
  python3 "$root/tools/bench/ppa_table.py" --header "int_array lean=$work/l_lean.ppa.json" \
    "ant_array 4-bit (8-bit mode)=$work/l_ant8.ppa.json" "ant_array 4-bit, no 8-bit mode, no result register=$work/l_ant8nrb.ppa.json"
}
if [ "${1:-}" = "lean" ]; then lean; exit 0; fi

for n in 8 16; do
  printf '{"block": "ant_array", "name": "ant%s", "params": {"rows": %s, "cols": %s}}\n' $n $n $n >"$work/ant$n.json"
  printf '{"block": "int_array", "name": "int%s", "params": {"rows": %s, "cols": %s}}\n' $n $n $n >"$work/int$n.json"
  printf '{"block": "int_array", "name": "int%sp4", "params": {"rows": %s, "cols": %s, "pe_bits": 4}}\n' $n $n $n >"$work/int${n}p4.json"
  for c in ant$n int$n int${n}p4; do "$bf" area "$work/$c.json" --json "$work/$c.area.json" >/dev/null; done
done

echo "### ant_array area (osu018; 4-bit codes, 8-bit int mode included) and the boundary decoders' share"
echo
echo "| array | total um^2 | PE um^2 | decoder um^2 (A / B) | decoders (R + C) | decoder share of the array |"
echo "|---|---|---|---|---|---|"
for n in 8 16; do
  python3 - "$work/ant$n.area.json" "$n" <<'PY'
import json, sys
a = json.load(open(sys.argv[1])); n = int(sys.argv[2]); mods = a["modules"]
top = mods[a["top"]]
pe = [m for k, m in mods.items() if k.endswith("_pe")][0]["total_area_um2"]
dec = {k: m["total_area_um2"] for k, m in mods.items() if k.endswith("_dec_a") or k.endswith("_dec_b")}
inst = sum(top["cells_by_type"].get(k, 0) * v for k, v in dec.items())
count = sum(top["cells_by_type"].get(k, 0) for k in dec)
da = [v for k, v in dec.items() if k.endswith("_dec_a")][0]; db = [v for k, v in dec.items() if k.endswith("_dec_b")][0]
print("| %dx%d | %.0f | %.0f | %.0f / %.0f | %d | %.2f%% |" % (n, n, a["total_area_um2"], pe, da, db, count, 100 * inst / a["total_area_um2"]))
PY
done

echo
echo "### the same GEMMs on ant_array (4-bit codes), int_array (8-bit PEs) and int_array (4-bit PEs, 4 cycles per MAC)"
echo
echo "16 back-to-back jobs of R x K . K x C, all inputs at full speed, C taken at once; throughput = MACs / cycle / mm^2."
echo
echo "| array | K | design | cycles | area mm^2 | MACs/cycle | MACs/cycle/mm^2 | vs int 8-bit PE |"
echo "|---|---|---|---|---|---|---|---|"
for n in 8 16; do
  for k in 64 256; do
    python3 - "$n" "$k" "$work" <<'PY'
import json, random, sys
n, k, w = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
random.seed(7)
mk = lambda r, c, lo, hi: [[random.randint(lo, hi) for _ in range(c)] for _ in range(r)]
json.dump({"jobs": [{"a": mk(n, k, 0, 15), "b": mk(k, n, 0, 15), "a_type": "flint", "b_type": "flint"} for _ in range(16)]}, open(w + "/ant_in.json", "w"))
json.dump({"jobs": [{"a": mk(n, k, -128, 127), "b": mk(k, n, -128, 127)} for _ in range(16)]}, open(w + "/int_in.json", "w"))
PY
    if [ "$n$k" = 864 ]; then cp "$work/ant_in.json" "$work/ant_in_8_64.json"; cp "$work/int_in.json" "$work/int_in_8_64.json"; fi
    "$bf" sim "$work/ant$n.json" --input "$work/ant_in.json" --output "$work/ant_out.json" >/dev/null
    "$bf" sim "$work/int$n.json" --input "$work/int_in.json" --output "$work/int_out.json" >/dev/null
    "$bf" sim "$work/int${n}p4.json" --input "$work/int_in.json" --output "$work/intp4_out.json" >/dev/null
    python3 - "$n" "$k" "$work" <<'PY'
import json, sys
n, k, w = sys.argv[1], sys.argv[2], sys.argv[3]
rows = []
for label, out, area in (("ant_array 4-bit", "ant_out", "ant" + n), ("int_array 8-bit PE", "int_out", "int" + n),
                         ("int_array 4-bit PE", "intp4_out", "int" + n + "p4")):
    o = json.load(open(w + "/" + out + ".json")); a = json.load(open(w + "/" + area + ".area.json"))
    assert o["golden"] == "match"
    macs = o["stats"]["macs"]; mm2 = a["total_area_um2"] / 1e6
    rows.append((label, o["cycles"], mm2, macs / o["cycles"], macs / o["cycles"] / mm2))
base = rows[1][4]
for label, cyc, mm2, mpc, tpa in rows:
    print("| %sx%s | %s | %s | %d | %.2f | %.1f | %.1f | %.2fx |" % (n, n, k, label, cyc, mm2, mpc, tpa, tpa / base))
PY
  done
done

echo
echo "### timing, power and energy: the 8 x 8 arrays on the 16-job K = 64 workload above (bitforge ppa)"
echo
echo "Each netlist mapped flat, timed by OpenSTA and simulated at zero delay on the workload; power at its own Fmax."
echo "An ANT MAC is one 4-bit flint x flint product here; an int_array MAC is 8 x 8 bits."
echo
ppa_run ant8 ant_in_8_64
ppa_run int8 int_in_8_64
ppa_run int8p4 int_in_8_64
python3 "$root/tools/bench/ppa_table.py" --header "int_array 8-bit PE=$work/int8.ppa.json" \
  "int_array 4-bit PE=$work/int8p4.ppa.json" "ant_array 4-bit flint=$work/ant8.ppa.json"

echo
echo "### 4-bit signed types on 4096-value tensors (bitforge quantize --signed --report; MSE in the tensor's units)"
echo
echo "| distribution | int MSE | flint MSE | pot MSE | chosen |"
echo "|---|---|---|---|---|"
for dist in gaussian laplace uniform; do
  python3 - "$dist" >"$work/t.json" <<'PY'
import json, random, sys
random.seed(11)
d = sys.argv[1]
draw = {"gaussian": lambda: random.gauss(0, 1), "laplace": lambda: random.choice([-1, 1]) * random.expovariate(1.0),
        "uniform": lambda: random.uniform(-1, 1)}[d]
print(json.dumps({"tensor": [draw() for _ in range(4096)]}))
PY
  "$bf" quantize "$work/t.json" --signed --report "$work/r.json" >/dev/null
  python3 - "$work/r.json" "$dist" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["channels"][0]
m = {c["type"]: c["mse"] for c in r["candidates"]}
print("| %s | %.5f | %.5f | %.5f | %s |" % (sys.argv[2], m["int"], m["flint"], m["pot"], r["type"]))
PY
done

echo
lean
