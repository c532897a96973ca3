package pipeline

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"

	"github.com/unpv/unpv/classify"
	"github.com/unpv/unpv/extract"
)

// ModelFile, in the data directory, is a stance model retrained for that
// store (`unpv classify train --with-corrections` writes it, adding the
// store's hand labels to the training data). When it is there the pipeline
// classifies with it instead of the model built into unpv; its version
// differs, so the next run classifies every document again, and the
// store's codings keep overriding the new model as they did the old.
const ModelFile = "model.json"

// CardFile, beside ModelFile, is that model's card (`unpv classify train`
// writes it with the model): reports print it when it describes the model
// the pipeline classifies with.
const CardFile = "card.json"

// DataClassifier is the classifier the pipeline uses for dataDir: the
// model in DATA/model.json when present, else the shipped one.
func DataClassifier(dataDir string) (*classify.Classifier, error) {
	path := filepath.Join(dataDir, ModelFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return classify.Default()
	}
	if err != nil {
		return nil, fmt.Errorf("load classifier: %w", err)
	}
	m, err := classify.UnmarshalModel(b)
	if err != nil {
		return nil, fmt.Errorf("load classifier %s: %w (delete it to use the model built into unpv)", path, err)
	}
	if m.Reading == "" {
		if _, warned := unrecordedWarned.LoadOrStore(path, true); !warned {
			slog.Warn("the retrained model does not record the reading rules it was trained for (an unpv before 2026-12-06 trained it): if this unpv reads sentences otherwise its labels are wrong without any error; retrain it with 'unpv classify train --with-corrections', or delete it", "model", path)
		}
	}
	c, err := classify.New(m)
	if err != nil {
		return nil, fmt.Errorf("load classifier %s: %w (or delete it to use the model built into unpv)", path, err)
	}
	return c, nil
}

// unrecordedWarned holds the model files warned about: a command loads
// the classifier several times (run, status, serve's pages), and one
// warning says it.
var unrecordedWarned sync.Map

// DataStages are DefaultStages with dataDir's classifier (DataClassifier):
// what `unpv run` runs.
func DataStages(dataDir string, eopt extract.Options, progress io.Writer) ([]Stage, error) {
	c, err := DataClassifier(dataDir)
	if err != nil {
		return nil, err
	}
	return stagesWith(c, eopt, progress), nil
}
