package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	stdhtml "html"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/index"
	"github.com/unpv/unpv/pipeline"
	"github.com/unpv/unpv/store"
	"github.com/unpv/unpv/un"
)

// The demo data directory: what `make demo` builds (`unpv run` over the
// bundled corpus), built once per test binary by the first test that needs
// it and removed by TestMain. Tests read it; the report regeneration test
// rewrites DATA/reports with identical bytes.
var demo struct {
	once sync.Once
	dir  string
	err  string
}

// demoData returns the demo data directory, building it on first use. It
// skips the test without a PDF engine (the bundled PDFs need one) or with
// -short.
func demoData(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("runs the pipeline over the bundled corpus")
	}
	if _, err1 := exec.LookPath("mutool"); err1 != nil {
		if _, err2 := exec.LookPath("pdftotext"); err2 != nil {
			t.Skip("no PDF engine (mutool or pdftotext) installed")
		}
	}
	demo.once.Do(func() {
		dir, err := os.MkdirTemp("", "unpv-demo-")
		if err != nil {
			demo.err = err.Error()
			return
		}
		demo.dir = filepath.Join(dir, "data")
		if code, out, e := cli(t, nil, "--data", demo.dir, "run"); code != 0 {
			demo.err = fmt.Sprintf("unpv run: exit %d\n%s%s", code, out, e)
		}
	})
	if demo.err != "" {
		t.Fatal(demo.err)
	}
	return demo.dir
}

func removeDemo() {
	if demo.dir != "" {
		os.RemoveAll(filepath.Dir(demo.dir))
	}
}

