package corpora

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"time"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/un"
)

// Fetcher resolves a Selection to meeting symbols through the live UN
// sources and downloads their PDFs, all through one polite Client (one rate
// limit for every host).
type Fetcher struct {
	Client *Client
	ODS    *ODS
	DHL    *DHL
	UNDL   *UNDL
	Logger *slog.Logger
	// Now gives the current year for open-ended year ranges.
	Now func() time.Time
	// Failed is the file keeping the records whose download failed when
	// last asked (FailedRecords); "" keeps none.
	Failed string
}

// NewFetcher builds a Fetcher that stores PDFs in dataDir's raw store.
func NewFetcher(dataDir string, opts ClientOptions) *Fetcher {
	c := NewClient(opts)
	return &Fetcher{
		Client: c,
		ODS:    &ODS{Client: c, Raw: NewRawStore(dataDir)},
		DHL:    &DHL{Client: c, Cache: filepath.Join(dataDir, DHLCacheDir)},
		UNDL:   &UNDL{Client: c},
		Logger: c.opts.Logger,
		Now:    time.Now,
		Failed: filepath.Join(dataDir, filepath.FromSlash(FailedFile)),
	}
}

// DHLCacheDir is where, in the data directory, the Security Council
// meeting tables are kept for conditional requests (DHL.Cache).
const DHLCacheDir = "raw/dhl"

// PlannedMeeting is a meeting a selection chose, with what the listing
// said about it.
type PlannedMeeting struct {
	Symbol string    `json:"symbol"`
	Body   unpv.Body `json:"body"`
	Date   string    `json:"date,omitempty"`
	Agenda string    `json:"agenda,omitempty"`
	From   string    `json:"from"` // "symbol" (named), "dhl" (SC table), "undl" (Digital Library)
}

// FirstDHLYear is the first year of the Security Council meeting tables.
const FirstDHLYear = 1946

