#!/usr/bin/env bash
# bench-corpus.sh — time the whole pipeline on a large corpus (docs/benchmarks.md).
#
#   scripts/bench-corpus.sh [N] [WORKDIR]         the real 2020 Security Council speeches scaled to N
#                                                 (default 100000), WORKDIR default $(mktemp -d)
#   scripts/bench-corpus.sh --scale [WORKDIR]     the same at 10k, 30k, 100k and 300k speeches
#                                                 (SCALE_SIZES="10000 30000" to choose), one summary row each
#   scripts/bench-corpus.sh --ungdc [WORKDIR]     the whole UN General Debate Corpus, 1946–2024
#                                                 (../shared/corpora/ungdc-full, real and varied text)
#
# Replicated corpus: the 1,600 bundled speech files (corpora/bundled/
# unsc-2020-speeches.zip) are copied with changed meeting numbers, six
# digits as the importer reads them (copy k of S/PV.8699 is S/PV.PPD699 with
# PP = 10 + k mod 90 and D = 8 + k div 90 mod 10: S/PV.108699, S/PV.118699,
# … S/PV.998699, S/PV.109699, …; metadata rows likewise) until there are at
# least N speeches. The general debate: every statement but
# those of the last session, which comes later as the added input.
#
# Then, each as its own process under /usr/bin/time -v:
#   1. unpv import                 (read, decode, parse labels, store sources)
#   2. unpv run --no-bundled       (extract → classify → index → report)
#   3. unpv run --no-bundled       again: nothing changed
#   4. unpv import of one more meeting (a copy of S/PV.8714 under a new
#      number; for the general debate, the last session) and unpv run: the
#      daily case, which must cost seconds, not a rebuild
# and it prints per-stage documents, speeches/s and wall time (from the run
# log), each process's wall time, CPU and peak RSS, and the sizes of the
# store and the index against the speech text they hold. RUNS=n repeats
# step 4 n times (default 1) with a new meeting each time.
# Needs: go, unzip, tar (xz for --ungdc), GNU time, python3. Writes about
# 1.5 GB under WORKDIR per 100k speeches. Never run from tests.
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=one
case "${1:-}" in
--scale) MODE=scale; shift ;;
--ungdc) MODE=ungdc; shift ;;
esac
if [ "$MODE" = one ]; then
  N=${1:-100000}
  shift || true
fi
WORK=${1:-$(mktemp -d "${TMPDIR:-/tmp}/unpv-bench.XXXXXX")}
BIN=${BIN:-bin/unpv}
RUNS=${RUNS:-1}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
go build -o "$BIN" ./cmd/unpv
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")

SRC="$WORK/src"
if [ ! -d "$SRC/speeches_txt_2020" ]; then
  rm -rf "$SRC"
  mkdir -p "$SRC"
  unzip -q corpora/bundled/unsc-2020-speeches.zip -d "$SRC"
fi
per=$(ls "$SRC/speeches_txt_2020" | wc -l)

# number K: the first three digits of copy K's meeting numbers (see above).
number() { echo "$((10 + $1 % 90))$(((8 + $1 / 90) % 10))"; }

# copy_speeches SRCDIR DSTDIR K [FILTER]: the speech files (those FILTER greps), renumbered for copy K.
copy_speeches() {
  local p
  p=$(number "$3")
  mkdir -p "$2"
  (cd "$1" && ls | grep -e "${4:-.}" | tar -cf - -T -) |
    tar -C "$2" -xf - --transform "s/SPV\.8\([0-9][0-9][0-9]\)/SPV.$p\1/"
}

# copy_rows K [SYMBOL]: metadata rows (of SYMBOL only), renumbered for copy K.
copy_rows() {
  local p
  p=$(number "$1")
  tail -n +2 "$SRC/meetings_2020.csv" | grep -e "^${2:-}" |
    sed -E "s#^S/PV\.8([0-9]{3})([^,]*),8([0-9]{3}),#S/PV.$p\1\2,$p\3,#"
}

