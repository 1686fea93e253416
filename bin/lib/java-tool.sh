# Shared by bin/ic, bin/validate and bin/playlog: finds Java and the distribution (lib/), then runs one tool class.
# Usage (sourced): run_java_tool <main class> <default JVM options> "$@"
set -euo pipefail

tool_bin_dir=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
tool_source_root=$(dirname "$tool_bin_dir")
tool_lib=${IMAGESERVING_LIB:-$tool_source_root/lib}

run_java_tool() {
  local main_class=$1 jvm_options=$2
  shift 2
  local java
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    java="$JAVA_HOME/bin/java"
  else
    java=$(command -v java || true)
  fi
  if [[ -z "$java" ]]; then
    echo "ImageServing tools need Java 17 or newer: install it (Debian: apt-get install openjdk-17-jdk-headless) or set JAVA_HOME." >&2
    exit 1
  fi
  if ! ls "$tool_lib"/tools-*.jar >/dev/null 2>&1; then
    if [[ -f "$tool_source_root/pom.xml" ]] && command -v mvn >/dev/null 2>&1; then
      echo "Building ImageServing (mvn -B -q -DskipTests package) ..." >&2
      (cd "$tool_source_root" && mvn -B -q -Dstyle.color=never -DskipTests package) >&2
    else
      echo "The distribution in $tool_lib is missing: run 'mvn -B -DskipTests package' in $tool_source_root first." >&2
      exit 1
    fi
  fi
  # shellcheck disable=SC2086 # the JVM options are a list of words on purpose
  exec "$java" $jvm_options -cp "$tool_lib/*" "$main_class" "$@"
}
