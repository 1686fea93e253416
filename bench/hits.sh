#!/usr/bin/env bash
# Cache hits against nginx serving the same bytes: the 400 px reply of a 12 MP JPEG asked again and again, 8
# connections, rounds alternating between the Platform Server and nginx so that a busy machine biases neither. Prints
# each round, the mean ratio and the Platform Server's CPU per hit (from /proc/<pid>/stat over its runs).
#
#   bench/hits.sh                          # about 2 minutes: warm-up until steady, then 3 rounds of 5 s
#   DURATION=30 ROUNDS=3 bench/hits.sh     # long runs
#   JFR=1 bench/hits.sh                    # also records the Platform Server with JFR during the rounds
#   CONNECTOR='socket.directBuffer="true"' bench/hits.sh   # attributes added to the ps <Connector> (A/B of settings)
#   SETTINGS='cache.directHits=false' bench/hits.sh          # PlatformServer.conf lines (replacing their key's)
#
# With perf (Debian linux-perf) the table also has each server's context switches and CPU per hit, counted by
# `perf stat -e context-switches,cpu-clock` on the ps process and on nginx's workers during their own rounds.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
DURATION=${DURATION:-5}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-20}
work=$(mktemp -d /tmp/imageserving-hits.XXXXXX)
install="$work/install"
trap 'IMAGESERVING_HOME="$install" "$root/bin/ImageServing" stop >/dev/null 2>&1 || true; [[ -f "$work/nginx.pid" ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; [[ -n "${KEEP:-}" ]] || rm -rf "$work"' EXIT

log() { echo "[hits] $*" >&2; }
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"

need_packages bench/hits.sh vips:libvips-tools nginx:nginx-light wrk:wrk bc:bc
need_lib
setup_install
make_photo p12 4000 3000
if [[ -n "${JFR:-}" ]]; then
  sed -i "s|<argument>-Xmx512m</argument>|<argument>-Xmx512m</argument><argument>-XX:StartFlightRecording=filename=$work/ps.jfr,settings=profile,delay=${WARMUP}s</argument>|" \
    "$install/conf/SupervisorRegistry.xml"
fi
if [[ -n "${SETTINGS:-}" ]]; then set_ps_settings "$install" "$SETTINGS"; fi
if [[ -n "${CONNECTOR:-}" ]]; then
  sed -i "s|<Connector port=\"$ps_port\" protocol=\"HTTP/1.1\"|& $CONNECTOR|" "$install/conf/server.xml"
  log "ps connector: $(grep -o "<Connector port=\"$ps_port\"[^>]*>" "$install/conf/server.xml")"
fi
export IMAGESERVING_HOME="$install"
"$root/bin/ImageServing" start >/dev/null
ps_pid=$("$root/bin/ImageServing" status ps | awk '$1=="ps"{print $3}' | cut -d= -f2)
url="http://127.0.0.1:$ps_port/is/image/p12-seq.jpg?wid=400&qlt=80"

curl -s -o "$work/static/hit.jpg" --create-dirs "$url"
start_nginx

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
log "warming up the Platform Server for $WARMUP s"
wrk -t2 -c8 -d"${WARMUP}s" "$url" >/dev/null

nginx_workers=$(pgrep -P "$(cat "$work/nginx.pid")" | paste -sd,)
have_perf=$(command -v perf >/dev/null && perf stat -e context-switches -p "$ps_pid" -- true >/dev/null 2>&1 && echo 1 || true)
# one wrk run of $DURATION s against $1, perf counting on the pids $2 when it can; sets rps, hits, per_hit
measure() { # url pids out
  local pp=""
  if [[ -n "$have_perf" ]]; then
    perf stat -x, -e context-switches,cpu-clock -p "$2" -o "$3.perf" -- sleep "$DURATION" & pp=$!
  fi
  wrk -t2 -c8 -d"${DURATION}s" "$1" > "$3"
  [[ -z "$pp" ]] || wait "$pp"
  if grep -q 'Non-2xx\|Socket errors' "$3"; then echo "errors from $1:" >&2; cat "$3" >&2; exit 1; fi
  rps=$(awk '/^Requests\/sec/{print $2}' "$3")
  hits=$(awk '/requests in/{print $1}' "$3")
  per_hit=""
  if [[ -n "$pp" ]]; then
    per_hit=$(awk -F, -v n="$hits" '$3=="context-switches"{cs=$1} $3=="cpu-clock"{ms=$1} END{printf "%.2f / %.1f", cs/n, ms*1000/n}' "$3.perf")
  fi
}

ticks_per_s=$(getconf CLK_TCK)
sum_ratio=0; ours_total=0; ours_ticks=0
echo "| round | ImageServing (req/s) | nginx (req/s) | ratio | context switches / CPU µs per hit: ImageServing | nginx |"
echo "|---|---|---|---|---|---|"
for round in $(seq 1 "$ROUNDS"); do
  before=$(cpu_ticks "$ps_pid")
  measure "$url" "$ps_pid" "$work/ours.out"
  after=$(cpu_ticks "$ps_pid")
  ours=$rps ours_per_hit=$per_hit
  ours_total=$(echo "$ours_total + $hits" | bc)
  measure "http://127.0.0.1:$nginx_port/hit.jpg" "$nginx_workers" "$work/nginx.out"
  theirs=$rps
  ratio=$(echo "scale=3; $ours / $theirs" | bc)
  sum_ratio=$(echo "$sum_ratio + $ratio" | bc)
  ours_ticks=$((ours_ticks + after - before))
  echo "| $round | $ours | $theirs | $ratio | ${ours_per_hit:-n/a} | ${per_hit:-n/a} |"
done
printf 'mean ratio %.2f; Platform Server CPU per hit %.1f µs (%d hits)\n' "$(echo "$sum_ratio / $ROUNDS" | bc -l)" \
  "$(echo "$ours_ticks / $ticks_per_s * 1000000 / $ours_total" | bc -l)" "$ours_total"
if [[ -n "${JFR:-}" ]]; then
  jcmd "$ps_pid" JFR.dump filename="$work/ps.jfr" >/dev/null
  cp "$work/ps.jfr" "${JFR_OUT:-/tmp/hits-ps.jfr}"
  log "JFR recording: ${JFR_OUT:-/tmp/hits-ps.jfr}"
fi
