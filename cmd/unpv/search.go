package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/unpv/unpv/index"
	"github.com/unpv/unpv/internal/csvsafe"
	"github.com/unpv/unpv/pipeline"
	"github.com/unpv/unpv/un"
)

const searchUsage = `QUERY [flags]

QUERY uses Bleve query-string syntax: words, "phrases", +must, -not,
field:value (text, agenda_text, delegation, body, speaker_name, role, target,
stance, label, year…; see docs/search.md), and AND, OR, NOT in capitals
(NATO AND CSTO, NATO NOT Russia; not AND with OR). Quote it as one argument; a QUERY
that starts with - goes after --: unpv search -- '-sanctions +"African Union"'.
An organisation's acronym or name finds all its names (CSTO also finds
"Collective Security Treaty Organization" and ODKB); --literal searches the
words as written. Filters below are exact term and date-range filters that
restrict hits without changing their ranking; --stance searches the sentences
that carry a stance instead of whole speeches.

Every query is bounded (docs/limits.md): at most --max-wildcards wildcard,
/regexp/, fuzzy~ or prefix* terms, expanding to at most --max-terms words,
fuzziness at most 2 (over them: exit 2); each page within --timeout (exit 1).
CSV cells that a spreadsheet would run as formulas get a leading '.`

// errStop ends a walk over hits early.
var errStop = errors.New("stop")

// searchFlags are the flags of `unpv search`.
type searchFlags struct {
	delegation, body, from, to, year, target, stance, speaker, role, sortBy, format *string
	limit, width                                                                    *int
	minConf                                                                         *float64
	kwic, facets, literal, json                                                     *bool
	limits                                                                          func() (index.Limits, error)
	// limitSet: --limit was given (a negative one is an error; its
	// default, -1, stands for "the format's default"); formatSet and
	// widthSet: --format and --width were given.
	limitSet, formatSet, widthSet bool
}

func newSearchFlags(fs *flag.FlagSet) *searchFlags {
	return &searchFlags{
		delegation: fs.String("delegation", "", "only speeches by these delegations, comma-separated codes in any case (RUS,ukr) or names as records print them (\"Russian Federation\")"),
		body:       fs.String("body", "", "only this body: SC or GA"),
		from:       fs.String("from", "", `only speeches on or after this date (YYYY-MM-DD, YYYY-MM, YYYY or as records print it: "8 January 2020", "January 2020")`),
		to:         fs.String("to", "", `only speeches on or before this date (YYYY-MM-DD, YYYY-MM, YYYY or as records print it: "8 January 2020", "January 2020")`),
		// The web page's and the API's year= filter, which the command line
		// lacked: --year 2022 was "flag provided but not defined".
		year:    fs.String("year", "", "only speeches of these years, comma-separated (2014,2022): a general-debate statement dated by its year alone is in it, as on the page's year facet"),
		target:  fs.String("target", "", "only speeches with classified sentences about these organisations, comma-separated acronyms in any case or names (CSTO,CoE,\"African Union\")"),
		stance:  fs.String("stance", "", "only the sentences that carry this stance (recognition, counter, neutral), toward --target if given"),
		speaker: fs.String("speaker", "", "only speeches whose speaker label or name contains all these words, in any order and case, accents folded (Nebenzia, Jimenez, \"Russian Federation\")"),
		role:    fs.String("role", "", "only these speaker roles (member, president, observer, organisation, briefer, secretariat)"),
		sortBy:  fs.String("sort", "", "order: score (default with a query), date, -date (default without)"),
		limit:   fs.Int("limit", -1, "at most N hits (default 20 for text; all hits for csv and json; 0 = all)"),
		kwic:    fs.Bool("kwic", false, "one aligned keyword-in-context line per hit"),
		width:   fs.Int("width", 50, fmt.Sprintf("characters of context on each side for --kwic (%d to %d)", index.MinKWICWidth, index.MaxKWICWidth)),
		facets:  fs.Bool("facets", false, "print hit counts by delegation, body, year, organisation and stance"),
		minConf: fs.Float64("min-confidence", 0, "only sentences with a stance (toward --target, of --stance) the model gave at least this confidence, the stances a report with --min-confidence counts (0 to 1, a hand-coded stance counting as 1; searches sentences, like --stance)"),
		literal: fs.Bool("literal", false, "search the query as written: do not expand an organisation's name or acronym to its other names"),
		format:  fs.String("format", "text", "output: text, json or csv (json and csv export all hits)"),
		json:    fs.Bool("json", false, "the same as --format json"),
		limits:  searchLimitFlags(fs, 30*time.Second),
	}
}

