package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/unpv/unpv/pipeline"
)

// runVersion prints the build (tool version and commit) and the versions
// of what decides the data: the classifier model, the extraction and
// import rules, the delegation table, the store and index schemas.
func runVersion(ctx context.Context, args []string) error {
	fs := newFlagSet("version", "[--json]")
	asJSON := fs.Bool("json", false, "print JSON")
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("version: unexpected arguments %q", fs.Args())
	}
	v := pipeline.Version()
	// What a run in this data directory classifies with, when it is not
	// the built-in model: a paper citing the model must cite that one.
	v.DataModel = pipeline.DataModelVersion(global.dataDir)
	if *asJSON {
		return printJSON(stdout, v)
	}
	commit := v.Commit
	if commit == "" {
		commit = "unknown (not built from a VCS checkout)"
	} else if v.Modified {
		commit += " (modified)"
	}
	model := v.Model
	if model == "" {
		model = "unavailable (the classifier failed to load)"
	}
	fmt.Fprintf(stdout, "unpv %s\ncommit       %s\n", v.Version, commit)
	if v.CommitTime != "" {
		fmt.Fprintf(stdout, "commit time  %s\n", v.CommitTime)
	}
	if v.DataModel != "" {
		model = fmt.Sprintf("%s (%s: what run classifies with here; built in: %s)", v.DataModel, filepath.Join(global.dataDir, pipeline.ModelFile), model)
	}
	fmt.Fprintf(stdout, "go           %s\nmodel        %s\nextract      %s\nimporter     %s\ndelegations  %s\nstore schema %d\nindex schema %d\n",
		v.Go, model, v.Extract, v.Importer, v.Delegations, v.StoreSchema, v.IndexSchema)
	return nil
}
