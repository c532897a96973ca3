package index

import (
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/unpv/unpv/internal/chromiumtest"
)

// TestBrowser drives the search page in headless Chromium like a user: type
// a query, press Enter, click a facet, and check the highlighted hits.
// UNPV_SCREENSHOT=file.png saves a screenshot of the final page.
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

	if path := os.Getenv("UNPV_SCREENSHOT"); path != "" {
		c.Screenshot(t, path)
	}
}
