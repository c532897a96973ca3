#!/usr/bin/env bash
# The stance model's configuration against TF-IDF + LR on text drawn like
# new text (docs/benchmarks.md, "Ninth session"), in 5 folds grouped by
# speech, four partitions, each system trained on the other folds' test
# pairs and either the 875 dev pairs only or every other training pair as
# shipped: first the 451 pairs of ungdc-annotated.jsonl drawn at random
# ("draw": "random"), then all 1,025 (at random and among sentences with a
# contesting word, as the dev sets were drawn). About 11 minutes on 2 cores. Needs python3 to
# split the file by its draw field. Output: one .txt per run and a summary
# of the macro-F1 means in OUT (default /tmp/unpv-random-draws).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/tmp/unpv-random-draws}
mkdir -p "$out"
go build -o "$out/unpv" ./cmd/unpv
d=classify/data
python3 - "$out" "$d/ungdc-annotated.jsonl" <<'PY'
import json, sys
out, src = sys.argv[1], sys.argv[2]
with open(f"{out}/random.jsonl", "w") as r, open(f"{out}/enriched.jsonl", "w") as e:
    for line in open(src):
        if line.strip():
            (r if json.loads(line)["draw"] == "random" else e).write(line)
PY
dev=$d/gold-dev.jsonl,$d/gold-dev-ungdc.jsonl,$d/gold-dev-ungdc-hard.jsonl
cv() { "$out/unpv" classify --eval "$out/random.jsonl" --cv 5 --group speech --partitions 4 --resamples 0 "$@"; }
cv --extra "$dev" > "$out/dev-only.txt"
cv --extra "$dev,$out/enriched.jsonl,$d/ungdc-annotated-cues.jsonl" > "$out/as-shipped.txt"
round1() { "$out/unpv" classify --eval "$d/ungdc-annotated.jsonl" --cv 5 --group speech --partitions 4 --resamples 0 "$@"; }
round1 --extra "$dev" > "$out/round1-dev-only.txt"
round1 --extra "$dev,$d/ungdc-annotated-cues.jsonl" > "$out/round1-as-shipped.txt"
for f in "$out"/dev-only.txt "$out"/as-shipped.txt "$out"/round1-dev-only.txt "$out"/round1-as-shipped.txt; do
	printf '%s\t%s\n' "$(basename "$f" .txt)" "$(awk '/^macro-F1 over/ {s=1} s && ($1 == "model" || $1 == "tfidf-logreg") {printf "%s %s  ", $1, $6}' "$f")"
done | tee "$out/summary.tsv"
