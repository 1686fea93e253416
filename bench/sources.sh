#!/usr/bin/env bash
# Every kind of source against the current peer: uncached 400 px JPEG Q80 thumbnails of the same 12 MP photo stored as
# sequential and progressive JPEG, PNG 8 and 16 bit, palette PNG, LZW TIFF, WebP, GIF, JPEG with an Adobe RGB or
# ProPhoto RGB profile and CMYK JPEG; ImageServing (wid=400&qlt=80&cache=off) against sharp 0.35.6 (libvips 8.18;
# bench/sharp/thumb-server.js, sharp.cache(false)), 2 connections, one after the other on the same machine. Prints a
# Markdown table with the CPU each server spent per reply (the Image Server's and the Platform Server's processes;
# sharp's node).
#
#   bench/sources.sh                  # about 6 minutes, plus the first npm install
#   KINDS="jpeg-prog png8" bench/sources.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-5}
KINDS=${KINDS:-"jpeg-seq jpeg-prog png8 png16 png-palette tiff-lzw webp gif jpeg-adobergb jpeg-prophoto jpeg-cmyk"}
work=$(mktemp -d /tmp/imageserving-sources.XXXXXX)
install="$work/install"
trap 'IMAGESERVING_HOME="$install" "$root/bin/ImageServing" stop >/dev/null 2>&1 || true; [[ -n "${peer:-}" ]] && kill "$peer" 2>/dev/null; rm -rf "$work"' EXIT

log() { echo "[sources] $*" >&2; }
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"

# libisal2: the Image Server inflates PNG data with ISA-L when it is installed (docs/operations.md), as a user would
need_packages bench/sources.sh vips:libvips-tools wrk:wrk bc:bc npm:npm \
  /usr/share/color/icc/ghostscript/default_cmyk.icc:libgs-common /usr/lib/x86_64-linux-gnu/libisal.so.2:libisal2
need_sharp
need_lib

profiles="$root/image-server/src/main/resources/org/imageserving/is/color/profiles"
setup_install
log "generating the 12 MP photo in every kind in $install/images"
make_photo p12 4000 3000
img="$install/images"
vips copy "$img/p12-seq.jpg" "$work/photo.v"
for kind in $KINDS; do
  case $kind in
    jpeg-seq) mv "$img/p12-seq.jpg" "$img/$kind.jpg" ;;
    jpeg-prog) mv "$img/p12-prog.jpg" "$img/$kind.jpg" ;;
    png8) vips pngsave "$work/photo.v" "$img/$kind.png" ;;
    png-palette) vips pngsave "$work/photo.v" "$img/$kind.png" --palette ;; # libimagequant, 256 colours, dithered
    png16) vips linear "$work/photo.v" "$work/p16.v" 257 0 && vips cast "$work/p16.v" "$work/u16.v" ushort \
        && vips copy "$work/u16.v" "$work/rgb16.v" --interpretation rgb16 && vips pngsave "$work/rgb16.v" "$img/$kind.png" ;;
    tiff-lzw) vips tiffsave "$work/photo.v" "$img/$kind.tif" --compression lzw ;;
    webp) vips webpsave "$work/photo.v" "$img/$kind.webp" --Q 90 ;;
    gif) vips gifsave "$work/photo.v" "$img/$kind.gif" ;;
    jpeg-adobergb) vips icc_transform "$work/photo.v" "$work/a.v" "$profiles/AdobeRGB.icc" --embedded \
        && vips jpegsave "$work/a.v" "$img/$kind.jpg" --Q 90 ;;
    jpeg-prophoto) vips icc_transform "$work/photo.v" "$work/pp.v" "$profiles/ProPhoto.icc" --embedded \
        && vips jpegsave "$work/pp.v" "$img/$kind.jpg" --Q 90 ;;
    jpeg-cmyk) vips icc_transform "$work/photo.v" "$work/c.v" /usr/share/color/icc/ghostscript/default_cmyk.icc \
        && vips jpegsave "$work/c.v" "$img/$kind.jpg" --Q 90 ;;
    *) echo "unknown kind $kind" >&2; exit 1 ;;
  esac
done
rm -f "$img"/p12-*.jpg
# a small JPEG in a folder of its own (the table measures the files of images/ only) to warm the Platform Server with
mkdir -p "$img/warmup"
vips thumbnail "$work/photo.v" "$img/warmup/small.jpg" 400

export IMAGESERVING_HOME="$install"
"$root/bin/ImageServing" start >/dev/null
peer_port=$(free_port)
node "$root/bench/sharp/thumb-server.js" "$img" "$peer_port" &
peer=$!

files=$(cd "$img" && find . -maxdepth 1 -type f -printf '%f\n' | sort)
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$peer_port/$(head -1 <<< "$files")" && break; sleep 0.2; done
# The Platform Server's JIT compiles its render path during its first thousand or so requests: measured cold, the
# first row (GIF, in name order) paid for it, 5.1 ms of ps CPU per reply against 1.2 to 2.5 for every other row, on
# 2 cores shared with the Image Server. Uncached renders of a small JPEG warm it without warming any decoder measured.
log "warming the Platform Server up"
DURATION=8 WARMUP=2 unique_rps "http://127.0.0.1:$ps_port/is/image/warmup/small.jpg?wid=200&qlt=80&cache=off" >/dev/null

echo
echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores; sharp $(node -p "require('$root/bench/sharp/node_modules/sharp/package.json').version") (libvips $(node -p "require('$root/bench/sharp/node_modules/sharp').versions.vips")); ${DURATION} s per run after ${WARMUP} s of warm-up, 2 connections."
echo
echo "| 400 px JPEG Q80 from a 12 MP photo as (uncached, req/s) | ImageServing | sharp | ratio | ms CPU per reply: is + ps / sharp |"
echo "|---|---|---|---|---|"
is_pid=$("$root/bin/ImageServing" status is | awk '$1=="is"{print $3}' | cut -d= -f2)
ps_pid=$("$root/bin/ImageServing" status ps | awk '$1=="ps"{print $3}' | cut -d= -f2)
for file in $files; do
  log "$file"
  ours=$(CPU_PID="$is_pid $ps_pid" unique_rps "http://127.0.0.1:$ps_port/is/image/$file?wid=400&qlt=80&cache=off")
  read -r is_cpu ps_cpu < "$work/cpu.ms"
  theirs=$(CPU_PID=$peer unique_rps "http://127.0.0.1:$peer_port/$file")
  printf '| %s | %s | %s | %s | %s + %s / %s |\n' "$file" "$ours" "$theirs" "$(echo "scale=2; $ours / $theirs" | bc)" \
    "$is_cpu" "$ps_cpu" "$(cat "$work/cpu.ms")"
done
