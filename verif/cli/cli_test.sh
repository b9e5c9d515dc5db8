#!/usr/bin/env bash
# The bitforge command line as a user meets it. Usage: cli_test.sh BITFORGE SOURCE_DIR
# Checks exit codes (0 ok, 1 mismatch/failure, 2 bad input), one clear message naming the file and JSON
# path, that bad input writes nothing, and that generated output is byte-for-byte reproducible.
set -u
bf=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export BITFORGE_CACHE_DIR="$work/cache"
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# expect CODE PATTERN -- CMD...: runs CMD, checks its exit code and that its output contains PATTERN.
expect() {
  local code=$1 pattern=$2
  shift 3
  local out rc
  out=$("$@" 2>&1)
  rc=$?
  if [ "$rc" != "$code" ]; then
    bad "exit $rc (want $code): $*"; echo "$out" | head -20; return
  fi
  if [ -n "$pattern" ] && ! grep -qF -- "$pattern" <<<"$out"; then
    bad "output of '$*' lacks: $pattern"; echo "$out" | head -20; return
  fi
  ok
}

cd "$work"
printf '{"block": "spark_decoder", "params": {"bits": 7}}' >bits7.json
printf '{"block": "spark_decoder", "params": {"bits": 8}, "nmae": "x"}' >typo.json
printf '{"block": "spark_decoder"' >broken.json
printf '{"block": "spark_encoder", "name": "enc", "params": {"bits": 8}}' >enc.json
printf '{"block": "spark_decoder", "name": "dec", "params": {"bits": 8}}' >dec.json
printf '{"values": [18, 170, 210, 4, 3, 177, 5]}' >facts.json

# Bad configs: exit 2, one line naming the file and the JSON path, no output directory.
expect 2 "bits7.json: /params/bits: must be an integer in [6, 16], even, got 7" -- "$bf" gen bits7.json -o out1
[ ! -e out1 ] && ok || bad "gen wrote out1 for a bad config"
expect 2 "typo.json: /nmae: unknown key" -- "$bf" gen typo.json -o out2
[ ! -e out2 ] && ok || bad "gen wrote out2 for a bad config"
expect 2 "broken.json: not valid JSON" -- "$bf" gen broken.json -o out3
expect 2 "missing.json: cannot read the file" -- "$bf" gen missing.json -o out4
expect 2 "bits7.json: /params/bits" -- "$bf" verify bits7.json
expect 2 "bits7.json: /params/bits" -- "$bf" area bits7.json
expect 2 "bits7.json: /params/bits" -- "$bf" sim bits7.json --input x.json
lines=$("$bf" gen bits7.json -o out1 2>&1 | wc -l)
[ "$lines" = 1 ] && ok || bad "a bad config printed $lines lines, want 1"

# Bad arguments: exit 2.
expect 2 "" -- "$bf"
expect 2 "" -- "$bf" frobnicate
expect 2 "" -- "$bf" gen enc.json
expect 2 "" -- "$bf" verify enc.json --count 0
expect 2 "the directory of --trace does not exist" -- "$bf" verify enc.json --trace /nonexistent/dir/x.vcd
expect 2 "the directory of --json does not exist" -- "$bf" area enc.json --json /nonexistent/dir/a.json
expect 2 "--output names a directory" -- "$bf" sim enc.json --input facts.json --output .
expect 2 "no such liberty file" -- "$bf" area enc.json --liberty /nonexistent.lib
# area --plain-map: the area-oriented mapping (no delay target, no fanout repair) also gives a report.
printf '{"block": "int_mac", "name": "mac4", "params": {"a_bits": 4, "b_bits": 4, "acc_bits": 12}}' >mac4.json
expect 0 "total area (um^2)" -- "$bf" area mac4.json --plain-map
expect 2 "--clock-ns: must be a period in ns" -- "$bf" ppa enc.json --clock-ns 0
expect 2 "--clock-ns: must be a period in ns" -- "$bf" ppa enc.json --clock-ns 5ns
expect 2 "bits7.json: /params/bits" -- "$bf" ppa bits7.json
expect 2 "the directory of --json does not exist" -- "$bf" ppa enc.json --json /nonexistent/dir/p.json
expect 2 "no such liberty file" -- "$bf" ppa enc.json --liberty /nonexistent.lib
expect 2 "--vectorless: cannot be combined with --input" -- "$bf" ppa enc.json --vectorless --input facts.json

# ppa on a small block: the report, interfaces.md's JSON keys, the post-synthesis check.
expect 0 "post-synthesis check        match" -- "$bf" ppa enc.json --clock-ns 20 --json ppa.json
if python3 - ppa.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
need = {"timing": ["clock_ns", "critical_path_ns", "fmax_mhz", "slack_ns", "startpoint", "endpoint", "path_cells"],
        "power": ["clock_ns", "activity", "cycles", "internal_mw", "switching_mw", "leakage_mw", "total_mw"],
        "energy": ["op", "ops", "pj_per_op", "ops_per_s", "ops_per_s_per_mm2", "ops_per_j"]}
assert all(k in r for k in ["top", "liberty", "area", "postsynth"]), r.keys()
for group, keys in need.items():
    assert all(k in r[group] for k in keys), (group, r[group].keys())
assert r["timing"]["clock_ns"] == 20 and r["postsynth"] == "match"
assert 0 < r["timing"]["critical_path_ns"] < 20 and r["power"]["total_mw"] > r["power"]["leakage_mw"] > 0
assert r["area"]["total_area_um2"] > 0 and r["energy"]["pj_per_op"] > 0
PY
then ok; else bad "ppa --json lacks interfaces.md's keys or values"; fi
# --keep-dir, relative: the run works and leaves its netlist and OpenSTA reports; a non-empty directory is refused.
expect 0 "post-synthesis check        match" -- "$bf" ppa enc.json --keep-dir kd/ppa
[ -s kd/ppa/synth/net.v ] && [ -s kd/ppa/sta/timing.txt ] && ok || bad "ppa --keep-dir kept no netlist or timing report"
expect 2 "--keep-dir: must name a directory that does not exist or is empty" -- "$bf" ppa enc.json --keep-dir kd/ppa
# The vectorless estimate says so, and checks nothing.
expect 0 "post-synthesis check        not run" -- "$bf" ppa enc.json --vectorless --json ppav.json
if python3 - ppav.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["postsynth"] == "not_run" and r["power"]["activity"].startswith("vectorless"), r
assert r["power"]["switching_mw"] > 0
PY
then ok; else bad "ppa --vectorless does not report a vectorless estimate"; fi

# Bad sim input: exit 2, naming the data file and the JSON path; no output file.
printf '{"values": [1, 2, 256]}' >range.json
printf '{"values": [1, 2.5]}' >float.json
printf '{"vals": [1]}' >key.json
expect 2 "range.json: /values/2: must be an integer in [0, 255], got 256" -- "$bf" sim enc.json --input range.json --output o.json
expect 2 "float.json: /values/1: must be an integer in [0, 255], got 2.5" -- "$bf" sim dec.json --input float.json --output o.json
expect 2 "key.json: /vals: unknown key (allowed: values)" -- "$bf" sim dec.json --input key.json --output o.json
[ ! -e o.json ] && ok || bad "sim wrote o.json for bad input"

