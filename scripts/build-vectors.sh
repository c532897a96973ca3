#!/usr/bin/env bash
# Rebuilds classify/vectors.bin.gz, the word vectors the stance model's
# dense features use, from the UN General Debate Corpus in ../shared:
#   1. unpack ungdc-full (10,657 statements, 1946–2024) to a temporary folder;
#   2. `unpv classify vectors --prepare` writes its sentences as the classifier
#      tokenises them (31 M words);
#   3. Debian's fastText (apt-get install fasttext) trains 50-dimensional skip-gram
#      vectors on one thread with a fixed seed, so the result is reproducible
#      (about 15 minutes on one core);
#   4. `unpv classify vectors --vec` keeps the 20,000 most frequent words,
#      quantised to a byte per dimension (about 1.1 MB).
# Then retrain the model (`go run ./cmd/unpv classify train`): the model
# records which vectors it was trained with.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpora/ungdc-full/ungdc-1946-2024.tar.xz}
command -v fasttext >/dev/null || { echo "needs fastText: apt-get install fasttext" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar -xJf "$corpus" -C "$tmp"
go run ./cmd/unpv classify vectors --prepare "$tmp" --out "$tmp/corpus.txt"
fasttext skipgram -input "$tmp/corpus.txt" -output "$tmp/ungdc" -dim 50 -epoch 5 -minCount 5 \
  -thread 1 -seed 1 -minn 0 -maxn 0 >/dev/null
go run ./cmd/unpv classify vectors --vec "$tmp/ungdc.vec" --words 20000 --out classify/vectors.bin.gz
