package corpora

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/unpv/unpv/internal/outfile"
)

// FailedFile is where, in the data directory, a fetch keeps the records
// whose download failed when ODS was last asked for them (NewFetcher sets
// Fetcher.Failed).
const FailedFile = "raw/ods/failed.json"

// ErrNotTried marks a planned download left untried because the site
// refused the client (a *BlockedError); ErrSiteDown marks those left
// because it failed. Untried reports either.
var ErrNotTried = errors.New("not tried")

// Untried reports whether err is a planned download FetchPDFs left for
// the next run without asking: the site failing (ErrSiteDown) or refusing
// the client (ErrNotTried).
func Untried(err error) bool { return errors.Is(err, ErrSiteDown) || errors.Is(err, ErrNotTried) }

// FailedRecords are the records whose download failed the last time ODS
// was asked for them (refused, missing, the site failing), with why and
// when, kept from one fetch to the next so that the next plan asks for
// them after the others (Order). Records refused for themselves at the
// head of a plan otherwise stopped every run there: a first run refused
// from its first RefusedAfter+1 records, with nothing stored to check the
// site with, read as blocked (exit 5) every night, since every night asked
// the same records first. The file is an order, no more: lost or
// unreadable, the plan is asked in its own order.
type FailedRecords struct {
	path    string
	records map[string]FailedRecord
	changed bool
}

// FailedRecord is why and when a record's download last failed.
type FailedRecord struct {
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

// ForgetFailed is how long a record that failed is kept after it was last
// asked for. A record still in the plan is asked, and noted again, every
// run; one no plan names any more (a selection narrowed, a mistyped symbol
// fetched once, A/ES-11/PV.999) was kept for ever, so the file grew with
// every record ever asked that failed, and was read whole by every fetch.
const ForgetFailed = 180 * 24 * time.Hour

// LoadFailed reads the records whose download failed when last asked
// (Fetcher.Failed; none when it is ""), less those last asked more than
// ForgetFailed ago (the next Save writes them out). A file that cannot be
// read is logged and read as none: it only orders the plan.
func (f *Fetcher) LoadFailed() *FailedRecords {
	r := &FailedRecords{path: f.Failed, records: map[string]FailedRecord{}}
	if f.Failed == "" {
		return r
	}
	b, err := os.ReadFile(f.Failed)
	if err == nil {
		err = json.Unmarshal(b, &r.records)
	}
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		f.Logger.Warn("the records that failed when last fetched are not known: the plan is asked in its own order", "file", f.Failed, "err", err)
		r.records = map[string]FailedRecord{}
	}
	forget := f.Now().Add(-ForgetFailed)
	for sym, rec := range r.records {
		if rec.At.Before(forget) {
			delete(r.records, sym)
			r.changed = true
		}
	}
	return r
}

// Order is plan with the records that failed when last asked moved after
// the others, each part in plan order: the records not tried yet, or given
// before, are asked first, and one of them can show that the site
// answers (FetchPDFs' check) before those it refused are asked again.
// A site refusing every request is still asked RefusedAfter+1 times.
func (r *FailedRecords) Order(plan []PlannedMeeting) []PlannedMeeting {
	failed := func(p PlannedMeeting) bool { _, ok := r.records[p.Symbol]; return ok }
	out := slices.DeleteFunc(slices.Clone(plan), failed)
	for _, p := range plan {
		if failed(p) {
			out = append(out, p)
		}
	}
	return out
}

// Failed is how many of plan's records failed when last asked.
func (r *FailedRecords) Failed(plan []PlannedMeeting) int {
	n := 0
	for _, p := range plan {
		if _, ok := r.records[p.Symbol]; ok {
			n++
		}
	}
	return n
}

// Note records what a download of symbol came to: given (err nil), the
// record is no longer failed; failed when asked, it is, with err as the
// reason; left untried (Untried), it stays as it was.
func (r *FailedRecords) Note(symbol string, err error, at time.Time) {
	_, was := r.records[symbol]
	switch {
	case err == nil && was:
		delete(r.records, symbol)
	case err == nil, Untried(err):
		return
	default:
		r.records[symbol] = FailedRecord{Reason: err.Error(), At: at.UTC()}
	}
	r.changed = true
}

// Save writes the records down when Note changed them, atomically.
func (r *FailedRecords) Save() error {
	if !r.changed || r.path == "" {
		return nil
	}
	b, err := json.MarshalIndent(r.records, "", "  ")
	if err == nil {
		err = os.MkdirAll(filepath.Dir(r.path), outfile.DirMode)
	}
	if err == nil {
		err = outfile.WriteFile(r.path, append(b, '\n'))
	}
	if err != nil {
		return fmt.Errorf("keep the records that failed: %w", err)
	}
	r.changed = false
	return nil
}
