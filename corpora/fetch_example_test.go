package corpora

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
)

func ExampleODS_Fetch() {
	// A stand-in for documents.un.org that redirects to a real record PDF.
	pdf, _ := os.ReadFile("testdata/pdf/S_PV.3756_E.pdf")
	mux := http.NewServeMux()
	mux.HandleFunc("/api/symbol/access", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/doc/N9785756.pdf", http.StatusFound)
	})
	mux.HandleFunc("/doc/N9785756.pdf", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"1"`)
		w.Write(pdf)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	dataDir, _ := os.MkdirTemp("", "unpv")
	defer os.RemoveAll(dataDir)
	client := NewClient(ClientOptions{Contact: "you@example.org", Rate: 100})
	ods := &ODS{Client: client, Raw: NewRawStore(dataDir), Base: srv.URL}

	d, err := ods.Fetch(context.Background(), "S/PV.3756", nil)
	if errors.Is(err, ErrChallenge) {
		return // an HTML/WAF page: mark the source for a later retry
	}
	fmt.Println(d.Symbol, d.Path, strings.HasSuffix(d.FinalURL, "/doc/N9785756.pdf"))
	again, _ := ods.Fetch(context.Background(), "S/PV.3756", &d) // conditional: 304
	fmt.Println(again.NotModified, again.SHA256 == d.SHA256)
	// Output:
	// S/PV.3756 raw/sha256/5c/5c137929f44b9f56e280f71273ea222a189b656189f1ef2d56aea569f74a978c.pdf true
	// true true
}

func ExampleParseDHLTable() {
	f, _ := os.Open("testdata/dhl/scact1948_table_en.html")
	defer f.Close()
	rows, _ := ParseDHLTable(f, 1948)
	for _, l := range rows[:3] {
		fmt.Printf("%s | %s | %s | %s | continued=%v\n", l.Symbol, l.Date, l.Topic, l.Outcome, l.Continued)
	}
	// Output:
	// S/PV.396 | 1948-12-29 | The Indonesian question | -- | continued=false
	// S/PV.396 | 1948-12-29 | The Palestine question | S/RES/66 (1948) 8-0-3 | continued=true
	// S/PV.395 | 1948-12-28 | The Indonesian question | S/RES/65 (1948) 9-0-2 S/RES/64 (1948) 8-0-3 | continued=false
}

func ExampleParseMARCXML() {
	f, _ := os.Open("testdata/undl/undl_search_A_C.3_78_L_first5.marcxml.xml")
	defer f.Close()
	total, recs, _ := ParseMARCXML(f)
	fmt.Println(total, len(recs), recs[0].ID, recs[0].Symbol, recs[0].Date)
	// Output: 94 5 4026910 A/C.3/78/L.49/Rev.1 2023-11-08
}
