#!/usr/bin/env bash
# The composition benchmark: a 12 MP photo on a colour canvas, its drop shadow ($shadow$) and a badge layer, 800 px
# JPEG Q80 out, uncached, 2 connections. ImageServing against the same composite made by sharp 0.35.6 (libvips 8.18;
# bench/sharp) behind a Node HTTP server, same photo, same client, one after the other. Prints a Markdown table.
#
#   bench/composite.sh             # about a minute and a half, plus the first npm install
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-8}
work=$(mktemp -d /tmp/imageserving-composite.XXXXXX)
install="$work/install"
trap 'IMAGESERVING_HOME="$install" "$root/bin/ImageServing" stop >/dev/null 2>&1 || true; [[ -n "${peer:-}" ]] && kill "$peer" 2>/dev/null; rm -rf "$work"' EXIT

log() { echo "[bench] $*" >&2; }
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"

need_packages bench/composite.sh vips:libvips-tools wrk:wrk bc:bc npm:npm
need_sharp
need_lib

setup_install
# the shipped catalog brings the $shadow$ macro; errors say what is wrong
cp -r "$root/catalog" "$install/catalog"
sed -i 's/^ErrorDetail=0/ErrorDetail=2/' "$install/catalog/default.ini"
log "generating the photo and the badge in $install/images"
make_photo p12 4000 3000
vips black "$work/b.v" 800 400 --bands 4
vips linear "$work/b.v" "$install/images/badge.png" "1 1 1 1" "230 40 40 220"
export IMAGESERVING_HOME="$install"
"$root/bin/ImageServing" start >/dev/null


query="size=4200,3200&color=e0e0e0&layer=1&src=p12-seq.jpg&effect=-1&\$shadow\$&layer=2&src=badge.png&pos=1500,-1100&wid=800&qlt=80&cache=off"
url="http://127.0.0.1:$ps_port/is/image?$query"
curl -sf -o "$work/ours.jpg" "$url" || { echo "ImageServing refused the composite:" >&2; curl -s "$url" >&2; exit 1; }
log "ImageServing: the composite, uncached"
ours=$(unique_rps "$url")

peer_port=$(free_port)
node "$root/bench/sharp/composite-server.js" "$install/images/p12-seq.jpg" "$install/images/badge.png" "$peer_port" &
peer=$!
for _ in $(seq 50); do curl -sf -o "$work/theirs.jpg" "http://127.0.0.1:$peer_port/c" && break; sleep 0.2; done
log "sharp: the same composite"
theirs=$(unique_rps "http://127.0.0.1:$peer_port/c?x=1")
sizes=$(vipsheader -f width "$work/ours.jpg")x$(vipsheader -f height "$work/ours.jpg")
cat <<MD

Measured $(date -u +%Y-%m-%d) on $(nproc) cores; sharp $(node -p "require('$root/bench/sharp/node_modules/sharp/package.json').version") (libvips $(node -p "require('$root/bench/sharp/node_modules/sharp').versions.vips")); ${DURATION} s per run, 2 connections.

| 800 px composite ($sizes): 12 MP photo + \$shadow\$ + badge on a colour canvas, uncached (req/s) | ImageServing | sharp | ratio |
|---|---|---|---|
| JPEG Q80 | $ours | $theirs | $(echo "scale=2; $ours / $theirs" | bc) |
MD
