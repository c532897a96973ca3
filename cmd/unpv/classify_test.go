package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/unpv/unpv"
	"github.com/unpv/unpv/classify"
	"github.com/unpv/unpv/internal/limit"
	"github.com/unpv/unpv/pipeline"
)

// classifyCLI runs the classify command with stdin, returning stdout,
// stderr (ending with the error main would print) and the exit code main
// would use.
func classifyCLI(t *testing.T, in string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	oldOut, oldErr, oldIn := stdout, stderr, stdin
	stdout, stderr, stdin = &out, &errb, strings.NewReader(in)
	defer func() { stdout, stderr, stdin = oldOut, oldErr, oldIn }()
	ctx := context.Background()
	err := run(ctx, append([]string{"classify"}, args...))
	if err != nil && !errors.Is(err, errSilent) {
		errb.WriteString("unpv: " + err.Error() + "\n")
	}
	return out.String(), errb.String(), exitCode(ctx, err)
}

func TestClassifyInBadLines(t *testing.T) {
	in := strings.Join([]string{
		`{"id":"a","sentence":"We commend the African Union for its mediation efforts.","target":"AU","speaker":"Mr. X (France)","date":"2020-01-09"}`,
		`{"id":"b","sentence":"not closed"`,
		`{"id":"c","sentence":"","target":"AU"}`,
		`{"id":"d","sentence":"The WHO met.","target":"WHO"}`,
		``,
		`{"id":"e","sentence":"We commend the African Union, but NATO's bombing of Libya violated resolution 1973."}`,
		`{"id":"f","target":"AU"}`,
		`[1,2]`,
		`{"id":"g","sentence":"Nothing to see here."}`,
		`{"id":"h","sentence":"We commend the African Union.","speaker":"FRA","date":"banana"}`,
		`{"id":"i","sentence":"We commend the African Union.","speaker":"FRA","date":2020}`,
		`{"id":"j","sentence":"We commend the African Union.","speaker":"FRA","date":"8 January 2020"}`,
		`{"id":"k","sentence":"We commend the African Union.","speaker":"FRA","date":"2020-13"}`,
		`{"id":"l","sentence":"We commend the African Union.","speaker":"FRA","date":"2020-01-01 junk"}`,
		// unpv.ParseDate's forms, as everywhere: a month as records print
		// it is a date (it was refused), the placeholder year 0000 is not
		// (it was read as a date before every membership).
		`{"id":"m","sentence":"We commend the African Union.","speaker":"FRA","date":"0000"}`,
		`{"id":"n","sentence":"We commend the African Union.","speaker":"ZAF","date":"January 2020"}`,
		`{"id":"o","sentence":"We commend the African Union.","speaker":"ZAF","date":"Jan 8, 2020"}`,
	}, "\n")
	out, errOut, code := classifyCLI(t, in, "--in", "-")
	if code != exitPartial {
		t.Errorf("exit code %d, want %d", code, exitPartial)
	}
	for _, want := range []string{"line 2: malformed JSON", "line 3: empty sentence", `line 4: unknown target "WHO"`, `line 7: missing "sentence"`, "line 8: malformed JSON", `line 10: "date" "banana"`, `line 11: "date" is not a string`, `line 13: "date" "2020-13"`, `line 14: "date" "2020-01-01 junk"`, `line 15: "date" "0000"`} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	var got []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("bad output line %q: %v", l, err)
		}
		got = append(got, m)
	}
	if len(got) != 7 {
		t.Fatalf("got %d output lines, want 7 (a, e once per organisation, g naming none, j, n, o):\n%s", len(got), out)
	}
	if got[4]["id"] != "j" || got[4]["relation"] != "third" {
		t.Errorf("line j, a record's date: %v", got[4])
	}
	for _, m := range got[5:] {
		if m["relation"] != "member" {
			t.Errorf("line %v, a record's date: relation %v, want member", m["id"], m["relation"])
		}
	}
	if got[0]["id"] != "a" || got[0]["date"] != "2020-01-09" || got[0]["label"] != "recognition" || got[0]["relation"] != "third" {
		t.Errorf("line a: %v", got[0])
	}
	for _, m := range got[:3] {
		if m["evidence"] == "" || m["confidence"] == nil || m["model"] == "" {
			t.Errorf("incomplete: %v", m)
		}
	}
	if got[1]["target"] != "AU" || got[2]["target"] != "NATO" || got[2]["label"] != "counter" {
		t.Errorf("line e: %v / %v", got[1], got[2])
	}
	if got[3]["id"] != "g" || got[3]["no_organisation"] != true || got[3]["label"] != nil {
		t.Errorf("line g: %v", got[3])
	}
}

func TestClassifyText(t *testing.T) {
	out, _, code := classifyCLI(t, "", "--text", "We cannot support a resolution recognizing the CSTO as a peacekeeping partner.", "--speaker", "UKR", "--date", "2022")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"CSTO", "counter", "cannot", "relation third"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	_, _, code = classifyCLI(t, "", "--text", "x", "--target", "WHO")
	if code != exitUsage {
		t.Errorf("unknown target: exit %d, want usage", code)
	}
	_, _, code = classifyCLI(t, "", "--text", "x", "--in", "-")
	if code != exitUsage {
		t.Errorf("two modes: exit %d, want usage", code)
	}
}

