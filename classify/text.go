package classify

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"slices"
	"text/tabwriter"

	"github.com/unpv/unpv"
)

// The text tables of an evaluation, as `unpv classify --eval` and `unpv
// classify train` print them: here rather than in the command, so that a
// program scoring its own pairs (or the pipeline's retraining) prints the
// same tables without copying them.

// FormatCI is a 95% interval as unpv prints it ("0.60–0.72"), or "none"
// when no bootstrap resample made one (resamples 0), which printed
// "0.000–0.000" as if the score were certain to be 0.
func FormatCI(ci [2]float64) string {
	if ci == ([2]float64{}) {
		return "none"
	}
	return fmt.Sprintf("%.2f–%.2f", ci[0], ci[1])
}

// WriteMetrics writes a title line, then the systems' scores side by side
// (macro-F1, accuracy, ECE, per-class precision, recall and F1, with
// intervals when computed), the model minus each system when the
// cross-validation computed it, each system's confusion matrix and the
// model's calibration bins.
func WriteMetrics(w io.Writer, title string, ms []Metrics) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, title)
	tw := tabwriter.NewWriter(bw, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "system\tmacro-F1\taccuracy\tECE\t")
	for _, l := range unpv.Labels {
		fmt.Fprintf(tw, "%s P\tR\tF1\t", l)
	}
	fmt.Fprintln(tw)
	withCI := func(x float64, ci [2]float64) string {
		if ci == ([2]float64{}) {
			return fmt.Sprintf("%.3f", x)
		}
		return fmt.Sprintf("%.3f [%s]", x, FormatCI(ci))
	}
	for _, m := range ms {
		ece := "-"
		if m.ECE >= 0 {
			ece = fmt.Sprintf("%.3f", m.ECE)
		}
		fmt.Fprintf(tw, "%s\t%s\t%.3f\t%s\t", m.System, withCI(m.MacroF1, m.MacroF1CI), m.Accuracy, ece)
		for _, l := range unpv.Labels {
			s := m.PerClass[l]
			fmt.Fprintf(tw, "%.3f\t%.3f\t%s\t", s.Precision, s.Recall, withCI(s.F1, s.F1CI))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	writeDifferences(bw, ms)
	for _, m := range ms {
		fmt.Fprintf(bw, "\nconfusion (%s; rows gold, columns predicted)\n", m.System)
		tw := tabwriter.NewWriter(bw, 0, 4, 2, ' ', tabwriter.AlignRight)
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
	for _, m := range ms {
		if m.System != "model" || len(m.Reliability) == 0 {
			continue
		}
		fmt.Fprintf(bw, "\ncalibration (%s): per confidence bin, labels, mean confidence and share right\n", m.System)
		tw := tabwriter.NewWriter(bw, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "confidence\tlabels\tmean confidence\taccuracy\t\n")
		for _, b := range m.Reliability {
			fmt.Fprintf(tw, "%.1f–%.1f\t%d\t%.3f\t%.3f\t\n", b.Low, b.High, b.N, b.MeanConfidence, b.Accuracy)
		}
		tw.Flush()
	}
	return bw.Flush()
}

// writeDifferences writes the model's macro-F1 minus each other system's
// with its paired interval, when the cross-validation computed them: an
// interval that holds 0 means the data do not tell the two apart.
func writeDifferences(w io.Writer, ms []Metrics) {
	var shown bool
	for _, m := range ms {
		shown = shown || m.ModelMinus != nil
	}
	if !shown {
		return
	}
	fmt.Fprintln(w, "\nmodel minus each system, macro-F1 (95% interval, same delegations resampled for both)")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	for _, m := range ms {
		if d := m.ModelMinus; d != nil {
			fmt.Fprintf(tw, "%s\t%+.3f\t[%+.3f, %+.3f]\t\n", m.System, d.Value, d.CI[0], d.CI[1])
		}
	}
	tw.Flush()
}

// WriteCrossValidation writes each cross-validation of results (of the
// pairs of source, as CrossValidateEach ran them over partitions) as
// WriteMetrics does, titled with its grouping and folds, then, for each
// grouping run over more than one partition, the partition summary.
func WriteCrossValidation(w io.Writer, source string, results []*CVResult, partitions int) error {
	bw := bufio.NewWriter(w)
	for i, r := range results {
		if i > 0 {
			fmt.Fprintln(bw)
		}
		how := fmt.Sprintf("%d folds grouped by %s", r.Folds, r.Grouping)
		if r.Grouping.LeaveOneOut() {
			how = fmt.Sprintf("leave one %s out (%d folds)", r.Grouping, r.Folds)
		}
		if partitions > 1 && !r.Grouping.LeaveOneOut() {
			how += fmt.Sprintf(", partition %d", r.Partition)
		}
		WriteMetrics(bw, fmt.Sprintf("%s: %d pairs, cross-validation, %s; %d training-only pairs; 95%% intervals from %d cluster-bootstrap resamples of delegations",
			source, r.Pairs, how, r.ExtraPairs, r.Resamples), r.Systems)
	}
	writePartitionSummary(bw, results)
	return bw.Flush()
}

// writePartitionSummary writes, for each grouping cross-validated over
// more than one partition, every system's macro-F1 per partition and their
// mean: a difference between two systems or configurations smaller than the
// spread across partitions is not one to choose on.
func writePartitionSummary(w io.Writer, results []*CVResult) {
	by := map[Grouping][]*CVResult{}
	var order []Grouping
	for _, r := range results {
		if by[r.Grouping] == nil {
			order = append(order, r.Grouping)
		}
		by[r.Grouping] = append(by[r.Grouping], r)
	}
	for _, g := range order {
		rs := by[g]
		if len(rs) < 2 {
			continue
		}
		fmt.Fprintf(w, "\nmacro-F1 over %d partitions of the folds grouped by %s\n", len(rs), g)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprint(tw, "system\t")
		for _, r := range rs {
			fmt.Fprintf(tw, "%d\t", r.Partition)
		}
		fmt.Fprint(tw, "mean\tmin–max\t\n")
		for s := range rs[0].Systems {
			fmt.Fprintf(tw, "%s\t", rs[0].Systems[s].System)
			lo, hi, sum := math.Inf(1), math.Inf(-1), 0.0
			for _, r := range rs {
				f := r.Systems[s].MacroF1
				fmt.Fprintf(tw, "%.3f\t", f)
				lo, hi, sum = math.Min(lo, f), math.Max(hi, f), sum+f
			}
			fmt.Fprintf(tw, "%.3f\t%.3f–%.3f\t\n", sum/float64(len(rs)), lo, hi)
		}
		tw.Flush()
	}
}

// Headline is the card's one-line summary of the model: its macro-F1
// with interval and counter F1 in the folds grouped by delegation (the
// card's first cross-validation), as `unpv classify train` says it.
// The model's row is found by its name, as the reports and the added
// pairs' table find it, not by its place among the systems.
func (c *Card) Headline() string {
	if len(c.CrossValidation) == 0 {
		return "no cross-validation"
	}
	cv := c.CrossValidation[0]
	i := slices.IndexFunc(cv.Systems, func(m Metrics) bool { return m.System == "model" })
	if i < 0 {
		return "no cross-validation"
	}
	d := cv.Systems[i]
	return fmt.Sprintf("grouped by %s: macro-F1 %.3f [%s], counter F1 %.3f", cv.Grouping, d.MacroF1, FormatCI(d.MacroF1CI), d.PerClass[unpv.Counter].F1)
}
