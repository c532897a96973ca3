package corpora

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/un"
)

// UNSCDebatesOptions configures ImportUNSCDebates.
type UNSCDebatesOptions struct {
	// Metadata names meeting-metadata tables inside the file system (CSV or
	// TSV with a header). Columns are matched by name: symbol, basename or
	// spv (+ resumption) for the meeting; date (or year, month, day); topic
	// or agenda. Empty means every *.csv and *.tsv at the root whose header
	// names a meeting column and a date or topic column (meetings_2020.csv,
	// the corpus's meta.tsv; not its per-speech speaker.tsv). When several
	// tables name a meeting, the first (by name) wins and later ones fill
	// blanks.
	Metadata []string
	// MaxFileSize bounds each file read (speech files, tables) in bytes; 0
	// means limit.FileSize (docs/limits.md). A larger speech file makes its
	// meeting a bad input; a larger table is an error.
	MaxFileSize int64
}

// unscFileRe matches a UNSC Debates speech file: UNSC_2020_SPV.8699Resumption1_spch001.txt.
var unscFileRe = regexp.MustCompile(`^UNSC_(\d{4})_(S_?PV.+?)_spch(\d+)\.txt$`)

type meetingMeta struct {
	date, agenda string
}

type unscFile struct {
	path string
	seq  int
}

// ImportUNSCDebates reads a corpus in the per-speech text format of "The UN
// Security Council Debates" (Schoenfeld et al.): one file per speech named
// UNSC_<year>_SPV.<n>[Resumption<k>]_spch<seq>.txt, each beginning with the
// speaker label as printed, plus a meeting-metadata table. It yields one
// ImportedMeeting per meeting record, in symbol order, reading only that
// meeting's files, so memory stays bounded by the largest meeting.
//
// A meeting that cannot be read is yielded with an error wrapping
// unpv.ErrBadDocument and iteration goes on; any other error (an unreadable
// directory or metadata table) ends it.
func ImportUNSCDebates(fsys fs.FS, opts UNSCDebatesOptions) iter.Seq2[ImportedMeeting, error] {
	return func(yield func(ImportedMeeting, error) bool) {
		meta, metaDesc, err := readMeetingMeta(fsys, opts.Metadata, opts.MaxFileSize)
		if err != nil {
			yield(ImportedMeeting{Source: "unsc-debates"}, err)
			return
		}
		groups := map[string][]unscFile{}
		years := map[string]string{}
		err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				return nil
			}
			m := unscFileRe.FindStringSubmatch(d.Name())
			if m == nil {
				return nil
			}
			info, ok := un.ParseSymbol(m[2])
			if !ok {
				return nil
			}
			seq, _ := strconv.Atoi(m[3])
			groups[info.Symbol] = append(groups[info.Symbol], unscFile{path: p, seq: seq})
			years[info.Symbol] = m[1]
			return nil
		})
		if err != nil {
			yield(ImportedMeeting{Source: "unsc-debates"}, fmt.Errorf("import unsc-debates: %w", err))
			return
		}
		symbols := make([]string, 0, len(groups))
		for s := range groups {
			symbols = append(symbols, s)
		}
		slices.SortFunc(symbols, compareSymbols)
		for _, sym := range symbols {
			im, bad, err := importUNSCMeeting(fsys, sym, groups[sym], years[sym], meta, metaDesc, opts.MaxFileSize)
			for _, b := range bad {
				if !yield(ImportedMeeting{Source: im.Source, Meeting: im.Meeting}, b) {
					return
				}
			}
			if len(bad) > 0 && errors.Is(err, errNoSpeeches) {
				continue // each file was reported bad on its own
			}
			if !yield(im, err) {
				return
			}
		}
	}
}

// compareSymbols orders canonical symbols by body, session, emergency
// special session (after the regular sessions' and the pre-1976 "A/PV."
// records, which have none), number and resumption. An emergency
// session's symbol has Session 0, so whether it is one is compared before
// the session, else A/ES-11/PV.1 came before A/1/PV.1.
func compareSymbols(a, b string) int {
	ia, oka := un.ParseSymbol(a)
	ib, okb := un.ParseSymbol(b)
	if !oka || !okb {
		return strings.Compare(a, b)
	}
	return cmp.Or(cmp.Compare(ia.Body, ib.Body), compareBool(ia.Emergency > 0, ib.Emergency > 0),
		cmp.Compare(ia.Session, ib.Session), cmp.Compare(ia.Emergency, ib.Emergency),
		cmp.Compare(ia.Number, ib.Number), cmp.Compare(ia.Resumption, ib.Resumption))
}

// compareBool orders false before true.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// errNoSpeeches: a meeting's speech files hold no speech.
var errNoSpeeches = errors.New("no non-empty speech files")

