package classify

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/unpv/unpv"
)

func TestNegation(t *testing.T) {
	c := mustDefault(t)
	base, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		sentence, target string
		want             unpv.Label
	}{
		// Codebook cue for counter: "cannot support a resolution recognizing".
		{"We cannot support a draft resolution recognizing the CSTO as a partner of the United Nations in peacekeeping.", "CSTO", unpv.Counter},
		{"We do not support deepening cooperation between the United Nations and the CSTO.", "CSTO", unpv.Counter},
		{"We support deepening cooperation between the United Nations and the CSTO.", "CSTO", unpv.Recognition},
		// A negated criticism is not a counter stance.
		{"The OSCE monitors have never been biased.", "OSCE", unpv.Neutral},
	}
	for _, tt := range tests {
		t.Run(tt.sentence, func(t *testing.T) {
			if got := base.Baseline(tt.sentence, tt.target); got.Label != tt.want {
				t.Errorf("lexicon: %s (evidence %q), want %s", got.Label, got.Evidence, tt.want)
			}
			if tt.want == unpv.Neutral {
				return // the model may lean either way on a sentence with no evaluation left
			}
			if got := c.Classify(tt.sentence, tt.target, "", ""); got.Label != tt.want {
				t.Errorf("model: %s (%.2f, evidence %q), want %s", got.Label, got.Confidence, got.Evidence, tt.want)
			}
		})
	}
}

// Delegitimising cues the codebook lists make a counter pair whatever the
// target; the dev set has almost no counter pair outside NATO to learn from.
func TestDelegitimisingCues(t *testing.T) {
	c := mustDefault(t)
	for _, s := range []string{
		"The so-called CSTO peacekeepers were deployed to suppress peaceful protesters.",
		"Ukraine calls on all Member States to vote against the draft resolution on cooperation between the United Nations and the CSTO.",
		"We see no added value in deepening interactions between the United Nations and the Commonwealth of Independent States.",
	} {
		t.Run(s, func(t *testing.T) {
			ms := c.Mentions(s)
			if len(ms) == 0 {
				t.Fatal("no mention")
			}
			if got := c.Classify(s, ms[0].Target, "ARM", "2023"); got.Label != unpv.Counter || got.Confidence < ruleConfidence {
				t.Errorf("got %+v, want counter", got)
			}
		})
	}
	// Far from the target, or said of something else, the cue decides nothing.
	s := "The ASEAN summit was held in Hanoi. Meanwhile the so-called Islamic State in Iraq and the Levant continued its attacks on civilians far from any regional arrangement."
	if got := c.Classify(s, "ASEAN", "", "2020"); got.Label == unpv.Counter {
		t.Errorf("far cue: %+v", got)
	}
}

func TestNegatedCueEvidence(t *testing.T) {
	base, _ := New(nil)
	got := base.Baseline("We cannot support a resolution recognizing the CSTO.", "CSTO")
	if got.Label != unpv.Counter || !strings.HasPrefix(got.Evidence, "cannot") {
		t.Errorf("got %s with evidence %q, want counter with evidence starting at the negator", got.Label, got.Evidence)
	}
}

func TestTwoOrganisationsTwoStances(t *testing.T) {
	c := mustDefault(t)
	s := "We commend the African Union for its mediation efforts in the Sudan, but NATO's bombing of Libya in 2011 flagrantly violated resolution 1973 and destabilized the whole region."
	ss := sentences("X#1", s)
	_, sts := c.Speech(unpv.Speech{ID: "X#1", DelegationCode: "RUS", Date: "2020-02-10"}, ss)
	got := map[string]unpv.Stance{}
	for _, st := range sts {
		got[st.Target] = st
	}
	if len(sts) != 2 {
		t.Fatalf("got %d stances, want 2: %+v", len(sts), sts)
	}
	if st := got["AU"]; st.Label != unpv.Recognition || st.Relation != unpv.RelThird {
		t.Errorf("AU: %+v, want recognition by a third party", st)
	}
	if st := got["NATO"]; st.Label != unpv.Counter || st.Relation != unpv.RelThird {
		t.Errorf("NATO: %+v, want counter by a third party", st)
	}
	for _, st := range sts {
		if st.Evidence == "" || !strings.Contains(s, st.Evidence) {
			t.Errorf("%s: evidence %q is not a span of the sentence", st.Target, st.Evidence)
		}
		if st.Confidence <= 0.34 || st.Confidence > 1 {
			t.Errorf("%s: confidence %v", st.Target, st.Confidence)
		}
		if st.Model != c.Version() || st.SentenceID != "X#1.1" {
			t.Errorf("%s: model %q sentence %q", st.Target, st.Model, st.SentenceID)
		}
	}
	// The lexicon scopes cues to the target's clause too.
	base, _ := New(nil)
	if l := base.Baseline(s, "AU").Label; l != unpv.Recognition {
		t.Errorf("lexicon AU: %s", l)
	}
	if l := base.Baseline(s, "NATO").Label; l != unpv.Counter {
		t.Errorf("lexicon NATO: %s", l)
	}
}

