package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/unpv/unpv/internal/chromiumtest"
	"github.com/unpv/unpv/pipeline"
)

func reportCLI(t *testing.T, args ...string) (out, errOut string, code int) {
	t.Helper()
	var o, e bytes.Buffer
	oldOut, oldErr := stdout, stderr
	stdout, stderr = &o, &e
	defer func() { stdout, stderr = oldOut, oldErr }()
	ctx := context.Background()
	err := run(ctx, args)
	if err != nil {
		e.WriteString(err.Error())
	}
	return o.String(), e.String(), exitCode(ctx, err)
}

var (
	fixtureRows  = filepath.Join("..", "..", "testdata", "report", "rows.jsonl")
	fixtureVotes = filepath.Join("..", "..", "testdata", "report", "votes.jsonl")
)

func TestReportFromRows(t *testing.T) {
	dir := t.TempDir()
	out, e, code := reportCLI(t, "report", "--in", fixtureRows, "--votes", fixtureVotes, "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, e)
	}
	for _, f := range []string{"report.html", "cells.csv", "series.csv", "pairs.csv", "votes.csv", "quotes.csv", "report.json", "report.md"} {
		if !strings.Contains(out, filepath.Join(dir, f)) {
			t.Errorf("%s not reported written:\n%s", f, out)
		}
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	votes, _ := os.ReadFile(filepath.Join(dir, "votes.csv"))
	if !strings.Contains(string(votes), "CSTO,A/99/PV.1,A/99/L.1,2022-11-21,RUS,Russian Federation,yes,") {
		t.Errorf("votes.csv lacks Russia's CSTO vote beside its stance:\n%s", votes)
	}

	out, e, code = reportCLI(t, "report", "--in", fixtureRows, "--format", "markdown", "--out", "-")
	if code != 0 || !strings.HasPrefix(out, "# Recognition of regional organisations") {
		t.Errorf("--format markdown: exit %d %s\n%.200s", code, e, out)
	}

	out, e, code = reportCLI(t, "report", "--in", fixtureRows, "--target", "csto", "--by", "session", "--format", "csv", "--out", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, e)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.HasPrefix(lines[0], "delegation,delegation_name,organisation,period,relation,") || len(lines) != 8 {
		t.Errorf("csv to stdout:\n%s", out)
	}
	session := regexp.MustCompile(`^[A-Z]{3},[^,]+,CSTO,(69|7[0-5]),`) // statements 2014–2020
	for _, l := range lines[1:] {
		if !session.MatchString(l) {
			t.Errorf("row outside CSTO by session: %s", l)
		}
	}
}

func TestReportUsageAndEmpty(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"bad body", []string{"--body", "ECOSOC"}, 2, "--body must be SC or GA"},
		{"bad period", []string{"--by", "week"}, 2, "period must be year, session or meeting"},
		{"bad format", []string{"--format", "pdf"}, 2, "unknown format"},
		{"bad date", []string{"--from", "2019/01/01"}, 2, "--from must be"},
		{"from after to", []string{"--from", "2021", "--to", "2019-12"}, 2, "after --to"},
		{"stdout needs one format", []string{"--out", "-"}, 2, "writes one format"},
		{"votes need rows", []string{"--votes", "v.jsonl", "--in", ""}, 2, "--votes needs --in"},
		{"extra argument", []string{"CSTO"}, 2, "unexpected arguments"},
		{"empty selection", []string{"--target", "ECOWAS"}, 1, "empty selection: no classified sentence matches target ECOWAS"},
		{"empty range", []string{"--from", "2030"}, 1, "dates 2009 to 2023"},
		{"missing input", []string{"--in", "nope.jsonl"}, 1, "nope.jsonl"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"report", "--in", fixtureRows, "--out", t.TempDir()}, tc.args...)
			_, e, code := reportCLI(t, args...)
			if code != tc.code || !strings.Contains(e, tc.msg) {
				t.Errorf("exit %d, want %d; stderr %q lacks %q", code, tc.code, e, tc.msg)
			}
		})
	}
	// No store: a clear message, and no empty store left behind.
	data := filepath.Join(t.TempDir(), "nodata")
	_, e, code := reportCLI(t, "--data", data, "report", "--out", t.TempDir())
	if code != 1 || !strings.Contains(e, "no store in") {
		t.Errorf("no store: exit %d, %q", code, e)
	}
	if _, err := os.Stat(filepath.Join(data, "unpv.db")); err == nil {
		t.Error("report created a store")
	}
}

// TestReportBundledInChromium: on the bundled corpus the README's main
// command (`unpv run`) writes DATA/reports/report.html, which headless
// Chromium renders with its charts and tables; `unpv report` then reads the
// same store for a selection.
func TestReportBundledInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the pipeline over the bundled corpus")
	}
	chromium := chromiumtest.Find(t)
	data := filepath.Join(t.TempDir(), "data")
	if code, out, e := cli(t, nil, "--data", data, "run"); code != 0 {
		t.Fatalf("unpv run: exit %d\n%s\n%s", code, out, e)
	}
	dir := t.TempDir()
	if _, e, code := reportCLI(t, "--data", data, "report", "--target", "CSTO,CIS,SCO,OSCE,AU,EU,ASEAN", "--format", "csv", "--out", dir); code != 0 {
		t.Fatalf("unpv report: exit %d: %s", code, e)
	}
	cells, _ := os.ReadFile(filepath.Join(dir, "cells.csv"))
	for _, org := range []string{",CSTO,", ",AU,", ",OSCE,", ",ASEAN,"} {
		if !strings.Contains(string(cells), org) {
			t.Errorf("cells.csv has no %s row", org)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	shot := filepath.Join(dir, "report.png")
	cmd := exec.CommandContext(ctx, chromium, chromiumtest.Args(t, "--window-size=1280,2000", "--screenshot="+shot, "--dump-dom",
		"file://"+filepath.Join(data, pipeline.ReportDir, "report.html"))...)
	dom, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	for _, want := range []string{`<figure class="chart" id="series-CSTO"`, `<figure class="chart" id="series-AU"`,
		`aria-label="Net stance by delegation and organisation"`, `<table class="sortable">`, `tabindex="0"`, `<blockquote`} {
		if !bytes.Contains(dom, []byte(want)) {
			t.Errorf("rendered report lacks %s", want)
		}
	}
	if st, err := os.Stat(shot); err != nil || st.Size() < 50_000 {
		t.Errorf("screenshot: %v", err)
	}
}