// Plan turns a selection into meetings:
//   - named symbols are taken as they are (they still have to pass the other
//     criteria that can be checked without a listing: body);
//   - with years or agenda text and the Security Council among the bodies
//     (or no body given), the DHL yearly tables of the year range (1946 to
//     this year when open) are read and filtered;
//   - likewise for the General Assembly, the UN Digital Library is searched
//     for the plenary records (191__a:"A/NN/PV.*") of the sessions
//     overlapping the years (a session opens in September of year
//     session+1945), and records are filtered by date, title and agenda.
//     An emergency special session's records ("A/ES-11/PV.1") are not
//     among them: they are planned by name only (sel.Symbols), as no
//     query here names those sessions, which no year range maps to
//     (ES-10 has met from 1997 into the 2020s).
//
// A year whose table is missing (404) is skipped with a warning. A list
// that fails for itself (a page without its table, ErrNoTable; a refusal
// while its host answers another list: listings) is left out, and the
// plan comes with a *PlanGaps error naming each; any other error ends
// the plan, a host refusing the client as a *BlockedError (planError).
// The result is in sortPlan's order (by date, undated last, then by
// symbol), one entry per symbol.
func (f *Fetcher) Plan(ctx context.Context, sel Selection) ([]PlannedMeeting, error) {
	var out []PlannedMeeting
	seen := map[string]bool{}
	add := func(p PlannedMeeting) {
		if !seen[p.Symbol] {
			seen[p.Symbol] = true
			out = append(out, p)
		}
	}
	wantBody := func(b unpv.Body) bool { return len(sel.Bodies) == 0 || slices.Contains(sel.Bodies, b) }
	for _, s := range sel.Symbols {
		info, ok := un.ParseSymbol(s)
		if !ok {
			return nil, fmt.Errorf("plan: %q is not a verbatim-record symbol", s)
		}
		if wantBody(info.Body) {
			add(PlannedMeeting{Symbol: info.Symbol, Body: info.Body, From: "symbol"})
		} else {
			// A symbol named and then left out by --body is most likely a
			// slip: say so, since the plan alone would only count 0.
			f.Logger.Warn("a named record is not of the selected bodies: left out", "symbol", info.Symbol, "body", info.Body, "bodies", sel.Bodies)
		}
	}
	if len(sel.Symbols) > 0 || (sel.FromYear == 0 && sel.ToYear == 0 && len(sel.Agenda) == 0) {
		return sortPlan(out), nil
	}
	from, to := cmp.Or(sel.FromYear, FirstDHLYear), cmp.Or(sel.ToYear, f.Now().Year())
	lists := newListings()
	if wantBody(unpv.SecurityCouncil) {
		for year := from; year <= to; year++ {
			addr := f.DHL.TableURL(year)
			rows, _, err := f.DHL.Year(ctx, year)
			if errors.Is(err, unpv.ErrNotFound) {
				f.Logger.Warn("no Security Council meeting table", "year", year, "err", err)
				lists.answer(addr)
				continue
			}
			if err != nil && lists.failed(addr, err) {
				f.Logger.Warn("a Security Council meeting table could not be read: its meetings are left out of the plan", "year", year, "err", err)
				continue
			}
			if err != nil {
				return nil, f.planError(err, addr)
			}
			lists.answer(addr)
			for _, l := range sel.SelectListings(rows) {
				add(PlannedMeeting{Symbol: l.Symbol, Body: unpv.SecurityCouncil, Date: l.Date, Agenda: l.Topic, From: "dhl"})
			}
		}
		if err := lists.unvouched(f.DHL.TableURL(to)); err != nil {
			return nil, f.planError(err, f.DHL.TableURL(to))
		}
	}
	if wantBody(unpv.GeneralAssembly) {
		addr := ""
		for session := max(1, from-1946); session <= to-1945; session++ {
			addr = f.UNDL.SearchURL(UNDLQuery{Query: GAPlenaryQuery(session)}, 1, 1)
			answered := true
			for r, err := range f.UNDL.Search(ctx, UNDLQuery{Query: GAPlenaryQuery(session)}) {
				if err != nil && lists.failed(addr, err) {
					f.Logger.Warn("a Digital Library search was refused: its meetings are left out of the plan", "session", session, "err", err)
					answered = false
					break
				}
				if err != nil {
					return nil, f.planError(err, addr)
				}
				info, ok := un.ParseSymbol(r.Symbol)
				if !ok || info.Body != unpv.GeneralAssembly || !sel.MatchRecord(r) {
					continue
				}
				agenda := r.Title
				if len(r.Agenda) > 0 {
					agenda = r.Agenda[0].Title
				}
				add(PlannedMeeting{Symbol: info.Symbol, Body: unpv.GeneralAssembly, Date: r.Date, Agenda: agenda, From: "undl"})
			}
			if answered {
				lists.answer(addr)
			}
		}
		if err := lists.unvouched(addr); addr != "" && err != nil {
			return nil, f.planError(err, addr)
		}
	}
	return sortPlan(out), lists.err()
}

// planError says why a plan failed, asking addr. When the meeting lists
// could not be reached at all (offline, DNS, refused), it says what plans
// without the network: named symbols. When their host refused the client
// (Refused: a 403 or a challenge page) it is a *BlockedError, as for
// downloads: by then the host refused two lists in a row, or the only
// one it was asked for (listings).
func (f *Fetcher) planError(err error, addr string) error {
	if Refused(err) {
		return fmt.Errorf("plan: %w", &BlockedError{Host: urlHost(addr), Mirror: f.mirror(), Refusals: 1, Last: err, Planning: true})
	}
	var ue *url.Error
	if errors.As(err, &ue) && !errors.Is(err, ErrRedirect) {
		return fmt.Errorf("plan: cannot reach the UN's meeting lists, which --years, --agenda and --regional read (only --symbols plans without the network): %w", err)
	}
	return fmt.Errorf("plan: %w", err)
}

