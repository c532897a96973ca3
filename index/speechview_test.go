package index

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/internal/htmlcheck"
)

func TestReadable(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "The CSTO met.", "The CSTO met."},
		{"PDF line break is a space", "the Collective \nSecurity  Treaty", "the Collective Security Treaty"},
		{"blank line is a paragraph break", "First.\n\nSecond.", "First.\n\nSecond."},
		{"blank line with spaces and CRs", "First. \r\n \r\n\tSecond.", "First.\n\nSecond."},
		{"edges dropped", "\n  First. \n", "First."},
		{"multi-byte", "Union\u00a0africaine —\n«paix»", "Union africaine — «paix»"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, at := readable(tc.in)
			if got != tc.want {
				t.Errorf("readable(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if len(at) != len(tc.in)+1 || at[len(tc.in)] != len(got) {
				t.Fatalf("at has %d entries ending %d", len(at), at[len(at)-1])
			}
			for i := 1; i < len(at); i++ {
				if at[i] < at[i-1] {
					t.Errorf("at[%d] = %d < at[%d] = %d", i, at[i], i-1, at[i-1])
				}
			}
		})
	}
}

// TestNest checks the speech text's markup: escaped text, elements in
// their layer's order, an inner element closed and opened again where an
// outer one ends inside it.
func TestNest(t *testing.T) {
	sen := func(s, e int) element { return element{Span: Span{s, e}, open: `<S>`, close: `</S>`} }
	org := func(s, e int) element { return element{Span: Span{s, e}, open: `<O>`, close: `</O>`} }
	hit := func(s, e int) element { return element{Span: Span{s, e}, open: `<M>`, close: `</M>`} }
	first := func(s, e int) element {
		return element{Span: Span{s, e}, open: `<M>`, close: `</M>`, first: `<M id=1>`}
	}
	for _, tc := range []struct {
		name   string
		text   string
		layers [][]element
		want   string
	}{
		{"no elements", `a <b> & "c"`, nil, `a &lt;b&gt; &amp; &#34;c&#34;`},
		{"one of each, nested", "We thank the CSTO. Next.",
			[][]element{{sen(0, 18)}, {org(13, 17)}, {hit(13, 17)}}, "<S>We thank the <O><M>CSTO</M></O>.</S> Next."},
		{"a match across a sentence end", "the CSTO. NATO too.",
			[][]element{{sen(0, 9)}, nil, {hit(4, 14)}}, "<S>the <M>CSTO.</M></S><M> NATO</M> too."},
		{"a match half over a mention", "the Collective Security Treaty Organization",
			[][]element{nil, {org(4, 43)}, {hit(0, 14)}}, "<M>the </M><O><M>Collective</M> Security Treaty Organization</O>"},
		{"escaped inside elements", `the "AU" & <x>.`,
			[][]element{{sen(0, 15)}, {org(5, 7)}, nil}, `<S>the &#34;<O>AU</O>&#34; &amp; &lt;x&gt;.</S>`},
		{"a sentence across a paragraph break", "Our OSCE\n\npartners. Fin.",
			[][]element{{sen(0, 19)}, {org(4, 8)}, nil}, "<S>Our <O>OSCE</O>\n\npartners.</S> Fin."},
		{"line breaks inside a sentence", "the AU\n and\nthe EU.",
			[][]element{{sen(0, 19)}, {org(0, 6), org(16, 18)}, nil}, "<S><O>the AU</O> and the <O>EU</O>.</S>"},
		{"overlapping elements of one layer: the later dropped", "abcdef",
			[][]element{nil, {org(0, 4), org(2, 6)}, nil}, "<O>abcd</O>ef"},
		{"out of range dropped", "abc", [][]element{{sen(1, 9)}, {org(2, 1)}, nil}, "abc"},
		{"an id only where the element first opens", "the CSTO. NATO too.",
			[][]element{{sen(0, 9)}, nil, {first(4, 14), first(15, 18)}}, "<S>the <M id=1>CSTO.</M></S><M> NATO</M> <M id=1>too</M>."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := nest(tc.text, tc.layers...)
			if got != tc.want {
				t.Errorf("nest(%q):\n got %q\nwant %q", tc.text, got, tc.want)
			}
			if err := htmlcheck.Nested(got); err != nil {
				t.Error(err)
			}
		})
	}
}

