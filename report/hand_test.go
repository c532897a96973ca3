package report

import (
	"bytes"
	stdcsv "encoding/csv"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/unpv/unpv"
)

// TestHandCodedRows: researchers' labels count like the classifier's, are
// counted apart (Stats.HandCoded, Report.Coding and the method note),
// come first among the quotes and are marked as hand-coded in every
// output.
func TestHandCodedRows(t *testing.T) {
	rows := []Row{
		row("S/PV.8731#1", "GBR", "AU", "2020-02-24", R, unpv.RelThird),
		row("S/PV.8731#2", "NER", "AU", "2020-02-24", C, unpv.RelMember),
		row("S/PV.8731#3", "FRA", "AU", "2020-02-24", N, unpv.RelThird),
		row("S/PV.8731#4", "RUS", "AU", "2020-02-24", R, unpv.RelThird),
	}
	// A researcher changed NER's counter to recognition, confirmed FRA's
	// neutral, and labelled a pair the model missed (no confidence, no
	// relation: the report works it out).
	rows[1].Label, rows[1].Hand, rows[1].ModelLabel, rows[1].Sentence = R, true, C, "We support the AU."
	rows[2].Hand, rows[2].ModelLabel = true, N
	added := row("S/PV.8731#5", "ETH", "AU", "2020-02-24", R, "")
	added.Hand, added.Confidence, added.Sentence = true, 0, "The AU mission deserves support."
	rows = append(rows, added)

	r, err := Build(rows, nil, Options{Relation: func(code, org, date string) unpv.Relation { return unpv.RelMember }})
	if err != nil {
		t.Fatal(err)
	}
	want := Coding{Sentences: 5, Model: 2, Hand: 3, Changed: 1, Added: 1, ByModel: map[string]int{}}
	if diff := cmp.Diff(want, r.Coding); diff != "" || r.Total.HandCoded != 3 || r.Total.Recognition != 4 {
		t.Errorf("coding (-want +got):\n%s\ntotal hand %d recognition %d", diff, r.Total.HandCoded, r.Total.Recognition)
	}
	if !strings.Contains(r.Coding.Text(), "3 are hand-coded by researchers (1 changed the classifier's label, 1 label pairs it did not") {
		t.Errorf("method note: %s", r.Coding.Text())
	}
	org := r.Orgs[0]
	if q := org.Quotes[0]; !q.Hand || q.Relation != unpv.RelMember {
		t.Errorf("first AU quote is not the hand-coded one: %+v", q)
	}
	var html, md, csv bytes.Buffer
	if err := r.WriteHTML(&html); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteTableCSV(&csv, "quotes"); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`id="hand-coded"`, `>hand-coded</span>`, `the classifier said counter`, "1 changed the classifier"} {
		if !strings.Contains(html.String(), s) {
			t.Errorf("HTML lacks %q", s)
		}
	}
	if !strings.Contains(md.String(), "(member, hand-coded): “We support the AU.”") {
		t.Errorf("Markdown quote not marked:\n%s", md.String())
	}
	recs, err := stdcsv.NewReader(&csv).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	marked := false
	for _, rec := range recs[1:] {
		marked = marked || rec[8] == "We support the AU." && rec[18] == "TRUE" && rec[19] == "counter"
	}
	if !marked {
		t.Errorf("quotes.csv lacks the hand-coded mark: %q", recs)
	}

	// --min-confidence leaves out the model's unsure labels, never a
	// researcher's (the added pair has no confidence at all).
	unsure := slices.Clone(rows)
	for i := range unsure {
		unsure[i].Confidence = 0.3
	}
	unsure[4].Confidence = 0
	r, err = Build(unsure, nil, Options{MinConfidence: 0.5, Relation: func(code, org, date string) unpv.Relation { return unpv.RelMember }})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Coding{Sentences: 3, Model: 0, Hand: 3, Changed: 1, Added: 1, ByModel: map[string]int{}}, r.Coding); diff != "" {
		t.Errorf("with --min-confidence: coding (-want +got):\n%s", diff)
	}

	// Without hand-coded rows, the note says so and no box shows.
	r, _ = Build(rows[:1], nil, Options{})
	html.Reset()
	r.WriteHTML(&html)
	if r.Coding.Hand != 0 || strings.Contains(html.String(), `id="hand-coded"`) || !strings.Contains(html.String(), "none is hand-coded") {
		t.Errorf("model-only report: %+v", r.Coding)
	}
}

