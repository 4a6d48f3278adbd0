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
PORT=18091
. benches/org.sh

site="http://127.0.0.1:$PORT"
jar="$work/cookies"
csrf=$(curl -sf -c "$jar" "$site/sign-in" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -sf -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$csrf" --data-urlencode "next=" \
  --data-urlencode "email=$ADMIN" --data-urlencode "password=$PASSWORD" "$site/sign-in"
# curl marks HttpOnly cookies with a `#HttpOnly_` prefix, which looks like a comment.
cookie=$(awk '{ sub(/^#HttpOnly_/, "") } !/^#/ && NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep="; " }' "$jar")
auth="Cookie: $cookie"

# A leaf: the last department in the picker (the picker lists them by path).
leaf=$(curl -sf -H "$auth" "$site/hr/evaluation?course=kurs-01" |
  grep -o 'option value="[0-9]*"' | tail -1 | grep -o '[0-9]*')
curl -sf -H "$auth" "$site/hr/evaluation?course=kurs-01" | python3 -c '
import re, sys
page = re.sub(r">\s+<", "><", sys.stdin.read())
row = re.search(r"<tbody><tr><th scope=\"row\">([^<]*)</th><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>", page)
print("  kurs-01 at the top: %s pairs, knowledge %s before, %s after" % row.group(2, 3, 4) if row else "  no figures found")'

run "evaluation report, whole organisation" "$site/hr/evaluation?course=kurs-01"
run "evaluation report, a leaf ($leaf)" "$site/hr/evaluation?course=kurs-01&department=$leaf"
run "evaluation export (every department, period and measure)" "$site/hr/evaluation.csv?course=kurs-01"
run "for comparison: the HR dashboard, whole organisation" "$site/hr"

echo "=== baseline: the same group means by one live query over every response"
python3 benches/time_sql.py "$DATABASE_URL" "SELECT COALESCE(u.department_id, 0), COUNT(*), AVG(100.0 * pre.correct / pre.total), AVG(100.0 * post.correct / post.total) FROM assessment_responses pre JOIN assessment_responses post ON post.enrolment_id = pre.enrolment_id AND post.phase = 1 JOIN users u ON u.id = pre.user_id WHERE pre.phase = 0 AND pre.course_id = (SELECT id FROM courses WHERE slug = 'kurs-01') GROUP BY 1" "; knowledge only, no statements, no roll-up, no suppression"
