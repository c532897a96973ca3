package index

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sync/semaphore"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/un"
)

//go:embed web/*.html web/style.css
var webFS embed.FS

var pages = template.Must(template.New("").Funcs(template.FuncMap{"confidence": ShownConfidence}).ParseFS(webFS, "web/*.html"))

// ShownConfidence is a confidence as the pages and search's text show it: two decimals, cut
// rather than rounded, so that a label under LowConfidence, which they mark
// unsure, never reads 0.60 (0.597 did, marked unsure below 0.6).
func ShownConfidence(x float64) string {
	return strconv.FormatFloat(math.Floor(x*100+1e-9)/100, 'f', 2, 64)
}

// HandlerOptions tunes the web page and JSON API.
type HandlerOptions struct {
	// Timeout bounds every request's search; 0 means 10 s.
	Timeout time.Duration
	// PageSize is the number of hits per page; 0 means DefaultSize.
	PageSize int
	// Window bounds how deep the page and the API let a user page (offset +
	// size); 0 means 1000. Exports of all hits go through Each instead.
	Window int
	// DelegationPage reports whether /delegation/{code}, served beside
	// this handler, has a page for a delegation code (unpv serve mounts the
	// report's delegation pages there); the code is linked to it only then
	// (the Secretariat's UN was linked to a 404). generation names the
	// index generation the page's hits came from (Index.Generation), so
	// that the answer is checked again only when the index changed. Nil
	// links none.
	DelegationPage func(ctx context.Context, generation, code string) bool
	// MaxConcurrent bounds the searches running at once; 0 means twice
	// GOMAXPROCS. A request that finds no free slot within QueueWait gets
	// 503 with Retry-After.
	MaxConcurrent int
	// MaxExpensive bounds, among those, the searches with wildcard,
	// regular-expression, fuzzy or prefix terms (Query.Expensive), so that
	// they cannot crowd out ordinary ones; 0 means GOMAXPROCS/2, at least 1.
	MaxExpensive int
	// QueueWait is how long a request waits for a slot; 0 means 2 s.
	QueueWait time.Duration
	// Annotate links the labelling page (/annotate), served beside this
	// handler by unpv serve.
	Annotate bool
	// Report, when set, is the address of the HTML report, served beside
	// this handler, which the page header links.
	Report string
}

// NewHandler serves the search page, the speech view and the JSON API over ix:
//
//	GET /                  search page (q, delegation, body, from, to, target, stance, speaker, role, year, sort, page)
//	GET /speech/{id}       one speech, matches of q marked
//	GET /api/search        the same parameters plus size, offset and facets=1; JSON Result
//	GET /api/speech/{id}   one speech as JSON
//	GET /static/style.css
//
// Errors are JSON ({"error":…,"status":…}) under /api/ and an HTML page
// elsewhere, with 400 for bad queries, 404 for unknown speeches, 503 for
// timeouts and 500 otherwise; panics are logged, never shown.
func NewHandler(ix *Index, opts HandlerOptions) http.Handler { return newServer(ix, opts).handler() }

// newServer applies opts' defaults.
func newServer(ix *Index, opts HandlerOptions) *server {
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	if opts.PageSize <= 0 {
		opts.PageSize = DefaultSize
	}
	if opts.Window <= 0 {
		opts.Window = 1000
	}
	if opts.MaxConcurrent <= 0 {
		opts.MaxConcurrent = 2 * runtime.GOMAXPROCS(0)
	}
	if opts.MaxExpensive <= 0 {
		opts.MaxExpensive = max(1, runtime.GOMAXPROCS(0)/2)
	}
	opts.MaxExpensive = min(opts.MaxExpensive, opts.MaxConcurrent)
	if opts.QueueWait <= 0 {
		opts.QueueWait = 2 * time.Second
	}
	return &server{ix: ix, opts: opts, slots: semaphore.NewWeighted(int64(opts.MaxConcurrent)),
		expensive: semaphore.NewWeighted(int64(opts.MaxExpensive))}
}

