package pipeline

import (
	"context"
	"errors"
	"fmt"

	"github.com/unpv/unpv/corpora"
	"github.com/unpv/unpv/store"
)

// Status is what a data directory holds and what the pipeline last did
// with it (`unpv status`).
type Status struct {
	DataDir       string                  `json:"data_dir"`
	Store         string                  `json:"store"`
	SchemaVersion int                     `json:"schema_version"`
	RunningBy     string                  `json:"running_by,omitempty"` // lock holder while a run is in progress
	Documents     int                     `json:"documents"`
	Tables        map[string]int64        `json:"tables"`
	Stages        []StageStatus           `json:"stages"`
	Quarantined   []store.QuarantineEntry `json:"quarantined"`
	Runs          []store.Run             `json:"runs"`
	Fetch         *corpora.Selection      `json:"fetch,omitempty"` // saved selection (DATA/fetch.json) that runs fetch
}

// StageStatus counts documents per stage.
type StageStatus struct {
	Stage       string   `json:"stage"`
	Done        int      `json:"done"`
	Quarantined int      `json:"quarantined"`
	Pending     int      `json:"pending"` // documents not yet done by this stage (input ready, never processed)
	Versions    []string `json:"versions"`
	LastDone    string   `json:"last_done,omitempty"`
}

// ErrNoStore is returned by commands that only read a data directory that
// holds no store yet.
var ErrNoStore = errors.New("no store")

// ReadStatus reports on dataDir's store (which must exist: reading does not
// create one), with the runs most recent first, at most runs of them.
func ReadStatus(ctx context.Context, dataDir string, runs int) (*Status, error) {
	if !store.Exists(dataDir) {
		return nil, fmt.Errorf("%w at %s (run 'unpv run' first)", ErrNoStore, store.Path(dataDir))
	}
	s, err := store.Open(ctx, dataDir)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	st, err := storeStatus(ctx, s)
	if err != nil {
		return nil, err
	}
	st.DataDir, st.Store = dataDir, store.Path(dataDir)
	st.RunningBy = LockHolder(dataDir)
	if cfg, ok, err := LoadFetchConfig(dataDir); err == nil && ok {
		st.Fetch = &cfg.Selection
	}
	if len(st.Runs) > runs {
		st.Runs = st.Runs[:runs]
	}
	return st, nil
}

// storeStatus counts what the store holds, stage by stage.
func storeStatus(ctx context.Context, s *store.Store) (*Status, error) {
	st := &Status{SchemaVersion: store.SchemaVersion()}
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
	for _, name := range StageNames {
		states, err := s.StageStates(ctx, name)
		if err != nil {
			return nil, err
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
		}
		st.Stages = append(st.Stages, ss)
	}
	return st, nil
}
