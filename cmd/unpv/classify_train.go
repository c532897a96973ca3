package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/classify"
	"github.com/unpv/unpv/internal/outfile"
	"github.com/unpv/unpv/pipeline"
)

// writeTrained writes a trained model to out ("-": standard output) and,
// when out is the data directory's model, says that runs now use it.
func writeTrained(m *classify.Model, out string) error {
	b, err := classify.MarshalModel(m)
	if err != nil {
		return err
	}
	if out == "-" {
		_, err = stdout.Write(b)
	} else {
		// Atomically: a run must never read half a model.
		err = outfile.WriteFile(out, b)
	}
	if err != nil {
		return fmt.Errorf("classify train: %w", err)
	}
	if dataModel := filepath.Join(global.dataDir, pipeline.ModelFile); out != "-" && sameFile(out, dataModel) {
		fmt.Fprintf(stderr, "classify train: unpv run classifies with %s from now on (every document again); delete it to go back to the model built into unpv\n", out)
	}
	return nil
}

// sameFile reports whether two paths name the same file, existing or not.
func sameFile(a, b string) bool {
	a, errA := filepath.Abs(a)
	b, errB := filepath.Abs(b)
	return errA == nil && errB == nil && a == b
}

// writeCard writes a model card as indented JSON.
func writeCard(card *classify.Card, path string) error {
	b, err := json.MarshalIndent(card, "", " ")
	if err != nil {
		return err
	}
	if err := outfile.WriteFile(path, append(b, '\n')); err != nil {
		return fmt.Errorf("classify train: %w", err)
	}
	return nil
}

// flagSet reports whether the flag name was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

// addedPairs reads the pairs `classify train` adds to the repository's:
// each --extra file, then the store's hand labels when asked. It returns
// nil when nothing is added, and the bad lines it skipped (reported on
// stderr) with the lines read.
func addedPairs(ctx context.Context, files string, withCorrections bool) (added []pipeline.PairSource, bad, lines int, err error) {
	for _, path := range splitList(files) {
		ps, nbad, err := readPairFiles(path)
		if err != nil {
			return nil, 0, 0, fmt.Errorf("classify train: --extra: %w", err)
		}
		bad, lines = bad+nbad, lines+nbad+len(ps)
		added = append(added, pipeline.PairSource{Name: path, Pairs: ps})
	}
	if withCorrections {
		corr, err := pipeline.CorrectionPairs(ctx, global.dataDir)
		if err != nil {
			return nil, 0, 0, fmt.Errorf("classify train: %w", err)
		}
		added = append(added, corr)
	}
	return added, bad, lines, nil
}

// trainWithAdded is `unpv classify train --extra FILES` and
// `--with-corrections`: the added pairs join the training-only pairs, the
// cross-validation on the dev pairs grouped by delegation is reported
// before and after, and the model and its card are written.
func trainWithAdded(ctx context.Context, dev, extra []classify.Pair, counts []classify.FileCount, added []pipeline.PairSource, resamples int, modelPath, cardPath string) error {
	res, err := pipeline.TrainWith(ctx, dev, extra, counts, added, resamples)
	if err != nil {
		return fmt.Errorf("classify train: %w", err)
	}
	var from []string
	what := "hand labels"
	// Each source says how many of its pairs were added and how many not:
	// "16 from hand labels (…: 299 of one coder …); 299 more left out" read
	// as if 299 more had been added.
	for i, src := range added {
		used := res.Card.Training[len(counts)+i].Pairs
		f := fmt.Sprintf("%s — %d of its %d pairs added", src.Name, used, len(src.Pairs))
		if left := len(src.Pairs) - used; left > 0 {
			f += fmt.Sprintf(", %d not (a dev, training-only or earlier added pair has the same sentence and organisation)", left)
		}
		from = append(from, f)
		if !src.Hand {
			what = "added pairs"
		}
	}
	fmt.Fprintf(stderr, "classify train: %d dev + %d training-only + %d added pairs (%s), %d features: model %s\n",
		res.Dev, res.Extra, res.Added, strings.Join(from, "; "), len(res.Model.Weights), res.Card.Model)
	w := stdout
	if modelPath == "-" {
		w = stderr // stdout is the model's
	}
	fmt.Fprintf(w, "%d-fold cross-validation on the %d dev pairs, grouped by delegation (added pairs train, never test; %d resamples by delegation):\n",
		res.Before.Folds, res.Dev, resamples)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "model trained\tmacro-F1\t95%% interval\taccuracy\t")
	for _, l := range unpv.Labels {
		fmt.Fprintf(tw, "%s F1\t", l)
	}
	fmt.Fprintln(tw)
	for _, row := range []struct {
		name string
		r    *classify.CVResult
	}{{"without " + what, res.Before}, {fmt.Sprintf("with %d %s", res.Added, what), res.After}} {
		for _, m := range row.r.Systems {
			if m.System != "model" {
				continue
			}
			fmt.Fprintf(tw, "%s\t%.3f\t%s\t%.3f\t", row.name, m.MacroF1, ciText(m.MacroF1CI), m.Accuracy)
			for _, l := range unpv.Labels {
				fmt.Fprintf(tw, "%.3f\t", m.PerClass[l].F1)
			}
			fmt.Fprintln(tw)
		}
	}
	tw.Flush()
	if err := writeTrained(res.Model, modelPath); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "classify train: model %s → %s\n", res.Card.Model, modelPath)
	if cardPath == "" {
		return nil
	}
	if err := writeCard(res.Card, cardPath); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "classify train: card → %s (its cross-validation grouped by delegation, with the added pairs", cardPath)
	if sameFile(cardPath, filepath.Join(global.dataDir, pipeline.CardFile)) {
		fmt.Fprintf(stderr, "; reports of %s print it", global.dataDir)
	}
	fmt.Fprintln(stderr, ")")
	return nil
}