func TestProtocolIsNeutral(t *testing.T) {
	c := mustDefault(t)
	// Codebook example of a neutral pair.
	s := "I thank the Chairperson of the African Union Commission for his briefing."
	if got := c.Classify(s, "AU", "FRA", "2020-03-01"); got.Label != unpv.Neutral {
		t.Errorf("got %+v, want neutral", got)
	}
}

func TestIsMember(t *testing.T) {
	tests := []struct {
		code, org, date string
		want            bool
	}{
		{"ARM", "CSTO", "2022-11-02", true},
		{"RUS", "CSTO", "2019", true},
		{"UZB", "CSTO", "1998", true},
		{"UZB", "CSTO", "2001", false}, // did not renew in 1999
		{"UZB", "CSTO", "2010", true},  // rejoined 2006
		{"UZB", "CSTO", "2014", false}, // left 2012
		{"GEO", "CSTO", "2014", false},
		{"GEO", "CIS", "2008", true},
		{"GEO", "CIS", "2009-08-17", true},
		{"GEO", "CIS", "2009-08-18", false}, // left on 18 August 2009
		{"GEO", "CIS", "2014", false},
		{"UKR", "CIS", "2014", true},
		{"UKR", "CIS", "2019", false},
		{"IND", "SCO", "2016", false},
		{"IND", "SCO", "2017", true},
		{"IRN", "SCO", "2023-07-04", true},
		{"BLR", "SCO", "2023", false},
		{"ARM", "EAEU", "2014", false},
		{"ARM", "EAEU", "2015", true},
		{"GBR", "EU", "2019", true},
		{"GBR", "EU", "2020-01-31", true},
		{"GBR", "EU", "2020", false}, // general debate, September 2020
		{"FIN", "NATO", "2022", false},
		{"FIN", "NATO", "2023", true},
		{"SWE", "NATO", "2024", true},
		{"MKD", "NATO", "2019", false},
		{"USA", "OSCE", "8 January 2020", true},
		{"MNG", "OSCE", "2010", false},
		{"TLS", "ASEAN", "2024", false},
		{"MLI", "ECOWAS", "2024", true},
		{"MLI", "ECOWAS", "2025-03-01", false},
		{"NER", "ECOWAS", "2025", false},
		{"SEN", "ECOWAS", "2025", true},
		{"MAR", "AU", "2016", false},
		{"MAR", "AU", "2017", true},
		{"FRA", "AU", "2020", false},
		{"MLI", "G5S", "2021", true},
		{"MLI", "G5S", "2023", false},
		{"rus", "CSTO", "2020", true},
		{"RUS", "XYZ", "2020", false},
		{"RUS", "CSTO", "", true}, // no date: ever a member
	}
	for _, tt := range tests {
		if got := IsMember(tt.code, tt.org, tt.date); got != tt.want {
			t.Errorf("IsMember(%s, %s, %q) = %v, want %v", tt.code, tt.org, tt.date, got, tt.want)
		}
	}
}

func TestRelation(t *testing.T) {
	c := mustDefault(t)
	tests := []struct {
		code, org, date string
		want            unpv.Relation
	}{
		{"KGZ", "CSTO", "2018", unpv.RelMember},
		{"UKR", "CSTO", "2018", unpv.RelThird},
		{"CSTO", "CSTO", "2018", unpv.RelSelf},
		{"AU", "AU", "2020-02-27", unpv.RelSelf},
		{"GEO", "CIS", "2016", unpv.RelThird},
		{"", "CIS", "2016", ""},
		{"JAM", "CARICOM", "2016", unpv.RelMember},
		{"JAM", "XYZ", "2016", ""}, // no membership table
	}
	for _, tt := range tests {
		if got := c.Relation(tt.code, tt.org, tt.date); got != tt.want {
			t.Errorf("Relation(%q, %s, %s) = %q, want %q", tt.code, tt.org, tt.date, got, tt.want)
		}
	}
	// The relation reaches the stances of a speech.
	_, sts := c.Speech(unpv.Speech{DelegationCode: "GEO", Date: "2008"}, sentences("s#1", "Georgia values the Commonwealth of Independent States."))
	if len(sts) != 1 || sts[0].Relation != unpv.RelMember {
		t.Errorf("Georgia on the CIS in 2008: %+v, want member", sts)
	}
}

