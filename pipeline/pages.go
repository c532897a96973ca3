package pipeline

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/unpv/unpv/report"
	"github.com/unpv/unpv/store"
	"github.com/unpv/unpv/un"
)

// DelegationPages serves the report at ReportPath and its page of one
// delegation at /delegation/{code} (`unpv serve` mounts them beside the
// search page; the report links the pages, each page the report): its
// stance toward each organisation over time with quotes, its votes and its
// membership periods, from the default report of dataDir's store (every
// organisation, by year). The report is built on the first request and
// again when the store's content changes. Has tells the search page which
// delegations have a page, so that it links no page that is not there.
func DelegationPages(dataDir string) *Pages {
	p := &Pages{dataDir: dataDir, mux: http.NewServeMux()}
	p.mux.HandleFunc("GET /delegation/{code}", p.serveDelegation)
	p.mux.HandleFunc("GET "+ReportPath, p.serveReport)
	return p
}

// Pages serves the delegation pages of a data directory's store.
type Pages struct {
	dataDir string
	mux     *http.ServeMux
	mu      sync.Mutex // held while the report is checked or built
	hash    string
	report  *report.Report
	err     error

	// known is the set of delegations with a page in the last report and
	// when the store was last compared with it; Has answers from it and
	// leaves checking and building to one goroutine at a time, so that no
	// search page waits for a report (seconds over a large store).
	known      atomic.Pointer[pageSet]
	refreshing atomic.Bool
	wg         sync.WaitGroup
}

type pageSet struct {
	codes   map[string]bool
	checked time.Time
}

// pagesRecheck is how long Has trusts the report it last built before it
// compares the store's hash again: a search page asks for each of its hits.
const pagesRecheck = 2 * time.Second

func (p *Pages) ServeHTTP(w http.ResponseWriter, r *http.Request) { p.mux.ServeHTTP(w, r) }

// Has reports whether the delegation with this code (as the index holds
// it) has a page: a State, observer or organisation with classified
// sentences. The Secretariat (UN) and a delegation the classifier found
// nothing of have none. It answers from the last report built (none
// before the first: no page is linked then) and starts a check of the
// store when that is older than pagesRecheck.
func (p *Pages) Has(ctx context.Context, code string) bool {
	known := p.known.Load()
	if known == nil || time.Since(known.checked) >= pagesRecheck {
		p.Refresh(ctx)
	}
	return known != nil && known.codes[code]
}

// Refresh checks the store and builds its report if it changed, in the
// background, unless a check is running; `unpv serve` calls it at start.
// Wait waits for it.
func (p *Pages) Refresh(ctx context.Context) {
	if !p.refreshing.CompareAndSwap(false, true) {
		return
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		defer p.refreshing.Store(false)
		if _, err := p.current(context.WithoutCancel(ctx)); err != nil {
			slog.Debug("serve: delegation pages", "err", err)
		}
	}()
}

// Wait waits for a Refresh under way.
func (p *Pages) Wait() { p.wg.Wait() }

// current returns the report of the store as it is now.
func (p *Pages) current(ctx context.Context) (*report.Report, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	st, err := openChecked(ctx, p.dataDir, store.OpenExisting, true)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	// The content hash alone says whether the cached report still holds;
	// only a changed store is read whole.
	hash, err := StoreHash(ctx, st)
	if err != nil {
		return nil, err
	}
	if p.report != nil && hash == p.hash {
		p.known.Store(&pageSet{codes: p.known.Load().codes, checked: time.Now()})
		return p.report, nil
	}
	in, err := ReadReportInput(ctx, st)
	if err != nil {
		return nil, err
	}
	opts := ReportOptions()
	opts.Coverage = in.Coverage
	opts.Provenance = ReportProvenance(in.StoreHash, ReportCommand(p.dataDir))
	p.report, p.err = report.Build(in.Rows, in.Votes, opts)
	p.hash = in.StoreHash
	known := &pageSet{codes: map[string]bool{}, checked: time.Now()}
	if p.err == nil {
		for _, code := range p.report.DelegationPages() {
			known.codes[code] = true
		}
	}
	p.known.Store(known)
	return p.report, p.err
}

// ReportPath is where DelegationPages serves the report itself, linking
// each delegation's page at /delegation/{code}.
const ReportPath = "/report"

// delegationURL is a delegation's page as `unpv serve` serves it.
func delegationURL(code string) string { return "/delegation/" + code }

// serve writes a page of the current report with write.
func (p *Pages) serve(w http.ResponseWriter, r *http.Request, write func(*report.Report) error) {
	h := w.Header()
	// The page is self-contained: its own inline style and sorting script,
	// every data text escaped by html/template.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	rep, err := p.current(r.Context())
	switch {
	case errors.Is(err, report.ErrEmptySelection) || errors.Is(err, ErrNoStore):
		http.Error(w, "no report: the store has no classified sentences yet", http.StatusNotFound)
		return
	case err != nil:
		slog.Error("serve: report page", "path", r.URL.Path, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h.Set("Content-Type", "text/html; charset=utf-8")
	if err := write(rep); err != nil {
		slog.Debug("serve: report page", "path", r.URL.Path, "err", err)
	}
}

func (p *Pages) serveReport(w http.ResponseWriter, r *http.Request) {
	p.serve(w, r, func(rep *report.Report) error { return rep.WriteHTMLLinked(w, delegationURL) })
}

func (p *Pages) serveDelegation(w http.ResponseWriter, r *http.Request) {
	p.serve(w, r, func(rep *report.Report) error {
		code := r.PathValue("code")
		// Codes are case-insensitive, as everywhere (docs/search.md): un's
		// table gives the report's spelling (/delegation/rus is RUS's page,
		// /delegation/coe CoE's); a name as records print it works too.
		if d, ok := un.LookupDelegation(code); ok {
			code = d.Code
		}
		err := rep.WriteDelegationHTML(w, code, ReportPath)
		if errors.Is(err, report.ErrNoPage) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			http.Error(w, "no page for delegation "+code+": no classified sentence of its in the store", http.StatusNotFound)
			return nil
		}
		return err
	})
}
