package report

import (
	"bufio"
	"embed"
	"fmt"
	"html"
	"html/template"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/unpv/unpv"
)

//go:embed templates/*.html
var templateFS embed.FS

var htmlTemplate = template.Must(template.New("report.html").Funcs(template.FuncMap{
	"net":  func(s Stats) string { return fmt.Sprintf("%+.2f", s.Net) },
	"ci":   func(s Stats) string { return fmt.Sprintf("[%+.2f, %+.2f]", s.Low, s.High) },
	"f2":   func(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) },
	"ci95": ci95,
	"f4":   func(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) },
	"rate": rateText,
	"add":  func(a, b int) int { return a + b },
	"div":  func(a, b int) int { return a / b },
	// dlink names a delegation, linked to its page when it has one.
	"dlink": func(pages map[string]string, code, name string) template.HTML {
		if href, ok := pages[code]; ok {
			return template.HTML(`<a href="` + template.HTMLEscapeString(href) + `">` + template.HTMLEscapeString(name) + `</a>`)
		}
		return template.HTML(template.HTMLEscapeString(name))
	},
	// others are the pairs of an organisation whose speakers are not
	// delegations (the Secretariat, presiding officers, briefers).
	"others": func(v htmlView, org string) []Pair {
		var out []Pair
		for _, p := range v.Report.Pairs {
			if p.Organisation == org && !p.SpeakerGroup.IsDelegation() {
				out = append(out, p)
			}
		}
		return out
	},
	"join":  strings.Join,
	"num":   thousands,
	"count": count,
	"pick":  pick,
	"span":  dateSpan,
	"selection": func(r *Report) string {
		return r.selectionText()
	},
	"dict": func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, fmt.Errorf("dict: odd number of arguments")
		}
		m := make(map[string]any, len(kv)/2)
		for i := 0; i < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
			}
			m[k] = kv[i+1]
		}
		return m, nil
	},
}).ParseFS(templateFS, "templates/*.html"))

// Limits that keep the HTML readable; the CSV and JSON hold everything.
const (
	maxHeatRows  = 40
	maxTableRows = 1500
)

type htmlView struct {
	*Report
	Series     []orgCharts
	Heat       *heatMap
	Pairs      []Pair
	PairsCut   int
	Cells      []Cell
	CellsCut   int
	Positions  []Position
	VotesByOrg map[string][]VoteReport
	Pages      map[string]string // delegation code → its page
}

// rateText prints a rate per 100 mentions as the page and the Markdown
// show it: whole under 100, but with a decimal below 10, where counter rates
// sit. Printed whole, the total's counter rate on all of ungdc-full, 1.80
// [1.56, 2.03], read "2 [2, 2]": an interval that looked like a point.
func rateText(x float64) string {
	// Rounded first: 9.97 prints "10", as 10 does, not "10.0".
	if x > 0 && math.Round(x*10) < 100 {
		return strconv.FormatFloat(x, 'f', 1, 64)
	}
	return strconv.FormatFloat(x, 'f', 0, 64)
}

// WriteHTML writes one self-contained HTML file: inline CSS, inline SVG
// charts and a few lines of inline JavaScript for sortable tables; nothing
// is loaded from the network. Every text from the data is escaped by
// html/template.
func (r *Report) WriteHTML(w io.Writer) error { return r.WriteHTMLLinked(w, DelegationFile) }

// WriteHTMLLinked is WriteHTML with each delegation's page at page(code)
// (`unpv serve` serves them at /delegation/{code}, WriteHTML beside the
// report as DelegationFile(code)).
func (r *Report) WriteHTMLLinked(w io.Writer, page func(code string) string) error {
	v := htmlView{Report: r, VotesByOrg: map[string][]VoteReport{}, Pages: r.pageLinks(page)}
	ax := newPeriodAxis(r.Periods, r.Selection.By)
	for _, o := range r.Orgs {
		if !o.NoData {
			v.Series = append(v.Series, newOrgCharts(r, ax, "series-"+o.Acronym, o, o.Series, r.Coverage, r.Coverage))
		}
	}
	v.Heat = newHeatMap(r)
	v.Pairs = r.Pairs
	if len(v.Pairs) > maxTableRows {
		v.PairsCut = len(v.Pairs) - maxTableRows
		v.Pairs = topPairs(r.Pairs, maxTableRows)
	}
	v.Cells = r.Cells
	if len(v.Cells) > maxTableRows {
		v.CellsCut = len(v.Cells) - maxTableRows
		v.Cells = topCells(r.Cells, maxTableRows)
	}
	for _, vr := range r.Votes {
		v.VotesByOrg[vr.Organisation] = append(v.VotesByOrg[vr.Organisation], vr)
	}
	v.Positions = r.Positions
	bw := bufio.NewWriter(w)
	if err := htmlTemplate.Execute(bw, v); err != nil {
		return fmt.Errorf("report: html: %w", err)
	}
	return bw.Flush()
}