# Strict JSON, safe messages, paths checked before anything is written.
printf '{"block": "spark_encoder", "block": "spark_decoder"}' >dup.json
expect 2 "dup.json: /block: duplicate key" -- "$bf" gen dup.json -o dupout
printf '{"block": "spark_decoder", "params": {"bits": 8, "bits": 10}}' >dup2.json
expect 2 "dup2.json: /params/bits: duplicate key" -- "$bf" gen dup2.json -o dupout
printf '{"values": [1, {"a": 1, "a": 2}]}' >dup3.json
expect 2 "dup3.json: /values/1/a: duplicate key" -- "$bf" sim dec.json --input dup3.json
[ ! -e dupout ] && ok || bad "gen wrote dupout for a bad config"
printf '{"block": "spark_encoder", "name": "fork"}' >kw.json
expect 2 "kw.json: /name: must be a Verilog identifier" -- "$bf" gen kw.json -o kwout
python3 -c "print('{\"values\":' + '['*100000 + ']'*100000 + '}')" >deep.json
expect 2 "deep.json: /values/0: must be an integer in [0, 255], got an array" -- "$bf" sim enc.json --input deep.json
mkdir -p adir
expect 2 "adir: is a directory, not a JSON file" -- "$bf" gen adir -o x
# Missing parent directories are created (as Verilator's --Mdir does); a file in the way is an error.
expect 0 "wrote" -- "$bf" gen enc.json -o no/such/dir
[ -f no/such/dir/enc.sv ] && ok || bad "gen -o no/such/dir did not write no/such/dir/enc.sv"
expect 2 "kw.json: /name: must be a Verilog identifier" -- "$bf" gen kw.json -o newparent/x/y
[ ! -e newparent ] && ok || bad "gen created parent directories for a bad config"
expect 2 "the output path is empty" -- "$bf" gen enc.json -o ""
touch afile
expect 2 "afile is in the way: not a directory" -- "$bf" gen enc.json -o afile/sub
expect 2 "afile is in the way: not a directory" -- "$bf" gen enc.json -o afile/sub/deeper
[ ! -e afile/sub ] && [ -f afile ] && ok || bad "gen touched afile"
mkdir -p pg/enc.sv
expect 2 "pg/enc.sv: exists and is not a regular file" -- "$bf" gen enc.json -o pg
printf 'library (x) { cell (A) { area : ' >bad.lib
expect 2 "bad.lib: not a usable liberty file" -- "$bf" area enc.json --liberty bad.lib
expect 2 "--seed: must be an integer" -- "$bf" verify enc.json --seed -1
expect 2 "--seed: must be an integer" -- "$bf" verify enc.json --seed 18446744073709551616
expect 2 "cannot open the trace file for writing" -- "$bf" verify enc.json --seed 1 --trace /proc/x.vcd
expect 0 "" -- "$bf" sim enc.json --input facts.json --output /dev/null
[ -c /dev/null ] && ok || bad "/dev/null is no longer a device"

# gen: the files interfaces.md names, byte-for-byte reproducible.
expect 0 "" -- "$bf" gen enc.json -o g1
expect 0 "" -- "$bf" gen enc.json -o g2
for f in enc.sv filelist.f manifest.json; do [ -s "g1/$f" ] && ok || bad "gen did not write $f"; done
diff -r g1 g2 >/dev/null && ok || bad "two gen runs differ"
[ "$(grep -v '^//' g1/filelist.f)" = "enc.sv" ] && ok || bad "filelist.f: $(cat g1/filelist.f)"
verilator --lint-only -Wall -F g1/filelist.f >/dev/null 2>&1 && ok || bad "verilator -F g1/filelist.f fails"
# lint --registers: every register of the SPARK decoder, per module, with and without reset.
expect 0 "bits reset:" -- "$bf" lint dec.json --registers
"$bf" lint dec.json --registers | grep -qE "^dec[a-z_]*: [0-9]+ bits reset:.*; [0-9]+ bits not reset:" && ok || bad "lint --registers table"
(cd g1 && iverilog -g2012 -o /dev/null -c filelist.f) >/dev/null 2>&1 && ok || bad "iverilog -c filelist.f fails"
grep -q '"config_hash"' g1/manifest.json && ok || bad "manifest lacks config_hash"
ls -a | grep -q '^\.g1\.' && bad "temporary directory left behind" || ok

# list: every block, text and JSON.
expect 0 "spark_decoder" -- "$bf" list
expect 0 "\"multiple_of\": 2" -- "$bf" list --json

# sim: the formats.md facts through the RTL, exit 0 and golden match.
expect 0 "" -- "$bf" sim enc.json --input facts.json --output enc_out.json
expect 0 "" -- "$bf" sim dec.json --input facts.json --output dec_out.json
python3 - enc_out.json dec_out.json <<'PY' && ok || bad "sim results differ from the formats.md facts"
import json, sys
enc = json.load(open(sys.argv[1])); dec = json.load(open(sys.argv[2]))
assert enc["golden"] == "match" and dec["golden"] == "match"
# 18 -> 1000 1111 (0x8f), 170 -> 1011 0000 (0xb0), 210 -> 1101 0010 (0xd2), 4, 3 short, 177 -> 1011 0001, 5 -> 0101
assert enc["codes"] == [0x8f, 0xb0, 0xd2, 4, 3, 0xb1, 5], enc["codes"]
assert enc["long"] == [True, True, True, False, False, True, False]
assert enc["decoded"] == [15, 176, 210, 4, 3, 177, 5], enc["decoded"]
assert dec["decoded"] == [15, 176, 210, 4, 3, 177, 5], dec["decoded"]
assert dec["units"] == [8, 15, 11, 0, 13, 2, 4, 3, 11, 1, 5], dec["units"]
# one unit per cycle in, one cycle of latency: 11 units -> 12 cycles from the first unit to the last value
assert dec["cycles"] == 12, dec["cycles"]
assert dec["stats"]["long_count"] == 4 and dec["stats"]["max_abs_error"] == 6
PY

# A registered encoder: one value per cycle, results one cycle later (7 values -> 8 cycles).
printf '{"block": "spark_encoder", "name": "encp", "params": {"bits": 8, "pipeline": 1}}' >encp.json
expect 0 "" -- "$bf" sim encp.json --input facts.json --output encp_out.json
python3 - enc_out.json encp_out.json <<'PY' && ok || bad "pipelined encoder sim differs"
import json, sys
enc = json.load(open(sys.argv[1])); encp = json.load(open(sys.argv[2]))
assert encp["golden"] == "match" and encp["codes"] == enc["codes"], encp
assert enc["cycles"] == 7 and encp["cycles"] == 8, (enc["cycles"], encp["cycles"])
PY

