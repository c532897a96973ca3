// Package report aggregates classified stances into the tables researchers
// cite: per delegation × organisation × period counts of recognition,
// counter and neutral sentences, the net stance with a 95% interval,
// recognition-building by members kept apart from third-party endorsement,
// recorded votes on resolutions about an organisation, and the quotes behind
// every number. It renders the result as one self-contained HTML file (inline
// SVG), tidy CSV, JSON and Markdown.
//
// The package reads plain rows (Row, Vote) so that it depends on no store:
// the CLI and the pipeline adapt their store rows to it.
package report

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/un"
)

// ErrEmptySelection is returned by Build when no classified sentence matches
// the options. The wrapped message says what was asked for and what the
// input holds, so the user can widen the selection.
var ErrEmptySelection = errors.New("empty selection")

// ErrUnknownFilter is returned by Build when a target or delegation of the
// options names nothing: not in un's tables and not in the rows. It is a
// mistake in the question (a usage error, as search treats it), not a
// question without an answer.
var ErrUnknownFilter = errors.New("unknown filter value")

// ErrNoPage is returned for a delegation that has no page in a report (no
// classified sentence in its selection, or not a delegation).
var ErrNoPage = errors.New("no page for this delegation")

// Row is one classified (sentence, target) pair joined with its speech. It
// mirrors the store's stance rows; Relation must come from the classifier's
// membership tables (self, member on the meeting date, or third).
type Row struct {
	unpv.Stance
	SpeechID       string    `json:"speech_id"`
	Symbol         string    `json:"symbol"`
	Meeting        string    `json:"meeting,omitempty"`
	Date           string    `json:"date"` // ISO date, or a year for general-debate statements
	Speaker        string    `json:"speaker,omitempty"`
	SpeakerName    string    `json:"speaker_name,omitempty"`
	Delegation     string    `json:"delegation,omitempty"`
	DelegationCode string    `json:"delegation_code,omitempty"`
	Agenda         string    `json:"agenda,omitempty"`
	Sentence       string    `json:"sentence"`
	Body           unpv.Body `json:"body,omitempty"`
	Role           unpv.Role `json:"role,omitempty"`
}

// Vote is a recorded vote with the date and body of the meeting that took
// it (the store keeps those on the meeting; see VotesWithMeetings).
type Vote struct {
	unpv.Vote
	Date string    `json:"date,omitempty"`
	Body unpv.Body `json:"body,omitempty"`
	// Agenda of the meeting: a vote whose subject names no organisation is
	// matched on it when it names exactly one.
	Agenda string `json:"agenda,omitempty"`
}

// VotesWithMeetings dates votes from the meetings that took them; a vote
// whose meeting is unknown keeps an empty date and a body guessed from its
// symbol (A/… is the General Assembly, S/… the Security Council).
func VotesWithMeetings(votes []unpv.Vote, meetings []unpv.Meeting) []Vote {
	bySymbol := make(map[string]unpv.Meeting, len(meetings))
	for _, m := range meetings {
		bySymbol[m.Symbol] = m
	}
	out := make([]Vote, 0, len(votes))
	for _, v := range votes {
		rv := Vote{Vote: v, Body: un.BodyOf(v.Symbol)}
		if m, ok := bySymbol[v.Symbol]; ok {
			rv.Date, rv.Agenda = m.Date, m.Agenda
			if m.Body != "" {
				rv.Body = m.Body
			}
		}
		out = append(out, rv)
	}
	return out
}

// Period is how time is cut into report periods.
type Period string

// Periods a report can be cut by.
const (
	ByYear    Period = "year"    // calendar year of the meeting
	BySession Period = "session" // General Assembly session (September to September)
	ByMeeting Period = "meeting" // one meeting (all its resumptions together)
)

// ParsePeriod checks a --by value.
func ParsePeriod(s string) (Period, error) {
	switch p := Period(strings.ToLower(strings.TrimSpace(s))); p {
	case ByYear, BySession, ByMeeting:
		return p, nil
	case "":
		return ByYear, nil
	}
	return "", fmt.Errorf("period must be year, session or meeting, not %q", s)
}

