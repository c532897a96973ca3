package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv/index"
	"github.com/unpv/unpv/internal/htmlcheck"
	"github.com/unpv/unpv/pipeline"
)

// httpGet gets u: its status and body.
func httpGet(t *testing.T, u string) (int, string) {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

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

// startServe runs `unpv serve --addr ADDR [flags]` in this process with
// stderr captured, and returns the address and a function that stops it
// and returns what it wrote on stderr. flags are serve's or global ones.
func startServe(t *testing.T, data string, flags ...string) (addr string, stop func() string) {
	t.Helper()
	addr = freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	var errOut lockedBuffer
	oldErr := stderr
	stderr = &errOut
	done := make(chan error, 1)
	go func() { done <- run(ctx, append([]string{"--data", data, "serve", "--addr", addr}, flags...)) }()
	return addr, func() string {
		t.Helper()
		cancel()
		defer func() { stderr = oldErr }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve returned %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("serve did not stop on cancel")
		}
		errOut.mu.Lock()
		defer errOut.mu.Unlock()
		return errOut.b.String()
	}
}

func TestServe(t *testing.T) {
	data := searchData(t)
	addr, stop := startServe(t, data)

	base := "http://" + addr
	res := getWhenUp(t, base+"/api/search?q="+url.QueryEscape(`"African Union"`)+"&delegation=NER", stop)
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
	res, err := http.Get(base + "/?q=ECOWAS")
	if err != nil || res.StatusCode != 200 {
		t.Errorf("page: %v %v", err, res)
	}
	if out := stop(); !strings.Contains(out, fmt.Sprintf("http://%s/", addr)) {
		t.Errorf("no URL announced: %s", out)
	}
}

// TestServeRefusesUnknownHosts: every page answers only the server's own
// Host names, so that a web page elsewhere that rebinds its own name to the
// server's address cannot read the search API, the report or the
// delegation pages through the visitor's browser (only /annotate on
// loopback refused it: the search API answered 200 with Host:
// evil.example). On loopback those are this machine's loopback names;
// beyond it any IP address; on both, names given with --allow-host.
func TestServeRefusesUnknownHosts(t *testing.T) {
	data := searchData(t)
	paths := []string{"/", "/api/search?q=ECOWAS", "/api/speech/x", "/speech/x", "/report", "/delegation/NER", "/static/style.css", "/annotate", "/annotate/codebook"}
	check := func(t *testing.T, base string, refused, served []string) {
		t.Helper()
		for _, path := range paths {
			for _, host := range refused {
				if got := getHost(t, base+path, host); got != http.StatusMisdirectedRequest {
					t.Errorf("GET %s with Host %s: %d, want 421", path, host, got)
				}
			}
			for _, host := range served {
				if got := getHost(t, base+path, host); got == http.StatusMisdirectedRequest {
					t.Errorf("GET %s with Host %s: 421, want it served", path, host)
				}
			}
		}
	}
	t.Run("loopback", func(t *testing.T) {
		addr, stop := startServe(t, data, "--allow-host", "proxy.example")
		defer stop()
		getWhenUp(t, "http://"+addr+"/", stop).Body.Close()
		_, port, _ := net.SplitHostPort(addr)
		check(t, "http://"+addr,
			[]string{"evil.example:" + port, "evil.example", "127.0.0.1.evil.example:" + port, "10.0.0.5:" + port},
			[]string{addr, "localhost:" + port, "LOCALHOST:" + port, "proxy.example"})
	})
	t.Run("beyond", func(t *testing.T) {
		_, port, _ := net.SplitHostPort(freeAddr(t))
		_, stop := startServe(t, data, "--addr", "0.0.0.0:"+port, "--allow-host", "unpv.lab.example")
		defer stop()
		base := "http://127.0.0.1:" + port
		getWhenUp(t, base+"/", stop).Body.Close()
		check(t, base,
			[]string{"evil.example:" + port, "evil.example", "10.0.0.5.evil.example:" + port},
			[]string{"127.0.0.1:" + port, "10.0.0.5:" + port, "[fe80::1]:" + port, "localhost:" + port, "unpv.lab.example:" + port})
	})
}

// getHost gets u with the Host header host and returns the status.
func getHost(t *testing.T, u, host string) int {
	t.Helper()
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}

