#!/usr/bin/env bash
# TensorFlow.js's own output for a model and an image (the check of bitforge's float forward pass, docs/evaluate.md):
# installs npm @tensorflow/tfjs (pure JavaScript, version 4.11.0, the models' peer dependency) into the bitforge
# cache once, then runs tools/tfjs/reference.mjs.
# Usage: tools/tfjs/reference.sh MODEL_DIR INPUT.json OUTPUT.json
#   INPUT.json: {"h", "w", "c", "pixels": [h*w*c numbers, row-major, channels fastest]}
# Environment: BITFORGE_CACHE_DIR (default ~/.cache/bitforge; TF.js goes to its tfjs-4.11.0/ folder).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ $# -ne 3 ]; then
  echo "usage: tools/tfjs/reference.sh MODEL_DIR INPUT.json OUTPUT.json" >&2
  exit 2
fi
[ -f "$1/model.json" ] || { echo "reference.sh: $1/model.json not found" >&2; exit 2; }
[ -f "$2" ] || { echo "reference.sh: $2 not found" >&2; exit 2; }
command -v node >/dev/null && command -v npm >/dev/null ||
  { echo "reference.sh: node and npm are needed: sudo apt-get install -y nodejs npm" >&2; exit 2; }
dir=${BITFORGE_CACHE_DIR:-$HOME/.cache/bitforge}/tfjs-4.11.0
if [ ! -d "$dir/node_modules/@tensorflow/tfjs" ]; then
  mkdir -p "$dir"
  echo "reference.sh: npm install @tensorflow/tfjs@4.11.0 -> $dir" >&2
  (cd "$dir" && echo '{"private": true}' >package.json &&
    npm install --no-audit --no-fund --ignore-scripts @tensorflow/tfjs@4.11.0 >&2)
fi
node "$here/reference.mjs" "$1" "$2" "$3" "$dir"