func TestDelegationCode(t *testing.T) {
	for in, want := range map[string]string{
		"Mr. Polyanskiy (Russian Federation) (spoke in Russian)": "RUS",
		"Mr. Aougi (Niger) (spoke in French)":                    "NER",
		"Mr. Dang (Viet Nam)":                                    "VNM",
		"Mr. Duarte Lopes (Portugal)":                            "PRT",
		"MDA":                                                    "MDA",
		"African Union":                                          "AU",
		"Mr. Rama":                                               "",
	} {
		if got := DelegationCode(in); got != want {
			t.Errorf("DelegationCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func readGold(t testing.TB) []Pair { t.Helper(); return readPairsFile(t, "data/gold-dev.jsonl") }

// readPairsFile reads a labelled pairs file that must have no bad line.
func readPairsFile(t testing.TB, name string) []Pair {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pairs, bad, err := ReadPairs(f)
	if err != nil || len(bad) > 0 {
		t.Fatalf("read %s: %v %v", name, err, bad)
	}
	return pairs
}

// Training is deterministic (the same pairs give the same bytes), and the
// shipped model is what training on the repository's labelled pairs
// gives: rerun `go run ./cmd/unpv classify train` after changing the
// lexicon, the reading rules, the features or the data.
func TestTrainDeterministic(t *testing.T) {
	dev, extra, _, err := ReadTrainingData("data")
	if err != nil {
		t.Fatal(err)
	}
	sub := append(append([]Pair(nil), dev[:200]...), extra[:200]...)
	var outs [][]byte
	for i := 0; i < 2; i++ {
		m, err := Train(sub, DefaultTrainOptions)
		if err != nil {
			t.Fatal(err)
		}
		b, err := MarshalModel(m)
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, b)
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Fatal("two trainings on the same data gave different model files")
	}
	if testing.Short() {
		return
	}
	m, err := Train(append(dev, extra...), DefaultTrainOptions)
	if err != nil {
		t.Fatal(err)
	}
	b, err := MarshalModel(m)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, modelJSON) {
		// Other architectures may fuse multiply-adds or use other exp/pow
		// code, so the last rounded digit can differ there; the shipped
		// model was trained on amd64.
		if runtime.GOARCH == "amd64" || !closeModels(t, b, modelJSON, 1e-3) {
			t.Error("shipped classify/model.json is stale: run `go run ./cmd/unpv classify train` from the repository root")
		}
	}
	m2, err := UnmarshalModel(b)
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := MarshalModel(m2)
	if !bytes.Equal(b2, b) {
		t.Error("model does not survive a round trip")
	}
}

// closeModels reports whether two model files have the same features and
// weights within tol.
func closeModels(t *testing.T, a, b []byte, tol float64) bool {
	ma, err1 := UnmarshalModel(a)
	mb, err2 := UnmarshalModel(b)
	if err1 != nil || err2 != nil || len(ma.Weights) != len(mb.Weights) {
		return false
	}
	for n, wa := range ma.Weights {
		wb, ok := mb.Weights[n]
		if !ok {
			return false
		}
		for k := range wa {
			if math.Abs(wa[k]-wb[k]) > tol {
				return false
			}
		}
	}
	t.Logf("model differs from the shipped one only within %g on %s", tol, runtime.GOARCH)
	return true
}

func TestVersionChangesWithModel(t *testing.T) {
	c := mustDefault(t)
	m, err := UnmarshalModel(modelJSON)
	if err != nil {
		t.Fatal(err)
	}
	same, _ := New(m)
	if same.Version() != c.Version() {
		t.Errorf("same model, versions %s and %s", same.Version(), c.Version())
	}
	m.Bias[0] += 0.001
	other, _ := New(m)
	if other.Version() == c.Version() {
		t.Error("version did not change with the model")
	}
	base, _ := New(nil)
	if base.Version() == c.Version() {
		t.Error("baseline and model share a version")
	}
}

func TestReadPairsBadLines(t *testing.T) {
	in := strings.Join([]string{
		// After a byte order mark, as Windows editors write.
		"\ufeff" + `{"id":"a","sentence":"We commend the AU.","target":"AU","label":"recognition","source":"s","symbol":"S/PV.1","speaker":"FRA"}`,
		`{"id":"b","sentence":"broken"`,
		``,
		`{"id":"c","sentence":"  ","target":"AU","label":"neutral"}`,
		`{"id":"d","sentence":"The WHO met.","target":"WHO","label":"neutral"}`,
		`{"id":"e","sentence":"The AU met.","target":"AU","label":"positive"}`,
		`{"id":"f","sentence":"The african union met.","target":"african union","label":"neutral"}`,
		`{"id":"g","sentence":"The AU met.","target":"AU","label":"neutral","delegation_code":"KEN"}`,
		`{"id":"h","sentence":"The AU met.","target":"AU","label":"neutral","speaker":"Ghana","delegation":"Kenya"}`,
		`{"id":"i","sentence":"The AU met.","target":"AU","label":"neutral","delegation":"Kenya"}`,
	}, "\n")
	pairs, bad, err := ReadPairs(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(pairs) != 5 || pairs[1].Target != "AU" {
		t.Fatalf("pairs: %+v", pairs)
	}
	// The speaker under the names classify --in reads too, "speaker" first.
	if got := []string{pairs[2].Delegation(), pairs[3].Delegation(), pairs[4].Delegation()}; !slices.Equal(got, []string{"KEN", "GHA", "KEN"}) {
		t.Errorf("delegations %v, want KEN (delegation_code), GHA (speaker) and KEN (delegation)", got)
	}
	wantLines := []int{2, 4, 5, 6}
	if len(bad) != len(wantLines) {
		t.Fatalf("bad lines: %v", bad)
	}
	for i, e := range bad {
		if e.Line != wantLines[i] {
			t.Errorf("bad line %d reported as %d (%v)", wantLines[i], e.Line, e)
		}
	}
}

func TestCrossValidateGroups(t *testing.T) {
	pairs := readGold(t)
	for _, g := range []Grouping{GroupDelegation, GroupSpeech} {
		groups := make([]string, len(pairs))
		for i, p := range pairs {
			groups[i] = p.groupBy(g)
		}
		first := foldsOf(groups, 5, 0)
		for _, part := range []uint64{0, 1, 2} {
			folds := foldsOf(groups, 5, part)
			if again := foldsOf(groups, 5, part); !slices.Equal(folds, again) {
				t.Fatalf("%s partition %d: not deterministic", g, part)
			}
			if part != 0 && slices.Equal(folds, first) {
				t.Errorf("%s partition %d: same folds as partition 0", g, part)
			}
			fold := map[string]int{}
			size := make([]int, 5)
			for i := range pairs {
				if f, ok := fold[groups[i]]; ok && f != folds[i] {
					t.Fatalf("%s partition %d: %s split across folds", g, part, groups[i])
				}
				fold[groups[i]] = folds[i]
				size[folds[i]]++
			}
			// Russia alone has more pairs than a fifth of the dev set's
			// speeches by delegation, so delegation folds are less even.
			slack := 15
			if g == GroupDelegation {
				slack = 40
			}
			for f, n := range size {
				if n < len(pairs)/5-slack || n > len(pairs)/5+slack {
					t.Errorf("%s partition %d: fold %d has %d pairs; sizes %v", g, part, f, n, size)
				}
			}
		}
	}
	if got := (Pair{Speaker: "Mr. Nebenzia (Russian Federation) (spoke in Russian)"}).Delegation(); got != "RUS" {
		t.Errorf("Delegation of a printed label = %q, want RUS", got)
	}
	// The era of a pair without a date is its symbol's year when the
	// symbol starts with one (13 dev pairs of UNSC Debates were an era of
	// their own, "", a fifth fold of the era grouping); a meeting number
	// that looks like a year is not one.
	for _, tc := range []struct {
		p    Pair
		want string
	}{
		{Pair{Date: "24 February 2020"}, "2010-"},
		// The first and last year of each era.
		{Pair{Date: "1969"}, "1946-1969"},
		{Pair{Date: "1970"}, "1970-1989"},
		{Pair{Date: "1989"}, "1970-1989"},
		{Pair{Date: "1990"}, "1990-2009"},
		{Pair{Date: "2009"}, "1990-2009"},
		{Pair{Date: "2010"}, "2010-"},
		{Pair{Symbol: "2016 S/PV.7658"}, "2010-"},
		{Pair{Symbol: "1995 S/PV.3555"}, "1990-2009"},
		{Pair{Date: "1985", Symbol: "2016 S/PV.7658"}, "1970-1989"},
		{Pair{Symbol: "S/PV.2014"}, ""},
		{Pair{Symbol: "A/73/PV.101"}, ""},
	} {
		if got := tc.p.Era(); got != tc.want {
			t.Errorf("Era(%+v) = %q, want %q", tc.p, got, tc.want)
		}
	}
	n := 0
	for _, p := range pairs {
		if p.Era() == "" {
			n++
		}
	}
	if n > 0 {
		t.Errorf("%d dev pairs have no era", n)
	}
}

// TestSpeakerInvariance: the codebook labels the sentence, so the same
// sentence gets the same label, confidence and evidence whoever says it,
// member, third party, the organisation itself or nobody known; only the
// relation, reported beside the label, changes.
func TestSpeakerInvariance(t *testing.T) {
	c := mustDefault(t)
	pairs := readGold(t)
	speakers := []string{"", "RUS", "USA", "UKR", "GEO", "KAZ", "CUB", "AU", "EU", "NATO", "Mr. Nebenzia (Russian Federation)"}
	dates := []string{"", "1960", "2022-01-10"}
	for _, p := range pairs[:120] {
		ref := c.Classify(p.Sentence, p.Target, "", "")
		for _, sp := range speakers {
			for _, d := range dates {
				st := c.Classify(p.Sentence, p.Target, DelegationCode(sp), d)
				if st.Label != ref.Label || st.Confidence != ref.Confidence || st.Evidence != ref.Evidence {
					t.Fatalf("%s: speaker %q date %q gives %s %.3f %q, no speaker %s %.3f %q", p.ID, sp, d, st.Label, st.Confidence, st.Evidence, ref.Label, ref.Confidence, ref.Evidence)
				}
			}
		}
	}
}

func TestScore(t *testing.T) {
	R, N, C := unpv.Recognition, unpv.Neutral, unpv.Counter
	m := score("x", []unpv.Label{R, R, N, N, C}, []unpv.Label{R, N, N, C, C})
	if m.PerClass[R].Precision != 1 || m.PerClass[R].Recall != 0.5 {
		t.Errorf("recognition %+v", m.PerClass[R])
	}
	if m.PerClass[C].Precision != 0.5 || m.PerClass[C].Recall != 1 {
		t.Errorf("counter %+v", m.PerClass[C])
	}
	if m.Confusion[N][C] != 1 || m.Accuracy != 0.6 {
		t.Errorf("confusion %v accuracy %v", m.Confusion, m.Accuracy)
	}
	want := (2.0/3 + 0.5 + 2.0/3) / 3
	if d := m.MacroF1 - want; d > 1e-9 || d < -1e-9 {
		t.Errorf("macro-F1 %v, want %v", m.MacroF1, want)
	}
}

// Negations that are not counter stances, from 2020 Security Council
// speeches (S/PV.8698–8778): litotes, double negation, a rhetorical
// question, and the organisation as the subject of the negated verb.
func TestNegationThatPraises(t *testing.T) {
	c := mustDefault(t)
	tests := []struct{ sentence, target string }{
		{"We cannot overemphasize the importance of support for the Joint Force of the Group of Five for the Sahel (G-5 Sahel), which can play a critical role in combating terrorism, especially in the three border areas of Mali, the Niger and Burkina Faso.", "G5S"},
		{"We would not wish to conclude without commending all of Guinea-Bissau's regional and international partners, especially the Economic Community of West African States, for their efforts and good offices and their vital ongoing support during the contentious 2019 electoral process.", "ECOWAS"},
		{"How could we not congratulate the African Union, IGAD, South Africa and South Sudan's neighbouring countries on their involvement in the peace process.", "AU"},
		{"The European Union will not recognize any changes made to the pre-1967 borders, including as concerns Jerusalem, unless they have been accepted beforehand by the parties.", "EU"},
	}
	for _, tt := range tests {
		if got := c.Classify(tt.sentence, tt.target, "", "2020"); got.Label == unpv.Counter {
			t.Errorf("%s: counter (%.2f, evidence %q) in %q", tt.target, got.Confidence, got.Evidence, tt.sentence)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	c := mustDefault(t)
	pairs := readGold(t)[:60]
	want := make([]unpv.Stance, len(pairs))
	for i, p := range pairs {
		want[i] = c.Classify(p.Sentence, p.Target, "", p.Date)
	}
	done := make(chan bool)
	for g := 0; g < 4; g++ {
		go func() {
			defer func() { done <- true }()
			for i, p := range pairs {
				if got := c.Classify(p.Sentence, p.Target, "", p.Date); got != want[i] {
					t.Errorf("pair %s: %+v, then %+v", p.ID, want[i], got)
					return
				}
			}
		}()
	}
	for g := 0; g < 4; g++ {
		<-done
	}
}

func FuzzReadPairs(f *testing.F) {
	f.Add(`{"id":"a","sentence":"We commend the AU.","target":"AU","label":"recognition"}` + "\n" + `{"sentence":""}`)
	f.Add("{\n[]\n\"x\"\n{\"target\":7}")
	f.Fuzz(func(t *testing.T, in string) {
		pairs, bad, err := ReadPairs(strings.NewReader(in))
		if err != nil {
			return // only an over-long line
		}
		for _, p := range pairs {
			if strings.TrimSpace(p.Sentence) == "" || classIndex(p.Label) < 0 {
				t.Fatalf("accepted bad pair %+v", p)
			}
			if _, ok := Canonical(p.Target); !ok {
				t.Fatalf("accepted unknown target %q", p.Target)
			}
		}
		for _, e := range bad {
			if e.Line < 1 {
				t.Fatalf("line %d", e.Line)
			}
		}
	})
}

func TestExplain(t *testing.T) {
	c := mustDefault(t)
	st, cs := c.Explain("We commend the African Union for its mediation efforts.", "African Union", "FRA", "2020", 3)
	if st.Label != unpv.Recognition || st.Target != "AU" || len(cs) != 3 {
		t.Fatalf("%+v %+v", st, cs)
	}
	if cs[0].Value <= 0 || cs[0].Span != "commend" {
		t.Errorf("top contribution %+v, want the cue commend", cs[0])
	}
}

func TestMembershipTable(t *testing.T) {
	if err := loadTables(); err != nil {
		t.Fatal(err)
	}
	for org, byCode := range tMembers {
		if _, ok := tGaz.byAcr[org]; !ok {
			t.Errorf("membership of %s, which the gazetteer lacks", org)
		}
		for code, spans := range byCode {
			if !codeRe.MatchString(code) {
				t.Errorf("%s: bad delegation code %q", org, code)
			}
			for i := range spans {
				for j := i + 1; j < len(spans); j++ {
					a, b := spans[i], spans[j]
					if (a.leave == "" || b.join < a.leave) && (b.leave == "" || a.join < b.leave) {
						t.Errorf("%s %s: overlapping periods %+v %+v", org, code, a, b)
					}
				}
			}
		}
	}
	for _, org := range []string{"CSTO", "CIS", "SCO", "EAEU", "EU", "NATO", "OSCE", "ASEAN", "ECOWAS", "AU"} {
		if len(tMembers[org]) == 0 {
			t.Errorf("no membership table for %s", org)
		}
	}
	if n := len(tMembers["AU"]); n != 55 {
		t.Errorf("AU has %d members, want 55", n)
	}
	current := map[string]int{}
	for org, byCode := range tMembers {
		for _, spans := range byCode {
			if spans[len(spans)-1].leave == "" {
				current[org]++
			}
		}
	}
	for org, want := range map[string]int{"OSCE": 57, "EU": 27, "NATO": 32, "CSTO": 6, "SCO": 10, "ASEAN": 11, "ECOWAS": 12, "EAEU": 5, "LAS": 22} {
		if current[org] != want {
			t.Errorf("%s has %d current members, want %d", org, current[org], want)
		}
	}
}

func TestMaskOrganisations(t *testing.T) {
	c, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ in, want string }{
		{"We reject the CSTO intervention.", "We reject the organisation intervention."},
		{"The African Union and NATO were silent.", "The organisation and organisation were silent."},
		{"Unlike the Collective Security Treaty Organization (CSTO), the OSCE acted.", "Unlike the organisation (organisation), the organisation acted."},
		{"No organisation is named here.", "No organisation is named here."},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := maskOrganisations(c, tc.in); got != tc.want {
				t.Errorf("maskOrganisations(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestPairedDifference checks the model-minus-baseline interval: zero
// for a system against itself, and an interval that excludes zero when
// one system is right on every pair and the other on none.
func TestPairedDifference(t *testing.T) {
	var gold []unpv.Label
	var clusters []string
	for i := range 60 {
		gold = append(gold, unpv.Labels[i%3])
		clusters = append(clusters, fmt.Sprintf("D%02d", i%12))
	}
	right := make([]Prediction, len(gold))
	wrong := make([]Prediction, len(gold))
	half := make([]Prediction, len(gold))
	for i, g := range gold {
		right[i] = Prediction{Label: g}
		wrong[i] = Prediction{Label: unpv.Labels[(i+1)%3]}
		half[i] = right[i]
		if i%2 == 0 {
			half[i] = wrong[i]
		}
	}
	for _, tc := range []struct {
		name   string
		a, b   []Prediction
		value  float64
		signOK func(lo, hi float64) bool
	}{
		{"itself", half, half, 0, func(lo, hi float64) bool { return lo == 0 && hi == 0 }},
		{"right minus wrong", right, wrong, 1, func(lo, hi float64) bool { return lo == 1 && hi == 1 }},
		{"half minus right", half, right, -0.5, func(lo, hi float64) bool { return hi < 0 && lo <= -0.5 && hi >= -0.5 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := pairedDifference(gold, tc.a, tc.b, clusters, 200, 1)
			if math.Abs(d.Value-tc.value) > 0.01 || !tc.signOK(d.CI[0], d.CI[1]) {
				t.Errorf("difference %+v, want value %.2f", d, tc.value)
			}
			if again := pairedDifference(gold, tc.a, tc.b, clusters, 200, 1); again != d {
				t.Errorf("not deterministic: %+v then %+v", d, again)
			}
		})
	}
}

// TestCrossValidateModelMinus checks that with intervals every system but
// the model gets the model's macro-F1 minus its own, and the model none.
func TestCrossValidateModelMinus(t *testing.T) {
	pairs := readGold(t)
	r, err := CrossValidate(pairs, CVOptions{Grouping: GroupDelegation, Folds: 3, Train: DefaultTrainOptions, Resamples: 50, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var model *Metrics
	for i := range r.Systems {
		if r.Systems[i].System == "model" {
			model = &r.Systems[i]
		}
	}
	if model == nil {
		t.Fatalf("no model among %d systems", len(r.Systems))
	}
	if model.ModelMinus != nil {
		t.Errorf("the model has a difference to itself: %+v", model.ModelMinus)
	}
	for _, m := range r.Systems {
		if m.System == "model" {
			continue
		}
		d := m.ModelMinus
		if d == nil {
			t.Errorf("%s: no difference", m.System)
			continue
		}
		if want := round3(model.MacroF1 - m.MacroF1); math.Abs(d.Value-want) > 1e-9 {
			t.Errorf("%s: difference %.3f, want %.3f", m.System, d.Value, want)
		}
		if d.CI[0] > d.Value || d.CI[1] < d.Value {
			t.Errorf("%s: interval %v does not hold %.3f", m.System, d.CI, d.Value)
		}
	}
}

// TestStaleModelRefused: a model records how sentences were read into its
// features, and New refuses one read another way (an older unpv's
// retrained model.json labelled 2,299 of 2,339 demo pairs neutral without
// a word, its features no longer firing). Recording it leaves the version
// as it was: the reading is hashed into the version already.
func TestStaleModelRefused(t *testing.T) {
	shipped, err := UnmarshalModel(modelJSON)
	if err != nil {
		t.Fatal(err)
	}
	if shipped.Reading != readingID() {
		t.Errorf("the shipped model records reading %q, want this unpv's %q", shipped.Reading, readingID())
	}
	want, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		reading string
		stale   bool
	}{
		{"not recorded (trained before it was)", "", false},
		{"this unpv's reading", readingID(), false},
		{"another reading", "reading-000000000000", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := UnmarshalModel(modelJSON)
			if err != nil {
				t.Fatal(err)
			}
			m.Reading = tc.reading
			b, err := MarshalModel(m)
			if err != nil {
				t.Fatal(err)
			}
			if m, err = UnmarshalModel(b); err != nil || m.Reading != tc.reading {
				t.Fatalf("round trip: reading %q, %v; want %q", m.Reading, err, tc.reading)
			}
			c, err := New(m)
			if got := errors.Is(err, ErrStaleModel); got != tc.stale {
				t.Fatalf("New: %v; stale %v, want %v", err, got, tc.stale)
			}
			if tc.stale {
				if !strings.Contains(err.Error(), "unpv classify train") {
					t.Errorf("New: %v: does not say what to do", err)
				}
				return
			}
			if c.Version() != want.Version() {
				t.Errorf("version %s, want the shipped model's %s", c.Version(), want.Version())
			}
		})
	}
}

// TestCrossValidateTooFewGroups: pairs that fall in fewer groups than
// there are folds (pairs without a speaker are all one delegation) are
// refused, not scored on folds whose models were trained on nothing.
func TestCrossValidateTooFewGroups(t *testing.T) {
	pair := func(speaker, date, target, label string) Pair {
		return Pair{Source: "s", Symbol: "S/PV.1", Speaker: speaker, Date: date, Target: target, Label: unpv.Label(label),
			Sentence: "We commend the " + target + " for its work."}
	}
	noSpeaker := []Pair{pair("", "2020", "AU", "recognition"), pair("", "2020", "EU", "neutral"), pair("", "2021", "AU", "counter")}
	threeDelegations := []Pair{pair("FRA", "2020", "AU", "recognition"), pair("KEN", "2020", "AU", "neutral"), pair("RUS", "2020", "AU", "counter")}
	for _, tc := range []struct {
		name    string
		pairs   []Pair
		opt     CVOptions
		wantErr bool
	}{
		{"no speaker, grouped by delegation", noSpeaker, CVOptions{Grouping: GroupDelegation, Folds: 5}, true},
		{"three delegations, five folds", threeDelegations, CVOptions{Grouping: GroupDelegation, Folds: 5}, true},
		{"one organisation left out", threeDelegations, CVOptions{Grouping: GroupOrganisation}, true},
		{"one era left out", threeDelegations, CVOptions{Grouping: GroupEra}, true},
		{"three delegations, three folds", threeDelegations, CVOptions{Grouping: GroupDelegation, Folds: 3}, false},
		{"two organisations left out", noSpeaker, CVOptions{Grouping: GroupOrganisation}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opt.Train = DefaultTrainOptions
			tc.opt.Train.Iterations = 5
			_, err := CrossValidate(tc.pairs, tc.opt)
			if got := errors.Is(err, ErrTooFewGroups); got != tc.wantErr {
				t.Fatalf("err = %v, want ErrTooFewGroups: %v", err, tc.wantErr)
			}
			if tc.wantErr && !strings.Contains(err.Error(), string(tc.opt.Grouping)) {
				t.Errorf("error does not name the grouping: %v", err)
			}
		})
	}
}

// TestEvaluateWith: scoring a model on labelled pairs reads each pair as
// cross-validation and the pipeline do (its context sentence resolving
// the references), and with resamples gives the intervals and the paired
// differences cross-validation gives.
func TestEvaluateWith(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	t.Run("context", func(t *testing.T) {
		// From the training pairs: one of the few whose reading its
		// context sentence changes (the model's confidence, 0.808 with
		// it, 0.78 without).
		p := Pair{Speaker: "KAZ", Date: "2003", Target: "CSTO", Label: unpv.Neutral,
			Context:  "The Commonwealth of Independent States has made a significant contribution to such interaction.",
			Sentence: "To address common problems, specific actions have been taken within the Commonwealth area, primarily within the Eurasian Economic Community and the Collective Security Treaty Organization."}
		want := c.classify(p.Sentence, c.pairMentions(p), p.Target, DelegationCode(p.Speaker), p.Date)
		alone := c.Classify(p.Sentence, p.Target, DelegationCode(p.Speaker), p.Date)
		if want.Confidence == alone.Confidence {
			t.Fatalf("the context no longer changes this pair's reading (%v): pick another", want)
		}
		ms := EvaluateWith(c, []Pair{p}, EvalOptions{})
		model := ms[len(ms)-1]
		if len(model.Reliability) != 1 || model.Reliability[0].MeanConfidence != want.Confidence {
			t.Errorf("model's confidence %+v, want %.3f (read with its context)", model.Reliability, want.Confidence)
		}
	})
	t.Run("intervals", func(t *testing.T) {
		pairs := readGold(t)[:120]
		for _, resamples := range []int{0, 200} {
			ms := EvaluateWith(c, pairs, EvalOptions{Resamples: resamples, Seed: 1})
			if diff := cmp.Diff(Evaluate(c, pairs)[2].MacroF1, ms[2].MacroF1); diff != "" {
				t.Errorf("resamples %d: macro-F1 differs from Evaluate's: %s", resamples, diff)
			}
			for _, m := range ms {
				hasCI := m.MacroF1CI != [2]float64{}
				if hasCI != (resamples > 0) {
					t.Errorf("resamples %d, %s: interval %v", resamples, m.System, m.MacroF1CI)
				}
				if hasCI && (m.MacroF1CI[0] > m.MacroF1 || m.MacroF1CI[1] < m.MacroF1) {
					t.Errorf("%s: interval %v does not hold %.3f", m.System, m.MacroF1CI, m.MacroF1)
				}
				if wantDiff := resamples > 0 && m.System != "model"; (m.ModelMinus != nil) != wantDiff {
					t.Errorf("resamples %d, %s: difference %+v", resamples, m.System, m.ModelMinus)
				}
			}
			if again := EvaluateWith(c, pairs, EvalOptions{Resamples: resamples, Seed: 1}); !cmp.Equal(ms, again) {
				t.Errorf("resamples %d: not deterministic", resamples)
			}
		}
	})
}

// TestShippedTraining: the training pairs built into unpv are
// classify/data's, so that ShippedTrainedOn knows what the shipped model
// has seen (TestTrainDeterministic checks it was trained on them).
func TestShippedTraining(t *testing.T) {
	dev, extra, counts, err := ReadTrainingData("data")
	if err != nil {
		t.Fatal(err)
	}
	sdev, sextra, scounts, err := ShippedTrainingData()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]any{dev, extra, counts}, []any{sdev, sextra, scounts}); diff != "" {
		t.Fatalf("built-in training data differ from classify/data (-files +built in):\n%s", diff)
	}
	respaced := dev[3]
	respaced.Sentence = "  " + strings.ReplaceAll(respaced.Sentence, " ", "\n ")
	unseen := dev[3]
	unseen.Sentence += " Indeed."
	otherTarget := dev[3]
	otherTarget.Target = map[bool]string{true: "AU", false: "EU"}[dev[3].Target != "AU"]
	got, err := ShippedTrainedOn([]Pair{dev[0], extra[len(extra)-1], respaced, unseen, otherTarget})
	if err != nil {
		t.Fatal(err)
	}
	if want := []bool{true, true, true, false, false}; !slices.Equal(got, want) {
		t.Errorf("trained on %v, want %v", got, want)
	}
}
