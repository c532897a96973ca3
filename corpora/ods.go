package corpora

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/unpv/unpv/un"
)

// DefaultODSBase is the Official Document System, which serves verbatim
// records by symbol and redirects to the PDF.
const DefaultODSBase = "https://documents.un.org"

// ODS downloads verbatim-record PDFs by symbol from the Official Document
// System into the raw store.
type ODS struct {
	Client *Client
	Raw    *RawStore
	Base   string // DefaultODSBase; tests point it at an httptest server
	Lang   string // "en" (also fr, es, ru, ar, zh)
}

// Download is the outcome of one fetch of a record PDF; the store keeps it
// as the source's provenance.
type Download struct {
	Symbol       string    `json:"symbol"`
	URL          string    `json:"url"`       // requested
	FinalURL     string    `json:"final_url"` // after redirects
	SHA256       string    `json:"sha256"`
	Path         string    `json:"path"` // raw file relative to the data directory
	Bytes        int       `json:"bytes"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	FetchedAt    time.Time `json:"fetched_at"`
	// NotModified: the server answered 304 to the conditional request built
	// from the previous download; SHA256, Path, ETag and LastModified are the
	// previous ones and nothing was written.
	NotModified bool `json:"not_modified,omitempty"`
}

// URL is the ODS address of a symbol's PDF.
func (o *ODS) URL(symbol string) string {
	base := o.Base
	if base == "" {
		base = DefaultODSBase
	}
	lang := o.Lang
	if lang == "" {
		lang = "en"
	}
	q := url.Values{"s": {un.ODSSymbol(symbol)}, "l": {lang}, "t": {"pdf"}}
	return strings.TrimRight(base, "/") + "/api/symbol/access?" + q.Encode()
}

// Fetch downloads the PDF of symbol. An HTML landing page that links or
// embeds a PDF is followed once, conditionally too. With prev (the last Download of the
// same symbol) the request is conditional; a 304 yields prev with
// NotModified set and a nil error. Errors wrap unpv.ErrNotFound, ErrChallenge
// (an HTML or WAF page instead of a PDF: mark the source for retry),
// ErrTooLarge, ErrTruncated or an *HTTPError; nothing is stored then.
func (o *ODS) Fetch(ctx context.Context, symbol string, prev *Download) (Download, error) {
	d, body, err := o.get(ctx, symbol, prev)
	if err != nil || d.NotModified {
		return d, err
	}
	return o.keep(d, body)
}

// get asks ODS for symbol's PDF as Fetch does, and gives the Download
// without its file and the PDF (nil when not modified), storing nothing:
// keep stores it.
func (o *ODS) get(ctx context.Context, symbol string, prev *Download) (Download, []byte, error) {
	sym, _ := un.CanonicalSymbol(symbol)
	req := Request{URL: o.URL(sym), Expect: ExpectPDF}
	if prev != nil && prev.SHA256 != "" && o.Raw.Has(prev.SHA256, "pdf") {
		req.ETag, req.LastModified = prev.ETag, prev.LastModified
	}
	resp, err := o.Client.Get(ctx, req)
	if errors.Is(err, ErrChallenge) && resp != nil && len(resp.Body) > 0 && resp.Header.Get("X-Amzn-Waf-Action") == "" {
		// docs.un.org-style landing pages embed or link the PDF (the
		// un-scraper rule: first a[href*=".pdf"], else iframe[src]). Follow
		// one such link; what comes back must itself be a PDF.
		// The PDF's validators go with it: they are the PDF's, and
		// until 2026-12-07 the PDF behind a landing page was downloaded
		// whole on every run.
		if link := pdfLink(resp); link != "" {
			next, err2 := o.Client.Get(ctx, Request{URL: link, Expect: ExpectPDF, ETag: req.ETag, LastModified: req.LastModified})
			if err2 != nil && !(errors.Is(err2, ErrNotModified) && next != nil) {
				// The landing page was the site answering, not refusing:
				// the download's outcome is what its link met, alone.
				// Wrapping the page's ErrChallenge too made a network
				// error there both a refusal and the site's failure,
				// counted twice by FetchPDFs.
				return Download{Symbol: sym, URL: req.URL}, nil, fmt.Errorf("ods %s: following the landing page's link %s: %w", sym, link, err2)
			}
			resp, err = next, err2
		}
	}
	if errors.Is(err, ErrNotModified) && (prev == nil || (req.ETag == "" && req.LastModified == "")) {
		// 304 to an unconditional request: nothing to reuse.
		return Download{Symbol: sym, URL: req.URL}, nil, fmt.Errorf("ods %s: HTTP 304 to an unconditional request: %w", sym, ErrNotModified)
	}
	if errors.Is(err, ErrNotModified) {
		d := *prev
		d.NotModified = true
		d.FetchedAt = resp.FetchedAt
		d.URL, d.FinalURL = req.URL, resp.FinalURL
		return d, nil, nil
	}
	if err != nil {
		return Download{Symbol: sym, URL: req.URL}, nil, fmt.Errorf("ods %s: %w", sym, err)
	}
	return Download{
		Symbol: sym, URL: req.URL, FinalURL: resp.FinalURL, Bytes: len(resp.Body),
		ETag: resp.ETag, LastModified: resp.LastModified, FetchedAt: resp.FetchedAt,
	}, resp.Body, nil
}

// keep stores pdf, the body get gave with d, in the raw store and gives d
// with its file.
func (o *ODS) keep(d Download, pdf []byte) (Download, error) {
	sha, path, err := o.Raw.Put(bytes.NewReader(pdf), "pdf")
	if err != nil {
		return Download{Symbol: d.Symbol, URL: d.URL}, fmt.Errorf("ods %s: %w", d.Symbol, err)
	}
	d.SHA256, d.Path = sha, path
	return d, nil
}

// pdfLink finds the document a landing page links or embeds, resolved
// against the page's address; "" when there is none.
func pdfLink(resp *Response) string {
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(resp.Body))
	if err != nil {
		return ""
	}
	var ref string
	doc.Find("a[href]").EachWithBreak(func(_ int, a *goquery.Selection) bool {
		h := a.AttrOr("href", "")
		if strings.Contains(strings.ToLower(h), ".pdf") {
			ref = h
			return false
		}
		return true
	})
	if ref == "" {
		ref = strings.TrimSpace(doc.Find("iframe[src], embed[src]").First().AttrOr("src", ""))
	}
	if ref == "" {
		return ""
	}
	base, err := url.Parse(resp.FinalURL)
	if err != nil {
		return ""
	}
	u, err := base.Parse(strings.TrimSpace(ref))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	return u.String()
}
