package index

import (
	"cmp"
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv"
)

// orderPage is the page size of TestPagesListTheExportOrder: small, so
// that every order is cut into several pages.
const orderPage = 7

// tiedIndex builds an index of the fixture re-dated so that sorting by
// date has ties — two records on one day, a year ("2020") whose first day
// is another record's day, speeches without a date or with one Bleve
// cannot hold (1500) — and then, when update is set, re-indexes two
// records as a hand label does (the same speeches, one stance now
// hand-coded), which puts their documents in a newer segment. It returns the index and each index
// document's place in the export's order: date (its span's first day),
// symbol, seq, id.
func tiedIndex(t *testing.T, update bool) (*Index, map[string]exportKey) {
	t.Helper()
	recs := byRecord(fixtureDocs(t))
	dates := map[string]string{
		"test:S/PV.8698":                "2020-01-13", // the day of S/PV.8699 (Resumption 2), and before it by symbol
		"test:S/PV.8699 (Resumption 2)": "2020-01-13",
		"test:S/PV.8714":                "2020", // a year: its first day is S/PV.8728's day
		"test:S/PV.8728":                "2020-01-01",
		"test:S/PV.8754":                "", // half without a date, half with one Bleve does not index
	}
	keys := recordKeys(recs)
	if len(keys) != len(dates) {
		t.Fatalf("fixture records %v, want those of %v", keys, dates)
	}
	var all []Doc
	for _, k := range keys {
		for i := range recs[k] {
			d := &recs[k][i]
			d.Speech.Date = dates[k]
			if k == "test:S/PV.8754" && i%2 == 1 {
				d.Speech.Date = "1500"
			}
			all = append(all, *d)
		}
	}
	defer func(n int) { BatchDocs = n }(BatchDocs)
	BatchDocs = 7 // several segments
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := RebuildFrom(ctx, dir, Build{Fingerprint: "one", Docs: feedRecords(recs, keys)}); err != nil {
		t.Fatal(err)
	}
	again := []string{"test:S/PV.8698", "test:S/PV.8728"}
	hand := recs[again[0]]
	for i := range hand {
		if len(hand[i].Stances) > 0 {
			hand[i].Stances = slices.Clone(hand[i].Stances)
			hand[i].Stances[0].Hand = true
			break
		}
	}
	if update {
		if _, err := Update(ctx, dir, Build{Fingerprint: "two", Remove: again, Docs: feedRecords(recs, again)}); err != nil {
			t.Fatal(err)
		}
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ix.SetTextSource(textsOf(all))

	places := map[string]exportKey{}
	for _, d := range all {
		s := d.Speech
		k := exportKey{symbol: s.Symbol, seq: s.Seq, id: s.ID}
		if first, _, ok := unpv.DateSpan(s.Date); ok && first.Year() > 1677 {
			k.day, k.dated = first.Format("20060102"), true
		}
		places[s.ID] = k
		ids, _, err := d.sentenceDocs()
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			k.id = id
			places[id] = k
		}
	}
	return ix, places
}

// exportKey is an index document's place in the export's order by date.
type exportKey struct {
	day    string // YYYYMMDD
	dated  bool   // false: no date the index holds, last either way
	symbol string
	seq    int
	id     string
}

// compareExport orders as unpv search --format csv does by date (newest
// first when newest): date, then symbol, seq and id ascending.
func compareExport(newest bool) func(a, b exportKey) int {
	return func(a, b exportKey) int {
		if a.dated != b.dated {
			if a.dated {
				return -1
			}
			return 1
		}
		c := cmp.Compare(a.day, b.day)
		if newest {
			c = -c
		}
		return cmp.Or(c, cmp.Compare(a.symbol, b.symbol), cmp.Compare(a.seq, b.seq), cmp.Compare(a.id, b.id))
	}
}