// searchLimitFlags defines the flags of index.Limits shared by search and
// serve (docs/limits.md); the returned function checks them.
func searchLimitFlags(fs *flag.FlagSet, timeout time.Duration) func() (index.Limits, error) {
	d := index.DefaultLimits
	t := fs.Duration("timeout", timeout, "longest time one search (one page of hits) may take")
	terms := fs.Int("max-terms", d.MaxTerms, "most index words one query may search after its wildcard, regular-expression and fuzzy terms are expanded")
	wild := fs.Int("max-wildcards", d.MaxExpanding, "most wildcard, regular-expression, fuzzy and prefix terms in one query")
	return func() (index.Limits, error) {
		if *t <= 0 || *terms <= 0 || *wild < 0 {
			return index.Limits{}, usagef("--timeout and --max-terms must be positive, --max-wildcards not negative")
		}
		l := d
		l.Timeout, l.MaxTerms, l.MaxExpanding = *t, *terms, *wild
		if *wild == 0 {
			l.MaxExpanding = -1 // none allowed
		}
		return l, nil
	}
}

func runSearch(ctx context.Context, args []string) error {
	fs := newFlagSet("search", searchUsage)
	f := newSearchFlags(fs)
	words, ok, err := parseSearchArgs(fs, args)
	if !ok {
		return err
	}
	fs.Visit(func(fl *flag.Flag) {
		f.limitSet = f.limitSet || fl.Name == "limit"
		f.formatSet = f.formatSet || fl.Name == "format"
		f.widthSet = f.widthSet || fl.Name == "width"
	})
	q, err := f.query(words)
	if err != nil {
		return err
	}
	limits, err := f.limits()
	if err != nil {
		return err
	}
	ix, err := openIndex(ctx)
	if err != nil {
		return err
	}
	defer ix.Close()
	ix.SetLimits(limits)
	// The delegations, before any output: a code the table does not know
	// counts when the index holds it, as on the web page.
	if q, err = ix.Normalise(ctx, q); err != nil {
		return searchError(err)
	}
	if err := noteFiledElsewhere(ctx, ix, q.Delegations); err != nil {
		return err
	}
	if err := noteSeatHolders(ctx, ix, q); err != nil {
		return err
	}
	var fac []index.Facet
	if *f.facets {
		if fac, err = searchFacets(ctx, ix, q); err != nil {
			return err
		}
		if *f.format == "csv" {
			// A CSV file has one table: --facets exports the counts instead of the hits.
			return writeFacetsCSV(stdout, fac)
		}
	}
	return writeHits(ctx, ix, q, f.writer(q), *f.limit, fac)
}

// noteFiledElsewhere tells on stderr, for each delegation of un's table
// that the index files no speech under, where the speeches printed with its
// name are (index.Index.FiledElsewhere): --delegation PRT found only "No
// speeches match." on a General Debate Corpus folder whose Portuguese
// statement is filed under the speakers table's private code POR.
func noteFiledElsewhere(ctx context.Context, ix *index.Index, codes []string) error {
	for _, code := range codes {
		counts, err := ix.FiledElsewhere(ctx, code)
		if err != nil {
			return err
		}
		if len(counts) == 0 {
			continue
		}
		del, _ := un.DelegationByCode(code)
		var where []string
		for _, c := range slices.SortedFunc(maps.Keys(counts), func(a, b string) int {
			return cmp.Or(cmp.Compare(counts[b], counts[a]), cmp.Compare(a, b))
		}) {
			where = append(where, fmt.Sprintf("%s (%d)", c, counts[c]))
		}
		say(slog.LevelInfo, "unpv: search: no speech is filed under delegation %s; speeches whose speaker label prints %q are filed under %s: search --delegation %s, or --speaker %q",
			code, del.Name, strings.Join(where, ", "), strings.Join(slices.Sorted(maps.Keys(counts)), ","), del.Name)
	}
	return nil
}