// topPairs keeps the n pairs with most sentences, in report order.
func topPairs(ps []Pair, n int) []Pair {
	keep := topIndices(len(ps), n, func(i int) int { return ps[i].Sentences })
	out := make([]Pair, 0, n)
	for i := range ps {
		if keep[i] {
			out = append(out, ps[i])
		}
	}
	return out
}

func topCells(cs []Cell, n int) []Cell {
	keep := topIndices(len(cs), n, func(i int) int { return cs[i].Sentences })
	out := make([]Cell, 0, n)
	for i := range cs {
		if keep[i] {
			out = append(out, cs[i])
		}
	}
	return out
}

// topIndices marks the n largest by size, ties broken by position.
func topIndices(total, n int, size func(int) int) map[int]bool {
	idx := make([]int, total)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return size(idx[a]) > size(idx[b]) })
	keep := make(map[int]bool, n)
	for _, i := range idx[:n] {
		keep[i] = true
	}
	return keep
}

// ratePanel is one precomputed SVG chart: one organisation's stance in one
// body over the report's periods, as rates per 100 mentions with their 95%
// intervals, and under it the coverage strip: how many speeches the corpus
// holds in each period and how many sentences name the organisation. A
// period without mentions has no point, and no line crosses a gap.
type ratePanel struct {
	ID, Title, Body string
	W, H            int
	Left, Top       int
	PlotW, PlotH    int
	Bottom          int
	YTicks          []tick
	XTicks          []tick
	XLabelY         int
	XCaption        string // what the x axis counts (periodAxis.caption)
	Lines           []rateLine
	StripY, StripH  int // the coverage strip: two rows
	Strip           []stripCell
	LegendY         int
	Note            string // "no mentions in this body" and such
}

type rateLine struct {
	Name, Color, Class string
	Segments           []string // polylines between consecutive periods with data
	Points             []ratePoint
}

type ratePoint struct {
	X, Y, Lo, Hi, Title string
	Small               bool
}

// stripCell is one period's cell in the coverage strip: the speeches held
// (shaded by their number) and the mentions of the organisation.
type stripCell struct {
	X, W, TextX        string
	Fill, TextColor    string
	Held, Mentions     string
	Title              string
	NoData, NoMentions bool
}

type tick struct {
	Pos   string
	Label string
}

func px(x float64) string { return strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64) }

// periodAxis places periods on the x axis: years and sessions linearly, so
// that a gap in time is a gap on the chart (gaps filled in from lo to hi);
// meetings evenly in date order.
type periodAxis struct {
	periods []string // every slot on the axis
	numeric bool
	index   map[string]int
	by      Period // what a period is, for the axis caption and tooltips
}

func newPeriodAxis(periods []string, by Period) periodAxis {
	ax := periodAxis{numeric: len(periods) > 0, index: map[string]int{}, by: by}
	lo, hi := 0, 0
	for i, p := range periods {
		v, err := strconv.Atoi(p)
		if err != nil {
			ax.numeric = false
			break
		}
		if i == 0 || v < lo {
			lo = v
		}
		if i == 0 || v > hi {
			hi = v
		}
	}
	if ax.numeric && hi-lo < 400 {
		for v := lo; v <= hi; v++ {
			ax.periods = append(ax.periods, strconv.Itoa(v))
		}
	} else {
		ax.numeric = false
		ax.periods = append(ax.periods, periods...)
	}
	for i, p := range ax.periods {
		ax.index[p] = i
	}
	return ax
}

// caption names the axis's periods under each chart: a bare "74" is a
// year to most readers. A session opens in the second week of September
// since the 78th (2023), in the third before (un.SessionOpening): not
// always mid-September.
func (ax periodAxis) caption() string {
	switch ax.by {
	case BySession:
		return "x: General Assembly session (September to September)"
	case ByMeeting:
		return "x: meeting"
	}
	return "x: calendar year"
}