func TestClassifyEval(t *testing.T) {
	gold := filepath.Join("..", "..", defaultTrainingData, "gold-dev.jsonl")
	out, _, code := classifyCLI(t, "", "--eval", gold, "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var ms []struct {
		System  string  `json:"system"`
		N       int     `json:"n"`
		MacroF1 float64 `json:"macro_f1"`
	}
	if err := json.Unmarshal([]byte(out), &ms); err != nil {
		t.Fatal(err)
	}
	if len(ms) != 3 || ms[0].System != "majority" || ms[1].System != "lexicon" || ms[2].System != "model" || ms[2].N != 378 {
		t.Errorf("metrics %+v", ms)
	}
	out, _, code = classifyCLI(t, "", "--eval", gold, "--cv", "3", "--resamples", "20")
	for _, want := range []string{"3 folds grouped by delegation", "tfidf-logreg", "confusion (model", "95% intervals from 20",
		"model minus each system"} {
		if code != exitOK || !strings.Contains(out, want) {
			t.Errorf("exit %d, no %q in\n%s", code, want, out)
		}
	}
	out, _, code = classifyCLI(t, "", "--eval", gold, "--group", "era", "--resamples", "0", "--format", "json")
	var rs []classify.CVResult
	if code != exitOK || json.Unmarshal([]byte(out), &rs) != nil || len(rs) != 1 || rs[0].Grouping != classify.GroupEra || rs[0].Folds < 3 {
		t.Errorf("leave one era out: exit %d, %d results\n%.300s", code, len(rs), out)
	}
	out, _, code = classifyCLI(t, "", "--eval", gold, "--cv", "3", "--group", "delegation", "--partitions", "2", "--resamples", "0", "--masked-baseline")
	for _, want := range []string{"3 folds grouped by delegation, partition 0", "3 folds grouped by delegation, partition 1",
		"macro-F1 over 2 partitions of the folds grouped by delegation", "tfidf-masked"} {
		if code != exitOK || !strings.Contains(out, want) {
			t.Errorf("two partitions: exit %d, no %q in\n%s", code, want, out)
		}
	}
	if _, _, code := classifyCLI(t, "", "--eval", gold, "--partitions", "2"); code != exitUsage {
		t.Errorf("--partitions without --cv: exit %d, want usage", code)
	}
	if _, _, code := classifyCLI(t, "", "--eval", gold, "--masked-baseline"); code != exitUsage {
		t.Errorf("--masked-baseline without --cv: exit %d, want usage", code)
	}
	if _, _, code := classifyCLI(t, "", "--eval", gold, "--group", "speaker"); code != exitUsage {
		t.Errorf("unknown grouping: exit %d, want usage", code)
	}
	// Without --cv, intervals over resampled delegations, as with it, and
	// a warning that the shipped model was trained on these pairs.
	out, errOut, code := classifyCLI(t, "", "--eval", gold, "--resamples", "50")
	for _, want := range []string{"95% intervals from 50 cluster-bootstrap resamples", "model minus each system", "lexicon  +"} {
		if code != exitOK || !strings.Contains(out, want) {
			t.Errorf("--eval with intervals: exit %d, no %q in\n%s", code, want, out)
		}
	}
	if want := "378 of 378 pairs are among the shipped model's training pairs"; !strings.Contains(errOut, want) {
		t.Errorf("no in-sample warning %q in\n%s", want, errOut)
	}
	// Pairs it has not seen, or another model: no warning.
	unseen := filepath.Join(t.TempDir(), "unseen.jsonl")
	os.WriteFile(unseen, []byte(`{"speaker":"KEN","target":"AU","sentence":"We salute the African Union for its leadership in Somalia.","label":"recognition"}`+"\n"), 0o644)
	for _, args := range [][]string{{"--eval", unseen}, {"--eval", gold, "--baseline"}} {
		if _, errOut, code := classifyCLI(t, "", append(args, "--resamples", "0")...); code != exitOK || strings.Contains(errOut, "training pairs") {
			t.Errorf("%v: exit %d, stderr\n%s", args, code, errOut)
		}
	}
}

// TestClassifyPredictions: --predictions writes every system's
// out-of-fold prediction for every pair and partition, the same ones the
// summary scores (its macro-F1 is recomputed from the file), each pair
// tested once per partition in the fold of its whole delegation, with the
// class probabilities of the systems that have them.
func TestClassifyPredictions(t *testing.T) {
	gold := filepath.Join("..", "..", defaultTrainingData, "gold-dev.jsonl")
	pairs, _, err := readPairFiles(gold)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "predictions.jsonl")
	out, _, code := classifyCLI(t, "", "--eval", gold, "--cv", "3", "--group", "delegation", "--partitions", "2", "--resamples", "0",
		"--format", "json", "--predictions", path)
	var rs []classify.CVResult
	if code != exitOK || json.Unmarshal([]byte(out), &rs) != nil || len(rs) != 2 {
		t.Fatalf("exit %d, summary\n%.300s", code, out)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var lines []prediction
	dec := json.NewDecoder(bytes.NewReader(b))
	for dec.More() {
		var l prediction
		if err := dec.Decode(&l); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, l)
	}
	if len(lines) != 2*len(pairs) {
		t.Fatalf("%d lines, want %d", len(lines), 2*len(pairs))
	}
	for part, r := range rs {
		got := lines[part*len(pairs) : (part+1)*len(pairs)]
		foldOf := map[string]int{}
		labels := map[string][]unpv.Label{}
		var goldLabels []unpv.Label
		for i, l := range got {
			p := pairs[i]
			if l.Grouping != classify.GroupDelegation || l.Partition != uint64(part) || l.Index != i || l.ID != p.ID || l.Target != p.Target || l.Gold != p.Label || l.Delegation != p.Delegation() {
				t.Fatalf("partition %d, line %d: %+v for pair %+v", part, i, l, p)
			}
			if f, ok := foldOf[l.Delegation]; l.Fold < 0 || l.Fold >= 3 || ok && f != l.Fold {
				t.Errorf("partition %d: %s in folds %d and %d", part, l.Delegation, f, l.Fold)
			}
			foldOf[l.Delegation] = l.Fold
			goldLabels = append(goldLabels, l.Gold)
			for name, s := range l.Systems {
				labels[name] = append(labels[name], s.Label)
				sum := 0.0
				for _, v := range s.Probabilities {
					sum += v
				}
				hasProbs := name == "model" || name == "tfidf-logreg"
				if hasProbs != (len(s.Probabilities) == 3) || hasProbs && (sum < 1-1e-9 || sum > 1+1e-9) {
					t.Fatalf("partition %d, line %d, %s: probabilities %v", part, i, name, s.Probabilities)
				}
				if name == "tfidf-logreg" && s.Probabilities[s.Label] != s.Confidence {
					t.Errorf("tfidf-logreg: label %s with confidence %v, probabilities %v", s.Label, s.Confidence, s.Probabilities)
				}
			}
		}
		if len(r.Systems) != len(labels) {
			t.Errorf("partition %d: %d systems in the file, %d in the summary", part, len(labels), len(r.Systems))
		}
		for _, m := range r.Systems {
			if f1 := macroF1(goldLabels, labels[m.System]); math.Abs(f1-m.MacroF1) > 1e-9 {
				t.Errorf("partition %d, %s: macro-F1 %v from the file, %v in the summary", part, m.System, f1, m.MacroF1)
			}
		}
	}
	if _, _, code := classifyCLI(t, "", "--eval", gold, "--predictions", path); code != exitUsage {
		t.Errorf("--predictions without --cv: exit %d, want usage", code)
	}
	// Refused before the cross-validation runs, not after.
	nowhere := filepath.Join(t.TempDir(), "no-such-dir", "predictions.jsonl")
	if _, errOut, code := classifyCLI(t, "", "--eval", gold, "--cv", "3", "--predictions", nowhere); code != exitUsage || !strings.Contains(errOut, "no directory") {
		t.Errorf("--predictions in a missing directory: exit %d, stderr\n%s", code, errOut)
	}
	if _, errOut, code := classifyCLI(t, "", "--eval", gold, "--cv", "3", "--predictions", t.TempDir()); code != exitUsage || !strings.Contains(errOut, "is a directory") {
		t.Errorf("--predictions naming a directory: exit %d, stderr\n%s", code, errOut)
	}
}

