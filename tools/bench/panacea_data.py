#!/usr/bin/env python3
"""Synthetic Panacea sim input for tools/bench/panacea_core.sh and panacea_dtp.sh.

Usage: panacea_data.py W_SPARSITY X_SPARSITY SEED OUT.json
W is 32 x 64 with 7-bit SBR weights (k_w = 1): a v-row HO vector of W is compressed (every weight in [-8, 7]) with
probability W_SPARSITY percent, else it holds a weight with a nonzero HO slice. X is 64 x 16 with zero point 128,
DBS type 1 (r = 8): a compressed X vector has every value in [128, 143], else one value 0 or 255. v = 4.
"""
import json
import random
import sys

sw, sx, seed, out = int(sys.argv[1]) / 100, int(sys.argv[2]) / 100, int(sys.argv[3]), sys.argv[4]
rng = random.Random(seed)
M, K, N, v = 32, 64, 16, 4
w = [[0] * K for _ in range(M)]
for i0 in range(0, M, v):
    for k in range(K):
        c = rng.random() < sw
        vals = [rng.randint(-8, 7) if c else rng.randint(-64, 63) for _ in range(v)]
        if not c:
            vals[rng.randrange(v)] = rng.choice([-64, 63])
        for d in range(v):
            w[i0 + d][k] = vals[d]
x = [[0] * N for _ in range(K)]
for k in range(K):
    for j0 in range(0, N, v):
        c = rng.random() < sx
        vals = [rng.randint(128, 143) if c else rng.randint(0, 255) for _ in range(v)]
        if not c:
            vals[rng.randrange(v)] = rng.choice([0, 255])
        for d in range(v):
            x[k][j0 + d] = vals[d]
with open(out, "w") as f:
    json.dump({"w": w, "x": x, "zero_point": 128, "dbs_type": 1}, f)
