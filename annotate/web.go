package annotate

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/internal/hostcheck"
	"github.com/unpv/unpv/un"
)

// Workspace is what the labelling page reads and writes: the store's
// codings, sessions and pairs, and the search index for queues restricted
// to a search (pipeline.Workspace).
type Workspace interface {
	PutSession(ctx context.Context, tokenHash, coder string, expires time.Time) error
	// SessionCoder returns an error wrapping unpv.ErrNotFound for an
	// unknown or expired session.
	SessionCoder(ctx context.Context, tokenHash string) (string, error)
	EndSession(ctx context.Context, tokenHash string) error
	// Next is the coder's next pair on the queue, nil when none is left.
	Next(ctx context.Context, q Queue, coder string) (*Item, error)
	Progress(ctx context.Context, q Queue, coder string) (Progress, error)
	// Item is one pair with its context, as the coder sees it; an error
	// wrapping unpv.ErrNotFound when the store has no such sentence.
	Item(ctx context.Context, p Pair, coder string) (*Item, error)
	// Code records a coding act; Undo removes the coder's latest one and
	// returns it (unpv.ErrNotFound when there is none).
	Code(ctx context.Context, c unpv.Coding) (unpv.Coding, error)
	// Drawn reports whether a random queue's sample drew the pair: it is
	// the coder's next pair on q, or was coded from q (its text) before.
	// A pair opened by its URL on a random queue is otherwise hand-picked.
	Drawn(ctx context.Context, q Queue, coder string, p Pair) (bool, error)
	Undo(ctx context.Context, coder string) (unpv.Coding, error)
	Stats(ctx context.Context) (Stats, error)
}

// Errors a Workspace returns for what the coder must fix (HTTP 400).
var (
	// ErrBadQueue marks a queue the workspace cannot run (a bad search).
	ErrBadQueue = errors.New("bad queue")
	// ErrBadCoding marks a coding the store refuses (an unknown pair).
	ErrBadCoding = errors.New("bad coding")
)

// Item is one pair to code, with what a coder needs to judge it.
type Item struct {
	Pair
	TargetName string // the organisation's name
	Sentence   string
	// Mentions are the byte spans in Sentence where the organisation is
	// named (or referred to), highlighted on the page.
	Mentions      []Span
	Before, After []string // the speech's sentences around it, nearest last and first
	N, Sentences  int      // the sentence's number in the speech, of how many
	SpeechID      string
	Symbol        string // the record as stored ("A/73/PV (general debate)" for a statement)
	Record, Link  string // the verbatim record and its page, when known
	Date, Body    string
	Speaker       string // as printed
	Delegation    string // the delegation's name
	Code          string // its code
	Agenda        string
	// The model's stance, when it has one.
	ModelLabel unpv.Label
	Confidence float64
	Evidence   string
	// Mine is the coder's own latest act on the pair, if any (the other
	// coders' stay hidden).
	Mine *unpv.Coding
	// MyLabel is the coder's latest label of the pair (not a skip), if
	// any: what counts as hers in its hand label, the agreement and the
	// exports, whatever she did since, for a skip after it leaves it
	// standing. The page said "Your label so far: skipped" of a pair whose
	// label was still hers.
	MyLabel *unpv.Coding
}

// Span is a byte range [Start, End).
type Span struct{ Start, End int }

// Progress is how far a coder is in a queue.
type Progress struct {
	Total int `json:"total"` // the queue's pairs
	Done  int `json:"done"`  // those the coder labelled or skipped
}

// HandlerOptions secure the page.
type HandlerOptions struct {
	// Hosts, when not empty, are the only Host headers served (with or
	// without the port): the server's own names on loopback, so that a web
	// page elsewhere cannot reach it through DNS rebinding.
	Hosts []string
	// Key, when set, must be given to log in (unpv serve sets one when it
	// listens beyond loopback, and prints the address with it).
	Key string
	// SessionTTL is how long a login lasts; 0 means 30 days.
	SessionTTL time.Duration
	// Search links to the search page when set.
	Search bool
}

// MaxBody bounds a form's body; a note is at most MaxNote bytes.
const MaxBody = 16 << 10

const cookieName = "unpv_annotate"

//go:embed web/*.html web/annotate.css web/annotate.js
var webFS embed.FS

