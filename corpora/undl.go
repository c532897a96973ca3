package corpora

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/unpv/unpv/un"
)

// DefaultUNDLBase is the UN Digital Library (Invenio).
const DefaultUNDLBase = "https://digitallibrary.un.org"

// UNDLRecord is one MARC21 record of a UN Digital Library search, with the
// fields unpv uses pulled out and every data field kept in Fields.
type UNDLRecord struct {
	ID       string       `json:"id"`                 // 001: record number
	Symbols  []string     `json:"symbols"`            // every 191 $a, as printed
	Symbol   string       `json:"symbol"`             // first 191 $a, canonicalised when it is a verbatim record
	Session  string       `json:"session,omitempty"`  // 191 $c
	Title    string       `json:"title"`              // 245 $a $b $c
	Date     string       `json:"date,omitempty"`     // 269 $a, else 260 $c; ISO when it parses
	Pages    string       `json:"pages,omitempty"`    // 300 $a
	Body     string       `json:"body,omitempty"`     // 981 $a: "General Assembly", "Security Council"
	Subjects []string     `json:"subjects,omitempty"` // 650 $a
	Authors  []string     `json:"authors,omitempty"`  // 710 $a: corporate authors and sponsors
	Agenda   []UNDLAgenda `json:"agenda,omitempty"`   // 991
	Related  []string     `json:"related,omitempty"`  // 993 $a
	Files    []UNDLFile   `json:"files,omitempty"`    // 856
	Fields   []MARCField  `json:"-"`
}

// UNDLAgenda is a 991 agenda reference.
type UNDLAgenda struct {
	Document string `json:"document,omitempty"` // $a: "A/78/251"
	Item     string `json:"item,omitempty"`     // $b
	Title    string `json:"title,omitempty"`    // $c
	Subject  string `json:"subject,omitempty"`  // $d
}

// UNDLFile is an 856 file link.
type UNDLFile struct {
	URL  string `json:"url"`
	Lang string `json:"lang,omitempty"` // $y as served
	Size string `json:"size,omitempty"` // $s
}

// MARCField is one MARC data field.
type MARCField struct {
	Tag       string         `xml:"tag,attr"`
	Ind1      string         `xml:"ind1,attr"`
	Ind2      string         `xml:"ind2,attr"`
	Subfields []MARCSubfield `xml:"subfield"`
}

// MARCSubfield is one coded subfield.
type MARCSubfield struct {
	Code  string `xml:"code,attr"`
	Value string `xml:",chardata"`
}

// Get returns the first value of a subfield code.
func (f MARCField) Get(code string) string {
	for _, s := range f.Subfields {
		if s.Code == code {
			return strings.TrimSpace(s.Value)
		}
	}
	return ""
}

type marcRecord struct {
	Control []struct {
		Tag   string `xml:"tag,attr"`
		Value string `xml:",chardata"`
	} `xml:"controlfield"`
	Data []MARCField `xml:"datafield"`
}

var totalRe = regexp.MustCompile(`Search-Engine-Total-Number-Of-Results:\s*(\d+)`)

// ParseMARCXML reads a MARCXML search response (or several concatenated
// pages) and returns the total hit count from the leading
// "Search-Engine-Total-Number-Of-Results" comment (-1 when absent) and the
// records, namespace-prefixed or not.
func ParseMARCXML(r io.Reader) (total int, recs []UNDLRecord, err error) {
	total = -1
	dec := xml.NewDecoder(r)
	dec.Strict = true
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return total, recs, nil
		}
		if err != nil {
			return total, recs, fmt.Errorf("marcxml: %w", err)
		}
		switch t := tok.(type) {
		case xml.Comment:
			if m := totalRe.FindSubmatch(t); m != nil && total < 0 {
				total, _ = strconv.Atoi(string(m[1]))
			}
		case xml.StartElement:
			if t.Name.Local != "record" {
				continue
			}
			var mr marcRecord
			if err := dec.DecodeElement(&mr, &t); err != nil {
				return total, recs, fmt.Errorf("marcxml record %d: %w", len(recs)+1, err)
			}
			recs = append(recs, mr.record())
		}
	}
}