// noteSeatHolders tells on stderr, for each delegation asked for whose
// seat another Member held in the dates searched, how many matching
// speeches are filed under that Member's code (index.Index.SeatNotes):
// --delegation RUS --to 1991 said only "No speeches match." on a store
// holding 46 matching general-debate statements of the Soviet Union (SUN).
func noteSeatHolders(ctx context.Context, ix *index.Index, q index.Query) error {
	notes, err := ix.SeatNotes(ctx, q)
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	for _, n := range notes {
		say(slog.LevelInfo, "unpv: search: %s's seat was held by %s (%s) from %s to %s; %d of its speeches match, filed under %s: search --delegation %s,%s",
			n.Code, n.HolderName, n.Holder, n.From, n.To, n.Matches, n.Holder, n.Code, n.Holder)
	}
	return nil
}

// parseSearchArgs parses flags that may come before or after the query
// words; everything after "--" is query text.
func parseSearchArgs(fs *flag.FlagSet, args []string) (words []string, ok bool, err error) {
	if ok, err := parseFlags(fs, args); !ok {
		return nil, false, err
	}
	return fs.Args(), true, nil
}

// query checks the flags and builds the index query; it settles the
// default --limit. The filters are checked by index.Query.Normalise, as
// the web API checks them: a value that names no delegation, organisation,
// role or body is a usage error, not a search that finds nothing. The
// delegations are left to index.Index.Normalise once the index is open (a
// code un's table does not know counts when the index holds it); the rest
// is checked here, before the index is opened or built.
func (f *searchFlags) query(words []string) (index.Query, error) {
	*f.format = strings.ToLower(*f.format) // as report reads --format CSV
	if *f.json {
		if f.formatSet && *f.format != "json" {
			return index.Query{}, usagef("search: --json is --format json; it cannot go with --format %s", *f.format)
		}
		*f.format = "json"
	}
	if f.widthSet && !*f.kwic {
		return index.Query{}, usagef("search: --width is the context of --kwic lines; give --kwic too")
	}
	switch *f.format {
	case "text", "json", "csv":
	default:
		return index.Query{}, usagef("search: --format must be text, json or csv, not %q", *f.format)
	}
	if *f.limit < 0 {
		if f.limitSet {
			return index.Query{}, usagef("search: --limit must be 0 (all hits) or more, not %d", *f.limit)
		}
		*f.limit = 0
		if *f.format == "text" {
			*f.limit = 20
		}
	}
	q := index.Query{
		Text:          strings.Join(words, " "),
		Delegations:   un.SplitDelegations(*f.delegation),
		Bodies:        splitList(*f.body),
		From:          *f.from,
		To:            *f.to,
		Years:         splitList(*f.year),
		Targets:       splitList(*f.target),
		Stances:       splitList(*f.stance),
		Speaker:       *f.speaker,
		Roles:         splitList(*f.role),
		Sort:          strings.ToLower(*f.sortBy),
		Literal:       *f.literal,
		MinConfidence: *f.minConf,
	}
	if *f.kwic {
		q.KWICWidth = *f.width
	}
	delegations := q.Delegations
	q.Delegations = nil
	q, err := q.Normalise()
	if err != nil {
		return index.Query{}, usagef("search: %v", err)
	}
	q.Delegations = delegations
	return q, nil
}

// writer is the output --format asks for.
func (f *searchFlags) writer(q index.Query) searchWriter {
	switch *f.format {
	case "json":
		return &jsonWriter{w: stdout, q: q}
	case "csv":
		return &csvWriter{w: csvsafe.NewWriter(stdout), kwic: *f.kwic}
	}
	return newTextWriter(stdout, *f.kwic, *f.width, q.Kind())
}

// searchFacets counts the hits of q by delegation, body, year, organisation
// and stance.
func searchFacets(ctx context.Context, ix *index.Index, q index.Query) ([]index.Facet, error) {
	q.Size, q.Facets, q.KWICWidth = 1, true, 0
	res, err := ix.Search(ctx, q)
	if err != nil {
		return nil, searchError(err)
	}
	return res.Facets, nil
}