// Options select and shape a report. The zero value reports everything by
// year with the documented defaults.
type Options struct {
	Title       string
	Targets     []string  // organisation acronyms (case-insensitive); empty means all
	Delegations []string  // delegation codes or names as printed (case-insensitive); empty means all
	Body        unpv.Body // SC or GA; empty means both
	From, To    string    // inclusive ISO dates or prefixes ("2018", "2018-09"); empty means open
	By          Period    // default ByYear
	Quotes      int       // quotes kept per cell; default 3
	Resamples   int       // bootstrap resamples; default 1000, at most MaxResamples
	Seed        uint64    // bootstrap seed; the same seed gives the same intervals
	MinSpeeches int       // cells with fewer speeches are flagged small; default 5
	// Generated is printed as the report's date when set; left empty the
	// output is byte-for-byte reproducible.
	Generated string
	// DelegationCode maps a delegation name or speaker label as printed to
	// a delegation code. It codes vote lists (when nil, names seen in rows
	// are used) and rows that arrive without a code.
	DelegationCode func(name string) string
	// Relation gives the speaker's relation to an organisation on a date
	// for rows that arrive without one (the classifier's membership tables);
	// rows it cannot place count as RelUnknown.
	Relation func(code, org, date string) unpv.Relation
	// Coverage is what the corpus holds, classified or not: the speeches
	// and sentences of every record (pipeline.ReportInput reads it from
	// the store). It gives each period's coverage, so that a period
	// without classified sentences is told from one without records; nil
	// when unknown (rows read from a file).
	Coverage []Held
	// Provenance, when set, is recorded in every output (its Models are
	// filled from the rows).
	Provenance *Provenance
	// Model, when set, is the stance model's measured quality, printed
	// with the report.
	Model *ModelQuality
	// MinConfidence leaves out stances the model gave less confidence than
	// this (0 keeps all; from 0 to 1, or Build fails); the report says how
	// many it left out.
	MinConfidence float64
}

// Held is what the corpus holds of one record for one delegation: its
// speeches and their sentences.
type Held struct {
	Symbol         string    `json:"symbol"`
	Meeting        string    `json:"meeting,omitempty"`
	Date           string    `json:"date"`
	Body           unpv.Body `json:"body"`
	DelegationCode string    `json:"delegation_code,omitempty"`
	Speeches       int       `json:"speeches"`
	Sentences      int       `json:"sentences"`
}

// Coverage is what the corpus holds in one period of one body (of the
// selected delegations and dates): the denominators of every rate, and the
// strip under each chart.
type Coverage struct {
	Period    string    `json:"period"`
	Body      unpv.Body `json:"body"`
	Speeches  int       `json:"speeches"`
	Sentences int       `json:"sentences"`
}

// Provenance says how a report was made, so that it can be made again:
// the tool, the classifier versions behind its rows, the store's schema and
// content, and the command line that regenerates it byte for byte (the
// selection is in Selection). No wall-clock time is recorded.
type Provenance struct {
	Tool      string   `json:"tool"`               // "unpv"
	Version   string   `json:"version"`            // the module version ("(devel)" for a local build)
	Commit    string   `json:"commit,omitempty"`   // VCS revision of the build
	Modified  bool     `json:"modified,omitempty"` // built from a work tree with changes
	Schema    int      `json:"store_schema,omitempty"`
	Models    []string `json:"models"`     // classifier versions of the rows counted
	Input     string   `json:"input"`      // "store", or the rows file
	InputHash string   `json:"input_hash"` // the store's content hash, or the rows file's SHA-256
	Command   string   `json:"command"`    // regenerates this report
}

// RelUnknown marks sentences whose speaker could not be placed relative to
// the organisation (no delegation code, or no membership table). Their
// recognition is counted as Unattributed: neither building nor endorsement.
const RelUnknown unpv.Relation = "unknown"

func (o Options) withDefaults() Options {
	if o.By == "" {
		o.By = ByYear
	}
	if o.Quotes <= 0 {
		o.Quotes = 3
	}
	if o.Resamples <= 0 {
		o.Resamples = 1000
	}
	if o.MinSpeeches <= 0 {
		o.MinSpeeches = 5
	}
	if o.Title == "" {
		o.Title = "Recognition of regional organisations in UN debates"
	}
	// Compared with the rows' ISO dates, so read as the rows are.
	o.From, o.To = isoDate(o.From), isoDate(o.To)
	return o
}

