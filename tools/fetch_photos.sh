#!/usr/bin/env bash
# Real photographs for `bitforge evaluate` (docs/evaluate.md): downloads Debian's python3-skimage package with
# `apt-get download` (no install, none of its Python dependencies), unpacks it with `dpkg -x`, and copies the PNG
# photos of its skimage/data/ folder (astronaut, coffee, chelsea, ...) to OUT_DIR. The .deb is kept in the bitforge
# cache, so later runs need no network.
# Usage: tools/fetch_photos.sh OUT_DIR
# Environment: BITFORGE_CACHE_DIR (default ~/.cache/bitforge; the package under its deb/ folder).
set -euo pipefail
if [ $# -ne 1 ] || [ "${1:0:1}" = "-" ]; then
  echo "usage: tools/fetch_photos.sh OUT_DIR" >&2
  exit 2
fi
out=$1
cache=${BITFORGE_CACHE_DIR:-$HOME/.cache/bitforge}/deb
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$cache"
deb=$(ls "$cache"/python3-skimage_*_all.deb 2>/dev/null | head -1 || true)
if [ -z "$deb" ]; then
  echo "fetch_photos: apt-get download python3-skimage -> $cache" >&2
  (cd "$work" && apt-get download python3-skimage >"$work/apt.log" 2>&1) ||
    { cat "$work/apt.log" >&2; echo "fetch_photos: apt-get download failed (are Debian's mirrors reachable?)" >&2; exit 1; }
  mv "$work"/python3-skimage_*_all.deb "$cache/"
  deb=$(ls "$cache"/python3-skimage_*_all.deb | head -1)
fi
dpkg -x "$deb" "$work/x"
data=$(find "$work/x" -type d -path '*skimage/data' | head -1)
[ -n "$data" ] || { echo "fetch_photos: $deb has no skimage/data folder" >&2; exit 1; }
mkdir -p "$out"
for p in astronaut coffee chelsea rocket motorcycle_left; do
  [ -f "$data/$p.png" ] && cp "$data/$p.png" "$out/"
done
echo "fetch_photos: $(basename "$deb") -> $out ($(ls "$out" | tr '\n' ' '))" >&2