# verify: builds the model at run time (cached by config hash), passes, prints the seed.
expect 0 "seed 7" -- "$bf" verify dec.json --seed 7 --count 5
expect 0 "(cached)" -- "$bf" verify dec.json --seed 8 --count 5
expect 0 "waveform: w.vcd" -- "$bf" verify enc.json --seed 1 --trace w.vcd
grep -q '\$enddefinitions' w.vcd && ok || bad "no VCD written"

# int_array sim: C = A . B exactly, tiled onto the array; one job takes (K + R + C - 1) S + 1 cycles
# (golden/gemm/int_array.hpp): 2x2 array, K = 3, S = 1 -> 7 cycles; with pe_bits = 4 (S = 4) -> 25.
printf '{"block": "int_array", "name": "ia", "params": {"rows": 2, "cols": 2}}' >ia.json
printf '{"block": "int_array", "name": "iap", "params": {"rows": 2, "cols": 2, "pe_bits": 4}}' >iap.json
printf '{"a": [[1, 2, 3], [-4, 5, -6]], "b": [[7, -8], [9, 10], [-11, 12]]}' >g1.json
printf '{"jobs": [{"a": [[1, 2, 3], [-4, 5, -6]], "b": [[7, -8], [9, 10], [-11, 12]]}, {"a": [[1, 2, 3], [-4, 5, -6]], "b": [[7, -8], [9, 10], [-11, 12]]}]}' >g3.json
expect 0 "" -- "$bf" sim ia.json --input g3.json --output g3_out.json
# back to back (K = 3 = C + 1: no gap): the two jobs take (3 + 3 + R + C - 1) + 1 = 10 cycles
python3 -c "import json,sys; o=json.load(open('g3_out.json')); sys.exit(0 if o['cycles'] == 10 and o['golden'] == 'match' else 1)" && ok || bad "back-to-back cycles: $(grep cycles g3_out.json)"
printf '{"jobs": [{"a": [[1, 2, 3], [-4, 5, -6], [7, -8, 9]], "b": [[7, -8, 9], [9, 10, -11], [-11, 12, 13]]}, {"a": [[-128]], "b": [[-128]]}]}' >g2.json
expect 0 "" -- "$bf" sim ia.json --input g1.json --output g1_out.json
expect 0 "" -- "$bf" sim iap.json --input g1.json --output g1p_out.json
expect 0 "" -- "$bf" sim ia.json --input g2.json --output g2_out.json
python3 - g1_out.json g1p_out.json g2_out.json <<'PY' && ok || bad "int_array sim results"
import json, sys
g1, g1p, g2 = (json.load(open(f)) for f in sys.argv[1:])
assert g1["c"] == [[-8, 48], [83, 10]] and g1["golden"] == "match", g1
assert g1["cycles"] == 7, g1["cycles"]
assert g1p["c"] == g1["c"] and g1p["cycles"] == 25, g1p["cycles"]
assert g1["stats"]["macs"] == 12 and g1["stats"]["array_jobs"] == 1
a = [[1, 2, 3], [-4, 5, -6], [7, -8, 9]]; b = [[7, -8, 9], [9, 10, -11], [-11, 12, 13]]
c = [[sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)] for i in range(3)]
assert g2["jobs"][0]["c"] == c and g2["jobs"][1]["c"] == [[16384]], g2
assert g2["stats"]["array_jobs"] == 5 and g2["golden"] == "match"
PY
printf '{"a": [[1, 2], [3]], "b": [[1], [2]]}' >ragged.json
expect 2 "ragged.json: /a/1: has 1 elements, row 0 has 2" -- "$bf" sim ia.json --input ragged.json
printf '{"a": [[1, 2]], "b": [[1], [2], [3]]}' >kmis.json
expect 2 "kmis.json: /b: must have 2 rows (the columns of a), has 3" -- "$bf" sim ia.json --input kmis.json
printf '{"a": [[1, 200]], "b": [[1], [2]]}' >range8.json
expect 2 "range8.json: /a/0/1: must be an integer in [-128, 127], got 200" -- "$bf" sim ia.json --input range8.json
printf '{"block": "int_array", "params": {"pe_bits": 1}}' >pe1.json
expect 2 "pe1.json: /params/pe_bits: must be 0 or an integer in [2, 16], got 1" -- "$bf" gen pe1.json -o pe1out
printf '{"block": "int_array", "params": {"a_bits": 16, "acc_bits": 16}}' >acc.json
expect 2 "acc.json: /params/acc_bits: must be wider than the widest operand (16 bits), got 16" -- "$bf" gen acc.json -o accout
printf '{"block": "spark_array", "params": {"lockstep": true, "skid": true}}' >ls_skid.json
expect 2 "ls_skid.json: /params/skid: must be false with lockstep" -- "$bf" gen ls_skid.json -o lsout
printf '{"block": "spark_array", "params": {"lockstep": true, "result_buffer": false}}' >ls_nb.json
expect 2 "ls_nb.json: /params/result_buffer: must be true with lockstep" -- "$bf" gen ls_nb.json -o lsout

# ant_array sim: C is the exact GEMM of the decoded codes. Unsigned 4-bit flint A codes 1, 9, 12 are 1, 32, 8;
# signed 4-bit int B codes 2, 15 (-1), 7 are 2, -1, 7: [1 32 8] . [2; -1; 7] = 2 - 32 + 56 = 26.
printf '{"block": "ant_array", "name": "aa", "params": {"rows": 2, "cols": 2}}' >aa.json
printf '{"a": [[1, 9, 12]], "b": [[2], [15], [7]], "a_type": "flint", "b_type": "int"}' >aa_in.json
expect 0 "" -- "$bf" sim aa.json --input aa_in.json --output aa_out.json
python3 -c "import json,sys; o=json.load(open('aa_out.json')); sys.exit(0 if o['c']==[[26]] and o['golden']=='match' and o['cycles']==7 else 1)" && ok || bad "ant_array sim: $(cat aa_out.json | tr -d ' \n')"
# 8-bit mode on the same 2 x 2 array (one 2 x 2 PE group): A unsigned, B signed 8-bit ints, tiled 1 x 1.
printf '{"a": [[255, 3], [0, 128]], "b": [[-128, 1], [127, -1]], "mode": "int8"}' >aa8.json
expect 0 "" -- "$bf" sim aa.json --input aa8.json --output aa8_out.json
python3 -c "import json,sys; o=json.load(open('aa8_out.json')); sys.exit(0 if o['c']==[[255*-128+3*127, 255-3], [128*127, -128]] and o['golden']=='match' and o['stats']['array_jobs']==4 else 1)" && ok || bad "ant_array int8 sim: $(cat aa8_out.json | tr -d ' \n')"
printf '{"a": [[1]], "b": [[2]], "a_type": "flint", "b_type": "float"}' >aa_bad.json
expect 2 "aa_bad.json: /b_type: must be \"int\", \"pot\" or \"flint\"" -- "$bf" sim aa.json --input aa_bad.json

