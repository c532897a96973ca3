package pipeline

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/corpora"
	"github.com/unpv/unpv/index"
	"github.com/unpv/unpv/store"
)

// recordCorpus is a source of imported records the test edits between
// runs: document key → record.
type recordCorpus map[string]store.ImportedRecord

func (rc recordCorpus) source() Source {
	return Source{Name: "import", Run: func(ctx context.Context, st *store.Store, _ string) (int, int, error) {
		changed, same := 0, 0
		for doc, rec := range rc {
			b, _ := json.Marshal(rec)
			sum := sha256.Sum256(b)
			c, err := st.PutSource(ctx, store.Source{Document: doc, Kind: store.KindRecord, Symbol: rec.Meeting.Symbol,
				SHA256: hex.EncodeToString(sum[:]), Content: b})
			if err != nil {
				return changed, same, err
			}
			if c {
				changed++
			} else {
				same++
			}
		}
		return changed, same, nil
	}}
}

// fixtureRecords reads the index fixture (real 2020 Security Council
// speeches) as records of up to 8 speeches each, so that there are a few
// dozen documents, some sharing a meeting.
func fixtureRecords(t *testing.T) recordCorpus {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "index", "speeches.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rc := recordCorpus{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var s struct {
			unpv.Speech
			Agenda string `json:"agenda"`
		}
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatal(err)
		}
		doc := fmt.Sprintf("test:%s/%d", s.Symbol, s.Seq/8)
		rec := rc[doc]
		rec.Meeting = unpv.Meeting{Symbol: s.Symbol, Meeting: s.Meeting, Body: s.Body, Date: s.Date, Agenda: s.Agenda}
		rec.Speeches = append(rec.Speeches, s.Speech)
		rc[doc] = rec
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rc
}

// indexed is what searches tell about the index in dir (see
// index.searchable, whose queries these mirror).
func indexed(t *testing.T, dir string) string {
	t.Helper()
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	var b strings.Builder
	for _, q := range []index.Query{
		{}, {Text: "Council"}, {Text: `"African Union"`}, {Text: `"international peace and security"`},
		{Text: "agenda_text:Libya"}, {Targets: []string{"CSTO"}}, {Stances: []string{"recognition"}, Sort: "date"},
		{Stances: []string{"counter"}},
		{Text: "terror*", Sort: "-date"},
	} {
		var hits []string
		total, err := ix.Each(ctx, q, func(h index.Hit) error {
			hits = append(hits, fmt.Sprintf("%s %.9g %s %v %v %v %s %q", h.ID, h.Score, h.Date, h.Targets, h.Stances, h.HandCoded, h.Agenda,
				h.Fragment.Plain()))
			return nil
		})
		if err != nil {
			t.Fatalf("%+v: %v", q, err)
		}
		q.Facets = true
		res, err := ix.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "== %+v: %d\n%s\nfacets %+v\n", q, total, strings.Join(hits, "\n"), res.Facets)
	}
	return b.String()
}

