#!/usr/bin/env python3
"""Markdown table rows from `bitforge ppa --json` reports, for the benchmark scripts.

Usage: ppa_table.py [--header] LABEL=REPORT.json ...
       ppa_table.py --per-output INPUT.json LABEL=REPORT.json ...
The first report is the reference of the last column (energy per operation relative to it). Exits 1, naming the
report, when a post-synthesis check did not match: a figure from a netlist that computes something else is no
figure. --per-output prints instead, with its header, each run's energy per output of the GEMM in INPUT.json (a
Panacea sim input: W rows x X columns outputs) and its outputs per second per mm^2 at the report's clock.
"""
import json
import sys


def per_output(inp_path, pairs):
    inp = json.load(open(inp_path))
    outputs = len(inp["w"]) * len(inp["x"][0])
    print()
    print("| run | cycles simulated | clock ns | energy nJ | energy per output pJ | outputs per s per mm^2 |")
    print("|---|---|---|---|---|---|")
    for label, path in pairs:
        r = json.load(open(path))
        p = r["power"]
        nj = p["total_mw"] * 1e-3 * p["cycles"] * p["clock_ns"] * 1e-9 * 1e9
        rate = outputs / (p["cycles"] * p["clock_ns"] * 1e-9) / (r["area"]["total_area_um2"] / 1e6)
        print(f"| {label} | {p['cycles']} | {p['clock_ns']:.2f} | {nj:.1f} | {nj * 1e3 / outputs:.1f} | {rate:.3g} |")
    return 0


def main(argv):
    if argv[:1] == ["--per-output"] and len(argv) >= 3:
        return per_output(argv[1], [a.rsplit("=", 1) for a in argv[2:]])
    header = "--header" in argv
    pairs = [a.rsplit("=", 1) for a in argv if a != "--header"]  # a label may hold "=", a path does not
    if not pairs or any(len(p) != 2 for p in pairs):
        print(__doc__, file=sys.stderr)
        return 2
    if header:
        print("| design | area mm^2 | critical path ns | Fmax MHz | power mW at Fmax | energy pJ per op | op | "
              "Gops/s/mm^2 | Gops/J | energy vs first | ppa s |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
    ref = None
    for label, path in pairs:
        r = json.load(open(path))
        if r["postsynth"] != "match":
            print(f"ppa_table.py: {path}: post-synthesis check {r['postsynth']}", file=sys.stderr)
            return 1
        t, p, e = r["timing"], r["power"], r["energy"]
        ref = ref or e["pj_per_op"]
        op = e["op"].split(" (")[0]
        print(f"| {label} | {r['area']['total_area_um2'] / 1e6:.3f} | {t['critical_path_ns']:.2f} | "
              f"{t['fmax_mhz']:.0f} | {p['total_mw']:.1f} | {e['pj_per_op']:.1f} | {op} | "
              f"{e['ops_per_s_per_mm2'] / 1e9:.3f} | {e['ops_per_j'] / 1e9:.2f} | {e['pj_per_op'] / ref:.2f}x | "
              f"{sum(r['steps_s'].values()):.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
