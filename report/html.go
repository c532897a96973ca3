package report

import (
	"bufio"
	"embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

//go:embed templates/report.html
var templateFS embed.FS

var htmlTemplate = template.Must(template.New("report.html").Funcs(template.FuncMap{
	"net":  func(s Stats) string { return fmt.Sprintf("%+.2f", s.Net) },
	"ci":   func(s Stats) string { return fmt.Sprintf("[%+.2f, %+.2f]", s.Low, s.High) },
	"f2":   func(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) },
	"f4":   func(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) },
	"join": strings.Join,
	"num":  thousands,
	"rels": func(rs []string) string { return strings.Join(rs, ", ") },
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
}).ParseFS(templateFS, "templates/report.html"))

// Limits that keep the HTML readable; the CSV and JSON hold everything.
const (
	maxHeatRows  = 40
	maxTableRows = 1500
)

type htmlView struct {
	*Report
	Series      []seriesChart
	Heat        *heatMap
	Pairs       []Pair
	PairsCut    int
	Cells       []Cell
	CellsCut    int
	Positions   []Position
	VotesByOrg  map[string][]VoteReport
	HasNoData   bool
	OrgsForHTML []OrgReport
}

// WriteHTML writes one self-contained HTML file: inline CSS, inline SVG
// charts and a few lines of inline JavaScript for sortable tables; nothing
// is loaded from the network. Every text from the data is escaped by
// html/template.
func (r *Report) WriteHTML(w io.Writer) error {
	v := htmlView{Report: r, VotesByOrg: map[string][]VoteReport{}}
	for _, o := range r.Orgs {
		if !o.NoData {
			v.Series = append(v.Series, newSeriesChart(o, r.Periods))
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

// seriesChart is a precomputed SVG time series for one organisation.
type seriesChart struct {
	Org        OrgReport
	W, H       int
	Left, Top  int
	PlotW      int
	PlotH      int
	YMax       int
	YTicks     []tick
	XTicks     []tick
	Lines      []seriesLine
	Single     bool
	Bottom     int
	LegendY    int
	PeriodName string
	// The net stance panel under the counts: one bar per period with data,
	// from the interval's low to high end, and a dot at the net stance.
	NetTop, NetBottom, NetZero int
	NetTicks                   []tick
	NetXLabelY                 int
	Bars                       []netBar
}

type netBar struct {
	X, Y, Lo, Hi, Title string
	Small               bool
}

type tick struct {
	Pos   string
	Label string
}

type seriesLine struct {
	Name, Color, Points string
	Dash                string
	Dots                []dot
}

type dot struct {
	X, Y, Title string
}

var seriesKinds = []struct {
	name, color string
	value       func(*Stats) int
}{
	{"building (members, itself)", "#2166ac", func(s *Stats) int { return s.Building }},
	{"third-party endorsement", "#1b9e77", func(s *Stats) int { return s.Endorsement }},
	{"counter", "#d6604d", func(s *Stats) int { return s.Counter }},
	{"unattributed recognition", "#9a9a9a", func(s *Stats) int { return s.Unattributed }},
}

func px(x float64) string { return strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64) }

func newSeriesChart(o OrgReport, periods []string) seriesChart {
	c := seriesChart{Org: o, W: 540, H: 360, Left: 44, Top: 12, PlotW: 476, PlotH: 150}
	c.Bottom = c.Top + c.PlotH
	c.NetTop, c.NetBottom = c.Bottom+50, c.Bottom+130
	c.NetZero = (c.NetTop + c.NetBottom) / 2
	c.NetXLabelY = c.NetBottom + 16
	c.LegendY = c.H - 28
	netY := func(v float64) string {
		return px(float64(c.NetZero) - v*float64(c.NetBottom-c.NetTop)/2)
	}
	for _, t := range []struct {
		v     float64
		label string
	}{{1, "+1"}, {0, "0"}, {-1, "−1"}} {
		c.NetTicks = append(c.NetTicks, tick{Pos: netY(t.v), Label: t.label})
	}
	byPeriod := map[string]*Stats{}
	for i := range o.Series {
		byPeriod[o.Series[i].Period] = &o.Series[i].Stats
	}
	ymax := 1
	for _, p := range o.Series {
		for _, k := range seriesKinds {
			ymax = max(ymax, k.value(&p.Stats))
		}
	}
	step := niceCeil((ymax + 4) / 5)
	c.YMax = (ymax + step - 1) / step * step
	for v := 0; v <= c.YMax; v += step {
		c.YTicks = append(c.YTicks, tick{Pos: px(float64(c.Bottom) - float64(v)/float64(c.YMax)*float64(c.PlotH)), Label: strconv.Itoa(v)})
	}
	// Years and sessions sit on a linear axis so that gaps in time show as
	// gaps; meetings are evenly spaced in date order.
	n := len(periods)
	pos := make([]float64, n)
	numeric := true
	for i, p := range periods {
		v, err := strconv.Atoi(p)
		if err != nil {
			numeric = false
			break
		}
		pos[i] = float64(v)
	}
	if !numeric {
		for i := range pos {
			pos[i] = float64(i)
		}
	}
	lo, hi := 0.0, 0.0
	if n > 0 {
		lo, hi = pos[0], pos[n-1]
	}
	xOf := func(i int) float64 {
		if hi == lo {
			return float64(c.Left) + float64(c.PlotW)/2
		}
		return float64(c.Left) + (pos[i]-lo)/(hi-lo)*float64(c.PlotW)
	}
	if numeric && n > 0 {
		tstep := niceCeil(int(math.Ceil((hi - lo + 1) / 8)))
		for v := int(math.Ceil(lo/float64(tstep))) * tstep; float64(v) <= hi; v += tstep {
			x := float64(c.Left) + float64(c.PlotW)/2
			if hi != lo {
				x = float64(c.Left) + (float64(v)-lo)/(hi-lo)*float64(c.PlotW)
			}
			c.XTicks = append(c.XTicks, tick{Pos: px(x), Label: strconv.Itoa(v)})
		}
	} else {
		tstep := max(1, (n+5)/6)
		for i := 0; i < n; i += tstep {
			label := periods[i]
			if len([]rune(label)) > 14 {
				label = string([]rune(label)[:13]) + "…"
			}
			c.XTicks = append(c.XTicks, tick{Pos: px(xOf(i)), Label: label})
		}
	}
	c.Single = n == 1
	for i, p := range periods {
		if st := byPeriod[p]; st != nil {
			title := fmt.Sprintf("%s %s: net %+.2f [%+.2f, %+.2f], %d sentences in %d speeches", o.Acronym, p, st.Net, st.Low, st.High, st.Sentences, st.Speeches)
			if st.Small {
				title += " (small)"
			}
			c.Bars = append(c.Bars, netBar{X: px(xOf(i)), Y: netY(st.Net), Lo: netY(st.Low), Hi: netY(st.High), Title: title, Small: st.Small})
		}
	}
	for i, k := range seriesKinds {
		if i == 3 && o.Unattributed == 0 {
			break // only drawn when some speakers could not be placed
		}
		line := seriesLine{Name: k.name, Color: k.color}
		if i == 3 {
			line.Dash = "4 3"
		}
		var pts []string
		for i, p := range periods {
			v := 0
			s := byPeriod[p]
			if s != nil {
				v = k.value(s)
			}
			x, y := px(xOf(i)), px(float64(c.Bottom)-float64(v)/float64(c.YMax)*float64(c.PlotH))
			pts = append(pts, x+","+y)
			if s != nil {
				line.Dots = append(line.Dots, dot{X: x, Y: y, Title: fmt.Sprintf("%s %s: %d %s sentences (of %d in %d speeches; net %+.2f [%+.2f, %+.2f])",
					o.Acronym, p, v, k.name, s.Sentences, s.Speeches, s.Net, s.Low, s.High)})
			}
		}
		line.Points = strings.Join(pts, " ")
		c.Lines = append(c.Lines, line)
	}
	return c
}

// niceCeil rounds up to 1, 2 or 5 times a power of ten.
func niceCeil(v int) int {
	if v <= 1 {
		return 1
	}
	p := 1
	for p*10 <= v {
		p *= 10
	}
	for _, m := range []int{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
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
		if !d.NoData {
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
		row := heatRow{Y: strconv.Itoa(y), TextY: strconv.Itoa(y + h.CellH/2 + 4), Label: label}
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
				cell.Title = fmt.Sprintf("%s × %s: net %+.2f [%+.2f, %+.2f]; R %d, C %d, N %d; %d speeches, %d meetings",
					d.Name, o, p.Net, p.Low, p.High, p.Recognition, p.Counter, p.Neutral, p.Speeches, p.Meetings)
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
