#!/usr/bin/env bash
# The hourly assignment run at 1,000,000 enrolments: `bryggan demo` generates 100,000
# staff with ten courses assigned to everyone, then `bryggan assignments run` runs three
# times with nothing to do, timed with its peak memory. Targets: under 1 s and 100 MB.
# SQLite by default; BENCH_DATABASE_URL=postgres://… for PostgreSQL (a database you can wipe).
set -euo pipefail
cd "$(dirname "$0")/.."
STAFF=${STAFF:-100000}
cargo build --release --quiet --bin bryggan
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
samples=(mota-invanare diskrimineringslagen intercultural-workplace)
mkdir "$work/courses"
for i in $(seq 1 10); do
  cp -r "courses/${samples[$(( (i - 1) % 3 ))]}" "$work/courses/kurs-$(printf %02d "$i")"
done
export BRYGGAN_COURSES="$work/courses" BRYGGAN_LOG=warn
export DATABASE_URL=${BENCH_DATABASE_URL:-"sqlite://$work/bench.db?mode=rwc"}
/usr/bin/time -f "generated in %e s" target/release/bryggan demo --staff "$STAFF" | tail -1
for _ in 1 2 3; do
  /usr/bin/time -f "  %e s wall, %M KB peak memory" \
    target/release/bryggan assignments run --public-url http://bryggan.invalid
done
