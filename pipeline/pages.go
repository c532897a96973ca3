package pipeline

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/unpv/unpv/internal/guard"
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
// Reports are built under ctx: the server's, so that stopping it stops a
// build.
func DelegationPages(ctx context.Context, dataDir string) *Pages {
	p := &Pages{ctx: ctx, dataDir: dataDir, mux: http.NewServeMux()}
	p.mux.HandleFunc("GET /delegation/{code}", p.serveDelegation)
	// /delegation/ without a code (a trimmed URL) is the report, which
	// lists the delegations.
	p.mux.Handle("GET /delegation/{$}", http.RedirectHandler(ReportPath, http.StatusFound))
	p.mux.HandleFunc("GET "+ReportPath, p.serveReport)
	return p
}

// Pages serves the delegation pages of a data directory's store.
type Pages struct {
	ctx     context.Context
	dataDir string
	mux     *http.ServeMux
	mu      sync.Mutex // held while the report is checked or built
	hash    string
	report  *report.Report
	err     error

	// known is the set of delegations with a page in the last report and
	// the search index's generation it was checked for; Has answers from
	// it and leaves checking and building to one goroutine at a time, so
	// that no search page waits for a report (seconds over a large store).
	known      atomic.Pointer[pageSet]
	refreshing atomic.Bool
	wg         sync.WaitGroup
	checks     atomic.Int64 // stores compared with the last report: tests count them
}

type pageSet struct {
	codes      map[string]bool
	generation string
}

func (p *Pages) ServeHTTP(w http.ResponseWriter, r *http.Request) { p.mux.ServeHTTP(w, r) }

// Has reports whether the delegation with this code (as the index holds
// it) has a page: a State, observer or organisation with classified
// sentences. The Secretariat (UN) and a delegation the classifier found
// nothing of have none. It answers from the last report built (none
// before the first: no page is linked then) and starts a check of the
// store when the search index the page was found in (its generation) is
// not the one last checked for: which delegations have classified
// sentences changes only with a run or a rebuild of the index, so search
// traffic and coding alone start no checks and no reports.
func (p *Pages) Has(_ context.Context, generation, code string) bool {
	known := p.known.Load()
	if known == nil || known.generation != generation {
		p.refresh(generation)
	}
	return known != nil && known.codes[code]
}

// Refresh checks the store and builds its report if it changed, in the
// background, unless a check is running; `unpv serve` calls it at start.
// Wait waits for it.
func (p *Pages) Refresh() { p.refresh("") }

func (p *Pages) refresh(generation string) {
	if p.ctx.Err() != nil || !p.refreshing.CompareAndSwap(false, true) {
		return
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		defer p.refreshing.Store(false)
		err := guard.Call(func() error {
			_, err := p.current(p.ctx, generation)
			return err
		})
		if pe, ok := errors.AsType[*guard.PanicError](err); ok {
			slog.Error("serve: delegation pages: internal error (a bug)", "err", err, "stack", string(pe.Stack))
		} else if err != nil {
			slog.Debug("serve: delegation pages", "err", err)
		}
		if err != nil {
			// Checked, if in vain: the next index generation tries again.
			if p.known.Load() == nil {
				p.known.Store(&pageSet{codes: map[string]bool{}, generation: generation})
			}
		}
	}()
}

// Wait waits for a Refresh under way.
func (p *Pages) Wait() { p.wg.Wait() }

// current returns the report of the store as it is now, recording which
// delegations have a page as checked for the index generation given ("":
// none yet).
func (p *Pages) current(ctx context.Context, generation string) (*report.Report, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.checks.Add(1)
	st, err := openChecked(ctx, p.dataDir, store.OpenReadOnly, true)
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
		p.known.Store(&pageSet{codes: p.known.Load().codes, generation: generation})
		return p.report, nil
	}
	in, err := ReadReportInput(ctx, st)
	if err != nil {
		return nil, err
	}
	opts := ReportOptions(p.dataDir)
	opts.Coverage = in.Coverage
	opts.Provenance = ReportProvenance(in.StoreHash, ReportCommand(p.dataDir))
	p.report, p.err = report.BuildContext(ctx, in.Rows, in.Votes, opts)
	if ctx.Err() != nil {
		p.report = nil
		return nil, ctx.Err()
	}
	p.hash = in.StoreHash
	known := &pageSet{codes: map[string]bool{}, generation: generation}
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
	generation := ""
	if k := p.known.Load(); k != nil {
		generation = k.generation
	}
	rep, err := p.current(r.Context(), generation)
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
