#!/usr/bin/env bash
# Figures for docs/benchmarks.md (issue 13): what each synthesis step is worth, on the int_array PE (a 1 x 1
# int_array: one 8-bit PE and its handshake) and the 8 x 8 int_array, each on its verify stimulus (seed 1):
# plain ABC mapping per module, delay-driven mapping with fanout repair per module, the same on the flattened
# design (ppa's default), and with the library's adder cells. Every netlist passes the post-synthesis check.
# Usage: tools/bench/ppa_mapping.sh   (after tools/bitforge build; about 8 minutes on 2 cores)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bf=${BITFORGE_BIN:-$root/build/bin/bitforge}
[ -x "$bf" ] || { echo "ppa_mapping.sh: $bf not found; build it first: tools/bitforge build" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "<!-- tools/bench/ppa_mapping.sh: bitforge $(git -C "$root" rev-parse --short HEAD), $(date -u +%Y-%m-%d) -->"
for n in 1 8; do
  printf '{"block": "int_array", "name": "ia%s", "params": {"rows": %s, "cols": %s, "a_bits": 8, "b_bits": 8}}\n' \
    $n $n $n >"$work/ia$n.json"
  echo
  echo "int_array $n x $n (\`$(cat "$work/ia$n.json")\`):"
  echo
  args=()
  for v in "plain per module:--plain-map --keep-hierarchy" "delay + fanout repair per module:--keep-hierarchy" \
           "delay + fanout repair, flattened (default):" "the same + adder cells:--adder-cells"; do
    label=${v%%:*} flags=${v#*:} tag=$(echo "$label" | tr -c 'a-z0-9' _)
    echo "ppa_mapping.sh: $n x $n, $label" >&2
    # shellcheck disable=SC2086  # flags are words
    "$bf" ppa "$work/ia$n.json" $flags --json "$work/$n.$tag.json" >"$work/$n.$tag.log" 2>&1 ||
      { cat "$work/$n.$tag.log" >&2; exit 1; }
    args+=("$label=$work/$n.$tag.json")
  done
  python3 "$root/tools/bench/ppa_table.py" --header "${args[@]}"
  python3 - "${args[@]}" <<'PY'
import json, sys
print()
print("| mapping | cells | ppa wall s (synthesis s) |")
print("|---|---|---|")
for a in sys.argv[1:]:
    label, path = a.rsplit("=", 1)
    r = json.load(open(path)); s = r["steps_s"]
    print(f"| {label}: {r['mapping']} | {r['area']['cells']} | {sum(s.values()):.0f} ({s['synthesis']:.0f}) |")
PY
done
