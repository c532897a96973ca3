// Package extract turns United Nations verbatim records (S/PV and A/NN/PV
// PDFs, or their pdftotext/mutool text) into speaker turns, recorded votes
// and procedural events.
//
// A PDF is converted to text by an external engine (MuPDF's mutool by
// default, poppler's pdftotext as an alternative) under a timeout. The text
// is then cleaned of page furniture (running headers, footers, job numbers,
// the corrections notice and the cover block), split into speaker turns at
// printed labels such as "Mr. Nebenzia (Russian Federation) (spoke in
// Russian):", and searched for stage directions and recorded votes.
package extract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/internal/guard"
	"github.com/unpv/unpv/internal/limit"
	"github.com/unpv/unpv/un"
)

// Version identifies the extraction rules, including the speaker-label and
// role rules of package un that extract applies; the pipeline re-extracts
// stored records when it changes. (extract/4: labels read by un.ReadLabel,
// which splits "(Jamaica, on behalf of the Group of 77)" and reads more
// language notes; extract/5: briefers placed by their title where the
// record introduces them, OCR digits in delegation names, the President's
// national capacity read from any title "of <State>"; extract/6: that
// State read after the title's first "of" a State's name follows, so that
// "of the Democratic Republic of the Congo" is no longer the Congo; no
// on_behalf_of from a statement the speaker aligns with or supports;
// extract/7: a briefer introduced as head of a body "of the Commission
// … of Colombia" is not that State's speaker, un.IntroducedAs; extract/8:
// the record's page furniture and symbols read by package un
// (un.RunningHeaderLine, un.FooterLine, un.SymbolLine, …), whose running
// header also takes pdftotext's "S/PV. 8422", so that a header line the
// page's edge did not catch is no longer left inside a speech, and whose
// document symbols keep a report's addendum: "A/65/456/Add.3", not
// "A/65/456"; extract/9: an emergency special session's record read,
// "A/ES-11/PV.1", its symbol on the cover, in the running headers and in
// a file name, Meeting.Emergency from it and Session the regular session
// of its date; the records of other sessions extract as before;
// extract/10: the notice on corrections read after the cover's
// footer on its line (un.NoticeLine: "97-85299 (E) This record contains…",
// S/PV.3756 by pdftotext -layout, whose agenda item held the whole
// notice), and the 1993 notice's second paragraph, printed apart below the
// distribution block, dropped (A/48/PV.46 by pdftotext, where it sat in a
// speech); and the record's own symbol alone on a line dropped anywhere on
// a page, not only at its edges (ownSymbol: pdftotext puts the InDesign
// pages' running header "A/76/PV.102", "S/PV. 8699" between a paragraph's
// lines, where it stayed in the speech, 11 times in A/76/PV.102, 28 in
// S/PV.8699), with the distribution date that follows the 1993 cover's
// symbol below "Distr. GENERAL" (A/48/PV.46 by pdftotext); and a
// pdftotext -layout page's running header kept whole where its agenda item
// straddles the column gutter (S/PV.8702's "Colombia", cut into "Colom"
// and "bia S/PV. 8702", which stayed in its speeches), as is the 1990s
// two-line header whose right half is flush right ("Security Council …
// 3756th meeting", S/PV.3756); and the page's own
// number that pdftotext puts between blank lines inside the page of the
// records of 1993-2010 (ownPage: "…created through 8 multilateral…",
// A/61/PV.107) dropped, where it marks the end of a column for the vote
// lists: a list that a comma carries on goes on past it (A/65/PV.71's four
// recorded votes whose lists it had cut now read as by mutool), one that
// ends in a whole name stops there; and an emergency session's cover
// line read only capitalised, so that a symbol-less cover's page whose
// speech line a wrap began with "seventh emergency special session" keeps
// its regular session's symbol (it was A/ES-7/…; no record at hand
// changes); and a General Assembly record numbered before 1976
// ("A/PV.2444") given the session of its date, as reports give it (it was
// 0; no record at hand is one).)
const Version = "extract/10"

// Record is everything extracted from one verbatim record.
type Record struct {
	Meeting  unpv.Meeting  `json:"meeting"`
	Speeches []unpv.Speech `json:"speeches"` // Seq from 1, ID = unpv.SpeechID(symbol, seq)
	Votes    []unpv.Vote   `json:"votes"`
	Events   []unpv.Event  `json:"events"`
}

