package corpora

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"github.com/unpv/unpv/internal/outfile"
	"github.com/unpv/unpv/un"
)

// MeetingListing is one row of a Dag Hammarskjöld Library table "Meetings
// conducted by the Security Council in YYYY".
type MeetingListing struct {
	Symbol    string `json:"symbol"`               // canonical: "S/PV.7796", "S/PV.8699 (Resumption 1)"; "" for a VTC meeting without a record
	Record    string `json:"record"`               // first cell as printed: "S/PV.77 (closed)", "--"
	RecordURL string `json:"record_url,omitempty"` // undocs.org link
	Closed    bool   `json:"closed,omitempty"`
	Date      string `json:"date"`      // ISO of the (first) day: "2016-10-28"
	DateText  string `json:"date_text"` // as printed: "28 October", "14-15 October"
	Year      int    `json:"year"`
	Topic     string `json:"topic"`
	// PressRelease is the press release symbol ("SC/12566"), 1994 onwards.
	PressRelease    string   `json:"press_release,omitempty"`
	PressReleaseURL string   `json:"press_release_url,omitempty"`
	Webcast         string   `json:"webcast,omitempty"`          // 2020–21 VTC tables
	LetterProcedure string   `json:"letter_procedure,omitempty"` // "S/2020/1311": letter with vote procedure or briefings
	LetterOutcome   string   `json:"letter_outcome,omitempty"`   // "S/2020/1305": letter with vote outcome
	Outcome         string   `json:"outcome"`                    // "S/RES/2336 (2016) 15-0-0", "--"
	OutcomeDocs     []string `json:"outcome_docs,omitempty"`     // linked symbols in the outcome cell
	// Continued marks a row without record and date that lists another
	// agenda item of the meeting in the row above (1940s tables); Symbol and
	// Date are copied from that row.
	Continued bool `json:"continued,omitempty"`
}

// PressReleaseSymbol is the first press release symbol in the cell:
// "SC/5934" from "SC/5934 + Corr.1", "SC/6292" from "SG/2030-SC/6292".
func (l MeetingListing) PressReleaseSymbol() string {
	if s := scPressRe.FindString(l.PressRelease); s != "" {
		return s
	}
	return pressRe.FindString(l.PressRelease)
}

// DHLTableURL is the address of a year's table: .htm for 1994–2021, .html
// before 1994 and from 2022 (FORMATS.md).
func DHLTableURL(year int) string {
	ext := "html"
	if year >= 1994 && year <= 2021 {
		ext = "htm"
	}
	return fmt.Sprintf("https://www.un.org/depts/dhl/resguide/scact%d_table_en.%s", year, ext)
}

// DHL fetches and parses the yearly Security Council meeting tables.
type DHL struct {
	Client *Client
	// URL builds a year's table address; DHLTableURL when nil (tests point
	// it at an httptest server).
	URL func(year int) string
	// Cache, when set, is a directory where each table is kept with its
	// validators (ETag, Last-Modified), so that the next request for it is
	// conditional and a 304 reuses the copy: every nightly plan of a year
	// range asks for each of its tables again, and past years' rarely
	// change. "" keeps nothing.
	Cache string
}

// cachedTable is a table kept in DHL.Cache.
type cachedTable struct {
	URL          string `json:"url"`
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	Body         []byte `json:"body"`
}

// Year fetches and parses one year's table, conditionally when the cache
// holds it.
func (d *DHL) Year(ctx context.Context, year int) ([]MeetingListing, *Response, error) {
	req := Request{URL: d.TableURL(year), Expect: ExpectHTML}
	kept := d.cached(year, req.URL)
	if kept != nil {
		req.ETag, req.LastModified = kept.ETag, kept.LastModified
	}
	resp, err := d.Client.Get(ctx, req)
	fresh := err == nil
	if errors.Is(err, ErrNotModified) && kept != nil {
		resp.Body, err = kept.Body, nil
	}
	if err != nil {
		return nil, resp, fmt.Errorf("dhl %d: %w", year, err)
	}
	rows, err := ParseDHLTable(strings.NewReader(string(resp.Body)), year)
	if err != nil {
		return nil, resp, fmt.Errorf("dhl %d: %w", year, err)
	}
	if len(rows) == 0 && !strings.Contains(strings.ToLower(string(resp.Body)), "<table") {
		// A 200 page without any table is not an empty year but something
		// served instead of the table: a challenge (refused, as a 403),
		// or the page's own failure (a moved-page notice: ErrNoTable),
		// which read as a block until 2026-12-07.
		kind := ErrNoTable
		if looksChallenge(resp.Body) {
			kind = ErrChallenge
		}
		return nil, resp, fmt.Errorf("dhl %d: %w: no table in a %d-byte page", year, kind, len(resp.Body))
	}
	if fresh {
		d.keep(year, resp)
	}
	return rows, resp, nil
}

