package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/unpv/unpv"
	"github.com/unpv/unpv/annotate"
	"github.com/unpv/unpv/classify"
	"github.com/unpv/unpv/extract"
	"github.com/unpv/unpv/index"
	"github.com/unpv/unpv/internal/fixture"
	"github.com/unpv/unpv/report"
	"github.com/unpv/unpv/store"
	"github.com/unpv/unpv/un"
)

// recordSource imports the real speeches of S/PV.8711 and S/PV.8714 (2020,
// testdata/classify/speeches-8711-8714.jsonl) as two record documents.
func recordSource(t *testing.T) Source {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "classify", "speeches-8711-8714.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs := map[string]*store.ImportedRecord{}
	dates := map[string]string{"S/PV.8711": "2020-01-30", "S/PV.8714": "2020-02-06"}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<22)
	for sc.Scan() {
		var l struct {
			Symbol string `json:"symbol"`
			Label  string `json:"speaker_label_heuristic"`
			Text   string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatal(err)
		}
		r := recs[l.Symbol]
		if r == nil {
			m := unpv.Meeting{Symbol: l.Symbol, Body: unpv.SecurityCouncil, Meeting: l.Symbol, Date: dates[l.Symbol]}
			r = &store.ImportedRecord{Meeting: m}
			recs[l.Symbol] = r
		}
		seq := len(r.Speeches) + 1
		r.Speeches = append(r.Speeches, unpv.Speech{ID: unpv.SpeechID(l.Symbol, seq), Symbol: l.Symbol, Body: unpv.SecurityCouncil,
			Meeting: l.Symbol, Date: dates[l.Symbol], Seq: seq, Speaker: l.Label, DelegationCode: un.SpeakerCode(l.Label),
			Role: unpv.RoleMember, Text: strings.TrimPrefix(l.Text, l.Label+": ")})
	}
	return Source{Name: "import", Run: func(ctx context.Context, st *store.Store, _ string) (int, int, error) {
		changed := 0
		for _, sym := range []string{"S/PV.8711", "S/PV.8714"} {
			b, _ := json.Marshal(recs[sym])
			h := sha256.Sum256(b)
			ch, err := st.PutSource(ctx, store.Source{Document: "unsc-debates:" + sym, Kind: store.KindRecord, Symbol: sym,
				SHA256: hex.EncodeToString(h[:]), Content: b})
			if err != nil {
				return changed, 0, err
			}
			if ch {
				changed++
			}
		}
		return changed, 2 - changed, nil
	}}
}

