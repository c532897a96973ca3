// Package hostcheck refuses HTTP requests whose Host header is not one of
// the server's own names. A server on loopback is reachable from any web
// page the machine's browser opens: a page whose own name its DNS
// rebinds to 127.0.0.1 reads the answers as its own origin's, and only the
// Host header, which keeps the page's name, tells it apart.
package hostcheck

import (
	"net"
	"net/http"
	"strings"
)

// Loopback returns the names a server listening on host (a loopback
// address or "localhost", as given to --addr) answers to: this machine's
// loopback names and host itself.
func Loopback(host string) []string {
	return []string{"localhost", "127.0.0.1", "::1", host}
}

// Allowed reports whether the Host header host (with or without its port)
// is one of hosts, in any case; every host is allowed when hosts is empty.
func Allowed(hosts []string, host string) bool {
	if len(hosts) == 0 {
		return true
	}
	name := host
	if h, _, err := net.SplitHostPort(host); err == nil {
		name = h
	} else if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
		name = host[1 : len(host)-1] // an IPv6 address on the scheme's port: [::1]
	}
	for _, a := range hosts {
		if strings.EqualFold(a, host) || strings.EqualFold(a, name) {
			return true
		}
	}
	return false
}

// Handler serves next the requests whose Host is one of hosts (Allowed),
// and answers the others 421 Misdirected Request.
func Handler(hosts []string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !Allowed(hosts, r.Host) {
			Refuse(w)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Refuse answers a request for an unknown host.
func Refuse(w http.ResponseWriter) {
	http.Error(w, "unknown host: open this page by the address unpv serve printed", http.StatusMisdirectedRequest)
}