// textHTML is the inner HTML of the speech page's text.
func textHTML(t *testing.T, page string) (string, *goquery.Document) {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(page, `<div class="text" id="text">`)
	j := strings.LastIndex(page, "</div>")
	if i < 0 || j < i {
		t.Fatal("the page has no text")
	}
	return page[i+len(`<div class="text" id="text">`) : j], doc
}

// sentenceText is an element's text without the sentence's number link.
func sentenceText(s *goquery.Selection) string {
	c := s.Clone()
	c.Find(".sref").Remove()
	return c.Text()
}

// TestSpeechMarksSentences: the speech page marks every stance sentence in
// the text, with an anchor, its organisation's mentions and the query's
// matches inside, escaped, well formed; the stances table links to it and
// back. A sentence hit links to its sentence; it linked the stances
// table's row, and the sentence was not marked in the text.
func TestSpeechMarksSentences(t *testing.T) {
	docs := fixtureDocs(t)[:20]
	odd := Doc{
		Speech: unpv.Speech{ID: "S/PV.9998#1", Symbol: "S/PV.9998", Meeting: "S/PV.9998", Body: unpv.SecurityCouncil,
			Date: "2020-03-02", Seq: 1, Speaker: "Mr. Odd (Nowhere)", Role: unpv.RoleMember,
			Text: "We thank the African Union.  The \"AU\" & <its> partners\n\nkeep peace in the Sahel. Fin."},
		Stances: []unpv.Stance{{SentenceID: "S/PV.9998#1.2", Target: "AU", Label: unpv.Recognition, Confidence: 0.9, Evidence: "keep peace"},
			{SentenceID: "S/PV.9998#1.1", Target: "AU", Label: unpv.Neutral, Confidence: 0.7}},
	}
	odd.Sentences = fixtureSentences(odd.Speech)
	docs = append(docs, odd)
	_, ix := buildIndex(t, docs)
	h := NewHandler(ix, HandlerOptions{})
	checked := 0
	for _, d := range docs {
		if len(d.Stances) == 0 {
			continue
		}
		t.Run(d.Speech.ID, func(t *testing.T) {
			_, page := get(t, h, "/speech/"+url.PathEscape(d.Speech.ID)+"?q="+url.QueryEscape("Union peace"))
			text, doc := textHTML(t, page)
			if err := htmlcheck.Nested(text); err != nil {
				t.Fatalf("text markup: %v", err)
			}
			shown := doc.Find("#text").Clone()
			shown.Find(".sref").Remove()
			if want, _ := readable(d.Speech.Text); shown.Text() != want {
				t.Errorf("the text shown is not the speech's:\n got %q\nwant %q", shown.Text(), want)
			}
			bySentence := map[string]unpv.Sentence{}
			for _, se := range d.Sentences {
				bySentence[se.ID] = se
			}
			for _, st := range d.Stances {
				se := bySentence[st.SentenceID]
				anchor := sentenceAnchor(se.N)
				m := doc.Find("#text mark.sentence#" + anchor)
				if m.Length() != 1 {
					t.Errorf("%s: %d marks #%s", st.SentenceID, m.Length(), anchor)
					continue
				}
				if want, _ := readable(se.Text); sentenceText(m) != want {
					t.Errorf("%s: marked %q, want %q", st.SentenceID, sentenceText(m), want)
				}
				if m.Find("b.org").Length() == 0 {
					t.Errorf("%s: no organisation mention marked in %q", st.SentenceID, se.Text)
				}
				row := doc.Find("tr#" + stanceAnchor(se.N, st.Target))
				if href, _ := row.Find("a").Attr("href"); href != "#"+anchor {
					t.Errorf("%s: its row links %q, want #%s", st.SentenceID, href, anchor)
				}
				back, _ := m.Find(".sref").Attr("href")
				if back == "" || doc.Find("tr#"+strings.TrimPrefix(back, "#")).Length() != 1 {
					t.Errorf("%s: the sentence links %q, no row", st.SentenceID, back)
				}
				checked++
			}
			if doc.Find("#text mark:not(.sentence)").Length() == 0 && strings.Contains(d.Speech.Text, "Union") {
				t.Error("the query's matches are not marked")
			}
		})
	}
	if checked == 0 {
		t.Fatal("no sentence checked")
	}

	// The odd speech: escaped, across a paragraph break, both kinds of mark.
	_, page := get(t, h, "/speech/"+url.PathEscape(odd.Speech.ID)+"?q=peace")
	text, _ := textHTML(t, page)
	want := `<mark class="sentence" id="s2" title="sentence 2 · AU: recognition"><a class="sref" href="#s2-AU" title="its stances">2</a>` +
		`The &#34;<b class="org" title="AU">AU</b>&#34; &amp; &lt;its&gt; partners` + "\n\n" + `keep <mark id="m1">peace</mark> in the Sahel.</mark>`
	if !strings.Contains(text, want) {
		t.Errorf("the odd sentence:\n%s\nwant it to hold\n%s", text, want)
	}

	// A sentence hit links to the sentence in the text; so does the API.
	_, body := get(t, h, "/?stance=recognition&target=AU&q=Sahel")
	res, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	href, _ := res.Find(".hit a.sym").Attr("href")
	if want := "/speech/" + url.PathEscape(odd.Speech.ID) + "?q=Sahel&stance=recognition&target=AU#s2"; href != want {
		t.Errorf("hit links %q, want %q", href, want)
	}
	_, body = get(t, h, "/api/search?stance=recognition&target=AU&q=Sahel")
	if !strings.Contains(body, `"speech_url": "/speech/S%2FPV.9998%231?q=Sahel#s2"`) {
		t.Errorf("API hit's speech_url:\n%s", body)
	}
}

