#!/usr/bin/env bash
# Panacea against the lean int_array on the same GEMM (issue 15): `bitforge ppa` (area, Fmax, power at Fmax, energy)
# of a 2-PEA panacea_core (kmax 16, as panacea_core.sh's ppa table) on W (32 x 64, 7-bit SBR weights) . X (64 x 16,
# 8-bit, zero point 128) at 50% HO vector sparsity (tools/bench/panacea_data.py 50 50 50), and of the lean 8 x 8
# int_array (8-bit Booth PEs, no result registers, A unsigned, B signed) on the same product transposed:
# A = X^T (16 x 64, 0..255), B = W^T (64 x 32), C = (W . X)^T, the same 512 outputs and 32,768 MACs.
# Usage: tools/bench/panacea_lean.sh   (after tools/bitforge build; about 10 minutes)
# Environment: BITFORGE_BIN (default build/bin/bitforge).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bf=${BITFORGE_BIN:-$root/build/bin/bitforge}
[ $# -eq 0 ] || { echo "usage: tools/bench/panacea_lean.sh" >&2; exit 2; }
[ -x "$bf" ] || { echo "panacea_lean.sh: $bf not found; build it first: tools/bitforge build" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export BITFORGE_CACHE_DIR="$work/cache"
echo '{"block": "panacea_core", "name": "pcs", "params": {"peas": 2, "v": 4, "dwo": 4, "swo": 8, "k_w": 1, "kmax": 16}}' >"$work/pcs.json"
echo '{"block": "int_array", "name": "ia_lean", "params": {"rows": 8, "cols": 8, "a_bits": 8, "a_signed": false, "b_bits": 8, "b_signed": true, "booth": true, "result_buffer": false}}' >"$work/ia.json"
python3 "$root/tools/bench/panacea_data.py" 50 50 50 "$work/pc_in.json"
python3 - "$work/pc_in.json" "$work/ia_in.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
w, x = d["w"], d["x"]
a = [[x[k][j] for k in range(len(x))] for j in range(len(x[0]))]  # X^T: N x K
b = [[w[i][k] for i in range(len(w))] for k in range(len(w[0]))]  # W^T: K x M
json.dump({"a": a, "b": b}, open(sys.argv[2], "w"))
d["run"] = "aqs"  # the AQS run alone (the default also runs the dense reference run)
json.dump(d, open(sys.argv[1], "w"))
PY
echo "<!-- tools/bench/panacea_lean.sh: bitforge $(git -C "$root" rev-parse --short HEAD), $(date -u +%Y-%m-%d) -->"
echo
for d in pcs ia; do
  echo "panacea_lean.sh: ppa $d" >&2
  in=$work/pc_in.json
  [ $d = ia ] && in=$work/ia_in.json
  "$bf" ppa "$work/$d.json" --input "$in" --json "$work/$d.ppa.json" >"$work/$d.ppa.log" 2>&1 ||
    { cat "$work/$d.ppa.log" >&2; echo "panacea_lean.sh: bitforge ppa $d failed" >&2; exit 1; }
done
python3 "$root/tools/bench/ppa_table.py" --header "lean int_array 8 x 8=$work/ia.ppa.json" \
  "panacea_core, 2 PEAs, kmax 16 (AQS run)=$work/pcs.ppa.json"
python3 "$root/tools/bench/ppa_table.py" --per-output "$work/pc_in.json" \
  "lean int_array 8 x 8=$work/ia.ppa.json" "panacea_core (AQS)=$work/pcs.ppa.json"
