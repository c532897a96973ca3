package report

import (
	"cmp"
	"slices"
	"strings"

	"github.com/unpv/unpv"
)

// heldKey is one period of one body for one delegation code.
type heldKey struct {
	period string
	body   unpv.Body
	code   string
}

// addHeld counts what one record holds into its period, when it is in the
// selection (body, dates, delegations; every organisation: coverage is
// what could have been said, not what was).
func (a *aggregator) addHeld(h *Held) {
	if h.Speeches == 0 {
		return
	}
	r := &Row{Symbol: h.Symbol, Meeting: h.Meeting, Date: h.Date, Body: h.Body, DelegationCode: h.DelegationCode}
	r = normaliseRow(r)
	if a.opts.Body != "" && !strings.EqualFold(string(r.Body), string(a.opts.Body)) {
		return
	}
	if a.delegs != nil && !a.delegs[fold(h.DelegationCode)] {
		return
	}
	if !inRange(r.Date, a.opts.From, a.opts.To) {
		return
	}
	period := a.notePeriod(r)
	c := a.held[heldKey{period, r.Body, h.DelegationCode}]
	if c == nil {
		c = &Coverage{Period: period, Body: r.Body}
		a.held[heldKey{period, r.Body, h.DelegationCode}] = c
	}
	c.Speeches += h.Speeches
	c.Sentences += h.Sentences
}

// coverage sums what the corpus holds per period and body over the
// selected delegations, in body (SC, GA) and period order. known is false
// when the input gave no coverage at all.
func (a *aggregator) coverage(periods []string) (out []Coverage, known bool) {
	return a.coverageOf(periods, func(string) bool { return true }), len(a.opts.Coverage) > 0
}

// coverageOf sums the coverage of the delegation codes keep accepts.
func (a *aggregator) coverageOf(periods []string, keep func(code string) bool) []Coverage {
	sum := map[heldKey]*Coverage{}
	for k, c := range a.held {
		if !keep(k.code) {
			continue
		}
		k.code = ""
		s := sum[k]
		if s == nil {
			s = &Coverage{Period: c.Period, Body: c.Body}
			sum[k] = s
		}
		s.Speeches += c.Speeches
		s.Sentences += c.Sentences
	}
	order := make(map[string]int, len(periods))
	for i, p := range periods {
		order[p] = i
	}
	out := make([]Coverage, 0, len(sum))
	for _, c := range sum {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(x, y Coverage) int {
		return cmp.Or(cmp.Compare(bodyOrder(x.Body), bodyOrder(y.Body)), cmp.Compare(order[x.Period], order[y.Period]))
	})
	return out
}

// bodyOrder puts the Security Council before the General Assembly, and
// rows of unknown body last.
func bodyOrder(b unpv.Body) int {
	switch b {
	case unpv.SecurityCouncil:
		return 0
	case unpv.GeneralAssembly:
		return 1
	}
	return 2
}
