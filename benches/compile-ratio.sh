#!/usr/bin/env bash
# Runs the compile benchmark and prints both throughputs and their ratio.
# The target: the compiler costs at most 3x plain pulldown-cmark rendering.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --bench compile -- --noplot "$@"
dir=target/criterion/shipped-courses
python3 - "$dir" <<'PY'
import json, sys
d = sys.argv[1]
def est(name):
    e = json.load(open(f"{d}/{name}/new/estimates.json"))
    return e["median"]["point_estimate"], e["median"]["confidence_interval"]
ours, ours_ci = est("bryggan-compile")
base, base_ci = est("pulldown-cmark-push-html")
print(f"bryggan compile:        median {ours/1e3:8.1f} µs  (95% CI {ours_ci['lower_bound']/1e3:.1f}–{ours_ci['upper_bound']/1e3:.1f})")
print(f"plain pulldown-cmark:   median {base/1e3:8.1f} µs  (95% CI {base_ci['lower_bound']/1e3:.1f}–{base_ci['upper_bound']/1e3:.1f})")
print(f"ratio (compile / plain): {ours/base:.2f}x  (target ≤ 3x)")
PY
