#!/usr/bin/env bash
# Figures for docs/benchmarks.md, SPARK array: spark_array (8 x 8, fifo_depth 1, 2, 4; d = 2 also without result
# registers; the lock-step array of the paper's Fig. 9c) against int_array (8 x 8, unsigned 8-bit A, signed 8-bit B, with 8-bit PEs, with 4-bit digit-serial
# PEs, and lean: Booth PEs without result registers) on the same GEMMs: cycles, SPARK's bits per value and lossy
# share on seeded synthetic distributions, area (osu018) with the border decoders' and the output encoder's share,
# throughput per um^2, timing, power and energy (bitforge ppa), and (with WEIGHTS_DIR) cycles, bits per value and
# lossy share on the weight tensors of a real model.
# Usage: tools/bench/spark_array.sh [WEIGHTS_DIR]   (after tools/bitforge build)
#   WEIGHTS_DIR: the output of `tools/fetch_weights.sh WEIGHTS_DIR --rows 8` (index.json + one sim input per tensor).
# Environment: BITFORGE_BIN (default build/bin/bitforge), SPARK_BENCH_SEED (default 1: seed of the synthetic
# inputs), SPARK_BENCH_KEEP=1 keeps the work directory (configs, inputs, sim and area outputs) and prints its path.
# Tables go to stdout (markdown), progress to stderr. Every sim's C must match the golden model, or the script stops.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bf=${BITFORGE_BIN:-$root/build/bin/bitforge}
seed=${SPARK_BENCH_SEED:-1}
weights=${1:-}

if [ $# -gt 1 ] || [ "${weights:0:1}" = "-" ]; then
  echo "usage: tools/bench/spark_array.sh [WEIGHTS_DIR]   (WEIGHTS_DIR from tools/fetch_weights.sh WEIGHTS_DIR --rows 8)" >&2
  exit 2
fi
if [ ! -x "$bf" ]; then
  echo "spark_array.sh: $bf not found; build it first: tools/bitforge build   (or set BITFORGE_BIN)" >&2
  exit 2
fi
if [ -n "$weights" ] && [ ! -f "$weights/index.json" ]; then
  echo "spark_array.sh: $weights/index.json not found; make WEIGHTS_DIR with: tools/fetch_weights.sh $weights --rows 8" >&2
  exit 2
fi
case "$seed" in '' | *[!0-9]*) echo "spark_array.sh: SPARK_BENCH_SEED must be a non-negative integer, got '$seed'" >&2; exit 2 ;; esac