// macroF1 is F1 averaged over the classes in gold or pred.
func macroF1(gold, pred []unpv.Label) float64 {
	var sum float64
	n := 0
	for _, k := range unpv.Labels {
		var tp, fp, fn float64
		for i := range gold {
			switch {
			case gold[i] == k && pred[i] == k:
				tp++
			case pred[i] == k:
				fp++
			case gold[i] == k:
				fn++
			}
		}
		if tp+fp+fn > 0 {
			sum += 2 * tp / (2*tp + fp + fn)
			n++
		}
	}
	return sum / float64(n)
}

// TestClassifyEvalTooFewGroups: pairs that give no speaker are one
// delegation; cross-validation grouped by delegation cannot fold them, and
// says so (it trained models on nothing and printed their scores), while
// the other groupings still run.
func TestClassifyEvalTooFewGroups(t *testing.T) {
	var lines []string
	for i, s := range []struct{ target, label, date string }{
		{"AU", "recognition", "2015"}, {"AU", "neutral", "1995"}, {"EU", "recognition", "2015"}, {"EU", "neutral", "1985"},
		{"NATO", "counter", "2011"}, {"NATO", "neutral", "1999"}, {"ASEAN", "recognition", "2005"}, {"ASEAN", "neutral", "2019"},
	} {
		lines = append(lines, fmt.Sprintf(`{"id":"x%d","source":"mine","symbol":"S/PV.%d","date":%q,"target":%q,"sentence":"We note the work of the %s in the region.","label":%q}`,
			i, 9000+i, s.date, s.target, s.target, s.label))
	}
	path := filepath.Join(t.TempDir(), "mine.jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		args     []string
		code     int
		inStderr []string
		inStdout []string
	}{
		{"grouped by delegation", []string{"--group", "delegation", "--cv", "2"}, exitUsage,
			[]string{`8 of 8 pairs give no "speaker"`, "grouped by delegation, the 8 pairs fall in 1 delegation: 2 folds need 2 delegations at least"}, nil},
		{"every grouping", []string{"--cv", "2"}, exitOK,
			[]string{"skipped: too few groups for cross-validation: grouped by delegation"},
			[]string{"leave one organisation out (4 folds)", "2 folds grouped by speech"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := classifyCLI(t, "", append([]string{"--eval", path, "--resamples", "10"}, tc.args...)...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\n%s", code, tc.code, errOut)
			}
			containsAll(t, "stderr", errOut, tc.inStderr)
			containsAll(t, "stdout", out, tc.inStdout)
			if strings.Contains(out, "grouped by delegation") {
				t.Errorf("scores printed for folds grouped by delegation:\n%s", out)
			}
		})
	}
}

