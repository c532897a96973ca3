package classify

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/unpv/unpv"
)

var cueReport = flag.String("cue-report", "", "write the cue precision table (Markdown) to this file")

// cuePrecision is how often a cue, read as the speaker's judgement of the
// target, goes with the label of its class in labelled pairs.
type cuePrecision struct {
	cue, class string
	n, hits    int
}

// measureCues counts, over labelled pairs, each recognition and counter
// cue that the reading attributes to the speaker's judgement of the
// target (roles tgt, spk, gen; negation applied), and how often the pair's
// label is the cue's effective class.
func measureCues(c *Classifier, pairs []Pair) []cuePrecision {
	stats := map[string]*cuePrecision{}
	for _, p := range pairs {
		a := c.lex.analyse(p.Sentence, c.pairMentions(p), p.Target)
		seen := map[string]bool{}
		for _, h := range a.hits {
			if !speakerOwn(h.role) {
				continue
			}
			class, _, _, _ := a.effective(h)
			if class != cueRec && class != cueCtr {
				continue
			}
			key := class + "\t" + h.cue.text + neg(h.negated)
			if seen[key] {
				continue
			}
			seen[key] = true
			s := stats[key]
			if s == nil {
				s = &cuePrecision{cue: h.cue.text + neg(h.negated), class: class}
				stats[key] = s
			}
			s.n++
			if (class == cueRec && p.Label == unpv.Recognition) || (class == cueCtr && p.Label == unpv.Counter) {
				s.hits++
			}
		}
	}
	out := make([]cuePrecision, 0, len(stats))
	for _, s := range stats {
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].class != out[j].class {
			return out[i].class > out[j].class
		}
		if out[i].n != out[j].n {
			return out[i].n > out[j].n
		}
		return out[i].cue < out[j].cue
	})
	return out
}

// TestCuePrecision measures every cue's precision on the pairs annotated
// from the unlabelled General Debate Corpus (classify/data/ungdc-annotated*.jsonl,
// never the dev sets), and checks that each class's cues, pooled, are
// right more often than that class's share of the sample: a lexicon no
// better than chance would fail. With -v it prints the table; with
// -cue-report FILE it writes it as Markdown.
func TestCuePrecision(t *testing.T) {
	c := mustBaseline(t)
	pairs := readPairFiles(t, "data/ungdc-annotated.jsonl", "data/ungdc-annotated-cues.jsonl")
	var share [3]float64
	for _, p := range pairs {
		share[classIndex(p.Label)]++
	}
	for k := range share {
		share[k] /= float64(len(pairs))
	}
	stats := measureCues(c, pairs)
	var b strings.Builder
	fmt.Fprintf(&b, "| class | cue | pairs | precision |\n|---|---|---|---|\n")
	pooled := map[string][2]int{}
	for _, s := range stats {
		fmt.Fprintf(&b, "| %s | %s | %d | %.2f |\n", s.class, s.cue, s.n, float64(s.hits)/float64(s.n))
		v := pooled[s.class]
		pooled[s.class] = [2]int{v[0] + s.hits, v[1] + s.n}
	}
	t.Log("\n" + b.String())
	if *cueReport != "" {
		if err := os.WriteFile(*cueReport, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// docs/classify-cues.md prints this table: a lexicon change must
	// regenerate it, or the page describes cues the classifier no longer has.
	doc, err := os.ReadFile("../docs/classify-cues.md")
	if err != nil {
		t.Fatal(err)
	}
	if _, table, ok := strings.Cut(string(doc), "\n| class | cue |"); !ok || "| class | cue |"+table != b.String() {
		t.Errorf("docs/classify-cues.md's table is not this lexicon's: paste in the output of go test ./classify -run CuePrecision -cue-report FILE")
	}
	for class, base := range map[string]float64{cueRec: share[classIndex(unpv.Recognition)], cueCtr: share[classIndex(unpv.Counter)]} {
		v := pooled[class]
		prec := float64(v[0]) / float64(v[1])
		t.Logf("%s cues pooled: precision %.2f over %d cue-pair occurrences; the class is %.2f of the sample", class, prec, v[1], base)
		if prec <= base {
			t.Errorf("%s cues are right %.2f of the time, no better than the class share %.2f", class, prec, base)
		}
	}
}

func mustBaseline(t *testing.T) *Classifier {
	t.Helper()
	c, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func readPairFiles(t testing.TB, files ...string) []Pair {
	t.Helper()
	var out []Pair
	for _, fn := range files {
		f, err := os.Open(fn)
		if err != nil {
			t.Fatal(err)
		}
		ps, bad, err := ReadPairs(f)
		f.Close()
		if err != nil || len(bad) > 0 {
			t.Fatalf("%s: %v %v", fn, err, bad)
		}
		out = append(out, ps...)
	}
	return out
}
