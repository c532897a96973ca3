package store

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv"
)

// realRecord is the extraction of a real General Assembly record
// (testdata/extract's golden output of its pages) with its symbol and date
// changed, old to new, as extract's TestCoverMeta turns A/76/PV.102 into
// A/ES-11/PV.1: no emergency special session's record is at hand, so the
// text, speakers and votes are the real record's. Its sentences are its
// speeches' lines, and each speech's first sentence has a stance, so that
// every view has rows of it.
func realRecord(t *testing.T, file string, replace ...string) *Extraction {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "extract", file))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.NewReplacer(replace...).Replace(string(b))
	var rec struct {
		Meeting  unpv.Meeting  `json:"meeting"`
		Speeches []unpv.Speech `json:"speeches"`
		Votes    []unpv.Vote   `json:"votes"`
		Events   []unpv.Event  `json:"events"`
	}
	if err := json.Unmarshal([]byte(text), &rec); err != nil {
		t.Fatal(err)
	}
	ex := &Extraction{Meeting: rec.Meeting, Speeches: rec.Speeches, Votes: rec.Votes, Events: rec.Events}
	for _, sp := range ex.Speeches {
		start := 0
		for i, line := range strings.SplitAfter(sp.Text, "\n") {
			end := start + len(strings.TrimSuffix(line, "\n"))
			ex.Sentences = append(ex.Sentences, unpv.Sentence{ID: unpv.SentenceID(sp.ID, i+1), SpeechID: sp.ID, N: i + 1,
				Start: start, End: end, Text: sp.Text[start:end]})
			start += len(line)
		}
	}
	return ex
}

// firstStances is a neutral stance toward the EU of each speech's first
// sentence.
func firstStances(ex *Extraction) []unpv.Stance {
	var out []unpv.Stance
	for _, sp := range ex.Speeches {
		out = append(out, unpv.Stance{SentenceID: unpv.SentenceID(sp.ID, 1), Target: "EU", Label: unpv.Neutral, Confidence: 0.5})
	}
	return out
}

// emergencyRecords are two real Assembly records made emergency special
// session's: A/76/PV.102's speeches as A/ES-11/PV.1 of 28 February 2022,
// and A/48/PV.46's five recorded votes as A/ES-11/PV.5 of 2 March 2022.
func emergencyRecords(t *testing.T) map[string]*Extraction {
	return map[string]*Extraction{
		"pdf:A/ES-11/PV.1": realRecord(t, "A_76_PV.102_p1-3.mutool.golden.json", "A/76/PV.102", "A/ES-11/PV.1", "2022-09-08", "2022-02-28"),
		"pdf:A/ES-11/PV.5": realRecord(t, "A_48_PV.46_p1+21-23.golden.json", "A/48/PV.46", "A/ES-11/PV.5", "1993-11-01", "2022-03-02",
			`"session": 48`, `"session": 76`),
	}
}

// viewRows is what the researchers' views give of each record: a speech's,
// a stance's and a vote's session and emergency session, with how many
// rows.
func viewRows(t *testing.T, s *Store) []string {
	t.Helper()
	var out []string
	for _, q := range []string{
		`SELECT 'speech_rows ' || meeting || ' ' || session || ' ' || emergency_session || ' ' || COUNT(*) FROM speech_rows
			GROUP BY meeting, session, emergency_session ORDER BY 1`,
		`SELECT 'stance_rows ' || meeting || ' ' || session || ' ' || emergency_session || ' ' || COUNT(*) FROM stance_rows
			GROUP BY meeting, session, emergency_session ORDER BY 1`,
		`SELECT 'vote_rows ' || symbol || ' ' || emergency_session || ' ' || COUNT(DISTINCT n) FROM vote_rows
			GROUP BY symbol, emergency_session ORDER BY 1`,
		`SELECT 'speech_rows where emergency_session = 11: ' || COUNT(*) FROM speech_rows WHERE emergency_session = 11`,
	} {
		rows, err := s.strings(context.Background(), q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		out = append(out, rows...)
	}
	return out
}

// TestViewsEmergencySession: the researchers' views give an emergency
// special session's record its emergency session (emergency_session, read
// from the symbol by un as the Go API reads it) beside the regular session
// of its date, and 0 to every other record, so that R or pandas finds the
// Ukraine debates by emergency_session = 11 (it took meeting LIKE
// 'A/ES-11/%' before schema 8).
func TestViewsEmergencySession(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	docs := emergencyRecords(t)
	docs["pdf:A/76/PV.102"] = realRecord(t, "A_76_PV.102_p1-3.mutool.golden.json")
	docs["pdf:S/PV.8422"] = storeFixture()
	for doc, ex := range docs {
		if err := s.ReplaceExtraction(ctx, doc, ex, StageState{InputHash: "a", Version: "x"}); err != nil {
			t.Fatal(err)
		}
		if err := s.ReplaceClassification(ctx, doc, nil, firstStances(ex), StageState{InputHash: "b", Version: "y"}); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{
		"speech_rows A/76/PV.102 76 0 8",
		"speech_rows A/ES-11/PV.1 76 11 8",
		"speech_rows A/ES-11/PV.5 76 11 8",
		"speech_rows S/PV.8422 0 0 2",
		"stance_rows A/76/PV.102 76 0 8",
		"stance_rows A/ES-11/PV.1 76 11 8",
		"stance_rows A/ES-11/PV.5 76 11 8",
		"stance_rows S/PV.8422 0 0 2",
		"vote_rows A/ES-11/PV.5 11 5",
		"vote_rows S/PV.8422 0 1",
		"speech_rows where emergency_session = 11: 16",
	}
	if d := cmp.Diff(want, viewRows(t, s)); d != "" {
		t.Errorf("views (-want +got):\n%s", d)
	}
}

// TestMigrateToV8: a store of schema 7 holding emergency special
// sessions' records (their meeting rows have no emergency session) gives
// them theirs in the views once migrated, read from their symbols by the
// migration's Go step; the data stays.
func TestMigrateToV8(t *testing.T) {
	ctx := context.Background()
	docs := emergencyRecords(t)
	docs["pdf:A/76/PV.102"] = realRecord(t, "A_76_PV.102_p1-3.mutool.golden.json")
	s := migrated(t, 7, func(s *Store) error {
		for doc, ex := range docs {
			if err := writeV6(s, doc, ex); err != nil {
				return err
			}
			if err := s.ReplaceClassification(ctx, doc, nil, firstStances(ex), StageState{InputHash: "b", Version: "y"}); err != nil {
				return err
			}
		}
		return nil
	})
	want := []string{
		"speech_rows A/76/PV.102 76 0 8",
		"speech_rows A/ES-11/PV.1 76 11 8",
		"speech_rows A/ES-11/PV.5 76 11 8",
		"stance_rows A/76/PV.102 76 0 8",
		"stance_rows A/ES-11/PV.1 76 11 8",
		"stance_rows A/ES-11/PV.5 76 11 8",
		"vote_rows A/ES-11/PV.5 11 5",
		"speech_rows where emergency_session = 11: 16",
	}
	if d := cmp.Diff(want, viewRows(t, s)); d != "" {
		t.Errorf("views after the migration (-want +got):\n%s", d)
	}
}
