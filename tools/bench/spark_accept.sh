#!/usr/bin/env bash
# The SPARK array's accept chain against the array width (issue 15): a PE takes an operand only if its right (A)
# neighbour takes the one it offers, so the accepts of a row form one combinational chain from the last column to
# the border decoder. For 2 x C arrays (C = 8, 16, 32 by default; 2 rows keep the runs short, the chain runs along
# the rows) this runs `bitforge ppa` (flattened, timing-driven mapping, OpenSTA) and then asks OpenSTA for the
# longest path from PE (0, C-1) to PE (0, 0)'s A queue: that path is the chain. It prints, per width, the
# critical path of the whole design (and where it starts and ends) and the chain's delay. With '"lockstep": true'
# in SPARK_ACCEPT_PARAMS there is no accept chain (the lock-step array's step end is one global signal instead):
# the table shows the critical path only.
# Usage: tools/bench/spark_accept.sh [COLS...]   (after tools/bitforge build)
# Environment: BITFORGE_BIN (default build/bin/bitforge); SPARK_ACCEPT_PARAMS, extra spark_array params as JSON
# members (e.g. '"result_buffer": false').
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bf=${BITFORGE_BIN:-$root/build/bin/bitforge}
widths=("$@")
[ ${#widths[@]} -eq 0 ] && widths=(8 16 32)
for c in "${widths[@]}"; do
  case "$c" in '' | *[!0-9]*) echo "usage: tools/bench/spark_accept.sh [COLS...] (integers 2..32), got '$c'" >&2; exit 2 ;; esac
  if [ "$c" -lt 2 ] || [ "$c" -gt 32 ]; then echo "spark_accept.sh: COLS must be 2..32, got $c" >&2; exit 2; fi
done
if [ ! -x "$bf" ]; then
  echo "spark_accept.sh: $bf not found; build it first: tools/bitforge build   (or set BITFORGE_BIN)" >&2
  exit 2
fi
command -v sta >/dev/null || { echo "spark_accept.sh: OpenSTA (sta) not found: tools/bitforge installs it" >&2; exit 2; }
extra=${SPARK_ACCEPT_PARAMS:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
echo "<!-- tools/bench/spark_accept.sh ${widths[*]}${extra:+ with SPARK_ACCEPT_PARAMS='$extra'}: bitforge $rev, $(date -u +%Y-%m-%d) -->"
echo
echo "| array | area mm^2 | critical path ns | Fmax MHz | critical path from -> to | accept chain ns (PE (0, C-1) -> PE (0, 0) A queue) | chain / critical path |"
echo "|---|---|---|---|---|---|---|"
for c in "${widths[@]}"; do
  name=sa_2x$c
  printf '{"block": "spark_array", "name": "%s", "params": {"rows": 2, "cols": %s%s}}\n' "$name" "$c" \
    "${extra:+, $extra}" >"$work/$name.json"
  echo "spark_accept.sh: ppa 2 x $c" >&2
  "$bf" ppa "$work/$name.json" --json "$work/$name.ppa.json" --keep-dir "$work/$name" >"$work/$name.log" 2>&1 ||
    { cat "$work/$name.log" >&2; echo "spark_accept.sh: bitforge ppa 2 x $c failed" >&2; exit 1; }
  if [[ "$extra" == *'"lockstep": true'* ]]; then
    python3 - "$work/$name.ppa.json" "$c" <<'PY'
import json, sys
p, c = json.load(open(sys.argv[1])), sys.argv[2]
t = p["timing"]
clean = lambda s: s.replace("\\\\", "\\").split("\\")[0]
print("| 2 x %s | %.3f | %.3f | %.1f | %s -> %s | - (lock-step) | - |" % (c, p["area"]["total_area_um2"] / 1e6,
      t["critical_path_ns"], t["fmax_mhz"], clean(t["startpoint"]), clean(t["endpoint"])))
PY
    continue
  fi
  # The chain: the longest path from any register of PE (0, C-1) to any register of PE (0, 0)'s A queue.
  sed '/^report_checks/d;/^exit/d' "$work/$name/sta/timing.tcl" >"$work/$name/sta/chain.tcl"
  cat >>"$work/$name/sta/chain.tcl" <<EOF
set from [get_cells {g_r\\[0\\].g_c\\[$((c - 1))\\].u_cell.*}]
set to [get_cells {g_r\\[0\\].g_c\\[0\\].u_cell.u_a.*}]
report_checks -path_delay max -from \$from -to \$to -format end -digits 3
exit
EOF
  (cd "$work/$name/sta" && sta -no_init -exit chain.tcl >chain.txt 2>&1) ||
    { cat "$work/$name/sta/chain.txt" >&2; echo "spark_accept.sh: sta failed on 2 x $c" >&2; exit 1; }
  python3 - "$work/$name.ppa.json" "$work/$name/sta/chain.txt" "$c" <<'PY'
import json, re, sys
p, chain_txt, c = json.load(open(sys.argv[1])), open(sys.argv[2]).read(), sys.argv[3]
rows = [l.split() for l in chain_txt.splitlines() if re.search(r"\(MET\)|\(VIOLATED\)", l)]
t = p["timing"]
clean = lambda s: s.replace("\\\\", "\\").split("\\")[0]
if rows:
    chain = float(rows[0][-3])  # Endpoint, Required, Actual, Slack, (MET)
    chain_s, ratio_s = "%.3f" % chain, "%.2f" % (chain / t["critical_path_ns"])
elif "No paths found" in chain_txt:
    chain_s, ratio_s = "no path", "-"  # nothing combinational links the two PEs (skid)
else:
    sys.exit("spark_accept.sh: cannot read the chain from the OpenSTA report:\n" + chain_txt)
print("| 2 x %s | %.3f | %.3f | %.1f | %s -> %s | %s | %s |" % (c, p["area"]["total_area_um2"] / 1e6,
      t["critical_path_ns"], t["fmax_mhz"], clean(t["startpoint"]), clean(t["endpoint"]), chain_s, ratio_s))
PY
done