// TestClassifyTrain trains on a small copy of the labelled data and checks
// the model and its card (classify's TestTrainDeterministic checks that
// the full data gives the shipped model byte for byte).
func TestClassifyTrain(t *testing.T) {
	data := t.TempDir()
	for _, name := range append(append([]string(nil), classify.DevFiles...), classify.ExtraFiles...) {
		b, err := os.ReadFile(filepath.Join("..", "..", defaultTrainingData, name))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitAfterN(string(b), "\n", 61)
		if err := os.WriteFile(filepath.Join(data, name), []byte(strings.Join(lines[:60], "")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	model, card := filepath.Join(data, "model.json"), filepath.Join(data, "card.json")
	_, errOut, code := classifyCLI(t, "", "train", "--pairs", data, "--out", model, "--card", card, "--resamples", "10")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	b, err := os.ReadFile(model)
	if err != nil {
		t.Fatal(err)
	}
	m, err := classify.UnmarshalModel(b)
	if err != nil || m.Examples != 60*(len(classify.DevFiles)+len(classify.ExtraFiles)) {
		t.Fatalf("model: %v, %d examples", err, m.Examples)
	}
	cb, err := os.ReadFile(card)
	if err != nil {
		t.Fatal(err)
	}
	var c classify.Card
	if err := json.Unmarshal(cb, &c); err != nil {
		t.Fatal(err)
	}
	if len(c.CrossValidation) != 3 || c.CrossValidation[0].Grouping != classify.GroupDelegation || len(c.Training) != 5 || len(c.KnownFailures) == 0 {
		t.Errorf("card: %d groupings, %d files, %d failure kinds", len(c.CrossValidation), len(c.Training), len(c.KnownFailures))
	}
	if _, _, code := classifyCLI(t, "", "train", "--pairs", filepath.Join(data, "none")); code != exitFailure {
		t.Errorf("missing data: exit %d, want failure", code)
	}
	// Her own pairs (one bad line, one a dev pair again) train a model for
	// the data directory, with its card beside it; the model's version is
	// printed, the card names her file, and nothing in --pairs changes.
	dev, err := os.ReadFile(filepath.Join(data, classify.DevFiles[0]))
	if err != nil {
		t.Fatal(err)
	}
	mine := filepath.Join(t.TempDir(), "mine.jsonl")
	own := `{"id":"m1","source":"mine","symbol":"S/PV.9999","date":"2023","speaker":"KEN","target":"AU","sentence":"We salute the African Union for its leadership in Somalia.","label":"recognition"}`
	os.WriteFile(mine, []byte(own+"\n"+strings.SplitAfter(string(dev), "\n")[0]+"{broken\n"), 0o644)
	dataDir := t.TempDir()
	out, errOut, code := classifyCLI(t, "", "train", "--data", dataDir, "--pairs", data, "--extra", mine, "--resamples", "10")
	if code != exitPartial {
		t.Fatalf("exit %d, want %d (a bad line): %s", code, exitPartial, errOut)
	}
	mb, err := os.ReadFile(filepath.Join(dataDir, pipeline.ModelFile))
	if err != nil {
		t.Fatal(err)
	}
	m, err = classify.UnmarshalModel(mb)
	if err != nil {
		t.Fatal(err)
	}
	nc, err := classify.New(m)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{mine + " — 1 of its 2 pairs added, 1 not (a dev, training-only or earlier added pair has the same sentence and organisation)", "model " + nc.Version(), "unpv run classifies with", "line 3: malformed JSON"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if !regexp.MustCompile(`without added pairs +0\.\d{3}[^\n]*\n +with 1 added pairs +0\.\d{3}`).MatchString(out) {
		t.Errorf("no comparison without and with her pairs:\n%s", out)
	}
	cb, err = os.ReadFile(filepath.Join(dataDir, pipeline.CardFile))
	if err != nil {
		t.Fatal(err)
	}
	var own2 classify.Card
	if err := json.Unmarshal(cb, &own2); err != nil {
		t.Fatal(err)
	}
	if own2.Model != nc.Version() || len(own2.Training) != 6 || own2.Training[5] != (classify.FileCount{File: mine, Pairs: 1}) || len(own2.CrossValidation) != 1 {
		t.Errorf("card of her model: %s, training %+v, %d cross-validations", own2.Model, own2.Training, len(own2.CrossValidation))
	}
	if again, _ := os.ReadFile(model); !bytes.Equal(again, b) {
		t.Error("training with --extra rewrote the model in --pairs")
	}
	// --out -: stdout is the model alone (the comparison went there too).
	out, errOut, code = classifyCLI(t, "", "train", "--data", dataDir, "--pairs", data, "--extra", mine, "--out", "-", "--resamples", "0")
	if _, err := classify.UnmarshalModel([]byte(out)); code != exitPartial || err != nil || !strings.Contains(errOut, "with 1 added pairs") {
		t.Errorf("--out -: exit %d, %v\n%.300s\n%s", code, err, out, errOut)
	}
	// --out elsewhere puts the card beside it, not over the repository's.
	other := filepath.Join(t.TempDir(), "m.json")
	if _, errOut, code := classifyCLI(t, "", "train", "--pairs", data, "--out", other, "--resamples", "0"); code != exitOK {
		t.Fatalf("--out: exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(other), pipeline.CardFile)); err != nil {
		t.Errorf("no card beside --out: %v", err)
	}
}

func FuzzClassifyLine(f *testing.F) {
	f.Add(`{"sentence":"We commend the AU and the EU.","speaker":"Mr. X (Kenya)","date":"2020"}`)
	f.Add(`{"sentence":"x","target":null}`)
	f.Add(`{"sentence":"x","target":["AU"]}`)
	f.Add(`null`)
	c, err := classify.Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, line string) {
		outs, err := classifyLine(c, line)
		if err != nil {
			return
		}
		if len(outs) == 0 {
			t.Fatalf("a valid line %q written back as nothing", line)
		}
		for _, o := range outs {
			if o["no_organisation"] == true {
				if len(outs) != 1 || o["label"] != nil || o["target"] != nil {
					t.Fatalf("a line naming no organisation written as %v", outs)
				}
				continue
			}
			if _, ok := o["label"].(unpv.Label); !ok {
				t.Fatalf("no label in %v", o)
			}
			if _, ok := o["target"].(string); !ok {
				t.Fatalf("no target in %v", o)
			}
		}
	})
}

// defaultModelForTest is the shipped model file, from this package's
// directory.
var defaultModelForTest = filepath.Join("..", "..", defaultModel)

// TestClassifyFlagValues: a bad --date or --format value, a --text-only
// flag in another mode, or an empty sentence or file name, is a usage
// error (exit 2) that names the flag; nothing is classified.
func TestClassifyFlagValues(t *testing.T) {
	const s = "We support the CSTO."
	gold := filepath.Join("..", "..", defaultTrainingData, "gold-dev.jsonl")
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string // in stderr when the exit code is not 0
	}{
		{"date not a date", []string{"--text", s, "--speaker", "RUS", "--date", "banana"}, exitUsage, `--date must be a date, YYYY, YYYY-MM, YYYY-MM-DD, or as records print it`},
		{"date month 13", []string{"--text", s, "--date", "2020-13-45"}, exitUsage, `not "2020-13-45"`},
		{"date impossible day", []string{"--text", s, "--date", "2020-02-30"}, exitUsage, `not "2020-02-30"`},
		// The forms classify --in lines and report take (unpv.ParseDate).
		{"date record style", []string{"--text", s, "--date", "8 January 2020"}, exitOK, ""},
		{"date record month", []string{"--text", s, "--date", "January 2020"}, exitOK, ""},
		{"date placeholder year", []string{"--text", s, "--date", "0000"}, exitUsage, `not "0000"`},
		{"date year", []string{"--text", s, "--speaker", "RUS", "--date", "2022"}, exitOK, ""},
		{"date month", []string{"--text", s, "--date", "2022-02"}, exitOK, ""},
		{"date day", []string{"--text", s, "--date", "2022-02-24"}, exitOK, ""},
		{"date with --in", []string{"--in", "-", "--date", "2022"}, exitUsage, "--date applies to --text only"},
		// A speaker unpv does not know: the relation was "third" for any
		// three capitals and left out for a name, without a word.
		{"speaker not a delegation code", []string{"--text", s, "--speaker", "FOO"}, exitUsage, `--speaker "FOO" is no delegation unpv knows`},
		{"speaker not a name", []string{"--text", s, "--speaker", "Narnia"}, exitUsage, `--speaker "Narnia" is no delegation unpv knows`},
		{"speaker a name", []string{"--text", s, "--speaker", "Russia", "--date", "2022"}, exitOK, ""},
		{"speaker a former State", []string{"--text", s, "--speaker", "SUN", "--date", "1980"}, exitOK, ""},
		{"speaker an organisation", []string{"--text", s, "--speaker", "African Union"}, exitOK, ""},
		{"speaker a label", []string{"--text", s, "--speaker", "Mr. Nebenzia (Russian Federation) (spoke in Russian)"}, exitOK, ""},
		{"date with --eval", []string{"--eval", gold, "--date", "2022"}, exitUsage, "--date applies to --text only"},
		{"target with --in", []string{"--in", "-", "--target", "CSTO"}, exitUsage, "--target applies to --text only"},
		{"speaker with --eval", []string{"--eval", gold, "--speaker", "RUS"}, exitUsage, "--speaker applies to --text only"},
		{"explain with --in", []string{"--in", "-", "--explain", "3"}, exitUsage, "--explain applies to --text only"},
		{"target with --text", []string{"--text", s, "--target", "CSTO", "--explain", "2"}, exitOK, ""},
		{"text format xml", []string{"--text", s, "--format", "xml"}, exitUsage, `--format must be text, json or jsonl with --text, not "xml"`},
		{"text format json", []string{"--text", s, "--format", "json"}, exitOK, ""},
		{"text format jsonl", []string{"--text", s, "--format", "jsonl"}, exitOK, ""},
		{"in format xml", []string{"--in", "-", "--format", "xml"}, exitUsage, `--format must be jsonl or text with --in, not "xml"`},
		{"eval format xml", []string{"--eval", gold, "--format", "xml"}, exitUsage, `--format must be text or json with --eval, not "xml"`},
		{"empty text", []string{"--text", ""}, exitUsage, "--text is empty"},
		{"blank text", []string{"--text", " \n "}, exitUsage, "--text is empty"},
		{"empty in", []string{"--in", ""}, exitUsage, "--in is empty"},
		{"empty eval", []string{"--eval", ""}, exitUsage, "--eval is empty"},
		// Flags that would be silently ignored: --extra and --seeds only
		// train, and cross-validation trains its own model on every fold.
		{"extra without cv", []string{"--eval", gold, "--extra", gold}, exitUsage, "--extra needs --cv"},
		{"seeds without cv", []string{"--eval", gold, "--seeds"}, exitUsage, "--seeds needs --cv"},
		// Cross-validation is of --eval's pairs only (a mutant that let
		// --group through with --text survived, and classified the text).
		{"group with --text", []string{"--text", s, "--group", "delegation"}, exitUsage, "--cv and --group need --eval"},
		{"cv with --in", []string{"--in", "-", "--cv", "3"}, exitUsage, "--cv and --group need --eval"},
		{"model with cv", []string{"--eval", gold, "--cv", "3", "--model", defaultModelForTest}, exitUsage, "--model does not apply with --cv"},
		{"baseline with cv", []string{"--eval", gold, "--group", "era", "--baseline"}, exitUsage, "--baseline does not apply with --cv"},
		{"partitions of a leave-one-out grouping", []string{"--eval", gold, "--group", "era", "--partitions", "3"}, exitUsage, "--partitions applies to the delegation and speech groupings"},
		{"negative resamples", []string{"--eval", gold, "--resamples", "-1"}, exitUsage, "--resamples must be between 0 and 100000"},
		{"no mode", nil, exitUsage, "give exactly one of --text, --in or --eval"},
		{"two modes", []string{"--text", s, "--in", "-"}, exitUsage, "give exactly one of --text, --in or --eval"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := classifyCLI(t, `{"sentence":"`+s+`"}`, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout %s\nstderr %s", code, tc.code, out, errOut)
			}
			if tc.code == exitOK {
				if !strings.Contains(out, "CSTO") {
					t.Errorf("no stance printed:\n%s", out)
				}
				return
			}
			if !strings.Contains(errOut, tc.msg) {
				t.Errorf("stderr lacks %q:\n%s", tc.msg, errOut)
			}
			if out != "" {
				t.Errorf("a usage error printed a result:\n%s", out)
			}
		})
	}
}

// TestClassifyInEveryLine: every valid --in line is written back, in input
// order; a sentence that names no organisation is written once with
// no_organisation and no label (it vanished before), a given label is kept
// as gold_label, and the summary on stderr counts every kind of line.
func TestClassifyInEveryLine(t *testing.T) {
	in := strings.Join([]string{
		`{"id":1,"sentence":"We support the CSTO and the CIS."}`,
		`{"id":2,"sentence":"Nothing to see here.","label":"neutral"}`,
		`not json`,
		`{"id":4,"sentence":"The AU is important.","target":"AU"}`,
		`{"id":5,"sentence":""}`,
		`{"id":6,"sentence":"Peace matters.","speaker":"RUS","date":"2020"}`,
	}, "\n")
	type line struct {
		ID             float64 `json:"id"`
		Target         string  `json:"target"`
		Label          string  `json:"label"`
		Gold           string  `json:"gold_label"`
		NoOrganisation bool    `json:"no_organisation"`
		Model          string  `json:"model"`
		Sentence       string  `json:"sentence"`
	}
	out, errOut, code := classifyCLI(t, in, "--in", "-")
	if code != exitPartial || !strings.Contains(errOut, "2 of 6 inputs were bad") {
		t.Errorf("exit %d, want %d (2 of 6 bad):\n%s", code, exitPartial, errOut)
	}
	var got []line
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var x line
		if err := json.Unmarshal([]byte(l), &x); err != nil {
			t.Fatalf("output line %q: %v", l, err)
		}
		if x.Model == "" {
			t.Errorf("no model in %q", l)
		}
		x.Model = ""
		got = append(got, x)
	}
	want := []line{
		{ID: 1, Target: "CSTO", Label: "recognition", Sentence: "We support the CSTO and the CIS."},
		{ID: 1, Target: "CIS", Label: "recognition", Sentence: "We support the CSTO and the CIS."},
		{ID: 2, Gold: "neutral", NoOrganisation: true, Sentence: "Nothing to see here."},
		{ID: 4, Target: "AU", Label: "recognition", Sentence: "The AU is important."},
		{ID: 6, NoOrganisation: true, Sentence: "Peace matters."},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("output lines (-want +got):\n%s", d)
	}
	if want := "classify: 6 lines: 2 classified (3 stances), 2 naming no organisation, 2 bad (skipped)"; !strings.Contains(errOut, want) {
		t.Errorf("stderr lacks the summary %q:\n%s", want, errOut)
	}

	out, _, _ = classifyCLI(t, in, "--in", "-", "--format", "text")
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		lines = append(lines, strings.Join(strings.Fields(l)[:3], " "))
	}
	if d := cmp.Diff([]string{"1 CSTO recognition", "1 CIS recognition", "2 - (no", "4 AU recognition", "6 - (no"}, lines); d != "" {
		t.Errorf("text output (-want +got):\n%s\n%s", d, out)
	}
}

