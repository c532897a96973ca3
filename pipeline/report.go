package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/classify"
	"github.com/unpv/unpv/internal/outfile"
	"github.com/unpv/unpv/report"
	"github.com/unpv/unpv/store"
	"github.com/unpv/unpv/un"
)

// ReportVersion changes when what the report stage writes changes beyond
// what the report package decides (which files, where).
const ReportVersion = "report-stage-2" // 2: delegation pages, coverage, rates, provenance

// ReportStage writes the default report set (HTML, CSV, JSON, Markdown;
// every organisation, by year) into DATA/reports. The new set is built in a
// temporary directory and swapped in, so a crash leaves the old set or the
// new one, never a mix.
//
// The report package has no version of its own, so the stage's version
// also names the build (its VCS revision): a new unpv rewrites the reports,
// which is cheap, even when the store did not change.
func ReportStage() Stage {
	return Stage{Name: StageReport, Version: ReportVersion + buildRevision(), Output: ReportDir, Corpus: writeReports}
}

// buildRevision is "+<revision>" of the VCS commit the binary was built
// from, or "" when the build does not record one (go test, go run).
func buildRevision() string {
	if _, commit, _, _ := buildInfo(); len(commit) >= 12 {
		return "+" + commit[:12]
	}
	return ""
}

// ReportOptions are the lookups every report of dataDir uses, the default
// set and `unpv report` alike, so that they agree on who is who and who is
// a member: delegation codes from labels and relations from the
// membership tables (package un), and the card of the model dataDir
// classifies with. The seed is the command's default, so that the
// default set is what `unpv report` writes without flags.
func ReportOptions(dataDir string) report.Options {
	return report.Options{DelegationCode: un.DelegationCode, Relation: un.Relation, Seed: 1, Model: ModelQuality(dataDir)}
}

// ModelQuality is the card of the stance model dataDir classifies with
// (DataClassifier) in the report's form: DATA/card.json when it describes
// DATA/model.json, else the shipped card. It is nil when the card cannot
// be read or describes no model; when the store's labels are by another
// model than the card's, the report says so and leaves the card out.
func ModelQuality(dataDir string) *report.ModelQuality {
	card := dataCard(dataDir)
	if card == nil || len(card.CrossValidation) == 0 {
		return nil
	}
	q := &report.ModelQuality{Model: card.Model, KnownFailures: card.KnownFailures}
	for _, f := range card.Training {
		q.TrainedPairs += f.Pairs
	}
	for _, r := range card.CrossValidation {
		e := report.ModelEval{Grouping: string(r.Grouping), Folds: r.Folds, Pairs: r.Pairs}
		for _, m := range r.Systems {
			switch m.System {
			case "tfidf-logreg":
				e.Baseline = m.MacroF1
				if d := m.ModelMinus; d != nil {
					e.ModelMinusBaseline = &report.Difference{Value: d.Value, CI: d.CI}
				}
			case "model":
				e.MacroF1, e.MacroF1CI, e.ECE = m.MacroF1, m.MacroF1CI, m.ECE
				for i, l := range unpv.Labels {
					s := m.PerClass[l]
					e.Classes = append(e.Classes, report.ClassScore{Label: l, Precision: s.Precision, Recall: s.Recall, F1: s.F1, F1CI: s.F1CI, Support: s.Support})
					for j, p := range unpv.Labels {
						e.Confusion[i][j] = m.Confusion[l][p]
					}
				}
			}
		}
		q.Evaluations = append(q.Evaluations, e)
	}
	return q
}

// dataCard is the card of the model dataDir classifies with: its own
// (CardFile) when it names that model, else the shipped card, which the
// report leaves out with a note when the labels are by another model; nil
// when neither can be read or the shipped card is stale.
func dataCard(dataDir string) *classify.Card {
	c, err := DataClassifier(dataDir)
	if err != nil {
		return nil
	}
	if b, err := os.ReadFile(filepath.Join(dataDir, CardFile)); err == nil {
		var own classify.Card
		if json.Unmarshal(b, &own) == nil && own.Model == c.Version() {
			return &own
		}
	}
	card, err := classify.ShippedCard()
	if err != nil {
		return nil
	}
	if shipped, err := classify.Default(); err != nil || shipped.Version() != card.Model {
		return nil
	}
	return card
}

// ReportInput is what a report is built from when it reads the store: the
// classified sentences, the recorded votes, what the corpus holds, and the
// store's content hash (StoreHash).
type ReportInput struct {
	Rows      []report.Row
	Votes     []report.Vote
	Coverage  []report.Held
	StoreHash string
}

// StoredReportInput reads the report input from dataDir's store, which must
// exist (an error wrapping ErrNoStore otherwise: reading must not leave an
// empty store in a mistyped directory) and pass its quick check unless
// unchanged since the last (an error wrapping store.ErrDamaged otherwise).
func StoredReportInput(ctx context.Context, dataDir string) (ReportInput, error) {
	st, err := openChecked(ctx, dataDir, store.OpenReadOnly, true)
	if err != nil {
		return ReportInput{}, err
	}
	defer st.Close()
	return ReadReportInput(ctx, st)
}

