#!/usr/bin/env bash
# Masters in a bucket: runs ObjectStorageSourcesIT (a real s3proxy on a loopback port behind a byte-counting relay,
# the install started from the build) with more rounds and prints its figures: 400 px JPEG thumbnails per second
# from disk and from the bucket (cache=off, the same three 2400 x 1600 photos, one connection), the bytes read
# from the bucket for a 400 px thumbnail of a 50 MP pyramid TIFF against the object's size and for a pyramid's IIIF
# info.json, and the HEAD requests per uncached render and per cache hit with IS::S3MetadataTtl 3000 ms and 0.
#
#   bench/s3.sh               # ROUNDS=40: 120 thumbnails each way; about 4 minutes with the build
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-40}
log=$(mktemp /tmp/imageserving-s3.XXXXXX)
trap 'rm -f "$log"' EXIT
cd "$root"
if ! mvn -B -o -pl dist -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=ObjectStorageSourcesIT -Ds3.benchRounds="$ROUNDS" >"$log" 2>&1; then
  tail -40 "$log" >&2
  exit 1
fi
grep -h '^\[s3\]' "$log"
