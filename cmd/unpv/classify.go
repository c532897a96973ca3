package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/classify"
	"github.com/unpv/unpv/internal/limit"
	"github.com/unpv/unpv/pipeline"
	"github.com/unpv/unpv/un"
)

// defaultGold is the dev set copied into the repository (see
// classify/testdata/PROVENANCE.md); paths are relative to the repo root.
const (
	defaultGold  = "classify/testdata/gold-dev.jsonl"
	defaultModel = "classify/model.json"
)

// runClassify labels (sentence, organisation) pairs, evaluates on labelled
// pairs, or (`classify train`) rebuilds the shipped model.
func runClassify(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "train" {
		return runClassifyTrain(ctx, args[1:])
	}
	if wantsStore(args) {
		return runClassifyStore(ctx, args) // the pipeline's classify stage over the store
	}
	fs := newFlagSet("classify", "(--text SENTENCE | --in PAIRS.jsonl | --eval GOLD.jsonl [--cv K] | --store) [flags]\n       unpv classify train [--gold FILE] [--out FILE]")
	text := fs.String("text", "", "classify one sentence and print a readable result")
	in := fs.String("in", "", `JSON Lines of {"sentence", "target"?, "speaker"?, "date"?, …} ("-" for stdin); each line is written back with label, confidence, evidence`)
	maxLine := limitFlag(fs, "max-line", limit.LineSize, "with --in: longest input line; longer lines are skipped as bad (docs/limits.md)")
	format := fs.String("format", "", "output format: jsonl or text (default jsonl for --in, text for --text and --eval; json for --eval prints metrics as JSON)")
	target := fs.String("target", "", "with --text: the organisation (acronym or name); default every organisation found")
	speaker := fs.String("speaker", "", "with --text: speaker delegation code or label, for the relation")
	date := fs.String("date", "", "with --text: meeting date (ISO date or year)")
	eval := fs.String("eval", "", "evaluate on labelled pairs (gold-dev.jsonl format)")
	cv := fs.Int("cv", 0, "with --eval: K-fold cross-validation grouped by speech instead of evaluating the shipped model")
	modelPath := fs.String("model", "", "model file to use instead of the shipped one")
	baseline := fs.Bool("baseline", false, "use the lexicon baseline instead of the model")
	explain := fs.Int("explain", 0, "with --text: also list the N features that weighed most in each decision")
	seeds := fs.Bool("seeds", false, "with --cv: add the codebook seed pairs to every training fold")
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	modes := 0
	for _, s := range []string{*text, *in, *eval} {
		if s != "" {
			modes++
		}
	}
	if modes != 1 || fs.NArg() > 0 {
		fs.Usage()
		return usagef("classify: give exactly one of --text, --in or --eval")
	}
	if *cv != 0 && *eval == "" {
		return usagef("classify: --cv needs --eval")
	}
	c, err := loadClassifier(*modelPath, *baseline)
	if err != nil {
		return err
	}
	switch {
	case *text != "":
		f := *format
		if f == "" {
			f = "text"
		}
		return classifyText(c, *text, *target, *speaker, *date, f, *explain)
	case *in != "":
		f := *format
		if f == "" {
			f = "jsonl"
		}
		if f != "jsonl" && f != "text" {
			return usagef("classify: --format must be jsonl or text, not %q", f)
		}
		r, closeFn, err := openInput(*in)
		if err != nil {
			return err
		}
		defer closeFn()
		return classifyLines(ctx, c, r, stdout, stderr, f, int(*maxLine))
	default:
		return classifyEval(c, *eval, *cv, *format, *seeds)
	}
}

func loadClassifier(path string, baseline bool) (*classify.Classifier, error) {
	if baseline {
		return classify.New(nil)
	}
	if path == "" {
		return classify.Default()
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("classify: %w", err)
	}
	m, err := classify.UnmarshalModel(b)
	if err != nil {
		return nil, fmt.Errorf("classify: %s: %w", path, err)
	}
	return classify.New(m)
}

func openInput(path string) (io.Reader, func(), error) {
	if path == "-" {
		return stdin, func() {}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("classify: %w", err)
	}
	return f, func() { f.Close() }, nil
}

