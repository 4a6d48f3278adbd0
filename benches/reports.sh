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
PORT=18090
. benches/org.sh

base="http://127.0.0.1:$PORT/api/v1"
token=$(curl -sf -H 'content-type: application/json' \
  -d "{\"email\":\"$ADMIN\",\"password\":\"$PASSWORD\"}" "$base/auth/token" |
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
python3 benches/time_sql.py "$DATABASE_URL" "SELECT u.department_id, e.course_id, COUNT(*), SUM(CASE WHEN e.completed_at IS NOT NULL THEN 1 ELSE 0 END), SUM(CASE WHEN e.completed_at IS NULL AND e.started_at IS NOT NULL THEN 1 ELSE 0 END), SUM(CASE WHEN e.completed_at IS NULL AND e.due_date < CURRENT_DATE THEN 1 ELSE 0 END) FROM enrolments e JOIN users u ON u.id = e.user_id WHERE e.is_current AND u.active GROUP BY 1, 2"