# quantize (ANT Algorithm 2): exact powers of two pick pot, small integers pick int (formats.md order rule);
# the codes are sim input for an ant_decoder and decode back to the grid values.
printf '{"tensor": [[1, 2, 4, -8], [16, -32, 64, -1]]}' >pot.json
expect 0 "<- chosen" -- "$bf" quantize pot.json --signed --output pot_codes.json --report pot_rep.json
printf '{"block": "ant_decoder", "params": {"bits": 4, "signed": true}}' >antdec.json
expect 0 "" -- "$bf" sim antdec.json --input pot_codes.json --output pot_dec.json
python3 - pot_codes.json pot_dec.json pot_rep.json <<'PY' && ok || bad "quantize pot"
import json, sys
codes, dec, rep = (json.load(open(f)) for f in sys.argv[1:])
assert codes["type"] == "pot", codes
assert dec["values"] == [1, 2, 4, -8, 16, -32, 64, -1], dec["values"]   # scale 1: the tensor itself
ch = rep["channels"][0]
assert ch["type"] == "pot" and ch["mse"] == 0 and [c["type"] for c in ch["candidates"]] == ["int", "flint", "pot"]
PY
printf '[-7, -3, 0, 2, 5, 7, 1, -1]' >ints.json
expect 0 "" -- "$bf" quantize ints.json --signed --output ints_codes.json
python3 -c "import json,sys; c=json.load(open('ints_codes.json')); sys.exit(0 if c['type']=='int' else 1)" && ok || bad "quantize ints: $(cat ints_codes.json)"
python3 -c "import struct; open('w.f32','wb').write(struct.pack('<8f', 1, 2, 4, 64, -7, 0, 3, 7))"
expect 0 "per output channel (the first dimension)" -- "$bf" quantize w.f32 --shape 2,4 --signed --per-channel --channel-axis first --output w_codes.json
python3 -c "import json,sys; c=json.load(open('w_codes.json')); t=[x['type'] for x in c['channels']]; sys.exit(0 if t==['pot','int'] else 1)" && ok || bad "per channel: $(cat w_codes.json)"
# The same values as a Keras-layout 4 x 2 kernel (output channels last): channel 0 = 1, 4, -7, 3; channel 1 = 2, 64, 0, 7.
python3 -c "import struct; open('wk.f32','wb').write(struct.pack('<8f', 1, 2, 4, 64, -7, 0, 3, 7))"
expect 0 "per output channel (the last dimension)" -- "$bf" quantize wk.f32 --shape 4,2 --signed --per-channel --channel-axis last --output wk_codes.json
# Each channel quantized on its own (per tensor) must give the same type and codes.
printf '[1, 4, -7, 3]' >wk_ch0.json
printf '[2, 64, 0, 7]' >wk_ch1.json
expect 0 "" -- "$bf" quantize wk_ch0.json --signed --output wk_ch0_codes.json
expect 0 "" -- "$bf" quantize wk_ch1.json --signed --output wk_ch1_codes.json
python3 - <<'PY' && ok || bad "per channel, last axis: $(cat wk_codes.json)"
import json
c = json.load(open("wk_codes.json"))["channels"]
assert c == [json.load(open("wk_ch0_codes.json")), json.load(open("wk_ch1_codes.json"))], c
PY
expect 2 "--channel-axis: --per-channel needs --channel-axis first" -- "$bf" quantize w.f32 --shape 2,4 --signed --per-channel --output q1.json
expect 2 "--channel-axis: must be first or last, got \"middle\"" -- "$bf" quantize w.f32 --shape 2,4 --per-channel --channel-axis middle --output q1.json
expect 2 "--channel-axis: applies only with --per-channel" -- "$bf" quantize w.f32 --shape 2,4 --channel-axis last --output q1.json
[ ! -e q1.json ] && ok || bad "quantize wrote q1.json on bad arguments"
expect 2 "w.f32: holds 32 bytes; --shape 3,4 needs 48 (float32)" -- "$bf" quantize w.f32 --shape 3,4 --output q1.json
expect 2 "w.f32: a raw float32 tensor needs --shape" -- "$bf" quantize w.f32 --output q1.json
expect 2 "--shape: must be positive integers" -- "$bf" quantize w.f32 --shape 2,x --output q1.json
python3 -c "import struct; open('nan.f32','wb').write(struct.pack('<2f', 1, float('nan')))"
expect 2 "nan.f32: element 1: is not a finite number" -- "$bf" quantize nan.f32 --shape 2 --output q1.json
printf '[[1, 2], [3]]' >rag.json
expect 2 "rag.json: /1: has 1 elements, its siblings have 2" -- "$bf" quantize rag.json --output q1.json
printf '{"tensor": [1, "x"]}' >str.json
expect 2 "str.json: /tensor/1: must be a number or an array of numbers, got \"x\"" -- "$bf" quantize str.json --output q1.json
printf '5' >scalar.json
expect 2 "scalar.json: /: must be an array of numbers (the tensor)" -- "$bf" quantize scalar.json --per-channel --channel-axis first --output q1.json
printf '[[1], [[2]]]' >mixed.json
expect 2 "mixed.json: /1/0: is an array where the other elements are numbers" -- "$bf" quantize mixed.json --output q1.json
printf '[[1e308, -2], [0.5, 1]]' >huge.json
expect 2 "huge.json: cannot be quantized" -- "$bf" quantize huge.json --signed --output q1.json
printf '[1e999, 0]' >ovf.json
expect 2 "ovf.json: not valid JSON" -- "$bf" quantize ovf.json --output q1.json
expect 2 "--shape: 100000000,100000000 is too large" -- "$bf" quantize w.f32 --shape 100000000,100000000 --output q1.json
expect 2 "--shape: must be positive integers" -- "$bf" quantize w.f32 --shape +2,4 --output q1.json
[ ! -e q1.json ] && ok || bad "quantize wrote q1.json on bad input"
# raw float32 is little-endian: [1, 2, 4, 64] per tensor picks pot and decodes back to itself at scale 1
python3 -c "import struct; open('p.f32','wb').write(struct.pack('<4f', 1, 2, 4, 64))"
expect 0 "" -- "$bf" quantize p.f32 --shape 4 --signed --output p_codes.json
expect 0 "" -- "$bf" sim antdec.json --input p_codes.json --output p_dec.json
python3 -c "import json,sys; d=json.load(open('p_dec.json')); c=json.load(open('p_codes.json')); sys.exit(0 if c['type']=='pot' and d['values']==[1,2,4,64] else 1)" && ok || bad "raw little-endian decode: $(cat p_codes.json)"
printf '{"block": "ant_pe", "params": {"bits": 8, "acc_bits": 8}}' >pe8.json
expect 2 "pe8.json: /params/acc_bits: must be at least the base width bits + 1 (9), got 8" -- "$bf" gen pe8.json -o pe8out

