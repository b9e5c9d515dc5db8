#!/usr/bin/env bash
# Issue 16's comparison for docs/benchmarks.md: `bitforge evaluate` (all six designs, hardware step included) on
# default-model and esrgan-medium x2, each on astronaut.png and coffee.png (64 x 64 centre crops), with the time of
# each part: fetching, each evaluate run (the first ones synthesize the arrays' netlists once; later runs take them
# from the cache), and each design within a run. Prints Markdown; leaves the JSON reports and SVG plots in WORK_DIR.
# Usage: tools/bench/evaluate.sh [WORK_DIR]   (after tools/bitforge build)
# Environment: BITFORGE_BIN (default build/bin/bitforge); BITFORGE_CACHE_DIR as for every bitforge command.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bf=${BITFORGE_BIN:-$root/build/bin/bitforge}
[ $# -le 1 ] || { echo "usage: tools/bench/evaluate.sh [WORK_DIR]" >&2; exit 2; }
[ -x "$bf" ] || { echo "evaluate.sh: $bf not found; build it first: tools/bitforge build" >&2; exit 2; }
work=${1:-$(mktemp -d)}
mkdir -p "$work"
t0=$(date +%s.%N)
"$root/tools/fetch_model.sh" default-model "$work/models/default" >&2
"$root/tools/fetch_model.sh" esrgan-medium "$work/models/medium" >&2
"$root/tools/fetch_photos.sh" "$work/photos" >&2
t1=$(date +%s.%N)
echo "<!-- tools/bench/evaluate.sh: bitforge $(git -C "$root" rev-parse --short HEAD), $(date -u +%Y-%m-%d) -->"
echo
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
echo "fetching the models and photos: $(elapsed "$t0" "$t1") s"
for model in default medium/x2; do
  for photo in astronaut coffee; do
    tag=$(echo "$model-$photo" | tr / _)
    s=$(date +%s.%N)
    "$bf" evaluate "$work/models/$model" "$work/photos/$photo.png" --json "$work/$tag.json" --plot "$work/$tag.svg" \
      >"$work/$tag.log" 2>&1 || { cat "$work/$tag.log" >&2; echo "evaluate.sh: evaluate $tag failed" >&2; exit 1; }
    e=$(date +%s.%N)
    python3 - "$work/$tag.json" "$model" "$photo" "$(elapsed "$s" "$e")" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
d = r["designs"]
print(f"\n### {sys.argv[2]} on {sys.argv[3]}.png ({r['crop'][0]} x {r['crop'][1]} crop, input {r['input'][0]} x {r['input'][1]}): {float(sys.argv[4]):.1f} s\n")
print("| design | PSNR vs photo dB | PSNR vs float dB | weight bits | activation bits | traffic MB | cycles | energy uJ | area mm^2 | Fmax MHz | RTL spot checks | seconds |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
def f(v, fmt):
    return "-" if v is None else v if isinstance(v, str) else format(v, fmt)  # "inf" stays as it is
for name in [n for n in ("float", "int8", "spark", "ant", "ebsp", "panacea") if n in d]:
    x = d[name]
    fmax = min((c["fmax_mhz"] for c in x.get("configs", [])), default=None)
    print(f"| {name} | {f(x['psnr_db'], '.2f')} | {f(x.get('psnr_vs_float_db') if name != 'float' else None, '.2f')} "
          f"| {f(x.get('weight_bits_per_value'), '.2f')} | {f(x.get('activation_bits_per_value'), '.2f')} "
          f"| {x['memory_traffic_bits'] / 8e6:.3f} | {f(x.get('cycles'), ',')} | {f(x.get('energy_uj'), ',.0f')} "
          f"| {f(x.get('area_mm2'), '.3f')} | {f(fmax, '.0f')} | {x.get('rtl_spot_check', '-')} | {x['seconds']:.1f} |")
PY
  done
done
echo
echo "in all: $(elapsed "$t0" "$(date +%s.%N)") s"
