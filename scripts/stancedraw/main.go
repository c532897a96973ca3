// Command stancedraw draws (sentence, organisation) pairs from the UN
// General Debate Corpus for annotation by the codebook, the way the dev
// sets in ../shared/stance were drawn: for each organisation some pairs at
// random among the sentences naming it and some among those that also carry
// a word often used in criticism (to enrich the rare counter class), at
// most two pairs per statement. Sentences and statements already in a dev
// file are left out. The draw is deterministic for a given seed.
// With -uncertain it draws for active learning instead: per organisation
// the pairs the model (the shipped one, or -model) is least sure of.
//
//	tar -xJf ../shared/corpora/ungdc-full/ungdc-1946-2024.tar.xz -C /tmp/ungdc
//	go run ./scripts/stancedraw -corpus /tmp/ungdc -exclude ../shared/stance -out pairs.jsonl
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/classify"
	"github.com/unpv/unpv/corpora"
	"github.com/unpv/unpv/extract"
)

// contest are words often used in criticism, chosen before drawing from the
// codebook's counter cues and the vocabulary of contestation in general
// (not from labelled pairs); they only decide which sentences the enriched
// draw samples from.
var contest = regexp.MustCompile(`(?i)\b(so-called|so called|bloc|blocs|hegemon\w*|instrument of|tool of|vehicle for|illegal\w*|illegitima\w*|condemn\w*|sanction\w*|threat\w*|fail\w*|aggress\w*|expansion\w*|imperialis\w*|colonial\w*|neo-?colonial\w*|puppet\w*|interfer\w*|intervention\w*|occupation|occupying|bias\w*|partial|double standards?|reject\w*|oppos\w*|impos\w*|dictat\w*|militaris\w*|militariz\w*|domination|dominat\w*|subordinat\w*|pressure|inaction|passiv\w*|silen\w*|ineffective\w*|unable|powerless|cannot accept|do not recognize|do not accept|no added value|serves? the interests|at the behest|complicit\w*|divid\w*|destabiliz\w*|destabilis\w*|provocat\w*|hostil\w*|confrontation\w*|encircl\w*|exclude\w*|exclusion)\b`)

// options are the command's flags.
type options struct {
	corpus, exclude, out, prefix string
	labelled                     string
	seed                         uint64
	nRandom, nEnriched           int
	grep                         *regexp.Regexp // print matching sentences instead of drawing
	cues                         bool           // draw a cue-precision sample
	perCue                       map[string]int // with cues: pairs per counter ("ctr") and recognition ("rec") cue
	nUncertain                   int            // draw an uncertainty sample of this many pairs per organisation
	nCounter                     int            // draw a counter-seeking sample of this many pairs per organisation
	model                        string         // with nUncertain: model file, "" for the shipped one
}

type candidate struct {
	ID       string `json:"id"`
	Source   string `json:"source"`
	Symbol   string `json:"symbol"`
	Date     string `json:"date"`
	Speaker  string `json:"speaker"`
	Target   string `json:"target"`
	Context  string `json:"context"`
	Sentence string `json:"sentence"`
	Draw     string `json:"draw"` // "random", "enriched", "cue:<class>:<cue>" or "uncertain:<model label>:<lexicon label>"
	stmt     string
	score    float64  // with -uncertain: lower is less sure
	cues     []string // with -cues: class:cue of the cues read as the speaker's judgement of the target, or as another actor's act on it (role o2t)
}

