package corpora

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const undlExcerpt = "testdata/undl/undl_search_A_C.3_78_L_first5.marcxml.xml"

func TestParseMARCXML(t *testing.T) {
	f, err := os.Open(undlExcerpt)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	total, recs, err := ParseMARCXML(f)
	if err != nil {
		t.Fatal(err)
	}
	if total != 94 || len(recs) != 5 {
		t.Fatalf("total %d, %d records", total, len(recs))
	}
	r := recs[0]
	got := UNDLRecord{ID: r.ID, Symbols: r.Symbols, Symbol: r.Symbol, Session: r.Session, Date: r.Date, Pages: r.Pages, Body: r.Body}
	want := UNDLRecord{ID: "4026910", Symbols: []string{"A/C.3/78/L.49/Rev.1"}, Symbol: "A/C.3/78/L.49/Rev.1", Session: "78", Date: "2023-11-08", Pages: "7 p.", Body: "General Assembly"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("record (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(r.Title, "Promotion and protection of human rights in the context of digital technologies : revised draft resolution / Argentina, Armenia") {
		t.Errorf("title %q", r.Title)
	}
	if want := (UNDLAgenda{Document: "A/78/251", Item: "71b", Title: "Human rights questions, including alternative approaches for improving the effective enjoyment of human rights and fundamental freedoms.", Subject: "HUMAN RIGHTS ADVANCEMENT"}); len(r.Agenda) == 0 || r.Agenda[0] != want {
		t.Errorf("agenda %+v", r.Agenda)
	}
	if len(r.Files) != 6 || r.EnglishPDF() != "https://digitallibrary.un.org/record/4026910/files/A_C.3_78_L.49_Rev.1-EN.pdf" {
		t.Errorf("files %+v", r.Files)
	}
	if len(r.Authors) == 0 || len(r.Subjects) == 0 || len(r.Fields) < 20 {
		t.Errorf("authors %v subjects %v, %d fields", r.Authors, r.Subjects, len(r.Fields))
	}
}

func TestParseMARCXMLForms(t *testing.T) {
	// The live API's default-namespace form, with a verbatim-record symbol.
	page := `<?xml version="1.0" encoding="UTF-8"?>
<!-- Search-Engine-Total-Number-Of-Results: 1 -->
<collection xmlns="http://www.loc.gov/MARC21/slim">
<record><controlfield tag="001">3803462</controlfield>
<datafield tag="191" ind1=" " ind2=" "><subfield code="a">A/73/PV.101</subfield><subfield code="c">73</subfield></datafield>
<datafield tag="260" ind1=" " ind2=" "><subfield code="c">25 July 2019.</subfield></datafield>
</record></collection>`
	total, recs, err := ParseMARCXML(strings.NewReader(page))
	if err != nil || total != 1 || len(recs) != 1 || recs[0].Symbol != "A/73/PV.101" || recs[0].Date != "2019-07-25" || recs[0].ID != "3803462" {
		t.Fatalf("total %d recs %+v err %v", total, recs, err)
	}
	// No comment: total unknown. Broken XML: an error.
	if total, recs, err := ParseMARCXML(strings.NewReader(`<collection></collection>`)); err != nil || total != -1 || len(recs) != 0 {
		t.Errorf("empty: %d %v %v", total, recs, err)
	}
	if _, _, err := ParseMARCXML(strings.NewReader(`<collection><record><datafield tag="191">`)); err == nil {
		t.Error("truncated XML accepted")
	}
}

// marcServer replays real records as the UNDL search API would page them:
// jrec (1-based) and rg select the slice, the total goes in the comment.
type marcServer struct {
	mu    sync.Mutex
	recs  []string
	pages []string // jrec/rg of each request
}

func newMarcServer(t testing.TB, path string) *marcServer {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(string(b), "</ns0:record>")
	s := &marcServer{}
	for _, p := range parts[:len(parts)-1] {
		s.recs = append(s.recs, p[strings.Index(p, "<ns0:record"):]+"</ns0:record>")
	}
	return s
}

func (s *marcServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	jrec, _ := strconv.Atoi(q.Get("jrec"))
	rg, _ := strconv.Atoi(q.Get("rg"))
	s.mu.Lock()
	s.pages = append(s.pages, fmt.Sprintf("%s %d/%d", q.Get("p"), jrec, rg))
	s.mu.Unlock()
	if q.Get("of") != "xm" || jrec < 1 || rg < 1 {
		http.Error(w, "bad query", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	fmt.Fprintf(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- Search-Engine-Total-Number-Of-Results: %d -->\n<collection xmlns=\"http://www.loc.gov/MARC21/slim\">\n", len(s.recs))
	for i := jrec - 1; i < min(jrec-1+rg, len(s.recs)); i++ {
		io.WriteString(w, s.recs[i])
	}
	io.WriteString(w, "</collection>\n")
}

func TestUNDLSearchPagination(t *testing.T) {
	srv := newMarcServer(t, undlExcerpt)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	clock := newFakeClock()
	u := &UNDL{Client: testClient(clock, ClientOptions{}), Base: ts.URL, PageSize: 2}
	var ids []string
	for r, err := range u.Search(context.Background(), UNDLQuery{Query: `191__a:"A/C.3/78/L.*"`}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	if len(ids) != 5 {
		t.Errorf("ids %v", ids)
	}
	want := []string{`191__a:"A/C.3/78/L.*" 1/2`, `191__a:"A/C.3/78/L.*" 3/2`, `191__a:"A/C.3/78/L.*" 5/2`}
	if diff := cmp.Diff(want, srv.pages); diff != "" {
		t.Errorf("pages (-want +got):\n%s", diff)
	}
	// Three requests at 1/s: two one-second waits from the rate limiter.
	if n := len(clock.Slept()); n != 2 {
		t.Errorf("waits %v", clock.Slept())
	}
	// Max stops early and asks for no more than needed.
	srv.pages = nil
	n := 0
	for _, err := range u.Search(context.Background(), UNDLQuery{Query: "x", Max: 3}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 3 || !cmp.Equal(srv.pages, []string{"x 1/2", "x 3/1"}) {
		t.Errorf("%d records, pages %v", n, srv.pages)
	}
}

func TestUNDLSearchShared(t *testing.T) {
	dir := sharedDir(t, "corpora/raw-samples/undl-marcxml")
	srv := newMarcServer(t, filepath.Join(dir, "undl_search_of-xm_A_C.3_78_L_drafts.marcxml.xml"))
	ts := httptest.NewServer(srv)
	defer ts.Close()
	u := &UNDL{Client: testClient(newFakeClock(), ClientOptions{}), Base: ts.URL, PageSize: 40}
	seen := map[string]bool{}
	for r, err := range u.Search(context.Background(), UNDLQuery{Query: `191__a:"A/C.3/78/L.*"`}) {
		if err != nil {
			t.Fatal(err)
		}
		if seen[r.ID] || !strings.HasPrefix(r.Symbol, "A/C.3/78/L.") {
			t.Errorf("record %s symbol %q (dup %v)", r.ID, r.Symbol, seen[r.ID])
		}
		seen[r.ID] = true
	}
	if len(seen) != 94 || len(srv.pages) != 3 {
		t.Errorf("%d records in %d pages, want 94 in 3", len(seen), len(srv.pages))
	}
}

func TestUNDLSearchErrors(t *testing.T) {
	srv := &script{steps: []http.HandlerFunc{func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, challengePage)
	}}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	u := &UNDL{Client: testClient(newFakeClock(), ClientOptions{}), Base: ts.URL}
	for _, err := range u.Search(context.Background(), UNDLQuery{Query: GAPlenaryQuery(73)}) {
		if !errors.Is(err, ErrChallenge) {
			t.Errorf("err %v, want ErrChallenge", err)
		}
	}
	if got := srv.requests()[0].URL.Query().Get("p"); got != `191__a:"A/73/PV.*"` {
		t.Errorf("query %q", got)
	}
	if SymbolQuery("A/73/PV.101") != `191__a:"A/73/PV.101"` {
		t.Error("SymbolQuery")
	}
}

func FuzzParseMARCXML(f *testing.F) {
	b, err := os.ReadFile(undlExcerpt)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(b[:4000]))
	f.Add(`<!-- Search-Engine-Total-Number-Of-Results: 3 --><collection><record><controlfield tag="001">1</controlfield><datafield tag="191"><subfield code="a">S_PV.1</subfield></datafield></record></collection>`)
	f.Fuzz(func(t *testing.T, page string) {
		total, recs, err := ParseMARCXML(bytes.NewReader([]byte(page)))
		if total < -1 {
			t.Fatalf("total %d", total)
		}
		if err != nil {
			return
		}
		for _, r := range recs {
			if len(r.Symbols) > 0 && r.Symbol == "" && strings.TrimSpace(r.Symbols[0]) != "" {
				t.Fatalf("symbol lost: %+v", r.Symbols)
			}
		}
	})
}

func BenchmarkParseMARCXML(b *testing.B) {
	page, err := os.ReadFile(undlExcerpt)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if _, _, err := ParseMARCXML(bytes.NewReader(page)); err != nil {
			b.Fatal(err)
		}
	}
}

// TestUNDLSearchServerIgnoresPaging: a server (or a replay) that serves
// the same page whatever jrec asks for ends the search with an error after
// the second page, its records yielded once: with the page's total of 94
// it was asked 19 times and yielded each record 19 times, without a total
// it was asked without end.
func TestUNDLSearchServerIgnoresPaging(t *testing.T) {
	page, err := os.ReadFile(undlExcerpt)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		page []byte
	}{
		{"with a total", page},
		{"without a total", bytes.Replace(page, []byte("<!-- Search-Engine-Total-Number-Of-Results: 94 -->"), nil, 1)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var asked atomic.Int64
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if asked.Add(1) >= 50 {
					cancel() // the bound a test needs; the search has none
				}
				w.Header().Set("Content-Type", "text/xml")
				w.Write(tt.page)
			}))
			defer ts.Close()
			u := &UNDL{Client: testClient(newFakeClock(), ClientOptions{}), Base: ts.URL, PageSize: 5}
			var ids []string
			var last error
			for r, err := range u.Search(ctx, UNDLQuery{Query: `191__a:"A/C.3/78/L.*"`}) {
				if err != nil {
					last = err
					continue
				}
				ids = append(ids, r.ID)
			}
			if len(ids) != 5 || last == nil || errors.Is(last, context.Canceled) || asked.Load() != 2 {
				t.Errorf("%d records, %d requests, err %v; want 5 records, 2 requests and an error", len(ids), asked.Load(), last)
			}
		})
	}
}