// name is a period as tooltips give it: a session with its days.
func (ax periodAxis) name(p string) string {
	if ax.by != BySession {
		return p
	}
	if first, last := periodBounds(BySession, p); first != "" {
		return "session " + p + " (" + first + " to " + last + ")"
	}
	return "session " + p
}

// adjacent reports whether a line may join periods a and b: consecutive
// years or sessions. Meetings are never joined: the time between them is
// not on the axis.
func (ax periodAxis) adjacent(a, b string) bool {
	return ax.numeric && ax.index[b]-ax.index[a] == 1
}

// rateKinds are the rates a panel draws, each a little to one side of the
// period's centre so that their intervals do not hide each other.
var rateKinds = []struct {
	name, color, class string
	shift              float64
	rate               func(*Stats) (v, lo, hi float64)
}{
	{"recognition", "#2166ac", "rec", -2.5, func(s *Stats) (float64, float64, float64) {
		return s.RecognitionRate, s.RecognitionLow, s.RecognitionHigh
	}},
	{"counter", "#d6604d", "ctr", 2.5, func(s *Stats) (float64, float64, float64) { return s.CounterRate, s.CounterLow, s.CounterHigh }},
}

// newRatePanel draws org's points in one body against the coverage of
// that body.
func newRatePanel(id, org, title string, body unpv.Body, ax periodAxis, points []Point, coverage []Coverage, coverageKnown bool) ratePanel {
	c := ratePanel{ID: id, Title: title, Body: string(body), W: 540, H: 262, Left: 58, Top: 16, PlotW: 468, PlotH: 120}
	c.Bottom = c.Top + c.PlotH
	c.StripY, c.StripH = c.Bottom+8, 16
	c.XLabelY = c.StripY + 2*c.StripH + 14
	c.LegendY = c.XLabelY + 20
	c.XCaption = ax.caption()
	n := len(ax.periods)
	slot := float64(c.PlotW) / float64(max(n, 1))
	xOf := func(i int) float64 { return float64(c.Left) + (float64(i)+0.5)*slot }
	yOf := func(rate float64) float64 { return float64(c.Bottom) - rate/100*float64(c.PlotH) }
	for _, v := range []float64{0, 25, 50, 75, 100} {
		c.YTicks = append(c.YTicks, tick{Pos: px(yOf(v)), Label: strconv.Itoa(int(v))})
	}
	step := max(1, (n+9)/10)
	for i := 0; i < n; i += step {
		label := ax.periods[i]
		if len([]rune(label)) > 12 {
			label = string([]rune(label)[:11]) + "…"
		}
		c.XTicks = append(c.XTicks, tick{Pos: px(xOf(i)), Label: label})
	}
	byPeriod := map[string]*Point{}
	for i := range points {
		if points[i].Body == body {
			byPeriod[points[i].Period] = &points[i]
		}
	}
	held := map[string]Coverage{}
	maxHeld := 1
	for _, cv := range coverage {
		if cv.Body == body {
			held[cv.Period] = cv
			maxHeld = max(maxHeld, cv.Speeches)
		}
	}
	for _, k := range rateKinds {
		line := rateLine{Name: k.name, Color: k.color, Class: k.class}
		var seg []string
		prev := ""
		for i, p := range ax.periods {
			pt := byPeriod[p]
			if pt == nil || pt.Sentences == 0 {
				continue
			}
			v, lo, hi := k.rate(&pt.Stats)
			x, y := px(xOf(i)+k.shift), px(yOf(v))
			if prev == "" || !ax.adjacent(prev, p) {
				if len(seg) > 1 {
					line.Segments = append(line.Segments, strings.Join(seg, " "))
				}
				seg = nil
			}
			seg = append(seg, x+","+y)
			prev = p
			title := fmt.Sprintf("%s %s %s: %s %s [%s, %s] per 100 mentions, %d of %d in %s",
				org, body, ax.name(p), k.name, rateText(v), rateText(lo), rateText(hi), countOf(k.name, &pt.Stats), pt.Sentences, count(pt.Speeches, "speech", "speeches"))
			if pt.Small {
				title += " (small)"
			}
			line.Points = append(line.Points, ratePoint{X: x, Y: y, Lo: px(yOf(lo)), Hi: px(yOf(hi)), Title: title, Small: pt.Small})
		}
		if len(seg) > 1 {
			line.Segments = append(line.Segments, strings.Join(seg, " "))
		}
		c.Lines = append(c.Lines, line)
	}
	mentions := 0
	for i, p := range ax.periods {
		cell := stripCell{X: px(float64(c.Left) + float64(i)*slot), W: px(slot), TextX: px(xOf(i)), TextColor: "#222"}
		cv, ok := held[p]
		pt := byPeriod[p]
		switch {
		case !coverageKnown:
			cell.Fill = "#ffffff"
			cell.Title = string(body) + " " + ax.name(p) + ": coverage unknown"
		case !ok || cv.Speeches == 0:
			cell.NoData = true
			cell.Fill = "url(#nodata)"
			cell.Held = "–"
			cell.Title = string(body) + " " + ax.name(p) + ": no records in the corpus"
		default:
			cell.Fill = heldColor(cv.Speeches, maxHeld)
			if cv.Speeches*3 > maxHeld {
				cell.TextColor = "#fff"
			}
			cell.Held = compact(cv.Speeches)
			cell.Title = fmt.Sprintf("%s %s: the corpus holds %s (%s)", body, ax.name(p), count(cv.Speeches, "speech", "speeches"), count(cv.Sentences, "sentence", "sentences"))
		}
		if pt != nil && pt.Sentences > 0 {
			cell.Mentions = compact(pt.Sentences)
			mentions += pt.Sentences
			cell.Title += fmt.Sprintf("; %d name %s", pt.Sentences, org)
		} else {
			cell.NoMentions = true
			if !cell.NoData {
				cell.Mentions = "0"
			}
		}
		if slot < 16 {
			cell.Held, cell.Mentions = "", ""
		}
		c.Strip = append(c.Strip, cell)
	}
	if mentions == 0 {
		c.Note = "no sentence names " + org + " in " + bodyName(body) + " records of this selection"
	}
	return c
}