// Selection echoes the options a report was built with.
type Selection struct {
	Targets     []string  `json:"targets,omitempty"`
	Delegations []string  `json:"delegations,omitempty"`
	Body        unpv.Body `json:"body,omitempty"`
	From        string    `json:"from,omitempty"`
	To          string    `json:"to,omitempty"`
	By          Period    `json:"by"`
	MinSpeeches int       `json:"min_speeches"`
	Resamples   int       `json:"resamples"`
	Seed        uint64    `json:"seed"`
	// MinConfidence is the confidence under which stances were left out (0: none).
	MinConfidence float64 `json:"min_confidence,omitempty"`
}

// Stats are the numbers behind one cell of any table.
type Stats struct {
	Recognition int `json:"recognition"`
	Counter     int `json:"counter"`
	Neutral     int `json:"neutral"`
	// Building is recognition by the organisation itself or by its members;
	// Endorsement is recognition by third parties (States, observers,
	// other organisations); NonState is recognition by speakers who speak
	// for no delegation (the UN Secretariat, presiding officers, briefers),
	// reported apart; Unattributed is recognition by delegations whose
	// relation is unknown. The four sum to Recognition.
	Building     int `json:"building"`
	Endorsement  int `json:"endorsement"`
	NonState     int `json:"non_state"`
	Unattributed int `json:"unattributed"`
	// CounterByMembers counts counter sentences spoken by members or the
	// organisation itself (rare, and telling when it happens).
	CounterByMembers int `json:"counter_by_members"`
	Sentences        int `json:"sentences"`
	// HandCoded counts the sentences whose label researchers coded by hand
	// (the store's codings), which override the classifier's.
	HandCoded int `json:"hand_coded"`
	Speeches  int `json:"speeches"`
	Meetings  int `json:"meetings"`
	// Net is (R − C) / (R + C + N) over sentences, in [−1, 1].
	Net float64 `json:"net_stance"`
	// Low and High bound the 95% interval of Net (see Method).
	Low  float64 `json:"ci_low"`
	High float64 `json:"ci_high"`
	// Rates per 100 mentions (classified sentences naming the
	// organisation) with their 95% intervals: the stance measure that does
	// not grow with the corpus.
	RecognitionRate float64 `json:"recognition_rate"`
	RecognitionLow  float64 `json:"recognition_rate_low"`
	RecognitionHigh float64 `json:"recognition_rate_high"`
	CounterRate     float64 `json:"counter_rate"`
	CounterLow      float64 `json:"counter_rate_low"`
	CounterHigh     float64 `json:"counter_rate_high"`
	Small           bool    `json:"small"` // fewer speeches than Selection.MinSpeeches
	FirstDate       string  `json:"first_date"`
	LastDate        string  `json:"last_date"`
}

// Quote is one classified sentence shown as evidence.
type Quote struct {
	SentenceID string        `json:"sentence_id,omitempty"`
	Sentence   string        `json:"sentence"`
	Target     string        `json:"target"`
	Label      unpv.Label    `json:"label"`
	Relation   unpv.Relation `json:"relation,omitempty"`
	Confidence float64       `json:"confidence"`
	Evidence   string        `json:"evidence,omitempty"`
	// Hand marks a hand-coded label; ModelLabel is then the classifier's
	// ("" for a pair it did not label).
	Hand           bool       `json:"hand_coded,omitempty"`
	ModelLabel     unpv.Label `json:"model_label,omitempty"`
	Speaker        string     `json:"speaker,omitempty"`
	SpeakerName    string     `json:"speaker_name,omitempty"`
	Delegation     string     `json:"delegation_as_printed,omitempty"` // as printed, as in quotes.csv and votes
	DelegationCode string     `json:"delegation_code,omitempty"`
	// Symbol is the verbatim record, "" for a general-debate statement
	// whose plenary meeting is not known (Session says which debate).
	Symbol  string `json:"symbol"`
	Session int    `json:"session,omitempty"`
	// EmergencySession is the emergency special session of a record whose
	// symbol names one ("A/ES-11/PV.1": 11; Session is then the regular
	// session of its date), 0 for any other.
	EmergencySession int    `json:"emergency_session,omitempty"`
	Date             string `json:"date"`
	DatePrecision    string `json:"date_precision"`
	Link             string `json:"link,omitempty"`
}

