#!/usr/bin/env bash
# The stance model's learning curve (docs/benchmarks.md, "Eighth session"):
# the shipped configuration cross-validated (5 folds grouped by delegation,
# four partitions, the 714 dev pairs) with random subsets of its 1,846
# training-only pairs (a quarter, a half, three quarters; three draws each)
# and with none. About 30 minutes on 2 cores. Needs python3 for the draws,
# which are those the benchmarks report (Python's random.Random(100·draw +
# percent) over the three files in order). Output: one .txt per run and a
# summary of the macro-F1 means in OUT (default /tmp/unpv-learning-curve).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/tmp/unpv-learning-curve}
mkdir -p "$out"
go build -o "$out/unpv" ./cmd/unpv
extra=classify/data/gold-dev-ungdc-hard.jsonl,classify/data/ungdc-annotated.jsonl,classify/data/ungdc-annotated-cues.jsonl
dev=classify/data/gold-dev.jsonl,classify/data/gold-dev-ungdc.jsonl
python3 - "$out" "$extra" <<'PY'
import random, sys
out, files = sys.argv[1], sys.argv[2].split(",")
lines = [l for f in files for l in open(f) if l.strip()]
for pct in (25, 50, 75):
    for draw in (1, 2, 3):
        r = random.Random(draw * 100 + pct)
        with open(f"{out}/extra-{pct}-{draw}.jsonl", "w") as w:
            w.writelines(r.sample(lines, int(round(pct / 100 * len(lines)))))
PY
cv() { "$out/unpv" classify --eval "$dev" --cv 5 --group delegation --partitions 4 --resamples 0 "$@"; }
cv > "$out/none.txt"
for f in "$out"/extra-*.jsonl; do
	cv --extra "$f" > "${f%.jsonl}.txt"
done
cv --extra "$extra" > "$out/all.txt"
for f in "$out"/none.txt "$out"/extra-*.txt "$out"/all.txt; do
	printf '%s\t%s\n' "$(basename "$f" .txt)" "$(awk '/^macro-F1 over/ {s=1} s && ($1 == "model" || $1 == "tfidf-logreg") {printf "%s %s  ", $1, $6}' "$f")"
done | tee "$out/summary.tsv"
