package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/classify"
	"github.com/unpv/unpv/internal/limit"
	"github.com/unpv/unpv/internal/outfile"
	"github.com/unpv/unpv/pipeline"
	"github.com/unpv/unpv/un"
)

// Where the training data, model and card live in the repository (see
// classify/data/PROVENANCE.md); paths are relative to the repo root.
const (
	defaultTrainingData = "classify/data"
	defaultModel        = "classify/model.json"
	defaultCard         = "classify/card.json"
)

// runClassify labels (sentence, organisation) pairs, evaluates on labelled
// pairs, or (`classify train`) rebuilds the shipped model.
func runClassify(ctx context.Context, args []string) error {
	switch sub, rest := subcommand(args, "train", "vectors"); sub {
	case "train":
		return runClassifyTrain(ctx, rest)
	case "vectors":
		return runClassifyVectors(ctx, rest)
	}
	if wantsStore(args) {
		return runClassifyStore(ctx, args) // the pipeline's classify stage over the store
	}
	fs := newFlagSet("classify", "(--text SENTENCE | --in PAIRS.jsonl | --eval GOLD.jsonl [--cv K] | --store) [flags]\n       unpv classify train [--pairs DIR] [--out FILE] [--card FILE] [--resamples N] [--with-corrections]")
	text := fs.String("text", "", "classify one sentence and print a readable result")
	in := fs.String("in", "", `JSON Lines of {"sentence", "target"?, "speaker"?, "date"?, …} ("-" for stdin); each line is written back with target, label, confidence, evidence, once per organisation named (once with no_organisation when it names none)`)
	maxLine := limitFlag(fs, "max-line", limit.LineSize, "with --in: longest input line; longer lines are skipped as bad (docs/limits.md)")
	inFormat := fs.String("in-format", "", "with --in: jsonl (one JSON object per line), csv (a header row naming a sentence column, then one row per record) or lines (one sentence per line); default csv for a .csv file, lines for .txt, else jsonl")
	format := fs.String("format", "", "output format: with --text, text (default) or json (one JSON object per stance and line; jsonl is the same); with --in, jsonl (default) or text; with --eval, text (default) or json")
	target := fs.String("target", "", "with --text: the organisation (acronym or name); default every organisation found")
	speaker := fs.String("speaker", "", "with --text: speaker delegation code or label, for the relation")
	date := fs.String("date", "", "with --text: meeting date (YYYY, YYYY-MM, YYYY-MM-DD or as records print it, 8 January 2020), for the relation")
	eval := fs.String("eval", "", "evaluate on labelled pairs (gold-dev.jsonl format)")
	cv := fs.Int("cv", 0, "with --eval: K-fold cross-validation instead of evaluating the shipped model")
	group := fs.String("group", "", "with --eval: cross-validation grouping: delegation, organisation or era (leave one out), speech, or all (the default: the four in turn)")
	extra := fs.String("extra", "", "with --cv: comma-separated pair files that only ever train (never of the held-out group)")
	resamples := fs.Int("resamples", 1000, "with --eval: bootstrap resamples of delegations for the 95% intervals (0: none)")
	maskedBaseline := fs.Bool("masked-baseline", false, "with --cv: also cross-validate the TF-IDF baseline with the organisations' names masked (tfidf-masked), to show how much of its score the names carry")
	predictions := fs.String("predictions", "", "with --cv: also write every system's out-of-fold prediction for every pair (label, confidence, class probabilities), one JSON line per grouping, partition and pair, to this file")
	partitions := fs.Int("partitions", 1, "with --cv: repeat the delegation and speech groupings over this many assignments of groups to folds and summarise macro-F1 over them (the first is the card's)")
	modelPath := fs.String("model", "", "model file to use instead of the shipped one")
	baseline := fs.Bool("baseline", false, "use the lexicon baseline instead of the model")
	explain := fs.Int("explain", 0, "with --text: also list the N features that weighed most in each decision")
	var context []string
	fs.Func("context", "with --text: a sentence before it, read first to resolve \"the Organization\" as the pipeline does (repeat for several, in order)", func(s string) error {
		context = append(context, s)
		return nil
	})
	seeds := fs.Bool("seeds", false, "with --cv: add the codebook seed pairs to every training fold")
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	// The mode is whichever of --text, --in and --eval was given; one given
	// empty is a mistake of its own, not a missing mode.
	var mode classifyMode
	given := 0
	for _, m := range []classifyMode{
		{"text", *text, "the sentence to classify", []string{"text", "json", "jsonl"}},
		{"in", *in, "a JSON Lines file, or - for standard input", []string{"jsonl", "text"}},
		{"eval", *eval, "files of labelled pairs", []string{"text", "json"}},
	} {
		if flagSet(fs, m.flag) {
			mode, given = m, given+1
		}
	}
	if given != 1 || fs.NArg() > 0 {
		fs.Usage()
		return usagef("classify: give exactly one of --text, --in or --eval")
	}
	if strings.TrimSpace(mode.value) == "" {
		return usagef("classify: --%s is empty: give %s", mode.flag, mode.want)
	}
	f := cmp.Or(strings.ToLower(*format), mode.formats[0])
	if !slices.Contains(mode.formats, f) {
		return usagef("classify: --format must be %s with --%s, not %q", orList(mode.formats), mode.flag, f)
	}
	if mode.flag != "text" {
		// Silently ignored, they would leave the user believing they
		// took effect; an --in line gives its own target, speaker and date.
		for _, name := range []string{"target", "speaker", "date", "explain", "context"} {
			if flagSet(fs, name) {
				return usagef("classify: --%s applies to --text only (an --in line gives its own target, speaker, date and context)", name)
			}
		}
	}
	if flagSet(fs, "in-format") && mode.flag != "in" {
		return usagef("classify: --in-format applies to --in only")
	}
	inf, err := inputFormat(*inFormat, *in)
	if err != nil {
		return err
	}
	if flagSet(fs, "speaker") {
		// An unknown speaker (a name, or three capitals no table holds)
		// would leave the relation out without a word.
		if _, ok := un.LookupDelegation(un.SpeakerCode(*speaker)); !ok {
			return usagef("classify: --speaker %q is no delegation unpv knows: give a code (RUS), a name (Russian Federation) or a label as printed (Mr. Nebenzia (Russian Federation))", *speaker)
		}
	}
	if flagSet(fs, "date") {
		iso, ok := unpv.ParseDate(*date)
		if !ok {
			return usagef("classify: --date must be a date, %s; not %q", unpv.DateForms, *date)
		}
		*date = iso
	}
	if (*cv != 0 || *group != "") && *eval == "" {
		return usagef("classify: --cv and --group need --eval")
	}
	if *partitions < 1 || *partitions > 100 || (*partitions > 1 && *cv == 0 && *group == "") {
		return usagef("classify: --partitions must be between 1 and 100, and more than 1 needs --cv")
	}
	if g, err := classify.ParseGrouping(*group); *partitions > 1 && err == nil && g.LeaveOneOut() {
		return usagef("classify: --partitions applies to the delegation and speech groupings: leaving one %s out has one partition only", g)
	}
	cross := *cv != 0 || *group != ""
	if *maskedBaseline && !cross {
		return usagef("classify: --masked-baseline needs --cv")
	}
	if *predictions != "" && !cross {
		return usagef("classify: --predictions needs --cv (they are the out-of-fold predictions)")
	}
	// Checked before a cross-validation that may run for minutes, not
	// after it.
	if *predictions != "" {
		dir := filepath.Dir(*predictions)
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return usagef("classify: --predictions %s: no directory %s to write it in", *predictions, dir)
		}
		if st, err := os.Stat(*predictions); err == nil && st.IsDir() {
			return usagef("classify: --predictions %s is a directory: give a file to write", *predictions)
		}
	}
	// Each would be silently ignored: --extra and --seeds only train,
	// and cross-validation trains its own model on every fold.
	for _, name := range []string{"extra", "seeds"} {
		if flagSet(fs, name) && !cross {
			return usagef("classify: --%s needs --cv (it adds training pairs, and only cross-validation trains)", name)
		}
	}
	for _, name := range []string{"model", "baseline"} {
		if flagSet(fs, name) && cross {
			return usagef("classify: --%s does not apply with --cv: cross-validation trains a new model on every fold; to score a model file, --eval without --cv", name)
		}
	}
	if *resamples < 0 || *resamples > 100000 {
		return usagef("classify: --resamples must be between 0 and 100000")
	}
	c, err := loadClassifier(ctx, *modelPath, *baseline)
	if err != nil {
		return err
	}
	switch mode.flag {
	case "text":
		return classifyText(c, *text, context, *target, *speaker, *date, f, *explain)
	case "in":
		r, closeFn, err := openInput(ctx, *in)
		if err != nil {
			return fmt.Errorf("classify: %w", err)
		}
		defer closeFn()
		return classifyLines(ctx, c, r, stdout, stderr, inf, f, int(*maxLine))
	default:
		return classifyEval(c, *eval, evalOptions{folds: *cv, group: strings.ToLower(*group), extra: *extra, resamples: *resamples, partitions: *partitions, maskedBaseline: *maskedBaseline, seeds: *seeds, format: f, predictions: *predictions})
	}
}