// sortPlan orders a plan as a person reads it: the meetings with a date
// by date, then those without one (every named symbol, and a listed
// record the UN would give no date: "" sorts before every date, and such
// a record would have led a plan of years), each tie by compareSymbols: by body (the
// Assembly's before the Council's), regular sessions before emergency
// special ones, then session and number, as ImportUNSCDebates orders its
// records.
// A named plan, undated, is so ordered by symbol alone: A/ES-11/PV.1
// before S/PV.8711 (the Assembly's first), A/76/PV.10 before A/ES-11/PV.1.
func sortPlan(p []PlannedMeeting) []PlannedMeeting {
	slices.SortStableFunc(p, func(a, b PlannedMeeting) int {
		return cmp.Or(compareBool(a.Date == "", b.Date == ""), cmp.Compare(a.Date, b.Date), compareSymbols(a.Symbol, b.Symbol))
	})
	return p
}

// SiteDownAfter is how many downloads in a row may fail for the site's own
// reasons (FailedSite: server errors, 429 and network errors, each after
// its retries) before FetchPDFs leaves the rest for the next run: a site
// that is down is not asked five times over for each of dozens of records,
// under the run's lock, for about 30 s each.
const SiteDownAfter = 3

// ErrSiteDown marks a planned download that was not tried because the
// SiteDownAfter downloads before it failed for the site's reasons.
var ErrSiteDown = errors.New("not tried: the site failed for the downloads before it")

// FailedSite reports whether err is the site's failure rather than the
// document's: a status the server gives when it is failing or overloaded
// (siteStatus: 5xx, 429, 408), a network error, a timeout or a truncated
// body. Any other HTTP error (403, 400, …: a WAF refusing one URL, a
// symbol the site will not look up), a missing document, a challenge page
// or a file over the size limit is not: the site answered about that one
// document, and three such answers in a row left every later download for
// the next run.
func FailedSite(err error) bool {
	var he *HTTPError
	if errors.As(err, &he) {
		return siteStatus(he.StatusCode)
	}
	var ue *url.Error
	return errors.As(err, &ue) || errors.Is(err, ErrTruncated) || errors.Is(err, context.DeadlineExceeded)
}

// RefusedAfter is how many downloads in a row one host may refuse (Refused:
// HTTP 403, or a WAF or challenge page in the place of the PDF) before
// FetchPDFs asks whether it refuses the client or those records: a site
// that blocks a client refuses every request alike, but a record the site
// really withholds (closed, restricted) is refused for itself, and
// neighbouring meetings can be. Three is the least that tells a block
// from one such record among records the site gives, as SiteDownAfter
// does for a site that is down; the check (FetchPDFs) tells a block from
// three such records.
const RefusedAfter = 3

// ErrBlocked marks the downloads left after a host refused RefusedAfter in
// a row and its check (a *BlockedError), and a refusal of the meeting
// lists while planning: the site is blocking this client.
var ErrBlocked = errors.New("the site is refusing this client")

// BlockedError says which host refused, how often, and what it answered
// last. It wraps ErrBlocked.
type BlockedError struct {
	Host     string
	Mirror   string // the mirror the requests went to, if any (ClientOptions.Mirror)
	Refusals int    // in a row
	Left     int    // planned downloads not asked for
	Last     error  // the last refusal
	// Checked is the record the host gave before (this run or an earlier
	// one) that was asked again, conditionally, after the refusals, and
	// CheckErr its answer: refused too, or failing. "" when there was no
	// such record (the next planned record was the check).
	Checked  string
	CheckErr error
	// Planning: the refusal was of the meeting lists (Plan), before any
	// download.
	Planning bool
}

func (e *BlockedError) Error() string {
	host := e.Host
	if e.Mirror != "" {
		host = fmt.Sprintf("%s (through the mirror %s)", e.Host, e.Mirror)
	}
	const advice = "Wait (a day) before the next run, add --contact so the site's operators can reach you, " +
		"lower --rate, or fetch from a mirror with --mirror (docs/pipeline.md#when-the-un-blocks-the-fetch)"
	if e.Planning {
		return fmt.Sprintf("%s refused the meeting lists' request (HTTP 403 or a challenge page: %v): %v, so the plan stopped there and nothing was fetched; "+
			"the next run plans again. %s", host, e.Last, ErrBlocked, advice)
	}
	check := ", with no record it gave before to ask again"
	if e.Checked != "" {
		check = fmt.Sprintf(", and failed the check (%s, which it gave before, asked again: %v)", e.Checked, e.CheckErr)
	}
	return fmt.Sprintf("%s refused %d downloads in a row (HTTP 403 or a challenge page; last: %v)%s: %v, so unpv stopped asking it; "+
		"nothing is stored or given up for them: the next run asks again for these and the %d downloads left. %s",
		host, e.Refusals, e.Last, check, ErrBlocked, e.Left, advice)
}