// TableURL is the address Year asks for a year's table.
func (d *DHL) TableURL(year int) string {
	if d.URL != nil {
		return d.URL(year)
	}
	return DHLTableURL(year)
}

func (d *DHL) cachePath(year int) string {
	return filepath.Join(d.Cache, fmt.Sprintf("scact%d.json", year))
}

// cached is the kept copy of the table at url, nil when there is none.
func (d *DHL) cached(year int, url string) *cachedTable {
	if d.Cache == "" {
		return nil
	}
	b, err := os.ReadFile(d.cachePath(year))
	if err != nil {
		return nil
	}
	var t cachedTable
	if json.Unmarshal(b, &t) != nil || t.URL != url || (t.ETag == "" && t.LastModified == "") {
		return nil
	}
	return &t
}

// keep writes a table the server gave validators for into the cache; a
// failure only costs the next plan a full download.
func (d *DHL) keep(year int, resp *Response) {
	if d.Cache == "" || (resp.ETag == "" && resp.LastModified == "") {
		return
	}
	b, err := json.Marshal(cachedTable{URL: resp.URL, ETag: resp.ETag, LastModified: resp.LastModified, Body: resp.Body})
	if err == nil {
		err = os.MkdirAll(d.Cache, outfile.DirMode)
	}
	if err == nil {
		err = outfile.WriteFile(d.cachePath(year), b)
	}
	if err != nil {
		d.Client.opts.Logger.Warn("meeting table not kept", "year", year, "err", err)
	}
}

// dhlColumn is what a table column holds.
type dhlColumn int

const (
	colSkip dhlColumn = iota
	colRecord
	colDate
	colPress
	colWebcast
	colTopic
	colLetterProcedure
	colLetterOutcome
	colOutcome
)

// Column layouts by cell count when the header cannot be read.
var dhlLayouts = map[int][]dhlColumn{
	4: {colRecord, colDate, colTopic, colOutcome},
	5: {colRecord, colDate, colPress, colTopic, colOutcome},
	7: {colRecord, colDate, colWebcast, colTopic, colLetterProcedure, colLetterOutcome, colOutcome},
}

var (
	dhlTitleYearRe = regexp.MustCompile(`Security Council in (\d{4})`)
	dayRe          = regexp.MustCompile(`^\s*(\d{1,2})\b`)
	monthWordRe    = regexp.MustCompile(`[A-Za-z]{3,}`)
	scPressRe      = regexp.MustCompile(`\bSC/\d{3,6}\b`)
	pressRe        = regexp.MustCompile(`\b(?:SC|GA|SG)/\d{3,6}\b`)
)

var months = map[string]int{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}

// ParseDHLTable parses a yearly meeting table. year dates the rows (the
// cells print day and month only); 0 takes it from the table title. The
// parser is an HTML5 parser, so rows with missing </td> or </tr> come out as
// a browser shows them. Header rows, note rows spanning the table and rows
// without cells are skipped; the column layout comes from the header (4
// cells to 1993, 5 from 1994, 7 in the 2020–21 VTC tables) or, failing
// that, from the cell count.
func ParseDHLTable(r io.Reader, year int) ([]MeetingListing, error) {
	doc, err := goquery.NewDocumentFromReader(r)
	if err != nil {
		return nil, fmt.Errorf("parse meeting table: %w", err)
	}
	if year == 0 {
		if m := dhlTitleYearRe.FindStringSubmatch(cellText(doc.Find("th.tbltitle").First())); m != nil {
			year, _ = strconv.Atoi(m[1])
		}
	}
	table := doc.Find("table.tablefont")
	if table.Length() == 0 {
		table = doc.Find("table")
	}
	var header []dhlColumn
	var out []MeetingListing
	table.First().Find("tr").Each(func(_ int, tr *goquery.Selection) {
		if ths := tr.ChildrenFiltered("th"); ths.Length() > 1 && tr.ChildrenFiltered("td").Length() == 0 {
			header = headerLayout(ths)
			return
		}
		tds := tr.ChildrenFiltered("td")
		if tds.Length() < 4 {
			return // note rows ("Document links will work once …") and empty rows
		}
		if header != nil && len(header) == 0 {
			return // under a header that is not a meeting table's (the veto list)
		}
		layout := dhlLayouts[tds.Length()]
		if len(header) == tds.Length() {
			layout = header
		}
		if layout == nil {
			return
		}
		var l MeetingListing
		l.Year = year
		tds.Each(func(i int, td *goquery.Selection) {
			fillListing(&l, layout[i], td)
		})
		if l.Record == "" && l.DateText == "" && len(out) > 0 {
			prev := out[len(out)-1]
			l.Continued = true
			l.Symbol, l.Date, l.Closed = prev.Symbol, prev.Date, prev.Closed
		}
		if l.Record == "" && l.DateText == "" && l.Topic == "" && l.Outcome == "" {
			return
		}
		out = append(out, l)
	})
	return out, nil
}