# replicate DIR COPIES: the replicated corpus in DIR, copies 0 … COPIES-1.
replicate() {
  local dir=$1 copies=$2 k
  rm -rf "$dir"
  mkdir -p "$dir"
  head -1 "$SRC/meetings_2020.csv" > "$dir/meetings.csv"
  for ((k = 0; k < copies; k++)); do
    copy_speeches "$SRC/speeches_txt_2020" "$dir/c$k" "$k"
    copy_rows "$k" >> "$dir/meetings.csv"
  done
}

# one_meeting DIR K: S/PV.8714 (23 speeches) as copy K would hold it, with its metadata row.
one_meeting() {
  local dir=$1
  rm -rf "$dir"
  mkdir -p "$dir"
  head -1 "$SRC/meetings_2020.csv" > "$dir/meetings.csv"
  copy_speeches "$SRC/speeches_txt_2020" "$dir/t" "$2" 'SPV\.8714_'
  copy_rows "$2" 'S/PV\.8714,' >> "$dir/meetings.csv"
}

# measure NAME COMMAND… → one line: wall, CPU, share of a core, peak RSS; also kept in $WORK/NAME.time.
measure() {
  local name=$1
  shift
  /usr/bin/time -v -o "$WORK/$name.time" "$@" > "$WORK/$name.out" 2> "$WORK/$name.log" || {
    echo "bench: $name failed (exit $?); see $WORK/$name.log" >&2
    tail -5 "$WORK/$name.log" >&2
  }
  local wall rss cpu share
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/$name.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f MB", $2/1024}' "$WORK/$name.time")
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.1f s", s}' "$WORK/$name.time")
  share=$(awk -F': ' '/Percent of CPU/ {print $2}' "$WORK/$name.time")
  printf '%-16s wall %-10s CPU %-9s (%s of a core)  peak RSS %s   load %s\n' "$name" "$wall" "$cpu" "$share" "$rss" "$(cut -d' ' -f1 /proc/loadavg)"
}

# seconds NAME: the wall time of a measured process, in seconds.
seconds() {
  awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.1f", s}' "$WORK/$1.time"
}
rss() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$WORK/$1.time"; }

# stages DATA RUN [RATE]: per-stage documents and time of the run log's run RUN (0 = newest),
# with RATE also speeches/s over all the store's speeches (for a first run).
stages() {
  "$BIN" --data "$1" status --json --runs 100 > "$WORK/status.json"
  python3 - "$WORK/status.json" "$2" "${3:-}" <<'PY'
import json, sys
st = json.load(open(sys.argv[1])); run = st["runs"][int(sys.argv[2])]
n = st["tables"]["speeches"]
for s in run["stages"]:
    secs = s["duration_ms"] / 1000
    rate = f"{n / secs:,.0f} speeches/s" if sys.argv[3] and secs > 0 and s["processed"] > 0 else ""
    print(f'  {s["stage"]:10} {s["processed"]:7} docs  {secs:8.1f} s  {rate}')
PY
}

# sizes DATA: speeches, speech text, store and index bytes and their ratios (one line, also to $WORK/sizes).
sizes() {
  python3 - "$1" <<'PY' | tee "$WORK/sizes"
import os, sqlite3, sys
d = sys.argv[1]
con = sqlite3.connect(f"file:{d}/unpv.db?mode=ro", uri=True)
n, text = con.execute("SELECT COUNT(*), SUM(LENGTH(CAST(text AS BLOB))) FROM speeches").fetchone()
def du(p):
    if os.path.isfile(p):
        return os.path.getsize(p)
    return sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(p) for f in fs)
store = du(f"{d}/unpv.db") + (du(f"{d}/unpv.db-wal") if os.path.exists(f"{d}/unpv.db-wal") else 0)
index = du(f"{d}/index")
raw = du(f"{d}/raw") if os.path.exists(f"{d}/raw") else 0
print(f"speeches {n}  text {text/1e6:.1f} MB  store {store/1e6:.1f} MB ({store/text:.2f}x)  index {index/1e6:.1f} MB ({index/text:.2f}x)  raw {raw/1e6:.1f} MB")
PY
}