// TestReadmeClassifyExample: the README's classify example prints what the
// command prints (it still showed the output of a model two versions old).
func TestReadmeClassifyExample(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)\\$ \\./bin/unpv classify --text \"([^\"]+)\" --speaker (\\S+) --date (\\S+)\n(.*?)```").FindSubmatch(readme)
	if m == nil {
		t.Fatal("no classify example in README.md")
	}
	code, out, e := cli(t, nil, "classify", "--text", string(m[1]), "--speaker", string(m[2]), "--date", string(m[3]))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, e)
	}
	if diff := cmp.Diff(strings.TrimSpace(string(m[4])), strings.TrimSpace(out)); diff != "" {
		t.Errorf("README.md's classify example (-README +output):\n%s", diff)
	}
}

// TestClassifyTrainOutsideRepository: without classify/data in the working
// directory (this package's is cmd/unpv), train uses the pairs built into
// unpv and gives the shipped model; it failed with "open
// classify/data/gold-dev.jsonl: no such file or directory".
func TestClassifyTrainOutsideRepository(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on every pair")
	}
	out := filepath.Join(t.TempDir(), "model.json")
	_, errOut, code := classifyCLI(t, "", "train", "--out", out, "--card", "")
	if code != exitOK || !strings.Contains(errOut, "training on the labelled pairs built into unpv") {
		t.Fatalf("exit %d:\n%s", code, errOut)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(defaultModelForTest)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("trained on the built-in pairs, not the shipped model")
	}
}

