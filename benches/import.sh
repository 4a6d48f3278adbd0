#!/usr/bin/env bash
# Times `bryggan staff import` of a generated 100,000-person file (300 departments), twice:
# the first import creates everyone, the second finds a tenth of them changed.
# SQLite by default; BENCH_DATABASE_URL=postgres://… for PostgreSQL (a database you can wipe).
set -euo pipefail
cd "$(dirname "$0")/.."
PEOPLE=${PEOPLE:-100000}
cargo build --release --quiet --bin bryggan
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" "$PEOPLE" <<'PY'
import sys
work, people = sys.argv[1], int(sys.argv[2])
units = [f"Malmö stad/Förvaltning {a}/Avdelning {b}/Enhet {c}" for a in range(10) for b in range(5) for c in range(6)]
for name, moved in (("first.csv", 0), ("second.csv", 10)):
    with open(f"{work}/{name}", "w", encoding="utf-8") as f:
        f.write("email,name,department,manager_email,locale\n")
        for i in range(people):
            unit = units[(i + (1 if moved and i % moved == 0 else 0)) % len(units)]
            f.write(f"person{i}@malmo.se,Person {i} Åkesson,{unit},chef{i % 300}@malmo.se,{'en' if i % 7 == 0 else 'sv'}\n")
PY
export DATABASE_URL=${BENCH_DATABASE_URL:-"sqlite://$work/import.db?mode=rwc"}
echo "file: $(wc -l <"$work/first.csv") lines, $(du -h "$work/first.csv" | cut -f1)"
for name in first second; do
  /usr/bin/time -f "$name import: %e s wall, %M KB peak memory" target/release/bryggan staff import "$work/$name.csv" 2>&1 | grep -v "^note:"
done