// classifyMode is one of classify's modes (--text, --in, --eval): its
// flag's name and value, what the value should be, and the output formats
// it writes, its default first.
type classifyMode struct {
	flag, value, want string
	formats           []string
}

// orList joins words as "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

func loadClassifier(ctx context.Context, path string, baseline bool) (*classify.Classifier, error) {
	if baseline {
		return classify.New(nil)
	}
	if path == "" {
		return classify.Default()
	}
	// Read as an input: a device (/dev/zero) was read until memory ran
	// out; a pipe (--model <(zcat model.json.gz)) still reads.
	r, closeFile, err := openFile(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("classify: %w", err)
	}
	defer closeFile()
	b, err := io.ReadAll(limit.Reader(r, limit.FileSize))
	if err != nil {
		return nil, fmt.Errorf("classify: %s: %w", path, err)
	}
	m, err := classify.UnmarshalModel(b)
	if err != nil {
		return nil, fmt.Errorf("classify: %s: %w", path, err)
	}
	return classify.New(m)
}

// openInput opens a file of input lines ("-": standard input) to be read
// until ctx ends: a regular file or a pipe (a directory or a device such as
// /dev/zero fails at once), read as a stream, so of any size.
func openInput(ctx context.Context, path string) (io.Reader, func(), error) {
	if path == "-" {
		return limit.ContextReader(ctx, stdin), func() {}, nil
	}
	return openFile(ctx, path)
}

