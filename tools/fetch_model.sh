#!/usr/bin/env bash
# Fetches an UpscalerJS model package from the npm registry with `npm pack` (no node_modules, no global install),
# checks the tarball's SHA-256, and copies its models/ folder (model.json and shards; several scales in x2/, x3/,
# ... for esrgan-slim, -medium and -thick) to OUT_DIR. The tarball is kept in the bitforge cache, so later runs
# need no network.
# Usage: tools/fetch_model.sh PACKAGE OUT_DIR
#   PACKAGE: default-model, esrgan-slim, esrgan-medium or esrgan-thick (@upscalerjs/<PACKAGE>@1.0.0, MIT).
# Environment: BITFORGE_CACHE_DIR (default ~/.cache/bitforge; tarballs under its npm/ folder).
set -euo pipefail
if [ $# -ne 2 ] || [ "${1:0:1}" = "-" ]; then
  echo "usage: tools/fetch_model.sh default-model|esrgan-slim|esrgan-medium|esrgan-thick OUT_DIR" >&2
  exit 2
fi
name=$1
out=$2
case "$name" in
  default-model) sha=4d40035493971cf5a9dac28738dd04c5c13e5b936bf35fa467bb368b99a1d36c ;;
  esrgan-slim) sha=b53070ff01363e74d33138106dcc72b58d341c9fb7e8fd648554a4e7744142b5 ;;
  esrgan-medium) sha=367471ded0629387b9aabc75183be0b80d39d46c3f509945ebde4f5bf7a49627 ;;
  esrgan-thick) sha=3d38971084d8281bf68da443085c7eb65355fb28aa81b33b54f950cca6328a15 ;;
  *) echo "fetch_model: unknown package '$name' (default-model, esrgan-slim, esrgan-medium, esrgan-thick)" >&2; exit 2 ;;
esac
pkg=@upscalerjs/$name
version=1.0.0
cache=${BITFORGE_CACHE_DIR:-$HOME/.cache/bitforge}/npm
tarball=$cache/upscalerjs-$name-$version.tgz
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ ! -s "$tarball" ]; then
  command -v npm >/dev/null 2>&1 ||
    { echo "fetch_model: npm is missing; install it with:  sudo apt-get install -y npm   (Debian package npm)" >&2; exit 2; }
  mkdir -p "$cache"
  echo "fetch_model: npm pack $pkg@$version -> $cache" >&2
  if ! (cd "$work" && npm pack "$pkg@$version" --cache "$work/npm-cache" --pack-destination "$work" \
          >"$work/npm.log" 2>&1); then
    cat "$work/npm.log" >&2
    echo "fetch_model: npm pack $pkg@$version failed (is the npm registry reachable?)" >&2
    exit 1
  fi
  mv "$work/upscalerjs-$name-$version.tgz" "$tarball.tmp$$"
  mv "$tarball.tmp$$" "$tarball"
fi
if [ "$(sha256sum "$tarball" | cut -d' ' -f1)" != "$sha" ]; then
  echo "fetch_model: $tarball does not have the SHA-256 of $pkg@$version; delete it and run again" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$work" package/models package/package.json
mkdir -p "$out"
cp -R "$work/package/models/." "$out/"
echo "fetch_model: $pkg@$version (license $(sed -n 's/^ *"license": *"\([^"]*\)".*/\1/p' "$work/package/package.json")) -> $out" >&2
