package index

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/unpv/unpv"
)

// fixtureDocs loads testdata/index: real 2020 Security Council speeches and
// SYNTHETIC stance labels (see testdata/index/PROVENANCE.md).
func fixtureDocs(t testing.TB) []Doc {
	t.Helper()
	root := filepath.Join("..", "testdata", "index")
	var docs []Doc
	byID := map[string]int{}
	readJSONL(t, filepath.Join(root, "speeches.jsonl"), func(b []byte) {
		var s struct {
			unpv.Speech
			Agenda string `json:"agenda"`
		}
		if err := json.Unmarshal(b, &s); err != nil {
			t.Fatal(err)
		}
		byID[s.ID] = len(docs)
		docs = append(docs, Doc{Speech: s.Speech, Agenda: s.Agenda})
	})
	readJSONL(t, filepath.Join(root, "stances.jsonl"), func(b []byte) {
		var s struct {
			unpv.Stance
			SpeechID string `json:"speech_id"`
		}
		if err := json.Unmarshal(b, &s); err != nil {
			t.Fatal(err)
		}
		i, ok := byID[s.SpeechID]
		if !ok {
			t.Fatalf("stance for unknown speech %s", s.SpeechID)
		}
		docs[i].Stances = append(docs[i].Stances, s.Stance)
	})
	for i := range docs {
		docs[i].Sentences = fixtureSentences(docs[i].Speech)
	}
	return docs
}

// redatedFixture is the fixture with the speeches of the records in dates
// re-dated from their day by the record's function: every fixture speech
// is dated by a day of 2020, and tests of other years and precisions need
// some that are not.
func redatedFixture(t testing.TB, dates map[string]func(day string) string) []Doc {
	t.Helper()
	docs := fixtureDocs(t)
	for i, d := range docs {
		if f, ok := dates[d.Speech.Symbol]; ok {
			docs[i].Speech.Date = f(d.Speech.Date)
		}
	}
	return docs
}

// fixtureSentences splits a speech as make_fixture.py did when it numbered
// the sentences its stances name: after ".", "!" or "?" and white space.
func fixtureSentences(sp unpv.Speech) []unpv.Sentence {
	var out []unpv.Sentence
	text, start := sp.Text, 0
	add := func(end int) {
		out = append(out, unpv.Sentence{ID: unpv.SentenceID(sp.ID, len(out)+1), SpeechID: sp.ID, N: len(out) + 1,
			Start: start, End: end, Text: text[start:end]})
	}
	for i := 0; i < len(text); i++ {
		if (text[i] == '.' || text[i] == '!' || text[i] == '?') && i+1 < len(text) && isSpace(text[i+1]) {
			j := i + 1
			for j < len(text) && isSpace(text[j]) {
				j++
			}
			add(i + 1)
			start, i = j, j-1
		}
	}
	add(len(text))
	return out
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
}

func readJSONL(t testing.TB, path string, fn func([]byte)) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		fn(sc.Bytes())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}

func feed(docs []Doc) func(func(Doc) error) error {
	return func(yield func(Doc) error) error {
		for _, d := range docs {
			if err := yield(d); err != nil {
				return err
			}
		}
		return nil
	}
}

// docTexts is a TextSource and SentenceSource over documents' texts and
// sentences, as the store is in the pipeline. Its mentions are the names
// of each stance's organisation found in its sentence.
type docTexts struct {
	texts     map[string]string
	sentences map[string][]unpv.Sentence // by speech
	mentions  map[string][]unpv.Mention  // by speech
}

// textsOf gives the texts of docs and their sentences, later ones
// replacing earlier ones.
func textsOf(docs ...[]Doc) docTexts {
	out := docTexts{texts: map[string]string{}, sentences: map[string][]unpv.Sentence{}, mentions: map[string][]unpv.Mention{}}
	for _, ds := range docs {
		for _, d := range ds {
			id := d.Speech.ID
			out.texts[id] = d.Speech.Text
			out.sentences[id], out.mentions[id] = d.Sentences, nil
			for _, se := range d.Sentences {
				out.texts[se.ID] = se.Text
				for _, st := range d.Stances {
					if st.SentenceID != se.ID {
						continue
					}
					for _, name := range orgNames(st.Target) {
						for at := 0; ; {
							i := strings.Index(se.Text[at:], name)
							if i < 0 {
								break
							}
							out.mentions[id] = append(out.mentions[id], unpv.Mention{SentenceID: se.ID, Target: st.Target,
								Surface: name, Start: at + i, End: at + i + len(name)})
							at += i + len(name)
						}
					}
				}
			}
		}
	}
	return out
}

func (t docTexts) SpeechTexts(_ context.Context, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	for _, id := range ids {
		if x, ok := t.texts[id]; ok {
			out[id] = x
		}
	}
	return out, nil
}

func (t docTexts) SpeechSentences(_ context.Context, speechID string, ns []int) ([]unpv.Sentence, []unpv.Mention, error) {
	var ses []unpv.Sentence
	for _, se := range t.sentences[speechID] {
		if slices.Contains(ns, se.N) {
			ses = append(ses, se)
		}
	}
	var ms []unpv.Mention
	for _, m := range t.mentions[speechID] {
		if _, n := unpv.SplitSentenceID(m.SentenceID); slices.Contains(ns, n) {
			ms = append(ms, m)
		}
	}
	return ses, ms, nil
}

// buildIndex indexes docs in a new directory and opens the index with the
// texts of docs and of the fixture.
func buildIndex(t testing.TB, docs []Doc) (string, *Index) {
	t.Helper()
	dir := t.TempDir()
	if _, err := Rebuild(context.Background(), dir, feed(docs)); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ix.SetTextSource(textsOf(fixtureDocs(t), docs))
	t.Cleanup(func() { ix.Close() })
	return dir, ix
}

var (
	sharedOnce sync.Once
	sharedDocs []Doc
	sharedIx   *Index
	sharedDir  string
)

// sharedIndex builds the fixture index once per test binary; tests must not
// modify it.
func sharedIndex(t *testing.T) (*Index, []Doc) {
	t.Helper()
	sharedOnce.Do(func() {
		sharedDocs = fixtureDocs(t)
		dir, err := os.MkdirTemp("", "unpv-index-test-")
		if err != nil {
			t.Fatal(err)
		}
		sharedDir = dir
		if _, err := Rebuild(context.Background(), dir, feed(sharedDocs)); err != nil {
			t.Fatal(err)
		}
		if sharedIx, err = Open(dir); err != nil {
			t.Fatal(err)
		}
		sharedIx.SetTextSource(textsOf(sharedDocs))
	})
	if sharedIx == nil {
		t.Fatal("shared index failed to build")
	}
	return sharedIx, sharedDocs
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedIx != nil {
		sharedIx.Close()
		os.RemoveAll(sharedDir)
	}
	os.Exit(code)
}

// speechIDs returns the sorted speech ids of docs[is...].
func speechIDs(docs []Doc, is ...int) []string {
	var out []string
	for _, i := range is {
		out = append(out, docs[i].Speech.ID)
	}
	slices.Sort(out)
	return out
}