// TestHandCodingCounts: Coding counts the hand labels that changed the
// classifier's label and those of pairs it did not label; a hand label that
// agrees with the classifier is neither. TestHandCodedRows has one change
// and one confirmation, so counting the confirmations as changes passed it.
func TestHandCodingCounts(t *testing.T) {
	// code gives GBR's pair on AU in speech n a hand label, and the
	// classifier's ("" when it did not label the pair).
	code := func(n int, hand, model unpv.Label) Row {
		r := row(fmt.Sprintf("S/PV.8731#%d", n), "GBR", "AU", "2020-02-24", hand, unpv.RelThird)
		r.Hand, r.ModelLabel = true, model
		if model == "" {
			r.Confidence = 0
		}
		return r
	}
	tests := []struct {
		name string
		rows []Row
		want Coding
	}{{
		name: "confirmations only",
		rows: []Row{code(1, R, R), code(2, N, N), row("S/PV.8731#3", "GBR", "AU", "2020-02-24", C, unpv.RelThird)},
		want: Coding{Sentences: 3, Model: 1, Hand: 2, ByModel: map[string]int{}},
	}, {
		name: "two changes, one confirmation, one added",
		rows: []Row{code(1, R, C), code(2, N, R), code(3, C, C), code(4, R, "")},
		want: Coding{Sentences: 4, Hand: 4, Changed: 2, Added: 1, ByModel: map[string]int{}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Build(tt.rows, nil, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, r.Coding); d != "" {
				t.Errorf("coding (-want +got):\n%s", d)
			}
		})
	}
}

// TestModelCardOnlyForItsModel: a report shows the stance model's card
// only when that model labelled its rows (not for a model retrained for
// the store), and says so.
func TestModelCardOnlyForItsModel(t *testing.T) {
	rows := []Row{row("S/PV.8731#1", "GBR", "AU", "2020-02-24", R, unpv.RelThird)}
	rows[0].Model = "stance-retrained"
	card := &ModelQuality{Model: "stance-shipped", Evaluations: []ModelEval{{Grouping: "delegation", MacroF1: 0.7}}}
	r, err := Build(rows, nil, Options{Model: card})
	if err != nil {
		t.Fatal(err)
	}
	if r.Model != nil || len(r.Notes) == 0 || !strings.Contains(strings.Join(r.Notes, " "), "describes stance-shipped") {
		t.Errorf("card for another model: %+v, notes %q", r.Model, r.Notes)
	}
	rows[0].Model = "stance-shipped"
	if r, _ := Build(rows, nil, Options{Model: card}); r.Model == nil {
		t.Error("the card of the model behind the rows is not shown")
	}
}

// TestLabelsByModel: a report counts the classifier's labels by model
// version (Coding.ByModel: hand-coded rows are the researchers', not their
// model's) and, when a store was classified in part by another model (an
// upgrade whose run stopped before classifying every document again),
// says so in a note naming each model's count, in every format.
func TestLabelsByModel(t *testing.T) {
	mk := func(models ...string) []Row {
		var rows []Row
		for i, m := range models {
			r := row(fmt.Sprintf("S/PV.8731#%d", i+1), "GBR", "AU", "2020-02-24", R, unpv.RelThird)
			r.Model = m
			rows = append(rows, r)
		}
		return rows
	}
	handCoded := mk("stance-new", "stance-old")
	handCoded[1].Hand, handCoded[1].ModelLabel = true, N
	for _, tc := range []struct {
		name    string
		rows    []Row
		byModel map[string]int
		note    string // in the notes, "" for none about models
	}{
		{"one model", mk("stance-new", "stance-new"), map[string]int{"stance-new": 2}, ""},
		{"two models", mk("stance-new", "stance-old", "stance-new"), map[string]int{"stance-new": 2, "stance-old": 1},
			"The classifier's labels are by more than one model: stance-new 2, stance-old 1."},
		{"the other model's label replaced by hand", handCoded, map[string]int{"stance-new": 1}, ""},
		{"rows without a model (a file)", mk("", ""), map[string]int{}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Build(tc.rows, nil, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.byModel, r.Coding.ByModel); diff != "" {
				t.Errorf("by model (-want +got):\n%s", diff)
			}
			notes := strings.Join(r.Notes, " ")
			if tc.note == "" {
				if strings.Contains(notes, "more than one model") {
					t.Errorf("notes: %q", r.Notes)
				}
				return
			}
			if !strings.Contains(notes, tc.note) {
				t.Errorf("notes %q lack %q", r.Notes, tc.note)
			}
			var html, md, js bytes.Buffer
			if err := r.WriteHTML(&html); err != nil {
				t.Fatal(err)
			}
			if err := r.WriteMarkdown(&md); err != nil {
				t.Fatal(err)
			}
			if err := r.WriteFormat(&js, "json"); err != nil {
				t.Fatal(err)
			}
			for name, out := range map[string]string{"html": html.String(), "md": md.String(), "json": js.String()} {
				if !strings.Contains(out, "stance-old 1") {
					t.Errorf("%s lacks the models' counts", name)
				}
			}
			if !strings.Contains(js.String(), `"by_model":{"stance-new":2,"stance-old":1}`) {
				t.Errorf("report.json lacks by_model")
			}
		})
	}
}

