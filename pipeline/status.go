package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/annotate"
	"github.com/unpv/unpv/corpora"
	"github.com/unpv/unpv/extract"
	"github.com/unpv/unpv/index"
	"github.com/unpv/unpv/store"
)

// Status is what a data directory holds and what the pipeline last did
// with it (`unpv status`).
type Status struct {
	DataDir       string `json:"data_dir"`
	Store         string `json:"store"`
	SchemaVersion int    `json:"schema_version"`
	Checked       string `json:"checked"`         // the store check done and its outcome
	Index         string `json:"index,omitempty"` // with --check: the search index against the store
	Raw           string `json:"raw,omitempty"`   // with --check: the documents' raw files in DATA/raw
	// Problems are what the full check found wrong beside the store
	// (raw files lost, an index that cannot be opened); a check with
	// problems fails (`unpv status --check` exits 1). An index missing
	// or built from an earlier state of the store is not one: it is a
	// stage still to run, as after an import.
	Problems    []string                `json:"problems,omitempty"`
	RunningBy   string                  `json:"running_by,omitempty"` // lock holder while a run is in progress
	Documents   int                     `json:"documents"`
	Tables      map[string]int64        `json:"tables"`
	Stages      []StageStatus           `json:"stages"`
	Quarantined []store.QuarantineEntry `json:"quarantined"`
	Runs        []store.Run             `json:"runs"`
	Fetch       *corpora.Selection      `json:"fetch,omitempty"`        // saved selection (DATA/fetch.json) that runs fetch
	FetchMirror string                  `json:"fetch_mirror,omitempty"` // where they fetch it from instead of the UN
	FetchError  string                  `json:"fetch_error,omitempty"`  // why DATA/fetch.json is unusable: every run that fetches fails until it is mended
	// HandLabels sums up researchers' labels, when there are any.
	HandLabels *HandSummary `json:"hand_labels,omitempty"`
	// Model is DATA/model.json's classifier version when there is one
	// (runs classify with it rather than the model built into unpv).
	Model string `json:"data_model,omitempty"`
}

// HandSummary counts researchers' labels (docs/annotate.md).
type HandSummary struct {
	Pairs    int `json:"pairs"`    // pairs with a hand label
	Disputed int `json:"disputed"` // pairs whose coders differ, not adjudicated
	Stale    int `json:"stale"`    // labels whose sentence changed
	Coders   int `json:"coders"`
	Codings  int `json:"codings"` // coding acts, skips included
}

// StageStatus counts documents per stage.
type StageStatus struct {
	Stage       string   `json:"stage"`
	Done        int      `json:"done"`
	Quarantined int      `json:"quarantined"`
	Pending     int      `json:"pending"` // documents not yet done by this stage (input ready, never processed); 1 for index and report when the store changed since they were built
	Versions    []string `json:"versions"`
	LastDone    string   `json:"last_done,omitempty"`
	// Outdated counts the documents (1 for index and report) this stage
	// last did with another version than this unpv's (an upgrade, a new
	// DATA/model.json): the next run does them again.
	Outdated int `json:"outdated"`
}

// ErrNoStore is returned by commands that only read a data directory that
// holds no store yet (store.ErrNoStore).
var ErrNoStore = store.ErrNoStore

// openExisting opens dataDir's store read-only (store.OpenReadOnly) for a
// command that only reads it, saying what to do when there is none yet.
func openExisting(ctx context.Context, dataDir string) (*store.Store, error) {
	s, err := store.OpenReadOnly(ctx, dataDir)
	if errors.Is(err, store.ErrNoStore) {
		return nil, fmt.Errorf("%w (run 'unpv run' first, or set --data)", err)
	}
	return s, err
}

