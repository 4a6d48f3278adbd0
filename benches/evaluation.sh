#!/usr/bin/env bash
# The evaluation report at scale: `bryggan demo --staff 100000` (about 300 departments, 10
# courses of which 7 have a pre/post assessment, about 385,000 pairs), then the report page
# at the top and at a leaf, and the CSV export, signed in as an admin through the pages.
# The baseline in the same run is the naive way: the same group means by one live query
# that pairs every learner's two responses and groups them by department.
# Needs wrk (apt-get install wrk). SQLite by default; BENCH_DATABASE_URL=postgres://…/db
# (an empty database you can wipe) for PostgreSQL. BENCH_REUSE=1 with BENCH_DATABASE_URL
# and BRYGGAN_COURSES measures a database generated before, without generating again.
set -euo pipefail
cd "$(dirname "$0")/.."
STAFF=${STAFF:-100000}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-2}
PORT=18091
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
ADMIN="bench-eval-$$@bench.bryggan.se"
echo "$PASSWORD" | target/release/bryggan users add --email "$ADMIN" \
  --name "Bench Admin" --role admin --password-stdin >/dev/null

BRYGGAN_BIND=127.0.0.1:$PORT target/release/bryggan serve >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
# The assignment run starts with the server: wait until it has finished.
cpu() { awk '{print $14 + $15}' "/proc/$app_pid/stat"; }
before=$(cpu); sleep 1
while [ $(( $(cpu) - before )) -gt 5 ]; do before=$(cpu); sleep 1; done

site="http://127.0.0.1:$PORT"
jar="$work/cookies"
csrf=$(curl -sf -c "$jar" "$site/sign-in" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -sf -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$csrf" --data-urlencode "next=" \
  --data-urlencode "email=$ADMIN" --data-urlencode "password=$PASSWORD" "$site/sign-in"
# curl marks HttpOnly cookies with a `#HttpOnly_` prefix, which looks like a comment.
cookie=$(awk '{ sub(/^#HttpOnly_/, "") } !/^#/ && NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep="; " }' "$jar")

# A leaf: the last department in the picker (the picker lists them by path).
leaf=$(curl -sf -H "Cookie: $cookie" "$site/hr/evaluation?course=kurs-01" |
  grep -o 'option value="[0-9]*"' | tail -1 | grep -o '[0-9]*')
curl -sf -H "Cookie: $cookie" "$site/hr/evaluation?course=kurs-01" | python3 -c '
import re, sys
page = re.sub(r">\s+<", "><", sys.stdin.read())
row = re.search(r"<tbody><tr><th scope=\"row\">([^<]*)</th><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>", page)
print("  kurs-01 at the top: %s pairs, knowledge %s before, %s after" % row.group(2, 3, 4) if row else "  no figures found")'

run() {
  echo "=== $1"
  wrk -t1 -c"$CONNECTIONS" -d"$DURATION" -s benches/percentiles.lua -H "Cookie: $cookie" "$2" | grep -E "p50|Non-2xx"
}
run "evaluation report, whole organisation" "$site/hr/evaluation?course=kurs-01"
run "evaluation report, a leaf ($leaf)" "$site/hr/evaluation?course=kurs-01&department=$leaf"
run "evaluation export (every department, period and measure)" "$site/hr/evaluation.csv?course=kurs-01"
run "for comparison: the HR dashboard, whole organisation" "$site/hr"

echo "=== baseline: the same group means by one live query over every response"
python3 - "$DATABASE_URL" <<'PY'
import sqlite3, subprocess, sys, time
url = sys.argv[1]
sql = ("SELECT COALESCE(u.department_id, 0), COUNT(*), "
       "AVG(100.0 * pre.correct / pre.total), AVG(100.0 * post.correct / post.total) "
       "FROM assessment_responses pre JOIN assessment_responses post "
       "ON post.enrolment_id = pre.enrolment_id AND post.phase = 1 "
       "JOIN users u ON u.id = pre.user_id "
       "WHERE pre.phase = 0 AND pre.course_id = (SELECT id FROM courses WHERE slug = 'kurs-01') "
       "GROUP BY 1")
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
print(f"  median {times[2]*1000:.0f} ms, best {times[0]*1000:.0f} ms (5 runs); knowledge only, no statements, no roll-up, no suppression")
PY
