package corpora

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// ParseMirror reads the base URL of a mirror or a local replay of the UN
// sites (ClientOptions.Mirror): an absolute http or https URL, without query
// or fragment. A trailing slash is dropped.
func ParseMirror(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("mirror %q: want an http:// or https:// base URL such as http://127.0.0.1:8000", s)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("mirror %q: a base URL takes no query, fragment or user", s)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// MirrorURL is where a mirror based at base serves the address u of a UN
// site: base, then u's host, path and query
// (https://documents.un.org/api/symbol/access?s=… →
// http://127.0.0.1:8000/documents.un.org/api/symbol/access?s=…), the layout
// `wget --mirror` gives a copy of several hosts.
func MirrorURL(base, u *url.URL) *url.URL {
	m := *base
	m.RawPath = ""
	m.Path = base.Path + "/" + u.Host + u.Path
	if u.RawPath != "" {
		m.RawPath = base.EscapedPath() + "/" + u.Host + u.EscapedPath()
	}
	m.RawQuery = u.RawQuery
	return &m
}

// mirrorTransport sends every request for another host to the mirror
// (MirrorURL), so that the redirects a mirror replays (Location:
// https://documents.un.org/…), relative ones and the PDF links of landing
// pages go to the mirror too, and hands the response back as if the UN
// host had answered: the client, and the provenance it records, see UN
// addresses only.
type mirrorTransport struct {
	base *url.URL
	next http.RoundTripper
}

func (t *mirrorTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host == t.base.Host {
		return t.next.RoundTrip(req)
	}
	r := req.Clone(req.Context())
	r.URL = MirrorURL(t.base, req.URL)
	r.Host = ""
	resp, err := t.next.RoundTrip(r)
	if resp != nil {
		resp.Request = req
	}
	return resp, err
}

// withMirror returns hc with its transport sent to the mirror at base
// (hc itself is left alone).
func withMirror(hc *http.Client, base *url.URL) *http.Client {
	c := *hc
	next := c.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	c.Transport = &mirrorTransport{base: base, next: next}
	return &c
}