// demoStore opens the demo store.
func demoStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), demoData(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func demoIndex(t *testing.T) *index.Index {
	t.Helper()
	ix, err := index.Open(filepath.Join(demoData(t), pipeline.IndexDir))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// personRe finds what names a person or a presiding officer rather than a
// delegation: honorifics and titles as labels print them, language notes.
var personRe = regexp.MustCompile(`(?i)\b(?:Mr|Mrs|Ms|Miss|Mme|Dr|Sir|Dame|Dato'?|Datuk|Sheikh|Sheikha|Monsignor|Ambassador|Excellency|King|Queen|Prince|Princess|President|Chair|Chairman|Chairperson|Secretary-General)\b|spoke in|interpretation from`)

// TestDemoDelegationsAreNotPeople: on the demo's store and outputs, every
// delegation field holds a delegation (a code of the table and its name, or
// nothing), never a person, an honorific or a presiding officer: speeches
// in the store, the search index, and the report's tables.
func TestDemoDelegationsAreNotPeople(t *testing.T) {
	data := demoData(t)
	ctx := context.Background()
	st := demoStore(t)
	check := func(where, v string) {
		if personRe.MatchString(v) {
			t.Errorf("%s: delegation field %q names a person", where, v)
		}
	}
	checkCode := func(where, code string) {
		if code == "" {
			return
		}
		if _, ok := un.DelegationByCode(code); !ok {
			t.Errorf("%s: delegation code %q is not in the delegation table", where, code)
		}
	}
	n := 0
	err := st.EachSpeech(ctx, func(sp unpv.Speech) error {
		n++
		check(sp.ID, sp.Delegation)
		checkCode(sp.ID, sp.DelegationCode)
		return nil
	})
	if err != nil || n < 1900 {
		t.Fatalf("%d speeches: %v", n, err)
	}
	hits := 0
	if _, err := demoIndex(t).Each(ctx, index.Query{}, func(h index.Hit) error {
		hits++
		check("index "+h.ID, h.Delegation)
		check("index "+h.ID, h.DelegationName)
		checkCode("index "+h.ID, h.Delegation)
		return nil
	}); err != nil || hits != n {
		t.Fatalf("index: %d of %d speeches: %v", hits, n, err)
	}
	reports := filepath.Join(data, pipeline.ReportDir)
	for table, cols := range map[string][]string{
		"cells": {"delegation", "delegation_name"}, "pairs": {"delegation", "delegation_name"},
		"quotes": {"delegation"}, "votes": {"delegation", "delegation_name"},
	} {
		rows := readCSV(t, filepath.Join(reports, table+".csv"))
		for _, col := range cols {
			i := columnIndex(t, rows[0], col)
			for _, r := range rows[1:] {
				check(table+".csv "+col, r[i])
				if col == "delegation" && table != "votes" {
					checkCode(table+".csv", r[i])
				}
			}
		}
	}
	// Speakers without a delegation are a group of their own, reported apart.
	rows := readCSV(t, filepath.Join(reports, "cells.csv"))
	groups := map[string]bool{}
	for _, r := range rows[1:] {
		groups[r[columnIndex(t, rows[0], "speaker_group")]] = true
	}
	for _, g := range []un.Group{un.GroupState, un.GroupOrganisation, un.GroupSecretariat, un.GroupPresiding, un.GroupBriefer} {
		if !groups[string(g)] {
			t.Errorf("no cell of speaker group %s (groups: %v)", g, groups)
		}
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) < 1 {
		t.Fatalf("%s: %d rows, %v", path, len(rows), err)
	}
	return rows
}

func columnIndex(t *testing.T, header []string, col string) int {
	t.Helper()
	for i, h := range header {
		if h == col {
			return i
		}
	}
	t.Fatalf("no column %s in %v", col, header)
	return -1
}

// TestDemoGeneralDebateByYear: every general-debate statement (dated by
// its year, or by the day its text printed) is found by a year filter and
// by the year facet's filter, and sorting by date places it in its year.
func TestDemoGeneralDebateByYear(t *testing.T) {
	ctx := context.Background()
	st := demoStore(t)
	ix := demoIndex(t)
	byYear := map[string][]string{}
	err := st.EachSpeech(ctx, func(sp unpv.Speech) error {
		if un.IsGeneralDebate(sp.Symbol) {
			byYear[sp.Date[:4]] = append(byYear[sp.Date[:4]], sp.ID)
		}
		return nil
	})
	if err != nil || len(byYear) < 10 {
		t.Fatalf("general-debate statements by year: %v %v", byYear, err)
	}
	found := func(q index.Query) map[string]bool {
		ids := map[string]bool{}
		if _, err := ix.Each(ctx, q, func(h index.Hit) error { ids[h.ID] = true; return nil }); err != nil {
			t.Fatal(err)
		}
		return ids
	}
	statements := 0
	for year, ids := range byYear {
		for name, q := range map[string]index.Query{
			"--from/--to " + year:                            {From: year, To: year, Bodies: []string{"GA"}},
			"--from " + year + "-09-01 --to " + year + "-12": {From: year + "-09-01", To: year + "-12"},
			"year=" + year:                                   {Years: []string{year}},
		} {
			got := found(q)
			for _, id := range ids {
				if !got[id] {
					t.Errorf("%s: %s not found", name, id)
				}
			}
		}
		statements += len(ids)
	}
	// Newest first: a statement of 2017 never follows a meeting of 2020.
	var prev string
	if _, err := ix.Each(ctx, index.Query{Sort: "-date"}, func(h index.Hit) error {
		if prev != "" && h.Date[:4] > prev[:4] {
			t.Errorf("-date: %s (%s) after %s", h.ID, h.Date, prev)
		}
		prev = h.Date
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// The issue's own example finds the statements.
	out, err := runCLI(t, "--data", demoData(t), "search", "NATO", "--delegation", "RUS", "--from", "2018", "--to", "2019")
	if err != nil || strings.Contains(out, "No speeches match") || !strings.Contains(out, "A/74/PV (general debate)#12733") {
		t.Errorf("search NATO --delegation RUS --from 2018 --to 2019: %v\n%s", err, out)
	}
	t.Logf("%d general-debate statements in %d years", statements, len(byYear))
}

// recordLink is the grammar of every record link an output may print:
// undocs.org and a symbol as ODS spells it (verbatim records with their
// resumption, drafts, resolutions).
var recordLink = regexp.MustCompile(`^https://undocs\.org/en/(?:S/PV\.\d{1,5}(?:\(Resumption\d{1,2}\))?|A/\d{1,2}/PV\.\d{1,3}(?:\(Resumption\d{1,2}\))?|A/PV\.\d{1,4}|S/\d{4}/\d{1,4}(?:/Rev\.\d)?|A/\d{1,2}/L\.\d{1,3}(?:/Rev\.\d)?(?:/Add\.\d)?|S/RES/\d{1,4}\(\d{4}\)|A/RES/\d{1,2}/\d{1,3})$`)

// TestDemoRecordLinks collects every link to undocs.org that the demo's
// outputs print (the report in every format, the delegation pages, the
// search export of all speeches and stance sentences) and checks each
// against the symbol grammar; a verbatim-record link must also be the one
// un.DocumentURL gives the symbol it names, and no general-debate key is
// ever linked.
func TestDemoRecordLinks(t *testing.T) {
	data := demoData(t)
	ctx := context.Background()
	links := map[string]string{} // link → where first seen
	add := func(l, where string) {
		if strings.Contains(l, "undocs.org") {
			if _, ok := links[l]; !ok {
				links[l] = where
			}
		}
	}
	hrefRe := regexp.MustCompile(`href="([^"]*)"`)
	mdLinkRe := regexp.MustCompile(`\]\((https://[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)`)
	err := filepath.WalkDir(filepath.Join(data, pipeline.ReportDir), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		name := filepath.Base(p)
		switch filepath.Ext(p) {
		case ".csv":
			rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
			if err != nil {
				return err
			}
			for _, r := range rows {
				for _, f := range r {
					if strings.HasPrefix(f, "http") {
						add(f, name)
					}
				}
			}
		case ".json":
			var v any
			if err := json.Unmarshal(b, &v); err != nil {
				return err
			}
			walkStrings(v, func(s string) {
				if strings.HasPrefix(s, "http") {
					add(s, name)
				}
			})
		case ".html":
			for _, m := range hrefRe.FindAllSubmatch(b, -1) {
				// html/template writes "(" in an href as %28: the same URL.
				l, err := url.PathUnescape(stdhtml.UnescapeString(string(m[1])))
				if err != nil {
					t.Errorf("%s: href %q: %v", name, m[1], err)
				}
				add(l, name)
			}
		case ".md":
			for _, m := range mdLinkRe.FindAllSubmatch(b, -1) {
				add(string(m[1]), name)
			}
		}
		if bytes.Contains(b, []byte("general%20debate")) || bytes.Contains(b, []byte("(general debate)")) && bytes.Contains(b, []byte("undocs.org/en/A/7")) &&
			regexp.MustCompile(`undocs\.org/en/A/\d+/PV[ (]`).Match(b) {
			t.Errorf("%s links a general-debate key", name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ix := demoIndex(t)
	for _, q := range []index.Query{{}, {Stances: []string{"recognition", "counter", "neutral"}}} {
		if _, err := ix.Each(ctx, q, func(h index.Hit) error {
			if h.URL != "" {
				links[h.URL] = "search " + h.ID
			}
			if h.Symbol == "" && h.URL != "" || h.Session > 0 && strings.Contains(h.Symbol, "general debate") {
				t.Errorf("search %s: symbol %q, url %q", h.ID, h.Symbol, h.URL)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	if len(links) < 80 {
		t.Fatalf("only %d distinct links", len(links))
	}
	for l, where := range links {
		if !recordLink.MatchString(l) {
			t.Errorf("%s: link %q does not follow the symbol grammar", where, l)
			continue
		}
		sym := strings.TrimPrefix(l, "https://undocs.org/en/")
		if info, ok := un.ParseSymbol(sym); ok && strings.Contains(sym, "/PV.") {
			if back := un.DocumentURL(info.Symbol); back != l {
				t.Errorf("%s: link %q, but %s links to %q", where, l, info.Symbol, back)
			}
		}
	}
	t.Logf("%d distinct record links checked", len(links))
}

// walkStrings calls fn with every string inside a decoded JSON value.
func walkStrings(v any, fn func(string)) {
	switch x := v.(type) {
	case string:
		fn(x)
	case []any:
		for _, e := range x {
			walkStrings(e, fn)
		}
	case map[string]any:
		for _, e := range x {
			walkStrings(e, fn)
		}
	}
}

// TestDemoSentencesHaveNoFurniture: no stored sentence keeps a running
// header, footer, rule or the notice on corrections (independent of the
// cleaning rules: job numbers, barcodes, header dates, the record's own
// symbol outside a citation).
func TestDemoSentencesHaveNoFurniture(t *testing.T) {
	ctx := context.Background()
	st := demoStore(t)
	furniture := regexp.MustCompile(`\b\d{2}-\d{5}\b|\*\d{7,9}\*|_{4,}|This record contains the text|Corrections should be submitted|\b\d{2}/\d{2}/(?:19|20)\d{2}\b`)
	var speeches []unpv.Speech
	if err := st.EachSpeech(ctx, func(sp unpv.Speech) error { speeches = append(speeches, sp); return nil }); err != nil {
		t.Fatal(err)
	}
	sentences := 0
	for _, sp := range speeches {
		ses, err := st.Sentences(ctx, sp.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, se := range ses {
			sentences++
			if m := furniture.FindString(se.Text); m != "" {
				t.Errorf("%s: furniture %q in %q", se.ID, m, se.Text)
			}
			if sym := sp.Symbol; strings.Contains(sym, "/PV.") {
				for off := 0; ; {
					i := strings.Index(se.Text[off:], sym)
					if i < 0 {
						break
					}
					at := off + i
					if before := se.Text[max(0, at-80):at]; !strings.Contains(before, "(") && !strings.Contains(before, "see") {
						t.Errorf("%s: the record's own symbol outside a citation: %q", se.ID, se.Text)
					}
					off = at + len(sym)
				}
			}
		}
	}
	if sentences < 40000 {
		t.Errorf("only %d sentences checked", sentences)
	}
	t.Logf("%d sentences of %d speeches checked", sentences, len(speeches))
}

// TestDemoSearchStanceSentence: `--stance counter --kwic` shows the counter
// sentence itself (not a mention elsewhere in the speech), and a query for
// CSTO finds a speech that only spells out the name (unless --literal).
func TestDemoSearchStanceSentence(t *testing.T) {
	data := demoData(t)
	ctx := context.Background()
	st := demoStore(t)
	counter := map[string]string{} // sentence id → text
	if err := st.EachStance(ctx, func(r store.StanceRow) error {
		if r.Label == unpv.Counter {
			counter[r.SentenceID] = r.Sentence
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(counter) < 10 {
		t.Fatalf("only %d counter sentences", len(counter))
	}
	out, err := runCLI(t, "--data", data, "search", "--stance", "counter", "--kwic", "--limit", "0")
	if err != nil || !strings.HasSuffix(strings.TrimSpace(out), fmt.Sprintf("\n%d sentences", len(counter))) {
		t.Errorf("--stance counter --kwic: %v\n%s", err, out)
	}
	out, err = runCLI(t, "--data", data, "search", "--stance", "counter", "--kwic", "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	id, kind, match := columnIndex(t, rows[0], "id"), columnIndex(t, rows[0], "kind"), columnIndex(t, rows[0], "kwic_match")
	for _, r := range rows[1:] {
		text, ok := counter[r[id]]
		if !ok || r[kind] != index.KindSentence || r[match] == "" || !strings.Contains(text, r[match]) {
			t.Errorf("%s (%s): keyword %q not in a counter sentence %q", r[id], r[kind], r[match], text)
		}
	}
	if len(rows)-1 != len(counter) {
		t.Errorf("%d rows for %d counter sentences", len(rows)-1, len(counter))
	}
	// With a query, the words must be in the counter sentence itself.
	ix := demoIndex(t)
	if _, err := ix.Each(ctx, index.Query{Text: "NATO", Stances: []string{"counter"}, KWICWidth: 30}, func(h index.Hit) error {
		text, ok := counter[h.ID]
		if !ok || h.KWIC == nil || !strings.Contains(text, h.KWIC.Match) {
			t.Errorf("%s: not a counter sentence with the match: %+v", h.ID, h.KWIC)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	// CSTO finds the speeches that only spell it out.
	spelled := map[string]bool{}
	if err := st.EachSpeech(ctx, func(sp unpv.Speech) error {
		if strings.Contains(sp.Text, "Collective Security Treaty Organization") && !strings.Contains(sp.Text, "CSTO") {
			spelled[sp.ID] = true
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(spelled) == 0 {
		t.Fatal("no speech spells out the CSTO only")
	}
	ids := func(q index.Query) map[string]bool {
		got := map[string]bool{}
		if _, err := ix.Each(ctx, q, func(h index.Hit) error { got[h.ID] = true; return nil }); err != nil {
			t.Fatal(err)
		}
		return got
	}
	expanded, literal := ids(index.Query{Text: "CSTO"}), ids(index.Query{Text: "CSTO", Literal: true})
	for id := range spelled {
		if !expanded[id] || literal[id] {
			t.Errorf("%s spells out the CSTO: found by CSTO %v, by literal CSTO %v", id, expanded[id], literal[id])
		}
	}
	out, err = runCLI(t, "--data", data, "search", "CSTO", "--limit", "0")
	for id := range spelled {
		if err != nil || !strings.Contains(out, id+"  ") {
			t.Errorf("unpv search CSTO does not list %s (%v)", id, err)
		}
	}
	t.Logf("%d counter sentences; %d speeches spell out the CSTO only", len(counter), len(spelled))
}

// shellSplit splits a command line pipeline.ShellJoin wrote: words, and
// single-quoted words with '\” for a quote.
func shellSplit(s string) []string {
	var out []string
	var b strings.Builder
	in, word := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case in && c == '\'':
			in = false
		case in:
			b.WriteByte(c)
		case c == '\'':
			in, word = true, true
		case c == '\\' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
			word = true
		case c == ' ':
			if word {
				out = append(out, b.String())
				b.Reset()
				word = false
			}
		default:
			b.WriteByte(c)
			word = true
		}
	}
	if word {
		out = append(out, b.String())
	}
	return out
}

func TestShellSplit(t *testing.T) {
	args := []string{"unpv", "--data", "/tmp/my data", "report", "--title", "It's", "--target", "CSTO,AU", ""}
	if got := shellSplit(pipeline.ShellJoin(args)); !equalStrings(got, args) {
		t.Errorf("round trip: %q → %q", args, got)
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// readDir reads every file of a report directory.
func readDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

// regenerate runs the command a report recorded in provenance.json and
// checks that it rewrites every file of dir with the same bytes.
func regenerate(t *testing.T, dir string) {
	t.Helper()
	before := readDir(t, dir)
	var prov struct {
		Provenance struct{ Command string }
	}
	if err := json.Unmarshal(before["provenance.json"], &prov); err != nil {
		t.Fatal(err)
	}
	args := shellSplit(prov.Provenance.Command)
	if len(args) < 2 || args[0] != "unpv" {
		t.Fatalf("recorded command %q", prov.Provenance.Command)
	}
	for name := range before {
		os.Remove(filepath.Join(dir, name))
	}
	if _, e, code := reportCLI(t, args[1:]...); code != 0 {
		t.Fatalf("%s: exit %d: %s", prov.Provenance.Command, code, e)
	}
	after := readDir(t, dir)
	var names []string
	for name := range before {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if !bytes.Equal(before[name], after[name]) {
			t.Errorf("%s: regenerated from %q differs (%d → %d bytes)", name, prov.Provenance.Command, len(before[name]), len(after[name]))
		}
	}
	if len(after) != len(before) {
		t.Errorf("regenerated %d files, had %d", len(after), len(before))
	}
}

// TestDemoProvenance: `unpv version` names the build, the model and the
// schemas; every report output records its provenance (JSON header, HTML
// footer, Markdown, the CSV tables' sidecar) with the store's content hash;
// and running the recorded command line regenerates the report byte for
// byte — the default set the pipeline wrote, and a selection.
func TestDemoProvenance(t *testing.T) {
	data := demoData(t)
	out, err := runCLI(t, "version", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var v pipeline.VersionInfo
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	if v.Tool != "unpv" || v.Version == "" || !strings.HasPrefix(v.Model, "stance-") || v.StoreSchema != store.SchemaVersion() ||
		v.IndexSchema != index.SchemaVersion || !strings.HasPrefix(v.Extract, "extract/") {
		t.Errorf("version: %+v", v)
	}
	text, err := runCLI(t, "version")
	if err != nil || !strings.Contains(text, v.Model) || !strings.Contains(text, "store schema") {
		t.Errorf("version text: %v\n%s", err, text)
	}

	st := demoStore(t)
	hash, err := pipeline.StoreHash(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	reports := filepath.Join(data, pipeline.ReportDir)
	js, err := os.ReadFile(filepath.Join(reports, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(js, []byte(`{"provenance":{"tool":"unpv"`)) {
		t.Errorf("report.json does not start with its provenance: %.120s", js)
	}
	var rep struct {
		Provenance struct {
			Models    []string
			InputHash string `json:"input_hash"`
			Schema    int    `json:"store_schema"`
			Command   string
		}
	}
	if err := json.Unmarshal(js, &rep); err != nil {
		t.Fatal(err)
	}
	p := rep.Provenance
	if p.InputHash != hash || p.Schema != store.SchemaVersion() || len(p.Models) != 1 || p.Models[0] != v.Model ||
		p.Command != pipeline.ReportCommand(data) {
		t.Errorf("provenance %+v; store hash %s, model %s", p, hash, v.Model)
	}
	for _, f := range []string{"report.html", "report.md", "provenance.json", "delegation-RUS.html"} {
		b, err := os.ReadFile(filepath.Join(reports, f))
		if err != nil || !bytes.Contains(b, []byte(hash)) || !bytes.Contains(b, []byte(v.Model)) {
			t.Errorf("%s does not record the store hash and model: %v", f, err)
		}
	}
	// No wall-clock time in the compared bytes.
	html, _ := os.ReadFile(filepath.Join(reports, "report.html"))
	if regexp.MustCompile(`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}`).Match(html) {
		t.Error("report.html holds a timestamp")
	}

	t.Run("default set", func(t *testing.T) { regenerate(t, reports) })
	t.Run("selection", func(t *testing.T) {
		dir := t.TempDir()
		if _, e, code := reportCLI(t, "--data", data, "report", "--target", "CSTO,CIS,SCO", "--by", "session", "--body", "GA", "--out", dir); code != 0 {
			t.Fatalf("exit %d: %s", code, e)
		}
		regenerate(t, dir)
	})
}

// TestDemoCoverageAndRates: the demo's report gives, per period and body,
// what the corpus holds (1,600 Security Council speeches in 2020, about 19
// general-debate statements a year), rates per 100 mentions with intervals,
// and the SC and GA series apart.
func TestDemoCoverageAndRates(t *testing.T) {
	data := demoData(t)
	reports := filepath.Join(data, pipeline.ReportDir)
	cov := readCSV(t, filepath.Join(reports, "coverage.csv"))
	held := map[string]string{}
	for _, r := range cov[1:] {
		held[r[0]+" "+r[1]] = r[2]
	}
	if held["2020 SC"] != "1600" || held["2018 GA"] == "" || held["2005 GA"] == "" {
		t.Errorf("coverage: %v", held)
	}
	series := readCSV(t, filepath.Join(reports, "series.csv"))
	h := series[0]
	bodies := map[string]bool{}
	for _, r := range series[1:] {
		bodies[r[columnIndex(t, h, "body")]] = true
		if r[columnIndex(t, h, "speeches_held")] != held[r[columnIndex(t, h, "period")]+" "+r[columnIndex(t, h, "body")]] {
			t.Errorf("series row %v: speeches held differ from coverage.csv", r[:5])
		}
		num := func(col string) float64 {
			f, err := strconv.ParseFloat(r[columnIndex(t, h, col)], 64)
			if err != nil {
				t.Fatalf("%s: %v", col, err)
			}
			return f
		}
		for _, k := range []string{"recognition_rate", "counter_rate"} {
			if rate, lo, hi := num(k), num(k+"_low"), num(k+"_high"); lo > rate || rate > hi || lo < 0 || hi > 100 {
				t.Errorf("series row %v: %s %v [%v, %v]", r[:5], k, rate, lo, hi)
			}
		}
	}
	if !bodies["SC"] || !bodies["GA"] || len(bodies) != 2 {
		t.Errorf("series bodies: %v", bodies)
	}
}
