#!/usr/bin/env bash
# Deep-zoom tile cost: uncached 512 px tiles (rect= at full resolution and at a 1/4 view, and IIIF tiles) of a 50 MP
# pyramid TIFF against the same tiles of a 2 MP one, both made by bin/ic from photo-like sources. A server that reads
# only the tiles and the pyramid level a request needs serves both at about the same rate; one that decodes the whole
# image pays ~25x more for the big one. Rounds alternate between the two images so that a busy machine biases neither.
#
#   bench/tiles.sh                # about 2 minutes
#   DURATION=20 ROUNDS=3 bench/tiles.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
DURATION=${DURATION:-8}
ROUNDS=${ROUNDS:-2}
work=$(mktemp -d /tmp/imageserving-tiles.XXXXXX)
install="$work/install"
trap 'IMAGESERVING_HOME="$install" "$root/bin/ImageServing" stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

log() { echo "[tiles] $*" >&2; }
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"

need_packages bench/tiles.sh vips:libvips-tools wrk:wrk bc:bc
need_lib

setup_install
log "generating a 50 MP and a 2 MP photo and their pyramid TIFFs (bin/ic -convert -jpegcompress)"
make_photo big 8660 5774
make_photo small 1732 1155
for name in big small; do
  "$root/bin/ic" -convert -jpegcompress "$install/images/$name-seq.jpg" "$install/images/$name.tif" >/dev/null
done
export IMAGESERVING_HOME="$install"
"$root/bin/ImageServing" start >/dev/null

# Each request a different tile of the level (whole 512 px tiles only) and a unique query: never a cache hit.
# The random tiles differ between wrk's threads and between runs: with one fixed seed, both threads and every round
# asked for the warm-up's tiles again, and the IIIF rows (which cannot say cache=off) measured mostly cache hits
# (about 240 req/s against 70 for rect=, on the same server work; two thirds of the replies were REUSED).
cat > "$work/tiles.lua" <<'LUA'
local counter = 0
local width, height = tonumber(os.getenv("TILE_W")), tonumber(os.getenv("TILE_H"))
local scale, kind = tonumber(os.getenv("TILE_SCALE")), os.getenv("TILE_KIND")
local cols, rows = math.floor(width / scale / 512), math.floor(height / scale / 512)
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end
function init(args)
  math.randomseed(tonumber(os.getenv("TILE_SEED")) + thread_number * 7919)
end
request = function()
  counter = counter + 1
  local x, y = math.random(0, cols - 1) * 512, math.random(0, rows - 1) * 512
  if kind == "iiif" then
    -- IIIF replies go through the response cache: any pixel offset, so that (almost) every tile is new
    local s = 512 * scale
    x, y = math.random(0, width - s), math.random(0, height - s)
    return wrk.format("GET", string.format("%s/%d,%d,%d,%d/512,/0/default.jpg", wrk.path, x, y, s, s))
  end
  return wrk.format("GET", string.format("%s?scl=%d&rect=%d,%d,512,512&qlt=80&cache=off&.n%d", wrk.path, scale, x, y,
    counter))
end
LUA

rps() { # image width height scale kind -> req/s
  local path="/is/image/$1.tif" out="$work/wrk.out"
  [[ $5 == iiif ]] && path="/iiif/3/$1.tif"
  local seed
  seed=$(date +%N)
  TILE_SEED=$((10#$seed + 1)) TILE_W=$2 TILE_H=$3 TILE_SCALE=$4 TILE_KIND=$5 wrk -t2 -c2 -d"${DURATION}s" \
    -s "$work/tiles.lua" \
    "http://127.0.0.1:$ps_port$path" > "$out"
  if grep -q 'Non-2xx' "$out"; then
    echo "errors for $path:" >&2; cat "$out" >&2
    curl -s "http://127.0.0.1:$ps_port$path?scl=$4&rect=0,0,512,512" | head -c 600 >&2; exit 1
  fi
  awk '/^Requests\/sec/{print $2}' "$out"
}

echo "| 512 px JPEG tiles, uncached, 2 connections | 50 MP (8660 x 5774) | 2 MP (1732 x 1155) | cost of a 50 MP tile / a 2 MP tile |"
echo "|---|---|---|---|"
for spec in "1 rect" "4 rect" "1 iiif"; do
  read -r scale kind <<< "$spec"
  # the 2 MP image at scale 4 has no whole 512 px tile: both use the full-resolution level then
  small_scale=$scale; [[ $scale == 4 ]] && small_scale=1
  big=0; small=0
  rps big 8660 5774 "$scale" "$kind" >/dev/null; rps small 1732 1155 "$small_scale" "$kind" >/dev/null # warm-up
  for _ in $(seq 1 "$ROUNDS"); do
    big=$(echo "$big + $(rps big 8660 5774 "$scale" "$kind")" | bc)
    small=$(echo "$small + $(rps small 1732 1155 "$small_scale" "$kind")" | bc)
  done
  label="rect= at scl=$scale"; [[ $kind == iiif ]] && label="IIIF full-resolution regions (any offset)"
  printf '| %s | %.1f req/s | %.1f req/s | %.2f |\n' "$label" "$(echo "$big / $ROUNDS" | bc -l)" \
    "$(echo "$small / $ROUNDS" | bc -l)" "$(echo "$small / $big" | bc -l)"
done
