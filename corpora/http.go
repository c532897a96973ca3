package corpora

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/unpv/unpv"
)

// Sentinel errors of the HTTP client that callers act on. A missing
// document wraps unpv.ErrNotFound.
var (
	// ErrNotModified: the server answered 304 to a conditional request; the
	// copy the caller holds is current.
	ErrNotModified = errors.New("not modified")
	// ErrChallenge: an HTML page or a WAF challenge (AWS WAF
	// "x-amzn-waf-action") came back where a PDF or data was expected. Mark
	// the source for a later retry; never store the body as a record.
	ErrChallenge = errors.New("challenge or HTML page instead of the expected document")
	// ErrTooLarge: the response exceeds Client.MaxBytes.
	ErrTooLarge = errors.New("response too large")
	// ErrTruncated: the body ended before its Content-Length (retried; this
	// is what the last attempt saw).
	ErrTruncated = errors.New("truncated response body")
	// ErrRedirect: a redirect the client does not follow: a loop, more than
	// MaxRedirects hops, or from https to plain http. Not retried: the same
	// request is sent the same way.
	ErrRedirect = errors.New("redirect not followed")
)

// MaxRedirects is how many redirects one attempt follows.
const MaxRedirects = 10

// MaxRate is the most requests per second the command sends to the UN's
// own sites (`--rate`; a mirror is not capped): they serve everyone, and
// their terms ask robots for restraint. The client's default is 1.
const MaxRate = 2.0

// HTTPError is an unexpected HTTP status after retries (or a status that is
// not retried).
type HTTPError struct {
	URL        string
	StatusCode int
	RetryAfter time.Duration // from the last Retry-After header, 0 if none
}

func (e *HTTPError) Error() string {
	s := fmt.Sprintf("GET %s: HTTP %d %s", e.URL, e.StatusCode, http.StatusText(e.StatusCode))
	if e.RetryAfter > 0 {
		s += fmt.Sprintf(" (Retry-After %s)", e.RetryAfter)
	}
	return s
}

// DefaultUserAgent names the tool and where to read about it; ClientOptions.Contact adds an
// address so that site operators can reach whoever runs it.
const DefaultUserAgent = "unpv/1 (+https://github.com/unpv/unpv; research text mining of UN meeting records)"

// ClientOptions configures NewClient. Zero values take the defaults shown.
type ClientOptions struct {
	UserAgent     string        // DefaultUserAgent
	Contact       string        // e-mail or URL appended to the User-Agent: "contact: …"
	Rate          float64       // requests per second across all hosts: 1
	Burst         int           // 1
	MaxRetries    int           // retries after the first attempt: 4 (negative: none)
	BaseBackoff   time.Duration // first retry wait, doubled each time, less a random up to half (Client.Rand): 2s
	MaxBackoff    time.Duration // cap on one computed wait: 2m
	MaxRetryAfter time.Duration // longest Retry-After honoured; longer fails at once: 10m
	Timeout       time.Duration // per attempt, headers and body: 2m
	MaxBytes      int64         // response size cap: 64 MiB
	HTTPClient    *http.Client  // http.DefaultTransport with redirects followed
	Logger        *slog.Logger  // slog.Default()
	// Mirror, when set (ParseMirror), receives every request in the place
	// of its host (any host but the mirror's own), at MirrorURL: a mirror or
	// a local replay of the UN sites.
	Mirror *url.URL
}

// Client is a polite HTTP client for UN sites: one User-Agent, a shared
// rate limit, retries with exponential backoff honouring Retry-After on
// 429/503, conditional requests, per-attempt timeouts, a size cap and
// detection of challenge pages. It is safe for concurrent use; concurrent
// requests share the rate limit.
//
// It is hand-written rather than go-retryablehttp because the checks that
// decide a retry need the body (truncation against Content-Length, size cap,
// PDF magic bytes), the waits must go through an injectable clock so tests
// never sleep, and every retry must also pass the rate limiter.
type Client struct {
	opts    ClientOptions
	ua      string
	uaErr   error // a User-Agent no request can carry (CheckContact)
	limiter *rate.Limiter
	// notBefore is when the last Retry-After the client was given ends: no
	// request goes out before it, whichever URL it is for, so a request that
	// failed on its last attempt does not let the next one through at once.
	// heldBy is the answer that set it; when the wait is longer than
	// MaxRetryAfter, requests fail with it at once instead of waiting.
	mu        sync.Mutex
	notBefore time.Time
	heldBy    error
	// Now and Sleep are the clock; tests replace them.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
	// Rand draws the jitter of a backoff wait, in [0, 1): each wait is
	// its doubling step less up to half of it, so that the clients of
	// every cron job started at the same minute do not retry in step.
	// Tests replace it.
	Rand func() float64
}