// TestPagesListTheExportOrder: by date, newest first and by default
// without words, the pages of Search, of /api/search and of the search
// page list the hits in the export's order (Each, unpv search --format
// csv), speeches and sentences, in a fresh index and after an incremental
// update that re-indexed some of them. Pages sorted on the date alone
// listed a day's hits in index order, which the update had changed (and
// a speech's sentences 2 to 9 after its 10th, which the export lists by
// id before them).
func TestPagesListTheExportOrder(t *testing.T) {
	for _, update := range []bool{false, true} {
		t.Run(map[bool]string{false: "fresh", true: "updated"}[update], func(t *testing.T) {
			pagesListTheExportOrder(t, update)
		})
	}
}

func pagesListTheExportOrder(t *testing.T, update bool) {
	ix, places := tiedIndex(t, update)
	defer func(n int) { eachPage = n }(eachPage)
	eachPage = 5 // the export walks many search-after pages
	ctx := context.Background()
	h := NewHandler(ix, HandlerOptions{PageSize: orderPage})
	hitLink := regexp.MustCompile(`<a class="sym" href="([^"]+)"`)
	for _, params := range []string{
		"", // newest first
		"sort=-date",
		"sort=date",
		"q=Council&sort=date",
		"q=Council&sort=-date",
		"stance=recognition", // sentences, newest first
		"stance=recognition&sort=date",
		"stance=neutral&sort=-date",
	} {
		t.Run(params, func(t *testing.T) {
			form, err := url.ParseQuery(params)
			if err != nil {
				t.Fatal(err)
			}
			q, err := formQuery(form)
			if err != nil {
				t.Fatal(err)
			}
			var export []Hit
			total, err := ix.Each(ctx, q, func(h Hit) error { export = append(export, h); return nil })
			if err != nil {
				t.Fatal(err)
			}
			if total < 3*orderPage || int(total) != len(export) {
				t.Fatalf("%d hits, %d exported: too few to page through", total, len(export))
			}
			ids := func(hits []Hit) []string {
				var out []string
				for _, h := range hits {
					out = append(out, h.ID)
				}
				return out
			}
			// The export's order is the one the command line always had.
			want := ids(export)
			sorted := slices.Clone(want)
			byExport := compareExport(form.Get("sort") != "date")
			slices.SortFunc(sorted, func(a, b string) int { return byExport(places[a], places[b]) })
			if diff := gocmp.Diff(sorted, want); diff != "" {
				t.Fatalf("export not in date, symbol, seq, id order (-sorted +export):\n%s", diff)
			}

			paged, api := pagedIDs(t, ix, h, q, params, int(total))
			if diff := gocmp.Diff(want, paged); diff != "" {
				t.Errorf("Search's pages differ from the export (-export +pages):\n%s", diff)
			}
			if diff := gocmp.Diff(want, api); diff != "" {
				t.Errorf("/api/search's pages differ from the export (-export +api):\n%s", diff)
			}

			// The page links each hit to its speech and, for a sentence,
			// the sentence's anchor.
			var links, wantLinks []string
			for _, h := range export {
				wantLinks = append(wantLinks, "/speech/"+h.SpeechID+hitAnchor(h))
			}
			for page := 1; (page-1)*orderPage < int(total); page++ {
				res, body := get(t, h, "/?"+params+"&page="+strconv.Itoa(page))
				if res.StatusCode != 200 {
					t.Fatalf("page %d: %d", page, res.StatusCode)
				}
				for _, m := range hitLink.FindAllStringSubmatch(body, -1) {
					u, err := url.Parse(html.UnescapeString(m[1]))
					if err != nil {
						t.Fatal(err)
					}
					link := u.Path
					if u.Fragment != "" {
						link += "#" + u.Fragment
					}
					links = append(links, link)
				}
			}
			if diff := gocmp.Diff(wantLinks, links); diff != "" {
				t.Errorf("the search page's hits differ from the export (-export +page):\n%s", diff)
			}
		})
	}
}