func main() {
	corpus := flag.String("corpus", "", "folder holding the unpacked ungdc-full archive")
	exclude := flag.String("exclude", "../shared/stance", "folder of dev JSONL files whose sentences and statements are left out")
	labelled := flag.String("labelled", "", "folder of other labelled JSONL files (training-only rounds) whose sentences are left out; their statements are not, since only dev statements must stay out of training")
	out := flag.String("out", "", "output JSONL")
	seed := flag.Uint64("seed", 20261206, "random seed")
	random := flag.Int("random", 25, "pairs per organisation drawn at random")
	enriched := flag.Int("enriched", 35, "pairs per organisation drawn among sentences with a contesting word")
	prefix := flag.String("prefix", "u", "id prefix")
	cues := flag.Bool("cues", false, "draw a cue-precision sample instead: for each counter cue up to -per-ctr pairs (at most two about NATO), for each recognition cue up to -per-rec, where the cue is read as the speaker's judgement of the organisation")
	perCtr := flag.Int("per-ctr", 6, "with -cues: pairs per counter cue")
	perRec := flag.Int("per-rec", 3, "with -cues: pairs per recognition cue")
	uncertain := flag.Int("uncertain", 0, "draw an uncertainty sample instead: per organisation up to this many pairs on which the shipped model is least sure (lowest confidence, pairs where it and the lexicon disagree first), one per statement")
	modelFile := flag.String("model", "", "with -uncertain: the model file to score with (default: the shipped model), e.g. one trained with the last round's labels")
	counterish := flag.Int("counter", 0, "draw a counter-seeking sample instead: per organisation up to this many pairs (a third of it for NATO, whose counter pairs are plentiful) most likely to be counter — the model's counter labels first, then the lexicon's, then sentences with a contesting word — one per statement")
	grep := flag.String("grep", "", "instead of drawing, print the sentences naming an organisation that match this regular expression (with their statement), to find real examples for tests")
	flag.Parse()
	o := options{corpus: *corpus, exclude: *exclude, labelled: *labelled, out: *out, prefix: *prefix, seed: *seed,
		nRandom: *random, nEnriched: *enriched, cues: *cues,
		perCue:     map[string]int{"ctr": *perCtr, "rec": *perRec},
		nUncertain: *uncertain, nCounter: *counterish, model: *modelFile}
	if *grep != "" {
		o.grep = regexp.MustCompile(*grep)
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "stancedraw:", err)
		os.Exit(1)
	}
}

