#!/usr/bin/env bash
# A stop under load, as in a rolling restart: wrk keeps 64 connections busy on the
# sign-in page, SIGTERM comes halfway, and the script compares what wrk received with
# what the server logged as answered. Equal counts mean no request was taken and lost;
# wrk's connect errors after the signal are the closed listener, which a load balancer
# sends elsewhere. Needs wrk (apt-get install wrk). SQLite by default;
# BENCH_DATABASE_URL=postgres://… runs it on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=18082
cargo build --release --quiet --bin bryggan
work=$(mktemp -d)
trap 'kill "${app_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

DATABASE_URL="${BENCH_DATABASE_URL:-sqlite://$work/bench.db?mode=rwc}" BRYGGAN_BIND=127.0.0.1:$PORT \
  BRYGGAN_MAIL_DIR="$work/mail" BRYGGAN_LOG=info BRYGGAN_LOG_FORMAT=json \
  target/release/bryggan serve >"$work/app.out" 2>"$work/app.log" &
app_pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done

wrk -t2 -c64 -d8s "http://127.0.0.1:$PORT/sign-in" >"$work/wrk.out" 2>&1 &
wrk_pid=$!
sleep 4
kill -TERM "$app_pid"
started=$(date +%s.%N)
wait "$app_pid" && code=0 || code=$?
stopped=$(date +%s.%N)
wait "$wrk_pid" || true
app_pid=

answered=$(grep '"message":"request"' "$work/app.log" | grep -c '"path":"/sign-in"' || true)
received=$(awk '/requests in/ {print $1}' "$work/wrk.out")
echo "exit code after SIGTERM: $code, stopped in $(echo "$stopped - $started" | bc) s"
grep -E "requests in|Socket errors|Non-2xx" "$work/wrk.out" || true
echo "answered by the server (its log): $answered"
echo "received by wrk: $received"
