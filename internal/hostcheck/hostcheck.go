// Package hostcheck refuses HTTP requests whose Host header is not one of
// the server's own names. A server on loopback, or on a private network,
// is reachable from any web page a browser there opens: a page whose own
// name its DNS rebinds to the server's address reads the answers as its
// own origin's, and only the Host header, which keeps the page's name,
// tells it apart.
package hostcheck

import (
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
)

// loopbackNames returns the names a server listening on host (a loopback
// address or "localhost", as given to --addr) answers to: this machine's
// loopback names and host itself.
func loopbackNames(host string) []string {
	return []string{"localhost", "127.0.0.1", "::1", host}
}

// Serving is the policy of a server listening on host (--addr's host;
// loopback when that is a loopback address or "localhost"): on loopback
// this machine's loopback names, beyond it any IP address, "localhost",
// the machine's name and host when it is a name; and the names in allow
// (a proxy's, the team's DNS name), "*" for any host.
func Serving(host string, loopback bool, allow []string) Policy {
	if slices.Contains(allow, "*") {
		return Policy{}
	}
	if loopback {
		return Policy{Names: append(loopbackNames(host), allow...)}
	}
	names := append([]string{"localhost"}, allow...)
	if name, err := os.Hostname(); err == nil {
		names = append(names, name)
	}
	if host != "" && net.ParseIP(host) == nil {
		names = append(names, host) // --addr NAME:PORT
	}
	return Policy{Names: names, AnyIP: true}
}

// Policy is the Host headers a server answers.
type Policy struct {
	// Names are the host names and addresses served, in any case, with or
	// without a port.
	Names []string
	// AnyIP serves every IP address as well: a rebinding page's Host is
	// its own name, never an address.
	AnyIP bool
}

// Allows reports whether the Host header host is the policy's; an empty
// policy allows every host.
func (p Policy) Allows(host string) bool {
	if len(p.Names) == 0 && !p.AnyIP {
		return true
	}
	name := host
	if h, _, err := net.SplitHostPort(host); err == nil {
		name = h
	} else if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
		name = host[1 : len(host)-1] // an IPv6 address on the scheme's port: [::1]
	}
	if p.AnyIP && net.ParseIP(name) != nil {
		return true
	}
	for _, a := range p.Names {
		if strings.EqualFold(a, host) || strings.EqualFold(a, name) {
			return true
		}
	}
	return false
}

// Allowed reports whether the Host header host (with or without its port)
// is one of hosts, in any case; every host is allowed when hosts is empty.
func Allowed(hosts []string, host string) bool { return Policy{Names: hosts}.Allows(host) }

// Handler serves next the requests whose Host the policy allows, and
// answers the others 421 Misdirected Request.
func Handler(p Policy, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !p.Allows(r.Host) {
			Refuse(w)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Refuse answers a request for an unknown host.
func Refuse(w http.ResponseWriter) {
	http.Error(w, "unknown host: open this page by the address unpv serve printed (a name of your own: unpv serve --allow-host NAME)", http.StatusMisdirectedRequest)
}
