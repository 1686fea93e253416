#!/usr/bin/env bash
# Peak resident memory (VmRSS) of the Image Server while 8 clients render uncached replies from 25 MP JPEGs
# (5760×4320, sequential and progressive, alternately; WIDTHS=400 px wide by default), for several Image Server
# settings in one run, one after the other on the same machine state: compare the variants of one run, not runs of
# different days.
#
#   bench/rss.sh                                   # shipped settings vs. glibc defaults, 120 s each
#   DURATION=300 bench/rss.sh                      # longer
#   WIDTHS=400,1200 bench/rss.sh                   # also 1200 px replies (decoded at 1/2: more heap and native)
#   VARIANTS='shipped|| arenas8|MALLOC_ARENA_MAX=8|' bench/rss.sh
#
# A variant is "label|VAR=value ...|JVM arguments": the variables become <environment> entries and the arguments
# <argument> entries of <server id="is"> in the test install's SupervisorRegistry.xml (an empty value unsets a
# variable the shipped profile sets). NMT=1 also prints the JVM's native memory summary at the end of each
# variant. Needs libvips-tools and wrk (installed with apt-get when missing and running as root).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
DURATION=${DURATION:-120}
CLIENTS=${CLIENTS:-8}
WIDTHS=${WIDTHS:-400}
VARIANTS=${VARIANTS:-"shipped|| glibc-default|MALLOC_ARENA_MAX=|"}
work=$(mktemp -d /tmp/imageserving-rss.XXXXXX)
install="$work/install"
trap 'IMAGESERVING_HOME="$install" "$root/bin/ImageServing" stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
log() { echo "[rss] $*" >&2; }
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"

need_packages bench/rss.sh vips:libvips-tools wrk:wrk
need_lib

setup_install
cp "$install/conf/SupervisorRegistry.xml" "$work/SupervisorRegistry.shipped.xml"

log "generating 25 MP photo-like JPEGs"
make_photo p25 5760 4320

# Unique query per request (never a cache hit), cycling through both files and the reply widths.
{
  echo 'counter = 0'
  echo 'paths = {'
  for wid in ${WIDTHS//,/ }; do
    echo "\"/is/image/p25-seq.jpg?wid=$wid\", \"/is/image/p25-prog.jpg?wid=$wid\","
  done
  echo '}'
  echo 'request = function()'
  echo '  counter = counter + 1'
  echo '  return wrk.format("GET", paths[counter % #paths + 1] .. "&qlt=80&cache=off&.n" .. counter)'
  echo 'end'
} > "$work/mix.lua"

export IMAGESERVING_HOME="$install"
"$root/bin/ImageServing" start >/dev/null
printf '| Variant | Environment | JVM arguments | Peak RSS (MB) | RSS at end (MB) | Requests | Errors |\n|---|---|---|---:|---:|---:|---:|\n' > "$work/table"
for variant in $VARIANTS; do
  IFS='|' read -r label env args <<< "$variant"
  extra="" arguments=""
  for assignment in ${env//,/ }; do
    extra+="<environment name=\"${assignment%%=*}\">${assignment#*=}</environment>"
  done
  for argument in ${args//,/ }; do arguments+="<argument>$argument</argument>"; done
  [[ ${NMT:-0} == 1 ]] && arguments+="<argument>-XX:NativeMemoryTracking=summary</argument>"
  # server-level entries: they win over the profile's (the shipped <server id="is"> has no <arguments> of its own)
  sed "s#<server id=\"is\">#&$extra<arguments>$arguments</arguments>#" "$work/SupervisorRegistry.shipped.xml" \
    > "$install/conf/SupervisorRegistry.xml"
  "$root/bin/ImageServing" restart >/dev/null # the supervisor reads SupervisorRegistry.xml when it starts
  is_pid=$("$root/bin/ImageServing" status is | awk '$1=="is"{print $3}' | cut -d= -f2)
  log "$label: is pid $is_pid, environment: $(tr '\0' '\n' < "/proc/$is_pid/environ" | grep '^MALLOC_' | tr '\n' ' ')," \
    "arguments: $(tr '\0' ' ' < "/proc/$is_pid/cmdline" | grep -o -- '-X[^ ]*' | tr '\n' ' ')"
  curl -s -o /dev/null "http://127.0.0.1:$ps_port/is/image/p25-seq.jpg?wid=400&cache=off"
  wrk -t2 -c"$CLIENTS" -d"${DURATION}s" --timeout 30s -s "$work/mix.lua" "http://127.0.0.1:$ps_port/" > "$work/wrk.out" &
  job=$! max=0
  while kill -0 "$job" 2>/dev/null; do
    rss=$(awk '/VmRSS/{print $2}' "/proc/$is_pid/status" 2>/dev/null || echo 0)
    ((rss > max)) && max=$rss
    sleep 0.2
  done
  wait "$job" || true
  end=$(awk '/VmRSS/{print $2}' "/proc/$is_pid/status")
  requests=$(awk '/requests in/{print $1}' "$work/wrk.out")
  errors=$(awk '/Non-2xx/{print $NF}' "$work/wrk.out"); errors=${errors:-0}
  printf '| %s | %s | %s | %d | %d | %s | %s |\n' "$label" "${env:--}" "${args:--}" $((max / 1024)) $((end / 1024)) \
    "$requests" "$errors" >> "$work/table"
  log "$label: peak $((max / 1024)) MB, $requests requests"
  if [[ ${NMT:-0} == 1 ]]; then jcmd "$is_pid" VM.native_memory summary | grep -E 'committed' | head -12 >&2; fi
done
cat "$work/table"
