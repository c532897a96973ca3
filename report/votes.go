package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/unpv/unpv/un"
)

// addVotes attaches the recorded votes that concern a selected organisation
// and each delegation's vote beside its speech-based stance.
func addVotes(r *Report, a *aggregator, votes []Vote, opts Options) {
	if len(votes) == 0 {
		return
	}
	byName := map[string]string{} // folded printed name → code
	for del, names := range a.delNames {
		if del.code == "" {
			continue
		}
		for n := range names {
			byName[fold(n)] = del.code
		}
	}
	codeOf := func(name string) string {
		if opts.DelegationCode != nil {
			if c := opts.DelegationCode(name); c != "" {
				return c
			}
		}
		if c, ok := byName[fold(name)]; ok {
			return c
		}
		return name
	}
	pairs := map[string]*Stats{}
	for i := range r.Pairs {
		pairs[r.Pairs[i].Delegation+"\x00"+r.Pairs[i].Organisation] = &r.Pairs[i].Stats
	}
	orgIndex := map[string]int{}
	for i, o := range r.Orgs {
		orgIndex[o.Acronym] = i
	}
	undated, noBody := 0, 0
	for _, v := range votes {
		// Read as rows are (normaliseRow): a record's date in ISO, the
		// body from the symbol when the vote does not give it.
		v.Date = isoDate(v.Date)
		if v.Body == "" {
			v.Body = un.BodyOf(v.Symbol)
		}
		// Under --body a vote whose body is unknown is left out, as a row
		// of unknown body is, and counted in a note.
		if opts.Body != "" && v.Body == "" {
			noBody++
			continue
		}
		if opts.Body != "" && !strings.EqualFold(string(v.Body), string(opts.Body)) {
			continue
		}
		if opts.From != "" || opts.To != "" {
			if v.Date == "" {
				undated++
				continue
			}
			if !inRange(v.Date, opts.From, opts.To) {
				continue
			}
		}
		orgs := OrgsInTitle(v.Subject)
		if len(orgs) == 0 {
			if byAgenda := OrgsInTitle(v.Agenda); len(byAgenda) == 1 {
				orgs = byAgenda
			}
		}
		for _, org := range orgs {
			if a.targets != nil && !a.targets[strings.ToUpper(org)] {
				continue
			}
			r.Votes = append(r.Votes, VoteReport{
				Organisation: org, Symbol: v.Symbol, Draft: v.Draft, Subject: v.Subject, Date: v.Date,
				Body: v.Body, Outcome: v.Outcome, TotalInFavour: v.TotalInFavour, TotalAgainst: v.TotalAgainst,
				TotalAbstaining: v.TotalAbstaining, Link: un.DocumentURL(cmp.Or(v.Draft, v.Symbol)),
			})
			i, ok := orgIndex[org]
			if !ok {
				r.Orgs = append(r.Orgs, OrgReport{Acronym: org, Name: OrgName(org), NoData: true, Stats: noDataStats(a.opts.MinSpeeches)})
				i = len(r.Orgs) - 1
				orgIndex[org] = i
				r.Notes = append(r.Notes, fmt.Sprintf("%s has recorded votes but no classified sentence in this selection.", org))
			}
			r.Orgs[i].Votes = append(r.Orgs[i].Votes, v.Symbol)
			for _, list := range []struct {
				vote  string
				names []string
			}{{"yes", v.InFavour}, {"no", v.Against}, {"abstain", v.Abstaining}} {
				for _, name := range list.names {
					code := codeOf(name)
					if a.delegs != nil && !a.delegs[fold(code)] && !a.delegs[fold(name)] {
						continue
					}
					p := Position{
						Organisation: org, Symbol: v.Symbol, Draft: v.Draft, Date: v.Date,
						Delegation: code, DelegationName: name, DelegationAsPrinted: name, Vote: list.vote,
					}
					if d, ok := un.DelegationByCode(code); ok {
						p.DelegationName = d.Name
					}
					if s, ok := pairs[code+"\x00"+org]; ok {
						st := *s
						p.Stance = &st
					}
					r.Positions = append(r.Positions, p)
				}
			}
		}
	}
	if undated > 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("%s without a known meeting date %s left out of the date range.", count(undated, "recorded vote", "recorded votes"), were(undated)))
	}
	if noBody > 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("%s of no known body (none given, and none read from the symbol) %s left out of the %s report.", count(noBody, "recorded vote", "recorded votes"), were(noBody), opts.Body))
	}
	slices.SortFunc(r.Votes, func(x, y VoteReport) int {
		return cmp.Or(cmp.Compare(x.Organisation, y.Organisation), cmp.Compare(x.Date, y.Date), cmp.Compare(x.Symbol, y.Symbol), cmp.Compare(x.Draft, y.Draft))
	})
	voteOrder := map[string]int{"yes": 0, "no": 1, "abstain": 2}
	slices.SortFunc(r.Positions, func(x, y Position) int {
		return cmp.Or(cmp.Compare(x.Organisation, y.Organisation), cmp.Compare(x.Date, y.Date), cmp.Compare(x.Symbol, y.Symbol),
			cmp.Compare(x.Draft, y.Draft), cmp.Compare(voteOrder[x.Vote], voteOrder[y.Vote]), cmp.Compare(x.Delegation, y.Delegation))
	})
}
