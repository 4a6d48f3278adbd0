"""Times one query five times on the benchmark's database, as the baseline a report would
be if it were computed on request: `python3 benches/time_sql.py URL SQL [NOTE]`."""
import sqlite3
import subprocess
import sys
import time

url, sql = sys.argv[1], sys.argv[2]
note = sys.argv[3] if len(sys.argv) > 3 else ""
times = []
for _ in range(5):
    if url.startswith("sqlite"):
        path = url.split("://", 1)[1].split("?")[0]
        db = sqlite3.connect(path)
        start = time.perf_counter()
        db.execute(sql).fetchall()
        times.append(time.perf_counter() - start)
        db.close()
    else:
        out = subprocess.run(["psql", url, "-qAt", "-c", "\\timing on", "-c", sql],
                             capture_output=True, text=True, check=True).stdout
        times.append(float([l for l in out.splitlines() if l.startswith("Time:")][-1].split()[1]) / 1000)
times.sort()
print(f"  median {times[2]*1000:.0f} ms, best {times[0]*1000:.0f} ms (5 runs){note}")