// ReadStatus reports on dataDir's store (which must exist: reading does not
// create one), with the runs most recent first, at most runs of them. The
// store is checked first: with full, by store.Check's full form and the
// search index against the store (Status.Index); else by its quick form,
// unless the file is as the last check or run left it (store.Stamped).
// A failed check is an error wrapping store.ErrDamaged.
func ReadStatus(ctx context.Context, dataDir string, runs int, full bool) (*Status, error) {
	stamped := store.Stamped(dataDir) // before opening touches the log
	s, err := openExisting(ctx, dataDir)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	checked := "quick_check ok"
	switch {
	case full:
		checked = "integrity_check and foreign_key_check ok"
		fallthrough
	case !stamped:
		if err := s.Check(ctx, full); err != nil {
			return nil, err
		}
	default:
		checked = "not repeated: the store is as the last check left it (--check checks fully)"
	}
	runs = max(runs, 0)
	st, digest, err := storeStatus(ctx, s, stageVersions(dataDir), runs)
	if err != nil {
		return nil, err
	}
	st.DataDir, st.Store = dataDir, store.Path(dataDir)
	st.Checked = checked
	if full {
		var ok bool
		if st.Index, ok = indexHealth(dataDir, digest); !ok {
			st.Problems = append(st.Problems, "search index "+st.Index)
		}
		if st.Raw, ok, err = rawHealth(ctx, s, dataDir); err != nil {
			return nil, err
		} else if !ok {
			st.Problems = append(st.Problems, "raw files: "+st.Raw)
		}
	}
	st.RunningBy = LockHolder(dataDir)
	// A run still logged as running with no live lock holder died (kill -9,
	// power loss); the next run records it as killed, status says so now.
	holderPID := 0
	if f := strings.Fields(st.RunningBy); len(f) >= 2 {
		holderPID, _ = strconv.Atoi(f[1])
	}
	for i := range st.Runs {
		if r := &st.Runs[i]; r.Status == store.RunRunning && r.PID != holderPID {
			r.Status = store.RunKilled
		}
	}
	switch cfg, ok, err := LoadFetchConfig(dataDir); {
	case err != nil:
		st.FetchError = err.Error()
	case ok:
		st.Fetch, st.FetchMirror = &cfg.Selection, cfg.Mirror
	}
	if st.HandLabels, err = handSummary(ctx, s, st.Tables); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(dataDir, ModelFile)); err == nil {
		st.Model = "unreadable"
		if c, err := DataClassifier(dataDir); err == nil {
			st.Model = c.Version()
		}
	}
	return st, nil
}

// rawHealth says whether every document's raw file is in DATA/raw (ok
// false when not): one lost fails the document's next extraction, on
// every run until it is written again.
func rawHealth(ctx context.Context, s *store.Store, dataDir string) (string, bool, error) {
	srcs, err := s.Sources(ctx)
	if err != nil {
		return "", false, err
	}
	var missing []string
	files := 0
	for _, src := range srcs {
		if src.RawPath == "" {
			continue
		}
		files++
		if _, err := os.Stat(filepath.Join(dataDir, filepath.FromSlash(src.RawPath))); err != nil {
			missing = append(missing, src.Document)
		}
	}
	if len(missing) == 0 {
		return fmt.Sprintf("ok: %d files", files), true, nil
	}
	return fmt.Sprintf("%d of %d files missing (%s first): the next run writes the bundled ones again, the next fetch "+
		"downloads fetched ones; import the others again", len(missing), files, missing[0]), false, nil
}

// stageVersions are the versions of the stages a run over dataDir would
// run (DataStages), by stage name: a document a stage did with another is
// done again. With an unreadable DATA/model.json (a run stops on it) the
// classify stage is left out.
func stageVersions(dataDir string) map[string]string {
	stages, err := DataStages(dataDir, extract.Options{}, nil)
	if err != nil {
		stages = []Stage{ExtractStage(extract.Options{}), IndexStage(nil), ReportStage()}
	}
	v := map[string]string{}
	for _, st := range stages {
		v[st.Name] = st.Version
	}
	return v
}