// Cell is one delegation × organisation × period × relation: the unit of the
// tidy CSV. Relation is part of the key so that a State joining an
// organisation mid-period yields two cells rather than a blend.
type Cell struct {
	Delegation     string        `json:"delegation"` // code; "" for speakers without one (see SpeakerGroup)
	DelegationName string        `json:"delegation_name"`
	SpeakerGroup   un.Group      `json:"speaker_group"`
	Organisation   string        `json:"organisation"`
	Period         string        `json:"period"`
	PeriodStart    string        `json:"period_start"` // the period's first and last day (periodBounds)
	PeriodEnd      string        `json:"period_end"`
	Relation       unpv.Relation `json:"relation"`
	Stats
	Quotes []Quote `json:"quotes"`
}

// Pair is a delegation × organisation over the whole selection: the heat
// map's cell.
type Pair struct {
	Delegation     string          `json:"delegation"`
	DelegationName string          `json:"delegation_name"`
	SpeakerGroup   un.Group        `json:"speaker_group"`
	Organisation   string          `json:"organisation"`
	Relations      []unpv.Relation `json:"relations"`
	Stats
	Quotes []Quote `json:"quotes"`
}

// Point is one organisation in one period of one body: the time series,
// with what the corpus holds in that period and body.
type Point struct {
	Period        string    `json:"period"`
	PeriodStart   string    `json:"period_start"` // the period's first and last day (periodBounds)
	PeriodEnd     string    `json:"period_end"`
	Body          unpv.Body `json:"body"`
	SpeechesHeld  int       `json:"speeches_held"`  // null in JSON when the input gives no coverage
	SentencesHeld int       `json:"sentences_held"` // (--in), as the CSV leaves the cell empty
	Stats

	heldUnknown bool
}

// MarshalJSON writes what the corpus holds as null when it is unknown (a
// report read from rows): 0 would say the corpus holds no speeches.
func (p Point) MarshalJSON() ([]byte, error) {
	type plain Point
	if !p.heldUnknown {
		return json.Marshal(plain(p))
	}
	return json.Marshal(struct {
		plain
		SpeechesHeld  *int `json:"speeches_held"`
		SentencesHeld *int `json:"sentences_held"`
	}{plain: plain(p)})
}

// OrgReport summarises one organisation.
type OrgReport struct {
	Acronym string `json:"acronym"`
	Name    string `json:"name"`
	NoData  bool   `json:"no_data,omitempty"` // asked for but no sentence in the selection
	Stats
	Series []Point  `json:"series"` // per body (SC, then GA) and period
	Quotes []Quote  `json:"quotes"`
	Votes  []string `json:"votes"` // symbols of recorded votes about it
	// The delegations that do most of each: recognition-building,
	// third-party endorsement and counter-recognition (up to five each;
	// see rankOrgs).
	TopBuilding    []Ranked `json:"top_building"`
	TopEndorsement []Ranked `json:"top_endorsement"`
	TopCounter     []Ranked `json:"top_counter"`
}

// Ranked is one delegation in a ranked list: the measure the list ranks
// by (building, endorsement or counter sentences), its count, and n, all
// its classified sentences naming the organisation.
type Ranked struct {
	Delegation     string  `json:"delegation"`
	DelegationName string  `json:"delegation_name"`
	Measure        string  `json:"measure"`
	Count          int     `json:"count"`
	Sentences      int     `json:"n"`        // its sentences naming the organisation
	Speeches       int     `json:"speeches"` // its speeches naming it
	Net            float64 `json:"net_stance"`
}

// Delegation summarises one delegation over all organisations, or one
// group of speakers without a delegation (Code "", see Group).
type Delegation struct {
	Code   string    `json:"code"`
	Name   string    `json:"name"`
	Group  un.Group  `json:"group"`
	Role   unpv.Role `json:"role,omitempty"`
	NoData bool      `json:"no_data,omitempty"`
	Stats
	// DistinctSentences is how many of the delegation's sentences its
	// Sentences count, which are (sentence, organisation) pairs as in
	// Report.DistinctSentences.
	DistinctSentences int `json:"distinct_sentences"`
}

