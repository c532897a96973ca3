package corpora

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseMirror(t *testing.T) {
	for _, tt := range []struct {
		in, want, err string
	}{
		{in: "http://127.0.0.1:8000", want: "http://127.0.0.1:8000"},
		{in: " https://mirror.example.org/un/ ", want: "https://mirror.example.org/un"},
		{in: "127.0.0.1:8000", err: "want an http:// or https:// base URL"},
		{in: "file:///srv/un", err: "want an http:// or https:// base URL"},
		{in: "/srv/un", err: "want an http:// or https:// base URL"},
		{in: "http://127.0.0.1:8000/?x=1", err: "no query"},
		{in: "http://u:p@127.0.0.1:8000", err: "no query, fragment or user"},
	} {
		t.Run(tt.in, func(t *testing.T) {
			u, err := ParseMirror(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("ParseMirror(%q) = %v, %v; want an error saying %q", tt.in, u, err, tt.err)
				}
				return
			}
			if err != nil || u.String() != tt.want {
				t.Fatalf("ParseMirror(%q) = %v, %v; want %s", tt.in, u, err, tt.want)
			}
		})
	}
}

func TestMirrorURL(t *testing.T) {
	for _, tt := range []struct {
		base, u, want string
	}{
		{"http://127.0.0.1:8000", (&ODS{}).URL("S/PV.8699 (Resumption 1)"),
			"http://127.0.0.1:8000/documents.un.org/api/symbol/access?l=en&s=S%2FPV.8699%28Resumption1%29&t=pdf"},
		{"http://127.0.0.1:8000/un", DHLTableURL(2016),
			"http://127.0.0.1:8000/un/www.un.org/depts/dhl/resguide/scact2016_table_en.htm"},
		{"https://mirror.example.org", DefaultUNDLBase + `/search?p=191__a%3A%22A%2F73%2FPV.%2A%22&of=xm`,
			"https://mirror.example.org/digitallibrary.un.org/search?p=191__a%3A%22A%2F73%2FPV.%2A%22&of=xm"},
		{"http://127.0.0.1:8000", "https://documents.un.org/doc/a%2Fb.pdf",
			"http://127.0.0.1:8000/documents.un.org/doc/a%2Fb.pdf"},
	} {
		t.Run(tt.u, func(t *testing.T) {
			base, err := ParseMirror(tt.base)
			if err != nil {
				t.Fatal(err)
			}
			u, err := url.Parse(tt.u)
			if err != nil {
				t.Fatal(err)
			}
			if got := MirrorURL(base, u).String(); got != tt.want {
				t.Errorf("MirrorURL(%s, %s)\n got %s\nwant %s", tt.base, tt.u, got, tt.want)
			}
		})
	}
}

// TestODSThroughMirror fetches records from a replay of the UN sites as a
// mirror serves them: the ODS answer redirects to the document's absolute
// address on documents.un.org (as recorded) or is a landing page with a
// link relative to it; both must be fetched from the mirror, never from
// the UN, and the download keeps the UN addresses.
func TestODSThroughMirror(t *testing.T) {
	pdf := realPDF(t)
	var mu sync.Mutex
	var paths []string
	mux := http.NewServeMux()
	mux.HandleFunc("/documents.un.org/api/symbol/access", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("s") {
		case "S/PV.3756":
			http.Redirect(w, r, "https://documents.un.org/doc/UNDOC/GEN/N97/857/56/PDF/N9785756.pdf", http.StatusFound)
		default:
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, `<html><body><a href="/doc/S_PV.1-EN.pdf">PDF</a></body></html>`)
		}
	})
	mux.HandleFunc("/documents.un.org/doc/", servePDF(pdf, `"v1"`))
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.RequestURI())
		mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	defer ts.Close()
	mirror, err := ParseMirror(ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	// No network: anything not sent to the mirror fails.
	ods := &ODS{Client: testClient(newFakeClock(), ClientOptions{Mirror: mirror, MaxRetries: -1}), Raw: NewRawStore(t.TempDir())}
	d, err := ods.Fetch(context.Background(), "S/PV.3756", nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.URL != ods.URL("S/PV.3756") || d.FinalURL != "https://documents.un.org/doc/UNDOC/GEN/N97/857/56/PDF/N9785756.pdf" || d.SHA256 != sha3756 {
		t.Errorf("download through the mirror: %+v", d)
	}
	if again, err := ods.Fetch(context.Background(), "S/PV.3756", &d); err != nil || !again.NotModified {
		t.Errorf("conditional fetch through the mirror: %+v, %v", again, err)
	}
	if d, err := ods.Fetch(context.Background(), "S/PV.1", nil); err != nil || d.FinalURL != "https://documents.un.org/doc/S_PV.1-EN.pdf" {
		t.Errorf("landing page through the mirror: %+v, %v", d, err)
	}
	want := []string{
		"/documents.un.org/api/symbol/access?l=en&s=S%2FPV.3756&t=pdf",
		"/documents.un.org/doc/UNDOC/GEN/N97/857/56/PDF/N9785756.pdf",
		"/documents.un.org/api/symbol/access?l=en&s=S%2FPV.3756&t=pdf",
		"/documents.un.org/doc/UNDOC/GEN/N97/857/56/PDF/N9785756.pdf",
		"/documents.un.org/api/symbol/access?l=en&s=S%2FPV.1&t=pdf",
		"/documents.un.org/doc/S_PV.1-EN.pdf",
	}
	if diff := cmp.Diff(want, paths); diff != "" {
		t.Errorf("requests the mirror saw (-want +got):\n%s", diff)
	}
}