// handler routes the search page, the speech pages and the JSON API.
func (s *server) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.searchPage)
	mux.HandleFunc("GET /speech/{id...}", s.speechPage)
	mux.HandleFunc("GET /api/search", s.apiSearch)
	mux.HandleFunc("GET /api/speech/{id...}", s.apiSpeech)
	static, _ := fs.Sub(webFS, "web")
	mux.Handle("GET /static/style.css", http.StripPrefix("/static/", http.FileServerFS(static)))
	// The API's paths with another method than GET: 405, not the 404 of
	// the catch-all below (a pattern with a method is more specific).
	for _, p := range []string{"/api/search", "/api/speech/{id...}"} {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", "GET, HEAD")
			writeJSONError(w, http.StatusMethodNotAllowed, "method not allowed; use GET")
		})
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeJSONError(w, http.StatusNotFound, "no such endpoint")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			s.fail(w, r, http.StatusMethodNotAllowed, "method not allowed")
			return
		}
		s.fail(w, r, http.StatusNotFound, "page not found")
	})
	return s.guard(mux)
}

type server struct {
	ix   *Index
	opts HandlerOptions
	// slots bound the searches running at once, expensive those with
	// expanding terms among them (HandlerOptions.MaxConcurrent, MaxExpensive).
	slots, expensive *semaphore.Weighted
}

// errBusy: no search slot came free in time.
var errBusy = errors.New("server busy")

// slot waits for a slot to search q (an expensive one too when q is
// expensive) for at most QueueWait, and returns the function that frees it.
func (s *server) slot(ctx context.Context, q Query) (release func(), err error) {
	wctx, cancel := context.WithTimeout(ctx, s.opts.QueueWait)
	defer cancel()
	var sems []*semaphore.Weighted
	if q.Expensive() {
		sems = append(sems, s.expensive)
	}
	sems = append(sems, s.slots)
	for i, sem := range sems {
		if err := sem.Acquire(wctx, 1); err != nil {
			for _, held := range sems[:i] {
				held.Release(1)
			}
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, errBusy
		}
	}
	return func() {
		for _, sem := range sems {
			sem.Release(1)
		}
	}, nil
}

// guard adds security headers, a request deadline and panic recovery.
func (s *server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		ctx, cancel := context.WithTimeout(r.Context(), s.opts.Timeout)
		defer cancel()
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				slog.Error("serve: panic", "path", r.URL.Path, "panic", fmt.Sprint(v))
				s.fail(w, r, http.StatusInternalServerError, "internal error")
			}
		}()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// apiError is the JSON body of every API error.
type apiError struct {
	Error  string `json:"error"`
	Status int    `json:"status"`
}

// retryLater tells a client refused for want of a search slot when to come
// back, on every page and API answer that refuses it.
func retryLater(w http.ResponseWriter, code int) {
	if code == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "1")
	}
}

func writeJSONError(w http.ResponseWriter, code int, msg string) {
	retryLater(w, code)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(apiError{Error: msg, Status: code})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		slog.Debug("serve: write", "err", err)
	}
}

// status maps an error to an HTTP status and a message safe to show.
func status(err error) (int, string) {
	var pe *ParamError
	switch {
	case errors.As(err, &pe):
		return http.StatusBadRequest, pe.WebMessage()
	case errors.Is(err, ErrBadQuery):
		return http.StatusBadRequest, err.Error()
	case errors.Is(err, errBusy):
		return http.StatusServiceUnavailable, "too many searches at once; try again in a moment"
	case errors.Is(err, unpv.ErrNotFound):
		return http.StatusNotFound, "speech not found"
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "search timed out; narrow the query"
	case errors.Is(err, context.Canceled):
		return 499, "request cancelled"
	}
	slog.Error("serve: search failed", "err", err)
	return http.StatusInternalServerError, "internal error"
}

func (s *server) fail(w http.ResponseWriter, r *http.Request, code int, msg string) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeJSONError(w, code, msg)
		return
	}
	retryLater(w, code)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	d := s.base("Error", url.Values{})
	d.Error = msg
	// The footer's JSON link is this request's answer from the API (the
	// search page's error as JSON), not a list of all speeches.
	d.APIURL = ""
	if r.URL.Path == "/" {
		d.APIURL = template.URL("/api/search?" + r.URL.Query().Encode())
	}
	if err := pages.ExecuteTemplate(w, "error.html", d); err != nil {
		slog.Debug("serve: render", "err", err)
	}
}

