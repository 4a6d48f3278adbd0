#!/usr/bin/env bash
# Lesson page throughput and latency against nginx serving the same bytes, in one run.
# Needs wrk and nginx (apt-get install wrk nginx). Loopback only; stops by itself.
# SQLite by default; BENCH_DATABASE_URL=postgres://… measures on PostgreSQL instead.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
APP_PORT=18080
NGINX_PORT=18081
COURSE=/courses/diskrimineringslagen
LESSON=$COURSE/lagens-syfte

cargo build --release --quiet --bin bryggan
work=$(mktemp -d)
cleanup() {
  [ -n "${app_pid:-}" ] && kill "$app_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

DATABASE_URL="${BENCH_DATABASE_URL:-sqlite://$work/bench.db?mode=rwc}" BRYGGAN_BIND=127.0.0.1:$APP_PORT BRYGGAN_LOG=warn \
  target/release/bryggan serve --demo >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$APP_PORT/readyz" >/dev/null && break; sleep 0.1; done
password=$(awk '/lina@demo.bryggan.se/ {print $NF}' "$work/app.log")

jar="$work/cookies"
csrf=$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$APP_PORT/sign-in" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="//; s/"$//')
curl -s -c "$jar" -b "$jar" -o /dev/null \
  --data-urlencode "csrf=$csrf" --data-urlencode "email=lina@demo.bryggan.se" \
  --data-urlencode "password=$password" --data-urlencode "next=/courses" "http://127.0.0.1:$APP_PORT/sign-in"
session=$(awk '$6 == "bryggan_session" {print $7}' "$jar")
# A course without a before-assessment, so the lesson itself answers.
csrf=$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$APP_PORT$COURSE" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="//; s/"$//')
curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "csrf=$csrf" "http://127.0.0.1:$APP_PORT$COURSE/enrol"
[ -n "$session" ] || { echo "sign-in failed"; cat "$work/app.log"; exit 1; }

mkdir -p "$work/www"
chmod 755 "$work"   # nginx's workers run as www-data
# Both cookies, as a browser sends them: without the CSRF cookie every answer would mint
# a new token and set it.
cookies="bryggan_session=$session; bryggan_csrf=$(awk '$6 == "bryggan_csrf" {print $7}' "$jar")"
curl -sf -H "Cookie: $cookies" "http://127.0.0.1:$APP_PORT$LESSON" >"$work/www/lesson.html"
[ -s "$work/www/lesson.html" ] || { echo "the lesson page is empty: not enrolled?"; exit 1; }
echo "lesson page: $(wc -c <"$work/www/lesson.html") bytes"

cat >"$work/nginx.conf" <<NGINX
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / { root $work/www; default_type text/html; }
  }
}
NGINX
mkdir -p "$work/tmp"
chmod -R a+rX "$work/www"
nginx -c "$work/nginx.conf"
curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT/lesson.html" || { echo "nginx does not serve the page"; cat "$work/nginx-error.log"; exit 1; }

# CPU time (user and system, in clock ticks) of the given processes so far.
ticks() { for pid in "$@"; do awk '{print $14, $15}' "/proc/$pid/stat"; done | awk '{u+=$1; s+=$2} END {print u, s}'; }
hz=$(getconf CLK_TCK)

# Throughput depends on what else the two cores do, so each run also reports the server's
# own CPU time per request, which does not.
run() {
  local name=$1 pids=$2
  shift 2
  echo "=== $name"
  read -r u0 s0 < <(ticks $pids)
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" >"$work/wrk.out"
  read -r u1 s1 < <(ticks $pids)
  grep -E "Requests/sec|Latency |50%|90%|99%|Non-2xx|Socket errors" "$work/wrk.out"
  requests=$(awk '/requests in/ {print $1}' "$work/wrk.out")
  awk -v u=$((u1 - u0)) -v s=$((s1 - s0)) -v n="$requests" -v hz="$hz" \
    'BEGIN {printf "  CPU per request: %.1f µs user, %.1f µs system\n", u / hz / n * 1e6, s / hz / n * 1e6}'
}
[ -n "${PROFILE:-}" ] && perf record -F 999 ${PERF_CALLGRAPH:--g} -p "$app_pid" -o "$PROFILE" -- sleep 8 >/dev/null 2>&1 &
run "bryggan lesson page" "$app_pid" -H "Cookie: $cookies" "http://127.0.0.1:$APP_PORT$LESSON"
run "nginx, same bytes" "$(pgrep -d ' ' -P "$(cat "$work/nginx.pid")")" "http://127.0.0.1:$NGINX_PORT/lesson.html"
echo "=== bryggan peak memory: $(awk '/VmHWM/ {print $2, $3}' /proc/$app_pid/status)"