// writeHits streams the hits of q (at most limit; 0 = all) to out.
func writeHits(ctx context.Context, ix *index.Index, q index.Query, out searchWriter, limit int, fac []index.Facet) error {
	// The output begins with the first hit, or at the end when there is
	// none: a query the index refuses as it runs (a wildcard matching
	// more words than --max-terms) then leaves stdout empty, where JSON
	// output was a bare '{"query":…,"hits":[' and CSV a header.
	begun := false
	begin := func() error {
		if begun {
			return nil
		}
		begun = true
		return out.begin()
	}
	n := 0
	total, err := ix.Each(ctx, q, func(h index.Hit) error {
		if limit > 0 && n >= limit {
			return errStop
		}
		if err := begin(); err != nil {
			return err
		}
		n++
		return out.hit(h)
	})
	if err != nil && !errors.Is(err, errStop) {
		if a, ok := out.(interface{ abort(error) }); ok && begun {
			a.abort(err)
		}
		return searchError(err)
	}
	if err := begin(); err != nil {
		return err
	}
	return out.end(n, total, fac)
}

func searchError(err error) error {
	switch {
	case errors.Is(err, index.ErrBadQuery):
		return usagef("search: %v", err)
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("search timed out; narrow the query or raise --timeout: %w", err)
	}
	return err
}

// openIndex opens the search index, building it from the store first (the
// index stage, under the data-directory lock) when it is missing or
// unusable.
func openIndex(ctx context.Context) (*index.Index, error) {
	return pipeline.OpenIndex(ctx, pipelineOptions("index", nil, 0))
}

// searchWriter renders hits in one output format.
type searchWriter interface {
	begin() error
	hit(index.Hit) error
	end(shown int, total uint64, facets []index.Facet) error
}

type textWriter struct {
	w           io.Writer
	kwic        bool
	width       int
	open, close string
	unit        string // speeches, or sentences under a stance filter
	one         string // the unit of a count of one: speech, sentence
	// lines are the --kwic lines not yet written: the id, date and
	// delegation columns before the keyword are as wide as their longest
	// value (a sentence of the general debate,
	// "A/69/PV (general debate)#12733.15", dated "2019", beside
	// "S/PV.8742#7", dated "2020-03-10"), so that every keyword starts in
	// the same column. Lines are held in blocks of kwicBlock, so memory
	// stays bounded with --limit 0; the widths only grow from one block to
	// the next.
	lines            []kwicLine
	wid, wdate, wdel int
}

// kwicBlock is how many --kwic lines are aligned together: every hit of
// an ordinary search, a bounded buffer for an export of everything.
const kwicBlock = 1000

// kwicLine is one --kwic line: its columns and the concordance line.
type kwicLine struct{ id, date, delegation, line string }

func newTextWriter(w io.Writer, kwic bool, width int, kind string) *textWriter {
	t := &textWriter{w: w, kwic: kwic, width: width, open: "[", close: "]", unit: "speeches", one: "speech"}
	if kind == index.KindSentence {
		t.unit, t.one = "sentences", "sentence"
	}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) && os.Getenv("NO_COLOR") == "" {
		t.open, t.close = "\x1b[1;33m", "\x1b[0m"
	}
	return t
}

func (t *textWriter) begin() error { return nil }

// padRight pads s with spaces to n runes.
func padRight(s string, n int) string {
	if c := utf8.RuneCountInString(s); c < n {
		return s + strings.Repeat(" ", n-c)
	}
	return s
}

