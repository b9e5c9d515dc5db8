#!/usr/bin/env bash
# Real DNN weights as simulation inputs (docs/weights.md): fetches the npm package @upscalerjs/default-model
# (MIT; the 2x ESRGAN-slim / RDN super-resolution model of UpscalerJS, TensorFlow.js layers format) with
# `npm pack` (no node_modules, no global install), and runs `bitforge weights` on its one model,
# package/models/model.json, into OUT_DIR.
# Usage: tools/fetch_weights.sh OUT_DIR [bitforge weights options: --rows M --seed S --max-k K]
# Environment: BITFORGE_BIN (default build/bin/bitforge), BITFORGE_CACHE_DIR (default ~/.cache/bitforge; the
# tarball is kept under its npm/ folder, so later runs need no network), BITFORGE_WEIGHTS_VERSION (default
# 1.0.0, whose tarball's SHA-256 is checked).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bf=${BITFORGE_BIN:-$root/build/bin/bitforge}
pkg=@upscalerjs/default-model
version=${BITFORGE_WEIGHTS_VERSION:-1.0.0}
sha256_1_0_0=4d40035493971cf5a9dac28738dd04c5c13e5b936bf35fa467bb368b99a1d36c

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

cache=${BITFORGE_CACHE_DIR:-$HOME/.cache/bitforge}/npm
tarball=$cache/upscalerjs-default-model-$version.tgz
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ ! -s "$tarball" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "fetch_weights: npm is missing; install it with:  sudo apt-get install -y npm   (Debian package npm)" >&2
    exit 2
  fi
  mkdir -p "$cache"
  echo "fetch_weights: npm pack $pkg@$version -> $cache" >&2
  if ! (cd "$work" && npm pack "$pkg@$version" --cache "$work/npm-cache" --pack-destination "$work" \
          >"$work/npm.log" 2>&1); then
    cat "$work/npm.log" >&2
    echo "fetch_weights: npm pack $pkg@$version failed (is the npm registry reachable?)" >&2
    exit 1
  fi
  mv "$work/upscalerjs-default-model-$version.tgz" "$tarball.tmp$$"
  mv "$tarball.tmp$$" "$tarball"
fi
if [ "$version" = 1.0.0 ] && [ "$(sha256sum "$tarball" | cut -d' ' -f1)" != "$sha256_1_0_0" ]; then
  echo "fetch_weights: $tarball does not have the SHA-256 of $pkg@1.0.0; delete it and run again" >&2
  exit 1
fi

tar -xzf "$tarball" -C "$work"
model=$work/package/models/model.json
if [ ! -f "$model" ]; then
  echo "fetch_weights: $pkg@$version has no models/model.json; its model files:" >&2
  (cd "$work/package" && find . -name 'model.json' >&2)
  exit 1
fi
echo "fetch_weights: $pkg@$version (license $(sed -n 's/^ *"license": *"\([^"]*\)".*/\1/p' "$work/package/package.json")), models/model.json" >&2
"$bf" weights "$model" -o "$out" "$@"
