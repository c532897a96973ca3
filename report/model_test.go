package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/unpv/unpv"
)

// TestMinConfidence leaves out the stances below the threshold and says so.
func TestMinConfidence(t *testing.T) {
	rows := []Row{
		row("S/PV.1#1", "RUS", "CSTO", "2019-05-01", R, unpv.RelMember),
		row("S/PV.1#2", "UKR", "CSTO", "2019-05-01", C, unpv.RelThird),
		row("S/PV.1#3", "USA", "CSTO", "2019-05-01", C, unpv.RelThird),
	}
	rows[1].Confidence, rows[2].Confidence = 0.55, 0.7
	r, err := Build(rows, nil, Options{MinConfidence: 0.6})
	if err != nil {
		t.Fatal(err)
	}
	if r.Total.Sentences != 2 || r.Total.Counter != 1 || r.Selection.MinConfidence != 0.6 {
		t.Errorf("total %+v, selection %+v", r.Total, r.Selection)
	}
	if !strings.Contains(strings.Join(r.Notes, " "), "1 stance with a confidence below 0.6 was left out") {
		t.Errorf("notes %q", r.Notes)
	}
}

// TestModelQualityShown prints the model's cross-validated quality, with
// intervals, confusion and known failures, in the HTML and Markdown.
func TestModelQualityShown(t *testing.T) {
	rows := []Row{row("S/PV.1#1", "RUS", "CSTO", "2019-05-01", R, unpv.RelMember)}
	classes := []ClassScore{{Label: R, F1: 0.7, F1CI: [2]float64{0.64, 0.75}}, {Label: N, F1: 0.76}, {Label: C, F1: 0.6, F1CI: [2]float64{0.34, 0.72}}}
	mq := &ModelQuality{Model: "stance-abc", TrainedPairs: 2560, KnownFailures: []string{"Counter toward <b>non-NATO</b> organisations is often missed."},
		Evaluations: []ModelEval{{Grouping: "delegation", Folds: 5, Pairs: 714, MacroF1: 0.687, MacroF1CI: [2]float64{0.59, 0.73}, ECE: 0.067,
			Classes: classes, Confusion: [3][3]int{{194, 103, 4}, {62, 298, 11}, {4, 11, 27}}, Baseline: 0.703,
			ModelMinusBaseline: &Difference{Value: -0.014, CI: [2]float64{-0.059, 0.054}}}}}
	html, md := htmlAndMarkdown(t, rows, Options{Model: mq})
	for _, want := range []string{"stance-abc", "macro-F1 0.69 [0.59–0.73]", "delegation (5 folds)", "<td>298</td>", "0.067", "&lt;b&gt;non-NATO&lt;/b&gt;", "/ 0.60 [0.34–0.72]",
		"0.70 (model -0.01 [-0.06, &#43;0.05])"} {
		if !strings.Contains(html.String(), want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	for _, want := range []string{"## Stance model", "| delegation | 714 | 0.69 [0.59–0.73] |", "0.60 [0.34–0.72]", "| 0.70 (model -0.01 [-0.06, +0.05]) |"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("Markdown lacks %q\n%s", want, md.String())
		}
	}
}

// TestModelQualityAsMeasured: the model section says which groupings the
// card has and prints intervals only where it has them. A card made for a
// retrained model (delegation only) was introduced as cross-validated
// leaving organisations and eras out too, and one made without resamples
// printed [0.00–0.00] beside every score.
func TestModelQualityAsMeasured(t *testing.T) {
	rows := []Row{row("S/PV.1#1", "RUS", "CSTO", "2019-05-01", R, unpv.RelMember)}
	eval := func(g string, ci [2]float64) ModelEval {
		return ModelEval{Grouping: g, Folds: 5, Pairs: 714, MacroF1: 0.687, MacroF1CI: ci,
			Classes: []ClassScore{{Label: R, F1: 0.7, F1CI: ci}, {Label: N, F1: 0.76, F1CI: ci}, {Label: C, F1: 0.6, F1CI: ci}}}
	}
	with := [2]float64{0.59, 0.73}
	for _, tc := range []struct {
		name          string
		evals         []ModelEval
		want, notWant []string
	}{
		{"every grouping", []ModelEval{eval("delegation", with), eval("organisation", with), eval("era", with)},
			[]string{"test text is new to the model: by delegation (the model never saw that delegation's debates), leaving one organisation out, leaving one era out. 95%", "0.69 [0.59–0.73]"}, nil},
		{"delegation only, no intervals", []ModelEval{eval("delegation", [2]float64{})},
			[]string{"test text is new to the model: by delegation (the model never saw that delegation's debates). 95%", "macro-F1 0.69 on debates"},
			[]string{"leaving one", "[0.00–0.00]"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			html, md := htmlAndMarkdown(t, rows, Options{Model: &ModelQuality{Model: "stance-abc", TrainedPairs: 2660, Evaluations: tc.evals}})
			for _, want := range tc.want {
				if !strings.Contains(html.String(), strings.ReplaceAll(want, "'", "&#39;")) {
					t.Errorf("HTML lacks %q", want)
				}
			}
			for _, bad := range tc.notWant {
				if strings.Contains(html.String(), bad) || strings.Contains(md.String(), bad) {
					t.Errorf("%q in the report", bad)
				}
			}
		})
	}
}

// htmlAndMarkdown builds a report of rows and writes it as HTML and
// Markdown.
func htmlAndMarkdown(t *testing.T, rows []Row, opt Options) (html, md *bytes.Buffer) {
	t.Helper()
	r, err := Build(rows, nil, opt)
	if err != nil {
		t.Fatal(err)
	}
	html, md = new(bytes.Buffer), new(bytes.Buffer)
	if err := r.WriteHTML(html); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteMarkdown(md); err != nil {
		t.Fatal(err)
	}
	return html, md
}