work=$(mktemp -d)
cleanup() {
  if [ "${SPARK_BENCH_KEEP:-0}" = 1 ]; then echo "spark_array.sh: work directory kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
export BITFORGE_CACHE_DIR="$work/cache"   # fresh Verilator models for the RTL as it is now
mkdir -p "$work/cfg" "$work/in" "$work/out" "$work/area"
log() { echo "spark_array.sh: $*" >&2; }
now() { date +%s.%N; }
t_start=$(now)

# ------------------------------------------------------------------------------------------------ designs
spark_cfg() {  # NAME FIFO_DEPTH OUTPUT_ENCODER RESULT_BUFFER [LOCKSTEP]
  printf '{"block": "spark_array", "name": "%s", "params": {"rows": 8, "cols": 8, "bits": 8, "a_signed": false, "b_signed": true, "fifo_depth": %s, "output_encoder": %s, "result_buffer": %s%s}}\n' \
    "$1" "$2" "$3" "$4" "${5:+, \"lockstep\": $5}" >"$work/cfg/$1.json"
}
int_cfg() {  # NAME PE_BITS [LEAN]: LEAN = 1 adds the lean options of issue 14 (Booth PEs, no result registers)
  local lean=""
  [ "${3:-0}" = 1 ] && lean=', "booth": true, "result_buffer": false'
  printf '{"block": "int_array", "name": "%s", "params": {"rows": 8, "cols": 8, "a_bits": 8, "a_signed": false, "b_bits": 8, "b_signed": true, "pe_bits": %s%s}}\n' \
    "$1" "$2" "$lean" >"$work/cfg/$1.json"
}
spark_cfg sp_d1 1 false true
spark_cfg sp_d2 2 false true
spark_cfg sp_d4 4 false true
spark_cfg sp_oe 2 true true
spark_cfg sp_nb 2 false false
spark_cfg sp_ls 2 false true true
int_cfg ia_pe8 0
int_cfg ia_pe4 4
int_cfg ia_lean 0 1
sim_designs="sp_d1 sp_d2 sp_d4 sp_nb sp_ls ia_pe8 ia_pe4 ia_lean"
area_designs="sp_d1 sp_d2 sp_d4 sp_oe sp_nb sp_ls ia_pe8 ia_pe4 ia_lean"
dists="gauss_s6 gauss_s20 laplace_b4 uniform short long alternating"

# sim DESIGN INPUT_FILE TAG: bitforge sim, stop loudly unless the RTL matched the golden model.
sim() {
  local d=$1 in=$2 tag=$3 out="$work/out/$1.$3.json" rc=0 t0 t1
  t0=$(now)
  "$bf" sim "$work/cfg/$d.json" --input "$in" --output "$out" >"$work/out/$d.$tag.log" 2>&1 || rc=$?
  t1=$(now)
  if [ $rc -ne 0 ] || ! python3 -c 'import json, sys; sys.exit(json.load(open(sys.argv[1])).get("golden") != "match")' "$out" 2>/dev/null; then
    echo >&2
    echo "spark_array.sh: ******** $d on $tag: NO GOLDEN MATCH (bitforge sim exit status $rc) ********" >&2
    echo "  command: $bf sim $work/cfg/$d.json --input $in --output $out" >&2
    echo "  config:  $(cat "$work/cfg/$d.json")" >&2
    sed 's/^/  | /' "$work/out/$d.$tag.log" | head -40 >&2
    echo "  (run again with SPARK_BENCH_KEEP=1 to keep the inputs)" >&2
    exit 1
  fi
  awk "BEGIN {print $t1 - $t0}" >"$work/out/$d.$tag.sec"
  log "sim $d $tag: $(awk "BEGIN {printf \"%.1f\", $t1 - $t0}") s"
}

# ------------------------------------------------------------------------------------------------ synthetic inputs
# M = 8, K = 256, N = 64 (8 array jobs of 8 x 256 . 256 x 8); A unsigned 0..255, B signed -127..127.
# Distribution i (0-based, in the order of $dists) draws from random.Random(1000 * seed + i).
python3 - "$work/in" "$seed" $dists <<'PY'
import json, random, sys
out, seed, dists = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
M, K, N = 8, 256, 64
clamp = lambda v, lo, hi: max(lo, min(hi, v))
def draws(rng, dist, k):
    """(A value, B value) draw functions for position k along K."""
    if dist == "alternating":
        dist = "short" if k % 2 == 0 else "long"
    if dist in ("gauss_s6", "gauss_s20", "laplace_b4"):
        if dist == "laplace_b4":
            x = lambda: rng.choice((-1, 1)) * rng.expovariate(1 / 4)
        else:
            s = 6 if dist == "gauss_s6" else 20
            x = lambda: rng.gauss(0, s)
        return (lambda: clamp(int(round(abs(x()))), 0, 255)), (lambda: clamp(int(round(x())), -127, 127))
    if dist == "uniform":
        return (lambda: rng.randint(0, 255)), (lambda: rng.randint(-127, 127))
    if dist == "short":
        return (lambda: rng.randint(0, 7)), (lambda: rng.randint(-7, 7))
    if dist == "long":
        return (lambda: rng.randint(8, 255)), (lambda: rng.choice((-1, 1)) * rng.randint(8, 127))
    raise SystemExit("unknown distribution " + dist)
for i, dist in enumerate(dists):
    rng = random.Random(1000 * seed + i)
    a = [[draws(rng, dist, k)[0]() for k in range(K)] for _ in range(M)]
    b = [[draws(rng, dist, k)[1]() for _ in range(N)] for k in range(K)]
    json.dump({"a": a, "b": b}, open("%s/%s.json" % (out, dist), "w"))
PY

n_dist=$(echo $dists | wc -w)
i=0
for dist in $dists; do
  i=$((i + 1))
  log "synthetic $i/$n_dist: $dist"
  for d in $sim_designs; do sim "$d" "$work/in/$dist.json" "$dist"; done
done

# ------------------------------------------------------------------------------------------------ area
for d in $area_designs; do
  t0=$(now)
  "$bf" area "$work/cfg/$d.json" --json "$work/area/$d.json" >"$work/area/$d.log" 2>&1 ||
    { cat "$work/area/$d.log" >&2; echo "spark_array.sh: bitforge area $d failed" >&2; exit 1; }
  log "area $d: $(awk "BEGIN {printf \"%.1f\", $(now) - $t0}") s"
done

# ------------------------------------------------------------------------------------------------ real weights
tensors=""
if [ -n "$weights" ]; then
  python3 - "$weights/index.json" >"$work/tensors.txt" <<'PY'
import json, sys
for i, t in enumerate(json.load(open(sys.argv[1]))):
    print("w%02d\t%s" % (i, t["file"]))
PY
  n_t=$(wc -l <"$work/tensors.txt")
  while IFS=$'\t' read -r tag file; do
    log "weights ${tag#w}/$n_t: $file"
    for d in sp_d2 ia_pe8 ia_pe4; do sim "$d" "$weights/$file" "$tag"; done
    tensors="$tensors $tag"
  done <"$work/tensors.txt"
fi
elapsed=$(awk "BEGIN {printf \"%.0f\", $(now) - $t_start}")

# ------------------------------------------------------------------------------------------------ tables
rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null)" ]; then rev="$rev + uncommitted changes"; fi
python3 - "$work" "$seed" "$weights" "$rev" "$elapsed" "$(date +%Y-%m-%d)" "$dists" "$tensors" <<'PY'
import json, os, sys
work, seed, weights, rev, elapsed, day = sys.argv[1:7]
dists, tensors = sys.argv[7].split(), sys.argv[8].split()
R = C = 8
ld = lambda p: json.load(open(p))
def sim(d, tag):
    o = ld("%s/out/%s.%s.json" % (work, d, tag))
    o["sec"] = float(open("%s/out/%s.%s.sec" % (work, d, tag)).read())
    return o