// storeStatus counts what the store holds, stage by stage, and gives the
// store's content digest it compared the stages with; versions are the
// stages' current versions (stageVersions); runs is how many of the last
// runs it lists (status --runs: any number, the log being pruned to
// --keep-runs, not to what status lists by default).
func storeStatus(ctx context.Context, s *store.Store, versions map[string]string, runs int) (*Status, string, error) {
	st := &Status{SchemaVersion: store.SchemaVersion()}
	var err error
	if st.Tables, err = s.Counts(ctx); err != nil {
		return nil, "", err
	}
	st.Documents = int(st.Tables["sources"])
	if st.Quarantined, err = s.Quarantined(ctx); err != nil {
		return nil, "", err
	}
	if st.Runs, err = s.Runs(ctx, runs); err != nil {
		return nil, "", err
	}
	digest, err := s.StatesDigest(ctx)
	if err != nil {
		return nil, "", err
	}
	for _, name := range StageNames {
		states, err := s.StageStates(ctx, name)
		if err != nil {
			return nil, "", err
		}
		ss := StageStatus{Stage: name, Versions: []string{}}
		seen := map[string]bool{}
		for _, x := range states {
			switch x.Status {
			case store.StatusDone:
				ss.Done++
			case store.StatusQuarantined:
				ss.Quarantined++
			}
			if v, ok := versions[name]; ok && x.Version != v {
				ss.Outdated++
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
		case StageExtract:
			ss.Pending = max(0, st.Documents-ss.Done-ss.Quarantined)
		case StageClassify:
			// Documents extracted but not (yet) classified.
			ss.Pending = max(0, st.Stages[0].Done-ss.Done-ss.Quarantined)
		case StageIndex, StageReport:
			// Built from another state of the store (after import --remove,
			// a run of some stages only): the next run rebuilds it.
			if c, ok := states[store.CorpusDocument]; !ok || c.InputHash != digest {
				ss.Pending = 1
			}
		}
		st.Stages = append(st.Stages, ss)
	}
	return st, digest, nil
}

// indexHealth tells whether the search index matches the store: "ok (N
// speeches)", "missing", "stale" or "unusable: why" (ok false: the index
// is damaged). The next search or run rebuilds all but the first.
func indexHealth(dataDir, digest string) (string, bool) {
	ix, err := index.Open(filepath.Join(dataDir, IndexDir))
	switch {
	case errors.Is(err, index.ErrNoIndex):
		return "missing (the next run or search builds it)", true
	case err != nil:
		return "unusable: " + err.Error() + " (the next run or search rebuilds it)", false
	}
	defer ix.Close()
	m := ix.Meta()
	if m.Fingerprint != digest {
		return fmt.Sprintf("stale: %d speeches, built %s from an earlier state of the store (the next run or search rebuilds it)",
			m.Speeches, m.Built.Format(time.RFC3339)), true
	}
	return fmt.Sprintf("ok: %d speeches, built %s", m.Speeches, m.Built.Format(time.RFC3339)), true
}

// handSummary counts the store's codings; nil when there are none.
func handSummary(ctx context.Context, s *store.Store, tables map[string]int64) (*HandSummary, error) {
	if tables["codings"] == 0 {
		return nil, nil
	}
	h := &HandSummary{Codings: int(tables["codings"])}
	var err error
	if h.Coders, err = s.CodingCoders(ctx); err != nil {
		return nil, err
	}
	hls, err := s.HandLabels(ctx)
	if err != nil {
		return nil, err
	}
	for _, x := range hls {
		switch {
		case x.Stale:
		case x.Label != "":
			h.Pairs++
		default:
			h.Disputed++
		}
	}
	var cs []unpv.Coding
	if err := s.EachCoding(ctx, func(c unpv.Coding) error { cs = append(cs, c); return nil }); err != nil {
		return nil, err
	}
	h.Stale = annotate.StaleLabels(cs)
	return h, nil
}
