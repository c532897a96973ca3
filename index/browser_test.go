package index

import (
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/unpv/unpv/internal/chromiumtest"
)

// TestBrowser drives the search page in headless Chromium like a user: type
// a query, press Enter, click a facet, and check the highlighted hits;
// open a hit, which shows the first match in the viewport; then search
// sentences and open a sentence hit, and check that the speech shows that
// sentence, marked, in the viewport. UNPV_SCREENSHOT=file.png
// saves a screenshot of the final page (the speech at the sentence).
func TestBrowser(t *testing.T) {
	ix, _ := sharedIndex(t)
	srv := httptest.NewServer(NewHandler(ix, HandlerOptions{}))
	defer srv.Close()
	c := chromiumtest.Start(t)
	c.Navigate(t, srv.URL+"/")
	c.WaitFor(t, `document.readyState === "complete" && document.querySelector("#q")`)

	// Type the query into the box and press Enter.
	c.Click(t, "#q")
	c.Type(t, `"African Union"`)
	c.Press(t, "Enter")
	c.WaitFor(t, `location.search.includes("African") && document.readyState === "complete" && document.querySelector("#summary")`)
	var first struct {
		Hits, Marks int
		Summary     string
		Mark        string
	}
	c.Eval(t, `({Hits: document.querySelectorAll(".hit").length, Marks: document.querySelectorAll(".hit mark").length,
		Summary: document.querySelector("#summary").textContent, Mark: (document.querySelector(".hit mark")||{}).textContent})`, &first)
	// "African Union" also finds the AU's other names (the Organization of
	// African Unity, AU…): a mark is part of one of them.
	if first.Hits == 0 || first.Marks < first.Hits || first.Mark == "" || !strings.Contains(strings.Join(orgNames("AU"), " | "), first.Mark) {
		t.Fatalf("after typing the query: %+v", first)
	}

	// Apply the first delegation facet by clicking it.
	var facet struct{ Term, Href string }
	c.Eval(t, `(() => { const a = document.querySelector('[data-facet="delegation"] a'); return {Term: a.textContent, Href: a.getAttribute("href")} })()`, &facet)
	c.Click(t, `[data-facet="delegation"] a`)
	c.WaitFor(t, `location.search.includes("delegation=") && document.readyState === "complete" && document.querySelector("#summary")`)
	var after struct {
		Codes   []string
		Marks   int
		Query   string
		Summary string
		Chip    string
	}
	c.Eval(t, `({Codes: [...document.querySelectorAll(".hit .code")].map(e => e.textContent),
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

	// Open the first hit: the speech opens at the query's first match.
	c.Click(t, ".hit a.sym")
	c.WaitFor(t, `location.pathname.startsWith("/speech/") && document.readyState === "complete" && document.querySelector(":target")`)
	var match struct {
		ID, Text    string
		Top, Height float64
		Outline     string
	}
	c.Eval(t, `(() => { const e = document.querySelector(":target"), r = e.getBoundingClientRect();
		return {ID: e.id, Text: e.textContent, Top: r.top, Height: innerHeight, Outline: getComputedStyle(e).outlineStyle} })()`, &match)
	if match.ID != "m1" || match.Top < 0 || match.Top > match.Height || match.Outline == "none" || !strings.Contains(strings.Join(orgNames("AU"), " | "), match.Text) {
		t.Errorf("the first hit opened at %+v", match)
	}

	// Search sentences (the stance facet), then open the hit deepest in
	// its speech: the speech opens scrolled to that sentence, marked in
	// the text (outlined, not by colour alone) with its organisation.
	c.Navigate(t, srv.URL+"/?q=")
	c.WaitFor(t, `document.readyState === "complete" && document.querySelector('[data-facet="stance"] a')`)
	c.Click(t, `[data-facet="stance"] a`)
	c.WaitFor(t, `location.search.includes("stance=") && document.readyState === "complete" && document.querySelector(".hit a.sym")`)
	var deepest string
	c.Eval(t, `(() => { let best = null, n = -1;
		for (const a of document.querySelectorAll(".hit a.sym")) { const k = +(a.hash.match(/^#s(\d+)$/)||[0,-1])[1]; if (k > n) { n = k; best = a } }
		best.id = "deepest"; return best.getAttribute("href") })()`, &deepest)
	c.Click(t, "#deepest")
	c.WaitFor(t, `location.pathname.startsWith("/speech/") && document.readyState === "complete" && document.querySelector(":target")`)
	var opened struct {
		Hash, Tag, Class, Outline string
		Top, Bottom, Height       float64
		ScrollY, PageTop          float64
		Orgs                      int
		Text, Copied, Number      string
	}
	// Copied is what selecting the sentence copies: its text, without the
	// number that links its stances (a quote came out as "45Additionally…").
	c.Eval(t, `(() => { const e = document.querySelector(":target"), r = e.getBoundingClientRect();
		const range = document.createRange(); range.selectNodeContents(e);
		const sel = getSelection(); sel.removeAllRanges(); sel.addRange(range);
		return {Hash: location.hash, Tag: e.tagName, Class: e.className, Outline: getComputedStyle(e).outlineStyle,
			Top: r.top, Bottom: r.bottom, Height: innerHeight, ScrollY: scrollY, PageTop: r.top + scrollY,
			Orgs: e.querySelectorAll("b.org").length, Text: e.textContent, Copied: sel.toString(),
			Number: e.querySelector(".sref").textContent} })()`, &opened)
	if !strings.HasSuffix(deepest, opened.Hash) || opened.Tag != "MARK" || opened.Class != "sentence" || opened.Outline == "none" || opened.Orgs == 0 {
		t.Errorf("hit %s opened %+v", deepest, opened)
	}
	if want := strings.TrimPrefix(opened.Text, opened.Number); opened.Number == "" || strings.TrimSpace(opened.Copied) != want {
		t.Errorf("selecting the sentence copies %q, want %q", opened.Copied, want)
	}
	if opened.Top < 0 || opened.Bottom > opened.Height {
		t.Errorf("the sentence is not in the viewport: %+v", opened)
	}
	if opened.PageTop > opened.Height && opened.ScrollY == 0 {
		t.Errorf("the page did not scroll to the sentence: %+v", opened)
	}
	t.Logf("hit %s opened %q at %.0f px (scrolled %.0f)", deepest, opened.Text, opened.Top, opened.ScrollY)

	if path := os.Getenv("UNPV_SCREENSHOT"); path != "" {
		c.Screenshot(t, path)
	}
}