func norm(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

func run(o options) error {
	if o.corpus == "" || (o.out == "" && o.grep == nil) {
		return fmt.Errorf("need -corpus and -out")
	}
	seenSent, seenStmt, err := readExcluded(o.exclude)
	if err != nil {
		return err
	}
	if o.labelled != "" {
		more, _, err := readExcluded(o.labelled)
		if err != nil {
			return err
		}
		for k := range more {
			seenSent[k] = true
		}
	}
	c, err := classifier(o.model)
	if err != nil {
		return err
	}
	var all []candidate
	for m, err := range corpora.ImportUNGDC(os.DirFS(o.corpus), corpora.UNGDCOptions{}) {
		if err != nil {
			return err
		}
		for _, sp := range m.Speeches {
			stmt := sp.DelegationCode + "|" + m.Meeting.Symbol
			if seenStmt[stmt] {
				continue
			}
			sents := extract.Sentences(sp)
			for i, s := range sents {
				if len(s.Text) > 1200 || seenSent[norm(s.Text)] {
					continue
				}
				if o.grep != nil {
					if o.grep.MatchString(s.Text) && len(c.Mentions(s.Text)) > 0 {
						fmt.Printf("%s %s\t%s\n", sp.DelegationCode, m.Meeting.Symbol, strings.Join(strings.Fields(s.Text), " "))
					}
					continue
				}
				ctx := ""
				if i > 0 {
					ctx = sents[i-1].Text
				}
				sts, err := targetsOf(c, s.Text, o.nUncertain > 0 || o.nCounter > 0)
				if err != nil {
					return err
				}
				for _, st := range sts {
					cd := candidate{Source: "ungdc", Symbol: m.Meeting.Symbol, Date: m.Meeting.Date,
						Speaker: sp.DelegationCode, Target: st.Target, Context: ctx, Sentence: s.Text, stmt: stmt}
					if o.cues {
						for _, h := range c.Cues(s.Text, st.Target) {
							switch h.Role {
							case "tgt", "spk", "gen", "o2t":
								if h.Class != "neu" {
									cd.cues = append(cd.cues, h.Class+":"+h.Cue)
								}
							}
						}
						if len(cd.cues) == 0 {
							continue
						}
					}
					if o.nUncertain > 0 {
						l := c.Baseline(s.Text, st.Target)
						cd.score = st.Confidence
						if st.Label != l.Label {
							cd.score -= 0.25
						}
						cd.Draw = "uncertain:" + string(st.Label) + ":" + string(l.Label)
					}
					if o.nCounter > 0 {
						var ok bool
						if cd.score, cd.Draw, ok = counterScore(c, st, s.Text); !ok {
							continue
						}
					}
					all = append(all, cd)
				}
			}
		}
	}
	if o.grep != nil {
		return nil
	}
	if o.cues {
		return drawCues(all, o)
	}
	if o.nUncertain > 0 {
		return drawUncertain(all, o)
	}
	if o.nCounter > 0 {
		return drawCounter(all, o)
	}
	seed := o.seed
	byOrg, orgs := byOrganisation(all)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	perStmt := map[string]int{}
	used := map[string]bool{}
	var drawn []candidate
	take := func(pool []candidate, n int, kind string) {
		idx := rng.Perm(len(pool))
		got := 0
		for _, i := range idx {
			if got == n {
				break
			}
			cd := pool[i]
			key := norm(cd.Sentence) + "|" + cd.Target
			if used[key] || perStmt[cd.stmt] >= 2 {
				continue
			}
			used[key] = true
			perStmt[cd.stmt]++
			cd.Draw = kind
			drawn = append(drawn, cd)
			got++
		}
	}
	for _, org := range orgs {
		pool := byOrg[org]
		var hot []candidate
		for _, cd := range pool {
			if contest.MatchString(cd.Sentence) {
				hot = append(hot, cd)
			}
		}
		fmt.Fprintf(os.Stderr, "%-8s candidates %6d  with a contesting word %5d\n", org, len(pool), len(hot))
		take(hot, o.nEnriched, "enriched")
		take(pool, o.nRandom, "random")
	}
	fmt.Fprintf(os.Stderr, "%d candidates, %d drawn\n", len(all), len(drawn))
	return writeDrawn(rng, drawn, o.out, o.prefix)
}

// writeDrawn shuffles the drawn pairs, numbers them and writes them as JSON Lines.
func writeDrawn(rng *rand.Rand, drawn []candidate, out, prefix string) error {
	rng.Shuffle(len(drawn), func(i, j int) { drawn[i], drawn[j] = drawn[j], drawn[i] })
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for i := range drawn {
		drawn[i].ID = fmt.Sprintf("%s%04d", prefix, i+1)
		if err := enc.Encode(drawn[i]); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// readExcluded reads every JSONL file in dir and returns the normalised
// sentences and the general-debate statements (speaker|symbol) they hold.
func readExcluded(dir string) (map[string]bool, map[string]bool, error) {
	sents, stmts := map[string]bool{}, map[string]bool{}
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		return nil, nil, err
	}
	for _, fn := range files {
		f, err := os.Open(fn)
		if err != nil {
			return nil, nil, err
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			var p struct{ Source, Symbol, Speaker, Sentence string }
			if json.Unmarshal(sc.Bytes(), &p) != nil {
				continue
			}
			sents[norm(p.Sentence)] = true
			if p.Source == "ungdc" {
				stmts[p.Speaker+"|"+p.Symbol] = true
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			// A file read in part would let its pairs be drawn again.
			return nil, nil, fmt.Errorf("%s: %w", fn, err)
		}
	}
	return sents, stmts, nil
}

// drawCues draws, for every cue, a few pairs in which it is read as the
// speaker's judgement of the organisation: a sample to measure each cue's
// precision on, and training pairs where the decision is hard.
func drawCues(all []candidate, o options) error {
	seed := o.seed
	byCue := map[string][]int{}
	for i, cd := range all {
		for _, k := range cd.cues {
			byCue[k] = append(byCue[k], i)
		}
	}
	keys := make([]string, 0, len(byCue))
	for k := range byCue {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	rng := rand.New(rand.NewPCG(seed, seed^0x243f6a8885a308d3))
	usedStmt := map[string]bool{}
	usedPair := map[int]bool{}
	var drawn []candidate
	for _, k := range keys {
		class := k[:3]
		want := o.perCue[class]
		nato := 0
		got := 0
		for _, j := range rng.Perm(len(byCue[k])) {
			if got == want {
				break
			}
			i := byCue[k][j]
			cd := all[i]
			if usedPair[i] || usedStmt[cd.stmt] || (cd.Target == "NATO" && nato >= 2) {
				continue
			}
			usedPair[i], usedStmt[cd.stmt] = true, true
			if cd.Target == "NATO" {
				nato++
			}
			cd.Draw = "cue:" + k
			drawn = append(drawn, cd)
			got++
		}
		fmt.Fprintf(os.Stderr, "%-40s candidates %5d drawn %d\n", k, len(byCue[k]), got)
	}
	fmt.Fprintf(os.Stderr, "%d candidates with cues, %d drawn\n", len(all), len(drawn))
	return writeDrawn(rng, drawn, o.out, o.prefix)
}

// drawUncertain draws, per organisation, the pairs the shipped model is
// least sure of (uncertainty sampling): where a label would teach the model
// most. Pairs on which the model and the lexicon disagree come first.
func drawUncertain(all []candidate, o options) error {
	return drawRanked(all, o, 0x452821e638d01377, func(_ *rand.Rand, pool []candidate) {
		sort.SliceStable(pool, func(i, j int) bool { return pool[i].score < pool[j].score })
	}, func(string) int { return o.nUncertain })
}

// drawRanked draws, per organisation, the first want(org) pairs of its
// pool as order arranges it, one per statement and one per sentence.
// salt seeds the shuffle of the pairs written (and order's rng).
func drawRanked(all []candidate, o options, salt uint64, order func(*rand.Rand, []candidate), want func(org string) int) error {
	seed := o.seed
	byOrg, orgs := byOrganisation(all)
	rng := rand.New(rand.NewPCG(seed, seed^salt))
	usedStmt := map[string]bool{}
	usedSent := map[string]bool{}
	var drawn []candidate
	for _, org := range orgs {
		pool := byOrg[org]
		order(rng, pool)
		got := map[string]int{}
		n := 0
		for _, cd := range pool {
			if n == want(org) {
				break
			}
			k := norm(cd.Sentence)
			if usedStmt[cd.stmt] || usedSent[k] {
				continue
			}
			usedStmt[cd.stmt], usedSent[k] = true, true
			drawn = append(drawn, cd)
			got[cd.Draw]++
			n++
		}
		fmt.Fprintf(os.Stderr, "%-8s candidates %6d drawn %d %v\n", org, len(pool), n, got)
	}
	fmt.Fprintf(os.Stderr, "%d candidates, %d drawn\n", len(all), len(drawn))
	return writeDrawn(rng, drawn, o.out, o.prefix)
}

// counterScore ranks a pair for the counter-seeking draw: the model's
// counter labels first, then the lexicon's, then sentences with a
// contesting word (drawCounter takes each kind in random order); ok is
// false for a pair with none of these. The
// counter class is rare (about 3% of mentions) and nearly all the labelled
// counter pairs are about NATO, so a random draw finds almost none of the
// counter pairs toward other organisations that the model must learn, and
// the pairs it wrongly calls counter are the hard negatives it gets wrong.
func counterScore(c *classify.Classifier, st unpv.Stance, sentence string) (score float64, draw string, ok bool) {
	switch {
	case st.Label == unpv.Counter:
		return 2 + st.Confidence, "counter:model", true
	case c.Baseline(sentence, st.Target).Label == unpv.Counter:
		return 1 + st.Confidence/10, "counter:lexicon", true
	case contest.MatchString(sentence):
		return st.Confidence / 10, "counter:word", true
	}
	return 0, "", false
}

// drawCounter draws, per organisation, the pairs most likely to be
// counter (counterScore), one per statement and sentence; NATO gets a
// third of the others' share.
func drawCounter(all []candidate, o options) error {
	return drawRanked(all, o, 0x13198a2e03707344, func(rng *rand.Rand, pool []candidate) {
		rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
		sort.SliceStable(pool, func(i, j int) bool { return int(pool[i].score) > int(pool[j].score) })
	}, func(org string) int {
		if org == "NATO" {
			return (o.nCounter + 2) / 3
		}
		return o.nCounter
	})
}

// targetsOf lists the organisations sentence names, in order of first
// mention, as stances with only Target set, or, when classified is true,
// with the model's stance toward each (one reading of the sentence for all).
func targetsOf(c *classify.Classifier, sentence string, classified bool) ([]unpv.Stance, error) {
	if classified {
		return c.Sentence(sentence, "", "")
	}
	var out []unpv.Stance
	seen := map[string]bool{}
	for _, m := range c.Mentions(sentence) {
		if !seen[m.Target] {
			seen[m.Target] = true
			out = append(out, unpv.Stance{Target: m.Target})
		}
	}
	return out, nil
}

// classifier is the shipped classifier, or one built from the model file path.
func classifier(path string) (*classify.Classifier, error) {
	if path == "" {
		return classify.Default()
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m, err := classify.UnmarshalModel(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return classify.New(m)
}

// byOrganisation groups candidates by target, with the targets sorted.
func byOrganisation(all []candidate) (map[string][]candidate, []string) {
	byOrg := map[string][]candidate{}
	for _, cd := range all {
		byOrg[cd.Target] = append(byOrg[cd.Target], cd)
	}
	orgs := make([]string, 0, len(byOrg))
	for o := range byOrg {
		orgs = append(orgs, o)
	}
	sort.Strings(orgs)
	return byOrg, orgs
}
