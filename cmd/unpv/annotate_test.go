package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/annotate"
	"github.com/unpv/unpv/internal/chromiumtest"
	"github.com/unpv/unpv/pipeline"
	"github.com/unpv/unpv/report"
	"github.com/unpv/unpv/store"
)

// demoCopy copies the demo's store and search index into a new data
// directory, for tests that write codings (the demo itself stays as
// `unpv run` left it: other tests regenerate its reports byte for byte).
func demoCopy(t *testing.T) string {
	t.Helper()
	src := demoData(t)
	dst := filepath.Join(t.TempDir(), "data")
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if top := strings.Split(rel, string(filepath.Separator))[0]; top == "raw" || top == "reports" || strings.HasSuffix(rel, ".lock") {
			return nil
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(filepath.Join(dst, rel))
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestAnnotateBrowser drives the labelling page in headless Chromium with
// the keyboard, as two coders: each logs in and codes the same ten pairs
// of the random queue (one with a note), the first undoes her last coding
// and codes it again; the agreement page shows Cohen's kappa of the two,
// worked out here from the keys pressed; after an adjudication, a report
// counts the hand-coded labels and marks them. UNPV_SCREENSHOT_DIR=dir
// saves the coding page, the agreement page and the report.
func TestAnnotateBrowser(t *testing.T) {
	data := demoCopy(t)
	base := strings.TrimSuffix(serveURL(t, data, "/annotate"), "/annotate")
	b := chromiumtest.Start(t)
	shots := os.Getenv("UNPV_SCREENSHOT_DIR")

	// Ann's and Bob's labels for the first ten pairs of the queue: they
	// agree on 7 (r r n n n c r n r n vs r n n c n c r r r n).
	keys := map[string]string{"ann": "rrnnncrnrn", "bob": "rnncncrrrn"}
	var pairs []string // the queue's pairs, as Ann saw them
	for _, coder := range []string{"ann", "bob"} {
		b.Navigate(t, base+"/annotate?order=random&seed=3")
		b.WaitFor(t, `document.readyState === "complete" && document.querySelector("#name")`)
		b.Click(t, "#name")
		b.Type(t, coder)
		b.Press(t, "Enter")
		b.WaitFor(t, `document.querySelector("#coder") && document.querySelector("#coder").textContent === "`+coder+`" && document.querySelector("#item")`)
		var model bool
		b.Eval(t, `!!document.querySelector("#model")`, &model)
		if model {
			t.Error("the random queue shows the model's label")
		}
		for i, k := range keys[coder] {
			var pair string
			b.Eval(t, `document.querySelector("#item").dataset.pair`, &pair)
			if coder == "ann" {
				pairs = append(pairs, pair)
			} else if pair != pairs[i] {
				t.Fatalf("bob's pair %d is %s, ann's was %s", i+1, pair, pairs[i])
			}
			var marks int
			b.Eval(t, `document.querySelectorAll("#sentence mark").length`, &marks)
			if marks == 0 {
				t.Errorf("pair %s: the organisation's mention is not marked", pair)
			}
			if coder == "ann" && i == 3 {
				b.Press(t, "m") // a note, typed, then Esc back to the keys
				b.WaitFor(t, `document.activeElement && document.activeElement.id === "note"`)
				b.Type(t, "member State's view, not the organisation's")
				b.Press(t, "Escape")
			}
			if coder == "ann" && i == 0 && shots != "" {
				b.Screenshot(t, filepath.Join(shots, "annotate.png"))
			}
			b.Press(t, string(k))
			b.WaitFor(t, fmt.Sprintf(`document.readyState === "complete" && document.querySelector("#done-count") && document.querySelector("#done-count").textContent === "%d"`, i+1))
		}
		if coder == "ann" {
			// Undo: the tenth pair comes back, coded again as neutral.
			b.Press(t, "u")
			b.WaitFor(t, `document.readyState === "complete" && document.querySelector("#notice") && document.querySelector("#done-count").textContent === "9"`)
			var pair string
			b.Eval(t, `document.querySelector("#item").dataset.pair`, &pair)
			if pair != pairs[9] {
				t.Fatalf("after undo the page shows %s, want %s", pair, pairs[9])
			}
			b.Press(t, "n")
			b.WaitFor(t, `document.readyState === "complete" && document.querySelector("#done-count") && document.querySelector("#done-count").textContent === "10"`)
			b.Click(t, `form.who button`) // log out
			b.WaitFor(t, `document.readyState === "complete" && document.querySelector("#name")`)
		}
	}
	if len(pairs) != 10 {
		t.Fatalf("ann coded %d pairs", len(pairs))
	}

	// The agreement page: kappa from the keys (Ann's tenth is n after the undo).
	var conf [3][3]int
	for i := range 10 {
		a, c := label(keys["ann"][i]), label(keys["bob"][i])
		conf[a.Index()][c.Index()]++
	}
	kappa, _, _, _ := annotate.Kappa(conf)
	b.Navigate(t, base+"/annotate/stats")
	b.WaitFor(t, `document.readyState === "complete" && document.querySelector("#agreement")`)
	var page struct{ Kappa, Agreement, Disagreements string }
	b.Eval(t, `({Kappa: (document.querySelector(".kappa")||{}).textContent, Agreement: document.querySelector("#agreement").innerText,
		Disagreements: document.querySelector("#disagreements").innerText})`, &page)
	if want := fmt.Sprintf("κ = %.3f", kappa); page.Kappa != want || !strings.Contains(page.Agreement, "on 10 pairs") {
		t.Errorf("agreement page: %q, want %q on 10 pairs\n%s", page.Kappa, want, page.Agreement)
	}
	if !strings.Contains(page.Disagreements, "member State's view") {
		t.Errorf("disagreements lack ann's note:\n%s", page.Disagreements)
	}
	if shots != "" {
		b.Screenshot(t, filepath.Join(shots, "annotate-stats.png"))
	}
	// Bob adjudicates the first disagreement as counter.
	b.Click(t, `#disagreements form.adjudicate button.counter`)
	b.WaitFor(t, `document.readyState === "complete" && document.querySelector(".dis.settled")`)

	// The CLI agrees with the page.
	out, err := runCLI(t, "--data", data, "annotate", "stats", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var st annotate.Stats
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	agreed := 0
	for i := range 10 {
		if keys["ann"][i] == keys["bob"][i] {
			agreed++
		}
	}
	// Kappa on all pairs both coded, then on the sample's: the same ten.
	if len(st.Agreement) != 2 || st.Agreement[0].N != 10 || fmt.Sprintf("%.6f", st.Agreement[0].Kappa) != fmt.Sprintf("%.6f", kappa) ||
		st.Agreement[1].Sample != "random seed=3" || st.Agreement[1].N != 10 || st.Agreement[1].Kappa != st.Agreement[0].Kappa ||
		st.Pairs != agreed+1 || st.Disputed != 10-agreed-1 || len(st.Accuracy) != 1 || st.Accuracy[0].Queue != "random seed=3" {
		t.Errorf("annotate stats: %+v", st)
	}

	// A report counts the hand-coded labels and marks them.
	reports := filepath.Join(t.TempDir(), "reports")
	if _, err := runCLI(t, "--data", data, "report", "--out", reports); err != nil {
		t.Fatal(err)
	}
	rb, err := os.ReadFile(filepath.Join(reports, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep struct{ Coding report.Coding }
	if err := json.Unmarshal(rb, &rep); err != nil || rep.Coding.Hand != agreed+1 {
		t.Errorf("report counts %+v hand-coded labels (%v), want %d", rep.Coding, err, agreed+1)
	}
	b.Navigate(t, "file://"+filepath.Join(reports, "report.html"))
	b.WaitFor(t, `document.readyState === "complete" && document.querySelector("#hand-coded")`)
	var shown struct {
		Box, Note string
		Marked    int
	}
	b.Eval(t, `({Box: document.querySelector("#hand-coded").innerText, Note: document.querySelector("#coding").textContent,
		Marked: document.querySelectorAll("blockquote .hand").length})`, &shown)
	if !strings.HasPrefix(shown.Box, fmt.Sprint(agreed+1)) || !strings.Contains(shown.Note, fmt.Sprintf("%d are hand-coded", agreed+1)) || shown.Marked == 0 {
		t.Errorf("report page: %+v", shown)
	}
	if shots != "" {
		b.Call(t, "Runtime.evaluate", map[string]any{"expression": `document.querySelector("#hand-coded").scrollIntoView()`}, nil)
		b.Screenshot(t, filepath.Join(shots, "annotate-report.png"))
	}
	t.Logf("kappa %.3f on 10 pairs; %d hand-coded labels in the report (%d changed the model's)", kappa, rep.Coding.Hand, rep.Coding.Changed)
}

func label(k byte) unpv.Label {
	return map[byte]unpv.Label{'r': unpv.Recognition, 'c': unpv.Counter, 'n': unpv.Neutral}[k]
}

// TestAnnotateCLI: import, stats and export on the demo's store, and the
// exit codes of their mistakes.
func TestAnnotateCLI(t *testing.T) {
	for _, args := range [][]string{{"annotate"}, {"annotate", "merge"}, {"annotate", "import"},
		{"annotate", "import", "--coder", "<b>", "x.jsonl"}, {"annotate", "export", "extra"}, {"annotate", "stats", "--nope"},
		{"annotate", "export", "--out", ""}, {"annotate", "export", "--out", " "},
		// A random queue's text names a sample of the labelling page, whose
		// pairs estimate the model's accuracy: a file's lines are no draw.
		{"annotate", "import", "--coder", "gold", "--queue", "random seed=1", "gold.jsonl"},
		{"annotate", "import", "--queue", "random", "gold.jsonl"}} {
		_, err := runCLI(t, append([]string{"--data", t.TempDir()}, args...)...)
		if code := exitCode(t.Context(), err); code != exitUsage {
			t.Errorf("%v: exit %d (%v), want %d", args, code, err, exitUsage)
		}
	}
	if _, err := runCLI(t, "--data", t.TempDir(), "annotate", "stats"); err == nil || !strings.Contains(err.Error(), "no store") {
		t.Errorf("stats without a store: %v", err)
	}
	// An --out in a directory that is not there is named as given, not as
	// the temporary file written beside it first.
	missing := filepath.Join(t.TempDir(), "missing", "x.jsonl")
	if _, err := runCLI(t, "--data", t.TempDir(), "annotate", "export", "--out", missing); err == nil ||
		!strings.HasPrefix(err.Error(), "annotate export: --out "+missing+": ") || strings.Contains(err.Error(), ".annotate-export") {
		t.Errorf("export to a missing directory: %v", err)
	}

	data := demoCopy(t)
	out, err := runCLI(t, "--data", data, "search", "--stance", "neutral", "--target", "AU", "--limit", "1", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Hits []struct {
			ID, Symbol string
			Fragment   struct{ Pieces []struct{ Text string } }
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res.Hits) == 0 {
		t.Fatalf("search: %v %s", err, out)
	}
	st := demoStore(t)
	refs, err := st.SentenceRefs(t.Context(), []string{res.Hits[0].ID})
	if err != nil || refs[res.Hits[0].ID].Text == "" {
		t.Fatalf("sentence %s: %v", res.Hits[0].ID, err)
	}
	text := refs[res.Hits[0].ID].Text
	lines := []string{
		fmt.Sprintf(`{"id":"g1","symbol":%q,"target":"AU","sentence":%q,"label":"recognition"}`, refs[res.Hits[0].ID].Symbol, text),
		`{"id":"g2","target":"AU","sentence":"Nobody ever said this.","label":"neutral"}`,
		`{"id":"g3","target":"AU","sentence":"x","label":"support"}`,
		`not json`,
	}
	in := filepath.Join(t.TempDir(), "gold.jsonl")
	os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	_, err = runCLI(t, "--data", data, "annotate", "import", "--coder", "gold", in)
	if code := exitCode(t.Context(), err); code != exitPartial {
		t.Errorf("import with bad lines: exit %d (%v), want %d", code, err, exitPartial)
	}
	// Bad are the two bad lines and g2, a sentence the store does not
	// hold, of the two records and two bad lines read (a mutant that
	// counted the unmatched record good survived).
	if diff := cmp.Diff(partialError{bad: 3, of: 4}, err, cmp.AllowUnexported(partialError{})); diff != "" {
		t.Errorf("import with bad lines (-want +got):\n%s", diff)
	}
	// A second coder skips the pair with a note, as the labelling page
	// stores a skip: every export of codings holds it, nothing counts it
	// as a label.
	ws, closeWS, err := pipeline.OpenWorkspace(t.Context(), data, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ws.Code(t.Context(), unpv.Coding{SentenceID: res.Hits[0].ID, Target: "AU", Coder: "ann", Note: "which AU?", Queue: "random seed=1"})
	closeWS()
	if err != nil {
		t.Fatal(err)
	}
	out, err = runCLI(t, "--data", data, "annotate", "export")
	if err != nil || strings.Count(out, "\n") != 1 || !strings.Contains(out, `"label":"recognition"`) || !strings.Contains(out, `"coders":["gold"]`) {
		t.Errorf("export after the import: %v\n%s", err, out)
	}
	// One of each in the singular: status said "1 pairs … by 1 coders".
	out, err = runCLI(t, "--data", data, "status")
	if err != nil || !strings.Contains(out, "hand labels: 1 pair, 0 disputed, 0 stale (2 codings by 2 coders;") {
		t.Errorf("status after the import: %v\n%s", err, out)
	}
	exported := filepath.Join(t.TempDir(), "all.jsonl")
	if _, err := runCLI(t, "--data", data, "annotate", "export", "--codings", "--out", exported); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(exported)
	if acts := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n"); len(acts) != 2 ||
		!strings.Contains(acts[0], `"kind":"label","coder":"gold"`) || !strings.Contains(acts[0], `"queue":"import gold.jsonl"`) ||
		!strings.Contains(acts[1], `"label":""`) || !strings.Contains(acts[1], `"kind":"skip","coder":"ann","note":"which AU?"`) {
		t.Errorf("codings export, want the gold label and ann's skip:\n%s", b)
	}
	out, err = runCLI(t, "--data", data, "annotate", "stats")
	if err != nil || !strings.Contains(out, "1 pairs hand-labelled") || !regexp.MustCompile(`(?m)^ann +0 +1 `).MatchString(out) ||
		!regexp.MustCompile(`(?m)^gold +1 +0 `).MatchString(out) || strings.Contains(out, "agreement") {
		t.Errorf("stats, want ann's skip counted as a skip alone: %v\n%s", err, out)
	}
	if _, err := runCLI(t, "--data", data, "annotate", "import", exported); err != nil {
		t.Errorf("importing the codings export back: %v", err)
	}
	out, err = runCLI(t, "--data", data, "status", "--json")
	var status pipeline.Status
	if err != nil || json.Unmarshal([]byte(out), &status) != nil || status.HandLabels == nil || status.HandLabels.Pairs != 1 || status.HandLabels.Coders != 2 || status.HandLabels.Codings != 2 {
		t.Errorf("status: %v %+v", err, status.HandLabels)
	}
}

// TestCorrectionsSurviveRun: hand labels stay in force through `classify
// train --with-corrections` (a new model in DATA/model.json) and the `unpv
// run` that classifies every document again with it; the run's report
// counts them.
func TestCorrectionsSurviveRun(t *testing.T) {
	data := demoCopy(t)
	st := demoStore(t)
	var lines []string
	n := 0
	st.EachStance(t.Context(), func(r store.StanceRow) error {
		if n < 3 && r.Target == "AU" && r.Label == unpv.Neutral {
			lines = append(lines, fmt.Sprintf(`{"sentence_id":%q,"target":"AU","sentence":%q,"label":"counter","coder":"ann","queue":"random seed=7"}`, r.SentenceID, r.Sentence))
			n++
		}
		return nil
	})
	in := filepath.Join(t.TempDir(), "labels.jsonl")
	os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	if _, err := runCLI(t, "--data", data, "annotate", "import", in); err != nil {
		t.Fatal(err)
	}
	out, err := runCLI(t, "--data", data, "classify", "train", "--with-corrections", "--resamples", "0",
		"--pairs", filepath.Join("..", "..", defaultTrainingData))
	if err != nil || !regexp.MustCompile(`without hand labels +0\.\d{3}`).MatchString(out) ||
		!regexp.MustCompile(`with [23] hand labels +0\.\d{3}`).MatchString(out) {
		t.Fatalf("classify train --with-corrections: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(data, pipeline.ModelFile)); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := cli(t, nil, "--data", data, "run", "--json")
	if code != 0 {
		t.Fatalf("run: exit %d\n%s", code, errOut)
	}
	if !strings.Contains(errOut, "run: classifying with the model retrained for this data directory") || !strings.Contains(errOut, "model=stance-") ||
		!strings.Contains(errOut, pipeline.ModelFile) {
		t.Errorf("the run does not say which model classifies:\n%s", errOut)
	}
	var sum pipeline.Summary
	json.Unmarshal([]byte(out), &sum)
	for _, s := range sum.Stages {
		if s.Stage == pipeline.StageClassify && s.Processed == 0 {
			t.Errorf("the new model did not classify again: %+v", sum.Stages)
		}
	}
	out, err = runCLI(t, "--data", data, "annotate", "export")
	if err != nil || strings.Count(out, `"label":"counter"`) != 3 {
		t.Errorf("hand labels after the run: %v\n%s", err, out)
	}
	rb, err := os.ReadFile(filepath.Join(data, pipeline.ReportDir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Coding     report.Coding
		Provenance report.Provenance
		Model      *report.ModelQuality `json:"model_quality"`
	}
	json.Unmarshal(rb, &rep)
	if rep.Coding.Hand != 3 || len(rep.Provenance.Models) != 1 {
		t.Errorf("the run's report: %+v, models %v", rep.Coding, rep.Provenance.Models)
	}
	// The new model's card (DATA/card.json, written with it) is the one
	// the report prints: it was left out, with a note, for want of one.
	if rep.Model == nil || len(rep.Provenance.Models) != 1 || rep.Model.Model != rep.Provenance.Models[0] || len(rep.Model.Evaluations) != 1 {
		t.Errorf("the run's report prints the card %+v, labels by %v", rep.Model, rep.Provenance.Models)
	}
	if shipped, _ := pipeline.DataClassifier(t.TempDir()); slices.Contains(rep.Provenance.Models, shipped.Version()) {
		t.Errorf("the report counts the shipped model's labels: %v", rep.Provenance.Models)
	}
	// The labels were coded from a random queue, a sample of the model's
	// accuracy; the model now trained on them (or on the same sentence
	// and organisation, which a training pair held), so on them it is
	// in-sample: they leave the sample, counted (they counted as right).
	out, err = runCLI(t, "--data", data, "annotate", "stats", "--json")
	var stats annotate.Stats
	if err != nil || json.Unmarshal([]byte(out), &stats) != nil || len(stats.Accuracy) != 1 ||
		stats.Accuracy[0].Trained != 3 || stats.Accuracy[0].N != 0 {
		t.Errorf("annotate stats after training on the sample: %v %+v\n%s", err, stats.Accuracy, out)
	}
}

// TestImportLabelsExportWithoutCoder: a labels export names its pairs'
// coders, not one coder per line, so importing it without --coder is
// refused. The summary counted its records unmatched ("2 records, 0
// matched in the store") though every sentence was found, and the advice,
// --coder, would give two coders' agreed labels to one: the codings
// export keeps who labelled what.
func TestImportLabelsExportWithoutCoder(t *testing.T) {
	data := demoCopy(t)
	dir := t.TempDir()
	codings := filepath.Join(dir, "all.jsonl")
	labels := filepath.Join(dir, "labels.jsonl")
	st := demoStore(t)
	var lines []string
	for _, id := range []string{"S/PV.8699#31.32", "S/PV.8703#7.19"} {
		refs, err := st.SentenceRefs(t.Context(), []string{id})
		if err != nil || refs[id].Text == "" {
			t.Fatalf("sentence %s: %v", id, err)
		}
		for _, coder := range []string{"ann", "bob"} {
			lines = append(lines, fmt.Sprintf(`{"sentence_id":%q,"target":"AU","sentence":%q,"label":"neutral","coder":%q}`, id, refs[id].Text, coder))
		}
	}
	os.WriteFile(codings, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	_, errOut, code := reportCLI(t, "--data", data, "annotate", "import", codings)
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	// The import says that the search index has not followed: a running
	// unpv serve reindexes after codings on its page only, and searches
	// kept the model's labels with nothing said (bundled walkthrough).
	if !strings.Contains(errOut, "'unpv index'") {
		t.Errorf("import adding codings says nothing of the search index:\n%s", errOut)
	}
	if _, errOut, code := reportCLI(t, "--data", data, "annotate", "export", "--out", labels); code != 0 {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	_, errOut, code = reportCLI(t, "--data", data, "annotate", "import", labels)
	if strings.Contains(errOut, "'unpv index'") {
		t.Errorf("an import that added nothing speaks of the index:\n%s", errOut)
	}
	if code != exitPartial {
		t.Errorf("importing a labels export without --coder: exit %d, want %d", code, exitPartial)
	}
	for _, want := range []string{"2 records, 2 matched in the store, 0 codings added", `coders ann, bob`, "annotate export --codings"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("import says, without %q:\n%s", want, errOut)
		}
	}
}

// TestStatsPrintNoEstimate: a sample with no pair to score (all disputed,
// or all trained on after `classify train --with-corrections`) prints no
// estimate, where it printed "accuracy 0.000 [0.000, 1.000]", a model
// wrong on every pair; so does a label the model never gave (precision
// 0/0).
func TestStatsPrintNoEstimate(t *testing.T) {
	// Three pairs neutral by hand: the model said neutral twice, recognition once.
	cs := []unpv.Coding{}
	model := map[annotate.Pair]unpv.Label{}
	for i, l := range []unpv.Label{unpv.Neutral, unpv.Neutral, unpv.Neutral} {
		id := fmt.Sprintf("S/PV.1#1.%d", i+1)
		cs = append(cs, unpv.Coding{SentenceID: id, Target: "AU", Coder: "ann", Label: l, Queue: "random seed=1"})
		model[annotate.Pair{SentenceID: id, Target: "AU"}] = []unpv.Label{unpv.Neutral, unpv.Neutral, unpv.Recognition}[i]
	}
	trained := map[annotate.Pair]bool{}
	for p := range model {
		trained[p] = true
	}
	for _, tc := range []struct {
		name      string
		trained   map[annotate.Pair]bool
		want, not []string // regular expressions; strings
	}{
		{"scored", nil,
			[]string{`accuracy 0\.667 \[`, `recognition +0\.000 \[0\.000, 0\.793\] 0/1 +– 0/0 +0\.000\n`, `counter +– 0/0 +– 0/0 +–\n`},
			[]string{"accuracy –"}},
		{"all trained on", trained,
			[]string{`accuracy – \(no pair to score\), macro-F1 –`},
			[]string{"0.000 [0.000, 1.000]"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			printAnnotationStats(&b, annotate.Compute(cs, model, tc.trained))
			for _, w := range tc.want {
				if !regexp.MustCompile(w).MatchString(b.String()) {
					t.Errorf("no %q in:\n%s", w, b.String())
				}
			}
			for _, w := range tc.not {
				if strings.Contains(b.String(), w) {
					t.Errorf("%q in:\n%s", w, b.String())
				}
			}
		})
	}
}

// TestStatsPrintFirstLabels: `annotate stats` names the kappa of each
// coder's first labels beside that of her latest, which was the only one
// (a relabelling after the agreement page raised it).
func TestStatsPrintFirstLabels(t *testing.T) {
	cs := []unpv.Coding{
		{SentenceID: "S/PV.1#1.1", Target: "AU", Coder: "ann", Label: unpv.Neutral},
		{SentenceID: "S/PV.1#1.1", Target: "AU", Coder: "bob", Label: unpv.Counter},
		{SentenceID: "S/PV.1#1.2", Target: "AU", Coder: "ann", Label: unpv.Counter},
		{SentenceID: "S/PV.1#1.2", Target: "AU", Coder: "bob", Label: unpv.Counter},
		{SentenceID: "S/PV.1#1.1", Target: "AU", Coder: "bob", Label: unpv.Neutral},
	}
	var b strings.Builder
	printAnnotationStats(&b, annotate.Compute(cs, nil, nil))
	for _, w := range []string{
		`agreement ann / bob on 2 pairs:\n  first labels \(each coder's first of each pair, the independent pass\): kappa 0\.000 .*observed 0\.500`,
		`\n  latest labels: kappa 1\.000 `,
	} {
		if !regexp.MustCompile(w).MatchString(b.String()) {
			t.Errorf("no %q in:\n%s", w, b.String())
		}
	}
}