// VoteReport is a recorded vote that concerns one organisation.
type VoteReport struct {
	Organisation    string    `json:"organisation"`
	Symbol          string    `json:"symbol"`
	Draft           string    `json:"draft,omitempty"`
	Subject         string    `json:"subject,omitempty"`
	Date            string    `json:"date,omitempty"`
	Body            unpv.Body `json:"body,omitempty"`
	Outcome         string    `json:"outcome,omitempty"`
	TotalInFavour   int       `json:"total_in_favour"`
	TotalAgainst    int       `json:"total_against"`
	TotalAbstaining int       `json:"total_abstaining"`
	Link            string    `json:"link,omitempty"`
}

// Position is how one delegation voted on one vote, beside what its
// speeches said about the organisation over the selection.
type Position struct {
	Organisation string `json:"organisation"`
	Symbol       string `json:"symbol"`
	Draft        string `json:"draft,omitempty"`
	Date         string `json:"date,omitempty"`
	Delegation   string `json:"delegation"` // code when known, else the name as printed
	// DelegationName is un/delegations.tsv's name, as in the other tables
	// (the name as printed when the code is not known); DelegationAsPrinted
	// is the voting record's spelling ("Bolivia (Plurinational State of)").
	DelegationName      string `json:"delegation_name"`
	DelegationAsPrinted string `json:"delegation_as_printed"`
	Vote                string `json:"vote"` // yes, no, abstain
	// Speech-based stance of the delegation toward the organisation; nil
	// when it never spoke of it in the selection.
	Stance *Stats `json:"stance"`
}

// Report is the aggregated result. Slices are sorted deterministically.
type Report struct {
	Provenance *Provenance   `json:"provenance,omitempty"`
	Model      *ModelQuality `json:"model_quality,omitempty"`
	Title      string        `json:"title"`
	Generated  string        `json:"generated,omitempty"`
	Selection  Selection     `json:"selection"`
	Method     string        `json:"method"`
	Coding     Coding        `json:"coding"`
	Total      Stats         `json:"total"`
	// DistinctSentences is how many sentences Total counts. Total's
	// Sentences, like every count of Stats, counts (sentence, organisation)
	// pairs, the report's unit: a sentence naming two of the organisations
	// selected is a mention of each, twice in Total.Sentences and once here
	// (on all of ungdc-full, the CSTO, CIS, OSCE, AU and EU's report held
	// 14,675 pairs of 14,284 sentences, and its summary called the pairs
	// sentences).
	DistinctSentences int          `json:"distinct_sentences"`
	Periods           []string     `json:"periods"`
	Orgs              []OrgReport  `json:"organisations"`
	Delegations       []Delegation `json:"delegations"`
	Pairs             []Pair       `json:"pairs"`
	Cells             []Cell       `json:"cells"`
	Votes             []VoteReport `json:"votes"`
	Positions         []Position   `json:"positions"`
	// Coverage is what the corpus holds per period and body (see
	// Options.Coverage); empty when unknown.
	Coverage []Coverage `json:"coverage"`
	// Notes lists what the selection asked for but the data lacks.
	Notes []string `json:"notes"`

	coverageKnown bool
	pages         map[string]*delegationPage // by delegation code
}

// Method describes the interval so every output can state it.
const Method = "Net stance = (R − C) / (R + C + N) over classified mentions (a sentence naming two organisations is a mention of each). " +
	"95% interval = the hull of (a) a percentile bootstrap that resamples whole speeches " +
	"(sentences of one speech are not independent): exact enumeration of every resample up to 6 speeches, " +
	"1000 seeded resamples up to 500, and the bootstrap's normal limit (cluster-robust ratio estimator) above; " +
	"and (b) a Wilson score interval on (net + 1) / 2 over sentences, which is conservative for " +
	"three labels and keeps the interval honest where the bootstrap collapses " +
	"(one speech, or every speech agreeing)."

// Coding says who made the labels a report counts: the classifier, or
// researchers by hand (the store's codings, which override the classifier
// wherever unpv reads stances).
type Coding struct {
	Sentences int `json:"sentences"`    // labels counted
	Model     int `json:"model"`        // the classifier's
	Hand      int `json:"hand_coded"`   // researchers'
	Changed   int `json:"hand_changed"` // of those, a label other than the classifier's
	Added     int `json:"hand_added"`   // of those, pairs the classifier did not label
	// ByModel counts the classifier's labels (Model) by model version
	// ({} for rows that name none, read from a file): more than one when
	// the store was classified in part by another model.
	ByModel map[string]int `json:"by_model"`
}