// pages are parsed on first use, not when every unpv command starts.
var pages = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("").Funcs(template.FuncMap{
		"pct": func(a, b int) int {
			if b == 0 {
				return 0
			}
			return 100 * a / b
		},
		"f2":    func(x float64) string { return fmt.Sprintf("%.2f", x) },
		"f3":    func(x float64) string { return fmt.Sprintf("%.3f", x) },
		"label": func(i int) unpv.Label { return unpv.Labels[i] },
		// A sentence's place in the search page's speech view, which
		// redirects a sentence ID to its speech at the sentence.
		"speechURL": func(sentenceID string) string { return "/speech/" + url.PathEscape(sentenceID) },
	}).ParseFS(webFS, "web/*.html"))
})

// NewHandler serves the labelling page under /annotate:
//
//	GET  /annotate              the coder's next pair on a queue (order, seed, target, delegation, body, from, to, q, fresh, blind), or one pair (pair=SENTENCE:TARGET); the login form without a session
//	POST /annotate/login        name (and key): starts a session
//	POST /annotate/code         label (recognition, counter, neutral) or skip, note: codes the pair
//	POST /annotate/undo         takes back the coder's latest act and shows its pair again
//	POST /annotate/adjudicate   settles a disagreement
//	POST /annotate/logout
//	GET  /annotate/stats        agreement, the model's accuracy, the disagreements (the login form without a session)
//	GET  /annotate/codebook     the annotation codebook
//
// Writes need the session's cookie and its form token, come from this
// origin only, and bodies are bounded (MaxBody); every value is escaped
// by html/template.
func NewHandler(ws Workspace, opts HandlerOptions) http.Handler {
	if opts.SessionTTL <= 0 {
		opts.SessionTTL = 30 * 24 * time.Hour
	}
	s := &server{ws: ws, opts: opts}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /annotate", s.codePage)
	mux.HandleFunc("GET /annotate/{$}", s.codePage)
	mux.HandleFunc("GET /annotate/stats", s.statsPage)
	mux.HandleFunc("GET /annotate/codebook", s.codebookPage)
	mux.HandleFunc("POST /annotate/login", s.login)
	mux.HandleFunc("POST /annotate/logout", s.write(s.logout))
	mux.HandleFunc("POST /annotate/code", s.write(s.code))
	mux.HandleFunc("POST /annotate/undo", s.write(s.undo))
	mux.HandleFunc("POST /annotate/adjudicate", s.write(s.adjudicate))
	static, _ := fs.Sub(webFS, "web")
	mux.Handle("GET /annotate/static/", http.StripPrefix("/annotate/static/", http.FileServerFS(static)))
	// Another method on a known path: 405 naming the one it takes, not the
	// catch-all's 404 (GET /annotate/login was "page not found").
	for allow, paths := range map[string][]string{
		"GET, HEAD": {"/annotate", "/annotate/{$}", "/annotate/stats", "/annotate/codebook"},
		"POST":      {"/annotate/login", "/annotate/logout", "/annotate/code", "/annotate/undo", "/annotate/adjudicate"},
	} {
		for _, p := range paths {
			mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Allow", allow)
				s.fail(w, r, http.StatusMethodNotAllowed, "method not allowed: this address takes "+allow+" (the forms on /annotate send it)")
			})
		}
	}
	mux.HandleFunc("/annotate/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, http.StatusNotFound, "page not found")
	})
	return s.guard(mux)
}

type server struct {
	ws   Workspace
	opts HandlerOptions
}

// guard checks the Host, adds security headers and recovers panics.
func (s *server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		// same-origin rather than no-referrer: under no-referrer browsers
		// send "Origin: null" with the page's own forms, which sameOrigin
		// could not tell from a sandboxed page elsewhere.
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cache-Control", "no-store")
		if !hostcheck.Allowed(s.opts.Hosts, r.Host) {
			hostcheck.Refuse(w)
			return
		}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				slog.Error("annotate: panic", "path", r.URL.Path, "panic", fmt.Sprint(v))
				s.fail(w, r, http.StatusInternalServerError, "internal error")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// page is what every template gets.
type page struct {
	Title    string
	Coder    string
	CSRF     string
	Search   bool
	Error    string
	Notice   string
	NeedKey  bool
	Next     string // the login form's destination
	Queue    Queue
	QueueURL string        // the queue's parameters, "order=random&target=AU"
	Hidden   []hiddenField // the queue as hidden form fields
	Orgs     []unpv.Organisation
	Item     *Item
	Segments []segment
	ShowMine bool
	Progress Progress
	Labels   []labelKey
	Stats    *Stats
	Codebook string
	Hash     string
}

type hiddenField struct{ Name, Value string }

type segment struct {
	Text string
	Mark bool
}

type labelKey struct {
	Label unpv.Label
	Key   string
}

var labelKeys = []labelKey{{unpv.Recognition, "r"}, {unpv.Counter, "c"}, {unpv.Neutral, "n"}}

func (s *server) render(w http.ResponseWriter, code int, name string, p *page) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	if err := pages().ExecuteTemplate(w, name, p); err != nil {
		slog.Debug("annotate: render", "err", err)
	}
}

