package pipeline

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/annotate"
	"github.com/unpv/unpv/classify"
	"github.com/unpv/unpv/internal/outfile"
)

// Training with the store's hand labels (`unpv classify train
// --with-corrections`).

// CorrectionPairs are the hand labels of dataDir's store as training pairs
// (one per pair whose hand label is decided: adjudicated, agreed or of one
// coder, a stale one on the text it was coded on; disputed pairs have
// none), in the gold-dev schema the classifier trains on, as a source
// named for the model card with how its labels were decided.
func CorrectionPairs(ctx context.Context, dataDir string) (PairSource, error) {
	src := PairSource{Name: HandLabelsSource, Hand: true}
	st, err := openStore(ctx, dataDir, false)
	if err != nil {
		return src, err
	}
	defer st.Close()
	recs, err := HandRecords(ctx, st, ExportOptions{})
	if err != nil {
		return src, err
	}
	hand, err := st.HandLabels(ctx)
	if err != nil {
		return src, err
	}
	// Counted from the pairs trained on: a stale label carried over to its
	// text's new ID is one of them once (HandRecords).
	by := map[unpv.HandStatus]int{}
	stale := 0
	for _, r := range recs {
		by[r.Status]++
		if r.Stale {
			stale++
		}
	}
	for _, h := range hand {
		if h.Status == unpv.HandDisputed {
			by[h.Status]++
		}
	}
	src.Name = fmt.Sprintf("%s: %d adjudicated, %d agreed, %d of one coder", HandLabelsSource,
		by[unpv.HandAdjudicated], by[unpv.HandAgreed], by[unpv.HandCoded])
	if stale > 0 {
		src.Name += fmt.Sprintf(" (%d stale, on the text coded)", stale)
	}
	src.Name += fmt.Sprintf("; %d disputed left out", by[unpv.HandDisputed])
	src.Pairs = make([]classify.Pair, 0, len(recs))
	for _, r := range recs {
		src.Pairs = append(src.Pairs, correctionPair(r))
	}
	return src, nil
}

// newPairs returns the pairs of added whose sentence and organisation no
// pair of known has, and how many it left out: a label on a pair the
// training or test data already hold would put test answers in training
// folds, or count a pair twice.
func newPairs(added []classify.Pair, known ...[]classify.Pair) (out []classify.Pair, left int) {
	seen := map[string]bool{}
	for _, ps := range known {
		for _, p := range ps {
			seen[normText(p.Sentence)+"\x00"+p.Target] = true
		}
	}
	for _, p := range added {
		k := normText(p.Sentence) + "\x00" + p.Target
		if seen[k] {
			left++
			continue
		}
		seen[k] = true
		out = append(out, p)
	}
	return out, left
}

func correctionPair(r annotate.Record) classify.Pair {
	return classify.Pair{ID: r.ID, Source: r.Source, Symbol: r.Symbol, Date: r.Date, Speaker: r.Speaker,
		Target: r.Target, Sentence: r.Sentence, Context: r.Context, Label: r.Label}
}

// PairSource is a set of labelled pairs added to the repository's
// training data, named for the model card: a researcher's file, or the
// store's hand labels (HandLabelsSource).
type PairSource struct {
	Name  string
	Pairs []classify.Pair
	Hand  bool // the store's hand labels (CorrectionPairs)
}

// HandLabelsSource begins the name of the store's hand labels in a model
// card (CorrectionPairs adds how they were decided).
const HandLabelsSource = "hand labels (unpv annotate)"

// AddedTraining is what training with added pairs did.
type AddedTraining struct {
	Dev, Extra int // pairs of the dev sets (tested on) and the training-only sets
	Added      int // added pairs that joined the training-only pairs
	// Overlap counts added pairs left out because a dev, training-only or
	// earlier added pair has the same sentence and organisation.
	Overlap int
	// Before and After are the cross-validation on the dev pairs grouped
	// by delegation, without and with the added pairs among the
	// training-only pairs (never tested on; left out of the fold that
	// tests their delegation).
	Before, After *classify.CVResult
	Model         *classify.Model // trained on dev, training-only and added pairs
	// Card describes Model: its training files and After, its one
	// cross-validation.
	Card *classify.Card
	// Sources are the added sources in order, each with how many of its
	// pairs joined.
	Sources   []AddedSource
	Resamples int // bootstrap resamples of delegations behind the intervals
}

// AddedSource is one added source of pairs and how many of them joined
// the training-only pairs (the rest were pairs already there).
type AddedSource struct {
	Name        string
	Pairs, Used int
	Hand        bool // the store's hand labels
}

