#!/usr/bin/env bash
# Figures for docs/benchmarks.md, Panacea (golden AQS-GEMM, `bitforge aqs`): executed 4b x 4b multiplications
# and memory traffic of AQS-GEMM against a dense bit-slice GEMM and against zero-only skipping, for a sweep of
# weight / activation HO vector sparsity. Synthetic W (7-bit SBR weights, k_w = 1) and X (8-bit asymmetric
# activations, zero point 128, DBS type 1, r = 8), M = N = 64, K = 256, v = 4, b = 4, seeded.
# Usage: tools/bench/panacea.sh   (after tools/bitforge build). Markdown on stdout.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bf=${BITFORGE_BIN:-$root/build/bin/bitforge}
[ -x "$bf" ] || { echo "panacea.sh: $bf not found; build it first: tools/bitforge build" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "<!-- tools/bench/panacea.sh: bitforge $(git -C "$root" rev-parse --short HEAD), $(date -u +%Y-%m-%d) -->"
echo
echo "| W HO vector sparsity | X HO vector sparsity | dense mults | zero-only skipping | AQS-GEMM | AQS vs dense | AQS vs zero-only | compensation mults | memory bits AQS / dense |"
echo "|---|---|---|---|---|---|---|---|---|"
for pair in "0 0" "50 0" "0 50" "50 50" "90 50" "50 90" "90 90" "100 100"; do
  set -- $pair
  python3 - "$1" "$2" "$work/in.json" <<'PY'
import json, random, sys
sw, sx, out = int(sys.argv[1]) / 100, int(sys.argv[2]) / 100, sys.argv[3]
rng = random.Random(1000 * int(sys.argv[1]) + int(sys.argv[2]))
M, K, N, v = 64, 256, 64, 4
w = [[0] * K for _ in range(M)]
for i0 in range(0, M, v):
    for k in range(K):
        if rng.random() < sw:   # compressed: every weight in [-8, 7] (SBR HO slice 0)
            vals = [rng.randint(-8, 7) for _ in range(v)]
        else:                   # at least one weight outside [-8, 7]
            vals = [rng.randint(-64, 63) for _ in range(v)]
            vals[rng.randrange(v)] = rng.choice([rng.randint(-64, -9), rng.randint(8, 63)])
        for d in range(v):
            w[i0 + d][k] = vals[d]
x = [[0] * N for _ in range(K)]
for k in range(K):
    for j0 in range(0, N, v):
        if rng.random() < sx:   # compressed: HO slice = r = 8, i.e. values in [128, 143]
            vals = [rng.randint(128, 143) for _ in range(v)]
        else:
            vals = [rng.randint(0, 255) for _ in range(v)]
            vals[rng.randrange(v)] = rng.choice([rng.randint(0, 127), rng.randint(144, 255)])
        for d in range(v):
            x[k][j0 + d] = vals[d]
json.dump({"w": w, "x": x, "zero_point": 128, "dbs_type": 1, "k_w": 1, "v": v, "rle_bits": 4}, open(out, "w"))
PY
  "$bf" aqs "$work/in.json" --output "$work/out.json" > /dev/null
  python3 - "$work/out.json" "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["golden"] == "match"
wl = d["workload"]
dn, zs, pa = wl["dense"], wl["zero_skip"], wl["panacea"]
print(f"| {sys.argv[2]}% | {sys.argv[3]}% | {dn['slice_mults']} | {zs['slice_mults']} | {pa['slice_mults']} | "
      f"{pa['slice_mults'] / dn['slice_mults']:.2f}x | {pa['slice_mults'] / zs['slice_mults']:.2f}x | {pa['comp_mults']} | "
      f"{pa['ema_bits'] / dn['ema_bits']:.2f}x |")
PY
done