func (s *server) fail(w http.ResponseWriter, r *http.Request, code int, msg string) {
	p := s.base(r, "Error")
	p.Error = msg
	s.render(w, code, "error.html", p)
}

// base is the page data of every page: the coder and the form token when
// logged in.
func (s *server) base(r *http.Request, title string) *page {
	p := &page{Title: title, Search: s.opts.Search, Labels: labelKeys}
	if coder, token, ok := s.session(r); ok {
		p.Coder, p.CSRF = coder, csrf(token)
	}
	return p
}

// session returns the coder and token of the request's session cookie.
func (s *server) session(r *http.Request) (coder, token string, ok bool) {
	c, err := r.Cookie(cookieName)
	if err != nil || c.Value == "" || len(c.Value) > 100 {
		return "", "", false
	}
	coder, err = s.ws.SessionCoder(r.Context(), tokenHash(c.Value))
	if err != nil {
		if !errors.Is(err, unpv.ErrNotFound) {
			slog.Error("annotate: session", "err", err)
		}
		return "", "", false
	}
	return coder, c.Value, true
}

func tokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// csrf is the form token of a session: derived from the session token,
// which a page elsewhere can neither read nor guess.
func csrf(token string) string {
	h := sha256.Sum256([]byte("unpv-annotate-form\x00" + token))
	return hex.EncodeToString(h[:16])
}

// write wraps a write action: same-origin, bounded body, a live session
// and its form token.
func (s *server) write(fn func(w http.ResponseWriter, r *http.Request, coder, token string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.readForm(w, r) {
			return
		}
		coder, token, ok := s.session(r)
		if !ok {
			s.fail(w, r, http.StatusUnauthorized, "not logged in (or the session expired): open /annotate and give your name")
			return
		}
		if subtle.ConstantTimeCompare([]byte(r.PostForm.Get("csrf")), []byte(csrf(token))) != 1 {
			s.fail(w, r, http.StatusForbidden, "form token missing or stale: reload the page")
			return
		}
		fn(w, r, coder, token)
	}
}

// sameOrigin refuses requests a browser marks as coming from another site:
// by Sec-Fetch-Site, else by an Origin naming another host. (An opaque
// "null" origin says nothing either way; writes also need the form token.)
func sameOrigin(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
	default:
		return false
	}
	if o := r.Header.Get("Origin"); o != "" && o != "null" {
		u, err := url.Parse(o)
		if err != nil || !strings.EqualFold(u.Host, r.Host) {
			return false
		}
	}
	return true
}

// readForm reads a posted form of at most MaxBody bytes from this origin,
// or answers with the error and returns false.
func (s *server) readForm(w http.ResponseWriter, r *http.Request) bool {
	if !sameOrigin(r) {
		s.fail(w, r, http.StatusForbidden, "cross-site request refused")
		return false
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, http.StatusRequestEntityTooLarge, "request too large or malformed")
		return false
	}
	return true
}

func (s *server) login(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	name := strings.TrimSpace(r.PostForm.Get("name"))
	next := safeNext(r.PostForm.Get("next"))
	p := s.base(r, "Log in")
	p.NeedKey, p.Next = s.opts.Key != "", next
	if s.opts.Key != "" && subtle.ConstantTimeCompare([]byte(r.PostForm.Get("key")), []byte(s.opts.Key)) != 1 {
		p.Error = "wrong or missing access key: use the address unpv serve printed"
		s.render(w, http.StatusForbidden, "login.html", p)
		return
	}
	if err := CheckCoder(name); err != nil {
		p.Error = err.Error()
		s.render(w, http.StatusBadRequest, "login.html", p)
		return
	}
	var b [32]byte
	rand.Read(b[:])
	token := base64.RawURLEncoding.EncodeToString(b[:])
	expires := time.Now().Add(s.opts.SessionTTL)
	if err := s.ws.PutSession(r.Context(), tokenHash(token), name, expires); err != nil {
		slog.Error("annotate: login", "err", err)
		s.fail(w, r, http.StatusInternalServerError, "internal error")
		return
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: token, Path: "/annotate", Expires: expires,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// safeNext keeps a redirect on this page: a path under /annotate, never
// another host. The path is checked as http.Redirect and browsers resolve
// it, dot segments removed: /annotate/../report, which the prefix alone
// let through, left the page.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil ||
		strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/annotate"
	}
	if p := path.Clean(u.Path); p != "/annotate" && !strings.HasPrefix(p, "/annotate/") {
		return "/annotate"
	}
	return u.RequestURI()
}