// getWhenUp gets u once the server started by startServe answers (stop
// stops it when it never does).
func getWhenUp(t *testing.T, u string, stop func() string) *http.Response {
	t.Helper()
	var err error
	for i := 0; i < 100; i++ {
		res, e := http.Get(u)
		if e == nil {
			return res
		}
		err = e
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("server never answered: %v\n%s", err, stop())
	return nil
}

// TestServePageSize: --page-size takes 1 to 100, as its usage error says,
// and the API's pages are that long (a mutant refusing 100 survived).
func TestServePageSize(t *testing.T) {
	data := searchData(t)
	for _, size := range []int{1, 100} {
		t.Run(strconv.Itoa(size), func(t *testing.T) {
			addr, stop := startServe(t, data, "--page-size", strconv.Itoa(size), "--annotate=false")
			res := getWhenUp(t, "http://"+addr+"/api/search", stop)
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			var out struct {
				Total int
				Hits  []json.RawMessage
			}
			// The server is stopped before any verdict: a Fatalf that left it
			// running would hold the package's redirected stderr.
			stop()
			if res.StatusCode != 200 || json.Unmarshal(body, &out) != nil || out.Total <= size {
				t.Fatalf("%d hits of %d: %d %.300s", len(out.Hits), out.Total, res.StatusCode, body)
			}
			if len(out.Hits) != size {
				t.Errorf("%d hits on a page, want --page-size %d", len(out.Hits), size)
			}
		})
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
// per delegation and the report beside the search page, and the search
// page links to them.
func TestServeDelegationPages(t *testing.T) {
	data := demoData(t)
	u := serveURL(t, data, "/delegation/RUS")
	base := strings.TrimSuffix(u, "/delegation/RUS")
	get := func(path string) (int, string) { return httpGet(t, base+path) }
	if code, body := get("/delegation/RUS"); code != 200 || !strings.Contains(body, `data-code="RUS"`) || !strings.Contains(body, `href="/report"`) {
		t.Errorf("/delegation/RUS: %d %.200s", code, body)
	}
	// Codes are case-insensitive and names work, as in search filters
	// (/delegation/rus was 404).
	for _, path := range []string{"/delegation/rus", "/delegation/Russian%20Federation"} {
		if code, body := get(path); code != 200 || !strings.Contains(body, `data-code="RUS"`) {
			t.Errorf("%s: %d %.200s", path, code, body)
		}
	}
	if code, _ := get("/delegation/XXX"); code != http.StatusNotFound {
		t.Errorf("/delegation/XXX: %d, want 404", code)
	}
	if code, body := get("/?q=CSTO&delegation=RUS"); code != 200 || !strings.Contains(body, `href="/delegation/RUS"`) {
		t.Errorf("search page does not link the delegation page: %d", code)
	}
	// Every delegation page a search or speech page links is there: the
	// Secretariat's speeches (UN) linked /delegation/UN, a 404 (web
	// walkthrough), and so would a delegation the classifier found nothing of.
	links := regexp.MustCompile(`href="(/delegation/[^"]*)"`)
	// The report is served too, and linked from the search page and each
	// delegation page (whose link back, titled as the report, led to the
	// search page); its delegation names link their pages.
	if code, body := get("/"); code != 200 || !strings.Contains(body, `href="/report"`) {
		t.Errorf("the search page does not link the report: %d", code)
	}
	if code, body := get("/report"); code != 200 || !strings.Contains(body, `href="/delegation/RUS"`) || strings.Contains(body, `href="delegation-`) {
		t.Errorf("/report: %d, or its delegation links are not the served pages", code)
	}
	for _, path := range []string{"/report", "/", "/?role=secretariat", "/?role=president&sort=date", "/?body=GA&page=3",
		"/speech/" + url.PathEscape("S/PV.8698#4"), "/speech/" + url.PathEscape("S/PV.8742#7")} {
		code, body := get(path)
		if code != 200 {
			t.Fatalf("%s: %d", path, code)
		}
		for _, m := range links.FindAllStringSubmatch(body, -1) {
			if code, _ := get(m[1]); code != 200 {
				t.Errorf("%s links %s: %d", path, m[1], code)
			}
		}
		if path == "/?role=secretariat" && !strings.Contains(body, `<span class="code" title="United Nations">UN</span>`) {
			t.Errorf("%s: no Secretariat speech with its code unlinked", path)
		}
	}
}

// TestServeDemoWalkthrough: the search page and API on the demo's store
// answer what a user's walkthrough found broken: --speaker found nothing
// (a phrase query on a field without positions), the CoE facet found
// nothing (its code upper-cased to COE), from=0000 was a 500 (a year
// before the index's dates; 0000 itself is now a bad date, 400), and the
// speech page of a CSTO hit that spells the name out marked nothing.
func TestServeDemoWalkthrough(t *testing.T) {
	data := demoData(t)
	base := strings.TrimSuffix(serveURL(t, data, "/"), "/")
	getJSON := func(path string, v any) int {
		t.Helper()
		code, b := httpGet(t, base+path)
		if code == 200 {
			if err := json.Unmarshal([]byte(b), v); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
		}
		return code
	}
	total := func(query string) int {
		t.Helper()
		var r index.Result
		if code := getJSON("/api/search?"+query, &r); code != 200 {
			t.Fatalf("%s: %d", query, code)
		}
		return int(r.Total)
	}
	tests := []struct {
		name, query, same string
	}{
		{"speaker", "speaker=Nebenzia", "q=speaker_text:nebenzia"},
		{"speaker, two words", "speaker=" + url.QueryEscape("Mr. Nebenzia"), "q=speaker_text:nebenzia"},
		{"CoE facet", "target=CoE", "q=target:CoE"},
		{"CoE in capitals", "target=COE", "q=target:CoE"},
		{"from year 1", "q=CSTO&from=0001", "q=CSTO"},
		{"to 3000", "q=CSTO&to=3000", "q=CSTO"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, want := total(tt.query), total(tt.same)
			if want == 0 || got != want {
				t.Errorf("%s: %d hits, %s: %d", tt.query, got, tt.same, want)
			}
		})
	}
	// The page of a CSTO hit marks the name it spells out.
	const id, name = "S/PV.8742#7", "Collective Security Treaty Organization"
	var sp index.SpeechView
	if code := getJSON("/api/speech/"+url.PathEscape(id)+"?q=CSTO", &sp); code != 200 || !strings.Contains(sp.Text, name) {
		t.Fatalf("%s: %d", id, code)
	}
	marked := 0
	for _, m := range sp.Matches {
		if sp.Text[m.Start:m.End] == name {
			marked++
		}
	}
	if marked == 0 {
		t.Errorf("/api/speech/%s?q=CSTO marks %d spans, none of them %q", id, len(sp.Matches), name)
	}
	res, err := http.Get(base + "/speech/" + url.PathEscape(id) + "?q=CSTO")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if b, _ := io.ReadAll(res.Body); res.StatusCode != 200 || !strings.Contains(string(b), `<mark id="m1">`+name+"</mark>") {
		t.Errorf("/speech/%s?q=CSTO: %d, %q not marked", id, res.StatusCode, name)
	}
}

// TestServeJSONLog: with --log-format json, as a service runs it, every
// line serve writes on stderr is a JSON record, the labelling page's
// address among them; it also wrote three plain-text lines for people.
func TestServeJSONLog(t *testing.T) {
	addr, stop := startServe(t, searchData(t), "--log-format", "json")
	for i := 0; i < 100; i++ {
		if res, err := http.Get("http://" + addr + "/api/search?q=ASEAN"); err == nil {
			res.Body.Close()
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	out := stop()
	labelling := false
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Errorf("stderr line is not JSON: %s", l)
			continue
		}
		labelling = labelling || rec["url"] == "http://"+addr+"/annotate"
	}
	if !labelling {
		t.Errorf("no record gives the labelling page's address:\n%s", out)
	}
}

// TestServeJSONLogKeepsTheKeyOut: beyond loopback, a service's JSON log
// names the access key's file, not the key (it logged "access_key": the key
// in clear, for whoever reads the journal or the log store).
func TestServeJSONLogKeepsTheKeyOut(t *testing.T) {
	data := searchData(t)
	_, port, _ := net.SplitHostPort(freeAddr(t))
	out := serveBeyondLoopback(t, data, port, "--log-format", "json")
	key, err := os.ReadFile(filepath.Join(data, "annotate.key"))
	if err != nil {
		t.Fatal(err)
	}
	if k := strings.TrimSpace(string(key)); len(k) < 16 || strings.Contains(out, k) {
		t.Errorf("the log holds the access key %q:\n%s", k, out)
	}
	if !strings.Contains(out, `"access_key_file":`) {
		t.Errorf("the log does not say where the access key is:\n%s", out)
	}
}

// serveBeyondLoopback runs `unpv [global] serve --addr 0.0.0.0:PORT` until
// its labelling page answers, stops it and returns what it wrote on stderr.
func serveBeyondLoopback(t *testing.T, data, port string, global ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var errOut lockedBuffer
	oldErr := stderr
	stderr = &errOut
	defer func() { stderr = oldErr }()
	done := make(chan error, 1)
	args := append(append([]string{"--data", data}, global...), "serve", "--addr", "0.0.0.0:"+port)
	go func() { done <- run(ctx, args) }()
	for i := 0; i < 200; i++ {
		if res, err := http.Get("http://127.0.0.1:" + port + "/annotate"); err == nil {
			res.Body.Close()
			break
		}
		time.Sleep(25 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
	errOut.mu.Lock()
	defer errOut.mu.Unlock()
	return errOut.b.String()
}

// paragraphBreak is white space holding two line breaks or more.
var paragraphBreak = regexp.MustCompile(`[ \t\r\f\v]*\n[ \t\r\f\v]*\n\s*`)

// TestServeSentenceMarks: on the demo, every sentence the classifier gave
// a stance is marked in its speech's text on the speech page — the store's
// sentence, with its anchor, the store's mentions of organisations in it,
// the stances table's rows linking it — and /api/speech gives its offsets
// and its mentions'; the markup nests with the query's marks. A journalist's
// stance search (CSTO) links each hit to its marked sentence. The sentence
// was marked nowhere in the text; the hit linked the table's row.
func TestServeSentenceMarks(t *testing.T) {
	data := demoData(t)
	st := demoStore(t)
	base := strings.TrimSuffix(serveURL(t, data, "/"), "/")
	get := func(path string) string {
		t.Helper()
		code, b := httpGet(t, base+path)
		if code != 200 {
			t.Fatalf("%s: %d\n%s", path, code, b)
		}
		return b
	}
	fields := func(s string) string { return strings.Join(strings.Fields(s), " ") }

	out, err := runCLI(t, "--data", data, "search", "--stance", "recognition,neutral,counter", "--format", "json", "--limit", "0")
	if err != nil {
		t.Fatal(err)
	}
	var all struct{ Hits []index.Hit }
	if err := json.Unmarshal([]byte(out), &all); err != nil {
		t.Fatal(err)
	}
	bySpeech := map[string][]int{}
	for _, h := range all.Hits {
		bySpeech[h.SpeechID] = append(bySpeech[h.SpeechID], h.Sentence)
	}
	if len(all.Hits) < 1000 {
		t.Fatalf("only %d stance sentences on the demo", len(all.Hits))
	}
	checked, paragraphs := 0, 0
	for id, ns := range bySpeech {
		ses, err := st.Sentences(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		page := get("/speech/" + url.PathEscape(id) + "?q=CSTO")
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		inner, _ := doc.Find("#text").Html()
		if err := htmlcheck.Nested(inner); err != nil {
			t.Errorf("%s: the text's markup: %v", id, err)
		}
		var api index.SpeechView
		if err := json.Unmarshal([]byte(get("/api/speech/"+url.PathEscape(id))), &api); err != nil {
			t.Fatal(err)
		}
		// Its paragraphs stay paragraphs (the page once ran the whole
		// speech into one).
		want := len(paragraphBreak.FindAllString(strings.TrimSpace(api.Text), -1))
		if got := strings.Count(doc.Find("#text").Text(), "\n\n"); got != want {
			t.Errorf("%s: the page shows %d paragraph breaks, the text has %d", id, got, want)
		}
		paragraphs += want
		at := map[string]index.SentenceSpan{}
		for _, s := range api.Sentences {
			at[s.ID] = s
		}
		for _, n := range ns {
			se := ses[n-1]
			ms, err := st.SentenceMentions(t.Context(), se.ID)
			if err != nil {
				t.Fatal(err)
			}
			// The page.
			m := doc.Find(fmt.Sprintf("#text mark.sentence#s%d", n))
			c := m.Clone()
			c.Find(".sref").Remove()
			if m.Length() != 1 || fields(c.Text()) != fields(se.Text) {
				t.Errorf("%s: %d marks #s%d, reading %q; the store's sentence: %q", se.ID, m.Length(), n, c.Text(), se.Text)
				continue
			}
			var orgs, surfaces []string
			m.Find("b.org").Each(func(_ int, b *goquery.Selection) { orgs = append(orgs, fields(b.Text())) })
			for _, x := range ms {
				surfaces = append(surfaces, fields(x.Surface))
			}
			if diff := cmp.Diff(surfaces, orgs); diff != "" {
				t.Errorf("%s: the organisations marked (-store +page):\n%s", se.ID, diff)
			}
			if doc.Find(fmt.Sprintf(`tr[id^="s%d-"] a[href="#s%d"]`, n, n)).Length() == 0 {
				t.Errorf("%s: no row of the stances table links #s%d", se.ID, n)
			}
			// The API.
			s, ok := at[se.ID]
			if !ok || api.Text[s.Start:s.End] != se.Text || s.Anchor != fmt.Sprintf("s%d", n) || len(s.Mentions) != len(ms) {
				t.Errorf("%s: /api/speech gives %+v", se.ID, s)
				continue
			}
			for i, x := range s.Mentions {
				if api.Text[x.Start:x.End] != ms[i].Surface || x.Target != ms[i].Target {
					t.Errorf("%s: mention %+v reads %q, the store's %+v", se.ID, x, api.Text[x.Start:x.End], ms[i])
				}
			}
			checked++
		}
	}
	if checked != len(all.Hits) || paragraphs == 0 {
		t.Errorf("checked %d of %d stance sentences, %d paragraph breaks", checked, len(all.Hits), paragraphs)
	}

	// The journalist's search: each CSTO sentence hit links its sentence,
	// which holds the search's mark inside its own.
	var res struct {
		Hits []struct {
			ID        string
			SpeechURL string `json:"speech_url"`
			Sentence  int
		}
	}
	if err := json.Unmarshal([]byte(get("/api/search?q=CSTO&stance=recognition&size=100")), &res); err != nil || len(res.Hits) < 5 {
		t.Fatalf("%v: %d hits", err, len(res.Hits))
	}
	for _, h := range res.Hits {
		if !strings.HasSuffix(h.SpeechURL, fmt.Sprintf("#s%d", h.Sentence)) {
			t.Errorf("%s: speech_url %s", h.ID, h.SpeechURL)
		}
		u, _ := url.Parse(h.SpeechURL)
		sp, _ := goquery.NewDocumentFromReader(strings.NewReader(get(u.RequestURI())))
		if sp.Find("#text mark.sentence#"+u.Fragment+" mark").Length() == 0 {
			t.Errorf("%s: the sentence %s holds no mark of CSTO", h.ID, u.Fragment)
		}
	}
}

// TestServeKeepsAccessKey: beyond loopback the labelling page needs an
// access key; a restarted serve printed a new one, and every coder needed
// it again. The key is kept in the data directory and printed the same.
func TestServeKeepsAccessKey(t *testing.T) {
	data := demoCopy(t)
	_, port, _ := net.SplitHostPort(freeAddr(t))
	keyRe := regexp.MustCompile(`access key \(coders give it with their name\): (\S+)`)
	serveOnce := func() string {
		t.Helper()
		out := serveBeyondLoopback(t, data, port)
		m := keyRe.FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("no access key printed:\n%s", out)
		}
		return m[1]
	}
	first, second := serveOnce(), serveOnce()
	if first != second {
		t.Errorf("access key after a restart: %q, then %q", first, second)
	}
}

// TestServeRefusesExposedKey: beyond loopback, serve refuses an access key
// file that others may read (as ssh refuses such a private key), exit 1
// saying which file and how to mend it; chmod 600 mends it, and the key
// is the file's. Any mode was taken.
func TestServeRefusesExposedKey(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("a Windows file's mode does not say who may read it")
	}
	data := demoCopy(t)
	_, port, _ := net.SplitHostPort(freeAddr(t))
	path := filepath.Join(data, pipeline.AccessKeyFile)
	const key = "J5Z3Q7KXWV2N4R6T8Y0B1C3D5F"
	if err := os.WriteFile(path, []byte(key+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	// Bounded: a serve that takes the key serves until it is stopped.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err := run(ctx, []string{"--data", data, "serve", "--addr", "0.0.0.0:" + port})
	if code := exitCode(context.Background(), err); code != exitFailure || ctx.Err() != nil || !errors.Is(err, pipeline.ErrKeyExposed) ||
		!strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "mode 0644") || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("serve with a key file others may read: exit %d, %v (stopped by the test: %v)", code, err, ctx.Err() != nil)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if out := serveBeyondLoopback(t, data, port); !strings.Contains(out, "(coders give it with their name): "+key) {
		t.Errorf("serve after chmod 600 does not give the file's key:\n%s", out)
	}
}