// openFile is openInput for a file named by its path alone ("-" is a file
// of that name).
func openFile(ctx context.Context, path string) (io.Reader, func(), error) {
	open := func(p string) (*os.File, error) { f, _, err := limit.Open(p, 0); return f, err }
	if fi, err := os.Stat(path); err == nil && fi.Mode()&iofs.ModeNamedPipe != 0 {
		// A pipe streams as stdin does ("--in <(zcat rows.jsonl.gz)"), and
		// an interrupt ends an endless one; a device (/dev/zero) or a
		// directory is refused.
		open = os.Open
	}
	f, err := open(path)
	if err != nil {
		return nil, nil, err
	}
	return limit.ContextReader(ctx, f), func() { f.Close() }, nil
}

func classifyText(c *classify.Classifier, text string, context []string, target, speaker, date, format string, explain int) error {
	stances, err := c.SentenceInContext(text, context, target, date, speaker)
	if err != nil {
		return usagef("classify: %v", err)
	}
	code := un.SpeakerCode(speaker)
	if !classify.Bounded(text) {
		// As --in marks such a line truncated: what lies past the limit
		// (an organisation named there) was not read.
		say(slog.LevelWarn, "classify: the sentence is %d bytes, longer than %s: read up to there only (docs/limits.md)", len(text), limit.Format(unpv.MaxSentenceBytes))
	}
	if format == "jsonl" || format == "json" {
		enc := json.NewEncoder(stdout)
		for _, s := range stances {
			if err := enc.Encode(s); err != nil {
				return err
			}
		}
		return nil
	}
	if len(stances) == 0 {
		fmt.Fprintln(stdout, "no organisation found (give --target to classify anyway)")
		return nil
	}
	for _, m := range c.Mentions(text, context...) {
		kind := ""
		if m.Coref {
			kind = " (coreference)"
		}
		fmt.Fprintf(stdout, "mention  %-7s %q at %d–%d%s\n", m.Target, m.Surface, m.Start, m.End, kind)
	}
	for _, s := range stances {
		fmt.Fprintf(stdout, "stance   %-7s %-11s confidence %.3f  evidence %q", s.Target, s.Label, s.Confidence, s.Evidence)
		if s.Relation != "" {
			fmt.Fprintf(stdout, "  relation %s", s.Relation)
		}
		fmt.Fprintln(stdout)
		if explain > 0 {
			_, cs := c.Explain(text, s.Target, code, date, explain, context...)
			for _, x := range cs {
				fmt.Fprintf(stdout, "         %+7.3f  %-28s %q\n", x.Value, x.Feature, x.Span)
			}
		}
	}
	return nil
}

