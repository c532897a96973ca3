package pipeline

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"

	"github.com/unpv/unpv/classify"
	"github.com/unpv/unpv/corpora"
	"github.com/unpv/unpv/extract"
	"github.com/unpv/unpv/index"
	"github.com/unpv/unpv/store"
	"github.com/unpv/unpv/un"
)

// VersionInfo is what `unpv version` prints and every report records: the
// build, and the versions of what decides the data (classifier model,
// extraction and import rules, delegation table, store and index schemas).
type VersionInfo struct {
	Tool       string `json:"tool"`
	Version    string `json:"version"`            // module version, "(devel)" for a local build
	Commit     string `json:"commit,omitempty"`   // VCS revision the binary was built from
	Modified   bool   `json:"modified,omitempty"` // built from a work tree with uncommitted changes
	CommitTime string `json:"commit_time,omitempty"`
	Go         string `json:"go"`
	Model      string `json:"model"` // the shipped classifier's version (model, gazetteer, memberships, lexicon)
	// DataModel is the version of the data directory's DATA/model.json,
	// which run classifies with instead of Model (DataModelVersion); ""
	// when there is none.
	DataModel   string `json:"data_model,omitempty"`
	Extract     string `json:"extract"`
	Importer    string `json:"importer"`
	Delegations string `json:"delegations"` // the delegation table's version
	StoreSchema int    `json:"store_schema"`
	IndexSchema int    `json:"index_schema"`
}

// Version reports the build and the versions of its rules and models. The
// classifier is loaded to read its version; an error loading it leaves
// Model empty (the build is still described).
func Version() VersionInfo {
	v := VersionInfo{
		Tool: "unpv", Version: "(devel)", Go: runtime.Version(),
		Extract: extract.Version + "+" + extract.SegmenterVersion, Importer: corpora.ImporterVersion,
		Delegations: un.DelegationTableVersion(), StoreSchema: store.SchemaVersion(), IndexSchema: index.SchemaVersion,
	}
	v.Version, v.Commit, v.Modified, v.CommitTime = buildInfo()
	if c, err := classify.Default(); err == nil {
		v.Model = c.Version()
	}
	return v
}

// DataModelVersion is the version of dataDir's retrained model
// (ModelFile), what `unpv run` classifies with there: "" when there is
// none, and the reason when it cannot be used.
func DataModelVersion(dataDir string) string {
	if _, err := os.Stat(filepath.Join(dataDir, ModelFile)); err != nil {
		return ""
	}
	c, err := DataClassifier(dataDir)
	if err != nil {
		return "unusable: " + err.Error()
	}
	return c.Version()
}

// The commit a binary was built from when the Go toolchain did not stamp
// it (GOFLAGS=-buildvcs=false, a worktree it cannot read): `make build` sets
// them with -ldflags -X.
var (
	buildCommit   string
	buildModified string // "true" when built from a work tree with changes
)

// buildInfo reads the module version and VCS stamp of the running binary.
func buildInfo() (version, commit string, modified bool, at string) {
	version = "(devel)"
	commit, modified = buildCommit, buildModified == "true"
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return version, commit, modified, ""
	}
	if bi.Main.Version != "" {
		version = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			commit = s.Value
		case "vcs.modified":
			modified, _ = strconv.ParseBool(s.Value)
		case "vcs.time":
			at = s.Value
		}
	}
	return version, commit, modified, at
}
