package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// helpText runs unpv with args and returns what it wrote, stdout then
// stderr.
func helpText(t *testing.T, args ...string) string {
	t.Helper()
	var out bytes.Buffer
	oldOut, oldErr := stdout, stderr
	stdout, stderr = &out, &out
	defer func() { stdout, stderr = oldOut, oldErr }()
	if err := run(context.Background(), args); err != nil {
		t.Fatalf("unpv %s: %v", strings.Join(args, " "), err)
	}
	return out.String()
}

// helpFlags returns the flags `unpv ARGS -h` lists.
func helpFlags(t *testing.T, args ...string) []string {
	t.Helper()
	help := helpText(t, append(args, "-h")...)
	var flags []string
	for _, m := range regexp.MustCompile(`(?m)^  -([a-z][a-z0-9-]*)`).FindAllStringSubmatch(help, -1) {
		flags = append(flags, m[1])
	}
	if len(flags) == 0 {
		t.Fatalf("unpv %s -h lists no flags:\n%s", strings.Join(args, " "), help)
	}
	return flags
}

// TestHelpCommand: `unpv help CMD [SUB]` prints what `unpv CMD [SUB] -h`
// does, as the usage's "see 'unpv help'" invites; it printed the list of
// commands whatever followed.
func TestHelpCommand(t *testing.T) {
	for _, args := range [][]string{{"search"}, {"run"}, {"classify", "train"}, {"annotate"}, {"annotate", "import"}, {"extract", "--store"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			want := helpText(t, append(args, "-h")...)
			if got := helpText(t, append([]string{"help"}, args...)...); got != want {
				t.Errorf("unpv help %s:\n%s\nwant (unpv %[1]s -h):\n%s", strings.Join(args, " "), got, want)
			}
		})
	}
	if err := run(context.Background(), []string{"help", "bogus"}); !errors.As(err, new(usageError)) {
		t.Errorf("unpv help bogus: %v, want a usage error", err)
	}
}

// userDocs returns README.md and docs/*.md, as one text.
func userDocs(t *testing.T) string {
	t.Helper()
	pages, err := filepath.Glob("../../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, p := range append(pages, "../../README.md") {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
		all.WriteByte('\n')
	}
	return all.String()
}

// docFlag finds a flag as the docs write it: --name, or -n for one letter,
// not followed by more of a flag's name.
func docFlag(name string) *regexp.Regexp {
	dashes := "--"
	if len(name) == 1 {
		dashes = "-"
	}
	return regexp.MustCompile(`(^|[^a-z0-9-])` + dashes + regexp.QuoteMeta(name) + `($|[^a-z0-9-])`)
}

// TestFlagsDocumented: every flag a command's -h lists is in the docs
// (README.md or docs/*.md), and every --flag the docs name is a flag of
// some unpv command (or of another tool the docs show).
func TestFlagsDocumented(t *testing.T) {
	docs := userDocs(t)
	invocations := [][]string{{"extract", "--store"}, {"classify", "--store"}, {"classify", "train"},
		{"classify", "vectors"}, {"annotate", "export"}, {"annotate", "import"}, {"annotate", "stats"}}
	for _, c := range commands {
		if c.name != "annotate" { // its -h lists its subcommands
			invocations = append(invocations, []string{c.name})
		}
	}
	known := map[string]bool{"data": true, "log-format": true, "v": true} // global
	fetch := helpFlags(t, "fetch")
	for _, inv := range invocations {
		name := strings.Join(inv, " ")
		for _, f := range helpFlags(t, inv...) {
			known[f] = true
			t.Run(name+" --"+f, func(t *testing.T) {
				documented := f
				// run's --fetch-X flags are documented as fetch's --X,
				// "prefixed with fetch-" (docs/pipeline.md).
				if x, ok := strings.CutPrefix(f, "fetch-"); ok && inv[0] == "run" {
					if !slices.Contains(fetch, x) {
						t.Fatalf("run --%s: fetch has no --%s", f, x)
					}
					documented = x
				}
				if !docFlag(documented).MatchString(docs) {
					t.Errorf("unpv %s -h lists --%s; README.md and docs/*.md never mention it", name, documented)
				}
			})
		}
	}
	// Flags of other tools the docs show.
	others := map[string]string{
		"change": "duplicates", "headless": "chromium", "no-sandbox": "chromium", "disable-gpu": "chromium",
		"hide-scrollbars": "chromium", "window-size": "chromium", "user-data-dir": "chromium",
		"screenshot": "chromium", "remote-debugging-pipe": "chromium", "now": "systemctl",
		"scale": "scripts/bench-corpus.sh", "ungdc": "scripts/bench-corpus.sh",
		"meetings": "score_segmentation.py",
	}
	for _, m := range regexp.MustCompile(`(?:^|[^a-zA-Z0-9-])--([a-z][a-z0-9-]*[a-z0-9])(?:[^a-z0-9-]|$)`).FindAllStringSubmatch(docs, -1) {
		f := m[1]
		if known[f] || others[f] != "" {
			continue
		}
		if x, ok := strings.CutPrefix(f, "fetch-"); ok && slices.Contains(fetch, x) {
			continue
		}
		t.Errorf("the docs name --%s, which no unpv command has", f)
		known[f] = true // once
	}
}

// TestCount: counts the commands print are singular for one ("1 vote" in
// every status of the demo's store was "1 votes").
func TestCount(t *testing.T) {
	for _, c := range []struct {
		n    int64
		want string
	}{{0, "0 votes"}, {1, "1 vote"}, {2, "2 votes"}, {1915, "1915 votes"}} {
		t.Run(c.want, func(t *testing.T) {
			if got := count(c.n, "vote", "votes"); got != c.want {
				t.Errorf("count(%d) = %q, want %q", c.n, got, c.want)
			}
		})
	}
}