// LinesSVG renders the rate lines and points (see StripSVG for why not in
// the template): a line's segments join consecutive periods only; a point
// has its 95% interval as a bar and is hollow when small.
func (c ratePanel) LinesSVG() template.HTML {
	var b strings.Builder
	for _, l := range c.Lines {
		for _, seg := range l.Segments {
			fmt.Fprintf(&b, `<polyline class="%s" fill="none" stroke="%s" stroke-width="1.6" points="%s"/>`, l.Class, l.Color, seg)
		}
		for _, p := range l.Points {
			small := ""
			if p.Small {
				small = " small"
			}
			// Colours and widths come from the style sheet (.rate.rec, .rate.ctr).
			fmt.Fprintf(&b, `<g class="rate %s%s"><line x1="%s" x2="%s" y1="%s" y2="%s"/><circle cx="%s" cy="%s" r="3.5"><title>%s</title></circle></g>`+"\n",
				l.Class, small, p.X, p.X, p.Lo, p.Hi, p.X, p.Y, html.EscapeString(p.Title))
		}
	}
	return template.HTML(b.String()) //nolint:gosec // every text escaped above
}

// StripSVG renders the coverage strip's cells. It is written here rather
// than in the template because a report draws thousands of them; every
// text is escaped with html.EscapeString, attributes are numbers and
// colours computed here.
func (c ratePanel) StripSVG() template.HTML {
	var b strings.Builder
	y2 := strconv.Itoa(c.StripY + c.StripH)
	y1, h := strconv.Itoa(c.StripY), strconv.Itoa(c.StripH)
	for _, s := range c.Strip {
		class := "held"
		if s.NoData {
			class = "held nodata"
		}
		fmt.Fprintf(&b, `<g class="%s"><title>%s</title><rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="#fff"/>`,
			class, html.EscapeString(s.Title), s.X, y1, s.W, h, html.EscapeString(s.Fill))
		if s.Held != "" {
			fmt.Fprintf(&b, `<text x="%s" y="%s" dy="12" text-anchor="middle" font-size="9" fill="%s">%s</text>`, s.TextX, y1, s.TextColor, html.EscapeString(s.Held))
		}
		fill := "#fdf2d0"
		if s.NoMentions {
			fill = "#fff"
		}
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="#eee"/>`, s.X, y2, s.W, h, fill)
		if s.Mentions != "" {
			fmt.Fprintf(&b, `<text x="%s" y="%s" dy="12" text-anchor="middle" font-size="9">%s</text>`, s.TextX, y2, html.EscapeString(s.Mentions))
		}
		b.WriteString("</g>\n")
	}
	return template.HTML(b.String()) //nolint:gosec // every text escaped above
}

func countOf(kind string, s *Stats) int {
	if kind == "counter" {
		return s.Counter
	}
	return s.Recognition
}

func bodyName(b unpv.Body) string {
	switch b {
	case unpv.SecurityCouncil:
		return "Security Council"
	case unpv.GeneralAssembly:
		return "General Assembly"
	}
	return "unknown body"
}

// heldColor shades a coverage cell by the speeches it holds, on a log
// scale from light to dark grey, so that 19 speeches and 1,600 both show.
func heldColor(n, maxN int) string {
	f := math.Log1p(float64(n)) / math.Log1p(float64(maxN))
	v := int(math.Round(235 - f*150))
	return fmt.Sprintf("#%02x%02x%02x", v, v, v+4)
}

// compact writes a count in at most four characters: 999, 1.6k, 12k.
func compact(n int) string {
	switch {
	case n < 1000:
		return strconv.Itoa(n)
	case n < 10000:
		return strconv.FormatFloat(float64(n)/1000, 'f', 1, 64) + "k"
	}
	return strconv.Itoa(n/1000) + "k"
}

// bodiesOf are the bodies a chart draws panels for: those the selection
// allows and the coverage or the points have (the report's for an
// organisation's chart; a delegation's own on its page), Security Council
// first.
func bodiesOf(r *Report, coverage []Coverage, points []Point) []unpv.Body {
	has := map[unpv.Body]bool{}
	for _, c := range coverage {
		has[c.Body] = true
	}
	for _, p := range points {
		has[p.Body] = true
	}
	if !r.coverageKnown && coverage != nil {
		// Without coverage, a body with data for any organisation gets a
		// panel (showing where this one was not named).
		for _, o := range r.Orgs {
			for _, p := range o.Series {
				has[p.Body] = true
			}
		}
	}
	var out []unpv.Body
	for _, b := range []unpv.Body{unpv.SecurityCouncil, unpv.GeneralAssembly} {
		if has[b] && (r.Selection.Body == "" || r.Selection.Body == b) {
			out = append(out, b)
		}
	}
	return out
}

// orgCharts are one organisation's panels, one per body, side by side.
type orgCharts struct {
	Org    OrgReport
	ID     string
	Panels []ratePanel
}

// newOrgCharts draws o's panels: one per body that bodies (the report's
// coverage) or the points have, each against coverage.
func newOrgCharts(r *Report, ax periodAxis, id string, o OrgReport, points []Point, bodies, coverage []Coverage) orgCharts {
	oc := orgCharts{Org: o, ID: id}
	for _, b := range bodiesOf(r, bodies, points) {
		oc.Panels = append(oc.Panels, newRatePanel(id+"-"+string(b), o.Acronym, bodyName(b), b, ax, points, coverage, r.coverageKnown))
	}
	return oc
}

// heatMap is a delegation × organisation grid coloured by net stance.
type heatMap struct {
	W, H       int
	Left, Top  int
	CellW      int
	CellH      int
	Cols       []heatCol
	Rows       []heatRow
	Cut        int // delegations left out
	LegendY    int
	LegendStop []legendStop
}

type heatCol struct {
	X, Label string
}

type heatRow struct {
	Y, TextY, Label string
	Code            string // the delegation, for the link to its page
	Cells           []heatCell
}

type heatCell struct {
	X, TextX       string
	Fill, Text     string
	TextColor      string
	Opacity        string
	Dash           string
	Title          string
	Empty, IsSmall bool
}

type legendStop struct{ Offset, Color string }

func newHeatMap(r *Report) *heatMap {
	var orgs []string
	for _, o := range r.Orgs {
		if !o.NoData {
			orgs = append(orgs, o.Acronym)
		}
	}
	var dels []Delegation
	for _, d := range r.Delegations {
		// Speakers without a delegation are reported apart, not as rows.
		if !d.NoData && d.Group.IsDelegation() {
			dels = append(dels, d)
		}
	}
	if len(orgs) == 0 || len(dels) == 0 {
		return nil
	}
	// Fit the page (1140 px of content) whatever the number of organisations.
	h := &heatMap{Left: 200, Top: 40, CellW: max(34, min(58, 900/len(orgs))), CellH: 20}
	if len(dels) > maxHeatRows {
		h.Cut = len(dels) - maxHeatRows
		dels = dels[:maxHeatRows]
	}
	pairs := map[string]*Pair{}
	for i := range r.Pairs {
		pairs[r.Pairs[i].Delegation+"\x00"+r.Pairs[i].Organisation] = &r.Pairs[i]
	}
	for j, o := range orgs {
		h.Cols = append(h.Cols, heatCol{X: px(float64(h.Left + j*h.CellW + h.CellW/2)), Label: o})
	}
	for i, d := range dels {
		y := h.Top + i*h.CellH
		label := d.Name
		if d.Name != d.Code {
			label = d.Name + " (" + d.Code + ")"
		}
		if len([]rune(label)) > 30 {
			label = string([]rune(label)[:29]) + "…"
		}
		row := heatRow{Y: strconv.Itoa(y), TextY: strconv.Itoa(y + h.CellH/2 + 4), Label: label, Code: d.Code}
		for j, o := range orgs {
			x := h.Left + j*h.CellW
			cell := heatCell{X: strconv.Itoa(x), TextX: strconv.Itoa(x + h.CellW/2)}
			p := pairs[d.Code+"\x00"+o]
			if p == nil {
				cell.Empty = true
				cell.Fill = "#ffffff"
				cell.Title = fmt.Sprintf("%s × %s: no classified sentence", d.Name, o)
			} else {
				cell.Fill = netColor(p.Net)
				cell.Text = strconv.Itoa(p.Speeches)
				cell.TextColor = "#222"
				if math.Abs(p.Net) > 0.55 {
					cell.TextColor = "#fff"
				}
				cell.Opacity = "1"
				cell.IsSmall = p.Small
				if p.Small {
					cell.Opacity = "0.45"
					cell.TextColor = "#222"
				}
				cell.Title = fmt.Sprintf("%s × %s: net %+.2f [%+.2f, %+.2f]; R %d, C %d, N %d; %s, %s",
					d.Name, o, p.Net, p.Low, p.High, p.Recognition, p.Counter, p.Neutral,
					count(p.Speeches, "speech", "speeches"), count(p.Meetings, "meeting", "meetings"))
				if p.Small {
					cell.Title += " (small)"
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		h.Rows = append(h.Rows, row)
	}
	h.W = h.Left + len(orgs)*h.CellW + 20
	h.LegendY = h.Top + len(dels)*h.CellH + 16
	h.H = h.LegendY + 46
	for _, v := range []float64{-1, -0.5, 0, 0.5, 1} {
		h.LegendStop = append(h.LegendStop, legendStop{Offset: px((v+1)*50) + "%", Color: netColor(v)})
	}
	return h
}

// netColor maps net stance onto a red–grey–blue diverging scale
// (ColorBrewer RdBu end points), readable by most colour-blind readers.
func netColor(v float64) string {
	v = math.Max(-1, math.Min(1, v))
	mid := [3]float64{240, 240, 240}
	end := [3]float64{33, 102, 172} // blue: recognition
	if v < 0 {
		end = [3]float64{178, 24, 43} // red: counter
		v = -v
	}
	var c [3]int
	for i := range c {
		c[i] = int(math.Round(mid[i] + (end[i]-mid[i])*v))
	}
	return fmt.Sprintf("#%02x%02x%02x", c[0], c[1], c[2])
}

// count is n with the noun in the number it takes ("1 meeting", "1,204
// speeches"): a report over a handful of --in rows should not read "1
// meetings".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(n) + " " + many
}

// dateSpan is the period between two dates as a report prints it: one date
// when they are the same, "dates unknown" when rows gave none (--in rows
// without an ISO date), rather than an empty "( to )".
func dateSpan(first, last string) string {
	switch {
	case first == "" && last == "":
		return "dates unknown"
	case first == "" || first == last:
		return last
	case last == "":
		return first
	}
	return first + " to " + last
}

// pick is one for n == 1 and many otherwise: the verb that goes with count.
func pick(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// were is "was" or "were" for n things.
func were(n int) string { return pick(n, "was", "were") }

// thousands writes 349688 as 349,688.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
