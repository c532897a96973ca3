package report

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"regexp"
	"slices"

	"github.com/unpv/unpv/un"
)

// A delegation page gathers what one delegation said about each
// organisation over time (rates and counts per body, with quotes), how it
// voted on resolutions that name one, and when it was a member of each.
// The HTML report writes one file per delegation beside report.html;
// `unpv serve` renders the same page at /delegation/{code}.
type delegationPage struct {
	Delegation Delegation
	Orgs       []delegationOrg
	Coverage   []Coverage // the delegation's speeches held per period and body
	Members    []membership
}

// delegationOrg is one organisation a delegation spoke about.
type delegationOrg struct {
	Pair   Pair
	Series []Point // per body and period
}

// membership is one period in which the delegation belonged to an
// organisation of un's membership table.
type membership struct {
	Organisation, Name, Join, Leave, Note string
}

// pageCode is the shape of a code that names a page file.
var pageCode = regexp.MustCompile(`^[A-Za-z0-9]{2,10}$`)

// delegationPages builds a page for every delegation (State, observer or
// organisation) with classified sentences in the report.
func (a *aggregator) delegationPages(r *Report) map[string]*delegationPage {
	pages := map[string]*delegationPage{}
	members := un.Memberships()
	points := map[[2]string][]Point{} // (code, organisation) → its points
	for key, x := range a.delPoints {
		k := [2]string{key.code, key.org}
		points[k] = append(points[k], Point{Period: key.period, Body: key.body, Stats: x.stats})
	}
	for _, d := range r.Delegations {
		if d.NoData || !d.Group.IsDelegation() || !pageCode.MatchString(d.Code) {
			continue
		}
		code := d.Code
		p := &delegationPage{Delegation: d}
		p.Coverage = a.coverageOf(r.Periods, func(c string) bool { return c == code })
		for _, pr := range r.Pairs {
			if pr.Delegation != code {
				continue
			}
			do := delegationOrg{Pair: pr, Series: points[[2]string{code, pr.Organisation}]}
			slices.SortFunc(do.Series, func(x, y Point) int {
				return cmp.Or(cmp.Compare(bodyOrder(x.Body), bodyOrder(y.Body)), cmp.Compare(a.periodKey[x.Period], a.periodKey[y.Period]))
			})
			p.Orgs = append(p.Orgs, do)
		}
		for _, o := range un.OrganisationTable() {
			for _, m := range members[o.Acronym][code] {
				p.Members = append(p.Members, membership{Organisation: o.Acronym, Name: o.Name, Join: m.Join, Leave: m.Leave, Note: m.Note})
			}
		}
		pages[code] = p
	}
	return pages
}

// DelegationPages lists the delegations that have a page, in report order.
func (r *Report) DelegationPages() []string {
	var out []string
	for _, d := range r.Delegations {
		if r.pages[d.Code] != nil && d.Group.IsDelegation() {
			out = append(out, d.Code)
		}
	}
	return out
}

// DelegationFile is the name of a delegation's page beside report.html.
func DelegationFile(code string) string { return "delegation-" + code + ".html" }

// pageLinks maps every delegation with a page to its address, page(code).
func (r *Report) pageLinks(page func(string) string) map[string]string {
	out := make(map[string]string, len(r.pages))
	for code := range r.pages {
		out[code] = page(code)
	}
	return out
}

// delegationView feeds the delegation page template.
type delegationView struct {
	*Report
	Page      *delegationPage
	Charts    []orgCharts
	Positions []Position
	Home      string // the link back to the report
}

// WriteDelegationHTML writes the page of one delegation: a self-contained
// HTML file like report.html; home is the address of the report (or search
// page) it links back to. It returns an error wrapping ErrNoPage for a
// code without a page.
func (r *Report) WriteDelegationHTML(w io.Writer, code, home string) error {
	p := r.pages[code]
	if p == nil {
		return fmt.Errorf("report: delegation %q: %w", code, ErrNoPage)
	}
	v := delegationView{Report: r, Page: p, Home: home}
	ax := newPeriodAxis(r.Periods, r.Selection.By)
	for _, o := range p.Orgs {
		or := OrgReport{Acronym: o.Pair.Organisation, Name: OrgName(o.Pair.Organisation), Stats: o.Pair.Stats, Quotes: o.Pair.Quotes}
		// A panel for each body in which it named the organisation: its page
		// compares its own periods, its coverage under each.
		v.Charts = append(v.Charts, newOrgCharts(r, ax, "del-"+code+"-"+or.Acronym, or, o.Series, nil, p.Coverage))
	}
	for _, pos := range r.Positions {
		if pos.Delegation == code {
			v.Positions = append(v.Positions, pos)
		}
	}
	bw := bufio.NewWriter(w)
	if err := htmlTemplate.ExecuteTemplate(bw, "delegation.html", v); err != nil {
		return fmt.Errorf("report: html: %w", err)
	}
	return bw.Flush()
}
