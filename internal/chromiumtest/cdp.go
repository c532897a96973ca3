package chromiumtest

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// Browser is a headless Chromium driven through the Chrome DevTools
// Protocol over --remote-debugging-pipe (fd 3: commands to the browser,
// fd 4: replies and events, NUL-separated JSON), with one page open.
type Browser struct {
	w       *os.File
	mu      sync.Mutex
	id      int
	pending map[int]chan message
	session string
}

type message struct {
	ID        int             `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct{ Message string }
	SessionID string `json:"sessionId,omitempty"`
}

// Start starts Chromium with a blank page attached, or skips the test
// (-short, or no Chromium). The browser is killed when the test ends.
func Start(t *testing.T, extra ...string) *Browser {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	bin := Find(t)
	toBrowserR, toBrowserW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	fromBrowserR, fromBrowserW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	args := append([]string{"--remote-debugging-pipe", "--window-size=1280,1000"}, extra...)
	cmd := exec.Command(bin, Args(t, append(args, "about:blank")...)...)
	cmd.ExtraFiles = []*os.File{toBrowserR, fromBrowserW}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		Unavailable(t, "cannot start %s: %v", bin, err)
	}
	toBrowserR.Close()
	fromBrowserW.Close()
	b := &Browser{w: toBrowserW, pending: map[int]chan message{}}
	go func() {
		r := bufio.NewReader(fromBrowserR)
		for {
			line, err := r.ReadBytes(0)
			if err != nil {
				return
			}
			var m message
			if json.Unmarshal(line[:len(line)-1], &m) != nil || m.ID == 0 {
				continue // events: nobody waits for them
			}
			b.mu.Lock()
			ch := b.pending[m.ID]
			delete(b.pending, m.ID)
			b.mu.Unlock()
			if ch != nil {
				ch <- m
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
	var target struct{ TargetID string }
	b.Call(t, "Target.createTarget", map[string]any{"url": "about:blank"}, &target)
	var att struct{ SessionID string }
	b.Call(t, "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &att)
	b.session = att.SessionID
	b.Call(t, "Page.enable", nil, nil)
	return b
}

// Call sends one command and decodes its result into result (may be nil).
func (b *Browser) Call(t testing.TB, method string, params any, result any) {
	t.Helper()
	if err := b.Do(method, params, result); err != nil {
		t.Fatal(err)
	}
}

// Do is Call returning the error; errors name the method.
func (b *Browser) Do(method string, params any, result any) error {
	b.mu.Lock()
	b.id++
	id := b.id
	ch := make(chan message, 1)
	b.pending[id] = ch
	b.mu.Unlock()
	msg := map[string]any{"id": id, "method": method, "params": params}
	if b.session != "" && !strings.HasPrefix(method, "Target.") {
		msg["sessionId"] = b.session
	}
	line, _ := json.Marshal(msg)
	if _, err := b.w.Write(append(line, 0)); err != nil {
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

// Navigate opens url in the page.
func (b *Browser) Navigate(t testing.TB, url string) {
	t.Helper()
	b.Call(t, "Page.navigate", map[string]any{"url": url}, nil)
}

// Eval runs JavaScript in the page and decodes its (JSON-serialisable)
// value into out (may be nil).
func (b *Browser) Eval(t testing.TB, expr string, out any) {
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
		if err := b.Do("Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &r); err != nil {
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

// WaitFor polls a boolean expression, so that a test waits for
// navigations without sleeping a fixed time.
func (b *Browser) WaitFor(t testing.TB, expr string) {
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
		err := b.Do("Runtime.evaluate", map[string]any{"expression": "(() => { try { return !!(" + expr + ") } catch (e) { return false } })()", "returnByValue": true}, &r)
		if err == nil && r.Result.Value {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	var page string
	b.Eval(t, "document.location.href + '\\n' + document.body.innerText.slice(0, 2000)", &page)
	t.Fatalf("timed out waiting for %s; page:\n%s", expr, page)
}

// Click clicks the middle of the first element selector matches.
func (b *Browser) Click(t testing.TB, selector string) {
	t.Helper()
	var box struct{ X, Y float64 }
	b.Eval(t, fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.scrollIntoView({block: "center"});
		const r = e.getBoundingClientRect(); return {X: r.x + r.width/2, Y: r.y + r.height/2} })()`, selector), &box)
	for _, typ := range []string{"mouseMoved", "mousePressed", "mouseReleased"} {
		b.Call(t, "Input.dispatchMouseEvent", map[string]any{"type": typ, "x": box.X, "y": box.Y, "button": "left", "clickCount": 1}, nil)
	}
}

// keyCodes are the Windows virtual key codes of the special keys Press
// knows; letters and digits use their upper-case ASCII code.
var keyCodes = map[string]int{"Enter": 13, "Escape": 27, "Tab": 9}

// Press types one key as a user does: keyDown (with its text for a
// printable key), then keyUp.
func (b *Browser) Press(t testing.TB, key string) {
	t.Helper()
	down := map[string]any{"type": "keyDown", "key": key}
	if code, ok := keyCodes[key]; ok {
		down["windowsVirtualKeyCode"], down["nativeVirtualKeyCode"], down["code"] = code, code, key
		if key == "Enter" {
			down["text"] = "\r"
		}
	} else if len(key) == 1 {
		c := strings.ToUpper(key)[0]
		down["windowsVirtualKeyCode"], down["nativeVirtualKeyCode"], down["text"] = int(c), int(c), key
		if c >= 'A' && c <= 'Z' {
			down["code"] = "Key" + string(c)
		}
	}
	b.Call(t, "Input.dispatchKeyEvent", down, nil)
	b.Call(t, "Input.dispatchKeyEvent", map[string]any{"type": "keyUp", "key": key, "code": down["code"],
		"windowsVirtualKeyCode": down["windowsVirtualKeyCode"]}, nil)
}

// Type inserts text at the focus, as an input method does.
func (b *Browser) Type(t testing.TB, text string) {
	t.Helper()
	b.Call(t, "Input.insertText", map[string]any{"text": text}, nil)
}

// Screenshot saves what the window shows as PNG, without the blank below
// a page shorter than the window.
func (b *Browser) Screenshot(t testing.TB, path string) {
	t.Helper()
	var v struct{ X, Y, W, H float64 }
	b.Eval(t, `({X: scrollX, Y: scrollY, W: document.documentElement.clientWidth,
		H: Math.min(innerHeight, Math.ceil(document.body.getBoundingClientRect().bottom) + 16)})`, &v)
	var shot struct{ Data string }
	b.Call(t, "Page.captureScreenshot", map[string]any{"format": "png",
		"clip": map[string]any{"x": v.X, "y": v.Y, "width": v.W, "height": v.H, "scale": 1}}, &shot)
	png, err := base64.StdEncoding.DecodeString(shot.Data)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
}