// TestScorePagesListTheExportOrder: sorted by score, hits of equal score
// (here every speech holds the same sentence, and nothing else) are
// listed on Search's pages and /api/search's as the export lists them,
// by id, in a fresh index and after an update that re-indexed some of
// them into a newer segment. The pages sorted on the score alone and
// listed ties in index order (S/PV.8698#1, #2, #3… where the export
// lists #1, #10, #11…).
func TestScorePagesListTheExportOrder(t *testing.T) {
	for _, update := range []bool{false, true} {
		t.Run(map[bool]string{false: "fresh", true: "updated"}[update], func(t *testing.T) {
			recs := byRecord(fixtureDocs(t))
			keys := recordKeys(recs)
			var all []Doc
			for _, k := range keys {
				for i := range recs[k] {
					d := &recs[k][i]
					d.Speech.Text = "The Council adjourned the meeting at noon."
					d.Stances, d.Sentences, d.Mentions = nil, nil, nil
					all = append(all, *d)
				}
			}
			defer func(n int) { BatchDocs = n }(BatchDocs)
			BatchDocs = 7 // several segments
			defer func(n int) { eachPage = n }(eachPage)
			eachPage = 5 // the export walks many search-after pages
			ctx := context.Background()
			dir := t.TempDir()
			reversed := slices.Clone(keys)
			slices.Reverse(reversed) // index order is not the ids' order
			if _, err := RebuildFrom(ctx, dir, Build{Fingerprint: "one", Docs: feedRecords(recs, reversed)}); err != nil {
				t.Fatal(err)
			}
			if update {
				again := []string{keys[0], keys[2]}
				if _, err := Update(ctx, dir, Build{Fingerprint: "two", Remove: again, Docs: feedRecords(recs, again)}); err != nil {
					t.Fatal(err)
				}
			}
			ix, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			ix.SetTextSource(textsOf(all))
			h := NewHandler(ix, HandlerOptions{PageSize: orderPage})

			q := Query{Text: "adjourned"}
			var export []string
			scores := map[float64]bool{}
			total, err := ix.Each(ctx, q, func(h Hit) error {
				export = append(export, h.ID)
				scores[h.Score] = true
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if int(total) != len(all) || len(export) != len(all) || len(scores) != 1 {
				t.Fatalf("%d hits, %d exported of %d speeches, %d distinct scores: want every speech, one score", total, len(export), len(all), len(scores))
			}
			if !slices.IsSorted(export) {
				t.Fatalf("export's ties not by id: %v", export)
			}
			paged, api := pagedIDs(t, ix, h, q, "q=adjourned", int(total))
			if diff := gocmp.Diff(export, paged); diff != "" {
				t.Errorf("Search's pages differ from the export (-export +pages):\n%s", diff)
			}
			if diff := gocmp.Diff(export, api); diff != "" {
				t.Errorf("/api/search's pages differ from the export (-export +api):\n%s", diff)
			}
		})
	}
}

// pagedIDs pages through q's total hits orderPage at a time with Search
// and with /api/search?params, and returns the ids each listed in order.
func pagedIDs(t *testing.T, ix *Index, h http.Handler, q Query, params string, total int) (paged, api []string) {
	t.Helper()
	for off := 0; off < total; off += orderPage {
		pq := q
		pq.Offset, pq.Size = off, orderPage
		res, err := ix.Search(context.Background(), pq)
		if err != nil {
			t.Fatal(err)
		}
		for _, hit := range res.Hits {
			paged = append(paged, hit.ID)
		}
		resp, body := get(t, h, "/api/search?"+params+"&size="+strconv.Itoa(orderPage)+"&offset="+strconv.Itoa(off))
		var out Result
		if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &out) != nil {
			t.Fatalf("api offset %d: %d %.200s", off, resp.StatusCode, body)
		}
		for _, hit := range out.Hits {
			api = append(api, hit.ID)
		}
	}
	return paged, api
}
