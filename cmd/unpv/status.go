package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/unpv/unpv/corpora"
	"github.com/unpv/unpv/pipeline"
	"github.com/unpv/unpv/store"
)

// status is what `unpv status` reports.
type status struct {
	DataDir       string                    `json:"data_dir"`
	Store         string                    `json:"store"`
	SchemaVersion int                       `json:"schema_version"`
	RunningBy     string                    `json:"running_by,omitempty"` // lock holder while a run is in progress
	Documents     int                       `json:"documents"`
	Tables        map[string]int64          `json:"tables"`
	Stages        []stageStatus             `json:"stages"`
	Quarantined   []store.QuarantineEntry `json:"quarantined"`
	Runs          []store.Run             `json:"runs"`
	Fetch         *corpora.Selection        `json:"fetch,omitempty"` // saved selection (DATA/fetch.json) that runs fetch
}

// stageStatus counts documents per stage.
type stageStatus struct {
	Stage       string   `json:"stage"`
	Done        int      `json:"done"`
	Quarantined int      `json:"quarantined"`
	Pending     int      `json:"pending"` // documents not yet done by this stage (input ready, never processed)
	Versions    []string `json:"versions"`
	LastDone    string   `json:"last_done,omitempty"`
}

// runStatus prints per-stage counts, quarantined documents and the last runs.
func runStatus(ctx context.Context, args []string) error {
	fs := newFlagSet("status", "[--json] [--runs N]")
	jsonOut := fs.Bool("json", false, "print as JSON")
	nRuns := fs.Int("runs", 5, "how many recent runs to list")
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("status: unexpected arguments %q", fs.Args())
	}
	dbPath := filepath.Join(global.dataDir, store.File)
	if _, err := os.Stat(dbPath); err != nil {
		return fmt.Errorf("status: no store at %s (run 'unpv run' first)", dbPath)
	}
	s, err := store.Open(ctx, global.dataDir)
	if err != nil {
		return err
	}
	defer s.Close()
	st, err := collectStatus(ctx, s)
	if err != nil {
		return err
	}
	st.DataDir, st.Store = global.dataDir, dbPath
	st.RunningBy = lockHolder(global.dataDir)
	if cfg, ok, err := pipeline.LoadFetchConfig(global.dataDir); err == nil && ok {
		st.Fetch = &cfg.Selection
	}
	if len(st.Runs) > *nRuns {
		st.Runs = st.Runs[:*nRuns]
	}
	if *jsonOut {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(st)
	}
	printStatus(stdout, st)
	return nil
}

func collectStatus(ctx context.Context, s *store.Store) (*status, error) {
	st := &status{SchemaVersion: store.SchemaVersion()}
	var err error
	if st.Tables, err = s.Counts(ctx); err != nil {
		return nil, err
	}
	st.Documents = int(st.Tables["sources"])
	if st.Quarantined, err = s.Quarantined(ctx); err != nil {
		return nil, err
	}
	if st.Runs, err = s.Runs(ctx, 50); err != nil {
		return nil, err
	}
	for _, name := range []string{pipeline.StageExtract, pipeline.StageClassify, pipeline.StageIndex, pipeline.StageReport} {
		states, err := s.StageStates(ctx, name)
		if err != nil {
			return nil, err
		}
		ss := stageStatus{Stage: name, Versions: []string{}}
		seen := map[string]bool{}
		for _, x := range states {
			switch x.Status {
			case store.StatusDone:
				ss.Done++
			case store.StatusQuarantined:
				ss.Quarantined++
			}
			if !seen[x.Version] {
				seen[x.Version] = true
				ss.Versions = append(ss.Versions, x.Version)
			}
			if x.DoneAt > ss.LastDone {
				ss.LastDone = x.DoneAt
			}
		}
		switch name {
		case pipeline.StageExtract:
			ss.Pending = max(0, st.Documents-ss.Done-ss.Quarantined)
		case pipeline.StageClassify:
			// Documents extracted but not (yet) classified.
			ss.Pending = max(0, st.Stages[0].Done-ss.Done-ss.Quarantined)
		}
		st.Stages = append(st.Stages, ss)
	}
	return st, nil
}

func printStatus(w io.Writer, st *status) {
	fmt.Fprintf(w, "store %s (schema %d): %d documents, %d meetings, %d speeches, %d sentences, %d stances, %d votes\n",
		st.Store, st.SchemaVersion, st.Documents, st.Tables["meetings"], st.Tables["speeches"], st.Tables["sentences"],
		st.Tables["stances"], st.Tables["votes"])
	if st.RunningBy != "" {
		fmt.Fprintf(w, "a run is in progress: %s\n", st.RunningBy)
	}
	if st.Fetch != nil {
		b, _ := json.Marshal(st.Fetch)
		fmt.Fprintf(w, "every run fetches the saved selection %s (%s)\n", b, pipeline.FetchFile)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "\nstage\tdone\tquarantined\tpending\tversion\tlast done\n")
	for _, s := range st.Stages {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\t%s\n", s.Stage, s.Done, s.Quarantined, s.Pending, strings.Join(s.Versions, ", "), s.LastDone)
	}
	tw.Flush()
	if len(st.Quarantined) > 0 {
		fmt.Fprintf(w, "\nquarantined documents:\n")
		for _, q := range st.Quarantined {
			fmt.Fprintf(w, "  %s  [%s, %s]  %s\n", q.Document, q.Stage, q.At, q.Reason)
		}
	}
	if len(st.Runs) > 0 {
		fmt.Fprintf(w, "\nlast runs:\n")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "  run\tstarted\tstatus\tduration\tcommand\tstages (processed/unchanged/quarantined, time)\n")
		for _, r := range st.Runs {
			dur := "-"
			if t0, err := time.Parse(time.RFC3339, r.StartedAt); err == nil {
				if t1, err := time.Parse(time.RFC3339, r.FinishedAt); err == nil {
					dur = t1.Sub(t0).Round(time.Millisecond).String()
				}
			}
			var parts []string
			for _, s := range r.Stages {
				parts = append(parts, fmt.Sprintf("%s %d/%d/%d %s", s.Stage, s.Processed, s.Skipped, s.Quarantined, s.Duration))
			}
			fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.StartedAt, r.Status, dur, r.Command, strings.Join(parts, "; "))
		}
		tw.Flush()
	}
}

// lockHolder describes the live holder of the data-directory lock, if any.
// It reads the lock file rather than taking the lock, so that status never
// makes a starting run fail.
func lockHolder(dataDir string) string {
	b, err := os.ReadFile(filepath.Join(dataDir, pipeline.LockFile))
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 2 || f[0] != "pid" {
		return ""
	}
	pid, err := strconv.Atoi(f[1])
	if err != nil || syscall.Kill(pid, 0) != nil {
		return "" // left by a process that died
	}
	return strings.Join(f, " ")
}