// TestSpeechSentencesJSON: /api/speech gives where each stance sentence
// and its mentions are in the text.
func TestSpeechSentencesJSON(t *testing.T) {
	ix, docs := sharedIndex(t)
	n := 0
	for _, d := range docs {
		if len(d.Stances) == 0 {
			continue
		}
		v, err := ix.Speech(context.Background(), d.Speech.ID, Query{})
		if err != nil {
			t.Fatal(err)
		}
		var want, got []string
		for _, se := range d.Sentences {
			for _, st := range d.Stances {
				if st.SentenceID == se.ID {
					want = append(want, se.ID+" "+se.Text)
					break
				}
			}
		}
		for _, s := range v.Sentences {
			got = append(got, s.ID+" "+v.Text[s.Start:s.End])
			for _, m := range s.Mentions {
				if m.Start < s.Start || m.End > s.End || !strings.Contains(strings.Join(orgNames(m.Target), "|"), v.Text[m.Start:m.End]) {
					t.Errorf("%s: mention %+v is %q", s.ID, m, v.Text[m.Start:m.End])
				}
			}
			n++
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s sentences (-want +got):\n%s", d, d)
		}
	}
	if n == 0 {
		t.Fatal("no sentence")
	}
}

// TestSpeechLowConfidence: the speech page's stances table marks a label
// the model is unsure of as the search page does; it showed 0.59 like
// 0.95, so a label quoted from the speech page came without the warning
// its search hit gave.
func TestSpeechLowConfidence(t *testing.T) {
	var docs []Doc
	for _, d := range fixtureDocs(t)[:40] {
		if len(d.Stances) > 0 {
			d.Stances = slices.Clone(d.Stances)
			for i := range d.Stances { // the fixture gives every stance 0.5
				d.Stances[i].Confidence = []float64{0.3, 0.599, 0.6, 0.95}[(len(docs)+i)%4]
				d.Stances[i].Hand = (len(docs)+i)%5 == 0
			}
			docs = append(docs, d)
		}
	}
	_, ix := buildIndex(t, docs)
	h := NewHandler(ix, HandlerOptions{})
	var low, sure int
	for _, d := range docs {
		if len(d.Stances) == 0 {
			continue
		}
		_, page := get(t, h, "/speech/"+url.PathEscape(d.Speech.ID))
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range d.Stances {
			_, n := unpv.SplitSentenceID(st.SentenceID)
			cell := doc.Find("tr#" + stanceAnchor(n, st.Target) + " td").Eq(3)
			want := !st.Hand && st.Confidence < LowConfidence
			if got := cell.HasClass("low"); got != want {
				t.Errorf("%s %s: confidence %.3f (%q) marked low: %v", st.SentenceID, st.Target, st.Confidence, cell.Text(), got)
			}
			// Marked unsure, it reads under 0.6 (0.599 read 0.60).
			if shown, err := strconv.ParseFloat(cell.Text(), 64); want && (err != nil || shown >= LowConfidence) {
				t.Errorf("%s %s: confidence %.3f shown %q, marked low", st.SentenceID, st.Target, st.Confidence, cell.Text())
			}
			if want {
				low++
			} else {
				sure++
			}
		}
	}
	if low == 0 || sure == 0 {
		t.Fatalf("%d low and %d sure stances: the test proves nothing", low, sure)
	}
	// The search page's hits likewise.
	_, page := get(t, h, "/?stance=neutral,recognition,counter&min_confidence=0.59")
	res, _ := goquery.NewDocumentFromReader(strings.NewReader(page))
	shown := res.Find(".hit .conf.low")
	if shown.Length() == 0 {
		t.Fatal("no hit marked low")
	}
	shown.Each(func(_ int, s *goquery.Selection) {
		if s.Text() != "confidence 0.59" {
			t.Errorf("a hit of 0.599 (marked low) shows %q", s.Text())
		}
	})
}

