#!/usr/bin/env bash
# Area (osu018) of the ANT codecs and PE for docs/benchmarks.md. Usage: tools/bench/ant_codecs.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bf=${BITFORGE_BIN:-$root/build/bin/bitforge}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "| block | bits | signed | area um^2 | sequential um^2 | combinational um^2 | cells | logic depth |"
echo "|---|---|---|---|---|---|---|---|"
# A fourth field is flint_encoder's in_bits (default 8).
for spec in "flint_decoder 4 false" "flint_decoder 4 true" "flint_decoder 8 false" "ant_decoder 4 false" \
            "ant_decoder 4 true" "flint_encoder 4 true" "flint_encoder 8 true" "flint_encoder 8 true 16" \
            "flint_encoder 8 false 16" "ant_pe 4 false" "ant_pe 4 true"; do
  set -- $spec
  extra=${4:+", \"in_bits\": $4"}
  printf '{"block": "%s", "params": {"bits": %s, "signed": %s%s}}\n' "$1" "$2" "$3" "$extra" >"$work/c.json"
  "$bf" area "$work/c.json" --json "$work/a.json" >/dev/null
  python3 - "$work/a.json" "$1${4:+ (in_bits $4)}" "$2" "$3" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
print("| %s | %s | %s | %.0f | %.0f | %.0f | %d | %d |" % (sys.argv[2], sys.argv[3], sys.argv[4], a["total_area_um2"],
      a["sequential_area_um2"], a["combinational_area_um2"], a["cells"], a["logic_depth"]))
PY
done