// inJSONL is the --in form a line of JSON Lines is read in.
const inJSONL = classify.InputJSONL

// inputFormat is the --in-format given, or the one path's extension
// implies: csv for .csv, lines for .txt, else jsonl.
func inputFormat(given, path string) (classify.InputFormat, error) {
	f, err := classify.ParseInputFormat(given, path)
	if err != nil {
		return "", usagef("classify: --in-format must be jsonl, csv or lines, not %q", strings.ToLower(given))
	}
	return f, nil
}

// classifyLines labels each input record (inFormat: jsonl, csv or lines,
// as classify.ReadInput reads them) and writes it back, once per
// organisation it names, or once with no_organisation when it names none;
// bad records (malformed, or longer than maxLine bytes) are reported on
// errw with their line number and skipped, and lines that are not UTF-8
// are read with U+FFFD for the bad bytes and reported. A summary of the
// lines ends errw. It stops between records when ctx ends.
func classifyLines(ctx context.Context, c *classify.Classifier, r io.Reader, w, errw io.Writer, inFormat classify.InputFormat, format string, maxLine int) error {
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	tw := tabwriter.NewWriter(bw, 0, 4, 2, ' ', 0)
	tally := classify.InputTally{Format: inFormat}
	// Under --log-format json every line of stderr is a log record
	// (docs/pipeline.md): the skipped lines and the summary were text.
	note := func(level slog.Level, format string, args ...any) {
		if global.jsonLogs() {
			slog.Log(ctx, level, fmt.Sprintf(format, args...))
			return
		}
		fmt.Fprintf(errw, format+"\n", args...)
	}
	for rec, err := range classify.ReadInput(r, inFormat, maxLine) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if errors.Is(err, classify.ErrNoHeader) || errors.As(err, new(*classify.HeaderError)) {
			return fmt.Errorf("classify: --in %w", err)
		}
		if err != nil {
			return fmt.Errorf("classify: %w", err)
		}
		if rec.NotUTF8 {
			note(slog.LevelWarn, "classify: line %d: not UTF-8: its bad bytes are read as U+FFFD (convert the file, e.g. iconv -f WINDOWS-1252 -t UTF-8)", rec.Line)
		}
		if rec.Note {
			note(slog.LevelWarn, "classify: %v", rec.Err)
		}
		var outs []map[string]any
		if err = rec.Err; err == nil && !rec.Header {
			type lineResult struct {
				outs []map[string]any
				err  error
			}
			res, ierr := pipeline.Interruptible(ctx, func() lineResult {
				outs, err := c.LabelRecord(rec.Object)
				return lineResult{outs, err}
			})
			if ierr != nil {
				return ierr
			}
			outs = res.outs
			if res.err != nil {
				err = &classify.LineError{Line: rec.Line, Err: res.err}
			}
		}
		hint := tally.Add(rec, outs, err)
		if rec.Header || rec.Note {
			continue
		}
		if err != nil {
			note(slog.LevelWarn, "classify: %v", err)
			if hint != "" {
				note(slog.LevelInfo, "classify: %s", hint)
			}
			continue
		}
		for _, o := range outs {
			switch {
			case format == "text" && o["no_organisation"] == true:
				fmt.Fprintf(tw, "%d\t-\t(no organisation named)\t\t\n", rec.Line)
				continue
			case format == "text":
				fmt.Fprintf(tw, "%d\t%v\t%v\t%.3f\t%v\n", rec.Line, o["target"], o["label"], o["confidence"], o["evidence"])
				continue
			}
			b, err := json.Marshal(o)
			if err != nil {
				return err
			}
			bw.Write(b)
			bw.WriteByte('\n')
		}
	}
	tw.Flush()
	if err := ctx.Err(); err != nil {
		return err // interrupted during the last line: not a success
	}
	note(slog.LevelInfo, "classify: %v", tally)
	if tally.Bad > 0 {
		return partialError{bad: tally.Bad, of: tally.Lines}
	}
	return nil
}

