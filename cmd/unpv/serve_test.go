package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a goroutine-safe writer for the server's stderr.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func TestServe(t *testing.T) {
	data := searchData(t)
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	var errOut lockedBuffer
	oldErr := stderr
	stderr = &errOut
	defer func() { stderr = oldErr }()
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"--data", data, "serve", "--addr", addr}) }()

	base := "http://" + addr
	var res *http.Response
	var err error
	for i := 0; i < 100; i++ {
		if res, err = http.Get(base + "/api/search?q=" + url.QueryEscape(`"African Union"`) + "&delegation=NER"); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		cancel()
		t.Fatalf("server never answered: %v\n%s", err, errOut.b.String())
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var out struct {
		Total int
		Hits  []struct{ Delegation string }
	}
	if res.StatusCode != 200 || json.Unmarshal(body, &out) != nil || out.Total == 0 {
		t.Errorf("api: %d %s", res.StatusCode, body)
	}
	for _, h := range out.Hits {
		if h.Delegation != "NER" {
			t.Errorf("filter leaked %s", h.Delegation)
		}
	}
	res, err = http.Get(base + "/?q=ECOWAS")
	if err != nil || res.StatusCode != 200 {
		t.Errorf("page: %v %v", err, res)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop on cancel")
	}
	if !strings.Contains(errOut.b.String(), fmt.Sprintf("http://%s/", addr)) {
		t.Errorf("no URL announced: %s", errOut.b.String())
	}
}

func TestServeUsage(t *testing.T) {
	for _, args := range [][]string{
		{"serve", "--addr", "nonsense"},
		{"serve", "--page-size", "0"},
		{"serve", "extra"},
	} {
		_, err := runCLI(t, append([]string{"--data", t.TempDir()}, args...)...)
		if code := exitCode(context.Background(), err); code != exitUsage {
			t.Errorf("%v: exit %d (%v)", args, code, err)
		}
	}
}

// TestServeDelegationPages: `unpv serve` on the demo's store serves a page
// per delegation beside the search page, and the search page links to it.
func TestServeDelegationPages(t *testing.T) {
	data := demoData(t)
	u := serveURL(t, data, "/delegation/RUS")
	base := strings.TrimSuffix(u, "/delegation/RUS")
	get := func(path string) (int, string) {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, body := get("/delegation/RUS"); code != 200 || !strings.Contains(body, `data-code="RUS"`) || !strings.Contains(body, `href="/"`) {
		t.Errorf("/delegation/RUS: %d %.200s", code, body)
	}
	if code, _ := get("/delegation/XXX"); code != http.StatusNotFound {
		t.Errorf("/delegation/XXX: %d, want 404", code)
	}
	if code, body := get("/?q=CSTO&delegation=RUS"); code != 200 || !strings.Contains(body, `href="/delegation/RUS"`) {
		t.Errorf("search page does not link the delegation page: %d", code)
	}
}
