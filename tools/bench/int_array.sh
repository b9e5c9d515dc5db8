#!/usr/bin/env bash
# Figures for docs/benchmarks.md, int_array (issue 3): cycles of single and back-to-back jobs next to the
# SCALE-Sim output-stationary count, area (osu018) with 8-bit and 4-bit PEs, Verilator simulation speed and
# model build time. Usage: tools/bench/int_array.sh   (after tools/bitforge has built build/bin/bitforge)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bf=${BITFORGE_BIN:-$root/build/bin/bitforge}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export BITFORGE_CACHE_DIR="$work/cache"
now() { date +%s.%N; }

cfg() {  # cfg NAME R C PE
  printf '{"block": "int_array", "name": "%s", "params": {"rows": %s, "cols": %s, "pe_bits": %s}}\n' "$1" "$2" "$3" "$4" >"$work/$1.json"
}
for n in 8 16; do cfg "ia${n}" $n $n 0; cfg "ia${n}p4" $n $n 4; done

echo "## cycles (sim: first valid input to last C row taken, inputs at full speed, c_ready high)"
echo
echo "| array | PE | K | jobs | cycles | SCALE-Sim OS folds x (R+C+K-2) | cycles / SCALE-Sim | utilization |"
echo "|---|---|---|---|---|---|---|---|"
for n in 8 16; do
  for pe in 0 4; do
    name=ia${n}; [ $pe = 4 ] && name=ia${n}p4
    for k in 64 256; do
      for jobs in 1 16; do
        python3 - "$n" "$k" "$jobs" >"$work/in.json" <<'PY'
import json, random, sys
n, k, jobs = map(int, sys.argv[1:])
random.seed(1)
mk = lambda r, c: [[random.randint(-128, 127) for _ in range(c)] for _ in range(r)]
print(json.dumps({"jobs": [{"a": mk(n, k), "b": mk(k, n)} for _ in range(jobs)]}))
PY
        "$bf" sim "$work/$name.json" --input "$work/in.json" --output "$work/out.json" >/dev/null
        python3 - "$work/out.json" "$n" "$pe" "$k" "$jobs" <<'PY'
import json, sys
o = json.load(open(sys.argv[1])); n, pe, k, jobs = sys.argv[2:]
s = o["stats"]; ss = int(n) + int(n) + int(k) - 2
assert o["golden"] == "match"
print("| %sx%s | %s | %s | %s | %d | %d | %.3f | %.3f |" % (n, n, "8-bit" if pe == "0" else "4-bit (4 cycles/MAC)", k, jobs,
      o["cycles"], int(jobs) * ss, o["cycles"] / (int(jobs) * ss), s["utilization"]))
PY
      done
    done
  done
done

echo
echo "## area (bitforge area, osu018)"
echo
echo "| array | PE | total um^2 | sequential um^2 | combinational um^2 | cells | logic depth | PE um^2 | synthesis s |"
echo "|---|---|---|---|---|---|---|---|---|"
for name in ia8 ia8p4 ia16 ia16p4; do
  t0=$(now); "$bf" area "$work/$name.json" --json "$work/a.json" >/dev/null; t1=$(now)
  python3 - "$work/a.json" "$name" "$(awk "BEGIN {print $t1 - $t0}")" <<'PY'
import json, sys
a = json.load(open(sys.argv[1])); name = sys.argv[2]
pe = [m for k, m in a["modules"].items() if k.endswith("_pe")][0]
n = name[2:].split("p")[0]
print("| %sx%s | %s | %.0f | %.0f | %.0f | %d | %d | %.0f | %.1f |" % (n, n, "4-bit" if "p4" in name else "8-bit",
      a["total_area_um2"], a["sequential_area_um2"], a["combinational_area_um2"], a["cells"], a["logic_depth"],
      pe["total_area_um2"], float(sys.argv[3])))
PY
done

echo
echo "## Verilator: model build and simulation speed (16x16, 8-bit PEs)"
echo
t0=$(now); "$bf" model "$work/ia16.json" -o "$work/m16" >/dev/null; t1=$(now)
echo "- model build, cold: $(awk "BEGIN {printf \"%.1f\", $t1 - $t0}") s (bitforge model)"
t0=$(now); "$bf" model "$work/ia16.json" -o "$work/m16" >/dev/null; t1=$(now)
echo "- model build, cached: $(awk "BEGIN {printf \"%.3f\", $t1 - $t0}") s"
"$bf" verify "$work/ia16.json" --seed 1 --count 60 >"$work/v.txt"
python3 - "$work/v.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
m = re.search(r"(\d+) cycles, (\d+) port checks, ([0-9.]+) s", t)
cyc, sec = int(m.group(1)), float(m.group(3))
print("- bitforge verify --count 60 (every port compared with the cycle model every cycle): %d cycles in %.2f s = %.0f array-cycles/s" % (cyc, sec, cyc / sec))
PY
