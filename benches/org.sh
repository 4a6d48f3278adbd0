# Sourced by the benchmarks at 100,000 staff: builds the release binary, generates the
# organisation with `bryggan demo` (or reuses one), starts the server on $PORT and waits
# until its start-up work is done. Leaves $work, $app_pid and $DATABASE_URL set.
STAFF=${STAFF:-100000}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-2}

cargo build --release --quiet --bin bryggan
work=$(mktemp -d)
cleanup() {
  [ -n "${app_pid:-}" ] && kill "$app_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

export DATABASE_URL="${BENCH_DATABASE_URL:-sqlite://$work/bench.db?mode=rwc}"
export BRYGGAN_LOG=warn
if [ -z "${BENCH_REUSE:-}" ]; then
  # Ten courses: the three samples, copied under new names.
  samples=(mota-invanare diskrimineringslagen intercultural-workplace)
  mkdir "$work/courses"
  for i in $(seq 1 10); do
    cp -r "courses/${samples[$(( (i - 1) % 3 ))]}" "$work/courses/kurs-$(printf %02d "$i")"
  done
  export BRYGGAN_COURSES="$work/courses"
  echo "=== generating $STAFF staff"
  /usr/bin/time -f "  generated in %e s, %M KB peak memory" target/release/bryggan demo --staff "$STAFF"
fi

# An admin of its own per run: a reused database keeps the earlier runs' accounts.
PASSWORD="bench-password-$$"
ADMIN="bench-admin-$$@bench.bryggan.se"
echo "$PASSWORD" | target/release/bryggan users add --email "$ADMIN" \
  --name "Bench Admin" --role admin --password-stdin >/dev/null

BRYGGAN_BIND=127.0.0.1:$PORT target/release/bryggan serve >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
# The assignment run and the recount start with the server: wait until the
# server's CPU time stops growing, so that it does not share the cores with the measurement.
cpu() { awk '{print $14 + $15}' "/proc/$app_pid/stat"; }
before=$(cpu); sleep 1
while [ $(( $(cpu) - before )) -gt 5 ]; do before=$(cpu); sleep 1; done

run() {
  echo "=== $1"
  wrk -t1 -c"$CONNECTIONS" -d"$DURATION" -s benches/percentiles.lua -H "$auth" "$2" | grep -E "p50|Non-2xx"
}
