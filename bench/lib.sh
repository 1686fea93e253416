# Shared by the benchmark scripts (sourced): a test install on spare ports and photo-like sources.
# Needs $root (the checkout) and $install (the install folder to create) set by the caller.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# An install with the shipped conf/ on spare ports: sets ps_port, is_port, svg_port, sv_port.
setup_install() {
  mkdir -p "$install/images"
  cp -r "$root/conf" "$install/conf"
  ps_port=$(free_port); is_port=$(free_port); svg_port=$(free_port); sv_port=$(free_port)
  sed -i "s/<tcpport>9910</<tcpport>$sv_port</" "$install/conf/SupervisorRegistry.xml"
  sed -i "s/<TcpPort>27345</<TcpPort>$is_port</; s/<SVGTcpPort>27346</<SVGTcpPort>$svg_port</; s/localhost:8080/localhost:$ps_port/" \
    "$install/conf/ImageServerRegistry.xml"
  sed -i "s/isConnection.port=27345/isConnection.port=$is_port/; s/svgProvider.port=8080/svgProvider.port=$ps_port/" \
    "$install/conf/PlatformServer.conf"
  sed -i "s/port=\"8080\"/port=\"$ps_port\"/" "$install/conf/server.xml"
  sed -i "s/SVGRender.port=27346/SVGRender.port=$svg_port/" "$install/conf/svg.conf"
}

# PlatformServer.conf settings (key=value lines): each replaces the shipped line of its key, or is added.
set_ps_settings() { # install settings
  local line key file="$1/conf/PlatformServer.conf"
  while IFS= read -r line; do
    [[ -z "$line" ]] && continue
    key=${line%%=*}
    if grep -q "^$key=" "$file"; then sed -i "s|^$key=.*|$line|" "$file"; else printf '%s\n' "$line" >> "$file"; fi
  done <<< "$2"
}

# Photo-like sources: smooth colour fields with grain, like a camera photo to a JPEG encoder. Writes
# $install/images/<name>-seq.jpg and <name>-prog.jpg (Q90).
make_photo() { # name width height
  local name=$1 w=$2 h=$3 t="$install/t"
  mkdir -p "$t"
  vips gaussnoise "$t/r.v" "$w" "$h" --mean 128 --sigma 60
  vips gaussnoise "$t/g.v" "$w" "$h" --mean 110 --sigma 50
  vips gaussnoise "$t/b.v" "$w" "$h" --mean 90 --sigma 45
  vips bandjoin "$t/r.v $t/g.v $t/b.v" "$t/rgb.v"
  vips gaussblur "$t/rgb.v" "$t/soft.v" 6
  vips gaussnoise "$t/grain.v" "$w" "$h" --mean 0 --sigma 6
  vips add "$t/soft.v" "$t/grain.v" "$t/photo.v"
  vips cast "$t/photo.v" "$t/photo8.v" uchar
  vips jpegsave "$t/photo8.v" "$install/images/$name-seq.jpg" --Q 90
  vips jpegsave "$t/photo8.v" "$install/images/$name-prog.jpg" --Q 90 --interlace
  rm -rf "$t"
}

# Installs what a script needs from Debian when missing (as root), else says what to install and exits.
# Usage: need_packages script-name command:package ...  (a path instead of a command checks that file)
need_packages() {
  local script=$1 missing=() pair what package
  shift
  for pair in "$@"; do
    what=${pair%%:*} package=${pair#*:}
    if [[ $what == /* ]]; then [[ -e $what ]] && continue; else command -v "$what" >/dev/null && continue; fi
    missing+=("$package")
  done
  ((${#missing[@]})) || return 0
  if [[ $(id -u) -ne 0 ]]; then
    echo "$script needs ${missing[*]}: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "[$script] installing ${missing[*]}" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# sharp (bench/sharp/package.json) from npm on the first run, and the distribution when lib/ is missing.
# nginx serving $work/static on 127.0.0.1:$nginx_port (set here), the peer of the cache-hit rows; stopped by the
# caller's trap through $work/nginx.pid.
start_nginx() {
  nginx_port=$(free_port)
  # nginx's workers run as nobody: in mktemp's 0700 folder (and curl --create-dirs' 0750 one) every reply was a 403
  # of 153 bytes, and the hit rows measured ImageServing against nginx's error page until this was found
  chmod a+rx "$work"
  chmod -R a+rX "$work/static"
  cat > "$work/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  server { listen 127.0.0.1:$nginx_port; root $work/static; }
}
NGINX
  nginx -c "$work/nginx.conf" -p "$work"
  local f status
  for f in "$work"/static/*; do
    status=$(curl -s -o "$work/nginx-check" -w '%{http_code}' "http://127.0.0.1:$nginx_port/${f##*/}")
    if [[ $status != 200 ]] || ! cmp -s "$f" "$work/nginx-check"; then
      echo "nginx answers $status for ${f##*/}, not the file's bytes: see $work/nginx-error.log" >&2
      exit 1
    fi
  done
}
need_sharp() { [[ -d "$root/bench/sharp/node_modules/sharp" ]] || (cd "$root/bench/sharp" && npm ci --no-audit --no-fund --silent); }
need_lib() { [[ -d "$root/lib" ]] || (cd "$root" && mvn -B -q -DskipTests package); }

# user + system CPU clock ticks of a process and its threads
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# req/s of a URL at 2 connections for $DURATION s after $WARMUP s, each request with a query of its own (never a
# cache hit); stops the script with wrk's output and the reply on any non-2xx answer. Needs $work. With CPU_PID set
# (pids separated by spaces), also writes each one's ms of CPU per reply of the measured run to $work/cpu.ms.
unique_rps() { # url
  [[ -f "$work/unique.lua" ]] || cat > "$work/unique.lua" <<'LUA'
counter = 0
request = function()
  counter = counter + 1
  local sep = string.find(wrk.path, "?") and "&" or "?"
  return wrk.format("GET", wrk.path .. sep .. ".n" .. counter)
end
LUA
  wrk -t2 -c2 -d"${WARMUP}s" -s "$work/unique.lua" "$1" >/dev/null
  local pid before=()
  for pid in ${CPU_PID:-}; do before+=("$(cpu_ticks "$pid")"); done
  wrk -t2 -c2 -d"${DURATION}s" --latency -s "$work/unique.lua" "$1" > "$work/wrk.out"
  if [[ -n "${CPU_PID:-}" ]]; then # ms of CPU of each process per reply of the measured run, in $work/cpu.ms
    local i=0 replies ms=()
    replies=$(awk '/requests in/{print $1}' "$work/wrk.out")
    for pid in $CPU_PID; do
      ms+=("$(echo "scale=1; ($(cpu_ticks "$pid") - ${before[i]}) * 1000 / $(getconf CLK_TCK) / $replies" | bc)")
      i=$((i + 1))
    done
    echo "${ms[*]}" > "$work/cpu.ms"
  fi
  if grep -q 'Non-2xx' "$work/wrk.out"; then
    echo "errors from $1:" >&2; cat "$work/wrk.out" >&2; curl -s "$1" | head -c 300 >&2; exit 1
  fi
  awk '/^Requests\/sec/{print $2}' "$work/wrk.out"
}
