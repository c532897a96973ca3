package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/unpv/unpv"
	"github.com/unpv/unpv/internal/fixture"
)

// codingFixture is storeFixture classified: one stance (CSTO, recognition)
// on S/PV.8422#2.2.
func codingFixture(t *testing.T) (*Store, *Extraction) {
	t.Helper()
	ctx := context.Background()
	s := openTestStore(t)
	ex := storeFixture()
	if err := s.ReplaceExtraction(ctx, "pdf:S/PV.8422", ex, StageState{InputHash: "aa", Version: "x1", OutputHash: "o1"}); err != nil {
		t.Fatal(err)
	}
	classifyFixture(t, s, "m1", unpv.Recognition)
	return s, ex
}

func classifyFixture(t *testing.T, s *Store, model string, label unpv.Label) {
	t.Helper()
	st := unpv.Stance{SentenceID: "S/PV.8422#2.2", Target: "CSTO", Label: label, Confidence: 0.9, Evidence: "key partner",
		Relation: unpv.RelMember, Model: model}
	mn := unpv.Mention{SentenceID: "S/PV.8422#2.2", Target: "CSTO", Surface: "CSTO", Start: 4, End: 8}
	if err := s.ReplaceClassification(context.Background(), "pdf:S/PV.8422", []unpv.Mention{mn}, []unpv.Stance{st},
		StageState{InputHash: "o1", Version: model, OutputHash: "c-" + model}); err != nil {
		t.Fatal(err)
	}
}