func classifyText(c *classify.Classifier, text, target, speaker, date, format string, explain int) error {
	stances, err := pipeline.ClassifySentence(c, text, target, date, speaker)
	if err != nil {
		return usagef("classify: %v", err)
	}
	code := un.SpeakerCode(speaker)
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
	for _, m := range c.Mentions(text) {
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
			_, cs := c.Explain(text, s.Target, code, date, explain)
			for _, x := range cs {
				fmt.Fprintf(stdout, "         %+7.3f  %-28s %q\n", x.Value, x.Feature, x.Span)
			}
		}
	}
	return nil
}

// classifyLines labels each input line; bad lines (malformed, or longer
// than maxLine bytes) are reported on errw with their line number and
// skipped. It stops between lines when ctx ends.
func classifyLines(ctx context.Context, c *classify.Classifier, r io.Reader, w, errw io.Writer, format string, maxLine int) error {
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	tw := tabwriter.NewWriter(bw, 0, 4, 2, ' ', 0)
	bad, total := 0, 0
	for l, err := range limit.Lines(r, maxLine) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		n := l.N
		if errors.Is(err, limit.ErrTooLarge) {
			total++
			bad++
			fmt.Fprintf(errw, "classify: %v (--max-line)\n", err)
			continue
		}
		if err != nil {
			return fmt.Errorf("classify: reading input: %w", err)
		}
		line := strings.TrimSpace(string(l.Text))
		if line == "" {
			continue
		}
		total++
		type lineResult struct {
			outs []map[string]any
			err  error
		}
		res, err := pipeline.Interruptible(ctx, func() lineResult {
			outs, err := classifyLine(c, line)
			return lineResult{outs, err}
		})
		if err != nil {
			return err
		}
		outs, err := res.outs, res.err
		if err != nil {
			bad++
			fmt.Fprintf(errw, "classify: line %d: %v\n", n, err)
			continue
		}
		for _, o := range outs {
			if format == "text" {
				fmt.Fprintf(tw, "%d\t%v\t%v\t%.3f\t%v\n", n, o["target"], o["label"], o["confidence"], o["evidence"])
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
	if bad > 0 {
		return partialError{bad: bad, of: total}
	}
	return nil
}

// classifyLine labels one JSON line, keeping its other fields.
func classifyLine(c *classify.Classifier, line string) ([]map[string]any, error) {
	var obj map[string]any
	if err := json.Unmarshal([]byte(line), &obj); err != nil {
		return nil, fmt.Errorf("malformed JSON: %v", err)
	}
	if obj == nil {
		return nil, fmt.Errorf("not a JSON object")
	}
	sentence, ok := obj["sentence"].(string)
	if !ok {
		return nil, fmt.Errorf(`missing "sentence" string`)
	}
	if strings.TrimSpace(sentence) == "" {
		return nil, fmt.Errorf("empty sentence")
	}
	var speaker []string
	for _, k := range []string{"delegation_code", "speaker_code", "delegation", "speaker"} {
		if s, ok := obj[k].(string); ok {
			speaker = append(speaker, s)
		}
	}
	date, _ := obj["date"].(string)
	target := ""
	if raw, has := obj["target"]; has && raw != nil {
		ts, ok := raw.(string)
		if !ok {
			return nil, fmt.Errorf(`"target" is not a string`)
		}
		target = ts
	}
	stances, err := pipeline.ClassifySentence(c, sentence, target, date, speaker...)
	if err != nil {
		return nil, err
	}
	outs := make([]map[string]any, 0, len(stances))
	for _, st := range stances {
		o := make(map[string]any, len(obj)+5)
		for k, v := range obj {
			o[k] = v
		}
		if gold, ok := obj["label"]; ok {
			o["gold_label"] = gold // keep a given label beside the prediction
		}
		o["target"] = st.Target
		o["label"] = st.Label
		o["confidence"] = st.Confidence
		o["evidence"] = st.Evidence
		if st.Relation != "" {
			o["relation"] = st.Relation
		}
		o["model"] = st.Model
		outs = append(outs, o)
	}
	return outs, nil
}

func classifyEval(c *classify.Classifier, path string, k int, format string, seeds bool) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("classify: %w", err)
	}
	defer f.Close()
	pairs, bad, err := classify.ReadPairs(f)
	if err != nil {
		return fmt.Errorf("classify: %s: %w", path, err)
	}
	for _, e := range bad {
		fmt.Fprintf(stderr, "classify: %s: %v\n", path, e)
	}
	if len(pairs) == 0 {
		return fmt.Errorf("classify: %s: no usable pairs", path)
	}
	var ms []classify.Metrics
	title := fmt.Sprintf("%s: %d pairs, model %s", path, len(pairs), c.Version())
	if k > 0 {
		if k < 2 || k > len(pairs) {
			return usagef("classify: --cv must be between 2 and the number of pairs")
		}
		var extra []classify.Pair
		if seeds {
			extra = classify.Seeds()
		}
		ms, err = classify.CrossValidate(pairs, k, classify.DefaultTrainOptions, extra)
		if err != nil {
			return err
		}
		title = fmt.Sprintf("%s: %d pairs, %d-fold cross-validation grouped by speech, %d seed pairs added to each training fold", path, len(pairs), k, len(extra))
	} else {
		ms = classify.Evaluate(c, pairs)
	}
	if format == "json" || format == "jsonl" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(ms); err != nil {
			return err
		}
	} else {
		writeMetrics(stdout, title, ms)
	}
	if len(bad) > 0 {
		return partialError{bad: len(bad), of: len(bad) + len(pairs)}
	}
	return nil
}

