package pipeline

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/corpora"
	"github.com/unpv/unpv/internal/outfile"
	"github.com/unpv/unpv/store"
)

// FetchFile is where a saved fetch selection lives in the data directory;
// `unpv run` fetches it when present.
const FetchFile = "fetch.json"

// FetchConfig is a saved fetch selection with the client settings to use.
type FetchConfig struct {
	Selection corpora.Selection `json:"selection"`
	Rate      float64           `json:"rate,omitempty"`    // requests per second; 0 = the client default (1)
	Contact   string            `json:"contact,omitempty"` // appended to the User-Agent
	// Mirror is the base URL of a mirror or a local replay of the UN sites
	// that every request goes to instead (corpora.MirrorURL); "" for the
	// UN's own.
	Mirror string `json:"mirror,omitempty"`
}

// Unset is the value of Contact or Mirror, as given on the command line,
// that clears a saved one.
const Unset = "none"

// Over is c, read from a command's flags, with what it leaves unset taken
// from saved (DATA/fetch.json): the selection when it names none, and the
// client settings (rate, contact, mirror) it does not give, which say how
// to fetch whatever the selection, so a new selection saved keeps them.
// A Contact or Mirror of Unset clears the saved one.
func (c FetchConfig) Over(saved FetchConfig) FetchConfig {
	if c.Selection.IsZero() {
		c.Selection = saved.Selection
	}
	c.Rate = cmp.Or(c.Rate, saved.Rate)
	c.Contact = orUnset(c.Contact, saved.Contact)
	c.Mirror = orUnset(c.Mirror, saved.Mirror)
	return c
}

// Check refuses a rate above corpora.MaxRate for the UN's own sites: a
// mirror or local replay may be asked as fast as it likes.
func (c FetchConfig) Check() error {
	if c.Rate > corpora.MaxRate && c.Mirror == "" {
		return fmt.Errorf("a rate of %g requests per second is more than the UN's sites are asked for (at most %g; any with --mirror)", c.Rate, corpora.MaxRate)
	}
	return nil
}

func orUnset(flag, saved string) string {
	if flag == Unset {
		return ""
	}
	return cmp.Or(flag, saved)
}

// LoadFetchConfig reads DATA/fetch.json; ok is false when there is none.
// A field it does not know (a hand edit's "years": "2014-" for from_year
// and to_year) or a file that selects nothing is an error, as broken JSON
// is: read leniently, either left an empty selection, and every nightly
// run skipped the fetch and exited 0 while status said it fetched "{}".
func LoadFetchConfig(dataDir string) (cfg FetchConfig, ok bool, err error) {
	path := filepath.Join(dataDir, FetchFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return cfg, false, nil
	}
	if err != nil {
		return cfg, false, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		return FetchConfig{}, false, fmt.Errorf("%s: %w (mend it, or delete it and save a selection again with 'unpv fetch --save')", path, err)
	}
	// One object and nothing after it: a second one (two saves pasted
	// together, a merge left half done) was ignored.
	if _, err := dec.Token(); err != io.EOF {
		return FetchConfig{}, false, fmt.Errorf("%s: text after the selection's JSON object (mend it, or delete it and save a selection again with 'unpv fetch --save')", path)
	}
	if cfg.Selection.IsZero() {
		return FetchConfig{}, false, fmt.Errorf("%s selects no meetings (mend it, or delete it and save a selection again with 'unpv fetch --save')", path)
	}
	if err := cfg.Check(); err != nil {
		return FetchConfig{}, false, fmt.Errorf("%s: %w (mend it, or delete it and save a selection again with 'unpv fetch --save')", path, err)
	}
	return cfg, true, nil
}

// SaveFetchConfig writes DATA/fetch.json atomically.
func SaveFetchConfig(dataDir string, cfg FetchConfig) error {
	b, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dataDir, outfile.DirMode); err != nil {
		return err
	}
	return outfile.WriteFile(filepath.Join(dataDir, FetchFile), append(b, '\n'))
}

// FailedDownloads reports downloads that failed in a fetch (network errors,
// challenge pages, missing documents), or a plan that could not be made
// (Of is then 0 and Failed 1: the meeting lists, so that the run log of a
// night the UN's sites were unreachable does not read like one with
// nothing to do); meeting lists a plan left out (corpora.PlanGaps) count
// among Failed and Of. Nothing was stored for them, so the next run tries again;
// the run goes on with what it has. Blocked, when the site refused the
// client (corpora.ErrBlocked), leads the message, or is all of it when the
// meeting lists were refused (it says that nothing was fetched): what to
// do about it is not what a failed download needs.
type FailedDownloads struct {
	Failed, Of int
	First      error
	Blocked    error
}