func (mr marcRecord) record() UNDLRecord {
	var r UNDLRecord
	for _, c := range mr.Control {
		if c.Tag == "001" {
			r.ID = strings.TrimSpace(c.Value)
		}
	}
	r.Fields = mr.Data
	var date260 string
	for _, f := range mr.Data {
		switch f.Tag {
		case "191":
			if a := f.Get("a"); a != "" {
				r.Symbols = append(r.Symbols, a)
				if r.Session == "" {
					r.Session = f.Get("c")
				}
			}
		case "245":
			var parts []string
			for _, code := range []string{"a", "b", "c"} {
				if v := f.Get(code); v != "" {
					parts = append(parts, v)
				}
			}
			r.Title = strings.Join(parts, " ")
		case "269":
			if r.Date == "" {
				r.Date = f.Get("a")
			}
		case "260":
			date260 = f.Get("c")
		case "300":
			r.Pages = f.Get("a")
		case "981":
			if r.Body == "" {
				r.Body = f.Get("a")
			}
		case "650":
			if a := f.Get("a"); a != "" {
				r.Subjects = append(r.Subjects, a)
			}
		case "710":
			if a := f.Get("a"); a != "" {
				r.Authors = append(r.Authors, a)
			}
		case "991":
			r.Agenda = append(r.Agenda, UNDLAgenda{Document: f.Get("a"), Item: f.Get("b"), Title: f.Get("c"), Subject: f.Get("d")})
		case "993":
			if a := f.Get("a"); a != "" {
				r.Related = append(r.Related, a)
			}
		case "856":
			if u := f.Get("u"); u != "" {
				r.Files = append(r.Files, UNDLFile{URL: u, Lang: f.Get("y"), Size: f.Get("s")})
			}
		}
	}
	if r.Date == "" {
		r.Date = strings.TrimRight(date260, " .,;")
	}
	if d, ok := isoDate(r.Date); ok {
		r.Date = d
	}
	if len(r.Symbols) > 0 {
		r.Symbol = strings.TrimSpace(r.Symbols[0])
		if sym, ok := un.CanonicalSymbol(r.Symbol); ok {
			r.Symbol = sym
		}
	}
	return r
}

// EnglishPDF returns the URL of the record's English PDF, if listed.
func (r UNDLRecord) EnglishPDF() string {
	for _, f := range r.Files {
		if strings.HasSuffix(strings.ToUpper(f.URL), "-EN.PDF") {
			return f.URL
		}
	}
	return ""
}

// UNDL searches the UN Digital Library's MARCXML API.
type UNDL struct {
	Client   *Client
	Base     string // DefaultUNDLBase
	PageSize int    // records per request, at most 200 (the API's cap): 200
}

// UNDLQuery is a search.
type UNDLQuery struct {
	Query      string // Invenio query, e.g. 191__a:"A/73/PV.*"
	Collection string // c=, optional
	Max        int    // stop after this many records; 0 = all
}

// GAPlenaryQuery is the query for a General Assembly session's plenary
// verbatim records: 191__a:"A/73/PV.*".
func GAPlenaryQuery(session int) string {
	return fmt.Sprintf(`191__a:"A/%d/PV.*"`, session)
}

// SymbolQuery is the query for one symbol: 191__a:"A/73/PV.101".
func SymbolQuery(symbol string) string {
	return fmt.Sprintf(`191__a:"%s"`, strings.ReplaceAll(symbol, `"`, ``))
}

// SearchURL is the address of one page (jrec is 1-based).
func (u *UNDL) SearchURL(q UNDLQuery, jrec, rg int) string {
	base := u.Base
	if base == "" {
		base = DefaultUNDLBase
	}
	v := url.Values{"p": {q.Query}, "of": {"xm"}, "rg": {strconv.Itoa(rg)}, "jrec": {strconv.Itoa(jrec)}}
	if q.Collection != "" {
		v.Set("c", q.Collection)
	}
	return strings.TrimRight(base, "/") + "/search?" + v.Encode()
}

// Search yields the records of a query page by page (rg records per
// request, jrec advancing) until the total from the first page is reached,
// a page comes back empty, or q.Max records were yielded. A record an
// earlier page yielded (same 001 id) is not yielded again, and a page of
// nothing but such records is an error: a server (or a replay) that
// ignores jrec serves the first page again and again, without end when it
// gives no total. An error ends the iteration; records already yielded
// stay valid.
func (u *UNDL) Search(ctx context.Context, q UNDLQuery) iter.Seq2[UNDLRecord, error] {
	return func(yield func(UNDLRecord, error) bool) {
		rg := u.PageSize
		if rg <= 0 || rg > 200 {
			rg = 200
		}
		total, seen := -1, 0
		ids := map[string]bool{}
		for jrec := 1; ; {
			if q.Max > 0 {
				rg = min(rg, q.Max-seen)
			}
			resp, err := u.Client.Get(ctx, Request{URL: u.SearchURL(q, jrec, rg), Expect: ExpectXML})
			if err != nil {
				yield(UNDLRecord{}, fmt.Errorf("undl search %s: %w", q.Query, err))
				return
			}
			t, recs, err := ParseMARCXML(bytes.NewReader(resp.Body))
			if err != nil {
				yield(UNDLRecord{}, fmt.Errorf("undl search %s at %d: %w", q.Query, jrec, err))
				return
			}
			if total < 0 {
				total = t
			}
			fresh := 0
			for _, r := range recs {
				if r.ID != "" {
					if ids[r.ID] {
						continue
					}
					ids[r.ID] = true
				}
				fresh++
				if !yield(r, nil) {
					return
				}
				seen++
				if q.Max > 0 && seen >= q.Max {
					return
				}
			}
			if len(recs) > 0 && fresh == 0 {
				yield(UNDLRecord{}, fmt.Errorf("undl search %s at %d: the page holds only records earlier pages gave: the server does not page (jrec)", q.Query, jrec))
				return
			}
			jrec += len(recs)
			if len(recs) == 0 || (total >= 0 && jrec > total) || (total < 0 && len(recs) < rg) {
				return
			}
		}
	}
}