// Unwrap gives ErrBlocked, the last refusal and the check's answer.
func (e *BlockedError) Unwrap() []error { return []error{ErrBlocked, e.Last, e.CheckErr} }

// Refused reports whether err is a site refusing this client rather than
// failing (FailedSite) or answering about the one document: HTTP 403
// Forbidden, or a WAF challenge or other HTML page where the PDF should be
// (ErrChallenge).
func Refused(err error) bool {
	var he *HTTPError
	if errors.As(err, &he) {
		return he.StatusCode == http.StatusForbidden
	}
	return errors.Is(err, ErrChallenge)
}

// answered reports whether err, the answer to a download, is the host
// answering this client: a PDF, a 304, or an error about that one
// document (404, 400). Neither a refusal nor the site's failure is.
func answered(err error) bool { return !Refused(err) && !FailedSite(err) }

// FetchPDFs downloads the PDF of every planned meeting through ODS, one at
// a time (the client's rate limit spaces them). prev, when not nil, returns
// the last Download of a symbol so the request is conditional. Each result
// is yielded with its error; a failed meeting does not stop the others, but
// a cancelled context does. The remaining meetings are yielded untried
// after SiteDownAfter failures of the site in a row, with ErrSiteDown, and
// when their host refuses the client, with ErrNotTried and a *BlockedError
// (ErrBlocked). Which records the plan asks first is the caller's
// (FailedRecords.Order asks those that failed last time after the others).
//
// After RefusedAfter refusals in a row, one check: a record the host gave
// before is asked again, conditionally (a 304 costs the site nothing) —
// the last one it gave in this run, else the next planned record with a
// previous download (prev) not asked yet in this run, since one it has
// just refused says nothing of the site. If the host answers it, the
// refusals were the records' own: they stay failed, for the next run to
// ask again like any failed download, and the plan goes on. Three neighbouring records that
// are each refused stopped every nightly run at the same place: the cron
// job never got past them. If the check is refused too, or fails, the
// site is blocking the client and the rest is left untried. With no record
// to check against (a first run refused from its first records) the next
// planned record is the check, asked as itself. A site refusing everything
// is so asked RefusedAfter+1 times in a run.
func (f *Fetcher) FetchPDFs(ctx context.Context, plan []PlannedMeeting, prev func(symbol string) *Download) iter.Seq2[Download, error] {
	return func(yield func(Download, error) bool) {
		down := 0 // failures of the site in a row
		var lastErr error
		refused := 0 // refusals in a row, all from one host: every download asks ODS first
		// given is the last download the host gave in this run, a check
		// to ask again when it refuses (reference).
		var given *Download
		// leave yields the rest of the plan untried, each with why.
		leave := func(rest []PlannedMeeting, why func(symbol string) error) {
			for _, p := range rest {
				if !yield(Download{Symbol: p.Symbol, URL: f.ODS.URL(p.Symbol)}, why(p.Symbol)) {
					return
				}
			}
		}
		// stored is the next planned record after i with a previous
		// download (plan[storedAt]), looked for when the host refuses
		// before it gave anything in this run. Not one asked already: those
		// it refused in this run (a record given by an earlier run can be
		// refused for itself now) would be no check of the site, and the
		// plan is looked through once (scanned).
		var stored *Download
		storedAt, scanned := -1, 0
		// held is what checks were given anew for records later in the
		// plan, by symbol, stored at their turn (heldPDF).
		held := map[string]heldPDF{}
		reference := func(i int) *Download {
			if given != nil {
				return given
			}
			if storedAt > i {
				return stored
			}
			stored = nil
			for j := max(i+1, scanned); prev != nil && j < len(plan); j++ {
				scanned = j + 1
				if stored = prev(plan[j].Symbol); stored != nil {
					storedAt = j
					break
				}
			}
			return stored
		}
		for i, p := range plan {
			if down >= SiteDownAfter {
				f.Logger.Warn("the site is failing: the remaining downloads are left for the next run", "remaining", len(plan)-i, "err", lastErr.Error())
				leave(plan[i:], func(sym string) error {
					return fmt.Errorf("ods %s: %w (%d in a row failed; last: %w)", sym, ErrSiteDown, down, lastErr)
				})
				return
			}
			var last *Download
			if prev != nil {
				last = prev(p.Symbol)
			}
			var d Download
			var err error
			if h, ok := held[p.Symbol]; ok {
				delete(held, p.Symbol)
				d, err = f.ODS.keep(h.d, h.pdf)
			} else {
				d, err = f.ODS.Fetch(ctx, p.Symbol, last)
			}
			if FailedSite(err) {
				down, lastErr = down+1, err
			} else {
				down = 0
			}
			switch {
			case Refused(err):
				refused++
			case !FailedSite(err):
				refused = 0 // the host answered
			}
			if err == nil && d.SHA256 != "" {
				given = &d
			}
			var blocked *BlockedError
			if Refused(err) && refused >= RefusedAfter {
				ref := reference(i)
				switch {
				case ref == nil && refused == RefusedAfter && i+1 < len(plan):
					f.Logger.Warn("the site refused downloads in a row and gave none before to check it with: the next one is the check", "host", urlHost(d.URL), "refusals", refused)
				case ref == nil:
					blocked = &BlockedError{Refusals: refused, Last: err}
				default:
					cd, pdf, cerr := f.check(ctx, ref)
					if pdf != nil && given == nil {
						// A stored record changed since: its turn, ahead
						// (reference), stores it. One given in this run
						// and changed within it is for the next run.
						held[ref.Symbol] = heldPDF{cd, pdf}
					}
					if ctx.Err() != nil {
						// Interrupted while asking: the check says nothing
						// of the site, and the yield below ends the loop.
						break
					}
					if answered(cerr) {
						f.Logger.Warn("the site refused downloads in a row but gave a record it gave before: the refusals are the records' own, the downloads go on",
							"host", urlHost(d.URL), "refusals", refused, "checked", ref.Symbol)
						refused = 0
						break
					}
					blocked = &BlockedError{Refusals: refused, Last: err, Checked: ref.Symbol, CheckErr: cerr}
				}
			}
			if blocked != nil {
				// This refusal's error says so too, so that a plan
				// refused to its last record reads as blocked.
				blocked.Host, blocked.Mirror, blocked.Left = urlHost(d.URL), f.mirror(), len(plan)-i-1
				err = blocked
				f.Logger.Error("the site is refusing this client: the remaining downloads are left for the next run", "host", blocked.Host, "remaining", blocked.Left, "err", blocked.Last.Error())
			}
			if !yield(d, err) || ctx.Err() != nil {
				return
			}
			if blocked != nil {
				leave(plan[i+1:], func(sym string) error { return fmt.Errorf("ods %s: %w: %w", sym, ErrNotTried, blocked) })
				return
			}
		}
	}
}

// check asks ODS again for ref, a record it gave before, conditionally
// (a 304 costs it nothing), and says what it answered, with the PDF when
// the record changed since (nil otherwise). Nothing is yielded or stored
// for ref: its own turn in the plan stores it (heldPDF).
func (f *Fetcher) check(ctx context.Context, ref *Download) (Download, []byte, error) {
	return f.ODS.get(ctx, ref.Symbol, ref)
}

// heldPDF is a record's PDF a check was given, kept in memory until the
// record's turn in the plan stores it, without asking ODS again. Stored
// by the check itself, it was a file no source named when the run
// stopped before that turn (an interrupt, a block, a kill).
type heldPDF struct {
	d   Download
	pdf []byte
}

// mirror is the mirror the requests go to, "" when none.
func (f *Fetcher) mirror() string {
	if m := f.Client.opts.Mirror; m != nil {
		return m.String()
	}
	return ""
}

// urlHost is the host of the address u, "" when it has none.
func urlHost(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return p.Host
}
