package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestDrawUncertain: per organisation the least sure pairs first, at most
// nUncertain of them, one per statement and one per sentence.
func TestDrawUncertain(t *testing.T) {
	all := []candidate{
		{Target: "AU", Sentence: "a", stmt: "s1", score: 0.9},
		{Target: "AU", Sentence: "b", stmt: "s2", score: 0.3},
		{Target: "AU", Sentence: "c", stmt: "s2", score: 0.2}, // same statement as b, less sure: wins
		{Target: "AU", Sentence: "d", stmt: "s3", score: 0.5},
		{Target: "EU", Sentence: "c", stmt: "s4", score: 0.1}, // same sentence as an AU pair drawn
		{Target: "EU", Sentence: "e", stmt: "s5", score: 0.6},
	}
	out := filepath.Join(t.TempDir(), "drawn.jsonl")
	if err := drawUncertain(all, options{seed: 1, out: out, prefix: "z", nUncertain: 2}); err != nil {
		t.Fatal(err)
	}
	got := readDrawn(t, out)
	want := []string{"AU:c", "AU:d", "EU:e"}
	if !slices.Equal(got, want) {
		t.Errorf("drawn %v, want %v", got, want)
	}
}

// TestDrawCounter: per organisation the model's counter labels first, then
// the lexicon's, then contesting words, one per statement and sentence;
// NATO gets a third of the share.
func TestDrawCounter(t *testing.T) {
	all := []candidate{
		{Target: "AU", Sentence: "word", stmt: "s1", score: 0.05, Draw: "counter:word"},
		{Target: "AU", Sentence: "lex", stmt: "s2", score: 1.05, Draw: "counter:lexicon"},
		{Target: "AU", Sentence: "model", stmt: "s3", score: 2.7, Draw: "counter:model"},
		{Target: "AU", Sentence: "model2", stmt: "s3", score: 2.9, Draw: "counter:model"}, // same statement as model or model2, whichever comes first
		{Target: "NATO", Sentence: "n1", stmt: "s4", score: 2.6, Draw: "counter:model"},
		{Target: "NATO", Sentence: "n2", stmt: "s5", score: 2.8, Draw: "counter:model"},
		{Target: "NATO", Sentence: "n3", stmt: "s6", score: 1.1, Draw: "counter:lexicon"},
	}
	out := filepath.Join(t.TempDir(), "drawn.jsonl")
	if err := drawCounter(all, options{seed: 1, out: out, prefix: "k", nCounter: 2}); err != nil {
		t.Fatal(err)
	}
	got := readDrawn(t, out)
	if len(got) != 3 || !slices.Contains(got, "AU:lex") || !(slices.Contains(got, "AU:model") != slices.Contains(got, "AU:model2")) ||
		!(slices.Contains(got, "NATO:n1") != slices.Contains(got, "NATO:n2")) {
		t.Errorf("drawn %v, want one AU model pair, AU:lex and one NATO model pair", got)
	}
}

// readDrawn reads a draw's output as sorted target:sentence keys.
func readDrawn(t *testing.T, out string) []string {
	t.Helper()
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var c candidate
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		got = append(got, c.Target+":"+c.Sentence)
	}
	slices.Sort(got)
	return got
}

// TestReadExcludedUnreadable: a file of excluded pairs that cannot be read
// to its end is an error, not an exclusion list cut short (whose pairs
// would be drawn again); readExcluded ignored the scanner's error.
func TestReadExcludedUnreadable(t *testing.T) {
	dir := t.TempDir()
	good := `{"source":"ungdc","symbol":"A/73/PV (general debate)","speaker":"KAZ","sentence":"The AU leads."}` + "\n"
	if err := os.WriteFile(filepath.Join(dir, "a.jsonl"), []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	// Opens, then fails on the first read.
	if err := os.Mkdir(filepath.Join(dir, "b.jsonl"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, _, err := readExcluded(dir); err == nil {
		t.Error("a file that could not be read excluded nothing, without an error")
	}
	if err := os.Remove(filepath.Join(dir, "b.jsonl")); err != nil {
		t.Fatal(err)
	}
	sents, stmts, err := readExcluded(dir)
	if err != nil || len(sents) != 1 || !stmts["KAZ|A/73/PV (general debate)"] {
		t.Errorf("readExcluded: %v %v %v", sents, stmts, err)
	}
}
