#!/usr/bin/env bash
# `bitforge evaluate --no-hardware` on default-model (the golden paths only, seconds): every design in the JSON
# with interfaces.md's keys, per-layer PSNR and memory traffic, INT8 above 35 dB against float, and the per-layer
# table. Usage: evaluate_cli_test.sh BITFORGE MODEL_DIR
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bf=$1 model=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
python3 "$here/test_card.py" card.png 24
"$bf" evaluate "$model" card.png --crop 24 --scale 2 --no-hardware --layers --json ev.json >out.log 2>&1 || { cat out.log; exit 1; }
for d in int8 spark ant ebsp panacea; do
  grep -q "^$d: per layer" out.log || { echo "no per-layer table for $d"; exit 1; }
done
python3 - <<'PY'
import json
r = json.load(open("ev.json"))
assert r["scale"] == 2 and r["input"] == [12, 12], (r["scale"], r["input"])
d = r["designs"]
assert set(d) == {"float", "int8", "spark", "ant", "ebsp", "panacea"}
for name, x in d.items():
    assert x["memory_traffic_bits"] > 0 and len(x["layers"]) == 12, name
    if name == "float":
        continue
    for k in ("psnr_db", "psnr_vs_float_db", "weight_bits_per_value", "activation_bits_per_value", "cycles"):
        assert k in x, (name, k)
    assert x["energy_uj"] is None and x["area_mm2"] is None and "rtl_spot_check" not in x, name
    for l in x["layers"]:
        assert l["cycles"] > 0 and l["psnr_vs_float_db"] > 10, (name, l)
assert d["int8"]["psnr_vs_float_db"] > 35, d["int8"]["psnr_vs_float_db"]
# Memory traffic: int8 stores 8 bits a value, float 32.
assert abs(d["float"]["memory_traffic_bits"] - 4 * d["int8"]["memory_traffic_bits"]) < 1e-6
print("evaluate_cli_test: 1 passed, 0 failed")
PY