// TestHandCodedBoxNumber: the report's box says "1 label", not "1 labels".
func TestHandCodedBoxNumber(t *testing.T) {
	for _, n := range []int{1, 2} {
		var rows []Row
		for i := range 3 {
			r := row(fmt.Sprintf("S/PV.8731#%d", i+1), "GBR", "AU", "2020-02-24", R, unpv.RelThird)
			r.Hand, r.ModelLabel = i < n, R
			rows = append(rows, r)
		}
		r, err := Build(rows, nil, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var html bytes.Buffer
		if err := r.WriteHTML(&html); err != nil {
			t.Fatal(err)
		}
		want := map[int]string{1: "<span>label hand-coded", 2: "<span>labels hand-coded"}[n]
		if !strings.Contains(html.String(), want) {
			t.Errorf("%d hand-coded: the box lacks %q", n, want)
		}
	}
}

// TestQuoteDelegationAsPrinted: quotes.csv's delegation_as_printed is the
// delegation as the record printed it, empty when the row gave none (it
// held the code then, e.g. "TUR" for classify --in rows); the HTML and
// Markdown quotes still name the code.
func TestQuoteDelegationAsPrinted(t *testing.T) {
	rows := []Row{row("S/PV.8731#1", "TUR", "AU", "2020-02-24", R, unpv.RelThird), row("S/PV.8731#2", "GBR", "AU", "2020-02-24", R, unpv.RelThird)}
	rows[0].Delegation = ""
	r, err := Build(rows, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var csv, html, md bytes.Buffer
	if err := r.WriteTableCSV(&csv, "quotes"); err != nil {
		t.Fatal(err)
	}
	recs, err := stdcsv.NewReader(&csv).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(recs[0], "delegation_as_printed")
	printed := map[string]string{}
	for _, rec := range recs[1:] {
		printed[rec[0]] = rec[col]
	}
	if printed["TUR"] != "" || printed["GBR"] != "GBR name" {
		t.Errorf("delegation_as_printed: %v", printed)
	}
	if err := r.WriteHTML(&html); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"HTML": html.String(), "Markdown": md.String()} {
		if !strings.Contains(out, "TUR ·") && !strings.Contains(out, "TUR,") && !strings.Contains(out, "— TUR") {
			t.Errorf("%s quotes do not name TUR", name)
		}
	}
}

// TestQuoteSpeakerWithoutDelegation: a briefer speaks for no delegation
// ("Mr. Abdelaziz", S/PV.8731): the quote names the speaker alone, without
// the empty delegation that followed ("Mr. Abdelaziz, ·" on the page,
// "Mr. Abdelaziz, , S/PV.8731" in the Markdown).
func TestQuoteSpeakerWithoutDelegation(t *testing.T) {
	rows := []Row{row("S/PV.8731#3", "", "AU", "2020-02-24", R, unpv.RelThird)}
	rows[0].Delegation, rows[0].SpeakerName = "", "Mr. Abdelaziz"
	r, err := Build(rows, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var html, md bytes.Buffer
	if err := r.WriteHTML(&html); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"HTML": html.String(), "Markdown": md.String()} {
		if !strings.Contains(out, "Mr. Abdelaziz") {
			t.Errorf("%s quotes do not name the speaker", name)
		}
		if regexp.MustCompile(`Mr\. Abdelaziz,\s*[·,]`).MatchString(out) {
			t.Errorf("%s quote prints an empty delegation after the speaker", name)
		}
	}
}
