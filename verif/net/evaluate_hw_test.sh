#!/usr/bin/env bash
# `bitforge evaluate` with its hardware step (label `ppa`: synthesis of eight array configs, about 11 minutes with
# an empty cache): default-model on a 32 x 32 test card (written here) through all six designs. Checks that every
# layer's RTL spot check matched in results and cycles, that energy and area are reported for every quantized
# design, that a second run takes the mapped netlists from the cache, and that the plot is an SVG.
# Usage: evaluate_hw_test.sh BITFORGE MODEL_DIR WORK_DIR
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bf=$1 model=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work"
export BITFORGE_CACHE_DIR=$work/cache
python3 "$here/test_card.py" card.png 32
"$bf" evaluate "$model" card.png --crop 32 --json ev.json --plot ev.svg --layers >first.log 2>&1 || { cat first.log; exit 1; }
grep -q "^panacea: per layer" first.log || { echo "no per-layer table"; exit 1; }
python3 - <<'PY'
import json
d = json.load(open("ev.json"))["designs"]
assert set(d) == {"float", "int8", "spark", "ant", "ebsp", "panacea"}, sorted(d)
for name, r in d.items():
    if name == "float":
        continue
    assert r["energy_uj"] > 0 and r["area_mm2"] > 0, name
    assert r["rtl_spot_check"] == "match", name
    for l in r["layers"]:
        s = l["rtl_spot_check"]
        assert s["result"] == "match" and s["rtl_cycles"] == s["model_cycles"] > 0, (name, l["name"], s)
        assert l["energy_uj"] > 0 and l["psnr_vs_float_db"] != "inf" and l["psnr_vs_float_db"] > 10, (name, l["name"])
    for c in r["configs"]:
        assert 0 < c["area_mm2"] < 20 and c["fmax_mhz"] > 10 and c["pj_per_op"] > 0, (name, c)
    print(f"{name}: {r['psnr_vs_float_db']:.2f} dB vs float, {r['energy_uj']:.2f} uJ, {r['area_mm2']:.3f} mm^2")
PY
head -c 200 ev.svg | grep -q "<svg" || { echo "ev.svg is not an SVG"; exit 1; }
"$bf" evaluate "$model" card.png --crop 32 --designs int8 --json ev2.json >second.log 2>&1 || { cat second.log; exit 1; }
if grep -q "synthesis and timing" second.log; then echo "the second run synthesized again"; exit 1; fi
python3 -c 'import json; a = json.load(open("ev.json")); b = json.load(open("ev2.json")); assert a["designs"]["int8"]["energy_uj"] == b["designs"]["int8"]["energy_uj"]'
echo "evaluate_hw_test: 1 passed, 0 failed"