// classifyLine labels one JSON line, keeping its other fields.
func classifyLine(c *classify.Classifier, line string) ([]map[string]any, error) {
	obj, err := classify.JSONObject(line)
	if err != nil {
		return nil, err
	}
	return c.LabelRecord(obj)
}

func classifyEval(c *classify.Classifier, paths string, o evalOptions) error {
	pairs, nbad, err := readPairFiles(paths)
	if err != nil {
		return err
	}
	if len(pairs) == 0 {
		return fmt.Errorf("classify: %s: no usable pairs", paths)
	}
	if err := warnInSample(c, pairs, o.folds > 0 || o.group != ""); err != nil {
		return err
	}
	if n := classify.WithoutDelegation(pairs); n > 0 && (o.resamples > 0 || o.folds > 0 || o.group != "") {
		say(slog.LevelWarn, "classify: %d of %d pairs give no \"speaker\": the intervals, which resample delegations, and folds grouped by delegation count them as one delegation", n, len(pairs))
	}
	var results []*classify.CVResult
	if o.folds > 0 || o.group != "" {
		extra, xbad, err := readPairFiles(o.extra)
		if err != nil {
			return err
		}
		nbad += xbad
		if o.seeds {
			extra = append(extra, classify.Seeds()...)
		}
		groupings := classify.Groupings
		if o.group != "" && o.group != "all" {
			g, err := classify.ParseGrouping(o.group)
			if err != nil {
				return usagef("classify: --group: %v", err)
			}
			groupings = []classify.Grouping{g}
		}
		if o.folds == 0 {
			o.folds = classify.CardFolds
		}
		if o.folds < 2 || o.folds > len(pairs) {
			return usagef("classify: --cv must be between 2 and the number of pairs")
		}
		var skipped []error
		results, skipped, err = classify.CrossValidateEach(pairs, groupings, o.partitions, classify.CVOptions{Folds: o.folds,
			Train: classify.DefaultTrainOptions, Extra: extra, Resamples: o.resamples, Seed: 1, MaskedBaseline: o.maskedBaseline})
		for _, e := range skipped {
			// The other groupings still say something.
			say(slog.LevelWarn, "classify: skipped: %v", e)
		}
		if errors.Is(err, classify.ErrTooFewGroups) {
			return usagef("classify: %v", err)
		}
		if err != nil {
			return fmt.Errorf("classify: %w", err)
		}
		if len(results) == 0 {
			return usagef("classify: no grouping of %s has enough groups to cross-validate", paths)
		}
	}
	if o.predictions != "" {
		if err := writePredictions(o.predictions, pairs, results); err != nil {
			return fmt.Errorf("classify: %w", err)
		}
	}
	var scored []classify.Metrics
	if results == nil {
		scored = classify.EvaluateWith(c, pairs, classify.EvalOptions{Resamples: o.resamples, Seed: 1})
	}
	if o.format == "json" || o.format == "jsonl" {
		var v any = results
		if results == nil {
			v = scored
		}
		if err := printJSON(stdout, v); err != nil {
			return err
		}
	} else if results == nil {
		title := fmt.Sprintf("%s: %d pairs, model %s", paths, len(pairs), c.Version())
		if o.resamples > 0 {
			title += fmt.Sprintf("; 95%% intervals from %d cluster-bootstrap resamples of delegations", o.resamples)
		}
		if err := classify.WriteMetrics(stdout, title, scored); err != nil {
			return err
		}
	} else if err := classify.WriteCrossValidation(stdout, paths, results, o.partitions); err != nil {
		return err
	}
	if nbad > 0 {
		return partialError{bad: nbad, of: nbad + len(pairs)}
	}
	return nil
}