func (e *FailedDownloads) Error() string {
	if e.Blocked != nil && e.Of == 0 {
		return e.Blocked.Error() // the meeting lists refused: it says what was not fetched
	}
	if e.Blocked != nil {
		return fmt.Sprintf("%v; %d of %d downloads failed or were left for the next run", e.Blocked, e.Failed, e.Of)
	}
	if e.Of == 0 {
		return fmt.Sprintf("nothing fetched, the next run tries again: %v", e.First)
	}
	return fmt.Sprintf("%d of %d downloads failed and will be retried next run; first: %v", e.Failed, e.Of, e.First)
}

func (e *FailedDownloads) Unwrap() []error { return []error{e.First, e.Blocked} }

// FetchSource plans the meetings sel selects (DHL tables, UN Digital
// Library) and downloads their PDFs from ODS into the raw store, recording
// each as a source of kind pdf with its provenance (URL, ETag,
// Last-Modified, fetch time). Requests are conditional on the previous
// download, so an unchanged record costs one 304.
func FetchSource(f *corpora.Fetcher, sel corpora.Selection) Source {
	return Source{Name: StageFetch, Run: func(ctx context.Context, st *store.Store, dataDir string) (int, int, error) {
		plan, err := f.Plan(ctx, sel)
		// Some meeting lists left out (a table refused for itself, a page
		// without its table): the rest of the plan is fetched, and each
		// such list counts as a failed input, for the next run to read again.
		var gaps *corpora.PlanGaps
		if errors.As(err, &gaps) {
			err = nil
		}
		if err != nil {
			if ctx.Err() != nil {
				return 0, 0, err
			}
			// The meeting lists could not be read (offline, the UN's
			// sites down): nothing is stored, as for a failed download;
			// the run processes what it has and the next run plans again.
			fail := &FailedDownloads{Failed: 1, First: err} // the meeting lists: one input, counted in the run log
			if errors.Is(err, corpora.ErrBlocked) {
				fail.Blocked = err
			}
			return 0, 0, fail
		}
		slog.Info("fetch plan", "meetings", len(plan))
		// Records that failed when last asked are asked after the
		// others (corpora.FailedRecords): refused for themselves at the
		// head of the plan, they stopped every run there.
		failed := f.LoadFailed()
		if n := failed.Failed(plan); n > 0 {
			slog.Info("fetch: the records that failed when last asked are asked last", "records", n)
			plan = failed.Order(plan)
		}
		defer func() {
			if err := failed.Save(); err != nil {
				slog.Warn("fetch: the next run asks the plan in its own order", "err", err)
			}
		}()
		prev := func(symbol string) *corpora.Download {
			src, err := st.Source(ctx, "pdf:"+symbol)
			if err != nil || src.Origin != OriginFetch || src.RawPath == "" {
				return nil
			}
			if _, err := os.Stat(filepath.Join(dataDir, filepath.FromSlash(src.RawPath))); err != nil {
				return nil // raw file gone: download again
			}
			return previousDownload(src)
		}
		changed, unchanged, i, unpublished := 0, 0, 0, 0
		fail := &FailedDownloads{Of: len(plan)}
		if gaps != nil {
			fail.Failed, fail.Of, fail.First = len(gaps.Lists), fail.Of+len(gaps.Lists), gaps
		}
		for d, err := range f.FetchPDFs(ctx, plan, prev) {
			pm := plan[i] // FetchPDFs yields once per planned meeting, in order
			i++
			if ctx.Err() != nil {
				if fail.Failed > 0 {
					// The run log counts the downloads that failed
					// before the interrupt too (pipeline.runner).
					return changed, unchanged, &FailedBefore{Err: ctx.Err(), Before: fail}
				}
				return changed, unchanged, ctx.Err()
			}
			if err != nil {
				failed.Note(pm.Symbol, err, f.Now())
			}
			if err != nil && notYetPublished(err, pm, f.Now()) {
				slog.Info("fetch: record not published yet; the next run looks again", "symbol", pm.Symbol, "meeting", pm.Date)
				unpublished++
				continue
			}
			if err != nil {
				level := slog.LevelWarn
				if errors.Is(err, corpora.ErrSiteDown) || errors.Is(err, corpora.ErrBlocked) {
					level = slog.LevelDebug // said once by the fetcher
				}
				if errors.Is(err, corpora.ErrBlocked) && fail.Blocked == nil {
					fail.Blocked = err
				}
				slog.Log(ctx, level, "fetch failed", "symbol", d.Symbol, "err", err.Error())
				fail.Failed++
				if fail.First == nil {
					fail.First = err
				}
				continue
			}
			if d.NotModified {
				unchanged++
			} else {
				c, err := st.PutSource(ctx, downloadSource(d, OriginFetch))
				if err != nil {
					if fail.Failed > 0 {
						return changed, unchanged, &FailedBefore{Err: err, Before: fail}
					}
					return changed, unchanged, err
				}
				if c {
					changed++
				} else {
					unchanged++
				}
			}
			// Given and stored (or unchanged): no longer failed. Not
			// before the store has it: a record given but not stored (a
			// full disk) is still to fetch, after the others.
			failed.Note(pm.Symbol, nil, f.Now())
		}
		if unpublished > 0 {
			slog.Info("fetch: records of recent meetings not published yet", "records", unpublished,
				"grace", fmt.Sprintf("%d days", int(PublishGrace.Hours()/24)))
		}
		if fail.Failed > 0 {
			return changed, unchanged, fail
		}
		return changed, unchanged, nil
	}}
}