func (t *textWriter) hit(h index.Hit) error {
	if t.kwic {
		k := index.KWIC{}
		if h.KWIC != nil {
			k = *h.KWIC
		}
		t.lines = append(t.lines, kwicLine{h.ID, h.Date, h.Delegation, k.Line(t.width, t.open, t.close)})
		if len(t.lines) >= kwicBlock {
			return t.writeKWIC()
		}
		return nil
	}
	if _, err := fmt.Fprintf(t.w, "%s  %s  %s\n", h.ID, h.Date, h.Speaker); err != nil {
		return err
	}
	if h.Kind == index.KindSentence && len(h.Stances) > 0 {
		// The sentence's stances toward every organisation it names: a
		// stance filter without --target keeps a sentence for any of them,
		// and without this line the text said nothing of which.
		if _, err := fmt.Fprintf(t.w, "    %s\n", sentenceStances(h)); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(t.w, "    %s\n\n", h.Fragment.Marked(t.open, t.close))
	return err
}

// sentenceStances is a sentence hit's stances as the search page shows
// them: "CSTO:neutral  SCO:recognition  confidence 0.89", hand-coded ones
// marked.
func sentenceStances(h index.Hit) string {
	var b strings.Builder
	for _, s := range h.Stances {
		b.WriteString(s)
		if h.IsHand(s) {
			b.WriteString(" (hand-coded)")
		}
		b.WriteString("  ")
	}
	if h.Confidence > 0 {
		b.WriteString("confidence " + index.ShownConfidence(h.Confidence))
		if h.Confidence < index.LowConfidence {
			b.WriteString(" (unsure)")
		}
	}
	return strings.TrimSpace(b.String())
}

// writeKWIC writes the held --kwic lines with their columns padded to the
// widest value of each seen so far.
func (t *textWriter) writeKWIC() error {
	for _, l := range t.lines {
		t.wid = max(t.wid, utf8.RuneCountInString(l.id))
		t.wdate = max(t.wdate, utf8.RuneCountInString(l.date))
		t.wdel = max(t.wdel, utf8.RuneCountInString(l.delegation))
	}
	for _, l := range t.lines {
		if _, err := fmt.Fprintf(t.w, "%s %s %s %s\n", padRight(l.id, t.wid), padRight(l.date, t.wdate), padRight(l.delegation, t.wdel), l.line); err != nil {
			return err
		}
	}
	t.lines = t.lines[:0]
	return nil
}

// abort writes the --kwic lines held when a search fails partway, so the
// hits found before the failure are not lost.
func (t *textWriter) abort(error) { _ = t.writeKWIC() }

func (t *textWriter) end(shown int, total uint64, facets []index.Facet) error {
	if err := t.writeKWIC(); err != nil {
		return err
	}
	if shown == 0 {
		fmt.Fprintf(t.w, "No %s match.\n", t.unit)
	} else if uint64(shown) < total {
		fmt.Fprintf(t.w, "%d of %s shown (--limit N or --format csv for more)\n", shown, count(total, t.one, t.unit))
	} else {
		fmt.Fprintln(t.w, count(total, t.one, t.unit))
	}
	if len(facets) > 0 {
		// Each value counts what it finds as a filter: a stance, sentences.
		note := ""
		if t.unit == "speeches" {
			note = "; stance and target_stance: the sentences --stance finds"
		}
		fmt.Fprintf(t.w, "\nFacets (%s per value%s):\n", t.unit, note)
		for _, f := range facets {
			var parts []string
			for _, term := range f.Terms {
				parts = append(parts, fmt.Sprintf("%s %d", term.Term, term.Count))
			}
			if f.Other > 0 {
				parts = append(parts, fmt.Sprintf("other %d", f.Other))
			}
			if f.Missing > 0 {
				parts = append(parts, fmt.Sprintf("none %d", f.Missing))
			}
			if len(parts) == 0 {
				parts = []string{"–"}
			}
			fmt.Fprintf(t.w, "  %-14s %s\n", f.Name+":", strings.Join(parts, ", "))
		}
	}
	return nil
}

// jsonWriter streams {"query":…,"hits":[…],"shown":…,"total":…,"facets":[…]} so that
// exporting every hit needs no memory per hit.
type jsonWriter struct {
	w     io.Writer
	q     index.Query
	first bool
}

func (j *jsonWriter) begin() error {
	b, err := json.Marshal(j.q)
	if err != nil {
		return err
	}
	j.first = true
	_, err = fmt.Fprintf(j.w, "{\"query\":%s,\"hits\":[", b)
	return err
}

func (j *jsonWriter) hit(h index.Hit) error {
	b, err := json.Marshal(h)
	if err != nil {
		return err
	}
	sep := ",\n"
	if j.first {
		sep, j.first = "\n", false
	}
	_, err = fmt.Fprintf(j.w, "%s%s", sep, b)
	return err
}

// end closes the object. Without facets the key is left out, as
// /api/search's index.Result leaves it out (omitempty): a script reading
// both gets one shape, not null from one and nothing from the other.
// abort closes the document when a search fails after hits were written
// (a timeout partway through an export): the hits written so far and the
// error, so that the output still parses (jq, json.load) while the exit
// status says the search failed; it was cut off after the last hit.
func (j *jsonWriter) abort(err error) {
	msg, _ := json.Marshal(err.Error())
	fmt.Fprintf(j.w, "\n],\"error\":%s}\n", msg)
}

func (j *jsonWriter) end(shown int, total uint64, facets []index.Facet) error {
	tail := ""
	if len(facets) > 0 {
		fb, err := json.Marshal(facets)
		if err != nil {
			return err
		}
		tail = fmt.Sprintf(",\"facets\":%s", fb)
	}
	_, err := fmt.Fprintf(j.w, "\n],\"shown\":%d,\"total\":%d%s}\n", shown, total, tail)
	return err
}

// csvWriter writes hits as CSV safe to open in a spreadsheet: cells that
// would be read as formulas are escaped (internal/csvsafe, docs/search.md).
type csvWriter struct {
	w    *csvsafe.Writer
	kwic bool
}

func (c *csvWriter) begin() error {
	// The columns up to hand_coded keep their places; a column added
	// goes after them and before the KWIC columns, which stay last, to
	// be read from a row's end (TestSearchCLI): confidence, meeting and
	// speaker_name (2026-12-06), then emergency_session (2026-12-07), each
	// moving the KWIC columns on.
	h := []string{"id", "kind", "speech_id", "sentence", "symbol", "session", "date", "date_precision", "body", "seq",
		"delegation", "delegation_name", "speaker", "role", "language", "agenda", "targets", "stances", "words", "score",
		"url", "fragment", "hand_coded", "confidence", "meeting", "speaker_name", "emergency_session"}
	if c.kwic {
		h = append(h, "kwic_left", "kwic_match", "kwic_right")
	}
	return c.w.Write(h)
}

func (c *csvWriter) hit(h index.Hit) error {
	confidence := "" // a speech's: it carries no stance of its own
	if h.Kind == index.KindSentence {
		confidence = strconv.FormatFloat(h.Confidence, 'g', -1, 64)
	}
	row := []string{h.ID, h.Kind, h.SpeechID, intOrEmpty(h.Sentence), h.Symbol, intOrEmpty(h.Session), h.Date,
		h.DatePrecision, h.Body, strconv.Itoa(h.Seq), h.Delegation, h.DelegationName, h.Speaker, h.Role, h.Language,
		h.Agenda, strings.Join(h.Targets, ";"), strings.Join(h.Stances, ";"), strconv.Itoa(h.Words),
		strconv.FormatFloat(h.Score, 'g', 6, 64), h.URL, h.Fragment.Plain(), strings.Join(h.HandCoded, ";"),
		confidence, h.Meeting, h.SpeakerName, intOrEmpty(h.EmergencySession)}
	if c.kwic {
		k := index.KWIC{}
		if h.KWIC != nil {
			k = *h.KWIC
		}
		row = append(row, k.Left, k.Match, k.Right)
	}
	return c.w.Write(row)
}

func intOrEmpty(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func (c *csvWriter) end(int, uint64, []index.Facet) error {
	c.w.Flush()
	return c.w.Error()
}

// abort writes out the rows buffered when a search fails partway.
func (c *csvWriter) abort(error) {
	c.w.Flush()
}

func writeFacetsCSV(w io.Writer, facets []index.Facet) error {
	cw := csvsafe.NewWriter(w)
	cw.Write([]string{"facet", "term", "count"})
	for _, f := range facets {
		for _, t := range f.Terms {
			cw.Write([]string{f.Name, t.Term, strconv.Itoa(t.Count)})
		}
		if f.Other > 0 {
			cw.Write([]string{f.Name, "(other)", strconv.Itoa(f.Other)})
		}
		if f.Missing > 0 {
			cw.Write([]string{f.Name, "(none)", strconv.Itoa(f.Missing)})
		}
	}
	cw.Flush()
	return cw.Error()
}