// NewClient returns a client with the options' defaults filled in.
func NewClient(o ClientOptions) *Client {
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	if o.Rate <= 0 {
		o.Rate = 1
	}
	if o.Burst <= 0 {
		o.Burst = 1
	}
	if o.MaxRetries < 0 {
		o.MaxRetries = 0
	} else if o.MaxRetries == 0 {
		o.MaxRetries = 4
	}
	if o.BaseBackoff <= 0 {
		o.BaseBackoff = 2 * time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 2 * time.Minute
	}
	if o.MaxRetryAfter <= 0 {
		o.MaxRetryAfter = 10 * time.Minute
	}
	if o.Timeout <= 0 {
		o.Timeout = 2 * time.Minute
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = 64 << 20
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{}
	}
	if o.Mirror != nil {
		o.HTTPClient = withMirror(o.HTTPClient, o.Mirror)
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	ua := o.UserAgent
	if o.Contact != "" {
		if i := strings.LastIndexByte(ua, ')'); i >= 0 {
			ua = ua[:i] + "; contact: " + o.Contact + ua[i:]
		} else {
			ua += " (contact: " + o.Contact + ")"
		}
	}
	c := &Client{
		opts: o, ua: ua, uaErr: checkHeaderValue("User-Agent", ua),
		limiter: rate.NewLimiter(rate.Limit(o.Rate), o.Burst),
		Now:     time.Now,
		Sleep:   sleepCtx,
		Rand:    rand.Float64,
	}
	hc := *o.HTTPClient // the caller's client is left alone
	hc.CheckRedirect = c.checkRedirect(o.HTTPClient.CheckRedirect)
	c.opts.HTTPClient = &hc
	return c
}

// checkRedirect is the redirect policy: every hop is a request to a UN
// host and waits for the rate limiter as a first request does (net/http's
// own policy sent up to 10 hops at once, and a loop's error was retried
// as a network error, 50 requests in a burst of 10 per attempt); a loop,
// too many hops and a downgrade from https to http (but to the mirror's own
// host, ClientOptions.Mirror) stop with ErrRedirect. next, the caller's
// own policy, runs first.
func (c *Client) checkRedirect(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if next != nil {
			if err := next(req, via); err != nil {
				return err
			}
		}
		for _, v := range via {
			if v.URL.String() == req.URL.String() {
				return fmt.Errorf("%w: a loop back to %s", ErrRedirect, req.URL)
			}
		}
		if len(via) > MaxRedirects {
			return fmt.Errorf("%w: more than %d redirects", ErrRedirect, MaxRedirects)
		}
		from := via[len(via)-1].URL
		if from.Scheme == "https" && req.URL.Scheme == "http" && (c.opts.Mirror == nil || req.URL.Host != c.opts.Mirror.Host) {
			return fmt.Errorf("%w: from https to plain http (%s)", ErrRedirect, req.URL)
		}
		return c.wait(req.Context())
	}
}

// CheckContact reports whether s (ClientOptions.Contact) can go into the
// User-Agent header: a control character, such as a line break, cannot.
func CheckContact(s string) error {
	return checkHeaderValue("contact", s)
}

// checkHeaderValue refuses what net/http refuses in a header value: each
// request with it failed as a network error, retried four times, and
// counted as the site's failure.
func checkHeaderValue(name, v string) error {
	if i := strings.IndexFunc(v, func(r rune) bool { return r < ' ' && r != '\t' || r == 0x7f }); i >= 0 {
		return fmt.Errorf("%s %q: a control character (%q) cannot go into an HTTP header", name, v, v[i])
	}
	return nil
}

// UserAgent is the header value the client sends.
func (c *Client) UserAgent() string { return c.ua }

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Expect is what a request must return; a body of another kind is a
// challenge page.
type Expect int