// formQuery reads the search parameters shared by the page and the API.
// List parameters accept repeats and commas: delegation=RUS,UKR. A
// malformed number or switch is a bad request naming the parameter and
// the value as given; the filters' values are checked by Query.Normalise,
// as on the command line.
func formQuery(v url.Values) (Query, error) {
	list := func(k string) []string {
		var out []string
		for _, x := range v[k] {
			for _, p := range strings.Split(x, ",") {
				if p = strings.TrimSpace(p); p != "" {
					out = append(out, p)
				}
			}
		}
		return out
	}
	var delegations []string // a name may hold a comma: "Korea, Republic of"
	for _, x := range v["delegation"] {
		delegations = append(delegations, un.SplitDelegations(x)...)
	}
	q := Query{
		Text:        v.Get("q"),
		Delegations: delegations,
		Bodies:      list("body"),
		From:        strings.TrimSpace(v.Get("from")),
		To:          strings.TrimSpace(v.Get("to")),
		Targets:     list("target"),
		Stances:     list("stance"),
		Speaker:     v.Get("speaker"),
		Roles:       list("role"),
		Years:       list("year"),
		Symbol:      v.Get("symbol"),
		Sort:        v.Get("sort"),
	}
	var err error
	if q.Literal, err = boolParam(v, "literal"); err != nil {
		return q, err
	}
	if q.MinConfidence, err = floatParam(v, "min_confidence"); err != nil {
		return q, err
	}
	return q, nil
}

// floatParam reads an optional number (0 when absent).
func floatParam(v url.Values, k string) (float64, error) {
	s := strings.TrimSpace(v.Get(k))
	if s == "" {
		return 0, nil
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("%w: %s=%q is not a number", ErrBadQuery, k, s)
	}
	return x, nil
}

// intParam reads an optional number that is not negative (def when absent).
func intParam(v url.Values, k string, def int) (int, error) {
	s := v.Get(k)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%w: %s=%q is not a non-negative number", ErrBadQuery, k, s)
	}
	return n, nil
}

// pageParam reads the page number, which counts from 1 (1 when absent).
func pageParam(v url.Values) (int, error) {
	p, err := intParam(v, "page", 1)
	if err == nil && p < 1 {
		err = fmt.Errorf("%w: page=%q: pages count from 1", ErrBadQuery, v.Get("page"))
	}
	return p, err
}

// boolParam reads an optional switch: 1, true or on (what an HTML checkbox
// sends) set it; absent, 0, false or off leave it off.
func boolParam(v url.Values, k string) (bool, error) {
	switch s := strings.ToLower(v.Get(k)); s {
	case "", "0", "false", "off":
		return false, nil
	case "1", "true", "on":
		return true, nil
	}
	return false, fmt.Errorf("%w: %s=%q: want 1 or 0", ErrBadQuery, k, v.Get(k))
}

func (s *server) apiSearch(w http.ResponseWriter, r *http.Request) {
	q, err := s.apiQuery(r.URL.Query())
	if err != nil {
		code, msg := status(err)
		writeJSONError(w, code, msg)
		return
	}
	res, err := s.search(r.Context(), q)
	if err != nil {
		code, msg := status(err)
		writeJSONError(w, code, msg)
		return
	}
	type apiHit struct {
		Hit
		FragmentHTML template.HTML `json:"fragment_html"`
		Speech       string        `json:"speech_url"`
	}
	out := struct {
		*Result
		Hits      []apiHit   `json:"hits"`
		SeatNotes []SeatNote `json:"seat_notes,omitempty"`
	}{Result: res, Hits: make([]apiHit, 0, len(res.Hits)), SeatNotes: s.seatNotes(r.Context(), q)}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, apiHit{Hit: h, FragmentHTML: h.Fragment.HTML(), Speech: speechURL(h.SpeechID, q) + hitAnchor(h)})
	}
	writeJSON(w, out)
}

