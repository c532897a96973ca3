package index

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/unpv/unpv/internal/chromiumtest"
)

// cdp is a minimal Chrome DevTools Protocol client over --remote-debugging-pipe
// (fd 3: commands to the browser, fd 4: replies and events, NUL-separated JSON).
type cdp struct {
	w       *os.File
	mu      sync.Mutex
	id      int
	pending map[int]chan cdpMsg
	events  chan cdpMsg
	session string
}

type cdpMsg struct {
	ID        int             `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct{ Message string }
	SessionID string `json:"sessionId,omitempty"`
}

func startChromium(t *testing.T) *cdp {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	bin := chromiumtest.Find(t)
	toBrowserR, toBrowserW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	fromBrowserR, fromBrowserW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, chromiumtest.Args(t, "--remote-debugging-pipe", "--window-size=1280,1000", "about:blank")...)
	cmd.ExtraFiles = []*os.File{toBrowserR, fromBrowserW}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Skipf("cannot start %s: %v", bin, err)
	}
	toBrowserR.Close()
	fromBrowserW.Close()
	c := &cdp{w: toBrowserW, pending: map[int]chan cdpMsg{}, events: make(chan cdpMsg, 256)}
	go func() {
		r := bufio.NewReader(fromBrowserR)
		for {
			b, err := r.ReadBytes(0)
			if err != nil {
				close(c.events)
				return
			}
			var m cdpMsg
			if json.Unmarshal(b[:len(b)-1], &m) != nil {
				continue
			}
			if m.ID != 0 {
				c.mu.Lock()
				ch := c.pending[m.ID]
				delete(c.pending, m.ID)
				c.mu.Unlock()
				if ch != nil {
					ch <- m
				}
				continue
			}
			select {
			case c.events <- m:
			default: // nobody waits for this event
			}
		}
	}()
	t.Cleanup(func() {
		toBrowserW.Close()
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("chromium stderr:\n%s", stderr.String())
		}
	})
	return c
}

func (c *cdp) call(t *testing.T, method string, params any, result any) {
	t.Helper()
	if err := c.do(method, params, result); err != nil {
		t.Fatal(err)
	}
}

// do sends one command and waits for its reply; errors name the method.
func (c *cdp) do(method string, params any, result any) error {
	c.mu.Lock()
	c.id++
	id := c.id
	ch := make(chan cdpMsg, 1)
	c.pending[id] = ch
	c.mu.Unlock()
	msg := map[string]any{"id": id, "method": method, "params": params}
	if c.session != "" && !strings.HasPrefix(method, "Target.") {
		msg["sessionId"] = c.session
	}
	b, _ := json.Marshal(msg)
	if _, err := c.w.Write(append(b, 0)); err != nil {
		return fmt.Errorf("%s: %v", method, err)
	}
	select {
	case m := <-ch:
		if m.Error != nil {
			return fmt.Errorf("%s: %s", method, m.Error.Message)
		}
		if result != nil {
			if err := json.Unmarshal(m.Result, result); err != nil {
				return fmt.Errorf("%s: %v", method, err)
			}
		}
		return nil
	case <-time.After(30 * time.Second):
		return fmt.Errorf("%s: no reply from chromium", method)
	}
}

// eval runs JavaScript in the page and decodes its (JSON-serialisable) value.
func (c *cdp) eval(t *testing.T, expr string, out any) {
	t.Helper()
	// A page that has just loaded may still be swapped for the navigation's
	// final document (Chromium then answers "target navigated" or the
	// expression sees a half-built DOM): retry for a while before failing.
	var last string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var r struct {
			Result struct {
				Value json.RawMessage `json:"value"`
			} `json:"result"`
			ExceptionDetails *struct {
				Text      string
				Exception *struct{ Description string }
			} `json:"exceptionDetails"`
		}
		if err := c.do("Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &r); err != nil {
			last = err.Error()
			continue
		}
		if e := r.ExceptionDetails; e != nil {
			last = e.Text
			if e.Exception != nil {
				last += " " + e.Exception.Description
			}
			continue
		}
		if out != nil {
			if err := json.Unmarshal(r.Result.Value, out); err != nil {
				t.Fatalf("eval %q: %v (%s)", expr, err, r.Result.Value)
			}
		}
		return
	}
	t.Fatalf("eval %q: %s", expr, last)
}

// waitFor polls a boolean expression, so the test waits for navigations
// without sleeping a fixed time.
func (c *cdp) waitFor(t *testing.T, expr string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		// While the page navigates, Chromium answers "Inspected target
		// navigated or closed": that is "not yet", not a failure.
		var r struct {
			Result struct {
				Value bool `json:"value"`
			} `json:"result"`
		}
		err := c.do("Runtime.evaluate", map[string]any{"expression": "(() => { try { return !!(" + expr + ") } catch (e) { return false } })()", "returnByValue": true}, &r)
		if err == nil && r.Result.Value {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	var html string
	c.eval(t, "document.location.href + '\\n' + document.body.innerText.slice(0, 2000)", &html)
	t.Fatalf("timed out waiting for %s; page:\n%s", expr, html)
}

func (c *cdp) click(t *testing.T, selector string) {
	t.Helper()
	var box struct{ X, Y float64 }
	c.eval(t, fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.scrollIntoView({block: "center"});
		const r = e.getBoundingClientRect(); return {X: r.x + r.width/2, Y: r.y + r.height/2} })()`, selector), &box)
	for _, typ := range []string{"mouseMoved", "mousePressed", "mouseReleased"} {
		c.call(t, "Input.dispatchMouseEvent", map[string]any{"type": typ, "x": box.X, "y": box.Y, "button": "left", "clickCount": 1}, nil)
	}
}