func (s *server) logout(w http.ResponseWriter, r *http.Request, coder, token string) {
	if err := s.ws.EndSession(r.Context(), tokenHash(token)); err != nil {
		slog.Error("annotate: logout", "err", err)
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/annotate", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/annotate", http.StatusSeeOther)
}

// queuePage is the URL of the coding page for q, with extra parameters.
func queuePage(q Queue, extra ...string) string {
	v := q.Values()
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	if len(v) == 0 {
		return "/annotate"
	}
	return "/annotate?" + v.Encode()
}

// loggedIn reports whether p has a coder; without one it answers with the
// login form, which comes back to this page: the coding and agreement
// pages show labels, so they need a session (and so the access key).
func (s *server) loggedIn(w http.ResponseWriter, r *http.Request, p *page) bool {
	if p.Coder != "" {
		return true
	}
	p.Title, p.NeedKey, p.Next = "Log in", s.opts.Key != "", safeNext(r.URL.RequestURI())
	s.render(w, http.StatusOK, "login.html", p)
	return false
}

func (s *server) codePage(w http.ResponseWriter, r *http.Request) {
	p := s.base(r, "Annotate")
	if !s.loggedIn(w, r, p) {
		return
	}
	v := r.URL.Query()
	q, err := ParseQueue(v)
	p.Queue, p.Orgs, p.Codebook = q, un.Organisations(), Codebook
	qv := q.Values()
	p.QueueURL = qv.Encode()
	for _, k := range slices.Sorted(maps.Keys(qv)) {
		p.Hidden = append(p.Hidden, hiddenField{k, qv.Get(k)})
	}
	code := http.StatusOK
	if err != nil {
		p.Error = err.Error()
		s.render(w, http.StatusBadRequest, "annotate.html", p)
		return
	}
	ctx := r.Context()
	if pair := v.Get("pair"); pair != "" {
		p.Item, err = s.ws.Item(ctx, parsePair(pair), p.Coder)
		if errors.Is(err, unpv.ErrNotFound) {
			p.Error, err = "no such pair in the store: "+pair, nil
			code = http.StatusNotFound
		}
		if v.Get("undone") == "1" && p.Item != nil {
			p.Notice = "Undone: your last coding was taken back; code this pair again or skip it."
		}
		if err == nil && p.Item != nil && q.Order == OrderRandom {
			var drawn bool
			if drawn, err = s.ws.Drawn(ctx, q, p.Coder, p.Item.Pair); err == nil && !drawn {
				p.Notice = strings.TrimSpace(p.Notice + " " + notDrawnNotice(q))
			}
		}
	} else {
		p.Item, err = s.ws.Next(ctx, q, p.Coder)
		if kept := v.Get("kept"); err == nil && kept != "" {
			p.Notice = s.keptNotice(ctx, parsePair(kept), p.Coder)
		} else if gone := v.Get("undone-elsewhere"); err == nil && gone != "" {
			p.Notice = s.undoneNotice(ctx, parsePair(gone), p.Coder)
		}
	}
	if err == nil {
		p.Progress, err = s.ws.Progress(ctx, q, p.Coder)
	}
	if errors.Is(err, ErrBadQueue) {
		p.Error, err, code = err.Error(), nil, http.StatusBadRequest
	}
	if err != nil {
		slog.Error("annotate: queue", "err", err)
		s.fail(w, r, http.StatusInternalServerError, "internal error")
		return
	}
	if p.Item != nil {
		p.Segments = segments(p.Item.Sentence, p.Item.Mentions)
		p.ShowMine = p.Item.Mine != nil
	}
	s.render(w, code, "annotate.html", p)
}