// modelCounts lists label counts by model version, most labels first
// ("stance-a 1873, stance-b 5").
func modelCounts(byModel map[string]int) string {
	ms := sortedKeys(byModel)
	slices.SortStableFunc(ms, func(x, y string) int { return cmp.Compare(byModel[y], byModel[x]) })
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = fmt.Sprintf("%s %d", m, byModel[m])
	}
	return strings.Join(parts, ", ")
}

// Text is the method note's sentence about the labels.
func (c Coding) Text() string {
	if c.Hand == 0 {
		if c.Sentences == 1 {
			return "The one label is the classifier's; none is hand-coded."
		}
		return fmt.Sprintf("All %d labels are the classifier's; none is hand-coded.", c.Sentences)
	}
	return fmt.Sprintf("Of the %d labels, %d are the classifier's and %d are hand-coded by researchers "+
		"(%d changed the classifier's label, %d label pairs it did not; the rest confirm it). "+
		"Hand-coded labels replace the classifier's and are marked as such in quotes.",
		c.Sentences, c.Model, c.Hand, c.Changed, c.Added)
}

// Build aggregates rows and votes into a report. It returns an error
// wrapping ErrEmptySelection when no row matches the options.
func Build(rows []Row, votes []Vote, opts Options) (*Report, error) {
	return BuildContext(context.Background(), rows, votes, opts)
}

// MaxResamples bounds Options.Resamples: each cell's bootstrap costs
// resamples × speeches draws, and 100,000 already pins the percentiles to
// about ±0.001 (docs/reports.md).
const MaxResamples = 100_000

// ErrTooManyResamples is returned for Options.Resamples over MaxResamples.
var ErrTooManyResamples = fmt.Errorf("more than %d bootstrap resamples", MaxResamples)

// BuildContext is Build that stops, returning ctx's error, when ctx ends:
// between rows, between cells and every few hundred bootstrap resamples.
func BuildContext(ctx context.Context, rows []Row, votes []Vote, opts Options) (*Report, error) {
	opts = opts.withDefaults()
	if opts.By != ByYear && opts.By != BySession && opts.By != ByMeeting {
		return nil, fmt.Errorf("report: unknown period %q", opts.By)
	}
	if opts.Resamples > MaxResamples {
		return nil, fmt.Errorf("report: %d resamples: %w", opts.Resamples, ErrTooManyResamples)
	}
	if !(opts.MinConfidence >= 0 && opts.MinConfidence <= 1) { // NaN too
		return nil, fmt.Errorf("report: min confidence %v: want from 0 to 1", opts.MinConfidence)
	}
	a := newAggregator(opts)
	for i := range rows {
		if i%4096 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		a.add(&rows[i])
	}
	if err := a.unknownFilter(); err != nil {
		return nil, err
	}
	for i := range opts.Coverage {
		a.addHeld(&opts.Coverage[i])
	}
	if a.total.r+a.total.c+a.total.n == 0 {
		return nil, emptyError(rows, opts)
	}
	r, err := a.finish(ctx)
	if err != nil {
		return nil, err
	}
	addVotes(r, a, votes, opts)
	r.listsNotNull()
	return r, nil
}

// listsNotNull gives every list of the JSON output a value, so that a
// list with nothing in it is [] and not null (votes when none names an
// organisation, an organisation without data, an empty ranked list, no
// notes): a script reads every report with the same shape.
func (r *Report) listsNotNull() {
	orEmpty(&r.Notes)
	orEmpty(&r.Periods)
	orEmpty(&r.Orgs)
	orEmpty(&r.Delegations)
	orEmpty(&r.Pairs)
	orEmpty(&r.Cells)
	orEmpty(&r.Votes)
	orEmpty(&r.Positions)
	orEmpty(&r.Coverage)
	for i := range r.Orgs {
		o := &r.Orgs[i]
		orEmpty(&o.Series)
		orEmpty(&o.Quotes)
		orEmpty(&o.Votes)
		orEmpty(&o.TopBuilding)
		orEmpty(&o.TopEndorsement)
		orEmpty(&o.TopCounter)
	}
	for i := range r.Pairs {
		orEmpty(&r.Pairs[i].Relations)
		orEmpty(&r.Pairs[i].Quotes)
	}
	for i := range r.Cells {
		orEmpty(&r.Cells[i].Quotes)
	}
}

