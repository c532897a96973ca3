package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	iofs "io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/classify"
	"github.com/unpv/unpv/pipeline"
)

// runClassifyTrain rebuilds the model and its card from the labelled
// pairs in the repository (the same input gives byte-identical files), or,
// with pairs added (--extra, --with-corrections), trains a model for the
// data directory and reports what the added pairs did.
func runClassifyTrain(ctx context.Context, args []string) error {
	fs := newFlagSet("classify train", "[--pairs DIR] [--extra FILES] [--with-corrections] [--out FILE] [--card FILE] [--resamples N]")
	data := fs.String("pairs", defaultTrainingData, "folder of labelled pairs: the dev sets and the training-only sets classify.DevFiles and classify.ExtraFiles name")
	extraFiles := fs.String("extra", "", "comma-separated files of your own labelled pairs (gold-dev.jsonl format) to train on too: the cross-validation is reported without and with them, and the model goes to DATA/model.json (unless --out), which unpv run then uses")
	out := fs.String("out", defaultModel, `model file to write ("-" for stdout); with --extra or --with-corrections, DATA/model.json unless given; rebuild unpv after replacing classify/model.json, which is embedded`)
	cardPath := fs.String("card", "", `where to write the model card (default: card.json beside the model, none for "-"; "" to skip it)`)
	resamples := fs.Int("resamples", 1000, "bootstrap resamples for the card's intervals")
	withCorrections := fs.Bool("with-corrections", false, "also train on the hand labels of the store (--data), report the cross-validation before and after, and write DATA/model.json (unless --out), which unpv run then uses")
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("classify train: unexpected arguments %v", fs.Args())
	}
	if *resamples < 0 || *resamples > 100000 {
		return usagef("classify train: --resamples must be between 0 and 100000")
	}
	dev, extra, counts, err := classify.ReadTrainingData(*data)
	if errors.Is(err, iofs.ErrNotExist) && !flagSet(fs, "pairs") {
		// Outside the repository: the pairs built into unpv are the same
		// files as of its build.
		say(slog.LevelInfo, "classify train: no %s here: training on the labelled pairs built into unpv", *data)
		dev, extra, counts, err = classify.ShippedTrainingData()
	}
	if err != nil {
		return fmt.Errorf("classify train: %w", err)
	}
	if !flagSet(fs, "out") && *extraFiles == "" && !*withCorrections {
		// Outside the repository there is no classify/ to write the model
		// to: say so before minutes of training, not after.
		if fi, err := os.Stat(filepath.Dir(defaultModel)); err != nil || !fi.IsDir() {
			return usagef("classify train: no %s here to write the model to: run it from the repository root, or give --out FILE (or --extra FILES for a model of DATA)", filepath.Dir(defaultModel))
		}
	}
	added, nbad, nlines, err := addedPairs(ctx, *extraFiles, *withCorrections)
	if err != nil {
		return err
	}
	modelPath := *out
	if added != nil && !flagSet(fs, "out") {
		modelPath = filepath.Join(global.dataDir, pipeline.ModelFile)
	}
	card := *cardPath
	if !flagSet(fs, "card") && modelPath != "-" {
		card = filepath.Join(filepath.Dir(modelPath), pipeline.CardFile)
	}
	// Every place training writes to must exist before minutes of
	// training, not after: a --data directory not made yet (the model of
	// DATA is DATA/model.json), a typo in --out or --card.
	for _, p := range []string{modelPath, card} {
		if p == "" || p == "-" {
			continue
		}
		if fi, err := os.Stat(filepath.Dir(p)); err != nil || !fi.IsDir() {
			return usagef("classify train: no directory %s to write %s to (a --data directory is made by `unpv run`)", filepath.Dir(p), p)
		}
	}
	if added != nil {
		err = trainWithAdded(ctx, dev, extra, counts, added, *resamples, modelPath, card)
	} else {
		err = trainShipped(ctx, dev, extra, counts, *resamples, modelPath, card)
	}
	if err == nil && nbad > 0 {
		return partialError{bad: nbad, of: nlines}
	}
	return err
}