// apiQuery reads the API's search: the page's parameters plus size,
// offset or page, facets and kwic.
func (s *server) apiQuery(v url.Values) (Query, error) {
	q, err := formQuery(v)
	if err != nil {
		return q, err
	}
	if q.Size, err = intParam(v, "size", s.opts.PageSize); err != nil {
		return q, err
	}
	if q.Size < 1 || q.Size > 100 {
		return q, fmt.Errorf("%w: size must be 1 to 100", ErrBadQuery)
	}
	if q.Offset, err = intParam(v, "offset", 0); err != nil {
		return q, err
	}
	// page counts from 1; with offset it would silently win, so the two
	// together are refused.
	if v.Get("page") != "" {
		if v.Get("offset") != "" {
			return q, fmt.Errorf("%w: offset=%q and page=%q: give one of them", ErrBadQuery, v.Get("offset"), v.Get("page"))
		}
		p, err := pageParam(v)
		if err != nil {
			return q, err
		}
		q.Offset = (p - 1) * q.Size
	}
	if q.Offset+q.Size > s.opts.Window {
		return q, fmt.Errorf("%w: offset+size beyond %d; export all hits with unpv search --format json", ErrBadQuery, s.opts.Window)
	}
	if q.Facets, err = boolParam(v, "facets"); err != nil {
		return q, err
	}
	if q.KWICWidth, err = intParam(v, "kwic", 0); err != nil {
		return q, err
	}
	return q, nil
}

// search runs q in a search slot; a query that is bad on its face is
// refused before it waits for one.
func (s *server) search(ctx context.Context, q Query) (*Result, error) {
	if err := s.ix.Validate(ctx, q); err != nil {
		return nil, err
	}
	release, err := s.slot(ctx, q)
	if err != nil {
		return nil, err
	}
	defer release()
	return s.ix.Search(ctx, q)
}

// seatNotes is Index.SeatNotes in a search slot, for a query that asks
// for a delegation whose seat another Member held; nil for any other, and
// when it fails: a note is not worth an error page.
func (s *server) seatNotes(ctx context.Context, q Query) []SeatNote {
	if !slices.ContainsFunc(q.Delegations, func(d string) bool {
		c, _ := delegationCode(d)
		return len(un.SeatsFiledUnder(c)) > 0
	}) {
		return nil
	}
	release, err := s.slot(ctx, q)
	if err != nil {
		return nil
	}
	defer release()
	notes, err := s.ix.SeatNotes(ctx, q)
	if err != nil {
		slog.Debug("serve: seat notes", "err", err)
	}
	return notes
}

// speech reads one speech, the matches of q's text marked, in a search slot.
func (s *server) speech(ctx context.Context, id string, q Query) (*SpeechView, error) {
	release, err := s.slot(ctx, q)
	if err != nil {
		return nil, err
	}
	defer release()
	return s.ix.Speech(ctx, id, q)
}

// speechQuery reads what a speech's page marks: the search's q and literal.
func speechQuery(v url.Values) (Query, error) {
	literal, err := boolParam(v, "literal")
	return Query{Text: v.Get("q"), Literal: literal}, err
}

// toSentence redirects a request for a sentence's id (a sentence hit's
// id, symbol#seq.n) to its speech, at the sentence on the page, keeping
// the query; it reports whether it did. The sentence's own index
// document was shown as a speech without speaker, date or record.
func toSentence(w http.ResponseWriter, r *http.Request, prefix, id string) bool {
	sp, n := unpv.SplitSentenceID(id)
	if n == 0 {
		return false
	}
	u := prefix + url.PathEscape(sp)
	if r.URL.RawQuery != "" {
		u += "?" + r.URL.RawQuery
	}
	if prefix == "/speech/" {
		u += "#" + sentenceAnchor(n)
	}
	http.Redirect(w, r, u, http.StatusFound)
	return true
}

func (s *server) apiSpeech(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if id == "" {
		id = r.URL.Query().Get("id")
	}
	if toSentence(w, r, "/api/speech/", id) {
		return
	}
	q, err := speechQuery(r.URL.Query())
	var v *SpeechView
	if err == nil {
		v, err = s.speech(r.Context(), id, q)
	}
	if err != nil {
		code, msg := status(err)
		writeJSONError(w, code, msg)
		return
	}
	writeJSON(w, v)
}