func orEmpty[T any](s *[]T) {
	if *s == nil {
		*s = []T{}
	}
}

func emptyError(rows []Row, opts Options) error {
	var asked []string
	if len(opts.Targets) > 0 {
		asked = append(asked, "target "+strings.Join(opts.Targets, ","))
	}
	if len(opts.Delegations) > 0 {
		asked = append(asked, "delegation "+strings.Join(opts.Delegations, ","))
	}
	if opts.Body != "" {
		asked = append(asked, "body "+string(opts.Body))
	}
	if opts.From != "" {
		asked = append(asked, "from "+opts.From)
	}
	if opts.To != "" {
		asked = append(asked, "to "+opts.To)
	}
	if opts.MinConfidence > 0 {
		asked = append(asked, fmt.Sprintf("min-confidence %v", opts.MinConfidence))
	}
	what := "the input"
	if len(asked) > 0 {
		what = strings.Join(asked, ", ")
	}
	if len(rows) == 0 {
		return fmt.Errorf("report: %w: there are no classified sentences at all (run extract and classify first)", ErrEmptySelection)
	}
	targets := map[string]bool{}
	bodies := map[string]bool{}
	first, last := "", ""
	named := 0
	sentences := map[string]bool{}
	for i := range rows {
		r := normaliseRow(&rows[i])
		if r.Target == "" {
			continue
		}
		named++
		if r.SentenceID != "" {
			sentences[r.SentenceID] = true
		} else {
			sentences["\x00"+r.SpeechID+"\x00"+r.Symbol+"\x00"+r.Date+"\x00"+r.Speaker+"\x00"+r.Sentence] = true
		}
		targets[r.Target] = true
		if r.Body != "" {
			bodies[string(r.Body)] = true
		} else {
			bodies["unknown"] = true
		}
		if d := r.Date; d != "" {
			if first == "" || d < first {
				first = d
			}
			if d > last {
				last = d
			}
		}
	}
	if named == 0 {
		return fmt.Errorf("report: %w: none of the %d rows names an organisation", ErrEmptySelection, len(rows))
	}
	// named counts (sentence, organisation) pairs, as every count of a
	// report does: mentions, of so many sentences (Report.DistinctSentences).
	return fmt.Errorf("report: %w: no classified sentence matches %s; the data has %s (%s) on %s, bodies %s, dates %s to %s%s",
		ErrEmptySelection, what, count(named, "classified mention", "classified mentions"), count(len(sentences), "sentence", "sentences"), strings.Join(sortedKeys(targets), ", "),
		strings.Join(sortedKeys(bodies), ", "), first, last, delegationsHeld(rows, opts))
}

// delegationsHeld says what the data holds of the --delegation values of
// an empty selection, so that the other filters can be set to it: a former
// Member's sentences end with its membership (DDR's in 1990, SUN's in
// 1991), and "--delegation DDR --from 1991" said only what the whole data
// held.
func delegationsHeld(rows []Row, opts Options) string {
	if len(opts.Delegations) == 0 {
		return ""
	}
	a := newAggregator(Options{Delegations: opts.Delegations, DelegationCode: opts.DelegationCode})
	targets := map[string]bool{}
	n := 0
	first, last := "", ""
	for i := range rows {
		r, _ := a.resolveCode(normaliseRow(&rows[i]))
		if r.Target == "" || !a.keep(r) {
			continue
		}
		n++
		targets[r.Target] = true
		if r.Date != "" && (first == "" || r.Date < first) {
			first = r.Date
		}
		last = max(last, r.Date)
	}
	del := "delegation " + strings.Join(opts.Delegations, ",")
	held := fmt.Sprintf("; %s has %d of them, on %s, dates %s to %s", del, n, strings.Join(sortedKeys(targets), ", "), first, last)
	if n == 0 {
		held = "; none of them is by " + del
	}
	return held + seatHoldersHeld(rows, opts)
}