// trainShipped is `unpv classify train` on the repository's pairs alone:
// the model and its card, cross-validated under every grouping.
func trainShipped(ctx context.Context, dev, extra []classify.Pair, counts []classify.FileCount, resamples int, modelPath, cardPath string) error {
	m, err := classify.TrainShipped(dev, extra)
	if err != nil {
		return fmt.Errorf("classify train: %w", err)
	}
	c, err := classify.New(m)
	if err != nil {
		return err
	}
	if err := writeTrained(m, modelPath); err != nil {
		return err
	}
	say(slog.LevelInfo, "classify train: %d pairs (%d dev, %d training-only), %d features: model %s → %s", len(dev)+len(extra), len(dev), len(extra), len(m.Weights), c.Version(), modelPath)
	if cardPath == "" {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	card, err := classify.MakeCard(c, dev, extra, counts, classify.DefaultTrainOptions, resamples)
	if err != nil {
		return fmt.Errorf("classify train: card: %w", err)
	}
	if err := pipeline.WriteCard(card, cardPath); err != nil {
		return fmt.Errorf("classify train: %w", err)
	}
	say(slog.LevelInfo, "classify train: card → %s (%s)", cardPath, card.Headline())
	return nil
}

// writeTrained writes a trained model to out ("-": standard output) and,
// when out is the data directory's model, says that runs now use it.
func writeTrained(m *classify.Model, out string) error {
	var err error
	if out == "-" {
		var b []byte
		if b, err = classify.MarshalModel(m); err != nil {
			return err
		}
		_, err = stdout.Write(b)
	} else {
		err = pipeline.WriteModel(m, out)
	}
	if err != nil {
		return fmt.Errorf("classify train: %w", err)
	}
	if dataModel := filepath.Join(global.dataDir, pipeline.ModelFile); out != "-" && sameFile(out, dataModel) {
		say(slog.LevelInfo, "classify train: unpv run classifies with %s from now on (every document again); delete it to go back to the model built into unpv", out)
	}
	return nil
}

// sameFile reports whether two paths name the same file, existing or not.
func sameFile(a, b string) bool {
	a, errA := filepath.Abs(a)
	b, errB := filepath.Abs(b)
	return errA == nil && errB == nil && a == b
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
	say(slog.LevelInfo, "classify train: %d dev + %d training-only + %d added pairs (%s), %d features: model %s",
		res.Dev, res.Extra, res.Added, res.From(), len(res.Model.Weights), res.Card.Model)
	switch {
	case modelPath != "-":
		if err := res.WriteTable(stdout); err != nil {
			return err
		}
	case global.jsonLogs():
		// Stdout is the model's, and every line of stderr a log record:
		// a row each.
		for _, row := range res.Rows() {
			f1 := map[unpv.Label]float64{}
			for _, l := range unpv.Labels {
				f1[l] = row.Model.PerClass[l].F1
			}
			slog.Info("classify train: "+res.TableTitle(), "model_trained", row.Name, "macro_f1", row.Model.MacroF1,
				"macro_f1_ci", row.Model.MacroF1CI, "accuracy", row.Model.Accuracy, "f1", f1)
		}
	default:
		if err := res.WriteTable(stderr); err != nil { // stdout is the model's
			return err
		}
	}
	if err := writeTrained(res.Model, modelPath); err != nil {
		return err
	}
	say(slog.LevelInfo, "classify train: model %s → %s", res.Card.Model, modelPath)
	if cardPath == "" {
		return nil
	}
	if err := pipeline.WriteCard(res.Card, cardPath); err != nil {
		return fmt.Errorf("classify train: %w", err)
	}
	printed := ""
	if sameFile(cardPath, filepath.Join(global.dataDir, pipeline.CardFile)) {
		printed = fmt.Sprintf("; reports of %s print it", global.dataDir)
	}
	say(slog.LevelInfo, "classify train: card → %s (its cross-validation grouped by delegation, with the added pairs%s)", cardPath, printed)
	return nil
}
