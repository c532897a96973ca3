package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/unpv/unpv/report"
	"github.com/unpv/unpv/store"
	"github.com/unpv/unpv/un"
)

// ReportVersion changes when what the report stage writes changes beyond
// what the report package decides (which files, where).
const ReportVersion = "report-stage-1"

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
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			return "+" + s.Value[:12]
		}
	}
	return ""
}

// ReportOptions are the lookups every report uses, the default set and
// `unpv report` alike, so that they agree on who is who and who is a
// member: delegation codes from labels and relations from the membership
// tables (package un).
func ReportOptions() report.Options {
	return report.Options{DelegationCode: un.DelegationCode, Relation: un.Relation}
}

// StoredReportRows reads the report input from dataDir's store, which must
// exist (an error wrapping ErrNoStore otherwise: reading must not leave an
// empty store in a mistyped directory) and pass its quick check unless
// unchanged since the last (an error wrapping store.ErrDamaged otherwise).
func StoredReportRows(ctx context.Context, dataDir string) ([]report.Row, []report.Vote, error) {
	st, err := openChecked(ctx, dataDir, store.OpenExisting, true)
	if err != nil {
		return nil, nil, err
	}
	defer st.Close()
	return ReportRows(ctx, st)
}

// ReportRows reads every stance row and vote from the store in the report
// package's input form.
func ReportRows(ctx context.Context, st *store.Store) ([]report.Row, []report.Vote, error) {
	var rows []report.Row
	err := st.EachStance(ctx, func(r store.StanceRow) error {
		rows = append(rows, report.Row{Stance: r.Stance, SpeechID: r.SpeechID, Symbol: r.Symbol, Meeting: r.Meeting,
			Date: r.Date, Speaker: r.Speaker, SpeakerName: r.SpeakerName, Delegation: r.Delegation,
			DelegationCode: r.DelegationCode, Agenda: r.Agenda, Sentence: r.Sentence, Body: r.Body, Role: r.Role})
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	votes, err := st.Votes(ctx)
	if err != nil {
		return nil, nil, err
	}
	meetings, err := st.Meetings(ctx)
	if err != nil {
		return nil, nil, err
	}
	return rows, report.VotesWithMeetings(votes, meetings), nil
}

func writeReports(ctx context.Context, st *store.Store, dataDir string) error {
	rows, votes, err := ReportRows(ctx, st)
	if err != nil {
		return err
	}
	final := filepath.Join(dataDir, ReportDir)
	tmp, err := os.MkdirTemp(dataDir, ".reports-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if _, err := report.WriteDefault(ctx, tmp, rows, votes, ReportOptions()); err != nil {
		if !errors.Is(err, report.ErrEmptySelection) {
			return err
		}
		// Nothing classified yet: say so where the report would be.
		note := fmt.Sprintf("No report: %v\n", err)
		if err := os.WriteFile(filepath.Join(tmp, "EMPTY.txt"), []byte(note), 0o644); err != nil {
			return err
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
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