// TestBrowser drives the search page in headless Chromium like a user: type
// a query, press Enter, click a facet, and check the highlighted hits.
// UNPV_SCREENSHOT=file.png saves a screenshot of the final page.
func TestBrowser(t *testing.T) {
	ix, _ := sharedIndex(t)
	srv := httptest.NewServer(NewHandler(ix, HandlerOptions{}))
	defer srv.Close()
	c := startChromium(t)

	var target struct{ TargetID string }
	c.call(t, "Target.createTarget", map[string]any{"url": "about:blank"}, &target)
	var att struct{ SessionID string }
	c.call(t, "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &att)
	c.session = att.SessionID
	c.call(t, "Page.enable", nil, nil)
	c.call(t, "Page.navigate", map[string]any{"url": srv.URL + "/"}, nil)
	c.waitFor(t, `document.readyState === "complete" && document.querySelector("#q")`)

	// Type the query into the box and press Enter.
	c.click(t, "#q")
	c.call(t, "Input.insertText", map[string]any{"text": `"African Union"`}, nil)
	for _, typ := range []string{"keyDown", "keyUp"} {
		c.call(t, "Input.dispatchKeyEvent", map[string]any{"type": typ, "key": "Enter", "code": "Enter",
			"windowsVirtualKeyCode": 13, "nativeVirtualKeyCode": 13, "text": "\r"}, nil)
	}
	c.waitFor(t, `location.search.includes("African") && document.readyState === "complete" && document.querySelector("#summary")`)
	var first struct {
		Hits, Marks int
		Summary     string
		Mark        string
	}
	c.eval(t, `({Hits: document.querySelectorAll(".hit").length, Marks: document.querySelectorAll(".hit mark").length,
		Summary: document.querySelector("#summary").textContent, Mark: (document.querySelector(".hit mark")||{}).textContent})`, &first)
	// "African Union" also finds the AU's other names (the Organization of
	// African Unity, AU…): a mark is part of one of them.
	if first.Hits == 0 || first.Marks < first.Hits || first.Mark == "" || !strings.Contains(strings.Join(orgNames("AU"), " | "), first.Mark) {
		t.Fatalf("after typing the query: %+v", first)
	}

	// Apply the first delegation facet by clicking it.
	var facet struct{ Term, Href string }
	c.eval(t, `(() => { const a = document.querySelector('[data-facet="delegation"] a'); return {Term: a.textContent, Href: a.getAttribute("href")} })()`, &facet)
	c.click(t, `[data-facet="delegation"] a`)
	c.waitFor(t, `location.search.includes("delegation=") && document.readyState === "complete" && document.querySelector("#summary")`)
	var after struct {
		Codes   []string
		Marks   int
		Query   string
		Summary string
		Chip    string
	}
	c.eval(t, `({Codes: [...document.querySelectorAll(".hit .code")].map(e => e.textContent),
		Marks: document.querySelectorAll(".hit mark").length, Query: document.querySelector("#q").value,
		Summary: document.querySelector("#summary").textContent, Chip: (document.querySelector(".chip")||{}).textContent})`, &after)
	if len(after.Codes) == 0 || after.Marks == 0 || after.Query != `"African Union"` || !strings.Contains(after.Chip, facet.Term) {
		t.Fatalf("after clicking facet %+v: %+v", facet, after)
	}
	for _, code := range after.Codes {
		if code != facet.Term {
			t.Errorf("facet %s shows a hit from %s", facet.Term, code)
		}
	}
	if after.Summary == first.Summary {
		t.Errorf("facet did not narrow the results: %q", after.Summary)
	}
	t.Logf("typed query: %s; facet %s: %s", first.Summary, facet.Term, after.Summary)

	if path := os.Getenv("UNPV_SCREENSHOT"); path != "" {
		var shot struct{ Data string }
		c.call(t, "Page.captureScreenshot", map[string]any{"format": "png"}, &shot)
		b, err := base64.StdEncoding.DecodeString(shot.Data)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_ = context.Background
}