# series TAG CORPUS IMPORTFLAGS ADDDIR…: import, run, no-change rerun, then each ADDDIR imported and run.
series() {
  local tag=$1 corpus=$2 flags=$3
  shift 3
  local data="$WORK/data-$tag"
  rm -rf "$data"
  echo "== $tag: processes (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
  # shellcheck disable=SC2086
  measure "$tag-import" "$BIN" --data "$data" --log-format json import $flags "$corpus"
  measure "$tag-run" "$BIN" --data "$data" --log-format json run --no-bundled
  measure "$tag-rerun" "$BIN" --data "$data" --log-format json run --no-bundled
  local i=0
  for add in "$@"; do
    i=$((i + 1))
    # shellcheck disable=SC2086
    "$BIN" --data "$data" --log-format json import $flags "$add" > /dev/null 2>&1
    measure "$tag-add$i" "$BIN" --data "$data" --log-format json run --no-bundled
  done
  echo "== $tag: stages of the first run (from the run log)"
  stages "$data" $((1 + 2 * $#)) rate # runs newest first: import, run, rerun, then an import and a run per ADDDIR
  if [ $# -gt 0 ]; then
    echo "== $tag: stages of the last run after adding input"
    stages "$data" 0
  fi
  sizes "$data"
}

case $MODE in
one | scale)
  sizes_list=${SCALE_SIZES:-10000 30000 100000 300000}
  [ "$MODE" = one ] && sizes_list=$N
  summary="$WORK/summary.txt"
  : > "$summary"
  for n in $sizes_list; do
    copies=$(((n + per - 1) / per))
    echo "bench: $per real speeches x $copies copies -> $((per * copies)) speeches" >&2
    replicate "$WORK/corpus-$n" "$copies"
    adds=()
    for ((r = 0; r < RUNS; r++)); do
      one_meeting "$WORK/add-$n-$r" $((copies + r))
      adds+=("$WORK/add-$n-$r")
    done
    series "$n" "$WORK/corpus-$n" "--format unsc-debates --meta meetings.csv" "${adds[@]}"
    add=""
    for ((r = 1; r <= RUNS; r++)); do add="$add $(seconds "$n-add$r")"; done
    printf '%8s speeches  import %6s s  run %7s s (%s MB)  rerun %4s s  add one meeting %s s (%s MB)  %s\n' \
      "$((per * copies))" "$(seconds "$n-import")" "$(seconds "$n-run")" "$(rss "$n-run")" "$(seconds "$n-rerun")" \
      "${add# }" "$(rss "$n-add$RUNS")" "$(cut -d' ' -f3- "$WORK/sizes")" >> "$summary"
    # Keep the disk for the next size: the data directory stays, the corpus copy goes.
    rm -rf "$WORK/corpus-$n"
  done
  echo "== summary"
  cat "$summary"
  ;;
ungdc)
  tarball=../shared/corpora/ungdc-full/ungdc-1946-2024.tar.xz
  U="$WORK/ungdc"
  if [ ! -d "$U/all" ]; then
    mkdir -p "$U/all"
    tar -xJf "$tarball" -C "$U/all"
  fi
  last=$(ls "$U/all" | sort | tail -1)
  rm -rf "$U/first" "$U/later"
  mkdir -p "$U/first" "$U/later"
  for s in "$U/all"/*; do
    if [ "$(basename "$s")" = "$last" ]; then cp -al "$s" "$U/later/"; else cp -al "$s" "$U/first/"; fi
  done
  echo "bench: general debate, $(find -L "$U/first" -name '*.txt' | wc -l) statements, then $last ($(find -L "$U/later" -name '*.txt' | wc -l))" >&2
  series ungdc "$U/first" "--format ungdc" "$U/later"
  ;;
esac
echo "work dir: $WORK (delete it when done)"