// keptNotice tells a coder that a pair she coded in another tab was not
// coded again, naming her coding that stands; "" unless she has one (the
// pair comes from the URL).
func (s *server) keptNotice(ctx context.Context, p Pair, coder string) string {
	it, err := s.ws.Item(ctx, p, coder)
	if err != nil || it.Mine == nil {
		return ""
	}
	act := "skipped it"
	switch {
	case it.Mine.Label != "":
		act = "labelled it " + string(it.Mine.Label)
	case it.MyLabel != nil:
		act = "labelled it " + string(it.MyLabel.Label) + ", then skipped it, which leaves the label standing"
	}
	return "Not recorded: you had coded " + PairID(it.SentenceID, it.Target) + " meanwhile, in another tab or window (you " +
		act + "); that stands. Open the pair (or undo) to change it."
}

// undoneNotice tells a coder that a form of hers was not recorded because
// her coding of the pair it showed was undone meanwhile; "" unless she has
// no coding of it now (the pair comes from the URL).
func (s *server) undoneNotice(ctx context.Context, p Pair, coder string) string {
	it, err := s.ws.Item(ctx, p, coder)
	if err != nil || it.Mine != nil {
		return ""
	}
	return "Not recorded: your coding of " + PairID(it.SentenceID, it.Target) +
		" was undone meanwhile, in another tab or window, so this form was out of date. Open the pair to code it again."
}

// segments cuts a sentence at its marked spans (sorted, overlaps merged,
// spans off the text or off character boundaries dropped).
func segments(text string, spans []Span) []segment {
	var out []segment
	spans = slices.Clone(spans)
	slices.SortFunc(spans, func(a, b Span) int { return a.Start - b.Start })
	at := 0
	for _, sp := range spans {
		if sp.Start < at || sp.End <= sp.Start || sp.End > len(text) ||
			!utf8.RuneStart(text[sp.Start]) || (sp.End < len(text) && !utf8.RuneStart(text[sp.End])) {
			continue
		}
		if sp.Start > at {
			out = append(out, segment{Text: text[at:sp.Start]})
		}
		out = append(out, segment{Text: text[sp.Start:sp.End], Mark: true})
		at = sp.End
	}
	if at < len(text) {
		out = append(out, segment{Text: text[at:]})
	}
	return out
}

// parsePair reads a pair parameter, "SENTENCE_ID:TARGET" (PairID).
func parsePair(s string) Pair {
	p, _ := ParsePairID(s)
	if t, ok := un.CanonicalOrganisation(p.Target); ok {
		p.Target = t // as codings and queues name it
	}
	return p
}

func (s *server) code(w http.ResponseWriter, r *http.Request, coder, _ string) {
	f := r.PostForm
	q, err := ParseQueue(f)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	p := parsePair(f.Get("pair"))
	c := unpv.Coding{SentenceID: p.SentenceID, Target: p.Target, Coder: coder,
		Note: strings.TrimSpace(f.Get("note")), Queue: q.String()}
	switch l := f.Get("label"); {
	case l == "skip":
	case unpv.Label(l).Index() >= 0:
		c.Label = unpv.Label(l)
	default:
		s.fail(w, r, http.StatusBadRequest, "label must be recognition, counter, neutral or skip")
		return
	}
	if len(c.Note) > MaxNote {
		s.fail(w, r, http.StatusBadRequest, fmt.Sprintf("note longer than %d bytes", MaxNote))
		return
	}
	if c.SentenceID == "" || c.Target == "" {
		s.fail(w, r, http.StatusBadRequest, "which pair? give pair=SENTENCE_ID:TARGET")
		return
	}
	// The form says which of the coder's acts on the pair it showed
	// (seen, 0: none). Another since means the pair was coded meanwhile in
	// another tab or window of the same queue, which showed it too: that
	// label stands, and the coder goes on to the next pair, told so.
	if seen := f.Get("seen"); seen != "" {
		it, err := s.ws.Item(r.Context(), p, coder)
		if err != nil {
			s.writeFailed(w, r, err)
			return
		}
		var mine int64
		if it.Mine != nil {
			mine = it.Mine.ID
		}
		if strconv.FormatInt(mine, 10) != seen {
			// The coding the form showed was undone meanwhile (none of
			// hers is left): say so, rather than drop the label silently.
			param := "kept"
			if mine == 0 {
				param = "undone-elsewhere"
			}
			http.Redirect(w, r, queuePage(q, param, PairID(c.SentenceID, c.Target)), http.StatusSeeOther)
			return
		}
	}
	// A random queue's codings are its sample, whose accuracy and kappa a
	// paper reports: a pair it did not draw (opened by its URL) is recorded
	// as hand-picked, outside the sample. It entered the sample, and with
	// it the pairs a coder chose.
	if q.Order == OrderRandom {
		drawn, err := s.ws.Drawn(r.Context(), q, coder, p)
		if err != nil {
			s.writeFailed(w, r, err)
			return
		}
		if !drawn {
			c.Queue = QueueHandPicked
		}
	}
	if _, err := s.ws.Code(r.Context(), c); err != nil {
		s.writeFailed(w, r, err)
		return
	}
	http.Redirect(w, r, queuePage(q), http.StatusSeeOther)
}

