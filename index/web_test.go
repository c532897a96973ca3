package index

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/un"
)

func get(t *testing.T, h http.Handler, target string) (*http.Response, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// queryMark is how the pages mark a match of the query: the speech page's
// first with its anchor.
var queryMark = regexp.MustCompile(`<mark(?: id="m\d+")?>`)

func TestXSS(t *testing.T) {
	docs := fixtureDocs(t)[:3]
	evil := Doc{
		Speech: unpv.Speech{
			ID: "S/PV.9999#1", Symbol: "S/PV.9999", Meeting: "S/PV.9999", Body: unpv.SecurityCouncil,
			Date: "2020-03-01", Seq: 1, Speaker: `Mr. <b onmouseover=alert(3)>Evil</b> (Nowhere)`,
			SpeakerName: "Mr. Evil", DelegationCode: `X"><script>`, Role: unpv.RoleMember,
			Text: `We thank the African Union <script>alert(1)</script> and the "African Union" <img src=x onerror=alert(2)> & others.`,
		},
		Agenda:  `<iframe src="javascript:alert(4)">`,
		Stances: []unpv.Stance{{SentenceID: "S/PV.9999#1.1", Target: "AU", Label: unpv.Recognition, Evidence: "<script>alert(5)</script>"}},
	}
	_, ix := buildIndex(t, append(docs, evil))
	h := NewHandler(ix, HandlerOptions{})
	for _, target := range []string{
		"/?q=" + url.QueryEscape(`"African Union" script`),
		"/?q=alert",
		"/speech/" + url.PathEscape(evil.Speech.ID) + "?q=script",
	} {
		res, body := get(t, h, target)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d %s", target, res.StatusCode, body)
		}
		for _, bad := range []string{"<script", "<img", "<iframe", "<b onmouseover", `"><script>`} {
			if strings.Contains(body, bad) {
				t.Errorf("%s: page contains %q", target, bad)
			}
		}
		if !strings.Contains(body, "&lt;script&gt;") {
			t.Errorf("%s: escaped script text missing", target)
		}
		if !queryMark.MatchString(body) {
			t.Errorf("%s: no highlight", target)
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("CSP %q", csp)
		}
	}
	// Highlight inside escaped text: the match on "script" is marked after escaping.
	_, body := get(t, h, "/?q=script")
	if !strings.Contains(body, "&lt;<mark>script</mark>&gt;") {
		t.Errorf("mark not inserted after escaping:\n%s", body)
	}
	// JSON API: fragment_html escaped too.
	_, body = get(t, h, "/api/search?q=alert")
	var out struct {
		Hits []struct {
			FragmentHTML string `json:"fragment_html"`
		} `json:"hits"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil || len(out.Hits) != 1 {
		t.Fatalf("%v %s", err, body)
	}
	if strings.Contains(out.Hits[0].FragmentHTML, "<script") || !strings.Contains(out.Hits[0].FragmentHTML, "<mark>alert</mark>") {
		t.Errorf("fragment_html %q", out.Hits[0].FragmentHTML)
	}
}

func TestAPI(t *testing.T) {
	ix, docs := sharedIndex(t)
	h := NewHandler(ix, HandlerOptions{})
	res, body := get(t, h, "/api/search?q=ECOWAS&delegation=NER,RUS&facets=1&size=5&kwic=20")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("%d %s", res.StatusCode, body)
	}
	var out struct {
		Total  int
		Hits   []Hit
		Facets []Facet
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err)
	}
	if out.Total == 0 || len(out.Hits) == 0 || len(out.Facets) == 0 {
		t.Fatalf("empty: %s", body)
	}
	for _, hit := range out.Hits {
		if hit.Delegation != "NER" && hit.Delegation != "RUS" {
			t.Errorf("delegation %s", hit.Delegation)
		}
		if hit.KWIC == nil || hit.URL != un.DocumentURL(hit.Symbol) || !strings.HasPrefix(hit.URL, "https://undocs.org/en/S/PV.") {
			t.Errorf("hit %+v", hit)
		}
	}
	id := docs[7].Speech.ID
	res, body = get(t, h, "/api/speech/"+url.PathEscape(id))
	var sp SpeechView
	if res.StatusCode != 200 || json.Unmarshal([]byte(body), &sp) != nil || sp.ID != id || sp.Text != docs[7].Speech.Text {
		t.Fatalf("speech: %d %.200s", res.StatusCode, body)
	}
	errorsCases := []struct {
		target string
		code   int
	}{
		{"/api/search?q=%22unclosed", 400},
		{"/api/search?q=" + strings.Repeat("a", MaxQueryLen+1), 400},
		{"/api/search?q=x&from=soon", 400},
		{"/api/search?q=x&size=1000", 400},
		{"/api/search?q=x&page=100", 400}, // beyond the 1,000-hit window
		{"/api/search?q=x&sort=random", 400},
		{"/api/speech/" + url.PathEscape("S/PV.1#1"), 404},
		{"/api/nothing", 404},
	}
	for _, c := range errorsCases {
		res, body := get(t, h, c.target)
		var e struct {
			Error  string
			Status int
		}
		if res.StatusCode != c.code || json.Unmarshal([]byte(body), &e) != nil || e.Status != c.code || e.Error == "" {
			t.Errorf("%.60s: %d %s", c.target, res.StatusCode, body)
		}
		if strings.Contains(body, "goroutine") || strings.Contains(body, ".go:") {
			t.Errorf("%.60s: leaks internals: %s", c.target, body)
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/api/search?q=x", nil))
	if rec.Code != http.StatusNotFound && rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", rec.Code)
	}
}

func TestPage(t *testing.T) {
	ix, _ := sharedIndex(t)
	h := NewHandler(ix, HandlerOptions{PageSize: 10})
	res, body := get(t, h, "/?q=Council")
	if res.StatusCode != 200 {
		t.Fatal(res.StatusCode)
	}
	for _, want := range []string{`id="facets"`, `data-facet="delegation"`, `class="hit"`, `<mark>`, `rel="next"`,
		`href="https://undocs.org/en/S/PV.`, `href="/speech/S%2FPV.`, `of `} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(body, `rel="prev"`) {
		t.Error("prev link on page 1")
	}
	_, body2 := get(t, h, "/?q=Council&page=2")
	if !strings.Contains(body2, `rel="prev"`) || !strings.Contains(body2, `<ol class="hits" start="11">`) {
		t.Error("page 2 lacks prev link or numbering")
	}
	// A facet link applies a filter and the chip removes it.
	_, body = get(t, h, "/?q=ECOWAS&delegation=NER")
	if !strings.Contains(body, `class="chip" href="/?q=ECOWAS"`) {
		t.Errorf("filter chip missing")
	}
	res, body = get(t, h, "/?q=%22unclosed")
	if res.StatusCode != 400 || !strings.Contains(body, `id="error"`) {
		t.Errorf("bad query page: %d", res.StatusCode)
	}
	res, _ = get(t, h, "/nope")
	if res.StatusCode != 404 {
		t.Errorf("unknown page: %d", res.StatusCode)
	}
	res, body = get(t, h, "/static/style.css")
	if res.StatusCode != 200 || !strings.Contains(body, "mark{") {
		t.Errorf("style.css: %d", res.StatusCode)
	}
}

func TestTimeout(t *testing.T) {
	ix, _ := sharedIndex(t)
	h := NewHandler(ix, HandlerOptions{Timeout: time.Nanosecond})
	for _, target := range []string{"/api/search?q=Council&facets=1", "/?q=Council"} {
		res, body := get(t, h, target)
		if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "timed out") {
			t.Errorf("%s: %d %.200s", target, res.StatusCode, body)
		}
	}
}

// TestWebParameters: a malformed parameter is a 400 naming it and the
// value as given, on the API and the page, as the command line refuses
// the same values with exit 2 (the API once answered body=XX and year=abc
// with no hits, ignored kwic=abc and literal=maybe, and named "-1" for
// min_confidence=abc); well-formed ones in any case are searched.
func TestWebParameters(t *testing.T) {
	ix, _ := sharedIndex(t)
	h := NewHandler(ix, HandlerOptions{})
	bad := []struct {
		query string
		want  []string // in the error message
	}{
		{"body=XX", []string{"body", `"XX"`, "SC or GA"}},
		{"year=abc", []string{"year", `"abc"`}},
		{"delegation=XXX", []string{"delegation", `"XXX"`, "un/delegations.tsv"}},
		{"target=XYZ", []string{`target="XYZ"`, "organisation", "CSTO"}},
		{"role=foo", []string{"role", `"foo"`, "briefer"}},
		{"stance=hostile", []string{"stance", `"hostile"`, "recognition"}},
		{"literal=maybe", []string{"literal", `"maybe"`}},
		{"min_confidence=abc", []string{"min_confidence", `"abc"`}},
		{"min_confidence=1.5", []string{`min_confidence="1.5"`, "0 to 1"}},
		{"kwic=abc", []string{"kwic", `"abc"`}},
		{"kwic=-4", []string{"kwic", `"-4"`}},
		{"kwic=2", []string{`kwic="2"`, "5 to 500"}},
		// Dates and sort are checked by the Query the command line shares:
		// named as the URL parameter, not as its flag (--from).
		{"from=abc", []string{`from="abc"`, "YYYY-MM-DD"}},
		{"to=2020-13", []string{`to="2020-13"`, "YYYY-MM-DD"}},
		{"from=2021&to=2020", []string{`to="2020": before from="2021"`}},
		{"sort=newest", []string{`sort="newest"`, "-date"}},
		{"facets=maybe", []string{"facets", `"maybe"`}},
		// page counts from 1 (page=0 was read as no page); with offset,
		// page silently won.
		{"page=0", []string{`page="0"`, "from 1"}},
		{"page=2&offset=40", []string{`offset="40"`, `page="2"`, "one of them"}},
		{"offset=40&page=1", []string{`offset="40"`, `page="1"`}},
	}
	for _, c := range bad {
		t.Run(c.query, func(t *testing.T) {
			res, body := get(t, h, "/api/search?q=Council&"+c.query)
			var e apiError
			if res.StatusCode != http.StatusBadRequest || json.Unmarshal([]byte(body), &e) != nil || e.Status != 400 {
				t.Fatalf("API: %d %s", res.StatusCode, body)
			}
			for _, w := range c.want {
				if !strings.Contains(e.Error, w) {
					t.Errorf("API error %q lacks %q", e.Error, w)
				}
			}
			if strings.Contains(e.Error, "--") {
				t.Errorf("API error %q names a command-line flag", e.Error)
			}
			if strings.Contains(e.Error, "-1") && !strings.Contains(c.query, "-1") {
				t.Errorf("API error %q names a value not given", e.Error)
			}
			if strings.HasPrefix(c.query, "kwic") || strings.HasPrefix(c.query, "facets") || strings.Contains(c.query, "offset") {
				return // API only
			}
			if res, body := get(t, h, "/?q=Council&"+c.query); res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="error"`) {
				t.Errorf("page: %d", res.StatusCode)
			}
		})
	}
	good := []struct {
		query string
		hits  bool
	}{
		{"body=sc", true},
		{"year=2020", true},
		{"delegation=ner", true},
		{"delegation=" + url.QueryEscape("Russian Federation"), true},
		{"target=ecowas", true},
		{"role=President", true},
		{"literal=on", true},
		{"literal=true", true},
		{"min_confidence=1", false}, // no hand-coded sentence in the fixture
		{"from=0001", true},         // before bleve's dates; 0000 was a 500 (now a 400: not a year)
		{"to=3000", true},
		{"from=3000", false},
		{"kwic=5", true}, // the narrowest width, as the error says (a mutant refusing it survived)
		{"kwic=500", true},
		{"facets=true", true},
		// Typed into the From and To text boxes with a space around.
		{"from=" + url.QueryEscape(" 2020-01 ") + "&to=" + url.QueryEscape("2020 "), true},
		{"min_confidence=" + url.QueryEscape(" 0.5"), true},
	}
	for _, c := range good {
		t.Run(c.query, func(t *testing.T) {
			res, body := get(t, h, "/api/search?q=Council&"+c.query)
			var out Result
			if res.StatusCode != 200 || json.Unmarshal([]byte(body), &out) != nil {
				t.Fatalf("API: %d %.300s", res.StatusCode, body)
			}
			if (out.Total > 0) != c.hits {
				t.Errorf("API: %d hits", out.Total)
			}
			if res, _ := get(t, h, "/?q=Council&"+c.query); res.StatusCode != 200 {
				t.Errorf("page: %d", res.StatusCode)
			}
		})
	}
}

