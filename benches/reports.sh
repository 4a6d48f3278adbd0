#!/usr/bin/env bash
# HR reports at scale: `bryggan demo --staff 100000` (about 300 departments, 10 courses,
# 1,000,000 enrolments), then the dashboard at the top and at a leaf, the people view's
# first page and the full CSV export, through the API. The baseline in the same run is the
# naive way: one live GROUP BY over every enrolment, as a report computed on request would.
# Needs wrk (apt-get install wrk). SQLite by default; BENCH_DATABASE_URL=postgres://…/db
# (an empty database you can wipe) for PostgreSQL. BENCH_REUSE=1 with BENCH_DATABASE_URL
# and BRYGGAN_COURSES measures a database generated before, without generating again.
set -euo pipefail
cd "$(dirname "$0")/.."
STAFF=${STAFF:-100000}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-2}
PORT=18090
PASSWORD="bench-password-$$"

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
  echo "$PASSWORD" | target/release/bryggan users add --email bench-admin@bench.bryggan.se \
    --name "Bench Admin" --role admin --password-stdin >/dev/null
else
  PASSWORD=bench-password-reused
  echo "$PASSWORD" | target/release/bryggan users add --email bench-admin@bench.bryggan.se \
    --name "Bench Admin" --role admin --password-stdin >/dev/null 2>&1 || true
fi

BRYGGAN_BIND=127.0.0.1:$PORT target/release/bryggan serve >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
# The assignment run starts with the server and reads every enrolment: wait until the
# server's CPU time stops growing, so that it does not share the cores with the measurement.
cpu() { awk '{print $14 + $15}' "/proc/$app_pid/stat"; }
before=$(cpu); sleep 1
while [ $(( $(cpu) - before )) -gt 5 ]; do before=$(cpu); sleep 1; done
base="http://127.0.0.1:$PORT/api/v1"
token=$(curl -sf -H 'content-type: application/json' \
  -d "{\"email\":\"bench-admin@bench.bryggan.se\",\"password\":\"$PASSWORD\"}" "$base/auth/token" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
auth="Authorization: Bearer $token"

# A leaf: follow the first sub-department down.
leaf=$(python3 - "$base" "$token" <<'PY'
import json, sys, urllib.request
base, token = sys.argv[1], sys.argv[2]
def get(query):
    req = urllib.request.Request(f"{base}/reports/dashboard{query}", headers={"Authorization": f"Bearer {token}"})
    return json.load(urllib.request.urlopen(req))
body, leaf = get(""), None
while body["departments"]:
    leaf = body["departments"][0]["department"]["id"]
    body = get(f"?department={leaf}")
print(leaf)
PY
)
echo "root: $(curl -sf -H "$auth" "$base/reports/dashboard" | python3 -c 'import json,sys; b=json.load(sys.stdin); print(b["counts"], "rate", b["completion_rate"])')"

run() {
  echo "=== $1"
  wrk -t1 -c"$CONNECTIONS" -d"$DURATION" -s benches/percentiles.lua -H "$auth" "$2" | grep -E "p50|Non-2xx"
}
run "dashboard, whole organisation" "$base/reports/dashboard"
run "dashboard, a leaf ($leaf)" "$base/reports/dashboard?department=$leaf"
run "people, first page, whole organisation" "$base/reports/people"
run "people, first page, a leaf" "$base/reports/people?department=$leaf"

echo "=== export, every row"
rss_before=$(awk '/VmRSS/ {print $2}' /proc/$app_pid/status)
echo 5 >/proc/$app_pid/clear_refs   # resets the peak (VmHWM) to the current size
curl -sf -H "$auth" -o "$work/export.csv" -w "  %{time_total} s, %{size_download} bytes\n" "$base/reports/export.csv"
peak=$(awk '/VmHWM/ {print $2}' /proc/$app_pid/status)
echo "  $(($(wc -l <"$work/export.csv") - 1)) rows; server memory $rss_before KB before, peak $peak KB during (growth $(( (peak - rss_before) / 1024 )) MB)"

echo "=== baseline: the same totals by one live GROUP BY over every enrolment"
python3 - "$DATABASE_URL" <<'PY'
import sqlite3, subprocess, sys, time
url = sys.argv[1]
sql = ("SELECT u.department_id, e.course_id, COUNT(*), SUM(CASE WHEN e.completed_at IS NOT NULL THEN 1 ELSE 0 END), "
       "SUM(CASE WHEN e.completed_at IS NULL AND e.started_at IS NOT NULL THEN 1 ELSE 0 END), "
       "SUM(CASE WHEN e.completed_at IS NULL AND e.due_date < CURRENT_DATE THEN 1 ELSE 0 END) "
       "FROM enrolments e JOIN users u ON u.id = e.user_id WHERE e.is_current AND u.active GROUP BY 1, 2")
times = []
for _ in range(5):
    if url.startswith("sqlite"):
        path = url.split("://", 1)[1].split("?")[0]
        db = sqlite3.connect(path)
        start = time.perf_counter(); db.execute(sql).fetchall(); times.append(time.perf_counter() - start)
        db.close()
    else:
        out = subprocess.run(["psql", url, "-qAt", "-c", "\\timing on", "-c", sql], capture_output=True, text=True, check=True).stdout
        times.append(float([l for l in out.splitlines() if l.startswith("Time:")][-1].split()[1]) / 1000)
times.sort()
print(f"  median {times[2]*1000:.0f} ms, best {times[0]*1000:.0f} ms (5 runs)")
PY
