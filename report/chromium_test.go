package report

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/internal/chromiumtest"
)

// chromium finds a headless browser or skips the test.
func chromium(t *testing.T) string { return chromiumtest.Find(t) }

func runChromium(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, chromiumtest.Args(t, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.Bytes())
	}
	return out
}

// TestHTMLInChromium renders the report of the real-sentence fixture in
// headless Chromium, checks that the charts and tables exist in the
// rendered DOM (after the sorting script ran) and takes a screenshot. Set
// UNPV_SCREENSHOT_DIR to keep the screenshot.
func TestHTMLInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	bin := chromium(t)
	rows, votes := loadFixture(t)
	r, err := Build(rows, votes, Options{Targets: []string{"CSTO", "CIS", "SCO", "OSCE", "AU", "EU", "ECOWAS"}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if shots := os.Getenv("UNPV_SCREENSHOT_DIR"); shots != "" {
		dir = shots
	}
	if _, err := r.WriteFiles(dir, []string{"html"}); err != nil {
		t.Fatal(err)
	}
	page := "file://" + filepath.Join(dir, "report.html")

	// One browser start does both: the DOM after scripts ran, and a
	// screenshot of the rendered page.
	shot := filepath.Join(dir, "report.png")
	dom := string(runChromium(t, bin, "--dump-dom", "--screenshot="+shot, "--window-size=1280,2000", page))
	count := func(re string) int { return len(regexp.MustCompile(re).FindAllStringIndex(dom, -1)) }
	if n := count(`<figure class="chart"`); n != 6 {
		t.Errorf("%d series charts, want 6 (one per organisation with data, none for ECOWAS)", n)
	}
	// Each organisation: a Security Council and a General Assembly panel,
	// each with its coverage strip; one hidden svg holds the patterns.
	if n := count(`<svg`); n != 6*2+1+1 {
		t.Errorf("%d svg elements, want 2 panels per organisation + heat map + defs", n)
	}
	if n := count(`<g class="coverage">`); n != 12 {
		t.Errorf("%d coverage strips, want one per panel", n)
	}
	if n := count(`<g class="rate rec( small)?">`); n < 6 {
		t.Errorf("%d recognition rate points, want at least one per organisation", n)
	}
	if !strings.Contains(dom, "per 100 mentions") {
		t.Error("no rates per 100 mentions")
	}
	if n := count(`<g class="cell">`); n == 0 {
		t.Error("heat map has no cells")
	}
	if n := count(`<table class="sortable">`); n != 3 {
		t.Errorf("%d sortable tables, want votes, pairs and cells", n)
	}
	if n := count(`tabindex="0"`); n == 0 {
		t.Error("sorting script did not run (no focusable headers)")
	}
	if !strings.Contains(dom, "No classified sentence about ECOWAS") {
		t.Error("ECOWAS has no 'no data' message")
	}
	if n := count(`<blockquote`); n < 10 {
		t.Errorf("%d quotes", n)
	}
	if !strings.Contains(dom, `href="https://undocs.org/en/S/PV.8714"`) {
		t.Error("no undocs.org link")
	}

	// Drive the page's script: filter the pairs table, sort the cells table
	// by net stance (descending after two clicks), and read the result back.
	page2 := filepath.Join(dir, "scripted.html")
	html, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	driver := `<script>
var inp=document.querySelector('#pairs input.filter');inp.value='russian osce';inp.dispatchEvent(new Event('input'));
var pairs=inp.nextElementSibling,vis=Array.prototype.filter.call(pairs.tBodies[0].rows,function(r){return !r.hidden;}).length;
var cells=document.querySelector('#cells table'),h=cells.tHead.rows[0].cells[7];h.click();h.click();
var rows=cells.tBodies[0].rows,first=rows[0].cells[7].getAttribute('data-v'),last=rows[rows.length-1].cells[7].getAttribute('data-v');
document.body.setAttribute('data-test','visible='+vis+' first='+first+' last='+last+' sort='+h.getAttribute('aria-sort'));
</script></body>`
	if err := os.WriteFile(page2, []byte(strings.Replace(string(html), "</body>", driver, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	scripted := string(runChromium(t, bin, "--dump-dom", "file://"+page2))
	if want := `data-test="visible=1 first=1.0000 last=-1.0000 sort=descending"`; !strings.Contains(scripted, want) {
		t.Errorf("scripted page: want %s in\n%.300s", want, scripted[strings.Index(scripted, "<body"):])
	}

	st, err := os.Stat(shot)
	if err != nil {
		t.Fatal(err)
	}
	// A blank 1280×2000 page compresses to a few kB; charts and text do not.
	if st.Size() < 50_000 {
		t.Errorf("screenshot is %d bytes: blank page?", st.Size())
	}

	// A delegation page: linked from the report, with its stance per
	// organisation, charts with coverage, votes and membership.
	if !strings.Contains(dom, `href="delegation-RUS.html"`) {
		t.Error("the report does not link the delegation page")
	}
	shot = filepath.Join(dir, "delegation-RUS.png")
	dom = string(runChromium(t, bin, "--dump-dom", "--screenshot="+shot, "--window-size=1280,2000", "file://"+filepath.Join(dir, "delegation-RUS.html")))
	for _, want := range []string{`data-code="RUS"`, `<section id="stance">`, `<g class="coverage">`, `<section id="votes">`, `<section id="membership">`, "CSTO", `<blockquote`} {
		if !strings.Contains(dom, want) {
			t.Errorf("delegation page lacks %s", want)
		}
	}
	if st, err := os.Stat(shot); err != nil || st.Size() < 30_000 {
		t.Errorf("delegation page screenshot: %v", err)
	}
}

// TestSVGTextKeepsItsFill renders the report and a delegation page in
// headless Chromium and checks that every chart text or tspan that sets
// its own fill is drawn in that colour. The style sheet's `svg text` rule
// outranks a fill attribute, so the white counts on the dark heat-map
// cells and on the coverage strip's busiest periods (the 2020 Security
// Council's "1.6k" on the demo) were drawn #333 on dark grey and blue.
func TestSVGTextKeepsItsFill(t *testing.T) {
	b := chromiumtest.Start(t)
	rows, votes := loadFixture(t)
	// The demo's busiest Security Council year beside a general debate,
	// so that the strip has white counts on dark cells; no cell is small,
	// so that the heat map's strong cells are dark too.
	held := []Held{
		{Symbol: "S/PV.8699", Date: "2020-01-09", Body: unpv.SecurityCouncil, Speeches: 1600, Sentences: 34706},
		{Symbol: "A/73/PV (general debate)", Date: "2018", Body: unpv.GeneralAssembly, Speeches: 19, Sentences: 2087},
		{Symbol: "S/PV.8699", Date: "2020-01-09", Body: unpv.SecurityCouncil, DelegationCode: "RUS", Speeches: 30, Sentences: 900},
		{Symbol: "A/73/PV (general debate)", Date: "2018", Body: unpv.GeneralAssembly, DelegationCode: "RUS", Speeches: 1, Sentences: 110},
	}
	r, err := Build(rows, votes, Options{Targets: []string{"CSTO", "CIS", "SCO", "OSCE", "AU", "EU"}, Coverage: held, MinSpeeches: 1})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := r.WriteFiles(dir, []string{"html"}); err != nil {
		t.Fatal(err)
	}
	// Each colour is resolved by the browser (a probe element's computed
	// colour), so that "#fff" and "rgb(255, 255, 255)" compare equal.
	const check = `(function(){
var probe=document.createElement('span');document.body.appendChild(probe);
function css(c){probe.style.color='';probe.style.color=c;return getComputedStyle(probe).color;}
var bad=[],white=0;
document.querySelectorAll('svg text[fill], svg tspan[fill]').forEach(function(el){
  var want=el.getAttribute('fill');if(want.indexOf('url(')===0)return;
  var got=getComputedStyle(el).fill;
  var w=css(want)==='rgb(255, 255, 255)';if(w)white++;
  if(css(got)!==css(want))bad[w?'unshift':'push'](el.textContent.trim()+': fill '+want+', drawn '+got);
});
probe.remove();return {white:white,bad:bad};})()`
	for _, page := range []string{"report.html", "delegation-RUS.html"} {
		t.Run(page, func(t *testing.T) {
			b.Navigate(t, "file://"+filepath.Join(dir, page))
			b.WaitFor(t, `document.readyState==='complete'&&document.querySelector('svg text')!==null`)
			var got struct {
				White int
				Bad   []string
			}
			b.Eval(t, check, &got)
			if got.White == 0 {
				t.Fatal("no white label: the check checks nothing")
			}
			if len(got.Bad) > 0 {
				t.Errorf("%d chart labels are not drawn in their own fill, e.g.\n%s", len(got.Bad), strings.Join(got.Bad[:min(5, len(got.Bad))], "\n"))
			}
		})
	}
}
