package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/unpv/unpv/classify"
	"github.com/unpv/unpv/pipeline"
)

// `unpv classify train --with-corrections`: classify_corrections1.go is
// written against classify's API in main today, classify_corrections2.go
// (build tag classifyv2) against its rewrite; see pipeline/train.go. With
// the rewrite, runClassifyTrain calls, after classify.ReadTrainingData:
//
//	if *withCorrections {
//		return trainWithCorrections(ctx, dev, extra, *resamples, flagSet(fs, "out"), *out)
//	}

// writeTrained writes a model trained with the store's hand labels to out,
// or to DATA/model.json when no --out was given, and says where.
func writeTrained(m *classify.Model, outGiven bool, out string) (string, error) {
	if !outGiven {
		out = filepath.Join(global.dataDir, pipeline.ModelFile)
	}
	b, err := classify.MarshalModel(m)
	if err != nil {
		return out, err
	}
	if out == "-" {
		_, err = stdout.Write(b)
	} else {
		err = os.WriteFile(out, b, 0o644)
	}
	if err != nil {
		return out, fmt.Errorf("classify train: %w", err)
	}
	if !outGiven {
		fmt.Fprintf(stderr, "classify train: unpv run classifies with %s from now on (every document again); delete it to go back to the model built into unpv\n", out)
	}
	return out, nil
}

// flagSet reports whether the flag name was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}