// speechURL links a hit to its speech's page, which marks what the search
// marked: the query's text, expanded as the search expanded it.
func speechURL(id string, q Query) string {
	u := "/speech/" + url.PathEscape(id)
	if v := speechParams(q); len(v) > 0 {
		u += "?" + v.Encode()
	}
	return u
}

// hitAnchor is the fragment a hit's link to its speech ends with: a
// sentence hit opens the speech at the sentence, marked in the text
// (SpeechView.HTML); a speech hit at the query's first match in the text
// (a CSTO hit that spells the name out cannot be found with the browser's
// search for CSTO), or at its top when only the agenda matched.
func hitAnchor(h Hit) string {
	switch {
	case h.Kind == KindSentence && h.Sentence > 0:
		return "#" + sentenceAnchor(h.Sentence)
	case h.Kind != KindSentence && len(h.Matches) > 0:
		return "#" + matchAnchor(1)
	}
	return ""
}

// speechParams are the parameters of q a speech's page and JSON mark with.
func speechParams(q Query) url.Values {
	v := url.Values{}
	if q.Text != "" {
		v.Set("q", q.Text)
		if q.Literal {
			v.Set("literal", "1")
		}
	}
	return v
}

// pageData feeds the templates.
type pageData struct {
	Title, Built, Error string
	// APIURL is the page's query as a JSON API link. A template.URL, built
	// from url.Values.Encode: as a plain string after "?" in href the
	// template escaped its = and & (issue 14: the link returned every speech).
	APIURL         template.URL
	Docs           uint64
	MaxQueryLen    int
	Form           url.Values
	Bodies, Labels []string
	Sorts          []choice
	Hidden         []hidden
	HasFilters     bool
	Filters        []link
	Unit           string // what hits are: speeches, or sentences under a stance filter
	Page, LastPage int    // the page shown and the last with hits
	Beyond         bool   // the page is beyond the last page with hits
	DelegationPage bool   // the speech view's delegation has a page
	Annotate       bool
	Report         string
	Result         *Result
	Hits           []hitView
	Facets         []facetView
	First, Last    int
	Pages          []pageLink
	Prev, Next     string
	Capped         bool
	Window         int
	LowConfidence  float64 // stances below it are marked uncertain
	Literal        bool    // the Literal box is ticked
	// Seats says where the matching speeches of a seat another Member
	// held are (Index.SeatNotes), each with a link that searches both.
	Seats []seatView

	Speech *SpeechView
	Back   string
}

type hidden struct{ Name, Value string }
type seatView struct {
	SeatNote
	URL string
}
type link struct{ Label, URL string }
type pageLink struct {
	N       int
	URL     string
	Current bool
}
type hitView struct {
	Hit
	SpeechURL      string
	DelegationPage bool // /delegation/{code} has a page
}

// hasDelegationPage reports whether /delegation/{code} has a page,
// asking once per code and page.
func (s *server) hasDelegationPage(ctx context.Context, code string, asked map[string]bool) bool {
	if code == "" || s.opts.DelegationPage == nil {
		return false
	}
	has, ok := asked[code]
	if !ok {
		has = s.opts.DelegationPage(ctx, s.ix.Generation(), code)
		asked[code] = has
	}
	return has
}

type facetView struct {
	Name, Title string
	Terms       []facetTermView
	// Other counts the hits in the values beyond those listed, which the
	// page says so that a list cut short does not read as complete (the
	// delegation facet lists 25 of the General Debate Corpus's 200).
	Other int
}
type facetTermView struct {
	Term   string
	Count  int
	URL    string
	Active bool
	// Name is what a delegation code stands for in un/delegations.tsv,
	// the page's tooltip: codes of former Members (SUN, DDR, YMD, CSK)
	// and of organisations are not read at a glance as RUS is.
	Name string
}

var facetTitles = map[string]string{
	"delegation": "Delegation", "body": "Body", "year": "Year", "role": "Role",
	"target": "Organisation", "stance": "Stance", "target_stance": "Stance by organisation",
}