func writeMetrics(w io.Writer, title string, ms []classify.Metrics) {
	fmt.Fprintln(w, title)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "system\tmacro-F1\taccuracy\tECE\t")
	for _, l := range unpv.Labels {
		fmt.Fprintf(tw, "%s P\tR\tF1\t", l)
	}
	fmt.Fprintln(tw)
	for _, m := range ms {
		ece := "-"
		if m.ECE >= 0 {
			ece = fmt.Sprintf("%.3f", m.ECE)
		}
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%s\t", m.System, m.MacroF1, m.Accuracy, ece)
		for _, l := range unpv.Labels {
			s := m.PerClass[l]
			fmt.Fprintf(tw, "%.3f\t%.3f\t%.3f\t", s.Precision, s.Recall, s.F1)
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	for _, m := range ms {
		fmt.Fprintf(w, "\nconfusion (%s; rows gold, columns predicted)\n", m.System)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "\t")
		for _, l := range unpv.Labels {
			fmt.Fprintf(tw, "%s\t", l)
		}
		fmt.Fprintln(tw)
		for _, g := range unpv.Labels {
			fmt.Fprintf(tw, "%s\t", g)
			for _, p := range unpv.Labels {
				fmt.Fprintf(tw, "%d\t", m.Confusion[g][p])
			}
			fmt.Fprintln(tw)
		}
		tw.Flush()
	}
}

// runClassifyTrain rebuilds the model from labelled pairs; the same input
// gives a byte-identical file.
func runClassifyTrain(ctx context.Context, args []string) error {
	fs := newFlagSet("classify train", "[--gold FILE] [--out FILE] [--with-corrections]")
	gold := fs.String("gold", defaultGold, "labelled pairs to train on")
	out := fs.String("out", defaultModel, `model file to write ("-" for stdout); rebuild unpv afterwards to embed it`)
	seeds := fs.Bool("seeds", false, "also train on the codebook seed pairs (the shipped model does not: see docs/classify.md)")
	withCorrections := fs.Bool("with-corrections", false, "also train on the hand labels of the store (--data), report the cross-validation before and after, and write DATA/model.json (unless --out), which unpv run then uses")
	if ok, err := parseFlags(fs, args); !ok {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("classify train: unexpected arguments %v", fs.Args())
	}
	f, err := os.Open(*gold)
	if err != nil {
		return fmt.Errorf("classify train: %w", err)
	}
	pairs, bad, err := classify.ReadPairs(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("classify train: %w", err)
	}
	for _, e := range bad {
		fmt.Fprintf(stderr, "classify train: %s: %v\n", *gold, e)
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if *withCorrections {
		return trainWithCorrections(ctx, pairs, flagSet(fs, "out"), *out)
	}
	n := len(pairs)
	if *seeds {
		pairs = append(pairs, classify.Seeds()...)
	}
	m, err := classify.Train(pairs, classify.DefaultTrainOptions)
	if err != nil {
		return fmt.Errorf("classify train: %w", err)
	}
	b, err := classify.MarshalModel(m)
	if err != nil {
		return err
	}
	if *out == "-" {
		_, err = stdout.Write(b)
		return err
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		return fmt.Errorf("classify train: %w", err)
	}
	fmt.Fprintf(stderr, "classify train: %d pairs + %d seed pairs, %d features → %s\n", n, len(pairs)-n, len(m.Weights), *out)
	if len(bad) > 0 {
		return partialError{bad: len(bad), of: len(bad) + n}
	}
	return nil
}