// PublishGrace is how long after its meeting a record that the UN's
// meeting lists name may still be missing from ODS without failing the
// run: verbatim records come out days to weeks after the meeting (the
// General Assembly's later than the Council's), and a nightly run over a
// year range exited 1 every night until they did.
const PublishGrace = 90 * 24 * time.Hour

// notYetPublished reports whether err, the download of planned meeting
// pm, is a record the UN has not published yet: not on ODS (404), planned
// from the meeting lists (a symbol the user names and ODS lacks is a
// mistake to report), for a meeting held less than PublishGrace before now
// or not yet held.
func notYetPublished(err error, pm corpora.PlannedMeeting, now time.Time) bool {
	if !errors.Is(err, unpv.ErrNotFound) || pm.From == "symbol" || pm.Date == "" {
		return false
	}
	start, _, ok := unpv.DateSpan(pm.Date)
	return ok && now.Sub(start) < PublishGrace
}

// FailedBefore is the error a stage stopped with (an interrupt, a full
// disk) after some of its inputs had failed: the run log counts those, and
// the run fails as for Err alone. It does not unwrap to FailedDownloads or
// BadInputs, after which a run goes on.
type FailedBefore struct {
	Err    error
	Before error // the inputs' failures (a *FailedDownloads or *BadInputs), said and counted but not unwrapped
}

func (e *FailedBefore) Error() string { return fmt.Sprintf("%v; before it, %v", e.Err, e.Before) }

func (e *FailedBefore) Unwrap() error { return e.Err }

// retryLater reports errors after which a run goes on: nothing was stored
// for the failed inputs, so the next run retries them.
func retryLater(err error) bool {
	var fd *FailedDownloads
	return errors.As(err, &fd) || errors.Is(err, unpv.ErrBadDocument)
}

// downloadSource is the store row for a downloaded record PDF, keyed like
// every record file ("pdf:" + symbol), with its provenance.
func downloadSource(d corpora.Download, origin string) store.Source {
	return store.Source{
		Document: "pdf:" + d.Symbol, Kind: store.KindPDF, Symbol: d.Symbol, Origin: origin,
		URL: cmp.Or(d.FinalURL, d.URL), RawPath: d.Path, SHA256: d.SHA256, Bytes: int64(d.Bytes),
		ETag: d.ETag, LastModified: d.LastModified, FetchedAt: d.FetchedAt.UTC().Format(time.RFC3339),
	}
}

// previousDownload rebuilds the previous Download of a stored source, to
// make the next fetch conditional.
func previousDownload(s store.Source) *corpora.Download {
	t, _ := time.Parse(time.RFC3339, s.FetchedAt)
	return &corpora.Download{
		Symbol: s.Symbol, URL: s.URL, FinalURL: s.URL, SHA256: s.SHA256, Path: s.RawPath, Bytes: int(s.Bytes),
		ETag: s.ETag, LastModified: s.LastModified, FetchedAt: t,
	}
}
