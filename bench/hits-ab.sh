#!/usr/bin/env bash
# Two Platform Server set-ups side by side against nginx, for A/B tests of connector and JVM settings on a busy
# machine: two test installs run at once, and each round measures A and B (swapping their order every other round),
# then nginx serving the same bytes, so that the machine's load moves all three alike. Prints per round each
# server's req/s and, from
# `perf stat -e context-switches,cpu-clock` on its process (nginx: its workers), context switches and CPU per hit, and
# from /proc/<pid>/stat that CPU split into user and system time.
#
#   CONNECTOR_B='socket.directBuffer="true"' bench/hits-ab.sh       # attributes added to B's ps <Connector>
#   JVM_B='<argument>-XX:-UseG1GC</argument><argument>-XX:+UseParallelGC</argument>' bench/hits-ab.sh
#   CONNECTOR_A=... JVM_A=... ROUNDS=4 DURATION=5 WARMUP=20 QUERY='wid=8&qlt=80' bench/hits-ab.sh
#   SETTINGS_A='cache.directHits=false' bench/hits-ab.sh           # A's PlatformServer.conf lines (replacing their key's)
#   LIB_A=/path/to/other/lib bench/hits-ab.sh                       # A runs another build's lib/ (default: lib/)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
DURATION=${DURATION:-5}
ROUNDS=${ROUNDS:-4}
WARMUP=${WARMUP:-20}
top=$(mktemp -d /tmp/imageserving-hits-ab.XXXXXX)
trap 'for s in A B; do IMAGESERVING_HOME="$top/$s/install" "$root/bin/ImageServing" stop >/dev/null 2>&1 || true; done
  [[ -f "$top/nginx.pid" ]] && kill "$(cat "$top/nginx.pid")" 2>/dev/null; [[ -n "${KEEP:-}" ]] || rm -rf "$top"' EXIT

log() { echo "[hits-ab] $*" >&2; }
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"

need_packages bench/hits-ab.sh vips:libvips-tools nginx:nginx-light wrk:wrk perf:linux-perf
need_lib
declare -A pid url
for s in A B; do
  work="$top/$s" install="$top/$s/install"
  setup_install
  connector="CONNECTOR_$s" jvm="JVM_$s"
  if [[ -n "${!connector:-}" ]]; then
    sed -i "s|<Connector port=\"$ps_port\" protocol=\"HTTP/1.1\"|& ${!connector}|" "$install/conf/server.xml"
  fi
  if [[ -n "${!jvm:-}" ]]; then
    sed -i "s|<argument>-Xmx512m</argument>|&${!jvm}|" "$install/conf/SupervisorRegistry.xml"
  fi
  settings="SETTINGS_$s" lib="LIB_$s"
  if [[ -n "${!settings:-}" ]]; then set_ps_settings "$install" "${!settings}"; fi
  export IMAGESERVING_LIB="${!lib:-$root/lib}"
  log "$s: $(grep -o "<Connector port=\"$ps_port\"[^>]*>" "$install/conf/server.xml") ${!jvm:-} ${!settings:-} lib=$IMAGESERVING_LIB"
  if [[ $s == A ]]; then make_photo p12 4000 3000; else cp "$top/A/install/images/p12-seq.jpg" "$install/images/"; fi
  IMAGESERVING_HOME="$install" "$root/bin/ImageServing" start >/dev/null
  pid[$s]=$(IMAGESERVING_HOME="$install" "$root/bin/ImageServing" status ps | awk '$1=="ps"{print $3}' | cut -d= -f2)
  unset IMAGESERVING_LIB
  url[$s]="http://127.0.0.1:$ps_port/is/image/p12-seq.jpg?${QUERY:-wid=400&qlt=80}"
done
work=$top
mkdir -p "$top/static"
curl -s -o "$top/static/hit.jpg" "${url[A]}"
curl -s "${url[B]}" | cmp -s - "$top/static/hit.jpg" || { echo "A and B answer different bytes" >&2; exit 1; }
start_nginx
pid[nginx]=$(pgrep -P "$(cat "$top/nginx.pid")" | paste -sd,)
url[nginx]="http://127.0.0.1:$nginx_port/hit.jpg"
log "$(stat -c %s "$top/static/hit.jpg") byte reply; warming A and B up for $WARMUP s each"
wrk -t2 -c8 -d"${WARMUP}s" "${url[A]}" >/dev/null
wrk -t2 -c8 -d"${WARMUP}s" "${url[B]}" >/dev/null

# user and system CPU ticks of processes (comma-separated pids), from /proc/<pid>/stat
ticks() { local p u=0 s=0 f; for p in ${1//,/ }; do read -ra f < "/proc/$p/stat"; u=$((u + f[13])); s=$((s + f[14])); done; echo "$u $s"; }
round() { # server
  local before after
  before=$(ticks "${pid[$1]}")
  perf stat -x, -e context-switches,cpu-clock -p "${pid[$1]}" -o "$top/perf.out" -- sleep "$DURATION" & local pp=$!
  wrk -t2 -c8 -d"${DURATION}s" "${url[$1]}" > "$top/wrk.out"
  wait "$pp"
  after=$(ticks "${pid[$1]}")
  if grep -q 'Non-2xx\|Socket errors' "$top/wrk.out"; then echo "errors from $1:" >&2; cat "$top/wrk.out" >&2; exit 1; fi
  awk -F, -v n="$(awk '/requests in/{print $1}' "$top/wrk.out")" -v rps="$(awk '/^Requests\/sec/{print $2}' "$top/wrk.out")" \
    -v before="$before" -v after="$after" -v hz="$(getconf CLK_TCK)" \
    '$3=="context-switches"{cs=$1} $3=="cpu-clock"{ms=$1}
     END{split(before, b, " "); split(after, a, " ")
         printf " %.0f | %.2f | %.1f (%.1f + %.1f) |", rps, cs/n, ms*1000/n, (a[1]-b[1])*1e6/hz/n, (a[2]-b[2])*1e6/hz/n}' "$top/perf.out"
}
echo "| round | A req/s | A cs/hit | A CPU µs/hit (user + sys) | B req/s | B cs/hit | B CPU µs/hit (user + sys) | nginx req/s | nginx cs/hit | nginx CPU µs/hit (user + sys) |"
echo "|---|---|---|---|---|---|---|---|---|---|"
# A before B in odd rounds, B before A in even ones, so that neither always follows nginx or the other. On the busy
# 2-core machine differences of 10 to 15 % between A and B did not survive a repeat (docs/performance.md): trust
# larger ones, re-measure smaller ones on a quiet machine.
for r in $(seq 1 "$ROUNDS"); do
  if ((r % 2)); then a=$(round A); b=$(round B); else b=$(round B); a=$(round A); fi
  echo "| $r |$a$b$(round nginx)"
done
