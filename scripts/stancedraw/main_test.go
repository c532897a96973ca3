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
	want := []string{"AU:c", "AU:d", "EU:e"}
	if !slices.Equal(got, want) {
		t.Errorf("drawn %v, want %v", got, want)
	}
}
