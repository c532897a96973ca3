package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv"
)

// byRecord groups fixture speeches into store documents, one per record,
// as the pipeline indexes them.
func byRecord(docs []Doc) map[string][]Doc {
	out := map[string][]Doc{}
	for _, d := range docs {
		d.Document = "test:" + d.Speech.Symbol
		out[d.Document] = append(out[d.Document], d)
	}
	return out
}

func feedRecords(recs map[string][]Doc, which []string) func(func(Doc) error) error {
	return func(yield func(Doc) error) error {
		for _, r := range which {
			for _, d := range recs[r] {
				if err := yield(d); err != nil {
					return err
				}
			}
		}
		return nil
	}
}

func recordKeys(recs map[string][]Doc) []string {
	var out []string
	for k := range recs {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// searchable is everything a search can tell about an index: for a set of
// queries, every hit in a total order with its score and shown fields, and
// the facets. Scores are compared as printed to 9 digits: they follow from
// the same term statistics either way.
func searchable(t *testing.T, ix *Index) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	queries := []Query{
		{},
		{Text: "Council"},
		{Text: "peace security", Sort: "date"},
		{Text: `"African Union"`},
		{Text: `"international peace and security"`},
		{Text: "terror*"},
		{Text: "agenda_text:situation"},
		{Targets: []string{"AU"}},
		{Stances: []string{"recognition"}, Sort: "-date"},
		{Delegations: []string{"RUS", "UKR", "CHN"}, Text: "sovereignty"},
		{From: "2020-03-01", To: "2020-06-30", Text: "Council"},
	}
	for _, q := range queries {
		fmt.Fprintf(&b, "== %+v\n", q)
		var hits []string
		total, err := ix.Each(ctx, q, func(h Hit) error {
			hits = append(hits, fmt.Sprintf("%s %.9g %s %s %v %v %q %v", h.ID, h.Score, h.Date, h.Delegation,
				h.Targets, h.Stances, h.Fragment.Marked("[", "]"), h.Matches))
			return nil
		})
		if err != nil {
			t.Fatalf("%+v: %v", q, err)
		}
		fmt.Fprintf(&b, "total %d\n%s\n", total, strings.Join(hits, "\n"))
		q.Facets = true
		res, err := ix.Search(ctx, q)
		if err != nil {
			t.Fatalf("%+v: %v", q, err)
		}
		fmt.Fprintf(&b, "facets %+v\n", res.Facets)
	}
	return b.String()
}

// TestUpdateEqualsRebuild: an update that adds, changes and removes store
// documents gives the same search results as a rebuild of the result.
func TestUpdateEqualsRebuild(t *testing.T) {
	recs := byRecord(fixtureDocs(t))
	keys := recordKeys(recs)
	if len(keys) < 5 {
		t.Fatalf("fixture has %d records", len(keys))
	}
	defer func(n int) { BatchDocs = n }(BatchDocs)
	BatchDocs = 7 // several batches, and so several segments, each way
	ctx := context.Background()
	dir := t.TempDir()
	before := keys[:len(keys)-2] // the last two records come later
	st, err := RebuildFrom(ctx, dir, Build{Fingerprint: "one", Inputs: map[string]string{"x": "1"}, Docs: feedRecords(recs, before)})
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode != "rebuild" || st.Total == 0 {
		t.Fatalf("rebuild: %+v", st)
	}
	m, in, err := Recorded(dir)
	if err != nil || m.Fingerprint != "one" || in["x"] != "1" {
		t.Fatalf("recorded %+v %v %v", m, in, err)
	}

	// Remove keys[0]; change keys[1] (a speech gone, the others' text and
	// stances changed); add the last two records.
	removed, changed := keys[0], keys[1]
	var edited []Doc
	for i, d := range recs[changed] {
		if i == 0 {
			continue
		}
		d.Speech.Text = "The African Union and the Council spoke of international peace and security. " + d.Speech.Text
		d.Stances = append(d.Stances, unpv.Stance{Target: "AU", Label: unpv.Counter})
		edited = append(edited, d)
	}
	after := map[string][]Doc{}
	for _, k := range keys[1:] {
		after[k] = recs[k]
	}
	after[changed] = edited
	added := keys[len(keys)-2:]
	ust, err := Update(ctx, dir, Build{Fingerprint: "two", Inputs: map[string]string{"x": "2"},
		Remove: append([]string{removed, changed}, added...), Docs: feedRecords(after, append([]string{changed}, added...))})
	if err != nil {
		t.Fatal(err)
	}
	wantRemoved := 0 // the speeches and their stance sentences
	for _, d := range append(append([]Doc(nil), recs[removed]...), recs[changed]...) {
		ids, _, _ := d.sentenceDocs()
		wantRemoved += 1 + len(ids)
	}
	if ust.Mode != "update" || ust.Removed != wantRemoved {
		t.Errorf("update stats %+v, want %d removed", ust, wantRemoved)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var final []Doc
	for _, k := range keys[1:] {
		final = append(final, after[k]...)
	}
	ix.SetTextSource(textsOf(final))
	if m := ix.Meta(); m.Fingerprint != "two" {
		t.Errorf("meta after update %+v", m)
	}
	got := searchable(t, ix)

	ref := t.TempDir()
	if _, err := RebuildFrom(ctx, ref, Build{Docs: feedRecords(after, keys[1:])}); err != nil {
		t.Fatal(err)
	}
	rix, err := Open(ref)
	if err != nil {
		t.Fatal(err)
	}
	defer rix.Close()
	rix.SetTextSource(textsOf(final))
	want := searchable(t, rix)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("update differs from rebuild (-rebuild +update):\n%s", diff)
	}
	if !strings.Contains(got, "Counter") && !strings.Contains(got, "AU:counter") {
		t.Errorf("the changed record's new stance is not searchable")
	}
	if m.Docs == ix.Meta().Docs {
		t.Logf("same count before and after (%d)", m.Docs)
	}
	gens, _ := filepath.Glob(filepath.Join(dir, genPrefix+"*"))
	if len(gens) != 1 {
		t.Errorf("generations left: %v", gens)
	}

	// Nothing to change: only the fingerprint and inputs are recorded.
	nst, err := Update(ctx, dir, Build{Fingerprint: "three", Inputs: map[string]string{"x": "3"}})
	if err != nil || nst.Mode != "unchanged" {
		t.Fatalf("empty update: %+v %v", nst, err)
	}
	if m, in, err := Recorded(dir); err != nil || m.Fingerprint != "three" || in["x"] != "3" {
		t.Errorf("after empty update: %+v %v %v", m, in, err)
	}
}

// TestUpdateFailureKeepsIndex: an update that fails (the source errs, the
// context ends) leaves the live generation as it was and nothing behind.
func TestUpdateFailureKeepsIndex(t *testing.T) {
	recs := byRecord(fixtureDocs(t))
	keys := recordKeys(recs)
	dir, ix := buildIndex(t, nil)
	ctx := context.Background()
	if _, err := RebuildFrom(ctx, dir, Build{Fingerprint: "a", Docs: feedRecords(recs, keys[:3])}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Refresh(); err != nil {
		t.Fatal(err)
	}
	before := searchable(t, ix)
	boom := errors.New("store went away")
	_, err := Update(ctx, dir, Build{Fingerprint: "b", Remove: keys[:1], Docs: func(yield func(Doc) error) error {
		if err := feedRecords(recs, keys[3:4])(yield); err != nil {
			return err
		}
		return boom
	}})
	if !errors.Is(err, boom) {
		t.Fatalf("err %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Update(cctx, dir, Build{Fingerprint: "c", Remove: keys[:1], Docs: feedRecords(recs, keys[3:4])}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled update: %v", err)
	}
	if err := ix.Refresh(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, searchable(t, ix)); diff != "" || ix.Meta().Fingerprint != "a" {
		t.Errorf("failed update changed the index (%s):\n%s", ix.Meta().Fingerprint, diff)
	}
	gens, _ := filepath.Glob(filepath.Join(dir, genPrefix+"*"))
	if len(gens) != 1 {
		t.Errorf("half-made generation left behind: %v", gens)
	}
	// Without a usable index there is nothing to update.
	if _, err := Update(ctx, t.TempDir(), Build{Fingerprint: "x"}); !errors.Is(err, ErrNoIndex) {
		t.Errorf("update of nothing: %v, want ErrNoIndex", err)
	}
}

// TestUpdateAtomicUnderSearches: searches running while updates add and
// remove records see a whole state, never one in between, and an export
// keeps one generation for its whole walk.
func TestUpdateAtomicUnderSearches(t *testing.T) {
	recs := byRecord(fixtureDocs(t))
	keys := recordKeys(recs)
	half := keys[:len(keys)/2]
	count := func(ks []string) uint64 {
		n := 0
		for _, k := range ks {
			n += len(recs[k])
		}
		return uint64(n)
	}
	dir, ix := buildIndex(t, nil)
	ctx := context.Background()
	if _, err := RebuildFrom(ctx, dir, Build{Docs: feedRecords(recs, keys)}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Refresh(); err != nil {
		t.Fatal(err)
	}
	defer func(d time.Duration) { CheckInterval = d }(CheckInterval)
	CheckInterval = time.Millisecond
	defer func(n int) { BatchDocs = n }(BatchDocs)
	BatchDocs = 5 // the update applies several batches: a reader in between would see a part
	valid := map[uint64]bool{count(keys): true, count(keys) - count(half): true}
	sctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	var searches atomic.Int64
	errs := make(chan error, 10)
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for sctx.Err() == nil {
				res, err := ix.Search(ctx, Query{Size: 3})
				if err != nil {
					errs <- err
					return
				}
				if !valid[res.Total] {
					errs <- fmt.Errorf("a partial update is visible: %d speeches", res.Total)
					return
				}
				searches.Add(1)
			}
		}()
	}
	for i := 0; i < 4; i++ {
		b := Build{Remove: half}
		if i%2 == 1 {
			b.Docs = feedRecords(recs, half)
		}
		if _, err := Update(ctx, dir, b); err != nil {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if searches.Load() == 0 {
		t.Fatal("no search ran")
	}
	if err := ix.Refresh(); err != nil {
		t.Fatal(err)
	}
	if res, err := ix.Search(ctx, Query{}); err != nil || res.Total != count(keys) {
		t.Fatalf("after updates: %v %v", res, err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 3 {
		t.Errorf("left in the index directory: %v", ents)
	}
}