// Kinds of expected bodies.
const (
	ExpectAny  Expect = iota
	ExpectPDF         // starts with %PDF- (within the first 1 KiB)
	ExpectHTML        // an HTML page, but not a WAF challenge
	ExpectXML         // XML (MARCXML), not HTML
)

// Request is one GET.
type Request struct {
	URL          string
	Accept       string // defaults by Expect
	Expect       Expect
	ETag         string // sends If-None-Match
	LastModified string // sends If-Modified-Since
}

// Response is a complete, checked response.
type Response struct {
	URL          string // requested
	FinalURL     string // after redirects
	StatusCode   int
	Header       http.Header
	Body         []byte
	ETag         string
	LastModified string
	ContentType  string
	Attempts     int
	FetchedAt    time.Time
}

// Get fetches req.URL. Errors: ErrNotModified on 304 (with the response),
// unpv.ErrNotFound on 404/410, ErrChallenge, ErrTooLarge, context errors at
// once; 429, 5xx, network errors (but a host name that does not resolve)
// and truncated bodies are retried up to MaxRetries times, after which the last error is returned (an *HTTPError or
// one wrapping ErrTruncated).
func (c *Client) Get(ctx context.Context, req Request) (*Response, error) {
	if c.uaErr != nil {
		return nil, c.uaErr
	}
	var lastErr error
	var retryAfter time.Duration
	for attempt := 1; ; attempt++ {
		if attempt > 1 {
			wait := c.backoff(attempt - 1)
			if retryAfter > wait {
				wait = retryAfter
			}
			c.opts.Logger.Debug("http retry", "url", req.URL, "attempt", attempt, "wait", wait, "err", lastErr)
			if err := c.Sleep(ctx, wait); err != nil {
				return nil, err
			}
		}
		if err := c.wait(ctx); err != nil {
			return nil, err
		}
		resp, err := c.once(ctx, req)
		if resp != nil {
			resp.Attempts = attempt
		}
		if err == nil {
			return resp, nil
		}
		retryable, ra := c.retryable(ctx, err)
		if !retryable {
			return resp, err
		}
		if ra > c.opts.MaxRetryAfter {
			err = fmt.Errorf("server asks to wait %s, more than the %s allowed: %w", ra, c.opts.MaxRetryAfter, err)
			c.holdUntil(c.Now().Add(ra), err)
			return resp, err
		}
		c.holdUntil(c.Now().Add(ra), err)
		lastErr, retryAfter = err, ra
		if attempt > c.opts.MaxRetries {
			return resp, fmt.Errorf("after %d attempts: %w", attempt, err)
		}
	}
}

// holdUntil keeps every request back until t (a Retry-After's end), which
// the answer err asked for.
func (c *Client) holdUntil(t time.Time, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.After(c.notBefore) {
		c.notBefore, c.heldBy = t, err
	}
}

// wait blocks until the last Retry-After has passed and the rate limiter
// allows one more request, on the client's clock. While a Retry-After
// longer than MaxRetryAfter lasts it fails at once with the answer that
// asked for it: the server said when it would take requests again, and
// until 2026-12-07 the next record's request went out a second later.
func (c *Client) wait(ctx context.Context) error {
	c.mu.Lock()
	hold, heldBy := c.notBefore.Sub(c.Now()), c.heldBy
	c.mu.Unlock()
	if hold > c.opts.MaxRetryAfter {
		return fmt.Errorf("not sent: %s of the server's Retry-After left: %w", hold.Round(time.Second), heldBy)
	}
	if hold > 0 {
		if err := c.Sleep(ctx, hold); err != nil {
			return err
		}
	}
	now := c.Now()
	r := c.limiter.ReserveN(now, 1)
	if !r.OK() {
		return fmt.Errorf("rate limiter: burst %d too small", c.opts.Burst)
	}
	return c.Sleep(ctx, r.DelayFrom(now))
}

// backoff is the wait before a retry: BaseBackoff doubled for each retry
// before it, capped at MaxBackoff, less a random part of up to half
// (Rand): until 2026-12-07 every client waited exactly 2, 4, 8, 16 s.
func (c *Client) backoff(retry int) time.Duration {
	d := c.opts.BaseBackoff
	for i := 1; i < retry && d < c.opts.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, c.opts.MaxBackoff)
	return d - time.Duration(c.Rand()*float64(d/2))
}

