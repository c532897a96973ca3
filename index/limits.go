package index

import (
	"context"
	"errors"
	"fmt"
	"math"
	"regexp/syntax"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/vellum/regexp"
)

// Limits bound the work one search may do, so that no query, however
// written, can take the machine (docs/limits.md). A query over a limit is a
// bad query (ErrBadQuery: HTTP 400, exit 2), refused before it runs where
// that can be known, and as soon as it is found otherwise.
type Limits struct {
	// Timeout bounds one search: one page, or each page of an export
	// (Each); 0 means no bound of its own (the caller's context's).
	Timeout time.Duration
	// MaxExpanding bounds the wildcard, regular-expression, fuzzy and
	// prefix terms of one query: each is expanded to every matching word
	// of the index. `*a* *b* … *z*` ×4 is 104 of them. Negative: none.
	MaxExpanding int
	// MaxTerms bounds the index terms one query may search in total,
	// after expansion (Bleve's term searchers; a wildcard such as `*a*`
	// matches a large share of the dictionary).
	MaxTerms int
	// MaxRegexpLen bounds the length of one regular expression or
	// wildcard term.
	MaxRegexpLen int
}

// DefaultLimits are the limits Open gives an Index.
var DefaultLimits = Limits{Timeout: 10 * time.Second, MaxExpanding: 5, MaxTerms: 10000, MaxRegexpLen: 100}

// maxFuzziness is Bleve's: edit distances above 2 fail at search time.
const maxFuzziness = 2

func (l Limits) withDefaults() Limits {
	if l.MaxExpanding == 0 {
		l.MaxExpanding = DefaultLimits.MaxExpanding
	}
	if l.MaxTerms <= 0 {
		l.MaxTerms = DefaultLimits.MaxTerms
	}
	if l.MaxRegexpLen <= 0 {
		l.MaxRegexpLen = DefaultLimits.MaxRegexpLen
	}
	return l
}

// SetLimits replaces the index's limits; zero fields take DefaultLimits'
// values, except Timeout (0: none). It is safe beside running searches,
// which keep the limits they started with.
func (ix *Index) SetLimits(l Limits) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.limits = l.withDefaults()
}

// Limits returns the index's limits.
func (ix *Index) Limits() Limits {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.limits
}

// Expensive reports whether q's text has wildcard, regular-expression,
// fuzzy or prefix terms (the costly kind: servers run fewer of them at
// once) or cannot be parsed (it fails fast, but is not ordinary).
func (q Query) Expensive() bool {
	if strings.TrimSpace(q.Text) == "" {
		return false
	}
	parsed, err := bleve.NewQueryStringQuery(q.Text).Parse()
	if err != nil {
		return true
	}
	n := 0
	walkQuery(parsed, func(leaf query.Query) error {
		if expanding(leaf) > 0 {
			n++
		}
		return nil
	})
	return n > 0
}

// Validate reports, cheaply, whether q would be refused as a bad query:
// its text does not parse, is over the limits in the ways that can be seen
// without the index (too many expanding terms, fuzziness, the length and
// program size of its patterns), or its filters are malformed or name
// nothing. Its one look at the index is Index.Normalise's: a delegation
// code the table does not know is looked up once among the index's few
// hundred codes and, when held, counted with a one-term search (a value
// repeated in the list is looked up once), under ctx. A server calls it
// with the request's context before q waits for a search slot; Search
// still checks the rest (compiling patterns to the index's automaton, the
// term budget).
func (ix *Index) Validate(ctx context.Context, q Query) error {
	q, err := ix.Normalise(ctx, q)
	if err != nil {
		return err
	}
	_, _, err = q.build(ix.Limits(), false)
	if err != nil {
		return err
	}
	_, _, err = q.sortOrder()
	return err
}

// checkQuery refuses a parsed query text over the limits: too many
// expanding terms, a fuzziness Bleve would reject at search time (peace~100
// answered 500), a regular expression or wildcard too long or too complex
// for the index's automaton (with compile, checked by compiling it the way
// the index will, which can take half a second).
func checkQuery(parsed query.Query, l Limits, compile bool) error {
	n := 0
	err := walkQuery(parsed, func(leaf query.Query) error {
		n += expanding(leaf)
		switch q := leaf.(type) {
		case *query.MatchQuery:
			if q.Fuzziness > maxFuzziness {
				return badQuery("fuzziness %d of %q: at most %d", q.Fuzziness, q.Match, maxFuzziness)
			}
		case *query.FuzzyQuery:
			if q.Fuzziness > maxFuzziness {
				return badQuery("fuzziness %d of %q: at most %d", q.Fuzziness, q.Term, maxFuzziness)
			}
		case *query.RegexpQuery:
			if err := checkPattern("regular expression /"+q.Regexp+"/", q.Regexp, l, compile); err != nil {
				return err
			}
		case *query.WildcardQuery:
			if err := checkPattern("wildcard "+q.Wildcard, wildcardRegexp(q.Wildcard), l, compile); err != nil {
				return err
			}
		}
		// A pattern's boost too: Bleve scores its terms without it today,
		// but the rule is one for every term (docs/limits.md).
		if b, ok := leaf.(query.BoostableQuery); ok {
			return checkBoost(b.Boost())
		}
		return nil
	})
	if err != nil {
		return err
	}
	if n > max(l.MaxExpanding, 0) {
		return badQuery("%d wildcard, regular-expression, fuzzy or prefix terms: at most %d", n, max(l.MaxExpanding, 0))
	}
	return nil
}