// importUNSCMeeting reads one meeting's speech files. An empty speech file
// is left out and returned in bad, an ErrBadDocument naming it, so that the
// meeting's other speeches are imported and the import says which file
// lost its text (exit 3); it was a debug-level Problem, and the meeting
// imported one speech short in silence.
func importUNSCMeeting(fsys fs.FS, sym string, files []unscFile, year string, meta map[string]meetingMeta, metaDesc string, max int64) (im ImportedMeeting, bad []error, err error) {
	info, _ := un.ParseSymbol(sym)
	im = ImportedMeeting{Source: "unsc-debates", Meeting: info.AsMeeting()}
	md, ok := meta[sym]
	if ok {
		im.Meeting.Date, im.Meeting.Agenda = md.date, md.agenda
	} else {
		im.Meeting.Date = year
		im.Problems = append(im.Problems, fmt.Sprintf("no metadata row for %s in %s; date set to the year %s", sym, metaDesc, year))
	}
	slices.SortFunc(files, func(a, b unscFile) int { return cmp.Or(cmp.Compare(a.seq, b.seq), strings.Compare(a.path, b.path)) })
	h := sha256.New()
	fmt.Fprintf(h, "unsc-debates\x00%s\x00%s\x00%s\x00%s\x00%s\x00", ImporterVersion, un.DelegationTableVersion(), sym, im.Meeting.Date, im.Meeting.Agenda)
	for i, f := range files {
		if i > 0 && files[i-1].seq == f.seq {
			return im, nil, fmt.Errorf("import %s: %w: speech %d in both %s and %s", sym, unpv.ErrBadDocument, f.seq, files[i-1].path, f.path)
		}
		text, file, err := readImportFile(fsys, f.path, h, max)
		if err != nil {
			if errors.Is(err, unpv.ErrBadDocument) {
				return im, nil, fmt.Errorf("import %s: %w", sym, err)
			}
			return im, nil, fmt.Errorf("import %s: %w: %w", sym, unpv.ErrBadDocument, err)
		}
		if text == "" {
			bad = append(bad, fmt.Errorf("import %s: %s: %w: empty file", sym, f.path, unpv.ErrBadDocument))
			continue
		}
		im.Files = append(im.Files, file)
		sp := unpv.Speech{
			ID: unpv.SpeechID(sym, f.seq), Symbol: sym, Body: info.Body, Meeting: info.Meeting,
			Resumption: info.Resumption, Date: im.Meeting.Date, Seq: f.seq,
		}
		speechFromText(&sp, text)
		sp.Text, _ = un.CleanText(sp.Text, sym, im.Meeting.Agenda)
		if sp.Speaker == "" {
			im.Problems = append(im.Problems, fmt.Sprintf("%s: no speaker label", f.path))
		}
		im.Speeches = append(im.Speeches, sp)
	}
	if len(im.Speeches) == 0 {
		return im, bad, fmt.Errorf("import %s: %w: %w", sym, unpv.ErrBadDocument, errNoSpeeches)
	}
	// The President's turns introduce the briefers, and the presidency
	// tells whose national statement a President makes: read them as the
	// extract stage reads a record's.
	un.MarkSpeakers(im.Speeches)
	im.SHA256 = hex.EncodeToString(h.Sum(nil))
	return im, bad, nil
}

// readMeetingMeta reads the meeting-metadata tables into a map keyed by
// canonical symbol.
func readMeetingMeta(fsys fs.FS, names []string, max int64) (map[string]meetingMeta, string, error) {
	auto := len(names) == 0
	if auto {
		ents, err := fs.ReadDir(fsys, ".")
		if err != nil {
			return nil, "", fmt.Errorf("import unsc-debates: %w", err)
		}
		for _, e := range ents {
			if ext := strings.ToLower(path.Ext(e.Name())); !e.IsDir() && (ext == ".csv" || ext == ".tsv") {
				names = append(names, e.Name())
			}
		}
	}
	meta := map[string]meetingMeta{}
	var used []string
	for _, name := range names {
		r, closeTable, err := openTable(fsys, name, max)
		if err != nil {
			return nil, "", fmt.Errorf("import unsc-debates: metadata: %w", err)
		}
		sep := ','
		if strings.EqualFold(path.Ext(name), ".tsv") {
			sep = '\t'
		}
		t, err := readTable(r, sep)
		closeTable()
		if err != nil {
			if auto {
				continue
			}
			return nil, "", fmt.Errorf("import unsc-debates: metadata %s: %w", name, err)
		}
		if !t.has("symbol", "basename", "spv") || !t.has("date", "year", "topic", "agenda", "title") {
			if auto {
				continue // e.g. the corpus's speaker.tsv: per-speech, no meeting data
			}
			return nil, "", fmt.Errorf("import unsc-debates: metadata %s: needs a symbol, basename or spv column and a date or topic column", name)
		}
		used = append(used, name)
		for _, row := range t.rows {
			sym := metaSymbol(t, row)
			if sym == "" {
				continue
			}
			md := meetingMeta{agenda: t.get(row, "topic", "agenda", "title")}
			if d, ok := isoDate(t.get(row, "date")); ok {
				md.date = d
			} else if y, m, d := atoiOr(t.get(row, "year"), 0), atoiOr(t.get(row, "month"), 0), atoiOr(t.get(row, "day"), 0); y > 0 && m > 0 && d > 0 {
				md.date = fmt.Sprintf("%04d-%02d-%02d", y, m, d)
			}
			// The first table naming a meeting wins; later ones fill blanks.
			old := meta[sym]
			if old.date == "" {
				old.date = md.date
			}
			if old.agenda == "" {
				old.agenda = md.agenda
			}
			meta[sym] = old
		}
	}
	desc := strings.Join(used, ", ")
	if desc == "" {
		desc = "(no metadata table)"
	}
	return meta, desc, nil
}

func metaSymbol(t *table, row []string) string {
	for _, col := range []string{"symbol", "basename"} {
		if s, ok := un.ParseSymbol(t.get(row, col)); ok {
			return s.Symbol
		}
	}
	if n := atoiOr(t.get(row, "spv"), 0); n > 0 {
		return un.CouncilSymbol(n, atoiOr(t.get(row, "resumption"), 0))
	}
	return ""
}

// speechFromText fills a Speech's speaker fields and text from a speech that
// begins with its label, by the same rules as a label read from a PDF.
func speechFromText(sp *unpv.Speech, text string) {
	label, body := un.SplitLabel(text)
	sp.Text = body
	un.ParseLabel(label).Fill(sp)
}