// retryable says whether err is worth another attempt and how long the
// server asked to wait.
func (c *Client) retryable(ctx context.Context, err error) (bool, time.Duration) {
	if ctx.Err() != nil {
		return false, 0
	}
	var he *HTTPError
	if errors.As(err, &he) {
		// 501: the server does not do what was asked, however often.
		if siteStatus(he.StatusCode) && he.StatusCode != http.StatusNotImplemented {
			return true, he.RetryAfter
		}
		return false, 0
	}
	switch {
	case errors.Is(err, ErrNotModified), errors.Is(err, unpv.ErrNotFound), errors.Is(err, ErrChallenge),
		errors.Is(err, ErrTooLarge), errors.Is(err, ErrRedirect), errors.Is(err, context.Canceled):
		return false, 0
	}
	// A host name that does not resolve (offline, a DNS answer that the
	// name does not exist, a wrong base URL) does not resolve seconds later:
	// retrying cost 30 s per request, 19 minutes under the lock for a saved
	// selection of 38 meetings. The next run tries again.
	var dns *net.DNSError
	if errors.As(err, &dns) && dns.IsNotFound {
		return false, 0
	}
	// Network errors, per-attempt timeouts and truncated bodies.
	return true, 0
}

// siteStatus reports whether an HTTP status says the server is failing or
// overloaded (5xx, 429 Too Many Requests, 408 Request Timeout) rather than
// answering about the one resource asked for (4xx).
func siteStatus(code int) bool {
	return code >= 500 || code == http.StatusTooManyRequests || code == http.StatusRequestTimeout
}

// once makes one attempt under the per-attempt timeout.
func (c *Client) once(ctx context.Context, req Request) (*Response, error) {
	actx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	hreq, err := http.NewRequestWithContext(actx, http.MethodGet, req.URL, nil)
	if err != nil {
		return nil, err
	}
	hreq.Header.Set("User-Agent", c.ua)
	accept := req.Accept
	if accept == "" {
		accept = map[Expect]string{
			ExpectPDF:  "application/pdf",
			ExpectHTML: "text/html,application/xhtml+xml",
			ExpectXML:  "application/xml,text/xml",
		}[req.Expect]
	}
	if accept != "" {
		hreq.Header.Set("Accept", accept)
	}
	if req.ETag != "" {
		hreq.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hreq.Header.Set("If-Modified-Since", req.LastModified)
	}
	hresp, err := c.opts.HTTPClient.Do(hreq)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("GET %s: %w", req.URL, err)
	}
	defer hresp.Body.Close()
	resp := &Response{
		URL: req.URL, FinalURL: hresp.Request.URL.String(), StatusCode: hresp.StatusCode, Header: hresp.Header,
		ETag: hresp.Header.Get("ETag"), LastModified: hresp.Header.Get("Last-Modified"),
		ContentType: hresp.Header.Get("Content-Type"), FetchedAt: c.Now().UTC(),
	}
	if a := strings.ToLower(hresp.Header.Get("X-Amzn-Waf-Action")); a != "" {
		return resp, fmt.Errorf("GET %s: %w (x-amzn-waf-action: %s, HTTP %d)", req.URL, ErrChallenge, a, hresp.StatusCode)
	}
	switch {
	case hresp.StatusCode == http.StatusNotModified:
		return resp, fmt.Errorf("GET %s: %w", req.URL, ErrNotModified)
	case hresp.StatusCode == http.StatusNotFound, hresp.StatusCode == http.StatusGone:
		return resp, fmt.Errorf("GET %s: HTTP %d: %w", req.URL, hresp.StatusCode, unpv.ErrNotFound)
	case hresp.StatusCode < 200 || hresp.StatusCode > 299:
		_, _ = io.Copy(io.Discard, io.LimitReader(hresp.Body, 64<<10)) // let the connection be reused
		return resp, &HTTPError{URL: req.URL, StatusCode: hresp.StatusCode, RetryAfter: parseRetryAfter(hresp.Header.Get("Retry-After"), c.Now())}
	}
	if hresp.ContentLength > c.opts.MaxBytes {
		return resp, fmt.Errorf("GET %s: %w: Content-Length %d > %d", req.URL, ErrTooLarge, hresp.ContentLength, c.opts.MaxBytes)
	}
	body, err := io.ReadAll(io.LimitReader(hresp.Body, c.opts.MaxBytes+1))
	if err != nil {
		if ctx.Err() != nil {
			return resp, ctx.Err()
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return resp, fmt.Errorf("GET %s: %w: %d of %d bytes", req.URL, ErrTruncated, len(body), hresp.ContentLength)
		}
		if errors.Is(err, context.DeadlineExceeded) {
			return resp, fmt.Errorf("GET %s: reading body: %w", req.URL, err)
		}
		// The connection failed mid-body (reset, a broken gzip stream): a
		// cut body, the site's failure (FailedSite). Until 2026-12-07 a
		// reset was neither ErrTruncated nor a *url.Error, so a site
		// resetting every download never counted as down.
		return resp, fmt.Errorf("GET %s: %w after %d bytes: %w", req.URL, ErrTruncated, len(body), err)
	}
	if int64(len(body)) > c.opts.MaxBytes {
		return resp, fmt.Errorf("GET %s: %w: more than %d bytes", req.URL, ErrTooLarge, c.opts.MaxBytes)
	}
	if hresp.ContentLength >= 0 && int64(len(body)) != hresp.ContentLength {
		return resp, fmt.Errorf("GET %s: %w: %d of %d bytes", req.URL, ErrTruncated, len(body), hresp.ContentLength)
	}
	resp.Body = body
	if err := checkKind(req.Expect, resp); err != nil {
		return resp, fmt.Errorf("GET %s: %w", req.URL, err)
	}
	return resp, nil
}

