package pipeline

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/classify"
	"github.com/unpv/unpv/corpora"
	"github.com/unpv/unpv/extract"
	"github.com/unpv/unpv/store"
	"github.com/unpv/unpv/un"
)

// Stage names.
const (
	StageImport   = "import"
	StageFetch    = "fetch"
	StageExtract  = store.StageExtract
	StageClassify = store.StageClassify
	StageIndex    = "index"
	StageReport   = "report"
)

// StageNames are the stages `unpv run` runs after its sources, in order.
var StageNames = []string{StageExtract, StageClassify, StageIndex, StageReport}

// SourceNames are the sources `unpv run` reads before its stages: the
// bundled corpus (import) and a saved selection (fetch). `unpv run --only`
// takes these and StageNames.
var SourceNames = []string{StageImport, StageFetch}

// DefaultStages is extract → classify → index → report with the shipped
// model: what `unpv run` runs. progress, when not nil, receives the index
// stage's progress bar.
func DefaultStages(eopt extract.Options, progress io.Writer) ([]Stage, error) {
	c, err := classify.Default()
	if err != nil {
		return nil, fmt.Errorf("load classifier: %w", err)
	}
	return stagesWith(c, eopt, progress), nil
}

func stagesWith(c *classify.Classifier, eopt extract.Options, progress io.Writer) []Stage {
	return []Stage{ExtractStage(eopt), ClassifyStage(c), IndexStage(progress), ReportStage()}
}

// IndexDir and ReportDir are where the derived outputs live in the data directory.
const (
	IndexDir  = "index"
	ReportDir = "reports"
)

// ExtractStage turns each source into meetings, speeches, votes, events and
// sentences: record PDFs through extract.File, imported records by
// segmenting their speeches into sentences.
func ExtractStage(opt extract.Options) Stage {
	return Stage{
		Name:    StageExtract,
		Version: extract.Version + "+" + extract.SegmenterVersion + "+" + un.DelegationTableVersion(),
		Document: func(ctx context.Context, in Input) (Output, error) {
			ex, err := extractSource(ctx, in, opt)
			if err != nil {
				return Output{}, err
			}
			return Output{Extraction: ex}, nil
		},
	}
}

func extractSource(ctx context.Context, in Input, opt extract.Options) (*store.Extraction, error) {
	src := in.Source
	var ex store.Extraction
	switch src.Kind {
	case store.KindRecord:
		var rec store.ImportedRecord
		if err := json.Unmarshal(src.Content, &rec); err != nil {
			return nil, fmt.Errorf("%w: stored record %s: %v", unpv.ErrBadDocument, src.Document, err)
		}
		ex.Meeting, ex.Speeches = rec.Meeting, rec.Speeches
		if strings.HasPrefix(src.Document, corpora.FormatUNGDC+":") {
			// Statements imported before un/seats.tsv were filed
			// under the corpus's code (the USSR's under RUS): placed
			// again here, so that an older store is right without
			// importing its folder again.
			for i := range ex.Speeches {
				corpora.PlaceStatement(&ex.Speeches[i])
			}
		}
	case store.KindPDF:
		// The raw file is named by its hash: extract reads the record's
		// name (for the symbol and in errors) from where it came from.
		eopt := opt
		eopt.Name = cmp.Or(src.URL, src.Document)
		rec, err := extract.File(ctx, in.RawPath, eopt)
		if err != nil {
			return nil, err
		}
		ex.Meeting, ex.Speeches, ex.Votes, ex.Events = rec.Meeting, rec.Speeches, rec.Votes, rec.Events
		if ex.Meeting.Symbol == "" && src.Symbol != "" {
			// Neither the cover nor the name gives a symbol; the source
			// recorded one (from a fetch plan).
			setSymbol(&ex, src.Symbol)
		}
	default:
		return nil, fmt.Errorf("%w: %s: unknown source kind %q", unpv.ErrBadDocument, src.Document, src.Kind)
	}
	if ex.Meeting.Symbol == "" {
		return nil, fmt.Errorf("%w: %s: no meeting symbol found", unpv.ErrBadDocument, src.Document)
	}
	if len(ex.Speeches) == 0 && len(ex.Votes) == 0 {
		return nil, fmt.Errorf("%w: %s: no speaker turns or votes found", unpv.ErrBadDocument, src.Document)
	}
	long := 0
	for _, sp := range ex.Speeches {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sents, n := extract.SentencesSplit(sp)
		ex.Sentences = append(ex.Sentences, sents...)
		long += n
	}
	if long > 0 {
		slog.Warn("extract: text ran on past the sentence limit and was split", "document", src.Document,
			"runs", long, "limit_bytes", extract.MaxSentenceBytes)
	}
	return &ex, nil
}

func setSymbol(ex *store.Extraction, symbol string) {
	info, ok := un.ParseSymbol(symbol)
	if !ok {
		return
	}
	m := info.AsMeeting()
	m.Date, m.Agenda, m.Pages = ex.Meeting.Date, ex.Meeting.Agenda, ex.Meeting.Pages
	// An emergency session's symbol names no regular session: the date's,
	// as the extract stage gives it from a cover with the symbol.
	m.Session = un.RecordSession(m.Meeting, m.Date)
	ex.Meeting = m
	for i := range ex.Speeches {
		sp := &ex.Speeches[i]
		sp.Symbol, sp.Meeting, sp.Body, sp.Resumption = m.Symbol, m.Meeting, m.Body, m.Resumption
		sp.ID = unpv.SpeechID(m.Symbol, sp.Seq)
	}
	for i := range ex.Votes {
		ex.Votes[i].Symbol = m.Symbol
	}
	for i := range ex.Events {
		ex.Events[i].Symbol = m.Symbol
	}
}

// ClassifyStage finds organisation mentions and classifies stances in each
// document's sentences with c (classify.Default() for the shipped model).
func ClassifyStage(c *classify.Classifier) Stage {
	return Stage{
		Name:     StageClassify,
		Upstream: StageExtract,
		Version:  c.Version(),
		Document: func(ctx context.Context, in Input) (Output, error) {
			var out Output
			type speechResult struct {
				ms  []unpv.Mention
				sts []unpv.Stance
			}
			for _, sp := range in.Speeches {
				res, err := Interruptible(ctx, func() speechResult {
					ms, sts := c.Speech(sp, in.Sentences[sp.ID])
					return speechResult{ms, sts}
				})
				if err != nil {
					return out, err
				}
				ms, sts := res.ms, res.sts
				for i := range sts {
					if sts[i].Model == "" {
						sts[i].Model = c.Version()
					}
				}
				out.Mentions = append(out.Mentions, ms...)
				out.Stances = append(out.Stances, sts...)
			}
			return out, nil
		},
	}
}