// TestClassifyTrainNowhereToWrite: outside the repository (the tests run
// in cmd/unpv, which has no classify/), train without --out says at once
// that it has nowhere to write the model; it trained for minutes first and
// then failed writing classify/model.json.
//
// The same for every place it would write to that is not a directory: a
// --data directory not made yet with --extra (the model of DATA; it
// trained for minutes and failed writing DATA/.tmp-model.json-…), a
// missing directory in --out or --card.
func TestClassifyTrainNowhereToWrite(t *testing.T) {
	dir := t.TempDir()
	pairs := filepath.Join(dir, "mine.jsonl")
	if err := os.WriteFile(pairs, []byte(`{"speaker":"KEN","target":"AU","sentence":"We commend the AU.","label":"recognition"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"outside the repository", []string{"train", "--resamples", "0"}, "--out FILE"},
		{"data not made yet", []string{"train", "--data", missing, "--extra", pairs, "--resamples", "0"}, "no directory " + missing},
		{"out in a missing directory", []string{"train", "--out", filepath.Join(missing, "m.json"), "--card", "", "--resamples", "0"}, "no directory " + missing},
		{"card in a missing directory", []string{"train", "--out", filepath.Join(dir, "m.json"), "--card", filepath.Join(missing, "card.json"), "--resamples", "0"}, "no directory " + missing},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := classifyCLI(t, "", tc.args...)
			if code != exitUsage || !strings.Contains(errOut, tc.want) || strings.Contains(errOut, "features: model") {
				t.Errorf("exit %d, want 2 before training, saying %q:\n%s", code, tc.want, errOut)
			}
		})
	}
}

// TestClassifyByteOrderMark: a file saved by a Windows editor or a
// spreadsheet (byte order mark, CRLF) reads as any other; its first line
// was "malformed JSON: invalid character 'ï'".
func TestClassifyByteOrderMark(t *testing.T) {
	const lines = "\ufeff" + `{"speaker":"KEN","target":"AU","sentence":"We commend the AU.","label":"recognition"}` + "\r\n" +
		`{"speaker":"RUS","target":"NATO","sentence":"We reject NATO.","label":"counter"}` + "\r\n"
	path := filepath.Join(t.TempDir(), "bom.jsonl")
	if err := os.WriteFile(path, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"in", []string{"--in", path}, "2 lines: 2 classified"},
		{"in stdin", []string{"--in", "-"}, "2 lines: 2 classified"},
		{"eval", []string{"--eval", path, "--resamples", "0"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := classifyCLI(t, lines, tc.args...)
			if code != exitOK || !strings.Contains(errOut, tc.want) || strings.Contains(errOut, "malformed") {
				t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
			}
			if tc.name == "eval" && !strings.Contains(out, ": 2 pairs") {
				t.Errorf("not every pair scored:\n%s", out)
			}
		})
	}
}

// TestClassifyInFormats: --in reads one sentence per line and CSV with a
// header as well as JSON Lines (by --in-format, or a .txt or .csv name);
// each of them was "malformed JSON" on every line. A JSON Lines read of
// plain text says which format to give, and lines that are not UTF-8 are
// reported, not silently changed.
func TestClassifyInFormats(t *testing.T) {
	dir := t.TempDir()
	file := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	plain := "We commend the African Union.\n\nThe weather is nice.\n"
	csvText := "id,sentence,target,speaker,date\n" +
		`1,"We commend the AU, warmly.",AU,KEN,2020` + "\n" +
		"2,We reject NATO.,,RUS,2022\n" +
		`3,bare "quote",x,y,z` + "\n" +
		"4,a,b,c,d,e\n" +
		`5,"We commend the AU,` + "\r\n\n" + `for ""Silencing the Guns"".",AU,KEN,2020` + "\n" +
		`7,"unclosed,AU` + "\n" + "8,We commend the AU.,AU,KEN,2020\n"
	for _, tc := range []struct {
		name     string
		args     []string
		code     int
		out      []string // each in stdout
		inStderr []string
	}{
		{"lines by name", []string{"--in", file("mine.txt", plain)}, exitOK,
			[]string{`"line":1,`, `"target":"AU"`, `"line":3,"model":"stance-`, `"no_organisation":true`}, []string{"2 lines: 1 classified (1 stance), 1 naming no organisation, 0 bad"}},
		{"lines by flag", []string{"--in", file("mine.lst", plain), "--in-format", "lines", "--format", "text"}, exitOK,
			[]string{"1  AU  recognition", "3  -   (no organisation named)"}, nil},
		{"plain read as JSON Lines", []string{"--in", file("mine.jsonl", plain)}, exitPartial,
			nil, []string{"line 1: malformed JSON", "for one sentence per line give --in-format lines", "2 bad (skipped)"}},
		{"csv by name", []string{"--in", file("mine.csv", csvText)}, exitPartial,
			[]string{`"id":"1"`, `"relation":"member"`, `"sentence":"We commend the AU, warmly."`, `"id":"2"`, `"target":"NATO"`, `"sentence":"We commend the AU,\n\nfor \"Silencing the Guns\"."`, `"id":"5"`},
			[]string{"line 4: malformed CSV", "line 5: 6 fields, the header has 5", "line 9: malformed CSV: a quoted field opened here is never closed", "6 lines: 3 classified (3 stances), 0 naming no organisation, 3 bad"}},
		{"csv quote open past --max-line", []string{"--in", file("open.csv", "id,sentence\n1,\"open\n"+strings.Repeat("filler\n", 40)+"2,We commend the AU.\n"), "--max-line", "100"}, exitPartial,
			nil, []string{"line 2: a quoted field runs on past 100 B (--max-line)", "line 2: malformed CSV: its quoted field is never closed: the 27 lines past --max-line were read as part of it"}},
		// The over-long field's closing line opened a record of its own,
		// which swallowed every row after it.
		{"csv rows after an over-long field", []string{"--in", file("long.csv", "id,sentence\n1,\""+strings.Repeat("a", 60)+"\n"+strings.Repeat("b", 60)+"\nend.\"\n2,We commend the AU.\n3,We commend the OSCE.\n"), "--max-line", "100"}, exitPartial,
			[]string{`"id":"2"`, `"id":"3"`}, []string{"line 2: a quoted field runs on past 100 B", "3 lines: 2 classified (2 stances), 0 naming no organisation, 1 bad"}},
		{"csv without a sentence column", []string{"--in", file("other.csv", "id,text\n1,x\n")}, exitFailure,
			nil, []string{`header row "id,text" names no sentence column`}},
		{"not UTF-8", []string{"--in", file("latin1.txt", "We commend the \xe9quipe of the AU.\n")}, exitOK,
			[]string{`"target":"AU"`}, []string{"line 1: not UTF-8", "1 not UTF-8"}},
		{"in-format with --text", []string{"--text", "We commend the AU.", "--in-format", "csv"}, exitUsage, nil, []string{"--in-format applies to --in only"}},
		{"unknown in-format", []string{"--in", "-", "--in-format", "xlsx"}, exitUsage, nil, []string{`--in-format must be jsonl, csv or lines, not "xlsx"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := classifyCLI(t, "", tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\n%s\n%s", code, tc.code, out, errOut)
			}
			containsAll(t, "stdout", out, tc.out)
			containsAll(t, "stderr", errOut, tc.inStderr)
		})
	}
}

// containsAll reports each of wants that the output named what lacks.
func containsAll(t *testing.T, what, got string, wants []string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(got, want) {
			t.Errorf("%s lacks %q:\n%s", what, want, got)
		}
	}
}

// TestClassifyTextTooLong: --text reads a sentence up to
// unpv.MaxSentenceBytes, as --in does, and says so on stderr (--in marks
// the line truncated); an organisation named past the limit was "no
// organisation found", without a word of why.
func TestClassifyTextTooLong(t *testing.T) {
	long := strings.Repeat("and peace ", unpv.MaxSentenceBytes/10+1) + "We commend the AU."
	for _, tc := range []struct {
		text string
		warn bool
	}{{long, true}, {"We commend the AU.", false}} {
		for _, format := range []string{"text", "json"} {
			_, errOut, code := classifyCLI(t, "", "--text", tc.text, "--format", format)
			if code != exitOK || strings.Contains(errOut, "read up to there only") != tc.warn {
				t.Errorf("%d bytes, %s: exit %d, stderr %q", len(tc.text), format, code, errOut)
			}
		}
	}
}

// TestClassifyInEndless: --in of something that is not a regular file
// fails at once, and an endless line on standard input (< /dev/zero) ends
// on an interrupt; both read on until SIGKILL before, as did report --in.
func TestClassifyInEndless(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{"classify", "--in", dir}, {"report", "--in", dir, "--out", dir}} {
		err := run(context.Background(), args)
		if !errors.Is(err, limit.ErrNotRegular) {
			t.Errorf("%v: %v, want a not-regular-file error", args, err)
		}
	}
	for name, args := range map[string][]string{"classify": {"classify", "--in", "-"}, "report": {"--data", dir, "report", "--in", "-", "--out", dir}} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			reads := 0
			oldIn, oldOut, oldErr := stdin, stdout, stderr
			stdin, stdout, stderr = endlessInput{func() {
				if reads++; reads == 100 {
					cancel() // as SIGINT does
				}
			}}, io.Discard, io.Discard
			defer func() { stdin, stdout, stderr = oldIn, oldOut, oldErr }()
			done := make(chan error, 1)
			go func() { done <- run(ctx, args) }()
			select {
			case err := <-done:
				if code := exitCode(ctx, err); code != exitInterrupted {
					t.Errorf("exit %d (%v), want %d", code, err, exitInterrupted)
				}
			case <-time.After(time.Minute):
				t.Fatal("still reading a minute after the interrupt")
			}
		})
	}
}

// endlessInput is /dev/zero without newlines; it calls tick on every read.
type endlessInput struct{ tick func() }

func (e endlessInput) Read(p []byte) (int, error) {
	e.tick()
	for i := range p {
		p[i] = '0'
	}
	return len(p), nil
}

// TestVersionNamesDataModel: where DATA/model.json is what run classifies
// with, `unpv version` names it beside the built-in model (it named only
// the built-in one, which a paper citing the model would then cite).
func TestVersionNamesDataModel(t *testing.T) {
	data := t.TempDir()
	shipped, err := os.ReadFile(defaultModelForTest)
	if err != nil {
		t.Fatal(err)
	}
	retrained := bytes.Replace(shipped, []byte(`"temperature": 0.7`), []byte(`"temperature": 0.8`), 1)
	if err := os.WriteFile(filepath.Join(data, pipeline.ModelFile), retrained, 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := classify.UnmarshalModel(retrained)
	if err != nil {
		t.Fatal(err)
	}
	c, err := classify.New(m)
	if err != nil {
		t.Fatal(err)
	}
	builtIn := pipeline.Version().Model
	if c.Version() == builtIn {
		t.Fatal("the retrained model has the built-in model's version")
	}
	code, out, e := cli(t, nil, "--data", data, "version", "--json")
	var v pipeline.VersionInfo
	if code != 0 || json.Unmarshal([]byte(out), &v) != nil || v.DataModel != c.Version() || v.Model != builtIn {
		t.Errorf("version --json: exit %d, data_model %q model %q; want %s and %s\n%s%s", code, v.DataModel, v.Model, c.Version(), builtIn, out, e)
	}
	if code, out, _ = cli(t, nil, "--data", data, "version"); code != 0 || !strings.Contains(out, c.Version()+" (") || !strings.Contains(out, "built in: "+builtIn) {
		t.Errorf("version: exit %d\n%s", code, out)
	}
	if code, out, _ = cli(t, nil, "--data", t.TempDir(), "version", "--json"); code != 0 || strings.Contains(out, "data_model") {
		t.Errorf("version without DATA/model.json: exit %d\n%s", code, out)
	}
}

// TestClassifyInUnknownSpeaker: a line whose speaker is no delegation unpv
// knows gets no relation and says so (a mistyped code, "KNE", made every
// organisation's relation "third" without a word); a known one keeps it.
func TestClassifyInUnknownSpeaker(t *testing.T) {
	in := `{"sentence":"We commend the African Union for its peacekeeping.","delegation_code":"KNE"}` + "\n" +
		`{"sentence":"We commend the African Union for its peacekeeping.","delegation_code":"KEN"}` + "\n"
	out, errOut, code := classifyCLI(t, in, "--in", "-")
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var o map[string]any
		if err := json.Unmarshal([]byte(l), &o); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, o)
	}
	if len(lines) != 2 || lines[0]["relation"] != nil || lines[0]["speaker_unknown"] != true ||
		lines[1]["relation"] != "member" || lines[1]["speaker_unknown"] != nil {
		t.Errorf("lines: %v", lines)
	}
	if !strings.Contains(errOut, "1 with a speaker that is no delegation unpv knows") {
		t.Errorf("stderr does not count the unknown speaker:\n%s", errOut)
	}
}

// TestClassifyInContext: an --in line's "context" (the sentence before, as
// annotate export and gold-dev give it, or the sentences before, in order)
// is read before the sentence, as the pipeline read the speech and
// --eval reads a pair, so that "the Mission" resolves and the line gets the
// label the store holds for it. --in ignored it: on the demo, 27 of the
// 2,339 stored pairs, exported with their sentence, speaker and date, came
// back with another label or confidence (3 of them with the sentences
// before as context; none with all of them).
func TestClassifyInContext(t *testing.T) {
	const (
		// S/PV.8711#13.38-39 (Russian Federation): "the Association" is ASEAN.
		asean38 = "In January, Hanoi became the President of ASEAN."
		asean39 = "We share Viet Nam's priorities in the Association, including the focus on increasing its contribution to the maintenance of peace and stability in the region."
		// S/PV.8726#6.38-41 (the OSCE's Special Monitoring Mission): the
		// Mission of 41 is the one 39 resolved from 38.
		osce38 = "The Special Monitoring Mission is continuing to work to follow up on information concerning casualties among the civilian population."
		osce39 = "In 2019, according to the information gathered by the Mission, shelling with heavy weapons was the major cause of civilian casualties, with 75 people injured as a result of such incidents."
		osce40 = "However, mines and other explosive objects have been the cause of the majority of the fatalities; 11 people were killed by mines or unexploded ordnance in 2019."
		osce41 = "The Mission's presence, monitoring and reporting are crucial to provide objective and impartial information on the situation on the ground."
	)
	line := func(sentence string, context any) string {
		o := map[string]any{"sentence": sentence, "target": "ASEAN", "delegation_code": "RUS", "date": "2020-01-30"}
		if sentence == osce41 {
			o = map[string]any{"sentence": sentence, "target": "OSCE", "delegation_code": "OSCE", "date": "2020-02-18"}
		}
		if context != nil {
			o["context"] = context
		}
		b, err := json.Marshal(o)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, tc := range []struct {
		name       string
		in         string
		label      string  // as stored by the pipeline
		confidence float64 // as stored
	}{
		{"the sentence before", line(asean39, asean38), "recognition", 0.606},
		{"the sentences before", line(osce41, []string{osce38, osce39, osce40}), "recognition", 0.742},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := classifyCLI(t, tc.in+"\n", "--in", "-")
			if code != exitOK {
				t.Fatalf("exit %d\n%s", code, errOut)
			}
			var o map[string]any
			if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &o); err != nil {
				t.Fatal(err)
			}
			if o["label"] != tc.label || o["confidence"] != tc.confidence {
				t.Errorf("label %v %v, want the stored %s %v", o["label"], o["confidence"], tc.label, tc.confidence)
			}
		})
	}
	// Without its context the sentence reads otherwise: the context counts.
	out, _, _ := classifyCLI(t, line(osce41, nil)+"\n", "--in", "-")
	if strings.Contains(out, `"label":"recognition"`) {
		t.Errorf("without its context, the line still reads as recognition: %s", out)
	}
	if _, errOut, code := classifyCLI(t, line(asean39, 7)+"\n", "--in", "-"); code != exitPartial || !strings.Contains(errOut, `"context" is not a string or a list of strings`) {
		t.Errorf("a context that is a number: exit %d\n%s", code, errOut)
	}
}

// TestClassifyTextContext: --text reads --context (the sentences before,
// in order) as --in reads a line's context and the pipeline a speech, so
// that an anaphor resolves; it had no way to, and printed "no organisation
// found" where the store holds a NATO stance.
func TestClassifyTextContext(t *testing.T) {
	const text = "The Alliance has expanded eastwards, threatening our security."
	for _, tc := range []struct {
		name string
		args []string
		code int
		out  []string
	}{
		{"without", []string{"--text", text}, exitOK, []string{"no organisation found"}},
		{"with", []string{"--text", text, "--context", "We thank the AU.", "--context", "NATO was created in 1949.", "--explain", "2"},
			exitOK, []string{`mention  NATO    "The Alliance" at 0–12 (coreference)`, "stance   NATO"}},
		{"json", []string{"--text", text, "--context", "NATO was created in 1949.", "--format", "json"}, exitOK, []string{`"target":"NATO"`}},
		{"with --in", []string{"--in", "-", "--context", "NATO was created in 1949."}, exitUsage, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := classifyCLI(t, "", tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\n%s\n%s", code, tc.code, out, errOut)
			}
			containsAll(t, "stdout", out, tc.out)
		})
	}
	// The label is SentenceInContext's, which --in gives a line with that context.
	in := `{"sentence": "` + text + `", "context": "NATO was created in 1949."}` + "\n"
	out, _, _ := classifyCLI(t, in, "--in", "-")
	viaText, _, _ := classifyCLI(t, "", "--text", text, "--context", "NATO was created in 1949.", "--format", "json")
	var a, b map[string]any
	json.Unmarshal([]byte(out), &a)
	json.Unmarshal([]byte(viaText), &b)
	if a["label"] == nil || a["label"] != b["label"] || a["confidence"] != b["confidence"] {
		t.Errorf("--in gives %v %v, --text --context %v %v", a["label"], a["confidence"], b["label"], b["confidence"])
	}
}

// TestClassifyModelNotAFile: --model naming a device fails at once (exit
// 1), as --in does; the model file was read with os.ReadFile, and
// --model /dev/zero read until memory ran out.
func TestClassifyModelNotAFile(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	_, errOut, code := classifyCLI(t, "", "--text", "We commend the African Union.", "--model", "/dev/zero")
	if code != exitFailure || !strings.Contains(errOut, "not a regular file") {
		t.Errorf("--model /dev/zero: exit %d, want %d naming what it is\n%s", code, exitFailure, errOut)
	}
}
