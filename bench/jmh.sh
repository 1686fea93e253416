#!/usr/bin/env bash
# JMH benchmarks of the Image Server's kernels (decode, resample, encode) through its own classes; see
# benchmarks/src/main/java. Builds benchmarks/target/benchmarks.jar when it is missing or older than the sources,
# then runs it with defaults sized for a small shared machine (1 fork, 2 short warm-ups, 3 measurements, 1 thread).
# Every argument goes to JMH and overrides those defaults:
#
#   bench/jmh.sh                                  # everything, about 4 minutes
#   bench/jmh.sh Resample -p kernel=LANCZOS3      # one benchmark, one kernel
#   bench/jmh.sh Decode -p size=4000x3000 -f 3    # a 12 MP source, 3 forks
#   bench/jmh.sh -h                               # JMH's options
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
jar="$root/benchmarks/target/benchmarks.jar"

stale() {
  [[ ! -f "$jar" ]] && return 0
  [[ -n $(find "$root/benchmarks/src" "$root/image-server/src/main" "$root/common/src/main" "$root/pom.xml" \
    "$root/benchmarks/pom.xml" "$root/image-server/pom.xml" -newer "$jar" -type f -print -quit) ]]
}

if stale; then
  echo "[jmh] building $jar" >&2
  offline=()
  [[ -d "${HOME}/.m2/repository/org/openjdk/jmh/jmh-core" ]] && offline=(-o)
  (cd "$root" && mvn -B -q "${offline[@]}" -pl benchmarks -am -DskipTests package)
fi

# the resampler's vector pass needs the incubator module, as in the Image Server (the supervisor adds it there)
exec java --add-modules=jdk.incubator.vector -jar "$jar" -f 1 -wi 2 -w 1s -i 3 -r 2s -t 1 -foe true \
  -jvmArgsAppend --add-modules=jdk.incubator.vector "$@"