func TestShownConfidence(t *testing.T) {
	for _, tc := range []struct {
		in   float64
		want string
	}{{0.597, "0.59"}, {0.599, "0.59"}, {0.6, "0.60"}, {0.29, "0.29"}, {0.5, "0.50"}, {0.999, "0.99"}, {1, "1.00"}, {0, "0.00"}} {
		t.Run(tc.want, func(t *testing.T) {
			if got := ShownConfidence(tc.in); got != tc.want {
				t.Errorf("ShownConfidence(%v) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestSentenceIDOpensSpeech: a sentence's id (a sentence hit's id) where a
// speech's is expected opens its speech at the sentence; the index's
// sentence document was shown as a speech with no speaker, date or record.
func TestSentenceIDOpensSpeech(t *testing.T) {
	ix, docs := sharedIndex(t)
	h := NewHandler(ix, HandlerOptions{})
	var st unpv.Stance
	for _, d := range docs {
		if len(d.Stances) > 0 {
			st = d.Stances[0]
			break
		}
	}
	sp, n := unpv.SplitSentenceID(st.SentenceID)
	if _, err := ix.Speech(context.Background(), st.SentenceID, Query{}); !errors.Is(err, unpv.ErrNotFound) {
		t.Errorf("Speech(%q): %v, want not found", st.SentenceID, err)
	}
	for _, tc := range []struct{ name, target, want string }{
		{"page", "/speech/" + url.PathEscape(st.SentenceID) + "?q=peace",
			"/speech/" + url.PathEscape(sp) + "?q=peace#" + sentenceAnchor(n)},
		{"API", "/api/speech/" + url.PathEscape(st.SentenceID), "/api/speech/" + url.PathEscape(sp)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, body := get(t, h, tc.target)
			if res.StatusCode != http.StatusFound || res.Header.Get("Location") != tc.want {
				t.Fatalf("%s: %d to %q, want 302 to %q\n%.300s", tc.target, res.StatusCode, res.Header.Get("Location"), tc.want, body)
			}
			res, body = get(t, h, tc.want)
			if res.StatusCode != 200 || !strings.Contains(body, sentenceAnchor(n)) {
				t.Errorf("%s: %d without the sentence\n%.300s", tc.want, res.StatusCode, body)
			}
		})
	}
}

// FuzzNest: whatever the text and the spans, the markup nests and reads
// as the text made readable.
func FuzzNest(f *testing.F) {
	f.Add("We thank the CSTO. Next <one> & \"two\".\n\nThird.", 0, 18, 13, 17, 4, 30)
	f.Add("a\n\n b", 0, 5, 1, 3, 2, 4)
	f.Fuzz(func(t *testing.T, text string, s1, e1, s2, e2, s3, e3 int) {
		out := nest(text,
			[]element{{Span: Span{s1, e1}, open: `<mark class="sentence" id="s1"><a class="sref" href="#s1-AU">1</a>`, close: "</mark>"}},
			[]element{{Span: Span{s2, e2}, open: `<b class="org">`, close: "</b>"}},
			[]element{{Span: Span{s3, e3}, open: "<mark>", close: "</mark>", first: `<mark id="m1">`}})
		if strings.Count(out, `id="m1"`) > 1 {
			t.Fatalf("%q: the id twice", out)
		}
		if err := htmlcheck.Nested(out); err != nil {
			t.Fatalf("%q: %v", out, err)
		}
		doc, err := goquery.NewDocumentFromReader(strings.NewReader("<div>" + out + "</div>"))
		if err != nil {
			t.Fatal(err)
		}
		doc.Find(".sref").Remove()
		want, _ := readable(text)
		if got := doc.Find("div").Text(); got != strings.ToValidUTF8(want, "\uFFFD") && utf8.ValidString(text) && !strings.ContainsRune(text, 0) {
			t.Errorf("reads %q, want %q", got, want)
		}
	})
}

// TestSpeechHitOpensAtMatch: a speech hit opens its speech at the query's
// first match in the text; it opened the top, and a CSTO hit that spells
// the name out could not be found with the browser's search for CSTO.
func TestSpeechHitOpensAtMatch(t *testing.T) {
	ix, _ := sharedIndex(t)
	h := NewHandler(ix, HandlerOptions{})
	_, body := get(t, h, "/?q=ECOWAS")
	res, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	links := res.Find(".hit a.sym")
	if links.Length() < 2 {
		t.Fatalf("%d hits", links.Length())
	}
	links.Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		u, err := url.Parse(href)
		if err != nil || u.Fragment != "m1" {
			t.Errorf("hit links %q, want #m1", href)
			return
		}
		_, page := get(t, h, u.RequestURI())
		doc, _ := goquery.NewDocumentFromReader(strings.NewReader(page))
		if m := doc.Find("#text mark#m1"); m.Length() != 1 || doc.Find("#m1").Length() != 1 || !strings.Contains(strings.Join(orgNames("ECOWAS"), "|"), m.Text()) {
			t.Errorf("%s: %d first matches, reading %q", href, m.Length(), m.Text())
		}
	})
	// A match in the agenda alone: the top.
	_, body = get(t, h, "/api/search?q="+url.QueryEscape("agenda_text:situation")+"&size=1")
	if !strings.Contains(body, `"speech_url"`) || strings.Contains(body, "#m1") {
		t.Errorf("an agenda match links the text's first match:\n%.500s", body)
	}
}