# weights: a TensorFlow.js model.json + shard (written here, no network) to per-tensor INT8 GEMM sim inputs
# (docs/weights.md). Group 0, one float32 shard: conv2d/kernel [1,1,2,3] (max|w| = 1.27, scale 0.01),
# dense/bias [2] (rank 1: skipped, but its 8 bytes sit between the two kernels), dense/kernel [3,2]
# (max|w| = 0.254, scale 0.002). Group 1, uint8/uint16-quantized (value = q * scale + min) with a uint8 bias.
mkdir -p tfjs
python3 - tfjs <<'PY'
import json, struct, sys
d = sys.argv[1]
conv = [1.27, -0.5, 0.006, -1.0, 0.634, -1.2651]      # [1,1,2,3] row-major: rows (kh,kw,cin), columns cout
dense = [0.254, -0.1, 0.0011, -0.254, 0.0, 0.0999]    # [3,2]
f32 = lambda v: struct.pack('<%df' % len(v), *v)
open(d + '/group1-shard1of1.bin', 'wb').write(f32(conv) + f32([0.5, -0.5]) + f32(dense))
# uint8 bias [3], uint8 kernel [2,2] (split across the two shards): q 0, 100, 200, 227 -> -1, 0, 1, 1.27;
# uint16 kernel [1,2]: 0, 1000 -> -0.5, 0.5
open(d + '/group2-shard1of2.bin', 'wb').write(bytes([1, 2, 3, 0, 100]))
open(d + '/group2-shard2of2.bin', 'wb').write(bytes([200, 227]) + struct.pack('<2H', 0, 1000))
f = lambda name, shape: {"name": name, "shape": shape, "dtype": "float32"}
q = lambda name, shape, dt, scale, mn: dict(f(name, shape), quantization={"dtype": dt, "scale": scale, "min": mn})
model = {"format": "layers-model", "modelTopology": {},
         "weightsManifest": [
             {"paths": ["group1-shard1of1.bin"],
              "weights": [f("conv2d/kernel", [1, 1, 2, 3]), f("dense/bias", [2]), f("dense/kernel", [3, 2])]},
             {"paths": ["group2-shard1of2.bin", "group2-shard2of2.bin"],
              "weights": [q("q/bias", [3], "uint8", 0.01, -1.0), q("q/kernel", [2, 2], "uint8", 0.01, -1.0),
                          q("u16/kernel", [1, 2], "uint16", 0.001, -0.5)]}]}
json.dump(model, open(d + '/model.json', 'w'), indent=1)
PY
expect 0 "seed 1" -- "$bf" weights tfjs/model.json -o wt1
expect 0 "" -- "$bf" weights tfjs/model.json -o wt2
expect 0 "seed 2" -- "$bf" weights tfjs/model.json -o wt3 --seed 2 --rows 200
expect 0 "B 1 x 3 (of 2)" -- "$bf" weights tfjs/model.json -o wt4 --max-k 1 --rows 3
diff -r wt1 wt2 >/dev/null && ok || bad "two weights runs with the same seed differ"
python3 - <<'PY' && ok || bad "weights: index, B matrices or A"
import json, math
idx = json.load(open('wt1/index.json'))
assert [e["name"] for e in idx] == ["conv2d/kernel", "dense/kernel", "q/kernel", "u16/kernel"], idx
assert [e["file"] for e in idx] == ["conv2d_kernel.json", "dense_kernel.json", "q_kernel.json", "u16_kernel.json"]
assert [(e["shape"], e["k"], e["c"]) for e in idx] == [([1, 1, 2, 3], 2, 3), ([3, 2], 3, 2), ([2, 2], 2, 2), ([1, 2], 1, 2)]
assert [e["source_dtype"] for e in idx] == ["float32", "float32", "uint8", "uint16"]
for e, m in zip(idx, [1.27, 0.254, 1.27, 0.5]):
    assert abs(e["max_abs"] - m) < 1e-6 and abs(e["scale"] - m / 127) < 1e-8, e
# B by hand: round(w / scale), halves away from zero, clamped to [-127, 127]
want = {"conv2d_kernel": [[127, -50, 1], [-100, 63, -127]],      # 0.006/0.01 = 0.6 -> 1, -1.2651/0.01 -> -127
        "dense_kernel": [[127, -50], [1, -127], [0, 50]],        # 0.0011/0.002 = 0.55 -> 1, 0.0999/0.002 = 49.95 -> 50
        "q_kernel": [[-100, 0], [100, 127]],                     # -1, 0, 1, 1.27 at scale 0.01
        "u16_kernel": [[-127, 127]]}                             # -0.5, 0.5 at scale 0.5/127
# A: std::mt19937_64 seeded with --seed, Box-Muller (cos then sin of each pair), restarted for every tensor,
# row-major; a = clamp(round(max(x, 0) * 255 / 4), 0, 255).
M64 = (1 << 64) - 1
def mt19937_64(seed):
    mt = [seed & M64]
    for i in range(1, 312): mt.append((6364136223846793005 * (mt[-1] ^ (mt[-1] >> 62)) + i) & M64)
    while True:
        for k in range(312):
            y = (mt[k] & 0xFFFFFFFF80000000) | (mt[(k + 1) % 312] & 0x7FFFFFFF)
            mt[k] = mt[(k + 156) % 312] ^ (y >> 1) ^ (0xB5026F5AA96619E9 if y & 1 else 0)
        for x in mt:
            x ^= (x >> 29) & 0x5555555555555555; x ^= (x << 17) & 0x71D67FFFEDA60000
            x ^= (x << 37) & 0xFFF7EEE000000000; x ^= x >> 43
            yield x & M64
def activations(seed, m, k):
    g = mt19937_64(seed); out = []
    while len(out) < m * k:
        u1, u2 = (((next(g) >> 11) + 1) * 2.0 ** -53 for _ in range(2))
        r = math.sqrt(-2 * math.log(u1)); t = 2 * math.pi * u2
        out += [r * math.cos(t), r * math.sin(t)]
    a = []
    for x in out[:m * k]:
        v = max(x, 0.0) * 255.0 / 4.0; f = math.floor(v)
        a.append(min(255, int(f) + (1 if v - f >= 0.5 else 0)))
    return [a[r * k:(r + 1) * k] for r in range(m)]
for e in idx:
    t = json.load(open('wt1/' + e["file"]))
    assert sorted(t) == ["a", "b"]
    stem = e["file"][:-5]
    assert t["b"] == want[stem], (stem, t["b"])
    assert t["a"] == activations(1, 8, e["k"]), (stem, t["a"])