cfg = lambda d: open("%s/cfg/%s.json" % (work, d)).read().strip()
pct = lambda x: "%.1f" % (100 * x)
# Bits per value in memory: SPARK units per value x unit width (A unsigned: 4-bit units; B signed: 5 bits, the sign
# in every unit, formats.md); INT8 is 8 bits per value.
bpv = lambda st: "%.2f / %.2f" % (4 * st["a_units_per_value"], 5 * st["b_units_per_value"])
lossy_pct = lambda st, na, nb: "%s / %s" % (pct(st["a_lossy_values"] / na), pct(st["b_lossy_values"] / nb))

cmd = "tools/bench/spark_array.sh" + (" " + weights if weights else "")
print("<!-- %s: bitforge %s, %s -->" % (cmd, rev, day))
print()
print("Command: `%s`%s (bitforge at %s; one run, %s s wall on this machine). Measured %s."
      % (cmd, " with WEIGHTS_DIR from `tools/fetch_weights.sh %s --rows 8`" % weights if weights else "", rev, elapsed, day))
print("Every figure comes from `bitforge sim CFG --input IN --output OUT` (cycles, stats) or "
      "`bitforge area CFG --json OUT` (osu018) with these configs (8 x 8, 8-bit operands, 32-bit accumulators):")
print()
for d in ("sp_d1", "sp_d2", "sp_d4", "sp_oe", "sp_nb", "sp_ls", "ia_pe8", "ia_pe4", "ia_lean"):
    print("- `%s`" % cfg(d))
print()
print("Synthetic inputs: A 8 x 256 (unsigned, 0..255), B 256 x 64 (signed, -127..127), i.e. 8 array jobs with K = 256, "
      "written by the Python generator inside the script with seed %s (distribution i, in table order from 0, draws "
      "from `random.Random(1000 x %s + i)`; set SPARK_BENCH_SEED to change it, SPARK_BENCH_KEEP=1 to keep the "
      "inputs). A = |x| and B = x, rounded and clamped, for x ~ Gaussian sigma 6, Gaussian sigma 20, Laplace b = 4; "
      "uniform: uniform over the whole range; short: |v| < 8 (A 0..7, B -7..7); long: |v| >= 8 (A 8..255, B +-8..127); "
      "alternating: short at even k, long at odd k in both A and B (so pairs are short x short or long x long). "
      "SPARK codes (N = 8) are short below 8. Every run's C matched the golden model (SPARK: the exact GEMM of the "
      "SPARK-rounded values; int_array: the exact GEMM)." % (seed, seed))