// annotateRun runs import, extract and classify with c (and the report
// stage) into dir.
func annotateRun(t *testing.T, dir string, c *classify.Classifier) *Summary {
	t.Helper()
	sum, err := Run(context.Background(), Options{DataDir: dir, Sources: []Source{recordSource(t)},
		Stages: []Stage{ExtractStage(extract.Options{}), ClassifyStage(c), ReportStage()}, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func processed(sum *Summary, stage string) int {
	for _, s := range sum.Stages {
		if s.Stage == stage {
			return s.Processed
		}
	}
	return -1
}

func testStore(t *testing.T, dir string) *store.Store {
	t.Helper()
	st, err := store.OpenExisting(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// firstStances returns the first n stances of the store in record order.
func firstStances(t *testing.T, st *store.Store, n int) []store.StanceRow {
	t.Helper()
	var out []store.StanceRow
	st.EachStance(context.Background(), func(r store.StanceRow) error {
		if len(out) < n && !r.Hand {
			out = append(out, r)
		}
		return nil
	})
	if len(out) < n {
		t.Fatalf("only %d stances", len(out))
	}
	return out
}

// other is a label other than l.
func other(l unpv.Label) unpv.Label {
	if l == unpv.Counter {
		return unpv.Recognition
	}
	return unpv.Counter
}

// TestCorrectionsSurviveModelChange: hand labels stay and keep overriding
// the model when the model changes and the classify stage runs again, in
// the store and in the reports the run writes.
func TestCorrectionsSurviveModelChange(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	shipped, err := classify.Default()
	if err != nil {
		t.Fatal(err)
	}
	annotateRun(t, dir, shipped)
	st := testStore(t, dir)
	pairs := firstStances(t, st, 2)
	ws := NewWorkspace(st, nil)
	// Two coders change the first pair's label; one confirms the second.
	for _, coder := range []string{"ann", "bob"} {
		if _, err := ws.Code(ctx, unpv.Coding{SentenceID: pairs[0].SentenceID, Target: pairs[0].Target, Coder: coder,
			Label: other(pairs[0].Label), Note: "corrected"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := ws.Code(ctx, unpv.Coding{SentenceID: pairs[1].SentenceID, Target: pairs[1].Target, Coder: "ann", Label: pairs[1].Label}); err != nil {
		t.Fatal(err)
	}
	hand := func() map[string]string {
		out := map[string]string{}
		st.EachStance(ctx, func(r store.StanceRow) error {
			if r.Hand {
				out[r.SentenceID+" "+r.Target] = fmt.Sprintf("%s (model %s, %s)", r.Label, r.ModelLabel, r.Model)
			}
			return nil
		})
		return out
	}
	before := hand()
	if len(before) != 2 {
		t.Fatalf("hand-labelled rows: %v", before)
	}
	// Codings alone change what the corpus stages read: the next run
	// rewrites the reports (and would rebuild the index).
	if sum := annotateRun(t, dir, shipped); processed(sum, StageClassify) != 0 || processed(sum, StageReport) != 1 {
		t.Errorf("run after codings: %+v", sum.Stages)
	}

	// A new model: the lexicon baseline, another classifier version.
	baseline, err := classify.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	if baseline.Version() == shipped.Version() {
		t.Fatal("the baseline has the shipped model's version")
	}
	sum := annotateRun(t, dir, baseline)
	if processed(sum, StageClassify) != 2 || processed(sum, StageReport) != 1 {
		t.Fatalf("the new model did not reclassify and report: %+v", sum.Stages)
	}
	after := hand()
	if len(after) != 2 {
		t.Fatalf("after the model change, hand-labelled rows: %v", after)
	}
	for k, v := range after {
		if !strings.Contains(v, baseline.Version()) {
			t.Errorf("%s: %s, want the new model's version", k, v)
		}
		if strings.Fields(v)[0] != strings.Fields(before[k])[0] {
			t.Errorf("%s: hand label %s became %s", k, before[k], v)
		}
	}
	// The report the run wrote counts the hand labels apart.
	b, err := os.ReadFile(filepath.Join(dir, ReportDir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep struct{ Coding report.Coding }
	if err := json.Unmarshal(b, &rep); err != nil || rep.Coding.Hand != 2 || rep.Coding.Changed != 1 {
		t.Errorf("report coding: %+v %v", rep.Coding, err)
	}
	// And back to the shipped model: the same.
	annotateRun(t, dir, shipped)
	if d := cmp.Diff(before, hand()); d != "" {
		t.Errorf("back on the shipped model (-before +after):\n%s", d)
	}

	// A model retrained for this store, in DATA/model.json, is what `unpv
	// run` classifies with (DataStages): trained here on the store's
	// sentences with the model's labels, hand labels where there are some.
	var pairsToTrain []classify.Pair
	st.EachStance(ctx, func(r store.StanceRow) error {
		pairsToTrain = append(pairsToTrain, classify.Pair{ID: r.SentenceID + r.Target, Source: "test", Symbol: r.Symbol,
			Speaker: r.DelegationCode, Target: r.Target, Sentence: r.Sentence, Label: r.Label})
		return nil
	})
	m, err := classify.Train(pairsToTrain, classify.DefaultTrainOptions)
	if err != nil {
		t.Fatal(err)
	}
	b, err = classify.MarshalModel(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ModelFile), b, 0o644); err != nil {
		t.Fatal(err)
	}
	retrained, err := DataClassifier(dir)
	if err != nil || retrained.Version() == shipped.Version() {
		t.Fatalf("DataClassifier: %v, version %s", err, retrained.Version())
	}
	stages, err := DataStages(dir, extract.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	sum, err = Run(ctx, Options{DataDir: dir, Sources: []Source{recordSource(t)}, Stages: stages, Logger: slog.New(slog.DiscardHandler)})
	if err != nil || processed(sum, StageClassify) != 2 {
		t.Fatalf("run with DATA/model.json: %v %+v", err, sum)
	}
	for k, v := range hand() {
		if !strings.Contains(v, retrained.Version()) || strings.Fields(v)[0] != strings.Fields(before[k])[0] {
			t.Errorf("%s with the retrained model: %s (before: %s)", k, v, before[k])
		}
	}
	// The search index the run built searches and marks the hand labels.
	ix, err := index.Open(filepath.Join(dir, IndexDir))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for k := range before {
		id, target, _ := strings.Cut(k, " ")
		label := strings.Fields(before[k])[0]
		found := false
		if _, err := ix.Each(ctx, index.Query{Stances: []string{label}, Targets: []string{target}}, func(h index.Hit) error {
			found = found || h.ID == id && slices.Contains(h.HandCoded, target+":"+label)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if !found {
			t.Errorf("the index does not find %s %s as hand-coded %s", id, target, label)
		}
	}
	os.WriteFile(filepath.Join(dir, ModelFile), []byte("{not a model"), 0o644)
	if _, err := DataClassifier(dir); err == nil || !strings.Contains(err.Error(), ModelFile) {
		t.Errorf("a damaged DATA/model.json: %v", err)
	}
	// A model trained by an unpv that read sentences otherwise (another
	// lexicon or reading rules) is refused, not used to label in silence.
	stale, err := os.ReadFile(filepath.Join("..", "classify", "model.json"))
	if err != nil {
		t.Fatal(err)
	}
	stale = regexp.MustCompile(`"reading": "[^"]*"`).ReplaceAll(stale, []byte(`"reading": "reading-000000000000"`))
	os.WriteFile(filepath.Join(dir, ModelFile), stale, 0o644)
	if _, err := DataClassifier(dir); !errors.Is(err, classify.ErrStaleModel) || !strings.Contains(err.Error(), ModelFile) {
		t.Errorf("a DATA/model.json trained for other reading rules: %v", err)
	}
}

// TestExportImportRoundTrip: every coding exported from one store and
// imported into another with the same corpus exports byte for byte the
// same, with the same hand labels; importing twice adds nothing; gold-style
// lines (no sentence ID, other white space, a coder given apart) find their
// sentences by text.
func TestExportImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	shipped, _ := classify.Default()
	a, b := t.TempDir(), t.TempDir()
	annotateRun(t, a, shipped)
	annotateRun(t, b, shipped)
	sa, sb := testStore(t, a), testStore(t, b)
	pairs := firstStances(t, sa, 4)
	ws := NewWorkspace(sa, nil)
	code := func(c unpv.Coding) {
		t.Helper()
		if _, err := ws.Code(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	p := func(i int) (string, string) { return pairs[i].SentenceID, pairs[i].Target }
	s0, t0 := p(0)
	s1, t1 := p(1)
	s2, t2 := p(2)
	code(unpv.Coding{SentenceID: s0, Target: t0, Coder: "ann", Label: unpv.Counter, Note: `says "so-called", twice`, Queue: "random seed=1"})
	code(unpv.Coding{SentenceID: s0, Target: t0, Coder: "bob", Label: unpv.Neutral, Queue: "random seed=1"})
	code(unpv.Coding{SentenceID: s0, Target: t0, Coder: "cat", Label: unpv.Counter, Adjudication: true, Queue: "adjudication"})
	code(unpv.Coding{SentenceID: s1, Target: t1, Coder: "ann", Label: unpv.Neutral})
	code(unpv.Coding{SentenceID: s1, Target: t1, Coder: "ann", Label: unpv.Recognition}) // changed her mind
	code(unpv.Coding{SentenceID: s2, Target: t2, Coder: "bob", Note: "which AU?"})       // a skip: exported, never a label
	code(unpv.Coding{SentenceID: s2, Target: "OSCE", Coder: "bob", Label: unpv.Neutral}) // a pair the model did not label

	export := func(st *store.Store, codings bool) string {
		t.Helper()
		var buf bytes.Buffer
		if _, err := ExportCodings(ctx, st, &buf, ExportOptions{Codings: codings}); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	all := export(sa, true)
	if n := strings.Count(all, "\n"); n != 7 {
		t.Errorf("exported %d codings, want 7:\n%s", n, all)
	}
	recs, bad, err := annotate.ReadRecords(strings.NewReader(all), 1<<20)
	if err != nil || len(bad) > 0 {
		t.Fatal(err, bad)
	}
	for i := 0; i < 2; i++ {
		res, err := ImportCodings(ctx, sb, recs, ImportOptions{})
		if want := []int{7, 0}[i]; err != nil || res.Added != want || len(res.Unmatched) != 0 {
			t.Fatalf("import %d: %+v %v, want %d added", i+1, res, err, want)
		}
	}
	if d := cmp.Diff(all, export(sb, true)); d != "" {
		t.Errorf("codings after the round trip (-exported +re-exported):\n%s", d)
	}
	labels := export(sa, false)
	if d := cmp.Diff(labels, export(sb, false)); d != "" {
		t.Errorf("labels after the round trip (-exported +re-exported):\n%s", d)
	}
	ha, _ := sa.HandLabels(ctx)
	hb, _ := sb.HandLabels(ctx)
	if len(ha) != 3 || !cmp.Equal(ha, hb) {
		t.Errorf("hand labels differ:\n%+v\n%+v", ha, hb)
	}
	// The label export is in the gold-dev schema, with how each label was made.
	var first map[string]any
	json.Unmarshal([]byte(strings.SplitN(labels, "\n", 2)[0]), &first)
	for _, k := range []string{"id", "source", "symbol", "date", "speaker", "target", "sentence", "label", "status", "coders"} {
		if _, ok := first[k]; !ok {
			t.Errorf("label export lacks %q: %v", k, first)
		}
	}
	// Every act of the codings export says whether it is an adjudication:
	// the field was left out when false, and a reader of JSON Lines into a
	// table (R's jsonlite, pandas) got NA there, so that
	// subset(codings, !adjudication) kept no coder's label at all.
	// So does "stale" on every line of both exports.
	for _, l := range strings.Split(strings.TrimSpace(all), "\n") {
		var r map[string]any
		json.Unmarshal([]byte(l), &r)
		if _, ok := r["adjudication"].(bool); !ok {
			t.Errorf("a coding act without a true or false adjudication: %s", l)
		}
	}
	for _, l := range strings.Split(strings.TrimSpace(all+labels), "\n") {
		var r map[string]any
		json.Unmarshal([]byte(l), &r)
		if _, ok := r["stale"].(bool); !ok {
			t.Errorf("an exported line without a true or false stale: %s", l)
		}
	}
	if strings.Contains(labels, `"adjudication"`) {
		t.Errorf("the labels export, one line per pair, has acts' adjudication flags:\n%s", labels)
	}
	// An adjudicated pair names its adjudicator beside its coders: the
	// labels export named the coders only, and who settled the label was
	// in the codings export alone.
	who := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(labels), "\n") {
		var r struct {
			ID, Status, Adjudicator string
			Coders                  []string
		}
		json.Unmarshal([]byte(l), &r)
		who[r.ID] = fmt.Sprintf("%s %v by %q", r.Status, r.Coders, r.Adjudicator)
	}
	if got, want := who[annotate.PairID(s0, t0)], `adjudicated [ann bob] by "cat"`; got != want {
		t.Errorf("labels export of the adjudicated pair: %s, want %s", got, want)
	}
	if got, want := who[annotate.PairID(s1, t1)], `coded [ann] by ""`; got != want {
		t.Errorf("labels export of a pair of one coder: %s, want %s", got, want)
	}

	// Gold-style lines: by text, white space aside, within their symbol.
	c := t.TempDir()
	annotateRun(t, c, shipped)
	sc := testStore(t, c)
	refs, _ := sa.SentenceRefs(ctx, []string{s1})
	gold := []annotate.Record{
		{Symbol: "S/PV.8711", Speaker: refs[s1].Speaker, Target: t1, Sentence: "  " + strings.ReplaceAll(refs[s1].Text, " ", "\n ") + " ", Label: unpv.Neutral},
		{Symbol: "S/PV.8711", Target: "AU", Sentence: "No such sentence was ever said.", Label: unpv.Neutral},
	}
	res, err := ImportCodings(ctx, sc, gold, ImportOptions{Coder: "gold", Queue: "import gold.jsonl"})
	if err != nil || res.Added != 1 || len(res.Unmatched) != 1 || !strings.Contains(res.Unmatched[0], "record 2") {
		t.Fatalf("gold import: %+v %v", res, err)
	}
	hc, _ := sc.HandLabels(ctx)
	if len(hc) != 1 || hc[0].SentenceID != s1 || hc[0].Label != unpv.Neutral {
		t.Errorf("gold import found %+v, want %s", hc, s1)
	}
	if res, _ := ImportCodings(ctx, sc, gold[:1], ImportOptions{}); len(res.Unmatched) != 1 || !strings.Contains(res.Unmatched[0], "no coder") {
		t.Errorf("import without a coder: %+v", res)
	}
}

// skipTexts are the sentences of skipStore's speech.
var skipTexts = []string{"The AU leads.", "The AU is a partner.", "We note the AU."}

// skipStore is a store holding one speech of three sentences naming the
// AU, the model's stance on the first two, for tests of coding acts.
func skipStore(t *testing.T) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var ex store.Extraction
	ex.Meeting = unpv.Meeting{Symbol: "S/PV.9999", Body: unpv.SecurityCouncil, Meeting: "S/PV.9999", Date: "2021-01-01"}
	sp := unpv.Speech{ID: "S/PV.9999#1", Symbol: "S/PV.9999", Body: unpv.SecurityCouncil, Meeting: "S/PV.9999",
		Date: "2021-01-01", Seq: 1, Speaker: "Mr. Agyeman (Ghana)", DelegationCode: "GHA"}
	ex.Sentences = fixture.JoinSentences(&sp, skipTexts)
	ex.Speeches = []unpv.Speech{sp}
	if err := st.ReplaceExtraction(ctx, "pdf:S/PV.9999", &ex, store.StageState{InputHash: "a"}); err != nil {
		t.Fatal(err)
	}
	sts := []unpv.Stance{
		{SentenceID: "S/PV.9999#1.1", Target: "AU", Label: unpv.Recognition, Confidence: 0.9, Model: "m1"},
		{SentenceID: "S/PV.9999#1.2", Target: "AU", Label: unpv.Neutral, Confidence: 0.6, Model: "m1"},
	}
	if err := st.ReplaceClassification(ctx, "pdf:S/PV.9999", nil, sts, store.StageState{InputHash: "b"}); err != nil {
		t.Fatal(err)
	}
	return st
}

// TestCodingsExportKeepsEveryAct: `annotate export --codings` writes every
// coding act as the labelling page stored it, skips with their notes
// included and told from labels by their kind, and the export imports into
// another store as the same acts; the label export and the statistics
// take no skip for a label. (The codings export used to leave skips out: a
// coder's ten acts, one a skip with a note, came out as nine.)
func TestCodingsExportKeepsEveryAct(t *testing.T) {
	const s1, s2, s3 = "S/PV.9999#1.1", "S/PV.9999#1.2", "S/PV.9999#1.3"
	// rec is the exported record of an act on a pair of skipStore.
	rec := func(c unpv.Coding) annotate.Record {
		_, n := unpv.SplitSentenceID(c.SentenceID)
		r := annotate.Record{ID: annotate.PairID(c.SentenceID, c.Target), Source: "pdf", Symbol: "S/PV.9999",
			Date: "2021-01-01", Speaker: "Mr. Agyeman (Ghana)", DelegationCode: "GHA", Target: c.Target, Sentence: skipTexts[n-1], Label: c.Label,
			SentenceID: c.SentenceID, Kind: annotate.KindLabel, Coder: c.Coder, Note: c.Note, At: c.At, Queue: c.Queue,
			Adjudication: &c.Adjudication}
		if n > 1 {
			r.Context = skipTexts[n-2]
		}
		if c.Label == "" {
			r.Kind = annotate.KindSkip
		}
		if c.Target == "AU" && n < 3 {
			r.ModelLabel, r.Model = []unpv.Label{unpv.Recognition, unpv.Neutral}[n-1], "m1"
		}
		return r
	}
	q := "random seed=1"
	tests := []struct {
		name    string
		acts    []unpv.Coding
		labels  []string // the label export: "SENTENCE_ID TARGET label status coders"
		coders  []annotate.CoderStats
		agreeN  int // pairs in the kappa of ann and bob
		sampleN int // pairs in the model's sample
	}{{
		name: "a skip with a note among labels (the walkthrough)",
		acts: []unpv.Coding{
			{SentenceID: s1, Target: "AU", Coder: "ann", Label: unpv.Recognition, Queue: q, At: "2025-01-01T10:00:00.000Z"},
			{SentenceID: s2, Target: "AU", Coder: "ann", Note: "which AU? the Commission or the Union", Queue: q, At: "2025-01-01T10:00:05.000Z"},
			{SentenceID: s3, Target: "AU", Coder: "ann", Label: unpv.Neutral, Queue: q, At: "2025-01-01T10:00:09.000Z"},
		},
		labels:  []string{s1 + " AU recognition coded ann", s3 + " AU neutral coded ann"},
		coders:  []annotate.CoderStats{{Coder: "ann", Labelled: 2, Skipped: 1, Last: "2025-01-01T10:00:09.000Z"}},
		sampleN: 2, // s1, and s3, which the model does not label; not the skipped s2
	}, {
		name: "a skip, then a label on the same pair",
		acts: []unpv.Coding{
			{SentenceID: s1, Target: "AU", Coder: "bob", Note: "later", Queue: q, At: "2025-01-01T10:00:00.000Z"},
			{SentenceID: s1, Target: "AU", Coder: "bob", Label: unpv.Counter, Queue: q, At: "2025-01-01T10:01:00.000Z"},
		},
		labels:  []string{s1 + " AU counter coded bob"},
		coders:  []annotate.CoderStats{{Coder: "bob", Labelled: 1, Last: "2025-01-01T10:01:00.000Z"}},
		sampleN: 1,
	}, {
		name: "a label, then a skip: the label stands",
		acts: []unpv.Coding{
			{SentenceID: s2, Target: "AU", Coder: "ann", Label: unpv.Counter, Queue: q, At: "2025-01-01T10:00:00.000Z"},
			{SentenceID: s2, Target: "AU", Coder: "ann", Note: "not so sure now", Queue: q, At: "2025-01-01T10:01:00.000Z"},
		},
		labels:  []string{s2 + " AU counter coded ann"},
		coders:  []annotate.CoderStats{{Coder: "ann", Labelled: 1, Last: "2025-01-01T10:01:00.000Z"}},
		sampleN: 1,
	}, {
		name: "two coders, one skips: no agreement on that pair",
		acts: []unpv.Coding{
			{SentenceID: s1, Target: "AU", Coder: "ann", Label: unpv.Recognition, Queue: q, At: "2025-01-01T10:00:00.000Z"},
			{SentenceID: s1, Target: "AU", Coder: "bob", Label: unpv.Recognition, Queue: q, At: "2025-01-01T10:00:01.000Z"},
			{SentenceID: s2, Target: "AU", Coder: "ann", Label: unpv.Counter, Queue: q, At: "2025-01-01T10:00:02.000Z"},
			{SentenceID: s2, Target: "AU", Coder: "bob", Note: "unreadable", Queue: q, At: "2025-01-01T10:00:03.000Z"},
		},
		labels: []string{s1 + " AU recognition agreed ann,bob", s2 + " AU counter coded ann"},
		coders: []annotate.CoderStats{{Coder: "ann", Labelled: 2, Last: "2025-01-01T10:00:02.000Z"},
			{Coder: "bob", Labelled: 1, Skipped: 1, Last: "2025-01-01T10:00:03.000Z"}},
		agreeN:  1,
		sampleN: 2,
	}, {
		name: "only skips, one of a pair the model did not label",
		acts: []unpv.Coding{
			{SentenceID: s1, Target: "AU", Coder: "ann", Queue: q, At: "2025-01-01T10:00:00.000Z"},
			{SentenceID: s3, Target: "EU", Coder: "bob", Note: "no EU here", Queue: "uncertain", At: "2025-01-01T10:00:01.000Z"},
		},
		coders: []annotate.CoderStats{{Coder: "ann", Skipped: 1, Last: "2025-01-01T10:00:00.000Z"},
			{Coder: "bob", Skipped: 1, Last: "2025-01-01T10:00:01.000Z"}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			st := skipStore(t)
			ws := NewWorkspace(st, nil)
			var want []annotate.Record
			for _, c := range tt.acts {
				if _, err := ws.Code(ctx, c); err != nil {
					t.Fatal(err)
				}
				want = append(want, rec(c))
			}
			export := func(st *store.Store, codings bool) []annotate.Record {
				t.Helper()
				var buf bytes.Buffer
				n, err := ExportCodings(ctx, st, &buf, ExportOptions{Codings: codings})
				if err != nil {
					t.Fatal(err)
				}
				recs, bad, err := annotate.ReadRecords(&buf, 1<<20)
				if err != nil || len(bad) > 0 || len(recs) != n {
					t.Fatalf("reading back the export of %d lines: %d records, %v %v", n, len(recs), bad, err)
				}
				return recs
			}
			got := export(st, true)
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("codings export (-want +got):\n%s", d)
			}

			var labels []string
			for _, r := range export(st, false) {
				labels = append(labels, fmt.Sprintf("%s %s %s %s %s", r.SentenceID, r.Target, r.Label, r.Status, strings.Join(r.Coders, ",")))
			}
			if d := cmp.Diff(tt.labels, labels); d != "" {
				t.Errorf("label export (-want +got):\n%s", d)
			}

			stats, err := AnnotationStats(ctx, st)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.coders, stats.Coders); d != "" {
				t.Errorf("coders' stats (-want +got):\n%s", d)
			}
			agreeN, sampleN := 0, 0
			for _, a := range stats.Agreement {
				if a.Sample == "" { // all pairs both labelled; each sample's are among them
					agreeN += a.N
				}
			}
			for _, a := range stats.Accuracy {
				sampleN += a.N + a.Disputed + a.NoModel
			}
			if agreeN != tt.agreeN || sampleN != tt.sampleN {
				t.Errorf("kappa on %d pairs, model's sample of %d; want %d and %d", agreeN, sampleN, tt.agreeN, tt.sampleN)
			}

			// The acts move to another store whole, and only once.
			other := skipStore(t)
			for i, want := range []int{len(tt.acts), 0} {
				res, err := ImportCodings(ctx, other, got, ImportOptions{})
				if err != nil || res.Added != want || len(res.Unmatched) > 0 {
					t.Fatalf("import %d: %+v %v, want %d added", i+1, res, err, want)
				}
			}
			if d := cmp.Diff(got, export(other, true)); d != "" {
				t.Errorf("codings after the round trip (-exported +re-exported):\n%s", d)
			}
		})
	}
}

// TestRandomSampleEstimatesThroughTheStore codes the first pairs of a
// random queue over a synthetic population whose model's error rates are
// known and checks the estimates against the population's rates: the
// queue's random order must give an unbiased sample.
func TestRandomSampleEstimatesThroughTheStore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// 3,000 pairs: 1,200 recognition, 1,500 neutral, 300 counter by the
	// truth; the model is right on 80%, 80% and 60% of them, and the pairs
	// are stored in an order that groups errors together, so that a queue
	// in stored order would be badly biased.
	type pair struct{ truth, model unpv.Label }
	var pop []pair
	add := func(n int, truth, model unpv.Label) {
		for range n {
			pop = append(pop, pair{truth, model})
		}
	}
	add(960, unpv.Recognition, unpv.Recognition)
	add(240, unpv.Recognition, unpv.Neutral)
	add(1200, unpv.Neutral, unpv.Neutral)
	add(300, unpv.Neutral, unpv.Recognition)
	add(180, unpv.Counter, unpv.Counter)
	add(120, unpv.Counter, unpv.Neutral)
	var ex store.Extraction
	ex.Meeting = unpv.Meeting{Symbol: "S/PV.9999", Body: unpv.SecurityCouncil, Meeting: "S/PV.9999", Date: "2021-01-01"}
	sp := unpv.Speech{ID: "S/PV.9999#1", Symbol: "S/PV.9999", Body: unpv.SecurityCouncil, Meeting: "S/PV.9999", Date: "2021-01-01", Seq: 1}
	var sts []unpv.Stance
	var texts []string
	truth := map[string]unpv.Label{}
	for i, p := range pop {
		id := unpv.SentenceID(sp.ID, i+1)
		texts = append(texts, fmt.Sprintf("Sentence %d on the AU.", i+1))
		sts = append(sts, unpv.Stance{SentenceID: id, Target: "AU", Label: p.model, Confidence: float64(i) / float64(len(pop))})
		truth[id] = p.truth
	}
	ex.Sentences = fixture.JoinSentences(&sp, texts)
	ex.Speeches = []unpv.Speech{sp}
	if err := st.ReplaceExtraction(ctx, "d", &ex, store.StageState{InputHash: "a"}); err != nil {
		t.Fatal(err)
	}
	if err := st.ReplaceClassification(ctx, "d", nil, sts, store.StageState{InputHash: "b"}); err != nil {
		t.Fatal(err)
	}

	ws := NewWorkspace(st, nil)
	q := annotate.Queue{Order: annotate.OrderRandom, Seed: 1}
	const n = 400
	for range n {
		it, err := ws.Next(ctx, q, "ann")
		if err != nil || it == nil {
			t.Fatalf("next: %v %v", it, err)
		}
		if it.ModelLabel == "" || it.Sentence == "" {
			t.Fatalf("item without the model's stance or sentence: %+v", it)
		}
		if _, err := ws.Code(ctx, unpv.Coding{SentenceID: it.SentenceID, Target: it.Target, Coder: "ann",
			Label: truth[it.SentenceID], Queue: q.String()}); err != nil {
			t.Fatal(err)
		}
	}
	prog, _ := ws.Progress(ctx, q, "ann")
	if prog != (annotate.Progress{Total: 3000, Done: n}) {
		t.Errorf("progress %+v", prog)
	}
	stats, err := ws.Stats(ctx)
	if err != nil || len(stats.Accuracy) != 1 {
		t.Fatalf("stats: %+v %v", stats, err)
	}
	a := stats.Accuracy[0]
	if a.Queue != "random seed=1" || a.N != n {
		t.Fatalf("sample: %q n=%d", a.Queue, a.N)
	}
	// The population's rates (R, N, C): precision 960/1260, 1200/1560,
	// 180/180; recall 0.8, 0.8, 0.6; accuracy 2340/3000.
	want := []struct {
		name string
		got  annotate.Rate
		p    float64
	}{
		{"accuracy", a.Accuracy, 2340.0 / 3000},
		{"precision recognition", a.PerLabel[0].Precision, 960.0 / 1260},
		{"precision neutral", a.PerLabel[1].Precision, 1200.0 / 1560},
		{"recall recognition", a.PerLabel[0].Recall, 0.8},
		{"recall neutral", a.PerLabel[1].Recall, 0.8},
		{"recall counter", a.PerLabel[2].Recall, 0.6},
	}
	for _, w := range want {
		// Within 3.5 standard errors of a simple random sample (with the
		// finite-population correction): a biased queue fails, chance
		// alone almost never (p < 0.001 for each).
		se := math.Sqrt(w.p*(1-w.p)/float64(w.got.N)) * math.Sqrt(float64(3000-n)/float64(3000-1))
		t.Logf("%-22s population %.3f sample %.3f (%d/%d) [%.3f, %.3f]", w.name, w.p, w.got.Value, w.got.K, w.got.N, w.got.Low, w.got.High)
		if math.Abs(w.got.Value-w.p) > 3.5*se {
			t.Errorf("%s: sample %.3f, population %.3f (3.5 SE = %.3f)", w.name, w.got.Value, w.p, 3.5*se)
		}
	}
	if p := a.PerLabel[2].Precision; p.Value != 1 {
		t.Errorf("counter precision %v, want 1 (the model never says counter wrongly)", p)
	}
	// The queue order is a random sample: about a tenth of the first n
	// come from each tenth of the stored order.
	var deciles [10]int
	st.EachCoding(ctx, func(c unpv.Coding) error {
		var k int
		fmt.Sscanf(c.SentenceID[strings.LastIndexByte(c.SentenceID, '.')+1:], "%d", &k)
		deciles[(k-1)*10/len(pop)]++
		return nil
	})
	for i, d := range deciles {
		if d < 20 || d > 60 {
			t.Errorf("decile %d of the stored order holds %d of the %d sampled pairs: %v", i+1, d, n, deciles)
		}
	}
}

// recordsRun runs every stage over recordSource in a new data directory
// and opens its store and index.
func recordsRun(t *testing.T) (dir string, st *store.Store, ix *index.Index) {
	t.Helper()
	dir = t.TempDir()
	stages, err := DataStages(dir, extract.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), Options{DataDir: dir, Sources: []Source{recordSource(t)}, Stages: stages, Logger: slog.New(slog.DiscardHandler)}); err != nil {
		t.Fatal(err)
	}
	st = testStore(t, dir)
	if ix, err = index.Open(filepath.Join(dir, IndexDir)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return dir, st, ix
}

// TestReindexAfterCodings: codings on the labelling page bring the search
// index up to date once they stop for the quiet period.
func TestReindexAfterCodings(t *testing.T) {
	ctx := context.Background()
	dir, st, ix := recordsRun(t)
	// A queue restricted to a search draws from the sentences it finds.
	q := annotate.Queue{Order: annotate.OrderDate, Query: "partnership"}
	it, err := NewWorkspace(st, ix).Next(ctx, q, "ann")
	if err != nil || it == nil || !strings.Contains(strings.ToLower(it.Sentence), "partnership") {
		t.Errorf("search queue: %+v %v", it, err)
	}
	prog, _ := NewWorkspace(st, ix).Progress(ctx, q, "ann")
	all, _ := NewWorkspace(st, ix).Progress(ctx, annotate.Queue{Order: annotate.OrderDate}, "ann")
	if prog.Total == 0 || prog.Total >= all.Total {
		t.Errorf("search queue of %d pairs, all %d", prog.Total, all.Total)
	}
	for _, bad := range []*index.Index{ix, nil} {
		if _, err := NewWorkspace(st, bad).Next(ctx, annotate.Queue{Query: `"unclosed`}, "ann"); !errors.Is(err, annotate.ErrBadQueue) {
			t.Errorf("bad search (index %v): %v", bad != nil, err)
		}
	}
	built := make(chan error, 10)
	r := NewReindexer(ctx, Options{DataDir: dir, Logger: slog.New(slog.DiscardHandler)}, 50*time.Millisecond)
	r.built = func(err error) { built <- err }
	ws := NewWorkspace(st, ix)
	ws.OnChange = r.Touch
	pair := firstStances(t, st, 1)[0]
	want := other(pair.Label)
	for _, coder := range []string{"ann", "bob"} { // two codings in a row: one rebuild
		if _, err := ws.Code(ctx, unpv.Coding{SentenceID: pair.SentenceID, Target: pair.Target, Coder: coder, Label: want}); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case err := <-built:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Minute):
		t.Fatal("no rebuild after the codings")
	}
	r.Wait()
	if len(built) != 0 {
		t.Errorf("%d rebuilds for two codings in a row, want 1", 1+len(built))
	}
	fp, _ := st.StatesDigest(ctx)
	ix.Refresh()
	if ix.Meta().Fingerprint != fp {
		t.Errorf("the served index was not rebuilt from the store with its codings")
	}
	found := false
	if _, err := ix.Each(ctx, index.Query{Stances: []string{string(want)}, Targets: []string{pair.Target}}, func(h index.Hit) error {
		found = found || h.ID == pair.SentenceID
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !found {
		t.Errorf("the rebuilt index does not find %s as %s", pair.SentenceID, want)
	}
}

// TestStaleLabelsFollowTheirText: when a new segmentation renumbers a
// speech's sentences, labels coded before no longer apply to the sentence
// that now has their ID; exported and imported again, they find their
// sentence by its text.
// speechStore is a store holding one speech of S/PV.8711, and write, which
// extracts it again from texts (its sentences) and classifies each as a
// neutral ASEAN pair: a new segmenter or a changed source.
func speechStore(t *testing.T) (st *store.Store, write func(texts []string)) {
	t.Helper()
	return speechStoreIn(t, t.TempDir())
}

// speechStoreIn is speechStore in the data directory dir.
func speechStoreIn(t *testing.T, dir string) (st *store.Store, write func(texts []string)) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	sp := unpv.Speech{ID: "S/PV.8711#5", Symbol: "S/PV.8711", Body: unpv.SecurityCouncil, Meeting: "S/PV.8711", Date: "2020-01-30",
		Seq: 5, Speaker: "Mr. Nebenzia (Russian Federation)", DelegationCode: "RUS"}
	return st, func(texts []string) {
		t.Helper()
		ses := fixture.JoinSentences(&sp, texts)
		ex := &store.Extraction{Meeting: unpv.Meeting{Symbol: sp.Symbol, Body: sp.Body, Meeting: sp.Meeting, Date: sp.Date},
			Speeches: []unpv.Speech{sp}, Sentences: ses}
		var sts []unpv.Stance
		for _, se := range ses {
			sts = append(sts, unpv.Stance{SentenceID: se.ID, Target: "ASEAN", Label: unpv.Neutral, Confidence: 0.5})
		}
		if err := st.ReplaceExtraction(ctx, "d", ex, store.StageState{InputHash: strings.Join(texts, "\n")}); err != nil {
			t.Fatal(err)
		}
		if err := st.ReplaceClassification(ctx, "d", nil, sts, store.StageState{InputHash: "c"}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestStaleLabelsFollowTheirText(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, write := speechStoreIn(t, dir)
	texts := []string{"We value ASEAN's contribution.", "ASEAN is a key partner in peace and security."}
	write(texts)
	if _, err := st.AddCoding(ctx, unpv.Coding{SentenceID: "S/PV.8711#5.2", Target: "ASEAN", Coder: "ann", Label: unpv.Recognition}); err != nil {
		t.Fatal(err)
	}
	hand := func() []string {
		var out []string
		st.EachStance(ctx, func(r store.StanceRow) error {
			if r.Hand {
				out = append(out, r.SentenceID+" "+string(r.Label))
			}
			return nil
		})
		return out
	}
	if got := hand(); !cmp.Equal(got, []string{"S/PV.8711#5.2 recognition"}) {
		t.Fatalf("before: %v", got)
	}
	// A new segmenter splits the first sentence: the labelled one is now 5.3.
	write([]string{"We value ASEAN's contribution", "and its role.", texts[1]})
	if got := hand(); len(got) != 0 {
		t.Errorf("a stale label applied to the sentence that took its ID: %v", got)
	}
	// Both exports say which lines are stale: their sentence_id names
	// another sentence of the store now (or none).
	exported := func(codings bool) []string {
		t.Helper()
		var buf bytes.Buffer
		if _, err := ExportCodings(ctx, st, &buf, ExportOptions{Codings: codings}); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
			var r annotate.Record
			if err := json.Unmarshal([]byte(l), &r); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprintf("%s %s stale=%v", r.ID, r.Label, r.Stale))
		}
		return out
	}
	if d := cmp.Diff([]string{"S/PV.8711#5.2:ASEAN recognition stale=true"}, exported(false)); d != "" {
		t.Errorf("labels export of the stale label (-want +got):\n%s", d)
	}
	if a, err := AnnotationStats(ctx, st); err != nil || a.Stale != 1 {
		t.Errorf("before the carry-over: %d stale labels (%v), want 1", a.Stale, err)
	}
	var buf bytes.Buffer
	if _, err := ExportCodings(ctx, st, &buf, ExportOptions{Codings: true}); err != nil {
		t.Fatal(err)
	}
	recs, _, _ := annotate.ReadRecords(&buf, 1<<20)
	res, err := ImportCodings(ctx, st, recs, ImportOptions{})
	if err != nil || res.Added != 1 {
		t.Fatalf("re-import: %+v %v", res, err)
	}
	if got := hand(); !cmp.Equal(got, []string{"S/PV.8711#5.3 recognition"}) {
		t.Errorf("after the re-import: %v", got)
	}
	// The label is exported once, where it applies: the stale line was
	// exported too, a second labelled pair whose ID joins to another
	// sentence (on the bundled corpus, after one sentence of S/PV.8699#31
	// was split, S/PV.8699#31.12:EU and 31.13:EU, both agreed). The codings
	// export keeps every act, the stale one marked.
	if d := cmp.Diff([]string{"S/PV.8711#5.3:ASEAN recognition stale=false"}, exported(false)); d != "" {
		t.Errorf("labels export after the re-import (-want +got):\n%s", d)
	}
	want := []string{"S/PV.8711#5.2:ASEAN recognition stale=true", "S/PV.8711#5.3:ASEAN recognition stale=false"}
	if d := cmp.Diff(want, exported(true)); d != "" {
		t.Errorf("codings export after the re-import (-want +got):\n%s", d)
	}
	// Stale labels count until carried over: stats and status said "1
	// stale label" after the import had carried it over, as if the work
	// remained.
	staleCount := func() (stats, status int) {
		t.Helper()
		a, err := AnnotationStats(ctx, st)
		if err != nil {
			t.Fatal(err)
		}
		tables, err := st.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		h, err := handSummary(ctx, st, tables)
		if err != nil {
			t.Fatal(err)
		}
		return a.Stale, h.Stale
	}
	if stats, status := staleCount(); stats != 0 || status != 0 {
		t.Errorf("after the carry-over: %d stale labels in stats, %d in status, want 0", stats, status)
	}
	// Retraining takes it once, and its card counts it once.
	src, err := CorrectionPairs(ctx, dir)
	if err != nil || len(src.Pairs) != 1 || !strings.HasSuffix(src.Name, ": 0 adjudicated, 0 agreed, 1 of one coder; 0 disputed left out") {
		t.Errorf("correction pairs: %d, %q (%v)", len(src.Pairs), src.Name, err)
	}
}

// TestQueueFiltersChecked: a labelling queue's delegation and dates are
// checked as the search page checks them (web walkthrough:
// delegation=NARNIA was an empty queue and to=2020-13 a queue of every
// pair, both with 200), with the index and without it; a delegation's name
// or its code in any case is its queue.
func TestQueueFiltersChecked(t *testing.T) {
	ctx := context.Background()
	_, st, ix := recordsRun(t)
	for _, withIndex := range []bool{true, false} {
		ws := NewWorkspace(st, nil)
		if withIndex {
			ws = NewWorkspace(st, ix)
		}
		total := func(q annotate.Queue) int {
			t.Helper()
			p, err := ws.Progress(ctx, q, "ann")
			if err != nil {
				t.Fatalf("%+v: %v", q, err)
			}
			return p.Total
		}
		rus := total(annotate.Queue{Order: annotate.OrderDate, Delegation: "RUS"})
		if rus == 0 || rus >= total(annotate.Queue{Order: annotate.OrderDate}) {
			t.Fatalf("RUS: %d pairs", rus)
		}
		t.Run(fmt.Sprintf("index %v", withIndex), func(t *testing.T) {
			for _, d := range []string{"rus", "Russian Federation"} {
				if n := total(annotate.Queue{Order: annotate.OrderDate, Delegation: d}); n != rus {
					t.Errorf("delegation %q: %d pairs, RUS %d", d, n, rus)
				}
			}
			for _, c := range []struct {
				q    annotate.Queue
				want string
			}{
				{annotate.Queue{Delegation: "NARNIA"}, `delegation="NARNIA"`},
				{annotate.Queue{To: "2020-13"}, `to="2020-13"`},
				{annotate.Queue{From: "2020-02-30"}, `from="2020-02-30"`},
				{annotate.Queue{From: "2021", To: "2020"}, `to="2020": before from="2021"`},
			} {
				c.q.Order = annotate.OrderDate
				_, err := ws.Next(ctx, c.q, "ann")
				if !errors.Is(err, annotate.ErrBadQueue) || !strings.Contains(err.Error(), c.want) {
					t.Errorf("%+v: %v, want a bad queue naming %s", c.q, err, c.want)
				}
				if err != nil && strings.Contains(err.Error(), "bad query") {
					t.Errorf("%+v: %q says bad queue and bad query", c.q, err)
				}
				if _, err := ws.Progress(ctx, c.q, "ann"); !errors.Is(err, annotate.ErrBadQueue) {
					t.Errorf("%+v: progress %v", c.q, err)
				}
			}
		})
	}
}

// TestPagesHas: which delegations the search page may link a page for. Has
// answers from the last report built, never building one itself (a report
// takes seconds over a large store, and every search page asks): none
// before the first, then those with classified sentences, not the
// Secretariat's UN, which linked a 404; and it checks the store again only
// when the index changed.
func TestPagesHas(t *testing.T) {
	ctx := context.Background()
	dir, _, _ := recordsRun(t)
	p := DelegationPages(ctx, dir)
	if p.Has(ctx, "gen-1", "RUS") {
		t.Error("a page before any report was built")
	}
	p.Wait() // the check Has started
	for code, want := range map[string]bool{"RUS": true, "UN": false, "XXX": false} {
		if got := p.Has(ctx, "gen-1", code); got != want {
			t.Errorf("Has(%s) = %v, want %v", code, got, want)
		}
	}
	p.Wait()
	// Search traffic on the same index starts no check of the store (it
	// started one every 2 s, and a report whenever a coding changed it).
	before := p.checks.Load()
	for range 50 {
		p.Has(ctx, "gen-1", "RUS")
	}
	p.Wait()
	if n := p.checks.Load() - before; n != 0 {
		t.Errorf("%d checks of the store on an unchanged index, want 0", n)
	}
	p.Has(ctx, "gen-2", "RUS") // a new generation: one check
	p.Wait()
	if n := p.checks.Load() - before; n != 1 {
		t.Errorf("%d checks of the store after the index changed, want 1", n)
	}
}

// TestPagesBareDelegation: /delegation/ without a code is the report,
// which lists the delegations (it was a plain-text 404).
func TestPagesBareDelegation(t *testing.T) {
	p := DelegationPages(context.Background(), t.TempDir())
	rec := httptest.NewRecorder()
	p.ServeHTTP(rec, httptest.NewRequest("GET", "/delegation/", nil))
	if rec.Code != http.StatusFound || rec.Header().Get("Location") != ReportPath {
		t.Errorf("/delegation/: %d to %q, want %d to %s", rec.Code, rec.Header().Get("Location"), http.StatusFound, ReportPath)
	}
}

// TestUnrecordedModelWarnsOnce: a DATA/model.json that records no reading
// (trained before it was recorded) is used with one warning, not one per
// load (run loads it twice, serve on every page refresh).
func TestUnrecordedModelWarnsOnce(t *testing.T) {
	dir := t.TempDir()
	shipped, err := os.ReadFile(filepath.Join("..", "classify", "model.json"))
	if err != nil {
		t.Fatal(err)
	}
	old := regexp.MustCompile(`\n "reading": "[^"]*",`).ReplaceAll(shipped, nil)
	if err := os.WriteFile(filepath.Join(dir, ModelFile), old, 0o644); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, nil)))
	for range 3 {
		if _, err := DataClassifier(dir); err != nil {
			t.Fatal(err)
		}
	}
	if n := strings.Count(logs.String(), "does not record the reading rules"); n != 1 {
		t.Errorf("%d warnings, want 1:\n%s", n, logs.String())
	}
}

// TestExportNamesTheDelegation: an exported pair carries its speech's
// delegation code (delegation_code, which classify --in reads first), so
// that a line joins the report's rows and gets its relation back: the
// speaker as printed alone ("Dato Lim Jock Hoi", "Mr. Skoog") names no
// delegation, and 80 of the demo's 300 gold pairs sent to classify --in came
// back speaker_unknown, without a relation.
func TestExportNamesTheDelegation(t *testing.T) {
	ctx := context.Background()
	shipped, _ := classify.Default()
	dir := t.TempDir()
	annotateRun(t, dir, shipped)
	st := testStore(t, dir)
	rows := map[string]store.StanceRow{}
	ws := NewWorkspace(st, nil)
	st.EachStance(ctx, func(r store.StanceRow) error {
		rows[annotate.PairID(r.SentenceID, r.Target)] = r
		return nil
	})
	for _, r := range rows {
		if _, err := ws.Code(ctx, unpv.Coding{SentenceID: r.SentenceID, Target: r.Target, Coder: "ann", Label: r.Label}); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := ExportCodings(ctx, st, &buf, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	recs, bad, err := annotate.ReadRecords(&buf, 1<<20)
	if err != nil || len(bad) > 0 || len(recs) != len(rows) {
		t.Fatalf("%d records of %d pairs: %v %v", len(recs), len(rows), err, bad)
	}
	for _, rec := range recs {
		r := rows[rec.ID]
		if rec.DelegationCode != r.DelegationCode {
			t.Errorf("%s: delegation_code %q, want the speech's %q", rec.ID, rec.DelegationCode, r.DelegationCode)
		}
		// What classify --in reads from the line (delegation_code first).
		if got := un.SpeakerCode(rec.DelegationCode, rec.Speaker); got != r.DelegationCode && r.DelegationCode != "" {
			t.Errorf("%s: the line reads as %q, the speech is %q's", rec.ID, got, r.DelegationCode)
		}
	}
}

// TestChangedSentenceComesBack: when a sentence a coder labelled or skipped
// reads otherwise after a re-extraction, her coding no longer applies
// (stale), so the pair is hers to code again: it was left out of her queue
// and counted done, left out of a queue of pairs nobody labelled, and
// shown with "your label so far" from the old text.
func TestChangedSentenceComesBack(t *testing.T) {
	ctx := context.Background()
	st, write := speechStore(t)
	write([]string{"We value ASEAN's contribution.", "ASEAN is a key partner in peace and security."})
	ws := NewWorkspace(st, nil)
	for _, c := range []unpv.Coding{
		{SentenceID: "S/PV.8711#5.2", Target: "ASEAN", Coder: "ann", Label: unpv.Recognition},
		{SentenceID: "S/PV.8711#5.2", Target: "ASEAN", Coder: "bob"}, // a skip
	} {
		if _, err := ws.Code(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	type view struct {
		Next     []string // the pairs the queue gives, in order (coding none)
		Progress annotate.Progress
		Mine     bool // the page shows the coder's own label of 5.2
	}
	look := func(coder string, fresh bool) view {
		t.Helper()
		q := annotate.Queue{Order: annotate.OrderDate, Seed: 1, Fresh: fresh}
		var v view
		ps, err := st.NextPairs(ctx, store.Queue{Order: q.Order, Coder: coder, Fresh: fresh}, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			v.Next = append(v.Next, p.SentenceID)
		}
		if v.Progress, err = ws.Progress(ctx, q, coder); err != nil {
			t.Fatal(err)
		}
		it, err := ws.Item(ctx, annotate.Pair{SentenceID: "S/PV.8711#5.2", Target: "ASEAN"}, coder)
		if err != nil {
			t.Fatal(err)
		}
		v.Mine = it.Mine != nil
		return v
	}
	for _, tc := range []struct {
		name   string
		coder  string
		fresh  bool
		before view
		after  view
	}{
		{"labelled", "ann", false,
			view{[]string{"S/PV.8711#5.1"}, annotate.Progress{Total: 2, Done: 1}, true},
			view{[]string{"S/PV.8711#5.1", "S/PV.8711#5.2"}, annotate.Progress{Total: 2}, false}},
		{"skipped", "bob", false,
			view{[]string{"S/PV.8711#5.1"}, annotate.Progress{Total: 2, Done: 1}, true},
			view{[]string{"S/PV.8711#5.1", "S/PV.8711#5.2"}, annotate.Progress{Total: 2}, false}},
		{"nobody labelled", "cy", true,
			view{[]string{"S/PV.8711#5.1"}, annotate.Progress{Total: 2}, false},
			view{[]string{"S/PV.8711#5.1", "S/PV.8711#5.2"}, annotate.Progress{Total: 2}, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			write([]string{"We value ASEAN's contribution.", "ASEAN is a key partner in peace and security."})
			if diff := cmp.Diff(tc.before, look(tc.coder, tc.fresh)); diff != "" {
				t.Errorf("before the change (-want +got):\n%s", diff)
			}
			write([]string{"We value ASEAN's contribution.", "ASEAN is no partner of ours."})
			if diff := cmp.Diff(tc.after, look(tc.coder, tc.fresh)); diff != "" {
				t.Errorf("after the sentence changed (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRandomQueueHoldsItsWholeOrder: a random queue is the model's
// accuracy sample, so each pair of its order comes in it, though the
// coder labelled it from another queue (where she may have seen the
// model's label): her random queue left such pairs out, and the sample,
// the pairs labelled from the queue, lost them (the least confident ones,
// when she had coded the uncertain queue first). A pair coded from the
// random queue itself is left out as before, and with "only pairs nobody
// labelled" so is one anyone coded from it.
func TestRandomQueueHoldsItsWholeOrder(t *testing.T) {
	ctx := context.Background()
	st, write := speechStore(t)
	write([]string{"We value ASEAN's contribution.", "ASEAN is a key partner in peace and security.", "ASEAN met in June."})
	ws := NewWorkspace(st, nil)
	random := annotate.Queue{Order: annotate.OrderRandom, Seed: 1}
	fresh := random
	fresh.Fresh = true
	order, err := st.NextPairs(ctx, store.Queue{Order: store.OrderRandom, Seed: 1}, 10)
	if err != nil || len(order) != 3 {
		t.Fatalf("random order: %v %v", order, err)
	}
	first, second := order[0].SentenceID, order[1].SentenceID
	next := func(q annotate.Queue, coder string) string {
		t.Helper()
		it, err := ws.Next(ctx, q, coder)
		if err != nil || it == nil {
			t.Fatalf("next: %v %v", it, err)
		}
		return it.SentenceID
	}
	code := func(id, coder string, q annotate.Queue) {
		t.Helper()
		if _, err := ws.Code(ctx, unpv.Coding{SentenceID: id, Target: "ASEAN", Coder: coder, Label: unpv.Recognition, Queue: q.String()}); err != nil {
			t.Fatal(err)
		}
	}
	// Ann labels the random order's first pair from the uncertain queue.
	code(first, "ann", annotate.Queue{Order: annotate.OrderUncertain})
	for _, c := range []struct {
		name  string
		q     annotate.Queue
		coder string
		want  string
	}{
		{"ann's random queue", random, "ann", first},
		{"bob's random queue", random, "bob", first},
		{"nobody labelled it from the sample", fresh, "bob", first},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := next(c.q, c.coder); got != c.want {
				t.Errorf("next %s, want %s", got, c.want)
			}
		})
	}
	// Coded from the random queue, the pair leaves it; and the sample holds it.
	code(first, "ann", random)
	code(first, "cy", fresh)
	t.Run("after coding from the queue", func(t *testing.T) {
		if got := next(random, "ann"); got != second {
			t.Errorf("ann's next %s, want %s", got, second)
		}
		if got := next(fresh, "bob"); got != second {
			t.Errorf("bob's next pair nobody labelled from the sample: %s, want %s", got, second)
		}
		p, err := ws.Progress(ctx, random, "ann")
		if err != nil || p != (annotate.Progress{Total: 3, Done: 1}) {
			t.Errorf("ann's progress %+v %v, want 1 of 3", p, err)
		}
		s, err := ws.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var samples []string
		for _, a := range s.Accuracy {
			samples = append(samples, fmt.Sprintf("%s: %d", a.Queue, a.N))
		}
		if diff := cmp.Diff([]string{"random seed=1: 1", "random seed=1 fresh: 1"}, samples); diff != "" {
			t.Errorf("samples (-want +got):\n%s", diff)
		}
	})
}

// TestImportRecordsWhereLabelsCameFrom: a line that is not an exported
// coding act (a gold line, a line of a labels export, which has the
// pair's latest time but no kind) records the import's queue; an exported
// act (it has a kind) keeps its own, empty or not. A labels export was
// taken for codings by its time and imported with no queue at all.
func TestImportRecordsWhereLabelsCameFrom(t *testing.T) {
	ctx := context.Background()
	const text = "ASEAN is a key partner in peace and security."
	for _, tc := range []struct {
		name string
		rec  annotate.Record
		want string
	}{
		{"gold line", annotate.Record{}, "import labels.jsonl"},
		{"labels export", annotate.Record{At: "2026-01-02T03:04:05.000Z", Status: unpv.HandAgreed, Coders: []string{"a", "b"}},
			"import labels.jsonl"},
		{"codings export", annotate.Record{Kind: annotate.KindLabel, At: "2026-01-02T03:04:05.000Z", Queue: "random seed=1"},
			"random seed=1"},
		{"codings export, no queue", annotate.Record{Kind: annotate.KindLabel, At: "2026-01-02T03:04:05.000Z"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, write := speechStore(t)
			write([]string{text})
			r := tc.rec
			r.SentenceID, r.Target, r.Sentence, r.Label = "S/PV.8711#5.1", "ASEAN", text, unpv.Recognition
			res, err := ImportCodings(ctx, st, []annotate.Record{r}, ImportOptions{Coder: "team", Queue: "import labels.jsonl"})
			if err != nil || res.Added != 1 {
				t.Fatalf("import: %+v %v", res, err)
			}
			cs, err := st.PairCodings(ctx, "S/PV.8711#5.1", "ASEAN")
			if err != nil || len(cs) != 1 {
				t.Fatalf("codings: %+v %v", cs, err)
			}
			if cs[0].Queue != tc.want {
				t.Errorf("queue %q, want %q", cs[0].Queue, tc.want)
			}
		})
	}
}

// TestAccessKey: the labelling page's access key is made once, readable
// only by its owner, and the same after a restart (each serve made a new
// one, so coders beyond loopback needed a new key after every restart); a
// file that holds no key is an error that says what to do.
func TestAccessKey(t *testing.T) {
	dir := t.TempDir()
	k1, err := AccessKey(dir)
	if err != nil || len(k1) < 16 {
		t.Fatalf("first key %q: %v", k1, err)
	}
	if fi, err := os.Stat(filepath.Join(dir, AccessKeyFile)); err != nil || (runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600) {
		t.Errorf("key file: %v %v, want mode 0600", fi.Mode(), err)
	}
	if k2, err := AccessKey(dir); err != nil || k2 != k1 {
		t.Errorf("second key %q %v, want %q", k2, err, k1)
	}
	for _, bad := range []string{"", "short\n", "two words and more than sixteen\n"} {
		os.WriteFile(filepath.Join(dir, AccessKeyFile), []byte(bad), 0o600)
		if k, err := AccessKey(dir); err == nil || !strings.Contains(err.Error(), "delete it") {
			t.Errorf("key file %q: %q %v, want an error saying to delete it", bad, k, err)
		}
	}
	os.Remove(filepath.Join(dir, AccessKeyFile))
	if k3, err := AccessKey(dir); err != nil || k3 == k1 {
		t.Errorf("key after deleting the file: %q %v, want a new one", k3, err)
	}
	// A link to nothing: reading says it is not there, creating that it
	// is (this recursed until the stack overflowed).
	os.Remove(filepath.Join(dir, AccessKeyFile))
	if runtime.GOOS != "windows" {
		os.Symlink(filepath.Join(dir, "gone"), filepath.Join(dir, AccessKeyFile))
		if k, err := AccessKey(dir); err == nil || !strings.Contains(err.Error(), "delete it") {
			t.Errorf("dangling link: %q %v, want an error saying to delete it", k, err)
		}
		os.Remove(filepath.Join(dir, AccessKeyFile))
	}
	// Serves starting together share one key, and none reads a
	// half-written file (it was created empty, then written).
	keys := make([]string, 8)
	errs := make([]error, 8)
	var wg sync.WaitGroup
	for i := range keys {
		wg.Add(1)
		go func() { defer wg.Done(); keys[i], errs[i] = AccessKey(dir) }()
	}
	wg.Wait()
	for i := range keys {
		if errs[i] != nil || keys[i] != keys[0] {
			t.Errorf("serve %d: key %q %v, want %q like the first", i, keys[i], errs[i], keys[0])
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".annotate.key-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestSkipAfterLabelShowsTheLabel: a coder who labelled a pair and then
// skipped it keeps her label (a skip is never a label, and never takes one
// back: the pair's hand label, her agreement and the exports keep it), and
// the labelling page says so, where it said "Your label so far: skipped".
func TestSkipAfterLabelShowsTheLabel(t *testing.T) {
	ctx := context.Background()
	st, write := speechStore(t)
	write([]string{"We value ASEAN's contribution.", "ASEAN is a key partner in peace and security."})
	ws := NewWorkspace(st, nil)
	pair := annotate.Pair{SentenceID: "S/PV.8711#5.2", Target: "ASEAN"}
	for _, c := range []unpv.Coding{
		{Label: unpv.Recognition, Note: "a partner", Queue: "random seed=1"},
		{Note: "not sure now", Queue: "random seed=1"}, // a skip
	} {
		c.SentenceID, c.Target, c.Coder = pair.SentenceID, pair.Target, "ann"
		if _, err := ws.Code(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	hand, err := st.HandLabels(ctx)
	if err != nil || len(hand) != 1 || hand[0].Label != unpv.Recognition {
		t.Fatalf("hand labels %+v (%v), want ann's recognition standing", hand, err)
	}

	srv := httptest.NewServer(annotate.NewHandler(ws, annotate.HandlerOptions{}))
	defer srv.Close()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	if _, err := c.PostForm(srv.URL+"/annotate/login", url.Values{"name": {"ann"}}); err != nil {
		t.Fatal(err)
	}
	resp, err := c.Get(srv.URL + "/annotate?order=random&pair=" + url.QueryEscape(annotate.PairID(pair.SentenceID, pair.Target)))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`<p class="mine" id="mine">(.*?)</p>`).FindSubmatch(b)
	if m == nil {
		t.Fatalf("no label of hers on the page (%d):\n%s", resp.StatusCode, b)
	}
	got := regexp.MustCompile(`<[^>]+>`).ReplaceAllString(html.UnescapeString(string(m[1])), "")
	want := "Your label so far: recognition — “a partner”. You skipped the pair since, which leaves your label standing: code it again to change it."
	if got != want {
		t.Errorf("the page says\n%q\nwant\n%q", got, want)
	}
}

// TestRandomSearchQueueSamplesEveryHit: a random queue restricted to a
// search that finds more sentences than a queue draws from is refused,
// naming the count: it sampled the best-scoring hits only (2,000 of the
// bundled corpus's 2,063 for q="body:SC OR body:GA") and its accuracy and
// kappa read as a random sample of the search. Other orders keep the best
// hits; a search within the bound is sampled whole.
func TestRandomSearchQueueSamplesEveryHit(t *testing.T) {
	ctx := context.Background()
	_, st, ix := recordsRun(t)
	ws := NewWorkspace(st, ix)
	const search = "partnership"
	all, err := ws.Progress(ctx, annotate.Queue{Order: annotate.OrderDate, Query: search}, "ann")
	if err != nil || all.Total < 2 {
		t.Fatalf("search queue: %+v %v", all, err)
	}
	res, err := ix.Search(ctx, index.Query{Text: search, Size: 1, Stances: []string{"recognition", "neutral", "counter"}})
	if err != nil {
		t.Fatal(err)
	}
	hits := int(res.Total)
	for _, tc := range []struct {
		name  string
		order string
		cap   int
		bad   bool
	}{
		{"random, every hit drawn", annotate.OrderRandom, hits, false},
		{"random, hits beyond the bound", annotate.OrderRandom, hits - 1, true},
		{"uncertain, hits beyond the bound", annotate.OrderUncertain, hits - 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ws.searchCap = tc.cap
			_, err := ws.Progress(ctx, annotate.Queue{Order: tc.order, Seed: 1, Query: search}, "ann")
			if got := errors.Is(err, annotate.ErrBadQueue); got != tc.bad {
				t.Fatalf("queue refused: %v (%v), want %v", got, err, tc.bad)
			}
			if tc.bad && !strings.Contains(err.Error(), fmt.Sprintf("finds %d sentences", hits)) {
				t.Errorf("refusal does not name the hits: %v", err)
			}
		})
	}
}

// TestLabelsFindSentencesWithoutParagraphNumbers: a pair exported before
// import-9, whose sentence began with the record's paragraph number, finds
// the sentence that now reads without it, by text and by its ID.
func TestLabelsFindSentencesWithoutParagraphNumbers(t *testing.T) {
	ctx := context.Background()
	st := skipStore(t)
	recs := []annotate.Record{
		{Symbol: "S/PV.9999", Target: "AU", Sentence: "63.\tThe AU is a partner.", Label: unpv.Recognition},
		{SentenceID: "S/PV.9999#1.3", Target: "AU", Sentence: "64. We note the AU.", Label: unpv.Neutral},
		{Symbol: "S/PV.9999", Target: "AU", Sentence: "The AU leads the 63. We note the AU.", Label: unpv.Neutral},
	}
	res, err := ImportCodings(ctx, st, recs, ImportOptions{Coder: "gold"})
	if err != nil || res.Added != 2 || len(res.Unmatched) != 1 || !strings.Contains(res.Unmatched[0], "record 3") {
		t.Fatalf("import: %+v %v", res, err)
	}
	hc, _ := st.HandLabels(ctx)
	var got []string
	for _, h := range hc {
		got = append(got, fmt.Sprintf("%s %s %s stale=%v", h.SentenceID, h.Target, h.Label, h.Stale))
	}
	want := []string{"S/PV.9999#1.2 AU recognition stale=false", "S/PV.9999#1.3 AU neutral stale=false"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("hand labels (-want +got):\n%s", diff)
	}
}