// Shares of garbled words above which a text layer is treated as unusable:
// born-digital records in raw-samples score 0.002–0.015 (the highest on
// 2–3-page records), the hidden OCR layer of the 1950 scan S/PV.492 0.086.
const (
	maxImplausible        = 0.06
	maxImplausibleScanned = 0.03
	minWordsForQuality    = 1000
)

// File extracts a record from a PDF (via an external engine under ctx
// timeout) or a .txt pdftotext/mutool output. Bad inputs (no text layer,
// encrypted, truncated, not a PDF, empty text, bad UTF-8) return errors that
// wrap unpv.ErrBadDocument and name the file (opt.Name, else path) and
// reason.
func File(ctx context.Context, path string, opt Options) (*Record, error) {
	name := opt.Name
	if name == "" {
		name = path
	}
	var text string
	var scanned func() bool // asked only when the text looks garbled or is short
	isPDF := strings.EqualFold(filepath.Ext(path), ".pdf")
	if !isPDF {
		// A text file: an engine's output saved earlier, or a PDF under
		// another name (read as a PDF below).
		b, err := readText(path, name, opt.maxText())
		if err != nil {
			return nil, err
		}
		isPDF = len(b) >= 5 && string(b[:5]) == "%PDF-"
		text = string(b)
	}
	if isPDF {
		t, err := pdfText(ctx, path, name, opt)
		if err != nil {
			return nil, err
		}
		text, scanned = t, func() bool { return scannedPDF(path) }
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rec, err := parse(ctx, text, name, scanned)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return rec, nil
}

// readText reads a text input of at most max bytes.
func readText(path, name string, max int64) ([]byte, error) {
	f, size, err := openInput(path, name, max)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b := make([]byte, 0, size+1)
	buf := bytes.NewBuffer(b)
	if _, err := buf.ReadFrom(limit.Reader(f, max)); err != nil {
		if errors.Is(err, limit.ErrTooLarge) {
			return nil, badf(name, "%v (--max-file-size)", err)
		}
		return nil, err
	}
	return buf.Bytes(), nil
}

// Files extracts several records, at most jobs at a time, and returns them
// in input order. A file that fails leaves a nil record and its error in
// errs; the others are still extracted. err is set, and the batch stops,
// only when nothing else could work either: no PDF engine, or ctx ended.
func Files(ctx context.Context, paths []string, opt Options, jobs int) (recs []*Record, errs []error, err error) {
	recs, errs = make([]*Record, len(paths)), make([]error, len(paths))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(jobs, 1))
	for i, p := range paths {
		g.Go(func() error {
			var rec *Record
			err := guard.Call(func() (err error) {
				rec, err = readFile(gctx, p, opt)
				return err
			})
			if pe, ok := errors.AsType[*guard.PanicError](err); ok {
				// A reader's bug on one file quarantines that file, as a
				// panic in a pipeline stage does.
				err = fmt.Errorf("extract %s: %w: panicked: %v", p, unpv.ErrBadDocument, pe.Value)
			}
			if err != nil && (errors.Is(err, ErrNoEngine) || errors.Is(err, ErrUnknownEngine) || ctx.Err() != nil) {
				return err
			}
			recs[i], errs[i] = rec, err
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, nil, err
	}
	return recs, errs, nil
}

// readFile is File; a test replaces it to make a reader panic.
var readFile = File

// Parse extracts a record from engine text (pages separated by form
// feeds). name is used in errors and, when the cover prints no symbol, to
// derive it ("S_PV.8699_Resumption1_E.pdf"); when neither gives one the
// record's Meeting.Symbol is empty for the caller to fill. Errors for
// unusable text wrap unpv.ErrBadDocument.
func Parse(text, name string) (*Record, error) { return parse(context.Background(), text, name, nil) }

// parse stops, returning ctx's error, between pages and every few thousand
// lines when ctx ends: a text may be as long as MaxFileSize.
func parse(ctx context.Context, text, name string, scanned func() bool) (*Record, error) {
	text, why := normalise(text)
	if why != "" {
		return nil, fmt.Errorf("%s: %w", why, unpv.ErrBadDocument)
	}
	if isLayoutText(text) {
		ps := strings.Split(text, "\f")
		for i, pg := range ps {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			ps[i] = splitColumns(pg)
		}
		text = strings.Join(ps, "\f")
	}
	pages := splitPages(text)
	letters := 0
	for _, r := range text {
		if r >= 'A' && r <= 'z' {
			letters++
			if letters > 200 {
				break
			}
		}
	}
	record := un.RecordMarks(text)
	switch {
	case len(pages) == 0 || letters == 0:
		return nil, fmt.Errorf("no text layer (empty text; a scanned PDF needs OCR): %w", unpv.ErrBadDocument)
	case letters <= 200 && !record && (scanned == nil || !scanned()):
		// A one-page letter or form is no scan: say first that nothing
		// marks it as a record, as for a longer text (it was "no text
		// layer", which sent the user to OCR a file with text). A page
		// image under a few words of hidden OCR is a scan still.
		return nil, fmt.Errorf("not a UN verbatim record: no S/PV or A/…/PV symbol, no Security Council or General Assembly heading, and only %d letters of text: %w",
			letters, unpv.ErrBadDocument)
	case letters <= 200:
		return nil, fmt.Errorf("no usable text layer: only %d letters of text (a scanned PDF needs OCR): %w", letters, unpv.ErrBadDocument)
	}
	share, n := implausibleShare(text)
	garbled := n >= minWordsForQuality && share > maxImplausible
	switch {
	case share > maxImplausibleScanned && scanned != nil && scanned():
		return nil, fmt.Errorf("no usable text layer: scanned page images with a hidden OCR layer, %.1f%% of %d words garbled (run OCR again): %w",
			100*share, n, unpv.ErrBadDocument)
	case !record && garbled:
		// A manual or an article has its own "garbled" words (code, formulas):
		// say first that nothing marks it as a UN record.
		return nil, fmt.Errorf("not a UN verbatim record (no S/PV or A/…/PV symbol, no Security Council or General Assembly heading), or one with a badly encoded text layer (%.1f%% of %d words garbled): %w",
			100*share, n, unpv.ErrBadDocument)
	case !record:
		return nil, fmt.Errorf("not a UN verbatim record: no S/PV or A/…/PV symbol, no Security Council or General Assembly heading: %w", unpv.ErrBadDocument)
	case garbled:
		return nil, fmt.Errorf("no usable text layer: %.1f%% of %d words garbled (scanned or badly encoded PDF): %w",
			100*share, n, unpv.ErrBadDocument)
	}
	meeting := coverMeta(pages[0], name)
	meeting.Pages = len(pages)

	rep := zoneFurniture(pages)
	var ls []line
	for i, p := range pages {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for _, l := range stripPage(p, rep, i+1, len(pages), meeting.Symbol) {
			if l == pageMark {
				ls = append(ls, line{page: i + 1, pageNumber: true})
				continue
			}
			ls = append(ls, line{text: l, page: i + 1})
		}
		ls = append(ls, line{page: i + 1, pageEnd: true})
	}
	ls = dropNotice(ls)
	start := bodyStart(ls)
	if meeting.Body == unpv.SecurityCouncil {
		meeting.Agenda = coverAgenda(pages[0])
	}
	p := &parser{ctx: ctx, rec: &Record{Meeting: meeting}, words: &lazyWords{ls: ls[start:]}}
	p.run(ls[start:])
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if meeting.Agenda == "" {
		p.rec.Meeting.Agenda = p.firstAgenda
	}
	p.finish()
	if p.rec.Votes == nil {
		p.rec.Votes = []unpv.Vote{}
	}
	if p.rec.Events == nil {
		p.rec.Events = []unpv.Event{}
	}
	if p.rec.Speeches == nil {
		p.rec.Speeches = []unpv.Speech{}
	}
	return p.rec, nil
}

// bodyStart finds where the cover block ends: the opening stage direction,
// the first agenda heading or the first speaker label.
func bodyStart(ls []line) int {
	for i, l := range ls {
		if un.OpensMeeting(l.text) {
			return i
		}
		if _, _, _, ok := labelAt(ls, i); ok {
			return i
		}
	}
	return 0
}