// facetParam is the URL parameter a facet value sets when clicked.
var facetParam = map[string]string{
	"delegation": "delegation", "body": "body", "year": "year", "role": "role",
	"target": "target", "stance": "stance",
}

func (s *server) base(title string, form url.Values) pageData {
	m := s.ix.Meta()
	return pageData{
		Title: title, Built: m.Built.UTC().Format(time.RFC3339), Docs: m.Speeches,
		APIURL: template.URL("/api/search?" + form.Encode()), MaxQueryLen: MaxQueryLen, Form: form,
		Bodies: []string{"SC", "GA"}, Labels: labelNames(),
		Sorts: sortChoices, Window: s.opts.Window,
		Unit: "speeches", Annotate: s.opts.Annotate, Report: s.opts.Report, LowConfidence: LowConfidence,
	}
}

// sortChoices are the form's orders. The default is its own choice: shown
// as "score", it sent sort=score with the form, so that changing a filter
// of a search without words turned its newest-first list into score order
// (every score equal: no order a reader could follow).
var sortChoices = []choice{{"", "default (best match; newest first without words)"},
	{"score", "best match"}, {"-date", "newest first"}, {"date", "oldest first"}}

// choice is an option of a select: the value it sends, what it shows.
type choice struct{ Value, Label string }

// with returns the page URL for form with key set to value (value "" deletes),
// back on page 1.
func with(form url.Values, key, value string) string {
	v := url.Values{}
	for k, xs := range form {
		if k != "page" && k != key {
			v[k] = xs
		}
	}
	if value != "" {
		v.Set(key, value)
	}
	return "/?" + v.Encode()
}