func headerLayout(ths *goquery.Selection) []dhlColumn {
	var cols []dhlColumn
	ths.Each(func(_ int, th *goquery.Selection) {
		t := strings.ToLower(cellText(th))
		c := colSkip
		switch {
		case strings.Contains(t, "meeting") && strings.Contains(t, "record"):
			c = colRecord
		case t == "date":
			c = colDate
		case strings.Contains(t, "press"):
			c = colPress
		case strings.Contains(t, "recording"), strings.Contains(t, "webcast"):
			c = colWebcast
		case strings.Contains(t, "topic"), strings.Contains(t, "agenda"):
			c = colTopic
		case strings.Contains(t, "letter") && strings.Contains(t, "procedure"):
			c = colLetterProcedure
		case strings.Contains(t, "letter") && strings.Contains(t, "outcome"):
			c = colLetterOutcome
		case strings.Contains(t, "outcome"), strings.Contains(t, "vote"):
			c = colOutcome
		}
		cols = append(cols, c)
	})
	// A header that is not a meeting table (the veto list) gives no layout.
	hasRecord, hasDate := false, false
	for _, c := range cols {
		hasRecord = hasRecord || c == colRecord
		hasDate = hasDate || c == colDate
	}
	if !hasRecord || !hasDate {
		return []dhlColumn{}
	}
	return cols
}

func fillListing(l *MeetingListing, c dhlColumn, td *goquery.Selection) {
	text := cellText(td)
	href := strings.TrimSpace(td.Find("a").First().AttrOr("href", ""))
	switch c {
	case colRecord:
		l.Record = text
		if text == "--" {
			return
		}
		l.RecordURL = href
		l.Closed = strings.Contains(strings.ToLower(text), "closed")
		link := cellText(td.Find("a").First())
		if sym, ok := un.CanonicalSymbol(link); ok {
			l.Symbol = sym
		} else if sym, ok := un.CanonicalSymbol(text); ok {
			l.Symbol = sym
		}
	case colDate:
		l.DateText = text
		l.Date = isoDayMonth(text, l.Year)
	case colPress:
		if text != "--" {
			l.PressRelease = text
			l.PressReleaseURL = href
		}
	case colWebcast:
		if text != "--" {
			l.Webcast = strings.Join(strings.Fields(href), "")
		}
	case colTopic:
		l.Topic = text
	case colLetterProcedure:
		if text != "--" {
			l.LetterProcedure = text
		}
	case colLetterOutcome:
		if text != "--" {
			l.LetterOutcome = text
		}
	case colOutcome:
		l.Outcome = text
		td.Find("a").Each(func(_ int, a *goquery.Selection) {
			if s := cellText(a); s != "" {
				l.OutcomeDocs = append(l.OutcomeDocs, s)
			}
		})
	}
}

// cellText is a cell's text with <br> as a space and white space collapsed.
func cellText(s *goquery.Selection) string {
	var b strings.Builder
	for _, n := range s.Nodes {
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			switch n.Type {
			case html.TextNode:
				b.WriteString(n.Data)
			case html.ElementNode:
				if n.Data == "br" {
					b.WriteByte(' ')
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(n)
	}
	return strings.Join(strings.Fields(strings.ReplaceAll(b.String(), "\u00a0", " ")), " ")
}

// isoDayMonth dates a table cell ("28 October", "15 Sep.", "14-15 October",
// "29 + 30 March") by its first day; "" when it cannot.
func isoDayMonth(s string, year int) string {
	d := dayRe.FindStringSubmatch(s)
	m := monthWordRe.FindString(s)
	if d == nil || m == "" || year <= 0 {
		return ""
	}
	day, _ := strconv.Atoi(d[1])
	mon, ok := months[strings.ToLower(m[:3])]
	if !ok || day < 1 || day > 31 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", year, mon, day)
}
