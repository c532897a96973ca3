#!/usr/bin/env bash
# bench-corpus.sh — scale the real 2020 Security Council speeches up to N
# speeches and time the whole pipeline on them.
#
#   scripts/bench-corpus.sh [N] [WORKDIR]      (default N=100000, WORKDIR=$(mktemp -d))
#
# The 1,600 bundled speech files (corpora/bundled/unsc-2020-speeches.zip) are
# replicated with changed meeting numbers (S/PV.8699 → S/PV.108699,
# S/PV.118699, …; metadata rows likewise) until there are at least N
# speeches. Then, each as its own process under /usr/bin/time -v:
#   1. unpv import   (read, decode, parse labels, store sources)
#   2. unpv run --no-bundled   (extract → classify → index → report)
#   3. unpv run --no-bundled   again (nothing changed: the incremental no-op)
# and it prints per-stage documents, speeches/s and wall time (from the run
# log, `unpv status --json`) and each process's wall time and peak RSS.
# Needs: go, unzip, tar, GNU time. Writes ~2.5 GB under WORKDIR at N=100k.
# Never run from tests.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
WORK=${2:-$(mktemp -d "${TMPDIR:-/tmp}/unpv-bench.XXXXXX")}
BIN=${BIN:-bin/unpv}
mkdir -p "$WORK"
go build -o "$BIN" ./cmd/unpv

SRC="$WORK/src" CORPUS="$WORK/corpus" DATA="$WORK/data"
rm -rf "$SRC" "$CORPUS" "$DATA"
mkdir -p "$SRC" "$CORPUS"
unzip -q corpora/bundled/unsc-2020-speeches.zip -d "$SRC"
per=$(ls "$SRC/speeches_txt_2020" | wc -l)
copies=$(( (N + per - 1) / per ))
echo "bench: $per real speeches x $copies copies -> $((per * copies)) speeches in $CORPUS" >&2

head -1 "$SRC/meetings_2020.csv" > "$CORPUS/meetings.csv"
for ((k = 0; k < copies; k++)); do
  p=$((10 + k)) # prefix digits: S/PV.8699 -> S/PV.108699 (6-digit numbers, all distinct)
  mkdir -p "$CORPUS/c$k"
  tar -C "$SRC/speeches_txt_2020" -cf - . | tar -C "$CORPUS/c$k" -xf - --transform "s/SPV\.\([0-9]\)/SPV.$p\1/"
  tail -n +2 "$SRC/meetings_2020.csv" | sed -E "s#^S/PV\.([0-9]+)([^,]*),([0-9]+),#S/PV.$p\1\2,$p\3,#" >> "$CORPUS/meetings.csv"
done

measure() { # name, command…  → prints wall seconds and peak RSS
  local name=$1; shift
  /usr/bin/time -v -o "$WORK/$name.time" "$@" > "$WORK/$name.out" 2> "$WORK/$name.log" || {
    echo "bench: $name failed (exit $?); see $WORK/$name.log" >&2; tail -5 "$WORK/$name.log" >&2; }
  local wall rss cpu share
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/$name.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f MB", $2/1024}' "$WORK/$name.time")
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.1f s", s}' "$WORK/$name.time")
  share=$(awk -F': ' '/Percent of CPU/ {print $2}' "$WORK/$name.time")
  printf '%-14s wall %-10s CPU %-9s (%s of a core)  peak RSS %s\n' "$name" "$wall" "$cpu" "$share" "$rss"
}

echo "== processes (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
measure import "$BIN" --data "$DATA" --log-format json import --format unsc-debates --meta meetings.csv "$CORPUS"
measure run "$BIN" --data "$DATA" --log-format json run --no-bundled
measure rerun "$BIN" --data "$DATA" --log-format json run --no-bundled

echo "== stages of the first run (from the run log)"
"$BIN" --data "$DATA" status --json --runs 3 > "$WORK/status.json"
speeches=$("$BIN" --data "$DATA" status --json | sed -n 's/.*"speeches": \([0-9]*\).*/\1/p' | head -1)
python3 - "$WORK/status.json" "$speeches" <<'PY' 2>/dev/null || sed -n '/"runs"/,$p' "$WORK/status.json"
import json, sys
st = json.load(open(sys.argv[1])); n = int(sys.argv[2] or 0)
first = st["runs"][1]  # runs are newest first: rerun, run, import
for s in first["stages"]:
    secs = s["duration_ms"] / 1000
    rate = f"{n / secs:,.0f} speeches/s" if secs > 0 else "-"
    print(f'{s["stage"]:10} {s["processed"]:7} docs  {secs:8.1f} s  {rate}')
print(f"speeches in store: {n:,}; store size: see du below")
PY
du -sh "$DATA/unpv.db" "$DATA/index" 2>/dev/null || true
echo "work dir: $WORK (delete it when done)"