// TestIndexUpdateEqualsRebuild runs the real index stage over a store whose
// documents are added, changed (text, stances, speeches gone), removed and
// whose meeting agenda another document changes; each time the index is
// updated, not rebuilt, and searches give what a rebuild gives.
func TestIndexUpdateEqualsRebuild(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	rc := fixtureRecords(t)
	docs := make([]string, 0, len(rc))
	for d := range rc {
		docs = append(docs, d)
	}
	sort.Strings(docs)
	if len(docs) < 10 {
		t.Fatalf("%d documents", len(docs))
	}
	later := map[string]store.ImportedRecord{}
	for _, d := range docs[len(docs)-3:] {
		later[d] = rc[d]
		delete(rc, d)
	}
	f := &fakeStages{extractVersion: "e1", classifyVersion: "c1"}
	stages := append(f.stages()[:2:2], IndexStage(nil))
	run := func() {
		t.Helper()
		if _, err := Run(ctx, Options{DataDir: dir, Sources: []Source{rc.source()}, Stages: stages, Command: "test", Workers: 2}); err != nil {
			t.Fatal(err)
		}
	}
	ixDir := filepath.Join(dir, IndexDir)
	// check updates the index as the stage would, expecting mode, then
	// compares it with a rebuild over the same store.
	check := func(t *testing.T, mode string) {
		t.Helper()
		st, err := store.Open(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		// The run above already updated it: nothing left to do.
		if s, err := UpdateIndex(ctx, st, ixDir, false, nil); err != nil || s.Mode != "unchanged" {
			t.Fatalf("index after the run: %+v %v", s, err)
		}
		got := indexed(t, ixDir)
		ref := t.TempDir()
		if s, err := UpdateIndex(ctx, st, ref, false, nil); err != nil || s.Mode != "rebuild" {
			t.Fatalf("reference: %+v %v", s, err)
		}
		if diff := cmp.Diff(indexed(t, ref), got); diff != "" {
			t.Errorf("updated index differs from a rebuild (-rebuild +updated):\n%s", diff)
		}
		if m, _, _ := index.Recorded(ixDir); m.Mode != mode {
			t.Errorf("index stage did %q, want %s", m.Mode, mode)
		}
	}
	run()
	check(t, "rebuild")

	t.Run("added", func(t *testing.T) {
		for d, r := range later {
			rc[d] = r
		}
		run()
		check(t, "update")
	})
	t.Run("changed", func(t *testing.T) {
		d := docs[1]
		r := rc[d]
		r.Speeches = append([]unpv.Speech(nil), r.Speeches[1:]...) // one speech goes
		r.Speeches[0].Text = "The CSTO and the African Union spoke of international peace and security. " + r.Speeches[0].Text
		rc[d] = r
		run()
		check(t, "update")
		if !strings.Contains(indexed(t, ixDir), "CSTO:recognition") {
			t.Error("the changed speech's new stance is not indexed")
		}
	})
	t.Run("removed", func(t *testing.T) {
		st, err := store.Open(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		err = st.DeleteSource(ctx, docs[0])
		st.Close()
		if err != nil {
			t.Fatal(err)
		}
		delete(rc, docs[0])
		run()
		check(t, "update")
	})
	t.Run("agenda set by another document", func(t *testing.T) {
		// A new document of a meeting already indexed brings its agenda:
		// the speeches of the other documents of that meeting change too.
		sym := rc[docs[2]].Meeting.Symbol
		r := store.ImportedRecord{Meeting: rc[docs[2]].Meeting}
		r.Meeting.Agenda = "Libya: maintenance of international peace and security"
		r.Speeches = []unpv.Speech{{ID: unpv.SpeechID(sym, 900), Symbol: sym, Meeting: r.Meeting.Meeting, Body: r.Meeting.Body,
			Date: r.Meeting.Date, Seq: 900, DelegationCode: "LBY", Text: "Libya thanks the Council."}}
		rc["test:agenda"] = r
		run()
		check(t, "update")
		if n := strings.Count(indexed(t, ixDir), "Libya: maintenance"); n < 2 {
			t.Errorf("agenda shown on %d hits", n)
		}
	})
	t.Run("coded", func(t *testing.T) {
		// Researchers' labels: one overrides the model's label, one labels
		// a pair the model did not (a sentence that carried no stance);
		// both documents are indexed again, and nothing else.
		st, err := store.Open(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		before, _ := st.IndexInputs(ctx)
		var coded, plain store.StanceRow
		if err := st.EachStance(ctx, func(r store.StanceRow) error {
			if coded.SentenceID == "" && r.Label != unpv.Counter {
				coded = r
			}
			return nil
		}); err != nil || coded.SentenceID == "" {
			t.Fatalf("no stance to code: %v", err)
		}
		ses, err := st.Sentences(ctx, coded.SpeechID)
		if err != nil {
			t.Fatal(err)
		}
		for _, se := range ses {
			if _, err := st.Stance(ctx, se.ID, "AU"); err != nil && plain.SentenceID == "" && se.ID != coded.SentenceID {
				plain.SentenceID = se.ID
			}
		}
		if plain.SentenceID == "" {
			t.Fatalf("%s has no other sentence", coded.SpeechID)
		}
		for _, c := range []unpv.Coding{{SentenceID: coded.SentenceID, Target: coded.Target, Coder: "ann", Label: unpv.Counter},
			{SentenceID: plain.SentenceID, Target: "AU", Coder: "ann", Label: unpv.Counter}} {
			if _, err := st.AddCoding(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		after, _ := st.IndexInputs(ctx)
		var changed []string
		for k, v := range after {
			if before[k] != v {
				changed = append(changed, k)
			}
		}
		if len(changed) != 1 {
			t.Errorf("codings in one document changed the index inputs %v", changed)
		}
		run()
		check(t, "update")
		got := indexed(t, ixDir)
		for _, id := range []string{coded.SentenceID, plain.SentenceID} {
			if !strings.Contains(got, id+" ") {
				t.Errorf("%s is not among the counter sentences", id)
			}
		}
		if !strings.Contains(got, "[AU:counter]") {
			t.Error("no hit marked hand-coded")
		}
		// Undone, the model's labels are back, again by an update.
		for range 2 {
			if _, err := st.UndoCoding(ctx, "ann"); err != nil {
				t.Fatal(err)
			}
		}
		run()
		check(t, "update")
		if strings.Contains(indexed(t, ixDir), plain.SentenceID+" ") {
			t.Error("an undone hand label is still indexed")
		}
	})
	t.Run("forced", func(t *testing.T) {
		if _, err := Run(ctx, Options{DataDir: dir, Stages: stages[2:], Force: []string{StageIndex}}); err != nil {
			t.Fatal(err)
		}
		check(t, "rebuild")
	})
}

// TestRecordContentMoved: records imported into the store before schema
// version 3 kept their JSON in the store; the next run moves it, gzipped,
// into DATA/raw (their texts are then held once, as speeches), compacts the
// store, and extracts from the file as from the store: the result is the
// same as for records imported today.
func TestRecordContentMoved(t *testing.T) {
	ctx := context.Background()
	rc := fixtureRecords(t)
	f := &fakeStages{extractVersion: "e1", classifyVersion: "c1"}
	stages := append(f.stages()[:2:2], IndexStage(nil))

	today := t.TempDir()
	if _, err := Run(ctx, Options{DataDir: today, Sources: []Source{rc.rawSource()}, Stages: stages}); err != nil {
		t.Fatal(err)
	}
	old := t.TempDir()
	if _, err := Run(ctx, Options{DataDir: old, Sources: []Source{rc.source()}, Stages: stages[:0]}); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, old)
	if err != nil {
		t.Fatal(err)
	}
	held, _ := st.SourcesWithContent(ctx)
	st.Close()
	if len(held) != len(rc) {
		t.Fatalf("%d of %d records hold their content before the run", len(held), len(rc))
	}
	if _, err := Run(ctx, Options{DataDir: old, Stages: stages}); err != nil {
		t.Fatal(err)
	}
	st, err = store.Open(ctx, old)
	if err != nil {
		t.Fatal(err)
	}
	held, _ = st.SourcesWithContent(ctx)
	st.Close()
	if len(held) != 0 {
		t.Errorf("content still in the store: %v", held)
	}
	if diff := cmp.Diff(dump(t, today), dump(t, old)); diff != "" {
		t.Errorf("moved records differ from records imported today (-today +moved):\n%s", diff)
	}
	if diff := cmp.Diff(indexed(t, filepath.Join(today, IndexDir)), indexed(t, filepath.Join(old, IndexDir))); diff != "" {
		t.Errorf("index (-today +moved):\n%s", diff)
	}
}

// rawSource imports the records as ImportMeetings does: JSON gzipped in
// DATA/raw, the store holding its path and hash.
func (rc recordCorpus) rawSource() Source {
	return Source{Name: "import", Run: func(ctx context.Context, st *store.Store, dataDir string) (int, int, error) {
		raw := corpora.NewRawStore(dataDir)
		changed := 0
		for doc, rec := range rc {
			b, _ := json.Marshal(rec)
			sha, path, err := raw.PutGzip(b, "json")
			if err != nil {
				return changed, 0, err
			}
			if _, err := st.PutSource(ctx, store.Source{Document: doc, Kind: store.KindRecord, Symbol: rec.Meeting.Symbol,
				SHA256: sha, RawPath: path}); err != nil {
				return changed, 0, err
			}
			changed++
		}
		return changed, 0, nil
	}}
}
