#!/usr/bin/env bash
# Real DNN weights as simulation inputs (docs/weights.md): fetches the npm package @upscalerjs/default-model
# (MIT; the 2x ESRGAN-slim / RDN super-resolution model of UpscalerJS, TensorFlow.js layers format) with
# tools/fetch_model.sh, and runs `bitforge weights` on its one model, models/model.json, into OUT_DIR.
# Usage: tools/fetch_weights.sh OUT_DIR [bitforge weights options: --rows M --seed S --max-k K]
# Environment: BITFORGE_BIN (default build/bin/bitforge), BITFORGE_CACHE_DIR (default ~/.cache/bitforge; the
# tarball is kept under its npm/ folder, so later runs need no network; version 1.0.0, its SHA-256 checked).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bf=${BITFORGE_BIN:-$root/build/bin/bitforge}

if [ $# -lt 1 ] || [ "${1:0:1}" = "-" ]; then
  echo "usage: tools/fetch_weights.sh OUT_DIR [--rows M] [--seed S] [--max-k K]" >&2
  exit 2
fi
out=$1
shift
if [ ! -x "$bf" ]; then
  echo "fetch_weights: $bf not found; build it first (tools/bitforge list) or set BITFORGE_BIN" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$root/tools/fetch_model.sh" default-model "$work/models"
model=$work/models/model.json
"$bf" weights "$model" -o "$out" "$@"