// TrainWith trains the stance model on the dev and training-only pairs
// (counts says from which files) plus the added pairs, cross-validates on
// the dev pairs, grouped by delegation, before and after adding them, and
// makes the new model's card.
func TrainWith(ctx context.Context, dev, extra []classify.Pair, counts []classify.FileCount, added []PairSource, resamples int) (*AddedTraining, error) {
	res := &AddedTraining{Dev: len(dev), Extra: len(extra), Resamples: resamples}
	with := append([]classify.Pair(nil), extra...)
	counts = append([]classify.FileCount(nil), counts...)
	var hand []string
	for _, src := range added {
		ps, left := newPairs(src.Pairs, dev, with)
		res.Added, res.Overlap = res.Added+len(ps), res.Overlap+left
		with = append(with, ps...)
		if src.Hand {
			// Every hand pair: one left out because a training or dev
			// pair holds its sentence and organisation was trained on too.
			for _, p := range src.Pairs {
				hand = append(hand, p.ID)
			}
		}
		counts = append(counts, classify.FileCount{File: src.Name, Pairs: len(ps)})
		res.Sources = append(res.Sources, AddedSource{Name: src.Name, Pairs: len(src.Pairs), Used: len(ps), Hand: src.Hand})
	}
	cv := func(extra []classify.Pair) (*classify.CVResult, error) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return classify.CrossValidate(dev, classify.CVOptions{Grouping: classify.GroupDelegation, Folds: classify.CardFolds,
			Train: classify.DefaultTrainOptions, Extra: extra, Resamples: resamples, Seed: 1})
	}
	var err error
	if res.Before, err = cv(extra); err != nil {
		return nil, err
	}
	if res.After, err = cv(with); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if res.Model, err = classify.TrainShipped(dev, with); err != nil {
		return nil, err
	}
	slices.Sort(hand)
	res.Model.HandPairs = slices.Compact(hand)
	c, err := classify.New(res.Model)
	if err != nil {
		return nil, err
	}
	res.Card = &classify.Card{Model: c.Version(), Training: counts, CrossValidation: []*classify.CVResult{res.After}, KnownFailures: classify.KnownFailures}
	return res, nil
}

// what names the added pairs in the table: "hand labels" when all are the
// store's.
func (r *AddedTraining) what() string {
	for _, src := range r.Sources {
		if !src.Hand {
			return "added pairs"
		}
	}
	return "hand labels"
}

// From says, for each added source, how many of its pairs were added and
// how many not: "16 from hand labels (…: 299 of one coder …); 299 more
// left out" read as if 299 more had been added.
func (r *AddedTraining) From() string {
	var from []string
	for _, src := range r.Sources {
		f := fmt.Sprintf("%s — %d of its %d pairs added", src.Name, src.Used, src.Pairs)
		if left := src.Pairs - src.Used; left > 0 {
			f += fmt.Sprintf(", %d not (a dev, training-only or earlier added pair has the same sentence and organisation)", left)
		}
		from = append(from, f)
	}
	return strings.Join(from, "; ")
}

// AddedRow is one row of WriteTable: the model's scores in the
// cross-validation without or with the added pairs.
type AddedRow struct {
	Name  string // "without hand labels", "with 16 added pairs"
	Model classify.Metrics
}

// Rows are WriteTable's rows, without the added pairs first.
func (r *AddedTraining) Rows() []AddedRow {
	what := r.what()
	var rows []AddedRow
	for _, row := range []struct {
		name string
		r    *classify.CVResult
	}{{"without " + what, r.Before}, {fmt.Sprintf("with %d %s", r.Added, what), r.After}} {
		for _, m := range row.r.Systems {
			if m.System == "model" {
				rows = append(rows, AddedRow{Name: row.name, Model: m})
			}
		}
	}
	return rows
}

// TableTitle is the line WriteTable begins with, without its colon.
func (r *AddedTraining) TableTitle() string {
	return fmt.Sprintf("%d-fold cross-validation on the %d dev pairs, grouped by delegation (added pairs train, never test; %d resamples by delegation)",
		r.Before.Folds, r.Dev, r.Resamples)
}

// WriteTable writes the model's cross-validation on the dev pairs
// without and with the added pairs: macro-F1 with its interval, accuracy
// and per-class F1.
func (r *AddedTraining) WriteTable(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s:\n", r.TableTitle())
	tw := tabwriter.NewWriter(bw, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "model trained\tmacro-F1\t95%% interval\taccuracy\t")
	for _, l := range unpv.Labels {
		fmt.Fprintf(tw, "%s F1\t", l)
	}
	fmt.Fprintln(tw)
	for _, row := range r.Rows() {
		m := row.Model
		fmt.Fprintf(tw, "%s\t%.3f\t%s\t%.3f\t", row.Name, m.MacroF1, classify.FormatCI(m.MacroF1CI), m.Accuracy)
		for _, l := range unpv.Labels {
			fmt.Fprintf(tw, "%.3f\t", m.PerClass[l].F1)
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	return bw.Flush()
}

// WriteModel writes a trained model to path whole: a run reading
// DATA/model.json must never read half a model.
func WriteModel(m *classify.Model, path string) error {
	b, err := classify.MarshalModel(m)
	if err != nil {
		return err
	}
	return outfile.WriteFile(path, b)
}

// WriteCard writes a model card to path whole, in the form of
// classify/card.json (classify.MarshalCard).
func WriteCard(card *classify.Card, path string) error {
	b, err := classify.MarshalCard(card)
	if err != nil {
		return err
	}
	return outfile.WriteFile(path, b)
}