// ReadReportInput reads every stance row, vote and coverage count from the
// store in the report package's input form, with the store's content hash.
func ReadReportInput(ctx context.Context, st *store.Store) (ReportInput, error) {
	var in ReportInput
	// Every row repeats its speech's and meeting's values (the agenda, the
	// speaker, the model…): holding each once keeps the rows of 300,000
	// speeches in a fraction of the memory they would otherwise take.
	seen := map[string]string{}
	one := func(s string) string {
		if v, ok := seen[s]; ok {
			return v
		}
		seen[s] = s
		return s
	}
	err := st.EachStance(ctx, func(r store.StanceRow) error {
		sc := r.Stance
		sc.Target, sc.Evidence, sc.Model = one(sc.Target), one(sc.Evidence), one(sc.Model)
		in.Rows = append(in.Rows, report.Row{Stance: sc, SpeechID: one(r.SpeechID), Symbol: one(r.Symbol), Meeting: one(r.Meeting),
			Date: one(r.Date), Speaker: one(r.Speaker), SpeakerName: one(r.SpeakerName), Delegation: one(r.Delegation),
			DelegationCode: one(r.DelegationCode), Agenda: one(r.Agenda), Sentence: r.Sentence, Body: r.Body, Role: r.Role})
		return nil
	})
	if err != nil {
		return in, err
	}
	votes, err := st.Votes(ctx)
	if err != nil {
		return in, err
	}
	meetings, err := st.Meetings(ctx)
	if err != nil {
		return in, err
	}
	in.Votes = report.VotesWithMeetings(votes, meetings)
	held, err := st.Coverage(ctx)
	if err != nil {
		return in, err
	}
	for _, h := range held {
		in.Coverage = append(in.Coverage, report.Held{Symbol: h.Symbol, Meeting: h.Meeting, Date: h.Date, Body: h.Body,
			DelegationCode: h.DelegationCode, Speeches: h.Speeches, Sentences: h.Sentences})
	}
	in.StoreHash, err = StoreHash(ctx, st)
	return in, err
}

// StoreHash is the store's content hash: a hash of what every stage last
// stored for every document (store.StatesDigest), the same for two stores
// with the same content whatever their run history.
func StoreHash(ctx context.Context, st *store.Store) (string, error) {
	d, err := st.StatesDigest(ctx)
	if err != nil {
		return "", err
	}
	return "sha256:" + d, nil
}

// ReportProvenance is the provenance a report from the store records:
// this build, the store's schema and content hash, and the command line
// that regenerates the report.
func ReportProvenance(storeHash, command string) *report.Provenance {
	v, commit, modified, _ := buildInfo()
	return &report.Provenance{Tool: "unpv", Version: v, Commit: commit, Modified: modified,
		Schema: store.SchemaVersion(), Input: "store", InputHash: storeHash, Command: command}
}

// ReportCommand is the `unpv report` command line that writes the default
// report set of dataDir (what the report stage writes) byte for byte.
func ReportCommand(dataDir string) string {
	return ShellJoin([]string{"unpv", "--data", dataDir, "report", "--out", filepath.Join(dataDir, ReportDir)})
}

// ShellJoin quotes args for a POSIX shell: words of safe characters as
// they are, anything else in single quotes.
func ShellJoin(args []string) string {
	var b strings.Builder
	for i, a := range args {
		if i > 0 {
			b.WriteByte(' ')
		}
		if a != "" && strings.Trim(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=,:+@%") == "" {
			b.WriteString(a)
			continue
		}
		b.WriteString("'" + strings.ReplaceAll(a, "'", `'\''`) + "'")
	}
	return b.String()
}

func writeReports(ctx context.Context, st *store.Store, dataDir string) error {
	in, err := ReadReportInput(ctx, st)
	if err != nil {
		return err
	}
	final := filepath.Join(dataDir, ReportDir)
	tmp, err := outfile.MkdirTemp(dataDir, ".reports-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	opts := ReportOptions(dataDir)
	opts.Coverage = in.Coverage
	opts.Provenance = ReportProvenance(in.StoreHash, ReportCommand(dataDir))
	if _, err := report.WriteDefault(ctx, tmp, in.Rows, in.Votes, opts); err != nil {
		if !errors.Is(err, report.ErrEmptySelection) {
			return err
		}
		// Nothing classified yet: say so where the report would be.
		note := fmt.Sprintf("No report: %v\n", err)
		if err := os.WriteFile(filepath.Join(tmp, "EMPTY.txt"), []byte(note), outfile.FileMode); err != nil {
			return err
		}
	}
	return swapDir(tmp, final)
}

// swapDir replaces dir by next with two renames. A crash between them
// leaves no dir; the stage then finds its output missing and runs again.
func swapDir(next, dir string) error {
	old := dir + ".old"
	os.RemoveAll(old)
	if err := os.Rename(dir, old); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	crashPoint("report:swap")
	if err := os.Rename(next, dir); err != nil {
		return err
	}
	return os.RemoveAll(old)
}