assert t["a"] != activations(2, 8, 1)
# another seed: other values, same B; 200 rows: about half zeros (max(x, 0)), mean near 255/4 * E[max(x,0)] = 25.4
t3 = json.load(open('wt3/dense_kernel.json')); t1 = json.load(open('wt1/dense_kernel.json'))
assert t3["b"] == t1["b"] and t3["a"][:8] != t1["a"] and t3["a"] == activations(2, 200, 3)
flat = [x for row in t3["a"] for x in row]
assert len(t3["a"]) == 200 and all(0 <= x <= 255 for x in flat)
assert 0.4 < flat.count(0) / len(flat) < 0.6 and 20 < sum(flat) / len(flat) < 31, (flat.count(0), sum(flat))
# --max-k 1: the first row of each B (the tensor's own scale), A 3 x 1
i4 = json.load(open('wt4/index.json'))
assert [(e["k"], e["k_total"]) for e in i4] == [(1, 2), (1, 3), (1, 2), (1, 1)], i4
t4 = json.load(open('wt4/conv2d_kernel.json'))
assert t4["b"] == [[127, -50, 1]] and t4["a"] == activations(1, 3, 1), t4
PY
ls -a | grep -q '^\.wt' && bad "weights left a temporary directory" || ok

# weights, bad input: exit 2, one message naming the file and the JSON path, no output directory.
wbad() {  # wbad NAME PYTHON-EDIT: a copy of the fixture as NAME/, with model m (and the shard bytes b) edited
  mkdir -p "$1" && cp tfjs/* "$1/"
  python3 - "$1" "$2" <<'PY'
import json, sys
d, edit = sys.argv[1], sys.argv[2]
m = json.load(open(d + '/model.json')); b = open(d + '/group1-shard1of1.bin', 'rb').read()
exec(edit)
open(d + '/model.json', 'w').write(m if isinstance(m, str) else json.dumps(m))
open(d + '/group1-shard1of1.bin', 'wb').write(b)
PY
}
wbad wshort 'b = b[:50]'
wbad wlong 'b = b + bytes(4)'
wbad wdtype 'm["weightsManifest"][0]["weights"][2]["dtype"] = "float64"'
wbad wshape 'm["weightsManifest"][0]["weights"][0]["shape"] = [1, 1, 2, 4]'
wbad wnoshard 'm["weightsManifest"][0]["paths"][0] = "nosuch.bin"'
wbad wnoman 'del m["weightsManifest"]'
wbad wdim 'm["weightsManifest"][0]["weights"][2]["shape"] = [3, 2.5]'
wbad wquant 'm["weightsManifest"][1]["weights"][1]["quantization"]["dtype"] = "int4"'
wbad wnoscale 'del m["weightsManifest"][1]["weights"][1]["quantization"]["scale"]'
wbad wf16 'm["weightsManifest"][1]["weights"][2]["quantization"] = {"dtype": "float16"}'
wbad wnan 'import struct; b = b[:4] + struct.pack("<f", float("nan")) + b[8:]'
wbad wnone 'm["weightsManifest"] = [m["weightsManifest"][0]]; m["weightsManifest"][0]["weights"][0]["dtype"] = "int32"; m["weightsManifest"][0]["weights"][2]["shape"] = [6]'
wbad wjson 'm = json.dumps(m)[:-1]'
expect 2 "wshort/model.json: /weightsManifest/0/weights/2: dense/kernel float32 needs bytes 32 to 56 of the group's shards (group1-shard1of1.bin), which hold 50 bytes" -- "$bf" weights wshort/model.json -o wo
expect 2 "wlong/model.json: /weightsManifest/0/paths: the shards (group1-shard1of1.bin) hold 60 bytes, the weights' shapes and dtypes need 56" -- "$bf" weights wlong/model.json -o wo
expect 2 "wdtype/model.json: /weightsManifest/0/weights/2/dtype: must be \"float32\", \"int32\", \"bool\" or \"complex64\", got \"float64\"" -- "$bf" weights wdtype/model.json -o wo
expect 2 "wshape/model.json: /weightsManifest/0/weights/2: dense/kernel float32 needs bytes 40 to 64" -- "$bf" weights wshape/model.json -o wo
expect 2 "wnoshard/model.json: /weightsManifest/0/paths/0: cannot read the shard wnoshard/nosuch.bin" -- "$bf" weights wnoshard/model.json -o wo
expect 2 "wnoman/model.json: /weightsManifest: missing" -- "$bf" weights wnoman/model.json -o wo
expect 2 "wdim/model.json: /weightsManifest/0/weights/2/shape/1: must be a non-negative integer, got 2.5" -- "$bf" weights wdim/model.json -o wo
expect 2 "wquant/model.json: /weightsManifest/1/weights/1/quantization/dtype: must be \"uint8\", \"uint16\" or \"float16\", got \"int4\"" -- "$bf" weights wquant/model.json -o wo
expect 2 "wnoscale/model.json: /weightsManifest/1/weights/1/quantization/scale: missing" -- "$bf" weights wnoscale/model.json -o wo
expect 2 "wf16/model.json: /weightsManifest/1/weights/2/quantization/dtype: float16-quantized weights are not supported" -- "$bf" weights wf16/model.json -o wo
expect 2 "wnan/model.json: /weightsManifest/0/weights/0: conv2d/kernel: element 1 is not a finite number" -- "$bf" weights wnan/model.json -o wo
expect 2 "wnone/model.json: /weightsManifest: holds no float32 weight tensor of rank 2 or more" -- "$bf" weights wnone/model.json -o wo
expect 2 "wjson/model.json: not valid JSON" -- "$bf" weights wjson/model.json -o wo
expect 2 "nomodel.json: cannot read the file" -- "$bf" weights nomodel.json -o wo
expect 2 "--seed: must be an integer" -- "$bf" weights tfjs/model.json -o wo --seed x
expect 2 "" -- "$bf" weights tfjs/model.json -o wo --rows 0
expect 2 "" -- "$bf" weights tfjs/model.json
expect 2 "afile is in the way: not a directory" -- "$bf" weights tfjs/model.json -o afile/wo
[ ! -e wo ] && ok || bad "weights wrote wo on bad input"
lines=$("$bf" weights wshort/model.json -o wo 2>&1 | wc -l)
[ "$lines" = 1 ] && ok || bad "a bad model printed $lines lines, want 1"

# sim on ebsp_array: C = A . B of the operands truncated to their patterns (hand-computed, pattern length 2:
# 7 -> 6, 3 -> 3, 12 -> 12; 5 -> 4, -6 -> -6, 1, 2, -13 -> -12, 0).
cat > ea.json <<'JSON'
{"block": "ebsp_array", "name": "ea2", "params": {"rows": 2, "lanes": 2, "act_pattern": 2, "wgt_pattern": 2}}
JSON
cat > ea_in.json <<'JSON'
{"a": [[7, 3, 12]], "b": [[5, -6], [1, 2], [-13, 0]]}
JSON
expect 0 "golden match" -- "$bf" sim ea.json --input ea_in.json --output ea_out.json
python3 - <<'PY' && ok || bad "ebsp_array sim output"
import json
d = json.load(open("ea_out.json"))
assert d["c"] == [[6 * 4 + 3 * 1 + 12 * -12, 6 * -6 + 3 * 2]], d["c"]
s = d["stats"]
assert s["lut_entries"] == 4 and s["macs"] == 6, s
assert abs(s["a_changed_fraction"] - 1 / 3) < 1e-9 and abs(s["b_changed_fraction"] - 2 / 6) < 1e-9, s
assert s["c_max_abs_error_vs_unpatterned"] == 6, s  # -30 against the exact -36
PY
echo '{"a": [[1]], "b": [[128]]}' > ea_bad.json
expect 2 "ea_bad.json: /b/0/0: must be an integer in [-127, 127], got 128" -- "$bf" sim ea.json --input ea_bad.json
cat > ea_badcfg.json <<'JSON'
{"block": "ebsp_array", "params": {"act_pattern": 8, "wgt_pattern": 8}}
JSON
expect 2 "ea_badcfg.json: /params/wgt_pattern: must be at most wgt_bits - 1 (7), got 8" -- "$bf" gen ea_badcfg.json -o ea_gen
[ ! -e ea_gen ] && ok || bad "gen wrote ea_gen on a bad config"
expect 2 "ebsp_pe has no sim input format" -- "$bf" sim "$src/examples/ebsp_pe_8_4.json" --input ea_in.json

# aqs: Panacea's AQS-GEMM on a hand-derived example (v = 1, k_w = 1, z = 128 -> z' = 136, r = 8):
# w = 3 is LO 3, HO 0 (compressed); w = -20 is LO -4, HO -2; x = 130 is HO 8 = r (compressed), LO 2; x = 5 is HO 0,
# LO 5. Executed: 3 x 2, -4 x 5, -4 x 0 << 4, -2 x 5 << 3, -2 x 0 << 7 = -94; compensation 128 x (-17 - (-20)) = 384;
# y = 290 = 3 x 130 - 20 x 5. Dense 8 products; zero-only skipping 4 (w HO 0 at k = 0, x HO 0 at k = 1); AQS 5.
echo '{"w": [[3, -20]], "x": [[130], [5]], "zero_point": 128, "dbs_type": 1, "k_w": 1, "v": 1}' > aqs.json
expect 0 "golden match, 5 of 8 dense" -- "$bf" aqs aqs.json --output aqs_out.json
python3 - <<'PY' && ok || bad "aqs output"
import json
d = json.load(open("aqs_out.json"))
assert d["y"] == [[290]], d["y"]
c = d["counters"]
assert (c["mults"], c["static_products"], c["dynamic_products"], c["skipped_by_w"], c["skipped_by_x"]) == (5, 2, 3, 2, 1), c
w = d["workload"]
assert (w["dense"]["slice_mults"], w["zero_skip"]["slice_mults"], w["panacea"]["slice_mults"]) == (8, 4, 5), w
assert d["stats"]["r"] == 8
PY
echo '{"w": [[3, -20]], "x": [[130], [5]], "zero_point": 128, "v": 2}' > aqs_bad.json
expect 2 "aqs_bad.json: /w: must have a multiple of v = 2 rows, has 1" -- "$bf" aqs aqs_bad.json
echo '{"w": [[64]], "x": [[1]], "zero_point": 0, "v": 1}' > aqs_bad2.json
expect 2 "aqs_bad2.json: /w/0/0: must be an integer in [-64, 63], got 64" -- "$bf" aqs aqs_bad2.json
echo '{"w": [[1]], "x": [[1]], "zero_point": 0, "v": 1, "dbs_type": 4}' > aqs_bad3.json
expect 2 "aqs_bad3.json: /dbs_type: must be an integer in [1, 3], got 4" -- "$bf" aqs aqs_bad3.json
expect 2 "aqs_bad3.json" -- "$bf" aqs aqs_bad3.json --output aqs_never.json
[ ! -e aqs_never.json ] && ok || bad "aqs wrote its output on bad input"

# sim on panacea_core: the same hand example as aqs, padded by the core (M to P v rows, N to v columns).
cat > pc.json <<'JSON'
{"block": "panacea_core", "name": "pc1", "params": {"peas": 1, "v": 1, "kmax": 4}}
JSON
echo '{"w": [[3, -20]], "x": [[130], [5]], "zero_point": 128, "dbs_type": 1}' > pc_in.json
expect 0 "golden match" -- "$bf" sim pc.json --input pc_in.json --output pc_out.json
python3 - <<'PY' && ok || bad "panacea_core sim output"
import json
d = json.load(open("pc_out.json"))
assert d["c"] == [[290]], d["c"]
s = d["stats"]
assert s["executed_mults"] == 5 and s["dense_mults"] == 8, s  # 3 of the 8 slice products skipped, as in aqs
assert s["compensation_mults"] == 1, s
PY
# "run": one of the two runs only (what ppa measures); the output is the same GEMM.
for run in aqs dense; do
  echo '{"w": [[3, -20]], "x": [[130], [5]], "zero_point": 128, "dbs_type": 1, "run": "'$run'"}' > pc_$run.json
  expect 0 "golden match" -- "$bf" sim pc.json --input pc_$run.json --output pc_out_$run.json
done
python3 - <<'PY' && ok || bad "panacea_core sim with run aqs / dense"
import json
a, d = json.load(open("pc_out_aqs.json")), json.load(open("pc_out_dense.json"))
assert a["c"] == d["c"] == [[290]], (a["c"], d["c"])
assert a["stats"]["executed_mults"] == 5 and a["stats"]["dense_mults"] == 0 and a["stats"]["dense_cycles"] == 0, a
assert d["stats"]["executed_mults"] == 0 and d["stats"]["dense_mults"] == 8, d
assert d["cycles"] == d["stats"]["dense_cycles"] > 0 and a["cycles"] > 0, (a["cycles"], d["cycles"])
PY
echo '{"w": [[3, -20]], "x": [[130], [5]], "zero_point": 128, "run": "fast"}' > pc_badrun.json
expect 2 "pc_badrun.json: /run: must be \"both\", \"aqs\" or \"dense\"" -- "$bf" sim pc.json --input pc_badrun.json
echo '{"w": [[3, -20]], "x": [[130], [5]], "zero_point": 256}' > pc_bad.json
expect 2 "pc_bad.json: /zero_point: must be an integer in [0, 255], got 256" -- "$bf" sim pc.json --input pc_bad.json
# sim on one panacea_pea with dtp and two dynamic items per cycle: w is padded with a zero row for the second
# weight lane. That lane adds its 2 LO x LO products and LO_w x HO_x at k = 1 (x = 5 is stored): 5 + 3 = 8 executed
# of 2 x 8 dense; the dynamic items are (k = 1, lane 0) and (k = 1, lane 1).
cat > pp_dtp.json <<'JSON'
{"block": "panacea_pea", "name": "pp1", "params": {"v": 1, "kmax": 4, "dtp": true, "dyn_items": 2}}
JSON
expect 0 "golden match" -- "$bf" sim pp_dtp.json --input pc_in.json --output pp_out.json
python3 - <<'PY' && ok || bad "panacea_pea sim output"
import json
d = json.load(open("pp_out.json"))
assert d["c"] == [[290]], d["c"]
s = d["stats"]
assert (s["executed_mults"], s["dense_mults"], s["dynamic_items"], s["tiles"]) == (8, 16, 2, 1), s
PY

# demo: the README's first command, end to end.
"$bf" demo -o demo_out > demo.txt 2>&1
demo_rc=$?
[ "$demo_rc" = 0 ] && grep -q "demo passed" demo.txt && ok || { bad "demo exit $demo_rc"; tail -20 demo.txt; }
for f in demo_out/spark_os_8x8.json demo_out/spark_os_8x8/spark_os_8x8.sv demo_out/spark_os_8x8/manifest.json \
         demo_out/int_os_8x8_pe4/int_os_8x8_pe4.sv; do
  [ -s "$f" ] && ok || bad "demo did not write $f"
done
expect 0 "PASS" -- "$bf" verify demo_out/spark_os_8x8.json --seed 3
# The summary compares the SPARK array with both baselines on the same GEMM.
grep -q "spark_os_8x8 .* cycles (work bound [0-9]*, lock-step scheme [0-9]*)" demo.txt && ok || bad "demo summary lacks the work bound"
grep -q "int_os_8x8_pe4 .* SPARK is [0-9.]*x its speed" demo.txt && ok || bad "demo summary lacks the 4-bit baseline"
[ "$(grep -c 'sim     8 x 128 . 128 x 32 GEMM: match' demo.txt)" = 3 ] && ok || bad "demo sims did not all match"

# sim on spark_array: integers before encoding, the SPARK stats.
cat > sa.json <<'JSON'
{"block": "spark_array", "name": "sa2", "params": {"rows": 2, "cols": 2}}
JSON
cat > sa_in.json <<'JSON'
{"a": [[1, 200, 3], [0, 9, 255]], "b": [[-5, 130], [7, -8], [255, 1]]}
JSON
expect 0 "golden match" -- "$bf" sim sa.json --input sa_in.json --output sa_out.json
python3 - <<'PY' && ok || bad "spark_array sim output"
import json
d = json.load(open("sa_out.json"))
# SPARK-decoded values: 200 -> 208 (lossy, formats.md: [192,207] rounds to 208), 130 -> 144, 255 and 9 exact.
a = [[1, 208, 3], [0, 9, 255]]; b = [[-5, 144], [7, -8], [255, 1]]
c = [[sum(a[i][k] * b[k][j] for k in range(3)) for j in range(2)] for i in range(2)]
assert d["c"] == c, (d["c"], c)
s = d["stats"]
assert abs(s["a_long_fraction"] - 3 / 6) < 1e-9 and abs(s["b_long_fraction"] - 3 / 6) < 1e-9, s
# work bound: PE (r, c) sums (1 + a_long)(1 + b_long) over k (long: |v| >= 8, so 9 and -8 are long too).
long_a = [[False, True, False], [False, True, True]]; long_b = [[False, True], [False, True], [True, False]]
wb = max(sum((1 + long_a[r][k]) * (1 + long_b[k][c]) for k in range(3)) for r in range(2) for c in range(2))
assert s["work_bound"] == wb, (s["work_bound"], wb)
assert d["cycles"] >= wb and s["stall_cycles"] == d["cycles"] - wb, s
PY
echo '{"a": [[1, 256]], "b": [[1], [2]]}' > sa_bad.json
expect 2 "sa_bad.json: /a/0/1: must be an integer in [0, 255], got 256" -- "$bf" sim sa.json --input sa_bad.json
echo '{"a": [[1, 2]], "b": [[1], [-256]]}' > sa_bad2.json
# -2^N is accepted and saturates to magnitude 2^N - 1 (formats.md): 1 x 1 + 2 x -255.
expect 0 "golden match" -- "$bf" sim sa.json --input sa_bad2.json --output sa2_out.json
python3 -c 'import json; assert json.load(open("sa2_out.json"))["c"] == [[-509]]' && ok || bad "-256 does not saturate"
echo '{"a": [[1, 2]], "b": [[1], [-257]]}' > sa_bad3.json
expect 2 "sa_bad3.json: /b/1/0: must be an integer in [-256, 255], got -257" -- "$bf" sim sa.json --input sa_bad3.json

# evaluate: bad inputs exit 2 and write nothing. A one-layer model (the identity: an InputLayer) and a PNG written by
# Python's zlib (a 4 x 4 gray ramp).
mkdir -p ident
printf '{"modelTopology": {"class_name": "Functional", "config": {"layers": [{"class_name": "InputLayer", "name": "in", "config": {"batch_input_shape": [null, null, null, 3]}, "inbound_nodes": []}]}}, "weightsManifest": []}' >ident/model.json
python3 - <<'PY'
import struct, zlib
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
raw = b"".join(b"\0" + bytes(16 * y + 4 * x for x in range(4)) for y in range(4))
open("ramp.png", "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 0, 0, 0, 0)) +
                              chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
PY
echo "not a png" >notpng.png
expect 2 "notpng.png: is not a PNG file" -- "$bf" evaluate ident notpng.png --json ev1.json
[ ! -e ev1.json ] && ok || bad "evaluate wrote ev1.json on bad input"
expect 2 "model.json: not found" -- "$bf" evaluate nosuchdir ramp.png --json ev1.json
expect 2 "tfjs/model.json: /modelTopology/class_name: missing" -- "$bf" evaluate tfjs ramp.png --json ev1.json
expect 2 "--designs: unknown design \"tpu\"" -- "$bf" evaluate ident ramp.png --designs int8,tpu --json ev1.json
[ ! -e ev1.json ] && ok || bad "evaluate wrote ev1.json on bad input"
expect 2 "model.json: the model enlarges by 1, not by --scale 2" -- "$bf" evaluate ident ramp.png --scale 2 --json ev1.json
expect 2 "--plot: must end in .svg or .png, got \"p.txt\"" -- "$bf" evaluate ident ramp.png --plot p.txt --json ev1.json
expect 2 "--plot: plots energy and area: it cannot be combined with --no-hardware" -- \
  "$bf" evaluate ident ramp.png --plot p.svg --no-hardware --json ev1.json
expect 2 "--plot: needs a design other than float in --designs" -- "$bf" evaluate ident ramp.png --designs float --plot p.svg --json ev1.json
[ ! -e ev1.json ] && [ ! -e p.svg ] && [ ! -e p.txt ] && ok || bad "evaluate wrote a file on bad input"
# The identity model returns its input: PSNR against the photo and the float output is infinite.
expect 0 "| int8 | inf |" -- "$bf" evaluate ident ramp.png --json ev2.json
python3 -c 'import json; d = json.load(open("ev2.json"))["designs"]; assert d["float"]["psnr_db"] == "inf" and d["int8"]["cycles"] == 0' && ok || bad "evaluate JSON"

echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