print()

# ---- table 1
print("### SPARK array cycles against int_array on the same GEMMs (8 x 8)")
print()
print("| distribution | A long % | B long % | A / B bits per value | A / B lossy % | work bound | spark cycles d=1 | d=2 "
      "| d=4 | d=2 without result registers | cycles / work bound (d=2) | lock-step cycles (paper's count) | lock-step RTL cycles | int_array 8-bit PE cycles "
      "| lean int_array cycles | int_array 4-bit PE cycles | speedup d=2 vs 4-bit PE |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
S = {}
lossy = []
for dist in dists:
    r = {d: sim(d, dist) for d in ("sp_d1", "sp_d2", "sp_d4", "sp_nb", "sp_ls", "ia_pe8", "ia_pe4", "ia_lean")}
    S[dist] = r
    st = r["sp_d2"]["stats"]
    for d in ("sp_d1", "sp_d4", "sp_nb", "sp_ls"):
        assert r[d]["stats"]["work_bound"] == st["work_bound"] and r[d]["stats"]["lockstep_cycles"] == st["lockstep_cycles"]
    assert r["ia_pe8"]["stats"]["macs"] == st["macs"] == r["ia_pe4"]["stats"]["macs"] == r["ia_lean"]["stats"]["macs"]
    na, nb = 8 * 256, 256 * 64
    print("| %s | %s | %s | %s | %s | %d | %d | %d | %d | %d | %.3f | %d | %d | %d | %d | %d | %.2fx |" % (
        dist, pct(st["a_long_fraction"]), pct(st["b_long_fraction"]), bpv(st), lossy_pct(st, na, nb), st["work_bound"],
        r["sp_d1"]["cycles"], r["sp_d2"]["cycles"], r["sp_d4"]["cycles"], r["sp_nb"]["cycles"],
        r["sp_d2"]["cycles"] / st["work_bound"], st["lockstep_cycles"], r["sp_ls"]["cycles"], r["ia_pe8"]["cycles"], r["ia_lean"]["cycles"],
        r["ia_pe4"]["cycles"], r["ia_pe4"]["cycles"] / r["sp_d2"]["cycles"]))
    lossy.append("%s %s / %s" % (dist, pct(st["a_lossy_values"] / na), pct(st["b_lossy_values"] / nb)))
print()
print("SPARK-rounded (lossy) values, A / B %: " + "; ".join(lossy) + ". PE utilization (spark d=2, busy PE-cycles / "
      "(cycles x 64)): " + "; ".join("%s %.3f" % (d, S[d]["sp_d2"]["stats"]["pe_utilization"]) for d in dists) + ".")
print()

# ---- table 2
def area(d):
    a = ld("%s/area/%s.json" % (work, d))
    mods, top = a["modules"], a["top"]
    inst = {top: 1}
    def walk(m, mult):
        for child, n in mods[m].get("cells_by_type", {}).items():
            if child in mods:
                inst[child] = inst.get(child, 0) + mult * n
                walk(child, mult * n)
    walk(top, 1)
    tot = lambda suffix: [(inst[k], m["total_area_um2"]) for k, m in mods.items() if k.endswith(suffix) and k in inst]
    a["inst"], a["tot"] = inst, tot
    return a
A = {d: area(d) for d in ("sp_d1", "sp_d2", "sp_d4", "sp_oe", "sp_nb", "sp_ls", "ia_pe8", "ia_pe4", "ia_lean")}
label = {"sp_d1": "spark_array d=1", "sp_d2": "spark_array d=2", "sp_d4": "spark_array d=4",
         "sp_oe": "spark_array d=2 + output_encoder", "sp_nb": "spark_array d=2, no result registers",
         "sp_ls": "spark_array lock-step (paper Fig. 9c)",
         "ia_pe8": "int_array 8-bit PE", "ia_pe4": "int_array 4-bit PE",
         "ia_lean": "lean int_array (8-bit Booth PE, no result registers)"}
print("### area (bitforge area, osu018)")
print()
print("| design | total um^2 | sequential um^2 | combinational um^2 | cells | logic depth | border decoders um^2 (R x dec_a + C x dec_b) "
      "| decoders % of total | PE um^2 / cell um^2 |")
print("|---|---|---|---|---|---|---|---|---|")
for d, a in A.items():
    t = a["total_area_um2"]
    pe = a["tot"]("_pe")
    assert len(pe) == 1 and pe[0][0] == R * C, (d, pe)
    if d.startswith("sp"):
        da, db = a["tot"]("_dec_a"), a["tot"]("_dec_b")
        assert len(da) == 1 and len(db) == 1 and da[0][0] == R and db[0][0] == C, (d, da, db)
        dec = da[0][0] * da[0][1] + db[0][0] * db[0][1]
        cells = [(a["inst"][k], m["total_area_um2"]) for k, m in a["modules"].items()
                 if ("_cell" in k or "_lcell" in k) and k in a["inst"]]
        assert sum(n for n, _ in cells) == R * C, (d, cells)
        cell = sum(n * x for n, x in cells) / (R * C)
        decs = "%.0f (%d x %.0f + %d x %.0f)" % (dec, da[0][0], da[0][1], db[0][0], db[0][1])
        share = "%.2f%%" % (100 * dec / t)
        rr = "result register" if json.loads(cfg(d))["params"]["result_buffer"] else "no result register"
        held = "operand registers" if json.loads(cfg(d))["params"].get("lockstep") else "operand queues"
        pec = "%.0f / %.0f (cell = PE + %s, %s; mean of %d)" % (pe[0][1], cell, held, rr, R * C)
    else:
        decs, share, pec = "-", "-", "%.0f (the PE is the cell)" % pe[0][1]
    print("| %s | %.0f | %.0f | %.0f | %d | %d | %s | %s | %s |" % (label[d], t, a["sequential_area_um2"],
          a["combinational_area_um2"], a["cells"], a["logic_depth"], decs, share, pec))
print()
a = A["sp_oe"]; t = a["total_area_um2"]
oe, oee = a["tot"]("_oenc"), a["tot"]("_oenc_enc")
assert len(oe) == 1 and len(oee) == 1
oe_a, oee_a = oe[0][0] * oe[0][1], oee[0][0] * oee[0][1]
da, db = A["sp_d2"]["tot"]("_dec_a")[0], A["sp_d2"]["tot"]("_dec_b")[0]
dec2 = da[0] * da[1] + db[0] * db[1]
print("| share of the array (d=2) | ours, 8 x 8, osu018 | paper (share of core area) |")
print("|---|---|---|")
print("| border decoders (R + C = %d) | %.0f um^2 = %.2f%% | 0.25%% |" % (da[0] + db[0], dec2, 100 * dec2 / A["sp_d2"]["total_area_um2"]))
print("| output encoder, whole (`*_oenc`: row register, requantize, SPARK encoder) | %.0f um^2 = %.2f%% | 0.26%% |" % (oe_a, 100 * oe_a / t))
print("| SPARK encoder logic only (`*_oenc_enc`) | %.0f um^2 = %.3f%% | |" % (oee_a, 100 * oee_a / t))
print()

# ---- table 3
print("### throughput per area: MACs / (cycles x total um^2), relative to int_array (same GEMMs as above)")
print()
print("| distribution | spark d=2 vs int_array 8-bit PE | spark d=2 vs int_array 4-bit PE | spark d=1 vs int_array 8-bit PE "
      "| spark d=1 vs int_array 4-bit PE | spark d=2 no result registers vs lean int_array | spark lock-step vs int_array 8-bit PE "
      "| spark lock-step vs spark d=2 |")
print("|---|---|---|---|---|---|---|---|")
tpa = lambda r, d: r[d]["stats"]["macs"] / (r[d]["cycles"] * A[d]["total_area_um2"])
for dist in dists:
    r = S[dist]
    print("| %s | %.2fx | %.2fx | %.2fx | %.2fx | %.2fx | %.2fx | %.2fx |" % (dist, tpa(r, "sp_d2") / tpa(r, "ia_pe8"),
          tpa(r, "sp_d2") / tpa(r, "ia_pe4"), tpa(r, "sp_d1") / tpa(r, "ia_pe8"), tpa(r, "sp_d1") / tpa(r, "ia_pe4"),
          tpa(r, "sp_nb") / tpa(r, "ia_lean"), tpa(r, "sp_ls") / tpa(r, "ia_pe8"), tpa(r, "sp_ls") / tpa(r, "sp_d2")))
print()

# ---- table 4
if weights:
    index = ld(os.path.join(weights, "index.json"))
    print("### real weights: the conv kernels of @upscalerjs/default-model (B = the INT8 kernel, A = 8 rows of synthetic ReLU activations)")
    print()
    print("| tensor | K x C | B long % | B bits per value | B lossy % | A long % | spark d=2 cycles | work bound "
          "| int_array 8-bit PE cycles | int_array 4-bit PE cycles | speedup vs 4-bit PE |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    tot = [0, 0, 0, 0]
    slow = []
    for tag, t in zip(tensors, index):
        r = {d: sim(d, tag) for d in ("sp_d2", "ia_pe8", "ia_pe4")}
        st = r["sp_d2"]["stats"]
        for d in r:
            if r[d]["sec"] > 60:
                slow.append("%s on %s: %.0f s" % (d, t["name"], r[d]["sec"]))
        row = (r["sp_d2"]["cycles"], st["work_bound"], r["ia_pe8"]["cycles"], r["ia_pe4"]["cycles"])
        tot = [x + y for x, y in zip(tot, row)]
        inp = ld(os.path.join(weights, t["file"]))
        nb = sum(len(row) for row in inp["b"])
        print("| `%s` | %d x %d | %s | %.2f | %s | %s | %d | %d | %d | %d | %.2fx |" % (t["name"], t["k"], t["c"],
              pct(st["b_long_fraction"]), 5 * st["b_units_per_value"], pct(st["b_lossy_values"] / nb),
              pct(st["a_long_fraction"]), *row, row[3] / row[0]))
    print("| all | | | | | | %d | %d | %d | %d | %.2fx |" % (*tot, tot[3] / tot[0]))
    print()
    print("A: %d x K per tensor (`bitforge weights --rows`); each tensor's GEMM is tiled into ceil(C / 8) array jobs of K."
          % len(ld(os.path.join(weights, index[0]["file"]))["a"]))
    if slow:
        print("Slow sims (over 60 s): " + "; ".join(slow) + ".")
    print()
PY
# ------------------------------------------------------------------------------------------------ ppa
# Timing, power and energy (bitforge ppa: the netlist mapped flat, OpenSTA, power from the zero-delay simulation
# of the netlist on the workload, at each design's own Fmax) on Gaussian sigma 6 and, with WEIGHTS_DIR, the first
# real kernel of K >= 128.
ppa_on() {  # TAG INPUT
  local d
  for d in sp_d2 sp_nb sp_ls ia_pe8 ia_pe4 ia_lean; do
    log "ppa $d on $1"
    "$bf" ppa "$work/cfg/$d.json" --input "$2" --json "$work/out/$d.$1.ppa.json" >"$work/out/$d.$1.ppa.log" 2>&1 ||
      { cat "$work/out/$d.$1.ppa.log" >&2; echo "spark_array.sh: bitforge ppa $d on $1 failed" >&2; exit 1; }
  done
  python3 "$root/tools/bench/ppa_table.py" --header "int_array 8-bit PE=$work/out/ia_pe8.$1.ppa.json" \
    "int_array 4-bit PE=$work/out/ia_pe4.$1.ppa.json" "lean int_array (Booth, no result registers)=$work/out/ia_lean.$1.ppa.json" \
    "spark_array d=2=$work/out/sp_d2.$1.ppa.json" "spark_array d=2, no result registers=$work/out/sp_nb.$1.ppa.json" \
    "spark_array lock-step=$work/out/sp_ls.$1.ppa.json"
  echo
}
echo "### timing, power and energy (bitforge ppa; power at each design's own Fmax)"
echo
echo "On Gaussian sigma 6 (the GEMM of the first table):"
echo
ppa_on gauss_s6 "$work/in/gauss_s6.json"
if [ -n "$weights" ]; then
  kfile=$(python3 -c 'import json, sys; print(next(t["file"] for t in json.load(open(sys.argv[1])) if t["k"] >= 128))' "$weights/index.json")
  echo "On the real kernel \`$kfile\` (B = the INT8 kernel, A = 8 rows of synthetic ReLU activations):"
  echo
  ppa_on kernel "$weights/$kfile"
fi
log "done in $(awk "BEGIN {printf \"%.0f\", $(now) - $t_start}") s"