func (s *server) searchPage(w http.ResponseWriter, r *http.Request) {
	form := url.Values{}
	for k, xs := range r.URL.Query() {
		if len(xs) > 0 && xs[0] != "" {
			form[k] = xs[:1]
		}
	}
	d := s.base("Search", form)
	for _, k := range []string{"role", "year"} { // facet-only filters survive a new search
		if x := form.Get(k); x != "" {
			d.Hidden = append(d.Hidden, hidden{k, x})
		}
	}
	for _, k := range []string{"delegation", "body", "from", "to", "target", "stance", "speaker", "role", "year", "literal", "min_confidence"} {
		if x := form.Get(k); x != "" {
			d.HasFilters = true
			d.Filters = append(d.Filters, link{k + ": " + x, with(form, k, "")})
		}
	}
	page, err := pageParam(form)
	q, qerr := formQuery(form)
	if err == nil {
		err = qerr
	}
	d.Literal = q.Literal
	q.Size = s.opts.PageSize
	q.Offset = (page - 1) * q.Size
	q.Facets = true
	if q.Kind() == KindSentence {
		d.Unit = "sentences"
	}
	code := http.StatusOK
	if err == nil && q.Offset+q.Size > s.opts.Window {
		// Say what to do, as the API's message does: the page said only
		// "page 51 is beyond the first 1000 hits" (on the General Debate
		// Corpus, peace finds 10,471 speeches).
		err = fmt.Errorf("%w: page %d is beyond the first %d hits the page lists (page %d is the last); narrow the search, or export every hit with unpv search --format csv",
			ErrBadQuery, page, s.opts.Window, s.opts.Window/q.Size)
	}
	var res *Result
	if err == nil {
		res, err = s.search(r.Context(), q)
	}
	if err != nil {
		code, d.Error = status(err)
		retryLater(w, code)
	} else {
		d.Result = res
		s.fillResults(r.Context(), &d, form, q, page)
		for _, n := range s.seatNotes(r.Context(), q) {
			d.Seats = append(d.Seats, seatView{n, with(form, "delegation", form.Get("delegation")+","+n.Holder)})
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	if err := pages.ExecuteTemplate(w, "search.html", d); err != nil {
		slog.Debug("serve: render", "err", err)
	}
}

func (s *server) fillResults(ctx context.Context, d *pageData, form url.Values, q Query, page int) {
	res := d.Result
	asked := map[string]bool{}
	for _, h := range res.Hits {
		// The page's whole search goes along: the speech page marks q's
		// matches and links back to this page of these results.
		su := "/speech/" + url.PathEscape(h.SpeechID)
		if len(form) > 0 {
			su += "?" + form.Encode()
		}
		su += hitAnchor(h)
		d.Hits = append(d.Hits, hitView{Hit: h, SpeechURL: su,
			DelegationPage: s.hasDelegationPage(ctx, h.Delegation, asked)})
	}
	d.First = q.Offset + 1
	d.Last = q.Offset + len(res.Hits)
	if res.Total == 1 {
		d.Unit = map[string]string{"speeches": "speech", "sentences": "sentence"}[d.Unit]
	}
	for _, f := range res.Facets {
		fv := facetView{Name: f.Name, Title: facetTitles[f.Name], Other: f.Other}
		if q.Kind() == KindSpeech && (f.Name == "stance" || f.Name == "target_stance") {
			// They count what their links find: sentences, not the
			// speeches the page lists.
			fv.Title += " (sentences)"
		}
		param := facetParam[f.Name]
		for _, t := range f.Terms {
			tv := facetTermView{Term: t.Term, Count: t.Count}
			if f.Name == "delegation" {
				if del, ok := un.DelegationByCode(t.Term); ok {
					tv.Name = del.Name
				}
			}
			switch {
			case param != "":
				tv.Active = form.Get(param) == t.Term
				tv.URL = with(form, param, t.Term)
			case f.Name == "target_stance":
				target, label, _ := strings.Cut(t.Term, ":")
				tv.Active = form.Get("target") == target && form.Get("stance") == label
				u, _ := url.Parse(with(form, "target", target))
				v := u.Query()
				v.Set("stance", label)
				tv.URL = "/?" + v.Encode()
			}
			fv.Terms = append(fv.Terms, tv)
		}
		d.Facets = append(d.Facets, fv)
	}
	total := int(min(res.Total, uint64(s.opts.Window)))
	d.Capped = res.Total > uint64(s.opts.Window)
	last := (total + q.Size - 1) / q.Size
	d.Page, d.LastPage = page, last
	// A page beyond the last (an old link, the data changed) says so and
	// links back, instead of "41–40 of 15".
	d.Beyond = len(res.Hits) == 0 && res.Total > 0 && page > last
	if last <= 1 && !d.Beyond {
		return
	}
	cur := min(page, last)
	pageURL := func(n int) string {
		if n > 1 {
			return with(form, "page", strconv.Itoa(n))
		}
		return with(form, "page", "")
	}
	if page > 1 {
		d.Prev = pageURL(min(page-1, last))
	}
	if page < last {
		d.Next = pageURL(page + 1)
	}
	for n := max(1, cur-4); n <= min(last, cur+4); n++ {
		d.Pages = append(d.Pages, pageLink{N: n, URL: pageURL(n), Current: n == page})
	}
}

func (s *server) speechPage(w http.ResponseWriter, r *http.Request) {
	if toSentence(w, r, "/speech/", r.PathValue("id")) {
		return
	}
	q, err := speechQuery(r.URL.Query())
	var v *SpeechView
	if err == nil {
		v, err = s.speech(r.Context(), r.PathValue("id"), q)
	}
	if err != nil {
		code, msg := status(err)
		s.fail(w, r, code, msg)
		return
	}
	d := s.base(v.Speaker+" · "+v.ID, url.Values{})
	// The footer's JSON is this speech's, with the same marks.
	api := "/api/speech/" + url.PathEscape(v.ID)
	if mark := speechParams(q); len(mark) > 0 {
		api += "?" + mark.Encode()
	}
	d.APIURL = template.URL(api)
	d.Speech = v
	d.DelegationPage = s.hasDelegationPage(r.Context(), v.Delegation, map[string]bool{})
	// Back to the search the link came from: its words, filters and page
	// (they once kept only q and literal).
	d.Back = "/"
	if back := r.URL.Query(); len(back) > 0 {
		d.Back = "/?" + back.Encode()
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := pages.ExecuteTemplate(w, "speech.html", d); err != nil {
		slog.Debug("serve: render", "err", err)
	}
}
