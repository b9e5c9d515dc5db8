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
expect 2 "its parent directory does not exist" -- "$bf" gen enc.json -o no/such/dir
[ ! -e no ] && ok || bad "gen created missing parents"
expect 2 "the output path is empty" -- "$bf" gen enc.json -o ""
touch afile
expect 2 "its parent is not a directory" -- "$bf" gen enc.json -o afile/sub
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
expect 0 "" -- "$bf" quantize w.f32 --shape 2,4 --signed --per-channel --output w_codes.json
python3 -c "import json,sys; c=json.load(open('w_codes.json')); t=[x['type'] for x in c['channels']]; sys.exit(0 if t==['pot','int'] else 1)" && ok || bad "per channel: $(cat w_codes.json)"
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
expect 2 "scalar.json: /: must be an array of numbers (the tensor)" -- "$bf" quantize scalar.json --per-channel --output q1.json
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

# demo: the README's first command, end to end.
expect 0 "demo passed" -- "$bf" demo -o demo_out
for f in demo_out/spark_enc8.json demo_out/spark_dec8/spark_dec8.sv demo_out/spark_dec8/manifest.json; do
  [ -s "$f" ] && ok || bad "demo did not write $f"
done
expect 0 "PASS" -- "$bf" verify demo_out/spark_dec8.json --seed 3

echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
