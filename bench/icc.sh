#!/usr/bin/env bash
# An icc= CMYK JPEG from a 12 MP photo (4000 x 3000, sRGB, no profile) against two other engines doing the same
# conversion in the same run: ImageMagick (decode, sRGB -> CMYK with LittleCMS, JPEG encode: the same work as ours)
# and LittleCMS's tificc (the colour transform alone, TIFF in and out). One profile for all (Ghostscript's
# default_cmyk.icc), relative colorimetric with black point compensation, quality 90. Each engine runs ROUNDS times,
# the rounds alternating, and the table gives the median wall time of each and its ratio to ours, so a noisy
# machine slows every engine alike. Prints a Markdown table.
#
#   bench/icc.sh              # about 2 minutes on 2 cores
#   ROUNDS=7 bench/icc.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-5}
work=$(mktemp -d /tmp/imageserving-icc.XXXXXX)
install="$work/install"
trap 'IMAGESERVING_HOME="$install" "$root/bin/ImageServing" stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

log() { echo "[icc] $*" >&2; }
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"

cmyk=/usr/share/color/icc/ghostscript/default_cmyk.icc
srgb=/usr/share/color/icc/sRGB.icc
need_packages bench/icc.sh vips:libvips-tools tificc:liblcms2-utils convert:imagemagick bc:bc /usr/bin/time:time \
  "$cmyk:libgs-common" "$srgb:icc-profiles-free"
need_lib

setup_install
# a 12 MP reply is over the shipped attribute::MaxPix (2000,2000): this install allows it
cp -r "$root/catalog" "$install/catalog"
sed -i 's/^MaxPix=.*/MaxPix=4000,3000/' "$install/catalog/default.ini"
log "generating the 12 MP photo"
make_photo p12 4000 3000
mkdir -p "$install/images/profiles"
cp "$cmyk" "$install/images/profiles/cmyk.icc"
vips tiffsave "$install/images/p12-seq.jpg" "$work/photo.tif"

export IMAGESERVING_HOME="$install"
"$root/bin/ImageServing" start >/dev/null || { echo "bin/ImageServing start failed" >&2; exit 1; }
url="http://127.0.0.1:$ps_port/is/image/p12-seq.jpg?wid=4000&fmt=jpeg,cmyk&icc=profiles/cmyk.icc,relative,1&qlt=90&cache=off"
ours() { curl -sf -o "$work/ours.jpg" -w '%{time_total}' "$url"; } # cache=off: every request renders
magick() { /usr/bin/time -f %e -o "$work/t" convert "$install/images/p12-seq.jpg" -intent relative \
  -black-point-compensation -profile "$srgb" -profile "$cmyk" -quality 90 "$work/magick.jpg" && cat "$work/t"; }
lcms() { rm -f "$work/lcms.tif"; /usr/bin/time -f %e -o "$work/t" tificc -t1 -b -i "$srgb" -o "$cmyk" \
  "$work/photo.tif" "$work/lcms.tif" && cat "$work/t"; }

ours warm >/dev/null || { echo "the request failed: $url" >&2; curl -s "$url" | head -c 400 >&2; exit 1; }
identify -format '%[colorspace] %wx%h\n' "$work/ours.jpg" | grep -q '^CMYK 4000x3000$' \
  || { echo "the reply is not a 4000x3000 CMYK JPEG" >&2; exit 1; }
declare -a a b c
for i in $(seq "$ROUNDS"); do
  log "round $i"
  a+=("$(ours)"); b+=("$(magick)"); c+=("$(lcms)")
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
m_ours=$(median "${a[@]}"); m_magick=$(median "${b[@]}"); m_lcms=$(median "${c[@]}")

echo
echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end;"
echo "$(convert -version | head -1 | cut -d' ' -f2-3), tificc of liblcms2 $(dpkg-query -W -f '${Version}' liblcms2-2);"
echo "median of $ROUNDS alternating rounds, 4000 x 3000 sRGB photo to CMYK (default_cmyk.icc, relative, BPC)."
echo
echo "| Engine | What it does | Seconds | Its time / ImageServing's |"
echo "|---|---|---|---|"
printf '| ImageServing (`icc=…,relative,1&fmt=jpeg,cmyk`, over HTTP) | decode, convert, JPEG Q90 | %.2f | 1.00 |\n' "$m_ours"
printf '| ImageMagick `convert -profile` | decode, convert, JPEG Q90 | %.2f | %.2f |\n' "$m_magick" \
  "$(echo "scale=4; $m_magick / $m_ours" | bc)"
printf '| `tificc` (LittleCMS) | convert only, TIFF to TIFF | %.2f | %.2f |\n' "$m_lcms" \
  "$(echo "scale=4; $m_lcms / $m_ours" | bc)"