// QueueHandPicked is the queue a coding records when its pair was opened
// by its URL on a random queue that had not drawn it: outside the sample.
const QueueHandPicked = "pair"

// notDrawnNotice tells a coder that the pair she opened is not one the
// random queue drew, so that her coding is not counted in its sample.
func notDrawnNotice(q Queue) string {
	return fmt.Sprintf("This pair is not one the random sample %q has drawn (it was opened by its address): your coding is recorded as hand-picked (queue %q), outside the sample, whose accuracy and agreement count only the pairs it drew.",
		q.String(), QueueHandPicked)
}

func (s *server) writeFailed(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, ErrBadCoding) || errors.Is(err, unpv.ErrNotFound) {
		s.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	slog.Error("annotate: write", "err", err)
	s.fail(w, r, http.StatusInternalServerError, "internal error")
}

func (s *server) undo(w http.ResponseWriter, r *http.Request, coder, _ string) {
	q, _ := ParseQueue(r.PostForm)
	c, err := s.ws.Undo(r.Context(), coder)
	if errors.Is(err, unpv.ErrNotFound) {
		http.Redirect(w, r, queuePage(q), http.StatusSeeOther)
		return
	}
	if err != nil {
		s.writeFailed(w, r, err)
		return
	}
	if c.Adjudication {
		http.Redirect(w, r, "/annotate/stats#disagreements", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, queuePage(q, "pair", PairID(c.SentenceID, c.Target), "undone", "1"), http.StatusSeeOther)
}

func (s *server) adjudicate(w http.ResponseWriter, r *http.Request, coder, _ string) {
	p := parsePair(r.PostForm.Get("pair"))
	c := unpv.Coding{SentenceID: p.SentenceID, Target: p.Target, Coder: coder, Label: unpv.Label(r.PostForm.Get("label")),
		Adjudication: true, Queue: "adjudication"}
	if c.Label.Index() < 0 || c.SentenceID == "" || c.Target == "" {
		s.fail(w, r, http.StatusBadRequest, "adjudication needs a pair and a label")
		return
	}
	// An adjudication settles two coders' differing labels: the stats page
	// offers it on those only, and a form sent by hand for a pair nobody
	// (or one coder, or coders who agree) labelled put a third kind of
	// hand label in the reports, one no coder's label backs and no
	// agreement figure counts.
	st, err := s.ws.Stats(r.Context())
	if err != nil {
		s.writeFailed(w, r, err)
		return
	}
	if !slices.ContainsFunc(st.Disagreements, func(d Disagreement) bool { return d.Pair == p }) {
		s.fail(w, r, http.StatusBadRequest, "nothing to adjudicate: "+PairID(p.SentenceID, p.Target)+
			" has no two coders' labels that differ (label it on /annotate?pair=…, or adjudicate a pair listed on /annotate/stats)")
		return
	}
	if _, err := s.ws.Code(r.Context(), c); err != nil {
		s.writeFailed(w, r, err)
		return
	}
	http.Redirect(w, r, "/annotate/stats#disagreements", http.StatusSeeOther)
}

func (s *server) statsPage(w http.ResponseWriter, r *http.Request) {
	p := s.base(r, "Agreement")
	if !s.loggedIn(w, r, p) {
		return
	}
	st, err := s.ws.Stats(r.Context())
	if err != nil {
		slog.Error("annotate: stats", "err", err)
		s.fail(w, r, http.StatusInternalServerError, "internal error")
		return
	}
	p.Stats = &st
	s.render(w, http.StatusOK, "stats.html", p)
}

func (s *server) codebookPage(w http.ResponseWriter, r *http.Request) {
	p := s.base(r, "Codebook")
	p.Codebook, p.Hash = Codebook, CodebookSHA256
	s.render(w, http.StatusOK, "codebook.html", p)
}
