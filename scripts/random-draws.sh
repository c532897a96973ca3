#!/usr/bin/env bash
# The stance model's configuration against TF-IDF + LR on text drawn like
# new text (docs/benchmarks.md, "Ninth session"), in 5 folds grouped by
# speech, four partitions, each system trained on the other folds' test
# pairs and either the 875 dev pairs only or every other training pair as
# shipped: first the 451 pairs of ungdc-annotated.jsonl drawn at random
# ("draw": "random"), then all 1,025 (at random and among sentences with a
# contesting word, as the dev sets were drawn). About 14 minutes on 2
# shared cores. Needs python3 to split the file by its draw field.
# Output: one .txt per run and a summary of the macro-F1 means in OUT
# (default /tmp/unpv-random-draws); then, from the random half's
# out-of-fold predictions as shipped, how far the share of each label per
# organisation is from the hand labels' (docs/benchmarks.md, "Tenth
# session"), in OUT/shares.txt, and the same by relation (member or third party) in
# OUT/relations.txt.
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
cv --extra "$dev,$out/enriched.jsonl,$d/ungdc-annotated-cues.jsonl" --predictions "$out/as-shipped.predictions.jsonl" > "$out/as-shipped.txt"
round1() { "$out/unpv" classify --eval "$d/ungdc-annotated.jsonl" --cv 5 --group speech --partitions 4 --resamples 0 "$@"; }
round1 --extra "$dev" > "$out/round1-dev-only.txt"
round1 --extra "$dev,$d/ungdc-annotated-cues.jsonl" > "$out/round1-as-shipped.txt"
for f in "$out"/dev-only.txt "$out"/as-shipped.txt "$out"/round1-dev-only.txt "$out"/round1-as-shipped.txt; do
	printf '%s\t%s\n' "$(basename "$f" .txt)" "$(awk '/^macro-F1 over/ {s=1} s && ($1 == "model" || $1 == "tfidf-logreg") {printf "%s %s  ", $1, $6}' "$f")"
done | tee "$out/summary.tsv"
python3 - "$out/as-shipped.predictions.jsonl" <<'PY' | tee "$out/shares.txt"
# Per organisation with 15 pairs or more, the share of each class among the
# hand labels, the model's labels and its summed probabilities; the mean
# over organisations of the recognition share's error, of the net stance's
# ((R - C) / all), and of half the L1 distance between the shares.
import collections, json, statistics, sys
classes = ["recognition", "neutral", "counter"]
parts = collections.defaultdict(lambda: collections.defaultdict(list))
for line in open(sys.argv[1]):
    l = json.loads(line)
    parts[l["partition"]][l["target"]].append(l)
for part, orgs in sorted(parts.items()):
    rec, net, l1_labels, l1_probs = [], [], [], []
    for org, ls in orgs.items():
        if len(ls) < 15:
            continue
        n = len(ls)
        gold = [sum(l["gold"] == c for l in ls) / n for c in classes]
        lab = [sum(l["systems"]["model"]["label"] == c for l in ls) / n for c in classes]
        prob = [sum(l["systems"]["model"]["probabilities"][c] for l in ls) / n for c in classes]
        rec.append(lab[0] - gold[0])
        net.append((lab[0] - lab[2]) - (gold[0] - gold[2]))
        l1_labels.append(sum(abs(a - b) for a, b in zip(lab, gold)) / 2)
        l1_probs.append(sum(abs(a - b) for a, b in zip(prob, gold)) / 2)
    every = [l for ls in orgs.values() for l in ls]
    labelled = [l for l in every if l["systems"]["model"]["label"] == "recognition"]
    m = statistics.mean
    print(f"partition {part}: recognition {len(labelled)} labels ({sum(l['systems']['model']['confidence'] < 0.5 for l in labelled)} below 0.5), "
          f"{sum(l['gold'] == 'recognition' for l in every)} by hand, of {len(every)}")
    shares = lambda f: " ".join(f"{sum(f(l, c) for l in every) / len(every):.3f}" for c in classes)
    print(f"partition {part}: shares of {'/'.join(classes)}: hand {shares(lambda l, c: l['gold'] == c)}, "
          f"labels {shares(lambda l, c: l['systems']['model']['label'] == c)}, "
          f"summed probabilities {shares(lambda l, c: l['systems']['model']['probabilities'][c])}")
    print(f"partition {part}: {len(rec)} organisations; recognition share, labels minus hand {m(rec):+.3f} "
          f"(higher in {sum(x > 0 for x in rec)}); net stance {m(net):+.3f}; "
          f"shares off by (half L1) labels {m(l1_labels):.3f}, summed probabilities {m(l1_probs):.3f}")
PY
# By relation (docs/benchmarks.md, "Twelfth session"): the recognition
# share's error in the mentions by members of the organisation on the date
# and by third parties (the relation `unpv classify` gives each pair; it
# never decides the label), their difference, and the difference within
# organisations (weighted by n_member * n_third / n); 95% intervals from
# 1,000 resamples of whole statements.
"$out/unpv" classify --in "$out/random.jsonl" > "$out/relations.jsonl"
python3 - "$out/as-shipped.predictions.jsonl" "$out/relations.jsonl" "$out/random.jsonl" <<'PY' | tee "$out/relations.txt"
import collections, json, random, sys
rel, org, stm = {}, {}, {}
for line in open(sys.argv[2]):
    s = json.loads(line)
    rel[s["id"]], org[s["id"]] = s["relation"], s["target"]
for line in open(sys.argv[3]):
    p = json.loads(line)
    stm[p["id"]] = p["symbol"] + "|" + p["speaker"]
gold, pred = {}, collections.defaultdict(dict)
for line in open(sys.argv[1]):
    l = json.loads(line)
    gold[l["id"]] = l["gold"]
    pred[l["partition"]][l["id"]] = l["systems"]["model"]["label"]
ids = [i for i in rel if rel[i] in ("member", "third")]
def err(sel, part):
    return (sum(pred[part][i] == "recognition" for i in sel) - sum(gold[i] == "recognition" for i in sel)) / len(sel)
def stats(sel, part):
    m = [i for i in sel if rel[i] == "member"]
    t = [i for i in sel if rel[i] == "third"]
    if not m or not t:
        return None
    num = den = 0
    for o in set(org[i] for i in sel):
        mo, to = [i for i in m if org[i] == o], [i for i in t if org[i] == o]
        if mo and to:
            w = len(mo) * len(to) / (len(mo) + len(to))
            num, den = num + w * (err(mo, part) - err(to, part)), den + w
    return err(m, part), err(t, part), err(m, part) - err(t, part), num / den if den else float("nan")
groups = collections.defaultdict(list)
for i in ids:
    groups[stm[i]].append(i)
keys = sorted(groups)
names = ["member", "third", "member - third", "within organisations"]
print(f"{sum(rel[i] == 'member' for i in ids)} member and {sum(rel[i] == 'third' for i in ids)} third-party mentions, {len(keys)} statements; recognition share, labels minus hand")
for part in sorted(pred):
    rng = random.Random(part)
    point = stats(ids, part)
    draws = [s for s in (stats([i for _ in keys for i in groups[rng.choice(keys)]], part) for _ in range(1000)) if s]
    out = []
    for k, name in enumerate(names):
        # Resamples without both relations, or without an organisation
        # both mention, give no value: the limits are of those that do.
        d = sorted(s[k] for s in draws if s[k] == s[k])
        out.append(f"{name} {point[k]:+.3f} [{d[len(d) // 40]:+.3f}, {d[len(d) * 39 // 40 - 1]:+.3f}]")
    print(f"partition {part}: " + "; ".join(out))
PY