// TestAPIPageCountsFromOne: /api/search's page=N is the N-th slice of
// size hits of the export's order, page=1 the first (a mutant reading
// page=N as offset N×size, which skipped the first page, survived every
// test).
func TestAPIPageCountsFromOne(t *testing.T) {
	ix, _ := sharedIndex(t)
	h := NewHandler(ix, HandlerOptions{})
	const size = 5
	var all []string
	if _, err := ix.Each(context.Background(), Query{Text: "Council", Sort: "date"}, func(h Hit) error {
		all = append(all, h.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(all) < 3*size {
		t.Fatalf("%d hits: too few for three pages", len(all))
	}
	for _, tt := range []struct {
		params string
		want   []string
	}{
		{"page=1", all[:size]},
		{"page=2", all[size : 2*size]},
		{"page=3", all[2*size : 3*size]},
		{"offset=0", all[:size]},
		{"offset=7", all[7 : 7+size]},
	} {
		t.Run(tt.params, func(t *testing.T) {
			res, body := get(t, h, fmt.Sprintf("/api/search?q=Council&sort=date&size=%d&%s", size, tt.params))
			var out Result
			if res.StatusCode != 200 || json.Unmarshal([]byte(body), &out) != nil {
				t.Fatalf("%d %.300s", res.StatusCode, body)
			}
			var got []string
			for _, hit := range out.Hits {
				got = append(got, hit.ID)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestSpeechMarksExpandedNames: a hit's speech page marks what the search
// found, an organisation's other names included (a hit for ECOWAS that
// spells out "Economic Community of West African States" linked to a page
// without a single mark); with literal=1 only the words as written.
func TestSpeechMarksExpandedNames(t *testing.T) {
	ix, docs := sharedIndex(t)
	h := NewHandler(ix, HandlerOptions{})
	const name = "Economic Community of West African States"
	var id string
	for _, d := range docs {
		if strings.Contains(d.Speech.Text, name) && !strings.Contains(d.Speech.Text, "ECOWAS") {
			id = d.Speech.ID
			break
		}
	}
	if id == "" {
		t.Fatal("no fixture speech spells out ECOWAS's name only")
	}
	// The search finds it and links its page with what it searched.
	_, body := get(t, h, "/api/search?q=ECOWAS&size=100")
	var res struct {
		Hits []struct {
			ID     string `json:"id"`
			Speech string `json:"speech_url"`
		} `json:"hits"`
	}
	if err := json.Unmarshal([]byte(body), &res); err != nil {
		t.Fatal(err)
	}
	link := ""
	for _, hit := range res.Hits {
		if hit.ID == id {
			link, _, _ = strings.Cut(hit.Speech, "#") // a browser sends no fragment
		}
	}
	if link == "" {
		t.Fatalf("ECOWAS does not find %s", id)
	}
	tests := []struct {
		name, target string
		marked       bool
	}{
		{"page from the hit's link", link, true},
		{"API", "/api/speech/" + url.PathEscape(id) + "?q=ECOWAS", true},
		{"literal page", "/speech/" + url.PathEscape(id) + "?q=ECOWAS&literal=1", false},
		{"literal API", "/api/speech/" + url.PathEscape(id) + "?q=ECOWAS&literal=1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := get(t, h, tt.target)
			if res.StatusCode != 200 {
				t.Fatalf("%d %.200s", res.StatusCode, body)
			}
			var marked bool
			if strings.HasPrefix(tt.target, "/api/") {
				var v SpeechView
				if err := json.Unmarshal([]byte(body), &v); err != nil {
					t.Fatal(err)
				}
				for _, m := range v.Matches {
					marked = marked || v.Text[m.Start:m.End] == name
				}
			} else {
				marked = regexp.MustCompile(queryMark.String() + regexp.QuoteMeta(name) + `</mark>`).MatchString(body)
			}
			if marked != tt.marked {
				t.Errorf("%q marked: %v, want %v", name, marked, tt.marked)
			}
		})
	}
	// A literal search links pages that mark the words as written.
	_, body = get(t, h, "/api/search?q=ECOWAS&literal=1")
	if err := json.Unmarshal([]byte(body), &res); err != nil || len(res.Hits) == 0 {
		t.Fatalf("literal search: %v %.200s", err, body)
	}
	for _, hit := range res.Hits {
		if !strings.HasSuffix(hit.Speech, "?literal=1&q=ECOWAS#m1") {
			t.Errorf("literal hit links %s", hit.Speech)
		}
	}
	if res, _ := get(t, h, "/speech/"+url.PathEscape(id)+"?q=ECOWAS&literal=maybe"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("literal=maybe: %d, want 400", res.StatusCode)
	}
}

// TestWebPageEdges: the page's summary and pager at the first, the last
// and a page beyond the last (an old link once the data changed), which
// said "41–40 of 15 speeches" without a link back; a single hit is "1
// speech" (it was "1 speeches").
func TestWebPageEdges(t *testing.T) {
	ix, docs := sharedIndex(t)
	const size = 2
	h := NewHandler(ix, HandlerOptions{PageSize: size})
	res, err := ix.Search(context.Background(), Query{Delegations: []string{"NER"}, Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	n := int(res.Total)
	last := (n + size - 1) / size
	// A record in which NER spoke once: a query with one hit.
	perRecord := map[string]int{}
	if _, err := ix.Each(context.Background(), Query{Delegations: []string{"NER"}}, func(h Hit) error {
		perRecord[h.Symbol]++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var one string
	for sym, k := range perRecord {
		if k == 1 && (one == "" || sym < one) {
			one = sym
		}
	}
	oneQuery := url.Values{"delegation": {"NER"}, "symbol": {one}}.Encode()
	all := len(docs)
	if last < 2 {
		t.Fatalf("fixture: %d NER speeches, want at least 2 pages of %d", n, size)
	}
	link := func(n int) string { // the pager's link to page n
		if n == 1 {
			return `href="/?delegation=NER"`
		}
		return fmt.Sprintf(`href="/?delegation=NER&amp;page=%d"`, n)
	}
	summary := regexp.MustCompile(`id="summary">([^<]*)<`)
	for _, c := range []struct {
		name, query string
		summary     string
		links       []string // pager links the page must offer
		noNext      bool
	}{
		{"first", "delegation=NER", fmt.Sprintf("1–%d of %d speeches", size, n), []string{link(2)}, false},
		{"last", fmt.Sprintf("delegation=NER&page=%d", last), fmt.Sprintf("%d–%d of %d speeches", (last-1)*size+1, n, n), []string{link(last - 1)}, true},
		{"beyond", fmt.Sprintf("delegation=NER&page=%d", last+3), fmt.Sprintf("No speeches on page %d: %d speeches, the last page is %d.", last+3, n, last), []string{link(last), link(last - 1)}, true},
		{"no filter", "", fmt.Sprintf("1–2 of %d speeches", all), []string{`href="/?page=2"`}, false}, // was "/?&amp;page=2"
		{"one hit", oneQuery + "&page=1", "1–1 of 1 speech", nil, true},
		{"one hit, beyond", oneQuery + "&page=2", "No speech on page 2: 1 speech, the last page is 1.", []string{`href="/?` + html.EscapeString(oneQuery) + `"`}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, body := get(t, h, "/?"+c.query)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%d", res.StatusCode)
			}
			m := summary.FindStringSubmatch(body)
			if m == nil || html.UnescapeString(m[1]) != c.summary {
				t.Errorf("summary %q, want %q", m, c.summary)
			}
			for _, l := range c.links {
				if !strings.Contains(body, l) {
					t.Errorf("no link with %s", l)
				}
			}
			if c.noNext && strings.Contains(body, `rel="next"`) {
				t.Errorf("a next link on the last page or beyond")
			}
		})
	}
}

// TestWebAccessibility: every page has a language, one h1 and headings
// that do not skip a level, and every form field a label (the search box
// had only a placeholder, the search page no h1 and its facets were h3).
func TestWebAccessibility(t *testing.T) {
	ix, docs := sharedIndex(t)
	h := NewHandler(ix, HandlerOptions{})
	for _, path := range []string{"/", "/?q=Council&delegation=NER", "/?q=%22unclosed", "/?stance=recognition",
		"/speech/" + url.PathEscape(docs[7].Speech.ID) + "?q=Council", "/nowhere"} {
		t.Run(path, func(t *testing.T) {
			res, body := get(t, h, path)
			if path == "/nowhere" != (res.StatusCode == http.StatusNotFound) {
				t.Fatalf("%d", res.StatusCode)
			}
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			if lang, _ := doc.Find("html").Attr("lang"); lang != "en" {
				t.Errorf("lang %q", lang)
			}
			if n := doc.Find("h1").Length(); n != 1 {
				t.Errorf("%d h1", n)
			}
			level := 0
			doc.Find("h1, h2, h3, h4, h5, h6").Each(func(_ int, s *goquery.Selection) {
				l := int(goquery.NodeName(s)[1] - '0')
				if l > level+1 {
					t.Errorf("%s %q after h%d", goquery.NodeName(s), s.Text(), level)
				}
				level = l
			})
			doc.Find("input, select, textarea").Each(func(_ int, s *goquery.Selection) {
				if typ, _ := s.Attr("type"); typ == "hidden" || typ == "submit" {
					return
				}
				name, _ := s.Attr("name")
				if s.ParentsFiltered("label").Length() > 0 {
					return
				}
				if id, ok := s.Attr("id"); ok && doc.Find(`label[for="`+id+`"]`).Length() > 0 {
					return
				}
				if _, ok := s.Attr("aria-label"); ok {
					return
				}
				t.Errorf("field %q has no label", name)
			})
		})
	}
}

// TestFacetsCountWhatTheyFind: every facet value on the page counts what
// its link finds (web walkthrough: on the demo the stance facet of CSTO
// said counter 6 and its link found no sentence, of the whole index
// recognition 403 and its link 974 sentences; under target=AU the
// organisation facet counted the AU speeches that also name EU, its link
// all that name EU).
func TestFacetsCountWhatTheyFind(t *testing.T) {
	ix, _ := sharedIndex(t)
	h := NewHandler(ix, HandlerOptions{})
	facet := regexp.MustCompile(`<section class="facet" data-facet="([^"]+)">(?s:(.*?))</section>`)
	value := regexp.MustCompile(`<a href="([^"]+)"[^>]*>([^<]+)</a> <span class="n">(\d+)</span>`)
	total := regexp.MustCompile(`id="summary">(?:\d+–\d+ of (\d+) |(No) )`)
	hits := func(path string) int {
		t.Helper()
		res, body := get(t, h, path)
		m := total.FindStringSubmatch(body)
		if res.StatusCode != http.StatusOK || m == nil {
			t.Fatalf("%s: %d, no summary", path, res.StatusCode)
		}
		n, _ := strconv.Atoi(m[1])
		return n
	}
	for _, start := range []string{"/", "/?q=Council", "/?q=ECOWAS", "/?target=OSCE", "/?target=OSCE,ECOWAS",
		"/?stance=recognition", "/?q=Council&stance=neutral&target=OSCE", "/?min_confidence=0.5", "/?delegation=NER&q=peace",
		// Two stances: an organisation's count adds its sentences of each.
		"/?stance=recognition,counter"} {
		t.Run(start, func(t *testing.T) {
			_, body := get(t, h, start)
			checked := 0
			for _, f := range facet.FindAllStringSubmatch(body, -1) {
				for _, v := range value.FindAllStringSubmatch(f[2], -1) {
					want, _ := strconv.Atoi(v[3])
					link := html.UnescapeString(v[1])
					if got := hits(link); got != want {
						t.Errorf("facet %s %s counts %d, its link %s finds %d", f[1], v[2], want, link, got)
					}
					checked++
				}
			}
			if checked == 0 {
				t.Errorf("no facet values")
			}
			// Where the page lists speeches, the stance facets say they
			// count sentences.
			if !strings.Contains(body, " sentences</p>") && !strings.Contains(body, "<h2>Stance (sentences)</h2>") {
				t.Errorf("the stance facet does not say it counts sentences")
			}
		})
	}
}

// TestSpeechBackToResults: a hit's speech page links back to the search it
// came from, filters and page included (it kept only q and literal: back
// from a delegation's second page was every speech with the words), and
// still marks the search's matches.
func TestSpeechBackToResults(t *testing.T) {
	ix, _ := sharedIndex(t)
	h := NewHandler(ix, HandlerOptions{PageSize: 2})
	hitLink := regexp.MustCompile(`<a class="sym" href="([^"]+)"`)
	backLink := regexp.MustCompile(`<a href="([^"]*)">‹ back to results</a>`)
	for _, search := range []string{"/?q=Council", "/?delegation=NER&page=2&q=Council", "/?body=SC&literal=1&q=ECOWAS&sort=date",
		"/?stance=neutral&target=OSCE", "/?delegation=NER"} {
		t.Run(search, func(t *testing.T) {
			_, body := get(t, h, search)
			m := hitLink.FindStringSubmatch(body)
			if m == nil {
				t.Fatal("no hit")
			}
			// A browser sends no fragment (a sentence hit's row anchor).
			link, _, _ := strings.Cut(html.UnescapeString(m[1]), "#")
			res, speech := get(t, h, link)
			b := backLink.FindStringSubmatch(speech)
			if res.StatusCode != http.StatusOK || b == nil {
				t.Fatalf("%s: %d, no back link", m[1], res.StatusCode)
			}
			want, _ := url.Parse(search)
			got, _ := url.Parse(html.UnescapeString(b[1]))
			if got.Path != "/" || !cmp.Equal(got.Query(), want.Query()) {
				t.Errorf("back to %s, want %s", got, search)
			}
			if want.Query().Get("q") != "" && !strings.Contains(speech, `<mark id="m1">`) {
				t.Errorf("%s marks nothing", m[1])
			}
		})
	}
}

// TestFormResubmits: submitting the page's form as it stands (what a
// browser sends when the reader presses Search again, or changes nothing
// else) finds the same hits in the same order. The date boxes were HTML
// date inputs, which hold a full date or nothing: from=2020-02 (which the
// search takes, and a general-debate statement's date is a year) was shown
// empty and dropped. The sort box showed
// "score" for the default, so the form sent sort=score and a search
// without words lost its newest-first order.
func TestFormResubmits(t *testing.T) {
	ix, _ := sharedIndex(t)
	h := NewHandler(ix, HandlerOptions{})
	hitLink := regexp.MustCompile(`<a class="sym" href="/speech/([^"?]+)`)
	for _, page := range []string{"/?delegation=NER", "/?q=Council", "/?body=SC&from=2020-02", "/?q=ECOWAS&sort=date&literal=1",
		"/?stance=neutral&target=OSCE", "/?year=2020&role=president", "/?from=2020-02&to=2020-03", "/?from=2020&q=Council"} {
		t.Run(page, func(t *testing.T) {
			_, body := get(t, h, page)
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			// The fields a browser submits, with their values as shown.
			v := url.Values{}
			doc.Find("form#search input, form#search select").Each(func(_ int, s *goquery.Selection) {
				name, _ := s.Attr("name")
				switch typ, _ := s.Attr("type"); {
				case goquery.NodeName(s) == "select":
					opt := s.Find("option[selected]")
					if opt.Length() == 0 {
						opt = s.Find("option").First()
					}
					val, _ := opt.Attr("value")
					v.Add(name, val)
				case typ == "checkbox":
					if _, on := s.Attr("checked"); on {
						val, _ := s.Attr("value")
						v.Add(name, val)
					}
				case typ == "date":
					// HTML's value sanitization: a date input holds a
					// full date or nothing.
					val, _ := s.Attr("value")
					if _, err := time.Parse(time.DateOnly, val); err != nil {
						val = ""
					}
					v.Add(name, val)
				default:
					val, _ := s.Attr("value")
					v.Add(name, val)
				}
			})
			_, again := get(t, h, "/?"+v.Encode())
			if diff := cmp.Diff(hitLink.FindAllString(body, -1), hitLink.FindAllString(again, -1)); diff != "" {
				t.Errorf("resubmitted as /?%s (-before +after):\n%s", v.Encode(), diff)
			}
		})
	}
}

// TestSentenceHitAnchor: a sentence hit (a stance search) opens its speech
// at that sentence, marked in the text, whose row in the stances table
// links to it; it opened the top of the whole speech, with nothing to say
// which sentence had been found, then the sentence's row of the table.
func TestSentenceHitAnchor(t *testing.T) {
	ix, _ := sharedIndex(t)
	h := NewHandler(ix, HandlerOptions{})
	hitLink := regexp.MustCompile(`<a class="sym" href="([^"]+)"`)
	for _, search := range []string{"/?stance=neutral&target=OSCE", "/?stance=recognition"} {
		t.Run(search, func(t *testing.T) {
			_, body := get(t, h, search)
			m := hitLink.FindStringSubmatch(body)
			if m == nil {
				t.Fatal("no hit")
			}
			link, err := url.Parse(html.UnescapeString(m[1]))
			if err != nil || link.Fragment == "" {
				t.Fatalf("hit link %q has no fragment", m[1])
			}
			_, speech := get(t, h, link.RequestURI())
			if !strings.Contains(speech, `<mark class="sentence" id="`+link.Fragment+`"`) {
				t.Errorf("the speech page marks no sentence %q", link.Fragment)
			}
			if strings.Contains(search, "target=OSCE") && !strings.Contains(speech, `<tr id="`+link.Fragment+`-OSCE"><td><a href="#`+link.Fragment+`"`) {
				t.Errorf("the speech page has no OSCE row of %q linking the sentence", link.Fragment)
			}
			// Links made before the sentences were marked point at the
			// row by sentence id and organisation ("…#3.12:OSCE"); they
			// still land on it.
			row := regexp.MustCompile(`<tr id="` + link.Fragment + `-([A-Za-z]+)"><td><a href="#` + link.Fragment + `" title="the sentence in the text">([^<]+)</a><span id="([^"]+)"></span></td>`).FindStringSubmatch(speech)
			if row == nil || html.UnescapeString(row[3]) != html.UnescapeString(row[2])+":"+row[1] {
				t.Errorf("the row of %q keeps no anchor of the old form (sentence id:organisation): %q", link.Fragment, row)
			}
		})
	}
}

// TestHitJSONKeys: every hit of the API, a speech or a sentence, has the
// same keys and its lists are lists, so that a script can read any hit
// without testing for keys (before, empty fields were left out: a speech
// naming no organisation had no "targets", a speech hit no "sentence").
func TestHitJSONKeys(t *testing.T) {
	ix, _ := sharedIndex(t)
	h := NewHandler(ix, HandlerOptions{})
	var keys []string
	for _, target := range []string{"/api/search?q=ECOWAS&size=20", "/api/search?q=peace&size=50", "/api/search?stance=recognition&size=20"} {
		res, body := get(t, h, target)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d %s", target, res.StatusCode, body)
		}
		var out struct{ Hits []map[string]json.RawMessage }
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatal(err)
		}
		if len(out.Hits) == 0 {
			t.Fatalf("%s: no hits", target)
		}
		for _, hit := range out.Hits {
			got := slices.Sorted(maps.Keys(hit))
			if keys == nil {
				keys = got
			}
			if d := cmp.Diff(keys, got); d != "" {
				t.Errorf("%s: hit %s has other keys (-first hit +this):\n%s", target, hit["id"], d)
			}
			for _, k := range []string{"targets", "stances", "hand_coded", "matches"} {
				if v := string(hit[k]); !strings.HasPrefix(v, "[") {
					t.Errorf("%s: hit %s: %s = %s, want a list", target, hit["id"], k, v)
				}
			}
		}
	}
	for _, k := range []string{"speech_id", "sentence", "session", "meeting", "speaker_name", "delegation", "role", "language", "agenda", "confidence", "fragment_html"} {
		if !slices.Contains(keys, k) {
			t.Errorf("hits lack %q: %v", k, keys)
		}
	}
}

// TestFormQueryDelegationWithComma: a delegation name that holds a comma
// ("Korea, Democratic People's Republic of", as the General Debate Corpus
// prints it) is one delegation in the delegation parameter; split on every
// comma it was "Korea" (the Republic of Korea) and a name nobody knows.
func TestFormQueryDelegationWithComma(t *testing.T) {
	v := url.Values{"delegation": {"Korea, Democratic People's Republic of,RUS", "Moldova, Republic of"}}
	q, err := formQuery(v)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Korea, Democratic People's Republic of", "RUS", "Moldova, Republic of"}
	if diff := cmp.Diff(want, q.Delegations); diff != "" {
		t.Errorf("delegations (-want +got):\n%s", diff)
	}
	n, err := q.Normalise()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"PRK", "RUS", "MDA"}, n.Delegations); diff != "" {
		t.Errorf("normalised (-want +got):\n%s", diff)
	}
}

// TestPageSaysFacetsAreCut: a facet that lists fewer values than its hits
// have says how many hits the others hold, as `unpv search --facets` does
// ("other N"): the page listed the fixture's 25 largest of its 39
// delegations and nothing more, a list that read as complete.
func TestPageSaysFacetsAreCut(t *testing.T) {
	ix, _ := sharedIndex(t)
	res, err := ix.Search(context.Background(), Query{Facets: true, Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	f := facetByName(res.Facets, "delegation")
	if f == nil || f.Other == 0 {
		t.Fatalf("the fixture's delegation facet is not cut: %+v", f)
	}
	_, body := get(t, NewHandler(ix, HandlerOptions{}), "/")
	section := regexp.MustCompile(`<section class="facet" data-facet="delegation">(?s:(.*?))</section>`).FindStringSubmatch(body)
	if section == nil {
		t.Fatal("no delegation facet on the page")
	}
	want := fmt.Sprintf(`<li class="other">other values <span class="n">%d</span></li>`, f.Other)
	if !strings.Contains(section[1], want) {
		t.Errorf("the delegation facet does not say %s:\n%s", want, section[1])
	}
	if n := strings.Count(body, `class="other"`); n != 1 {
		t.Errorf("%d facets say they are cut, want 1 (the delegations)", n)
	}
}

// TestPageBeyondWindowSaysWhatToDo: a page beyond the hits the page lists
// is a bad request whose message names the last page and the export, as
// the API's does (it said only "page 51 is beyond the first 1000 hits").
func TestPageBeyondWindowSaysWhatToDo(t *testing.T) {
	ix, _ := sharedIndex(t)
	h := NewHandler(ix, HandlerOptions{PageSize: 2, Window: 10})
	res, body := get(t, h, "/?page=6")
	if res.StatusCode != http.StatusBadRequest {
		t.Fatalf("status %d, want 400", res.StatusCode)
	}
	m := regexp.MustCompile(`id="error">([^<]*)<`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no error on the page")
	}
	want := "bad query: page 6 is beyond the first 10 hits the page lists (page 5 is the last); narrow the search, or export every hit with unpv search --format csv"
	if got := html.UnescapeString(m[1]); got != want {
		t.Errorf("error %q, want %q", got, want)
	}
	if res, _ := get(t, h, "/?page=5"); res.StatusCode != http.StatusOK {
		t.Errorf("the last page: status %d, want 200", res.StatusCode)
	}
}

// TestPageNamesDelegations: the search page gives each delegation code of
// the delegation facet and of a hit its name from un/delegations.tsv as a
// tooltip, so that a historian reading SUN, DDR or YMD (the Soviet Union,
// the German Democratic Republic, Democratic Yemen: the General Debate
// Corpus's Cold War statements) need not know the codes; a code the
// table does not know (ATL) has none. The page showed the bare codes.
func TestPageNamesDelegations(t *testing.T) {
	docs := fixtureDocs(t)[:30]
	printed := map[string]string{"SUN": "Union of Soviet Socialist Republics", "DDR": "DDR", "YMD": "Southern Yemen", "ATL": "Atlantis"}
	codes := []string{"SUN", "DDR", "YMD", "ATL"}
	for i := range docs {
		if c := codes[i%5%4]; i%5 < 4 {
			docs[i].Speech.DelegationCode, docs[i].Speech.Delegation = c, printed[c]
			docs[i].Document = "test:" + c
		}
	}
	_, ix := buildIndex(t, docs)
	_, body := get(t, NewHandler(ix, HandlerOptions{PageSize: 30}), "/")
	facet := regexp.MustCompile(`<section class="facet" data-facet="delegation">(?s:(.*?))</section>`).FindStringSubmatch(body)
	if facet == nil {
		t.Fatal("no delegation facet on the page")
	}
	want := map[string]string{"SUN": "Union of Soviet Socialist Republics", "DDR": "German Democratic Republic", "YMD": "Democratic Yemen", "ATL": ""}
	got := map[string]string{}
	for _, m := range regexp.MustCompile(`<a href="[^"]*"(?: title="([^"]*)")?>([A-Z]+)</a>`).FindAllStringSubmatch(facet[1], -1) {
		if _, ok := want[m[2]]; ok {
			got[m[2]] = html.UnescapeString(m[1])
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("delegation facet's names (-want +got):\n%s", diff)
	}
	got = map[string]string{}
	for _, m := range regexp.MustCompile(`<span class="code"(?: title="([^"]*)")?>([A-Z]+)</span>`).FindAllStringSubmatch(body, -1) {
		if _, ok := want[m[2]]; ok {
			got[m[2]] = html.UnescapeString(m[1])
		}
	}
	want["DDR"], want["YMD"], want["ATL"] = "German Democratic Republic", "Democratic Yemen", "Atlantis" // a hit's name: the table's, else as printed
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("hits' delegation names (-want +got):\n%s", diff)
	}
}

// TestPageSaysWhereASeatsSpeechesAre: the page and the API say, for a
// delegation whose seat another Member held in the dates searched, how
// many of that Member's speeches match and link to a search of both, as
// `unpv search` says on stderr (Index.SeatNotes). The page said only "No
// speeches match." for delegation=RUS&to=1991 on a store holding the
// Soviet Union's statements under SUN.
func TestPageSaysWhereASeatsSpeechesAre(t *testing.T) {
	docs := fixtureDocs(t)[:30]
	for i := range 5 {
		docs[i].Speech.DelegationCode, docs[i].Speech.Delegation = "SUN", "Union of Soviet Socialist Republics"
		docs[i].Speech.Date = "1965-09-24"
		docs[i].Document = "test:SUN"
	}
	_, ix := buildIndex(t, docs)
	h := NewHandler(ix, HandlerOptions{PageSize: 30})
	note := regexp.MustCompile(`<p class="note" id="seat-SUN">RUS's seat was held by Union of Soviet Socialist Republics \(SUN\) from 1945-10-24 to 1991-12-24, whose 5 matching hits are filed under SUN: <a href="([^"]*)">search RUS and SUN</a>.</p>`)
	for _, c := range []struct {
		target string
		want   bool
	}{
		{"/?delegation=RUS&to=1991", true},
		{"/?delegation=rus&to=1991", true},
		{"/?delegation=RUS&year=1965", true},
		{"/?delegation=RUS,SUN&to=1991", false},
		{"/?delegation=RUS&from=1992", false},
		{"/?delegation=RUS&to=1991&q=nothingmatchesthis", false},
	} {
		t.Run(c.target, func(t *testing.T) {
			res, body := get(t, h, c.target)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d", res.StatusCode)
			}
			m := note.FindStringSubmatch(body)
			if (m != nil) != c.want {
				t.Fatalf("seat note on the page: %v, want %v\n%s", m != nil, c.want, regexp.MustCompile(`(?s)<p class="summary".*?</ol>`).FindString(body))
			}
			if m != nil && !strings.Contains(strings.ToUpper(html.UnescapeString(m[1])), "DELEGATION=RUS%2CSUN") {
				t.Errorf("the note's link %q does not search RUS and SUN", m[1])
			}
		})
	}
	_, body := get(t, h, "/api/search?delegation=Russian%20Federation&to=1991")
	var out struct {
		Total     int        `json:"total"`
		SeatNotes []SeatNote `json:"seat_notes"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err)
	}
	want := []SeatNote{{Code: "RUS", Holder: "SUN", HolderName: "Union of Soviet Socialist Republics", From: "1945-10-24", To: "1991-12-24", Matches: 5}}
	if d := cmp.Diff(want, out.SeatNotes); d != "" || out.Total != 0 {
		t.Errorf("API: total %d, seat notes (-want +got):\n%s", out.Total, d)
	}
}