// checkKind rejects a body that is not what the caller expects: an HTML
// page (a WAF or cookie challenge, a login or error page) where a PDF or
// XML should be.
func checkKind(want Expect, r *Response) error {
	head := r.Body[:min(len(r.Body), 1024)]
	ct := strings.ToLower(r.ContentType)
	isHTML := strings.Contains(ct, "html") || looksHTML(head)
	switch want {
	case ExpectPDF:
		if len(r.Body) == 0 {
			// No page at all: the server's failure, not a challenge.
			return fmt.Errorf("%w: an empty body (HTTP %d)", ErrTruncated, r.StatusCode)
		}
		if !bytes.Contains(head, []byte("%PDF-")) {
			return fmt.Errorf("%w: Content-Type %q, %d bytes starting %q", ErrChallenge, r.ContentType, len(r.Body), snippet(head))
		}
		// A body sent without a length ends where the connection did: only
		// the trailer tells a whole PDF from a cut one (the extract stage's
		// rule too, which would quarantine what should be fetched again).
		if !bytes.Contains(r.Body[max(0, len(r.Body)-pdfTrailerWindow):], []byte("%%EOF")) {
			return fmt.Errorf("%w: a PDF of %d bytes without its %%%%EOF trailer", ErrTruncated, len(r.Body))
		}
	case ExpectXML:
		if isHTML && !bytes.Contains(head, []byte("<collection")) && !bytes.Contains(head, []byte("<record")) {
			return fmt.Errorf("%w: Content-Type %q, %d bytes starting %q", ErrChallenge, r.ContentType, len(r.Body), snippet(head))
		}
	case ExpectHTML:
		if r.StatusCode == http.StatusAccepted && len(r.Body) < 64<<10 {
			// AWS WAF and similar answer 202 with a small script page.
			return fmt.Errorf("%w: HTTP 202 with a %d-byte body", ErrChallenge, len(r.Body))
		}
	}
	return nil
}

// pdfTrailerWindow is how far from its end a whole PDF has its %%EOF.
const pdfTrailerWindow = 4096

func looksHTML(head []byte) bool {
	h := bytes.ToLower(bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n"))
	return bytes.HasPrefix(h, []byte("<!doctype html")) || bytes.HasPrefix(h, []byte("<html")) ||
		bytes.Contains(h, []byte("<script")) || bytes.Contains(h, []byte("<head"))
}

func snippet(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > 80 {
		s = s[:80]
	}
	return s
}

// parseRetryAfter reads a Retry-After value: delay-seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	switch {
	case err == nil && n >= 0 && n <= math.MaxInt64/int64(time.Second):
		return time.Duration(n) * time.Second
	case err == nil && n > 0, errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(v, "-"):
		// More seconds than a Duration holds: until 2026-12-07 the product
		// wrapped, and 9223372037 s read as a negative wait, retried at once.
		return math.MaxInt64
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}