// maxBoost bounds a term's boost (^N) in magnitude, and 1/maxBoost from
// below: Bleve normalises a query's weights by the square root of the sum
// of their squares, so a boost of 0 or one whose square underflows
// (text:Europe^1e-200) made every score NaN or +Inf, which JSON cannot
// carry (the command's JSON and the server's answer failed half-written),
// and one whose square overflows (^1e160) made every score 0. Within the
// bounds a lone term's scores do not depend on its boost at all, and
// between terms a factor of 10^9 is more than any weighting needs.
const maxBoost = 1e9

// checkBoost refuses a boost that would make the scores undefined.
func checkBoost(b float64) error {
	if a := math.Abs(b); math.IsNaN(b) || a < 1/maxBoost || a > maxBoost {
		return badQuery("boost ^%g: a boost is a number from %g to %g, or the same negative (the index's scores are undefined beyond)", b, 1/maxBoost, float64(maxBoost))
	}
	return nil
}

// maxRegexpInsts bounds the size of a regular expression's program: the
// index builds a DFA from it before searching, at a cost that grows with
// the program (up to Bleve's 10,000 states). At 200 instructions the worst
// patterns found cost about half a second; `(((a010c}){10,}){100})`, 8,304
// instructions and under 30 characters, cost 4 to 8 s (found by FuzzQuery).
const maxRegexpInsts = 200

func checkPattern(what, re string, l Limits, compile bool) error {
	if len(re) > l.MaxRegexpLen {
		return badQuery("%s: longer than %d characters", what, l.MaxRegexpLen)
	}
	parsed, err := syntax.Parse(re, syntax.Perl)
	if err != nil {
		return badQuery("%s: %v", what, err)
	}
	prog, err := syntax.Compile(parsed.Simplify())
	if err != nil {
		return badQuery("%s: %v", what, err)
	}
	if len(prog.Inst) > maxRegexpInsts {
		return badQuery("%s: too complex (%d instructions, at most %d; counted repetitions multiply)", what, len(prog.Inst), maxRegexpInsts)
	}
	if !compile {
		return nil
	}
	if _, err := regexp.New(re); err != nil {
		return badQuery("%s: %v", what, err)
	}
	return nil
}

// wildcardRegexp is Bleve's translation of a wildcard term.
var wildcardRegexp = strings.NewReplacer("+", `\+`, "(", `\(`, ")", `\)`, "^", `\^`, "$", `\$`, ".", `\.`,
	"{", `\{`, "}", `\}`, "[", `\[`, "]", `\]`, `|`, `\|`, `\`, `\\`, "*", ".*", "?", ".").Replace

// expanding counts the terms a leaf query expands against the dictionary.
func expanding(leaf query.Query) int {
	switch q := leaf.(type) {
	case *query.WildcardQuery, *query.RegexpQuery, *query.PrefixQuery, *query.FuzzyQuery:
		return 1
	case *query.MatchQuery:
		if q.Fuzziness > 0 {
			return max(1, len(strings.Fields(q.Match)))
		}
	}
	return 0
}

// walkQuery calls fn for every leaf of a query tree.
func walkQuery(q query.Query, fn func(query.Query) error) error {
	switch q := q.(type) {
	case nil:
		return nil
	case *query.BooleanQuery:
		for _, sub := range []query.Query{q.Must, q.Should, q.MustNot, q.Filter} {
			if err := walkQuery(sub, fn); err != nil {
				return err
			}
		}
		return nil
	case *query.ConjunctionQuery:
		for _, sub := range q.Conjuncts {
			if err := walkQuery(sub, fn); err != nil {
				return err
			}
		}
		return nil
	case *query.DisjunctionQuery:
		for _, sub := range q.Disjuncts {
			if err := walkQuery(sub, fn); err != nil {
				return err
			}
		}
		return nil
	}
	return fn(q)
}

// limited returns ctx with the search's term budget and time limit. The
// budget is the user's (MaxTerms, for wildcards and fuzzy terms) and, for
// q's confidence filter, what that filter needs: it is the index's own
// query, bounded by design (confidenceTerms), and 12 organisations × 3
// labels at --min-confidence 0.01 went past MaxTerms and were refused as
// a wildcard query.
func (l Limits) limited(ctx context.Context, q Query) (context.Context, context.CancelFunc) {
	ctx = context.WithValue(ctx, search.MaxTermSearchersKey, l.MaxTerms+q.confidenceTerms())
	if l.Timeout > 0 {
		return context.WithTimeout(ctx, l.Timeout)
	}
	return context.WithCancel(ctx)
}

// overBudget turns Bleve's errors for a query over its term budget, or
// whose automaton cannot be built, into bad-query errors: they are the
// query's, not the server's (500 before issue 14).
func overBudget(err error, l Limits) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "TooManyTermSearchers"), strings.Contains(msg, "TooManyClauses"):
		return badQuery("the query's wildcard, regular-expression or fuzzy terms match more than %d words of the index; make them more specific", l.MaxTerms)
	case errors.Is(err, regexp.ErrTooManyStates), errors.Is(err, regexp.ErrCompiledTooBig),
		strings.Contains(msg, "fuzziness exceeds"):
		return fmt.Errorf("%w: %v", ErrBadQuery, err)
	}
	return err
}