// warnInSample says on stderr how many pairs the shipped model was
// trained on, when it is the shipped model that is scored (not
// cross-validation, which trains its own): its scores on them overstate
// what it does on new text.
func warnInSample(c *classify.Classifier, pairs []classify.Pair, cross bool) error {
	shipped, err := classify.Default()
	if err != nil || cross || c.Version() != shipped.Version() {
		return err
	}
	seen, err := classify.ShippedTrainedOn(pairs)
	if err != nil {
		return fmt.Errorf("classify: %w", err)
	}
	if n := len(slices.DeleteFunc(seen, func(b bool) bool { return !b })); n > 0 {
		say(slog.LevelWarn, "classify: %d of %d pairs are among the shipped model's training pairs (same sentence and organisation): its scores on them are in-sample and overstate what it does on new text; leave them out, or cross-validate (--cv) for that", n, len(pairs))
	}
	return nil
}

// evalOptions are the flags of `unpv classify --eval`.
type evalOptions struct {
	folds          int
	partitions     int
	maskedBaseline bool
	group          string
	extra          string
	resamples      int
	seeds          bool
	format         string
	predictions    string // file for the out-of-fold predictions, or ""
}

// readPairFiles reads labelled pairs from comma-separated files (each
// opened as classify.ReadPairFile does: a pipe or a device fails at once);
// bad lines are reported on stderr and counted.
func readPairFiles(paths string) ([]classify.Pair, int, error) {
	var out []classify.Pair
	nbad := 0
	for _, path := range splitList(paths) {
		pairs, bad, err := classify.ReadPairFile(path)
		if err != nil {
			return nil, 0, fmt.Errorf("classify: %w", err)
		}
		for _, e := range bad {
			say(slog.LevelWarn, "classify: %s: %v", path, e)
		}
		nbad += len(bad)
		out = append(out, pairs...)
	}
	return out, nbad, nil
}

// prediction is one line of `classify --predictions` (its tests read the
// file back as the command's users do).
type prediction = classify.OutOfFold

// writePredictions writes the out-of-fold predictions of every
// cross-validation in results to path (replacing it whole, so a reader
// never sees half a file).
func writePredictions(path string, pairs []classify.Pair, results []*classify.CVResult) error {
	var b bytes.Buffer
	if err := classify.WriteOutOfFold(&b, pairs, results); err != nil {
		return err
	}
	if err := outfile.WriteFile(path, b.Bytes()); err != nil {
		return fmt.Errorf("predictions: %w", err)
	}
	return nil
}