// labels is what EachStance yields: "sentence target label hand model_label".
func labels(t *testing.T, s *Store) []string {
	t.Helper()
	var out []string
	if err := s.EachStance(context.Background(), func(r StanceRow) error {
		out = append(out, fmt.Sprintf("%s %s %s hand=%v model=%s", r.SentenceID, r.Target, r.Label, r.Hand, r.ModelLabel))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestHandOnlyRowsInOrder: a hand-labelled pair the model did not label
// comes in EachStance's (date, symbol, speech, sentence, target) order
// among the model's rows. TestCodingsOverrideTheModel adds one only to the
// model's own speech, on its target, so mutants ordering speeches or
// targets backwards survived.
func TestHandOnlyRowsInOrder(t *testing.T) {
	const model = "S/PV.8422#2.2 CSTO recognition hand=false model="
	tests := []struct {
		name       string
		id, target string
		want       []string
	}{
		{"an earlier speech", "S/PV.8422#1.1", "AU", []string{"S/PV.8422#1.1 AU neutral hand=true model=", model}},
		{"an earlier sentence", "S/PV.8422#2.1", "EU", []string{"S/PV.8422#2.1 EU neutral hand=true model=", model}},
		{"the same sentence, a target before", "S/PV.8422#2.2", "AU", []string{"S/PV.8422#2.2 AU neutral hand=true model=", model}},
		{"the same sentence, a target after", "S/PV.8422#2.2", "EU", []string{model, "S/PV.8422#2.2 EU neutral hand=true model="}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := codingFixture(t)
			if _, err := s.AddCoding(context.Background(), unpv.Coding{SentenceID: tt.id, Target: tt.target, Coder: "alice", Label: unpv.Neutral}); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, labels(t, s)); d != "" {
				t.Errorf("stance rows (-want +got):\n%s", d)
			}
		})
	}
}

func TestCodingsOverrideTheModel(t *testing.T) {
	ctx := context.Background()
	s, _ := codingFixture(t)
	const pair = "S/PV.8422#2.2"
	digest0, _ := s.StatesDigest(ctx)
	check := func(step string, want ...string) {
		t.Helper()
		if d := cmp.Diff(want, labels(t, s)); d != "" {
			t.Errorf("%s: stance rows (-want +got):\n%s", step, d)
		}
	}
	check("model only", pair+" CSTO recognition hand=false model=")

	// One coder corrects the model.
	c, err := s.AddCoding(ctx, unpv.Coding{SentenceID: pair, Target: "CSTO", Coder: "alice", Label: unpv.Neutral, Note: "a fact"})
	if err != nil {
		t.Fatal(err)
	}
	if c.ID == 0 || c.At == "" || c.Sentence != "The CSTO is a key partner of the United Nations." || c.ModelLabel != unpv.Recognition || c.Model != "m1" {
		t.Errorf("stored coding not completed: %+v", c)
	}
	check("one coder", pair+" CSTO neutral hand=true model=recognition")
	digest1, _ := s.StatesDigest(ctx)
	if digest1 == digest0 {
		t.Error("a hand label did not change the store's content hash")
	}

	// A second coder disagrees: the model's label stands until adjudicated.
	if _, err := s.AddCoding(ctx, unpv.Coding{SentenceID: pair, Target: "CSTO", Coder: "bob", Label: unpv.Counter}); err != nil {
		t.Fatal(err)
	}
	check("disputed", pair+" CSTO recognition hand=false model=")
	if d, _ := s.StatesDigest(ctx); d != digest0 {
		t.Error("a disputed pair (no hand label) changed the store's content hash")
	}
	hl, _ := s.HandLabels(ctx)
	if want := []HandLabel{{SentenceID: pair, Target: "CSTO", Status: unpv.HandDisputed, Coders: 2, At: hl[0].At,
		Sentence: "The CSTO is a key partner of the United Nations."}}; !cmp.Equal(want, hl) {
		t.Errorf("hand labels: %+v, want %+v", hl, want)
	}
	// Alice changes her mind to agree with Bob: her latest label counts.
	if _, err := s.AddCoding(ctx, unpv.Coding{SentenceID: pair, Target: "CSTO", Coder: "alice", Label: unpv.Counter}); err != nil {
		t.Fatal(err)
	}
	check("agreed", pair+" CSTO counter hand=true model=recognition")
	// An adjudication decides whatever the coders say.
	if _, err := s.AddCoding(ctx, unpv.Coding{SentenceID: pair, Target: "CSTO", Coder: "carol", Label: unpv.Neutral, Adjudication: true}); err != nil {
		t.Fatal(err)
	}
	check("adjudicated", pair+" CSTO neutral hand=true model=recognition")
	hl, _ = s.HandLabels(ctx)
	if hl[0].Status != unpv.HandAdjudicated || hl[0].Coders != 2 {
		t.Errorf("after adjudication: %+v", hl[0])
	}
	// Undo takes back each coder's latest act, in order.
	if u, err := s.UndoCoding(ctx, "carol"); err != nil || !u.Adjudication {
		t.Fatalf("undo carol: %+v %v", u, err)
	}
	check("adjudication undone", pair+" CSTO counter hand=true model=recognition")
	if _, err := s.UndoCoding(ctx, "carol"); !errors.Is(err, unpv.ErrNotFound) {
		t.Errorf("undo with nothing left: %v", err)
	}

	// A pair the model did not label, labelled by hand, is a row of its own.
	if _, err := s.AddCoding(ctx, unpv.Coding{SentenceID: "S/PV.8422#2.1", Target: "CSTO", Coder: "alice", Label: unpv.Neutral}); err != nil {
		t.Fatal(err)
	}
	check("extended", "S/PV.8422#2.1 CSTO neutral hand=true model=", pair+" CSTO counter hand=true model=recognition")
	// A skip labels nothing.
	if _, err := s.AddCoding(ctx, unpv.Coding{SentenceID: "S/PV.8422#1.1", Target: "AU", Coder: "bob"}); err != nil {
		t.Fatal(err)
	}
	check("skip", "S/PV.8422#2.1 CSTO neutral hand=true model=", pair+" CSTO counter hand=true model=recognition")

	// Codings survive a new model: its label is what they override now.
	classifyFixture(t, s, "m2", unpv.Neutral)
	check("new model", "S/PV.8422#2.1 CSTO neutral hand=true model=", pair+" CSTO counter hand=true model=neutral")

	// A re-extraction that changes a sentence's text leaves its codings
	// stale: they no longer apply, and are counted.
	ex := storeFixture()
	ex.Speeches[1].Text = "We abstained. The CSTO is a partner."
	ex.Sentences[2].Text, ex.Sentences[2].End = "The CSTO is a partner.", 36
	if err := s.ReplaceExtraction(ctx, "pdf:S/PV.8422", ex, StageState{InputHash: "ab", Version: "x1", OutputHash: "o2"}); err != nil {
		t.Fatal(err)
	}
	check("re-extracted", "S/PV.8422#2.1 CSTO neutral hand=true model=")
	staleActs := 0
	err = s.EachCoding(ctx, func(c unpv.Coding) error {
		if c.Stale && c.Label != "" {
			staleActs++
		}
		return nil
	})
	if err != nil || staleActs != 3 {
		t.Errorf("stale codings: %d %v, want 3 (alice twice and bob on the changed sentence)", staleActs, err)
	}
	// A coding of the sentence as it reads now applies beside the stale ones.
	if _, err := s.AddCoding(ctx, unpv.Coding{SentenceID: pair, Target: "CSTO", Coder: "alice", Label: unpv.Recognition}); err != nil {
		t.Fatal(err)
	}
	// (the re-extraction dropped the model's stance: a hand-only row until classify runs)
	check("recoded", "S/PV.8422#2.1 CSTO neutral hand=true model=", pair+" CSTO recognition hand=true model=")
	hl, _ = s.HandLabels(ctx)
	var stale, fresh int
	for _, h := range hl {
		if h.SentenceID == pair && h.Stale {
			stale++
		} else if h.SentenceID == pair && h.Sentence == "The CSTO is a partner." && h.Status == unpv.HandCoded {
			fresh++
		}
	}
	if stale != 1 || fresh != 1 {
		t.Errorf("hand labels after recoding the changed sentence: %+v", hl)
	}

	// Bad codings are refused.
	for _, c := range []unpv.Coding{
		{SentenceID: pair, Target: "CSTO", Label: unpv.Neutral},
		{SentenceID: pair, Target: "CSTO", Coder: "x", Label: "support"},
		{SentenceID: "S/PV.1#1.1", Target: "CSTO", Coder: "x", Label: unpv.Neutral},
		{SentenceID: pair, Target: "CSTO", Coder: "x", Adjudication: true},
	} {
		if _, err := s.AddCoding(ctx, c); !errors.Is(err, ErrBadCoding) {
			t.Errorf("AddCoding(%+v): %v, want ErrBadCoding", c, err)
		}
	}
	coders, _ := s.Coders(ctx)
	if d := cmp.Diff([]string{"alice", "bob", "carol"}, coders); d != "" {
		t.Errorf("coders (-want +got):\n%s", d)
	}
}

func TestImportCodingsIsIdempotent(t *testing.T) {
	ctx := context.Background()
	s, _ := codingFixture(t)
	cs := []unpv.Coding{
		{SentenceID: "S/PV.8422#2.2", Target: "CSTO", Coder: "alice", Label: unpv.Neutral, At: "2026-01-02T03:04:05.000Z", Queue: "import a.jsonl"},
		{SentenceID: "S/PV.8422#2.2", Target: "CSTO", Coder: "bob", Label: unpv.Neutral, At: "2026-01-02T03:04:06.000Z", Note: "fact"},
	}
	for i, want := range []int{2, 0} {
		n, err := s.ImportCodings(ctx, cs)
		if err != nil || n != want {
			t.Errorf("import %d: added %d, %v; want %d", i+1, n, err, want)
		}
	}
	var got []unpv.Coding
	s.EachCoding(ctx, func(c unpv.Coding) error { got = append(got, c); return nil })
	if len(got) != 2 || got[1].Note != "fact" || got[0].At != cs[0].At || got[0].ModelLabel != unpv.Recognition {
		t.Errorf("imported: %+v", got)
	}
	if _, err := s.ImportCodings(ctx, []unpv.Coding{{SentenceID: "S/PV.9#1.1", Target: "AU", Coder: "x", Label: unpv.Neutral}}); !errors.Is(err, ErrBadCoding) {
		t.Errorf("import of an unknown sentence: %v", err)
	}
}

// TestCodingTimes: a coding's time is stored as every stored time is (UTC,
// milliseconds), whatever RFC 3339 form an import gives it, so that times
// compare as text (the latest act, a coder's last) and a re-import of the
// same act in another form adds nothing; a time that is not RFC 3339 is
// refused. Import kept "yesterday" and "…+01:00" as given: "yesterday" was
// a coder's last act, after every real time.
func TestCodingTimes(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, at, want string
	}{
		{"stored form", "2026-01-02T03:04:05.000Z", "2026-01-02T03:04:05.000Z"},
		{"no fraction", "2026-01-02T03:04:05Z", "2026-01-02T03:04:05.000Z"},
		{"offset", "2026-01-02T04:04:05.25+01:00", "2026-01-02T03:04:05.250Z"},
		{"nanoseconds", "2026-01-02T03:04:05.123456789Z", "2026-01-02T03:04:05.123Z"},
		{"not a time", "yesterday", ""},
		{"a date", "2026-01-02", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := codingFixture(t)
			c := unpv.Coding{SentenceID: "S/PV.8422#2.2", Target: "CSTO", Coder: "alice", Label: unpv.Neutral, At: tc.at}
			n, err := s.ImportCodings(ctx, []unpv.Coding{c})
			if tc.want == "" {
				if !errors.Is(err, ErrBadCoding) {
					t.Errorf("import: %d, %v; want ErrBadCoding", n, err)
				}
				if _, err := s.AddCoding(ctx, c); !errors.Is(err, ErrBadCoding) {
					t.Errorf("add: %v; want ErrBadCoding", err)
				}
				return
			}
			if err != nil || n != 1 {
				t.Fatalf("import: %d, %v", n, err)
			}
			// The same act in the stored form is already there.
			c.At = tc.want
			if n, err := s.ImportCodings(ctx, []unpv.Coding{c}); err != nil || n != 0 {
				t.Errorf("import again as %s: added %d, %v", tc.want, n, err)
			}
			var got []string
			s.EachCoding(ctx, func(c unpv.Coding) error { got = append(got, c.At); return nil })
			if diff := cmp.Diff([]string{tc.want}, got); diff != "" {
				t.Errorf("stored times (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCoderNamesIgnoreCase: a coder is one coder however she types her
// name's case, on the page and in imports: "Alice" after "alice" was a
// second coder, shown alice's pairs again and compared with her.
func TestCoderNamesIgnoreCase(t *testing.T) {
	ctx := context.Background()
	s, _ := codingFixture(t)
	if err := s.PutSession(ctx, "h1", "alice", time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, typed, want string
	}{
		{"same", "alice", "alice"},
		{"capital", "Alice", "alice"},
		{"upper", "ALICE", "alice"},
		{"another coder", "Alicia", "Alicia"},
		{"beyond ASCII", "ÉLODIE", "élodie"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.want == "élodie" {
				if err := s.PutSession(ctx, "h-el", "élodie", time.Now().Add(time.Hour)); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.PutSession(ctx, "h-"+tc.typed, tc.typed, time.Now().Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			if got, err := s.SessionCoder(ctx, "h-"+tc.typed); err != nil || got != tc.want {
				t.Errorf("session of %q: %q %v, want %q", tc.typed, got, err, tc.want)
			}
			c, err := s.AddCoding(ctx, unpv.Coding{SentenceID: "S/PV.8422#2.2", Target: "CSTO", Coder: tc.typed, Label: unpv.Neutral})
			if err != nil || c.Coder != tc.want {
				t.Errorf("coding by %q: stored as %q %v, want %q", tc.typed, c.Coder, err, tc.want)
			}
			// Importing the act again, in the typed spelling, adds nothing.
			if n, err := s.ImportCodings(ctx, []unpv.Coding{{SentenceID: "S/PV.8422#2.2", Target: "CSTO", Coder: tc.typed,
				Label: unpv.Neutral, At: c.At}}); err != nil || n != 0 {
				t.Errorf("import again: added %d %v", n, err)
			}
		})
	}
	got, err := s.Coders(ctx)
	if diff := cmp.Diff([]string{"Alicia", "alice", "élodie"}, got); err != nil || diff != "" {
		t.Errorf("coders (-want +got):\n%s %v", diff, err)
	}
}

func TestSessions(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	if err := s.PutSession(ctx, "h1", "alice", time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.PutSession(ctx, "h0", "bob", time.Now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if c, err := s.SessionCoder(ctx, "h1"); err != nil || c != "alice" {
		t.Errorf("session h1: %q %v", c, err)
	}
	for _, h := range []string{"h0", "nope"} {
		if _, err := s.SessionCoder(ctx, h); !errors.Is(err, unpv.ErrNotFound) {
			t.Errorf("session %s: %v, want ErrNotFound", h, err)
		}
	}
	if err := s.EndSession(ctx, "h1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionCoder(ctx, "h1"); !errors.Is(err, unpv.ErrNotFound) {
		t.Errorf("ended session: %v", err)
	}
}

// queueFixture stores 3 speeches × 4 sentences, each sentence with an AU
// stance and the even ones with an EU stance too, confidence rising.
func queueFixture(t *testing.T) *Store {
	t.Helper()
	ctx := context.Background()
	s := openTestStore(t)
	var ex Extraction
	ex.Meeting = unpv.Meeting{Symbol: "S/PV.9000", Body: unpv.SecurityCouncil, Meeting: "S/PV.9000", Date: "2021-03-04"}
	var sts []unpv.Stance
	for i, code := range []string{"NER", "FRA", "RUS"} {
		sp := unpv.Speech{ID: unpv.SpeechID("S/PV.9000", i+1), Symbol: "S/PV.9000", Body: unpv.SecurityCouncil, Meeting: "S/PV.9000",
			Date: "2021-03-04", Seq: i + 1, DelegationCode: code}
		var texts []string
		for n := 1; n <= 4; n++ {
			id := unpv.SentenceID(sp.ID, n)
			texts = append(texts, "sentence "+id)
			sts = append(sts, unpv.Stance{SentenceID: id, Target: "AU", Label: unpv.Neutral, Confidence: float64(len(sts)) / 100})
			if n%2 == 0 {
				sts = append(sts, unpv.Stance{SentenceID: id, Target: "EU", Label: unpv.Recognition, Confidence: float64(len(sts)) / 100})
			}
		}
		ex.Sentences = append(ex.Sentences, fixture.JoinSentences(&sp, texts)...)
		ex.Speeches = append(ex.Speeches, sp)
	}
	if err := s.ReplaceExtraction(ctx, "d", &ex, StageState{InputHash: "a"}); err != nil {
		t.Fatal(err)
	}
	if err := s.ReplaceClassification(ctx, "d", nil, sts, StageState{InputHash: "b"}); err != nil {
		t.Fatal(err)
	}
	return s
}

func pairIDs(ps []QueuePair) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.SentenceID+" "+p.Target)
	}
	return out
}

func TestQueues(t *testing.T) {
	ctx := context.Background()
	s := queueFixture(t)
	next := func(q Queue, n int) []string {
		t.Helper()
		ps, err := s.NextPairs(ctx, q, n)
		if err != nil {
			t.Fatal(err)
		}
		return pairIDs(ps)
	}
	if d := cmp.Diff([]string{"S/PV.9000#1.1 AU", "S/PV.9000#1.2 AU", "S/PV.9000#1.2 EU"}, next(Queue{Coder: "a"}, 3)); d != "" {
		t.Errorf("uncertain first (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"S/PV.9000#2.2 EU", "S/PV.9000#2.4 EU"}, next(Queue{Coder: "a", Target: "EU", Delegation: "FRA", Order: OrderDate}, 5)); d != "" {
		t.Errorf("filtered (-want +got):\n%s", d)
	}
	if got := next(Queue{Coder: "a", Sentences: []string{"S/PV.9000#3.4", "S/PV.9000#1.1"}, Order: OrderDate}, 5); !cmp.Equal(got,
		[]string{"S/PV.9000#1.1 AU", "S/PV.9000#3.4 AU", "S/PV.9000#3.4 EU"}) {
		t.Errorf("search-restricted queue: %v", got)
	}
	if got := next(Queue{Coder: "a", From: "2021-04"}, 5); len(got) != 0 {
		t.Errorf("queue after its dates: %v", got)
	}
	if got := next(Queue{Coder: "a", From: "2021", To: "2021-03-04"}, 100); len(got) != 18 {
		t.Errorf("queue within its dates: %d pairs, want 18", len(got))
	}

	// The random order is a permutation fixed by the seed, the same one
	// Rank gives.
	r1, r1b, r2 := next(Queue{Order: OrderRandom, Seed: 1}, 100), next(Queue{Order: OrderRandom, Seed: 1}, 100), next(Queue{Order: OrderRandom, Seed: 2}, 100)
	all := next(Queue{Order: OrderDate}, 100)
	if !cmp.Equal(r1, r1b) || cmp.Equal(r1, r2) || cmp.Equal(r1, all) || len(r1) != 18 {
		t.Errorf("random orders: %v / %v / %v", r1, r1b, r2)
	}
	byRank := slices.Clone(all)
	slices.SortFunc(byRank, func(a, b string) int {
		var sa, ta, sb, tb string
		fmt.Sscan(a, &sa, &ta)
		fmt.Sscan(b, &sb, &tb)
		ra, rb := Rank(1, sa, ta)>>1, Rank(1, sb, tb)>>1
		if ra < rb {
			return -1
		}
		if ra > rb {
			return 1
		}
		return 0
	})
	if d := cmp.Diff(byRank, r1); d != "" {
		t.Errorf("random order is not Rank's (-Rank +SQL):\n%s", d)
	}

	// Coding moves the queue on, for this coder only; Fresh leaves out
	// what anyone labelled.
	for _, p := range []string{"S/PV.9000#1.1", "S/PV.9000#1.2"} {
		if _, err := s.AddCoding(ctx, unpv.Coding{SentenceID: p, Target: "AU", Coder: "a", Label: unpv.Neutral}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.AddCoding(ctx, unpv.Coding{SentenceID: "S/PV.9000#1.2", Target: "EU", Coder: "a"}); err != nil { // a skip
		t.Fatal(err)
	}
	if got := next(Queue{Coder: "a"}, 1); !cmp.Equal(got, []string{"S/PV.9000#1.3 AU"}) {
		t.Errorf("after coding, a's next: %v", got)
	}
	if got := next(Queue{Coder: "b"}, 1); !cmp.Equal(got, []string{"S/PV.9000#1.1 AU"}) {
		t.Errorf("b's next: %v", got)
	}
	if got := next(Queue{Coder: "b", Fresh: true}, 1); !cmp.Equal(got, []string{"S/PV.9000#1.2 EU"}) {
		t.Errorf("b's next fresh pair: %v", got)
	}
	total, done, err := s.QueueProgress(ctx, Queue{Coder: "a"})
	if err != nil || total != 18 || done != 3 {
		t.Errorf("progress: %d of %d, %v; want 3 of 18", done, total, err)
	}
	total, done, _ = s.QueueProgress(ctx, Queue{Coder: "a", Target: "EU"})
	if total != 6 || done != 1 {
		t.Errorf("EU progress: %d of %d, want 1 of 6", done, total)
	}
	if _, err := s.NextPairs(ctx, Queue{Order: "best"}, 1); err == nil {
		t.Error("unknown order accepted")
	}
}

// TestMigrateToV4 opens stores written by schema versions 2 (before the
// lean store) and 3 with the current schema: each migrates through every
// later version, what it held reads back the same, and codings then apply.
func TestMigrateToV4(t *testing.T) {
	ctx := context.Background()
	stance := unpv.Stance{SentenceID: "S/PV.8422#2.2", Target: "CSTO", Label: unpv.Recognition, Confidence: 0.8}
	afterCoding := func(t *testing.T, s *Store) {
		t.Helper()
		if v := appliedVersion(t, s); v != len(migrations) {
			t.Errorf("schema %d after migrating, want %d", v, len(migrations))
		}
		if _, err := s.AddCoding(ctx, unpv.Coding{SentenceID: stance.SentenceID, Target: "CSTO", Coder: "alice", Label: unpv.Neutral}); err != nil {
			t.Fatal(err)
		}
		if got := labels(t, s); !cmp.Equal(got, []string{"S/PV.8422#2.2 CSTO neutral hand=true model=recognition"}) {
			t.Errorf("after migration and a coding: %v", got)
		}
	}
	t.Run("from 2", func(t *testing.T) {
		dir := t.TempDir()
		all := migrations
		defer func() { migrations = all }()
		s := openAtVersion(t, dir, 2)
		writeV1(t, s, "pdf:S/PV.8422", storeFixture(), nil, []unpv.Stance{stance})
		before := v1Dump(t, s)
		s.Close()
		migrations = all
		s, err := Open(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if d := cmp.Diff(before, v1Dump(t, s)); d != "" {
			t.Errorf("migration changed the data (-before +after):\n%s", d)
		}
		afterCoding(t, s)
	})
	t.Run("from 3", func(t *testing.T) {
		s := migrated(t, 3, func(s *Store) error {
			if err := writeV6(s, "pdf:S/PV.8422", storeFixture()); err != nil {
				return err
			}
			return s.ReplaceClassification(ctx, "pdf:S/PV.8422", nil, []unpv.Stance{stance}, StageState{InputHash: "o", OutputHash: "c"})
		})
		afterCoding(t, s)
	})
}

// TestEachSentenceTextStops checks that an error from the callback ends
// the scan and comes back unchanged: an import that failed on one
// sentence must not go on reading the rest of the archive.
func TestEachSentenceTextStops(t *testing.T) {
	ctx := context.Background()
	s := queueFixture(t)
	stop := errors.New("stop")
	for _, tc := range []struct {
		name    string
		failAt  int
		want    int
		wantErr error
	}{
		{"no error", -1, 12, nil},
		{"first sentence", 0, 1, stop},
		{"second speech", 5, 6, stop},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			err := s.EachSentenceText(ctx, "S/PV.9000", func(id, speechID, text string) error {
				calls++
				if calls-1 == tc.failAt {
					return stop
				}
				return nil
			})
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if calls != tc.want {
				t.Errorf("callback ran %d times, want %d", calls, tc.want)
			}
		})
	}
	// With a damaged speech after the one that failed, the scan must have
	// stopped before reaching it: the callback's error, not ErrDamaged.
	t.Run("stops before a damaged speech", func(t *testing.T) {
		if _, err := s.db.ExecContext(ctx, `UPDATE sentence_spans SET spans = '[[0, 99999]]' WHERE speech_id = ?`, "S/PV.9000#3"); err != nil {
			t.Fatal(err)
		}
		err := s.EachSentenceText(ctx, "S/PV.9000", func(id, speechID, text string) error { return stop })
		if !errors.Is(err, stop) || errors.Is(err, ErrDamaged) {
			t.Errorf("err = %v, want the callback's", err)
		}
		err = s.EachSentenceText(ctx, "S/PV.9000", func(id, speechID, text string) error { return nil })
		if !errors.Is(err, ErrDamaged) {
			t.Errorf("reading on: err = %v, want ErrDamaged", err)
		}
	})
}

// TestSpeechTextsManyIDs asks for more IDs than SQLite allows variables
// in one statement (the search page asks for one per hit and fragment).
func TestSpeechTextsManyIDs(t *testing.T) {
	ctx := context.Background()
	s := queueFixture(t)
	ids := []string{"S/PV.9000#1", "S/PV.9000#2.3", "S/PV.9000#3.9"}
	for i := range 40000 {
		ids = append(ids, fmt.Sprintf("S/PV.1#%d.1", i))
	}
	got, err := s.SpeechTexts(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"S/PV.9000#1":   "sentence S/PV.9000#1.1 sentence S/PV.9000#1.2 sentence S/PV.9000#1.3 sentence S/PV.9000#1.4",
		"S/PV.9000#2.3": "sentence S/PV.9000#2.3",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("SpeechTexts (-want +got):\n%s", d)
	}
}

// TestSpeechSentences: the sentences asked for, with their offsets in the
// speech's text, and the mentions in them, not those of other sentences
// or speeches.
func TestSpeechSentences(t *testing.T) {
	ctx := context.Background()
	s := queueFixture(t)
	ms := []unpv.Mention{
		{SentenceID: "S/PV.9000#2.1", Target: "AU", Surface: "sentence", Start: 0, End: 8},
		{SentenceID: "S/PV.9000#2.3", Target: "EU", Surface: "S/PV", Start: 9, End: 13, Coref: true},
		{SentenceID: "S/PV.9000#2.3", Target: "AU", Surface: "sentence", Start: 0, End: 8},
		{SentenceID: "S/PV.9000#2.2", Target: "AU", Surface: "sentence", Start: 0, End: 8},
		{SentenceID: "S/PV.9000#3.3", Target: "AU", Surface: "sentence", Start: 0, End: 8},
	}
	if err := s.ReplaceClassification(ctx, "d", ms, nil, StageState{InputHash: "c"}); err != nil {
		t.Fatal(err)
	}
	sp, err := s.Speech(ctx, "S/PV.9000#2")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name         string
		ns           []int
		wantSentence []string
		wantMentions []unpv.Mention
	}{
		{"none asked", nil, nil, nil},
		{"two", []int{3, 1}, []string{"sentence S/PV.9000#2.1", "sentence S/PV.9000#2.3"}, []unpv.Mention{ms[0], ms[2], ms[1]}},
		{"beyond the last", []int{9}, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ses, got, err := s.SpeechSentences(ctx, "S/PV.9000#2", tc.ns)
			if err != nil {
				t.Fatal(err)
			}
			var texts []string
			for _, se := range ses {
				if sp.Text[se.Start:se.End] != se.Text {
					t.Errorf("%s: offsets %d–%d read %q", se.ID, se.Start, se.End, sp.Text[se.Start:se.End])
				}
				texts = append(texts, se.Text)
			}
			if d := cmp.Diff(tc.wantSentence, texts); d != "" {
				t.Errorf("sentences (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tc.wantMentions, got); d != "" {
				t.Errorf("mentions (-want +got):\n%s", d)
			}
		})
	}
}

// TestDocumentStancesWithHandLabelsReadOnce checks that the hand labels
// read once for all documents (AppliedHandLabels, as the index stage
// reads them) give a document the stances EachStance gives it: the
// model's labels overridden, a hand-labelled pair the model did not label
// added, a disputed pair left alone.
func TestDocumentStancesWithHandLabelsReadOnce(t *testing.T) {
	ctx := context.Background()
	s := queueFixture(t)
	cs := []unpv.Coding{
		{SentenceID: "S/PV.9000#1.1", Target: "AU", Coder: "ann", Label: unpv.Counter},
		{SentenceID: "S/PV.9000#2.1", Target: "EU", Coder: "ann", Label: unpv.Recognition}, // the model did not label it
		{SentenceID: "S/PV.9000#3.2", Target: "AU", Coder: "ann", Label: unpv.Counter},
		{SentenceID: "S/PV.9000#3.2", Target: "AU", Coder: "bob", Label: unpv.Neutral}, // disputed
	}
	if _, err := s.ImportCodings(ctx, cs); err != nil {
		t.Fatal(err)
	}
	hand, err := s.AppliedHandLabels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(hand["d"]); n != 2 {
		t.Errorf("applied hand labels of d: %d, want 2 (%v)", n, hand)
	}
	_, sts2, err := s.DocumentStances(ctx, "d", hand)
	if err != nil {
		t.Fatal(err)
	}
	pair := func(st unpv.Stance) string {
		return fmt.Sprintf("%s %s %s hand=%v model=%s", st.SentenceID, st.Target, st.Label, st.Hand, st.ModelLabel)
	}
	var each, got []string
	if err := s.EachStance(ctx, func(r StanceRow) error { each = append(each, pair(r.Stance)); return nil }); err != nil {
		t.Fatal(err)
	}
	for _, st := range sts2 {
		got = append(got, pair(st))
	}
	slices.Sort(each)
	slices.Sort(got)
	if d := cmp.Diff(each, got); d != "" {
		t.Errorf("stances (-EachStance +DocumentStances):\n%s", d)
	}
	var hands []string
	for _, st := range sts2 {
		if st.Hand {
			hands = append(hands, st.SentenceID+" "+st.Target+" "+string(st.Label))
		}
	}
	want := []string{"S/PV.9000#1.1 AU counter", "S/PV.9000#2.1 EU recognition"}
	if d := cmp.Diff(want, hands); d != "" {
		t.Errorf("hand-labelled stances (-want +got):\n%s", d)
	}
	// A document without hand labels reads the same with an empty set.
	if _, sts, err := s.DocumentStances(ctx, "other", hand); err != nil || len(sts) != 0 {
		t.Errorf("unknown document: %v, %v", sts, err)
	}
}

// TestCodingCoders: a coder who signed in on the labelling page and coded
// nothing is not counted (status said "32 codings by 4 coders" for three
// people who coded).
func TestCodingCoders(t *testing.T) {
	ctx := context.Background()
	s, _ := codingFixture(t)
	if _, err := s.ImportCodings(ctx, []unpv.Coding{
		{SentenceID: "S/PV.8422#2.2", Target: "CSTO", Coder: "alice", Label: unpv.Neutral, At: "2026-01-02T03:04:05.000Z"},
		{SentenceID: "S/PV.8422#2.2", Target: "CSTO", Coder: "bob", Label: unpv.Neutral, At: "2026-01-02T03:04:06.000Z"},
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.PutSession(ctx, "h1", "carol", time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if coders, _ := s.Coders(ctx); len(coders) != 3 {
		t.Fatalf("coders table %v: the fixture should hold carol, who coded nothing", coders)
	}
	if n, err := s.CodingCoders(ctx); n != 2 || err != nil {
		t.Errorf("CodingCoders = %d, %v; want 2", n, err)
	}
}

// TestLatestCodingIsByTime: a coder's latest label is the latest by its
// time, not by the order it was stored in: an export of older labels
// imported after newer ones made them the coder's labels again (erin's
// counter of 7 December undone by an import of her neutral of 1
// December). Undo and the pair's acts go by time too. Schema 5.
func TestLatestCodingIsByTime(t *testing.T) {
	ctx := context.Background()
	s, _ := codingFixture(t)
	pair := func(label unpv.Label, at string) unpv.Coding {
		return unpv.Coding{SentenceID: "S/PV.8422#2.2", Target: "CSTO", Coder: "erin", Label: label, At: at}
	}
	if _, err := s.AddCoding(ctx, pair(unpv.Counter, "2026-12-07T10:00:00.000Z")); err != nil {
		t.Fatal(err)
	}
	if n, err := s.ImportCodings(ctx, []unpv.Coding{pair(unpv.Neutral, "2026-12-01T10:00:00.000Z")}); err != nil || n != 1 {
		t.Fatalf("import: %d %v", n, err)
	}
	label := func() unpv.Label {
		t.Helper()
		hs, err := s.HandLabels(ctx)
		if err != nil || len(hs) != 1 {
			t.Fatalf("hand labels %+v %v", hs, err)
		}
		return hs[0].Label
	}
	if got := label(); got != unpv.Counter {
		t.Errorf("hand label %s, want counter (the later coding)", got)
	}
	var each []unpv.Label // agreement and the export read the acts in this order
	s.EachCoding(ctx, func(c unpv.Coding) error { each = append(each, c.Label); return nil })
	if diff := cmp.Diff([]unpv.Label{unpv.Neutral, unpv.Counter}, each); diff != "" {
		t.Errorf("EachCoding, oldest first (-want +got):\n%s", diff)
	}
	cs, err := s.PairCodings(ctx, "S/PV.8422#2.2", "CSTO")
	if err != nil || len(cs) != 2 || cs[0].Label != unpv.Neutral || cs[1].Label != unpv.Counter {
		t.Errorf("pair codings, oldest first: %+v %v", cs, err)
	}
	if c, err := s.UndoCoding(ctx, "erin"); err != nil || c.Label != unpv.Counter {
		t.Errorf("undo took back %+v %v, want the counter of 7 December", c, err)
	}
	if got := label(); got != unpv.Neutral {
		t.Errorf("after undo: %s, want neutral", got)
	}
}

// TestMigrateToV5Times: coding times an import stored as given before
// schema 5 are brought to the stored form (UTC, milliseconds), so that the
// latest act by time is the latest; a value that is no time stays.
func TestMigrateToV5Times(t *testing.T) {
	ctx := context.Background()
	s, _, _ := migrateFrom(t, 4, func(s *Store) error {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO coders(name, created_at) VALUES ('erin', '2026-01-01T00:00:00.000Z')`); err != nil {
			return err
		}
		for _, at := range []string{"2026-01-02T04:04:05.25+01:00", "2026-01-03T00:00:00Z", "2026-01-04T00:00:00.000Z", "yesterday"} {
			if _, err := s.db.ExecContext(ctx, `INSERT INTO codings(speech_id, n, target, coder, label, at) VALUES ('S/PV.8422#2', 2, 'CSTO', 'erin', 'neutral', ?)`, at); err != nil {
				return err
			}
		}
		return nil
	})
	var got []string
	rows, err := s.db.QueryContext(ctx, `SELECT at FROM codings ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var at string
		rows.Scan(&at)
		got = append(got, at)
	}
	rows.Close()
	want := []string{"2026-01-02T03:04:05.250Z", "2026-01-03T00:00:00.000Z", "2026-01-04T00:00:00.000Z", "yesterday"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("times after migrating (-want +got):\n%s", diff)
	}
}