// seatHoldersHeld says, for each --delegation value whose seat another
// Member held (un.SeatsFiledUnder: the Soviet Union's, filed under SUN, for
// RUS), how many sentences of the data are that Member's: "--delegation
// RUS --to 1991" on the full General Debate Corpus said only that RUS's
// sentences start in 1992, not where the Soviet Union's 1946-1991 ones are.
func seatHoldersHeld(rows []Row, opts Options) string {
	var out strings.Builder
	for _, d := range opts.Delegations {
		code := strings.ToUpper(d)
		if del, ok := un.LookupDelegation(d); ok {
			code = del.Code
		}
		for _, s := range un.SeatsFiledUnder(code) {
			if slices.ContainsFunc(opts.Delegations, func(x string) bool { return strings.EqualFold(x, s.Holder) }) {
				continue
			}
			a := newAggregator(Options{Delegations: []string{s.Holder}})
			n := 0
			for i := range rows {
				if r, _ := a.resolveCode(normaliseRow(&rows[i])); r.Target != "" && a.keep(r) {
					n++
				}
			}
			if n > 0 {
				holder, _ := un.DelegationByCode(s.Holder)
				fmt.Fprintf(&out, "; %s (%s) held %s's seat until %s and has %d of them (--delegation %s,%s)", holder.Name, s.Holder, code, s.To, n, code, s.Holder)
			}
		}
	}
	return out.String()
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// inRange reports whether date lies in [from, to], comparing at the
// coarser precision of the two so that a year-only date ("2018") counts as
// inside "2018-09-01 … 2019-08-31".
func inRange(date, from, to string) bool {
	if from == "" && to == "" {
		return true
	}
	if date == "" {
		return false
	}
	trunc := func(a, b string) (string, string) {
		n := min(len(a), len(b))
		return a[:n], b[:n]
	}
	if from != "" {
		if d, f := trunc(date, from); d < f {
			return false
		}
	}
	if to != "" {
		if d, t := trunc(date, to); d > t {
			return false
		}
	}
	return true
}

// periodOf returns the period label and a sort key for a row.
func periodOf(by Period, r *Row) (label, key string) {
	switch by {
	case BySession:
		// A General Assembly row's session is its quotes' (sessionOf); a
		// Security Council meeting falls in the Assembly session running
		// on its date.
		s := sessionOf(r)
		if r.Body != unpv.GeneralAssembly {
			s = un.Session("", r.Date)
		}
		if s <= 0 {
			return "unknown", "~"
		}
		return strconv.Itoa(s), fmt.Sprintf("%04d", s)
	case ByMeeting:
		m := r.Meeting
		if m == "" {
			m = un.BaseSymbol(r.Symbol)
		}
		if m == "" {
			return "unknown", "~"
		}
		d := r.Date
		if len(d) == 4 {
			d += "-09" // a year alone is a general-debate statement, given in September
		}
		return m, d + "\x00" + m
	}
	if len(r.Date) >= 4 {
		if _, err := strconv.Atoi(r.Date[:4]); err == nil {
			return r.Date[:4], r.Date[:4]
		}
	}
	return "unknown", "~"
}

// periodBounds gives the first and last day (ISO) of a period label as
// periodOf makes it, so that a table by session can be placed in time
// without the Assembly's rules of procedure (un.SessionDates: session 74
// runs from 2019-09-17 to 2020-09-14) and a year needs no guessing either.
// A meeting, or a period of unknown date, has none: its rows' first_date
// and last_date give its days.
func periodBounds(by Period, label string) (first, last string) {
	n, err := strconv.Atoi(label)
	if err != nil || n <= 0 {
		return "", ""
	}
	switch by {
	case ByYear:
		return fmt.Sprintf("%04d-01-01", n), fmt.Sprintf("%04d-12-31", n)
	case BySession:
		if f, l, ok := un.SessionDates(n); ok {
			return f.Format(time.DateOnly), l.Format(time.DateOnly)
		}
	}
	return "", ""
}

func relationOrder(r unpv.Relation) int {
	switch r {
	case unpv.RelSelf:
		return 0
	case unpv.RelMember:
		return 1
	case unpv.RelThird:
		return 2
	case RelUnknown:
		return 3
	}
	return 4
}

func cmpStatsDesc(a, b *Stats) int {
	return cmp.Compare(b.Sentences, a.Sentences)
}
