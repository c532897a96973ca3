package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/unpv/unpv"
	"github.com/unpv/unpv/un"
)

var update = flag.Bool("update", false, "rewrite golden files")

// row builds a test row; speech is "symbol#seq".
func row(speech, del, org, date string, label unpv.Label, rel unpv.Relation) Row {
	sym, _, _ := strings.Cut(speech, "#")
	return Row{
		Stance:   unpv.Stance{SentenceID: speech + ".x", Target: org, Label: label, Confidence: 0.9, Relation: rel},
		SpeechID: speech, Symbol: sym, Meeting: un.BaseSymbol(sym), Date: date,
		Delegation: del + " name", DelegationCode: del, Sentence: "s " + speech, Body: un.BodyOf(sym),
	}
}

const (
	R = unpv.Recognition
	C = unpv.Counter
	N = unpv.Neutral
)

func loadFixture(t testing.TB) ([]Row, []Vote) {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "report", "rows.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, bad, err := ReadRows(f, 0)
	if err != nil || len(bad) > 0 {
		t.Fatal(err, bad)
	}
	vf, err := os.Open(filepath.Join("..", "testdata", "report", "votes.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer vf.Close()
	votes, bad, err := ReadVotes(vf, 0)
	if err != nil || len(bad) > 0 {
		t.Fatal(err, bad)
	}
	return rows, votes
}

func findCell(t *testing.T, r *Report, del, org, period string, rel unpv.Relation) Cell {
	t.Helper()
	for _, c := range r.Cells {
		if c.Delegation == del && c.Organisation == org && c.Period == period && c.Relation == rel {
			return c
		}
	}
	t.Fatalf("no cell %s/%s/%s/%s", del, org, period, rel)
	return Cell{}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-4 }

// TestAggregateHandComputed checks counts, net stance and the interval on a
// case small enough to work out by hand.
func TestAggregateHandComputed(t *testing.T) {
	rows := []Row{
		// Speech A: R, R, N (d = 2, m = 3); speech B: C (d = −1, m = 1).
		row("S/PV.1#1", "RUS", "CSTO", "2019-05-01", R, unpv.RelMember),
		row("S/PV.1#1", "RUS", "CSTO", "2019-05-01", R, unpv.RelMember),
		row("S/PV.1#1", "RUS", "CSTO", "2019-05-01", N, unpv.RelMember),
		row("S/PV.2#4", "RUS", "CSTO", "2019-07-01", C, unpv.RelMember),
		row("S/PV.2#5", "UKR", "CSTO", "2019-07-01", C, unpv.RelThird),
		row("S/PV.2#5", "UKR", "CSTO", "2019-07-01", C, unpv.RelThird),
		row("S/PV.3#2", "UKR", "CSTO", "2020-02-01", R, unpv.RelThird),
	}
	r, err := Build(rows, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := findCell(t, r, "RUS", "CSTO", "2019", unpv.RelMember)
	want := Stats{Recognition: 2, Counter: 1, Neutral: 1, Building: 2, CounterByMembers: 1, Sentences: 4, Speeches: 2, Meetings: 2,
		Net: 0.25, Small: true, FirstDate: "2019-05-01", LastDate: "2019-07-01"}
	// Bootstrap over the two speeches: AA → 4/6, AB → 1/4, BB → −2/2, so the
	// 2.5% and 97.5% percentiles of 1000 resamples are −1 and 2/3. Wilson on
	// p = (2 + 1/2)/4: [0.21953, 0.90813] → net [−0.56095, 0.81626]. Hull:
	want.Low, want.High = -1, 0.816264
	// Rates per 100 mentions: recognition 2/4, counter 1/4. Recognition by
	// speech (R, m): A (2, 3), B (0, 1): AA 4/6, AB 2/4, BB 0 with
	// probabilities 1/4, 1/2, 1/4 → exact bootstrap [0, 2/3]; Wilson on 2/4:
	// [0.15004, 0.84996]; hull [0, 85.00]. Counter: AA 0, AB 1/4, BB 1 →
	// [0, 1]; Wilson on 1/4 [0.04559, 0.69936]; hull [0, 100].
	want.RecognitionRate, want.RecognitionLow, want.RecognitionHigh = 50, 0, 84.996101
	want.CounterRate, want.CounterLow, want.CounterHigh = 25, 0, 100
	got := c.Stats
	if !near(got.Low, want.Low) || !near(got.High, want.High) {
		t.Errorf("interval = [%v, %v], want [%v, %v]", got.Low, got.High, want.Low, want.High)
	}
	got.Low, got.High = want.Low, want.High
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("RUS/CSTO/2019 (-want +got):\n%s", d)
	}
	// Totals over the organisation, by period.
	var csto OrgReport
	for _, o := range r.Orgs {
		if o.Acronym == "CSTO" {
			csto = o
		}
	}
	if csto.Sentences != 7 || csto.Building != 2 || csto.Endorsement != 1 || csto.Counter != 3 || csto.Speeches != 4 || csto.Meetings != 3 {
		t.Errorf("CSTO totals = %+v", csto.Stats)
	}
	if csto.Net != 0 { // (R − C)/n = (3 − 3)/7
		t.Errorf("CSTO net = %v, want 0", csto.Net)
	}
	if len(csto.Series) != 2 || csto.Series[0].Period != "2019" || csto.Series[1].Period != "2020" ||
		csto.Series[0].Counter != 3 || csto.Series[1].Endorsement != 1 || csto.Series[0].Body != unpv.SecurityCouncil {
		t.Errorf("CSTO series = %+v", csto.Series)
	}
	// Ranked lists: one measure (count of that kind) with its n (all the
	// delegation's sentences on CSTO). RUS (R 2, C 1) recognises more than it
	// counters, UKR (R 1, C 2) the reverse: neither appears on both sides.
	names := func(rs []Ranked) (out []string) {
		for _, x := range rs {
			out = append(out, fmt.Sprintf("%s:%s %d of %d", x.Delegation, x.Measure, x.Count, x.Sentences))
		}
		return out
	}
	if d := cmp.Diff([]string{"RUS:building 2 of 4"}, names(csto.TopBuilding)); d != "" {
		t.Errorf("top building: %s", d)
	}
	if d := cmp.Diff([]string(nil), names(csto.TopEndorsement)); d != "" {
		t.Errorf("top endorsement: %s", d)
	}
	if d := cmp.Diff([]string{"UKR:counter 2 of 3"}, names(csto.TopCounter)); d != "" {
		t.Errorf("top counter: %s", d)
	}
	// One sentence, one speech: the bootstrap is undefined, Wilson alone:
	// p = 1, n = 1 → [0.20654, 1] → net [−0.58692, 1].
	u := findCell(t, r, "UKR", "CSTO", "2020", unpv.RelThird)
	if u.Net != 1 || !near(u.Low, -0.586924) || u.High != 1 || !u.Small {
		t.Errorf("UKR/2020 = net %v [%v, %v] small %v", u.Net, u.Low, u.High, u.Small)
	}
}

// TestWilsonNet checks the Wilson part against published Wilson intervals
// (x = 0 of 10: [0, 0.2775]; 5 of 10: [0.2366, 0.7634]).
func TestWilsonNet(t *testing.T) {
	for _, tc := range []struct {
		r, c, n        int
		wantLo, wantHi float64
	}{
		{0, 10, 0, -1, 2*0.277540 - 1},
		{5, 5, 0, 2*0.236593 - 1, 2*0.763407 - 1},
		{10, 0, 0, 2*0.722460 - 1, 1},
	} {
		lo, hi := wilsonNet(tc.r, tc.c, tc.n)
		if !near(lo, tc.wantLo) || !near(hi, tc.wantHi) {
			t.Errorf("wilsonNet(%d,%d,%d) = [%.5f, %.5f], want [%.5f, %.5f]", tc.r, tc.c, tc.n, lo, hi, tc.wantLo, tc.wantHi)
		}
	}
	// All neutral: symmetric around 0, strictly inside (−1, 1).
	lo, hi := wilsonNet(0, 0, 4)
	if !near(lo, -hi) || lo <= -1 || hi >= 1 {
		t.Errorf("all neutral = [%v, %v]", lo, hi)
	}
}

// exactBootstrap enumerates every ordered resample of the speeches and
// returns the distribution of the net stance.
func exactBootstrap(d, m []int32) (vals []float64, probs []float64) {
	n := len(d)
	total := int(math.Pow(float64(n), float64(n)))
	idx := make([]int, n)
	count := map[float64]int{}
	for range total {
		var sd, sm int32
		for _, i := range idx {
			sd += d[i]
			sm += m[i]
		}
		count[round6(float64(sd)/float64(sm))]++
		for k := range idx {
			idx[k]++
			if idx[k] < n {
				break
			}
			idx[k] = 0
		}
	}
	for v := range count {
		vals = append(vals, v)
	}
	sort.Float64s(vals)
	for _, v := range vals {
		probs = append(probs, float64(count[v])/float64(total))
	}
	return vals, probs
}

// interval is the bootstrap interval of the net stance alone (speech i has
// d[i] = R − C of m[i] sentences): stanceIntervals's first measure.
func (bt *booter) interval(d, m []int32, b int, seed uint64) (lo, hi float64) {
	r, c := make([]int32, len(d)), make([]int32, len(d))
	for i, x := range d {
		r[i], c[i] = max(x, 0), max(-x, 0)
	}
	net, _, _ := bt.stanceIntervals(r, c, m, b, seed)
	return net[0], net[1]
}

// exactInterval is exactIntervals for the net stance alone.
func (bt *booter) exactInterval(d, m []int32) (lo, hi float64) {
	iv := bt.exactIntervals([][]int32{d}, m)
	return iv[0][0], iv[0][1]
}

// TestBootstrapExact compares the bootstrap percentiles with the exact
// bootstrap distribution enumerated by hand.
func TestBootstrapExact(t *testing.T) {
	for _, tc := range []struct {
		name string
		d, m []int32
	}{
		{"two speeches", []int32{2, -1}, []int32{3, 1}},
		{"three speeches", []int32{1, 0, -2}, []int32{1, 2, 3}},
		{"four speeches", []int32{3, 1, 0, -1}, []int32{3, 2, 2, 4}},
		{"five speeches", []int32{2, 1, 1, 0, -1}, []int32{2, 3, 1, 2, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vals, probs := exactBootstrap(tc.d, tc.m)
			// The percentile must be a value whose exact CDF brackets the
			// target probability within sampling error of 4000 resamples.
			ok := func(got, q float64) bool {
				cdf := 0.0
				for i, v := range vals {
					below := cdf
					cdf += probs[i]
					if near(v, got) {
						return below <= q+0.01 && cdf >= q-0.01
					}
				}
				return false
			}
			lo, hi := (&booter{}).interval(tc.d, tc.m, 4000, 42)
			if !ok(lo, 0.025) || !ok(hi, 0.975) {
				t.Errorf("bootstrap [%v, %v]; exact distribution %v %v", lo, hi, vals, probs)
			}
		})
	}
	// Two speeches: the extremes have probability 1/4 each, so the
	// percentiles are exactly the all-A and all-B ratios.
	lo, hi := (&booter{}).interval([]int32{2, -1}, []int32{3, 1}, 1000, 7)
	if lo != -1 || !near(hi, 2.0/3) {
		t.Errorf("two speeches = [%v, %v], want [-1, 0.6667]", lo, hi)
	}
}

// TestExactBootstrap checks the enumeration used for small cells against
// the brute-force enumeration of ordered resamples, and on a hand case.
func TestExactBootstrap(t *testing.T) {
	quantile := func(vals, probs []float64, q float64) float64 {
		cum := 0.0
		for i, v := range vals {
			cum += probs[i]
			if cum >= q-1e-12 {
				return v
			}
		}
		return vals[len(vals)-1]
	}
	rng := rand.New(rand.NewPCG(5, 5))
	b := &booter{}
	for n := 1; n <= maxExactSpeeches; n++ {
		for range 5 {
			d, m := make([]int32, n), make([]int32, n)
			for i := range n {
				m[i] = int32(1 + rng.IntN(4))
				d[i] = int32(rng.IntN(int(2*m[i]+1))) - m[i]
			}
			vals, probs := exactBootstrap(d, m)
			lo, hi := b.exactInterval(d, m)
			if !near(lo, quantile(vals, probs, 0.025)) || !near(hi, quantile(vals, probs, 0.975)) {
				t.Errorf("d=%v m=%v: exact [%v, %v], brute force [%v, %v]", d, m, lo, hi,
					quantile(vals, probs, 0.025), quantile(vals, probs, 0.975))
			}
		}
	}
	// Hand case: speeches (d, m) = (1, 1) and (0, 1); resamples AA 1/4 → 1,
	// AB 1/2 → 0.5, BB 1/4 → 0.
	if lo, hi := b.exactInterval([]int32{1, 0}, []int32{1, 1}); lo != 0 || hi != 1 {
		t.Errorf("hand case = [%v, %v], want [0, 1]", lo, hi)
	}
	// Three speeches, one counter, two recognition: P(all counter) = 1/27 >
	// 2.5%, so the lower bound is −1.
	if lo, _ := b.exactInterval([]int32{-1, 1, 1}, []int32{1, 1, 1}); lo != -1 {
		t.Errorf("lower = %v, want -1", lo)
	}
}

// TestRegimesAgree: around the switch points the three bootstrap regimes
// give nearly the same interval.
func TestRegimesAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	gen := func(n int) ([]int32, []int32) {
		d, m := make([]int32, n), make([]int32, n)
		for i := range n {
			m[i] = int32(1 + rng.IntN(4))
			d[i] = int32(rng.IntN(int(2*m[i]+1))) - m[i]
		}
		return d, m
	}
	b := &booter{}
	d, m := gen(maxExactSpeeches)
	elo, ehi := b.exactInterval(d, m)
	mlo, mhi := b.interval(d, m, 4000, 1)
	if math.Abs(elo-mlo) > 0.1 || math.Abs(ehi-mhi) > 0.1 {
		t.Errorf("n=%d exact [%v, %v] vs Monte Carlo [%v, %v]", maxExactSpeeches, elo, ehi, mlo, mhi)
	}
	d, m = gen(maxMCSpeeches)
	mlo, mhi = b.interval(d, m, 1000, 1)
	nlo, nhi := ratioNormal(d, m)
	if math.Abs(nlo-mlo) > 0.01 || math.Abs(nhi-mhi) > 0.01 {
		t.Errorf("n=%d Monte Carlo [%v, %v] vs normal [%v, %v]", maxMCSpeeches, mlo, mhi, nlo, nhi)
	}
}

// TestBootstrapLargeSample checks that with many speeches the bootstrap
// agrees with the normal interval of a ratio estimator.
func TestBootstrapLargeSample(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 600
	d, m := make([]int32, n), make([]int32, n)
	var sd, sm float64
	for i := range n {
		m[i] = int32(1 + rng.IntN(5))
		for range m[i] {
			switch x := rng.Float64(); {
			case x < 0.5:
				d[i]++
			case x < 0.7:
				d[i]--
			}
		}
		sd += float64(d[i])
		sm += float64(m[i])
	}
	ratio := sd / sm
	mbar := sm / float64(n)
	var ss float64
	for i := range n {
		e := float64(d[i]) - ratio*float64(m[i])
		ss += e * e
	}
	se := math.Sqrt(ss/float64(n-1)/float64(n)) / mbar
	lo, hi := (&booter{}).interval(d, m, 2000, 3)
	if math.Abs(lo-(ratio-z*se)) > 0.015 || math.Abs(hi-(ratio+z*se)) > 0.015 {
		t.Errorf("bootstrap [%.4f, %.4f], normal [%.4f, %.4f]", lo, hi, ratio-z*se, ratio+z*se)
	}
}

// TestMembershipByDate: a State that joins an organisation mid-year is
// counted as third-party endorsement before and recognition-building after,
// in two cells of the same year.
func TestMembershipByDate(t *testing.T) {
	rows := []Row{
		row("S/PV.10#1", "UZB", "SCO", "2017-03-01", R, unpv.RelThird),
		row("S/PV.11#2", "UZB", "SCO", "2017-06-20", R, unpv.RelMember),
		row("S/PV.11#2", "UZB", "SCO", "2017-06-20", R, unpv.RelMember),
		row("S/PV.12#1", "SCO", "SCO", "2017-09-01", R, unpv.RelSelf),
		row("S/PV.12#3", "KAZ", "SCO", "2017-09-01", C, unpv.RelMember),
	}
	r, err := Build(rows, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	before := findCell(t, r, "UZB", "SCO", "2017", unpv.RelThird)
	after := findCell(t, r, "UZB", "SCO", "2017", unpv.RelMember)
	if before.Endorsement != 1 || before.Building != 0 || after.Building != 2 || after.Endorsement != 0 {
		t.Errorf("before %+v after %+v", before.Stats, after.Stats)
	}
	self := findCell(t, r, "SCO", "SCO", "2017", unpv.RelSelf)
	if self.Building != 1 {
		t.Errorf("self = %+v", self.Stats)
	}
	var pair Pair
	for _, p := range r.Pairs {
		if p.Delegation == "UZB" {
			pair = p
		}
	}
	if d := cmp.Diff([]unpv.Relation{unpv.RelMember, unpv.RelThird}, pair.Relations); d != "" {
		t.Errorf("pair relations: %s", d)
	}
	sco := r.Orgs[0]
	if sco.Building != 3 || sco.Endorsement != 1 || sco.Counter != 1 || sco.CounterByMembers != 1 {
		t.Errorf("SCO = %+v", sco.Stats)
	}
	// A row without a relation: self when the speaker is the organisation.
	rows = append(rows, row("S/PV.13#1", "SCO", "SCO", "2018-01-01", R, ""))
	r, err = Build(rows, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c := findCell(t, r, "SCO", "SCO", "2018", unpv.RelSelf); c.Building != 1 {
		t.Errorf("unrelated row: %+v", c.Stats)
	}
	if !hasNote(r, "1 mention came without a membership relation") {
		t.Errorf("notes = %q", r.Notes)
	}
}

// TestUnknownRelation: rows without a delegation code or relation are
// placed with the caller's hooks; what stays unplaced is counted as
// unattributed, never as third-party endorsement; and a speaker without a
// delegation is never counted as one (no person in a delegation column).
func TestUnknownRelation(t *testing.T) {
	tun := row("S/PV.8710#3", "", "AU", "2020-01-30", R, "")
	tun.Delegation, tun.Speaker = "", "Mr. Baati (Tunisia)"
	anon := row("S/PV.8710#4", "", "AU", "2020-01-30", R, "")
	anon.Delegation, anon.Speaker = "", "Mr. Nobody"
	noTable := row("S/PV.8710#5", "FRA", "NATO", "2020-01-30", R, "")
	brief := row("S/PV.8710#6", "", "AU", "2020-01-30", R, "")
	brief.Delegation, brief.Speaker, brief.Role = "", "Ms. Becker", unpv.RoleBriefer
	sg := row("S/PV.8710#7", "UN", "AU", "2020-01-30", C, "")
	sg.Delegation, sg.Speaker, sg.Role = "", "The Secretary-General", unpv.RoleSecretariat
	rows := []Row{tun, anon, noTable, brief, sg}

	r, err := Build(rows, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Total.Unattributed != 3 || r.Total.NonState != 1 || r.Total.Endorsement != 0 || r.Total.Building != 0 {
		t.Errorf("without hooks: %+v", r.Total)
	}
	code := func(label string) string {
		if strings.Contains(label, "Tunisia") {
			return "TUN"
		}
		return ""
	}
	relation := func(code, org, date string) unpv.Relation {
		if org == "AU" && code == "TUN" && date >= "1963" {
			return unpv.RelMember
		}
		return ""
	}
	r, err = Build(rows, nil, Options{DelegationCode: code, Relation: relation})
	if err != nil {
		t.Fatal(err)
	}
	if r.Total.Building != 1 || r.Total.Unattributed != 2 || r.Total.NonState != 1 || r.Total.Endorsement != 0 {
		t.Errorf("with hooks: %+v", r.Total)
	}
	c := findCell(t, r, "TUN", "AU", "2020", unpv.RelMember)
	if c.Building != 1 || c.SpeakerGroup != un.GroupState || c.DelegationName != "Tunisia" {
		t.Errorf("TUN cell = %+v", c)
	}
	for _, c := range r.Cells {
		if c.Delegation == "" && c.SpeakerGroup.IsDelegation() || strings.Contains(c.Delegation, "Mr.") || strings.Contains(c.DelegationName, "Mr.") || strings.Contains(c.DelegationName, "Ms.") {
			t.Errorf("a person or an uncoded speaker counted as a delegation: %q %q %s", c.Delegation, c.DelegationName, c.SpeakerGroup)
		}
	}
	groups := map[un.Group]Cell{}
	for _, c := range r.Cells {
		if c.Delegation == "" {
			groups[c.SpeakerGroup] = c
		}
	}
	if nobody := groups[un.GroupUnknown]; nobody.Unattributed != 1 || nobody.Quotes[0].Relation != RelUnknown {
		t.Errorf("unknown speaker cell = %+v", nobody)
	}
	if b := groups[un.GroupBriefer]; b.NonState != 1 || b.DelegationName != "Briefers without a State" {
		t.Errorf("briefer cell = %+v", b)
	}
	if secr := findCell(t, r, "UN", "AU", "2020", RelUnknown); secr.SpeakerGroup != un.GroupSecretariat || secr.Counter != 1 {
		t.Errorf("Secretariat cell = %+v", secr)
	}
	if tunq := findCell(t, r, "TUN", "AU", "2020", unpv.RelMember).Quotes[0]; tunq.Relation != unpv.RelMember {
		t.Errorf("quote relation = %q", tunq.Relation)
	}
	// Only delegations are ranked.
	for _, o := range r.Orgs {
		for _, rk := range append(append(o.TopBuilding, o.TopEndorsement...), o.TopCounter...) {
			if rk.Delegation == "" || rk.Delegation == "UN" {
				t.Errorf("%s ranks %+v", o.Acronym, rk)
			}
		}
	}
	// The delegation filter sees codes read from labels.
	if r2, err := Build(rows, nil, Options{DelegationCode: code, Relation: relation, Delegations: []string{"TUN"}}); err != nil || r2.Total.Sentences != 1 {
		t.Errorf("--delegation TUN on a coded label: %v %+v", err, r2)
	}
	if rows[0].DelegationCode != "" {
		t.Error("Build changed the caller's rows")
	}
	for _, want := range []string{"came without a delegation code", "no known relation", "reported apart"} {
		if !hasNote(r, want) {
			t.Errorf("no note %q in %q", want, r.Notes)
		}
	}
}

func hasNote(r *Report, s string) bool {
	for _, n := range r.Notes {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

func TestFilters(t *testing.T) {
	rows, _ := loadFixture(t)
	for _, tc := range []struct {
		name      string
		opts      Options
		sentences int
	}{
		{"all", Options{}, 59},
		{"csto", Options{Targets: []string{"csto"}}, 8},
		{"csto and sco", Options{Targets: []string{"CSTO", "SCO"}}, 16},
		{"russia by code", Options{Delegations: []string{"rus"}}, 20},
		{"russia by name", Options{Delegations: []string{"Russian Federation"}}, 20},
		{"security council", Options{Body: unpv.SecurityCouncil}, 20},
		{"general assembly", Options{Body: unpv.GeneralAssembly}, 39},
		{"2019 to 2020", Options{From: "2019", To: "2020-12-31"}, 34},
		{"from a day of 2019 keeps the year-only 2019 statements", Options{From: "2019-10-01", To: "2019-12-31"}, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Build(rows, nil, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if r.Total.Sentences != tc.sentences {
				t.Errorf("sentences = %d, want %d", r.Total.Sentences, tc.sentences)
			}
			sum := 0
			for _, c := range r.Cells {
				sum += c.Sentences
			}
			if sum != r.Total.Sentences {
				t.Errorf("cells sum to %d, total %d", sum, r.Total.Sentences)
			}
		})
	}
}

func TestInRange(t *testing.T) {
	for _, tc := range []struct {
		date, from, to string
		want           bool
	}{
		{"2019-05-01", "", "", true},
		{"2019-05-01", "2019", "2019", true},
		{"2019-05-01", "2019-05-02", "", false},
		{"2019-05-01", "", "2019-04", false},
		{"2019", "2019-09-01", "2020-08-31", true},
		{"2018", "2019-09-01", "", false},
		{"", "2019", "", false},
		{"2020-01-01", "2019", "2019", false},
	} {
		if got := inRange(tc.date, tc.from, tc.to); got != tc.want {
			t.Errorf("inRange(%q, %q, %q) = %v", tc.date, tc.from, tc.to, got)
		}
	}
}

func TestPeriods(t *testing.T) {
	for _, tc := range []struct {
		by      Period
		symbol  string
		date    string
		want    string
		meeting string
	}{
		{ByYear, "S/PV.8699", "2020-01-09", "2020", ""},
		{ByYear, "A/73/PV (general debate)", "2018", "2018", ""},
		{ByYear, "S/PV.1", "", "unknown", ""},
		{BySession, "A/73/PV (general debate)", "2018", "73", ""},
		{BySession, "A/73/PV.101", "2019-07-25", "73", ""},
		{BySession, "S/PV.8699", "2020-01-09", "74", ""},
		{BySession, "S/PV.8626", "2019-09-25", "74", ""},
		{ByMeeting, "S/PV.8699 (Resumption 1)", "2020-01-10", "S/PV.8699", ""},
		{ByMeeting, "S/PV.8699 (Resumption 1)", "2020-01-10", "S/PV.8699", "S/PV.8699"},
	} {
		r := Row{Symbol: tc.symbol, Date: tc.date, Meeting: tc.meeting}
		if got, _ := periodOf(tc.by, &r); got != tc.want {
			t.Errorf("periodOf(%s, %q, %q) = %q, want %q", tc.by, tc.symbol, tc.date, got, tc.want)
		}
	}
	// Meetings sort by date; a general debate given only a year sorts in
	// September; a meeting resumed on a later day sorts by its first day
	// (S/PV.8711 before S/PV.8715, held between its two days).
	rows := []Row{
		row("A/75/PV (general debate)#1", "RUS", "CSTO", "2020", R, unpv.RelMember),
		row("S/PV.8711#3", "RUS", "CSTO", "2020-01-30", R, unpv.RelMember),
		row("S/PV.8715#1", "RUS", "CSTO", "2020-02-03", R, unpv.RelMember),
		row("S/PV.8711 (Resumption 1)#2", "RUS", "CSTO", "2020-02-04", R, unpv.RelMember),
		row("S/PV.8777#2", "RUS", "CSTO", "2020-12-07", R, unpv.RelMember),
	}
	r, err := Build(rows, nil, Options{By: ByMeeting})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"S/PV.8711", "S/PV.8715", "A/75/PV (general debate)", "S/PV.8777"}, r.Periods); d != "" {
		t.Errorf("meeting order: %s", d)
	}
	if _, err := ParsePeriod("week"); err == nil {
		t.Error("ParsePeriod(week) succeeded")
	}
}

func TestOrgsInTitle(t *testing.T) {
	for _, tc := range []struct {
		title string
		want  []string
	}{
		{"Cooperation between the United Nations and the Collective Security Treaty Organization", []string{"CSTO"}},
		{"Cooperation between the United Nations and the Organisation for Security and Cooperation in Europe", []string{"OSCE"}},
		{"Cooperation between the United Nations and the Association of South-East Asian Nations", []string{"ASEAN"}},
		{"Cooperation between the United Nations and the Shanghai Cooperation Organization", []string{"SCO"}},
		{"Cooperation between the United Nations and the Eurasian Economic Union", []string{"EAEU"}},
		{"Cooperation between the UN and the CIS", []string{"CIS"}},
		{"Peace and security in Africa", nil},
		{"The situation in Mali: mandate of MINUSMA and support to the G5 Sahel joint force", []string{"G5S"}},
		{"", nil},
	} {
		if d := cmp.Diff(tc.want, OrgsInTitle(tc.title)); d != "" {
			t.Errorf("OrgsInTitle(%q): %s", tc.title, d)
		}
	}
}

func TestVotesBesideStance(t *testing.T) {
	rows, votes := loadFixture(t)
	r, err := Build(rows, votes, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Votes) != 2 || r.Votes[0].Organisation != "CSTO" || r.Votes[1].Organisation != "OSCE" {
		t.Fatalf("votes = %+v", r.Votes)
	}
	pos := map[string]Position{}
	for _, p := range r.Positions {
		pos[p.Organisation+" "+p.DelegationName] = p
	}
	rus := pos["CSTO Russian Federation"]
	if rus.Vote != "yes" || rus.Delegation != "RUS" || rus.Stance == nil || rus.Stance.Sentences != 4 {
		t.Errorf("RUS on CSTO = %+v", rus)
	}
	if geo := pos["CSTO Georgia"]; geo.Vote != "no" || geo.Stance != nil || geo.Delegation != "GEO" {
		t.Errorf("GEO on CSTO = %+v (stance %v)", geo, geo.Stance)
	}
	if aze := pos["CSTO Azerbaijan"]; aze.Vote != "abstain" || aze.Stance == nil || aze.Stance.Neutral != 1 {
		t.Errorf("AZE on CSTO = %+v", aze)
	}
	// Targets restrict votes too; a body filter drops GA votes.
	r, err = Build(rows, votes, Options{Targets: []string{"OSCE"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Votes) != 1 || r.Votes[0].Organisation != "OSCE" {
		t.Errorf("OSCE votes = %+v", r.Votes)
	}
	// A vote without a subject is matched on its meeting's agenda when the
	// agenda names one organisation only.
	extra := VotesWithMeetings([]unpv.Vote{
		{Symbol: "A/73/PV.101", InFavour: []string{"Kyrgyzstan"}},
		{Symbol: "A/71/PV.50", InFavour: []string{"Kyrgyzstan"}},
	}, []unpv.Meeting{
		{Symbol: "A/73/PV.101", Date: "2019-07-25", Agenda: "Cooperation between the United Nations and regional and other organizations: cooperation between the United Nations and the Collective Security Treaty Organization"},
		{Symbol: "A/71/PV.50", Date: "2016-11-21", Agenda: "Cooperation between the United Nations and the Commonwealth of Independent States, the Shanghai Cooperation Organization and the Collective Security Treaty Organization"},
	})
	if extra[0].Body != unpv.GeneralAssembly || extra[0].Date != "2019-07-25" {
		t.Errorf("VotesWithMeetings = %+v", extra[0])
	}
	r, err = Build(rows, extra, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Votes) != 1 || r.Votes[0].Symbol != "A/73/PV.101" || r.Votes[0].Organisation != "CSTO" {
		t.Errorf("agenda-matched votes = %+v", r.Votes)
	}
	r, err = Build(rows, votes, Options{Body: unpv.SecurityCouncil})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Votes) != 0 {
		t.Errorf("SC votes = %+v", r.Votes)
	}
	// Votes read from a file (--votes) are read as rows are: a record's
	// date in ISO, the body from the symbol. A GA vote without a body
	// passed --body SC, and "30 January 2020" stayed as printed in
	// votes.csv and sorted before "2019-…".
	fromFile := []Vote{{Vote: unpv.Vote{Symbol: "A/73/PV.101", Subject: "Cooperation with the CSTO", InFavour: []string{"Kyrgyzstan"}}, Date: "25 July 2019"}}
	r, err = Build(rows, fromFile, Options{Body: unpv.SecurityCouncil})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Votes) != 0 {
		t.Errorf("SC votes with a GA vote read from a file = %+v", r.Votes)
	}
	r, err = Build(rows, fromFile, Options{To: "2019-07"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Votes) != 1 || r.Votes[0].Date != "2019-07-25" || r.Votes[0].Body != unpv.GeneralAssembly || r.Positions[0].Date != "2019-07-25" {
		t.Errorf("vote read from a file = %+v, positions %+v", r.Votes, r.Positions)
	}
}

func TestEmptySelection(t *testing.T) {
	rows, votes := loadFixture(t)
	_, err := Build(nil, votes, Options{})
	if !errors.Is(err, ErrEmptySelection) || !strings.Contains(err.Error(), "no classified sentences at all") {
		t.Errorf("no rows: %v", err)
	}
	_, err = Build(rows, nil, Options{Targets: []string{"ECOWAS"}, Body: unpv.GeneralAssembly})
	if !errors.Is(err, ErrEmptySelection) {
		t.Fatalf("ECOWAS: %v", err)
	}
	for _, want := range []string{"target ECOWAS", "body GA", "59 sentences", "AU, CIS, CSTO, EU, NATO, OSCE, SCO", "dates 2009 to 2023"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
	_, err = Build(rows, nil, Options{From: "2030"})
	if !errors.Is(err, ErrEmptySelection) {
		t.Errorf("from 2030: %v", err)
	}
	if _, err := WriteDefault(t.Context(), t.TempDir(), nil, nil); !errors.Is(err, ErrEmptySelection) {
		t.Errorf("WriteDefault: %v", err)
	}
}

// TestNoData: organisations and delegations asked for but absent are
// listed, not dropped, and every output says so; a delegation asked for by
// a name the table knows is listed under its code and name. One asked for
// by another name of a code with data ("russia" for RUS) has data: no
// "no data" entry or note (there were both).
func TestNoData(t *testing.T) {
	rows, _ := loadFixture(t)
	r, err := Build(rows, nil, Options{Targets: []string{"CSTO", "ecowas"}, Delegations: []string{"russia", "KGZ", "Zaire"}})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, o := range r.Orgs {
		names = append(names, o.Acronym)
		if (o.Acronym == "ECOWAS") != o.NoData {
			t.Errorf("%s NoData = %v", o.Acronym, o.NoData)
		}
	}
	if d := cmp.Diff([]string{"CSTO", "ECOWAS"}, names); d != "" {
		t.Errorf("orgs: %s", d)
	}
	var noData []string
	for _, d := range r.Delegations {
		if d.NoData {
			noData = append(noData, d.Code+" "+d.Name)
		}
	}
	if d := cmp.Diff([]string{"COD Democratic Republic of the Congo"}, noData); d != "" {
		t.Errorf("delegations without data (-want +got):\n%s", d)
	}
	if hasNote(r, "delegation russia") || !hasNote(r, "No classified sentence by delegation Zaire") {
		t.Errorf("notes %q", r.Notes)
	}
	var html, md bytes.Buffer
	if err := r.WriteHTML(&html); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{html.String(), md.String()} {
		if !strings.Contains(out, "No classified sentence about ECOWAS") || !strings.Contains(out, "Zaire") {
			t.Errorf("output does not report the missing organisation and delegation")
		}
	}
	if strings.Contains(html.String(), `id="series-ECOWAS"`) {
		t.Error("an empty chart was drawn for ECOWAS")
	}
}

func TestHTMLEscaping(t *testing.T) {
	evil := row("S/PV.666#1", `"><img src=x onerror=alert(1)>`, "AU", "2020-01-01", R, unpv.RelThird)
	evil.Sentence = `We support the <script>alert("AU")</script> mission & more`
	evil.Speaker = `Mr. <b>Bold</b>`
	evil.SpeakerName = `</title><script>x()</script>`
	evil.Delegation = `Evil <i>land</i>`
	r, err := Build([]Row{evil}, nil, Options{Title: `Report <script>t()</script>`})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, bad := range []string{`<script>alert`, `<img src=x`, `<i>land`, `<script>x()`, `<script>t()`} {
		if strings.Contains(out, bad) {
			t.Errorf("HTML contains unescaped %q", bad)
		}
	}
	if !strings.Contains(out, `&lt;script&gt;alert(&#34;AU&#34;)&lt;/script&gt; mission &amp; more`) {
		t.Error("escaped sentence not found")
	}
	if strings.Count(out, "<script>") != 1 {
		t.Errorf("want exactly the one inline script, got %d", strings.Count(out, "<script>"))
	}
	var md bytes.Buffer
	if err := r.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(md.String(), "<script>") || strings.Contains(md.String(), "<img") {
		t.Error("Markdown contains raw HTML")
	}
}

func TestCSVGolden(t *testing.T) {
	rows, votes := loadFixture(t)
	r, err := Build(rows, votes, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("..", "testdata", "report", "cells.golden.csv")
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(want), b.String()); d != "" {
		t.Errorf("cells.csv differs from golden (-want +got):\n%s", d)
	}
	stats := "recognition,counter,neutral,building,endorsement,non_state,unattributed,counter_by_members,sentences,speeches,meetings," +
		"net_stance,ci_low,ci_high,recognition_rate,recognition_rate_low,recognition_rate_high,counter_rate,counter_rate_low,counter_rate_high," +
		"small,first_date,last_date,hand_coded"
	headers := map[string]string{
		"cells":    "delegation,delegation_name,speaker_group,organisation,period,period_start,period_end,relation," + stats + ",top_quote,top_quote_label,top_quote_symbol,top_quote_date,top_quote_link",
		"series":   "organisation,body,period,period_start,period_end,speeches_held,sentences_held," + stats,
		"pairs":    "delegation,delegation_name,speaker_group,organisation,relations," + stats,
		"votes":    "organisation,symbol,draft,date,delegation,delegation_name,delegation_as_printed,vote,stance_net,stance_ci_low,stance_ci_high,stance_sentences,stance_speeches,stance_small",
		"quotes":   "delegation,speaker_group,organisation,period,relation,rank,label,confidence,sentence,speaker,delegation_as_printed,symbol,session,date,date_precision,link,sentence_id,evidence,hand_coded,model_label,emergency_session",
		"coverage": "period,body,speeches,sentences",
	}
	for _, table := range Tables {
		var tb bytes.Buffer
		if err := r.WriteTableCSV(&tb, table); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&tb).ReadAll()
		if err != nil {
			t.Fatalf("%s.csv: %v", table, err)
		}
		if got := strings.Join(recs[0], ","); got != headers[table] {
			t.Errorf("%s.csv header (documented in docs/reports.md) changed:\n got %s\nwant %s", table, got, headers[table])
		}
		if len(recs) < 2 && table != "coverage" { // rows from a file: coverage unknown
			t.Errorf("%s.csv has no rows", table)
		}
		for i, rec := range recs {
			if len(rec) != len(recs[0]) {
				t.Errorf("%s.csv row %d has %d fields", table, i, len(rec))
			}
		}
	}
}

// TestDeterministic: the same rows in another order give the same report.
func TestDeterministic(t *testing.T) {
	rows, votes := loadFixture(t)
	for _, by := range []Period{ByYear, BySession, ByMeeting} {
		t.Run(string(by), func(t *testing.T) { testDeterministic(t, rows, votes, by) })
	}
}

func testDeterministic(t *testing.T, rows []Row, votes []Vote, by Period) {
	out := func(rows []Row) string {
		r, err := Build(rows, votes, Options{By: by})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := r.WriteJSON(&b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	a := out(rows)
	shuffled := append([]Row(nil), rows...)
	rand.New(rand.NewPCG(9, 9)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	if d := cmp.Diff(a, out(shuffled)); d != "" {
		t.Errorf("order changed the report:\n%s", d)
	}
}

func TestQuotesKeepCounterEvidence(t *testing.T) {
	var rows []Row
	for i := range 5 {
		r := row("S/PV.1#1", "RUS", "EU", "2020-01-01", R, unpv.RelThird)
		r.Confidence = 0.9 + float64(i)/100
		r.SentenceID = "S/PV.1#1." + string(rune('a'+i))
		rows = append(rows, r)
	}
	c := row("S/PV.1#2", "RUS", "EU", "2020-01-01", C, unpv.RelThird)
	c.Confidence = 0.51
	rows = append(rows, c, row("S/PV.1#3", "RUS", "EU", "2020-01-01", N, unpv.RelThird))
	r, err := Build(rows, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	q := r.Cells[0].Quotes
	if len(q) != 3 || !near(q[0].Confidence, 0.94) || q[1].Label != C || q[2].Confidence != 0.93 {
		t.Errorf("quotes = %+v", q)
	}
}

func TestWriteFiles(t *testing.T) {
	rows, votes := loadFixture(t)
	dir := t.TempDir()
	paths, err := WriteDefault(t.Context(), dir, rows, votes)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range paths {
		names = append(names, filepath.Base(p))
	}
	var pages []string
	for _, n := range names {
		if strings.HasPrefix(n, "delegation-") {
			pages = append(pages, n)
		}
	}
	want := append(append([]string{"report.html"}, pages...), "cells.csv", "series.csv", "pairs.csv", "votes.csv", "quotes.csv", "coverage.csv",
		ProvenanceFile, "report.json", "report.md")
	if d := cmp.Diff(want, names); d != "" {
		t.Errorf("files: %s", d)
	}
	if len(pages) < 10 || !slices.Contains(pages, "delegation-RUS.html") {
		t.Errorf("delegation pages: %v", pages)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	r, _ := Build(rows, votes, Options{})
	if _, err := r.WriteFiles(dir, []string{"pdf"}); err == nil {
		t.Error("unknown format accepted")
	}
}

// TestExportedRows: rows as `unpv classify --in` writes them (no speech id,
// record-style dates, no body, a speaker label instead of a code) are
// normalised, each row is its own speech, and the caller's rows are kept.
func TestExportedRows(t *testing.T) {
	in := `{"sentence":"We support the African Union.","target":"AU","label":"recognition","confidence":0.9,"speaker":"Mr. Baati (Tunisia)","symbol":"S/PV.8710","date":"30 January 2020"}
{"sentence":"The AU met.","target":"AU","label":"neutral","confidence":0.8,"speaker":"Mr. Baati (Tunisia)","symbol":"S/PV.8710","date":"30 January 2020"}
{"sentence":"We commend the AU.","target":"AU","label":"recognition","confidence":0.7,"speaker":"KEN","symbol":"A/75/PV (general debate)","date":"2020"}
`
	rows, _, err := ReadRows(strings.NewReader(in), 0)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Build(rows, nil, Options{From: "2020-01", To: "2020-01-31", Body: unpv.SecurityCouncil})
	if err != nil {
		t.Fatal(err)
	}
	if r.Total.Sentences != 2 || r.Total.Speeches != 2 || r.Total.FirstDate != "2020-01-30" || r.Periods[0] != "2020" {
		t.Errorf("total = %+v, periods %v", r.Total, r.Periods)
	}
	if len(r.Notes) == 0 || !strings.Contains(r.Notes[0], "2 mentions had no speech or sentence id") {
		t.Errorf("notes = %q", r.Notes)
	}
	if rows[0].Date != "30 January 2020" || rows[0].Body != "" {
		t.Error("Build changed the caller's rows")
	}
	// One malformed line (and one over the line limit) is skipped and
	// reported; the rows around it are read (issue 14: it aborted the report).
	in = "{\"target\":\"AU\"}\nnot json\n{\"target\":\"EU\",\"sentence\":\"" + strings.Repeat("x", 200) + "\"}\n{\"target\":\"CSTO\"}\n"
	rows, bad, err := ReadRows(strings.NewReader(in), 100)
	if err != nil || len(rows) != 2 || rows[1].Target != "CSTO" || len(bad) != 2 ||
		!strings.Contains(bad[0].Error(), "line 2") || !strings.Contains(bad[1].Error(), "line 3: longer than 100 B") {
		t.Errorf("bad lines: rows %v, bad %v, err %v", rows, bad, err)
	}
}

// TestAnonymousRowsApart: rows without a speech or sentence id are
// speeches named by their content; the same sentence by the same speaker
// on two days (a delegation's stock phrase, classify --in lines without a
// symbol) is two speeches, not one (it was one: the date was not part of
// the name).
func TestAnonymousRowsApart(t *testing.T) {
	in := `{"sentence":"We support the AU.","target":"AU","label":"recognition","confidence":0.9,"speaker":"KEN","date":"2019"}
{"sentence":"We support the AU.","target":"AU","label":"recognition","confidence":0.9,"speaker":"KEN","date":"2020"}
{"sentence":"We support the AU.","target":"AU","label":"recognition","confidence":0.9,"speaker":"KEN","date":"2020"}
`
	rows, bad, err := ReadRows(strings.NewReader(in), 0)
	if err != nil || len(bad) > 0 {
		t.Fatal(err, bad)
	}
	r, err := Build(rows, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Total.Sentences != 3 || r.Total.Speeches != 2 {
		t.Errorf("%d sentences in %d speeches, want 3 in 2", r.Total.Sentences, r.Total.Speeches)
	}
}

// TestExportedRowOrganisations: rows read from a file name an organisation
// as un names it in any way (a predecessor, a name, any case); each counts
// for the acronym, with its membership table and under --target. "OAU" and
// "csce" were organisations of their own with no known relation, and
// --target OAU (read as AU) found none of the OAU rows. A delegation code
// in another case ("fra") is the table's (it was a delegation "fra" of
// unknown kind).
func TestExportedRowOrganisations(t *testing.T) {
	in := `{"sentence":"x","target":"OAU","label":"recognition","confidence":0.9,"speaker":"KEN","date":"1990"}
{"sentence":"y","target":"AU","label":"counter","confidence":0.9,"speaker":"KEN","date":"2020"}
{"sentence":"z","target":"Conference on Security and Co-operation in Europe","label":"neutral","confidence":0.9,"speaker":"FRA","date":"1990"}
{"sentence":"w","target":"csce","label":"neutral","confidence":0.9,"delegation_code":"fra","date":"1991"}
`
	rows, bad, err := ReadRows(strings.NewReader(in), 0)
	if err != nil || len(bad) > 0 {
		t.Fatal(err, bad)
	}
	for _, tc := range []struct {
		targets []string
		want    []string // organisation relation sentences, per cell
	}{
		{nil, []string{"AU member 1", "AU member 1", "OSCE member 1", "OSCE member 1"}},
		{[]string{"OAU"}, []string{"AU member 1", "AU member 1"}},
		{[]string{"CSCE"}, []string{"OSCE member 1", "OSCE member 1"}},
	} {
		t.Run(strings.Join(tc.targets, ","), func(t *testing.T) {
			r, err := Build(rows, nil, Options{Targets: tc.targets, DelegationCode: un.DelegationCode, Relation: un.Relation})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range r.Cells {
				got = append(got, fmt.Sprintf("%s %s %d", c.Organisation, c.Relation, c.Sentences))
				if c.SpeakerGroup != un.GroupState || (c.Delegation != "KEN" && c.Delegation != "FRA") {
					t.Errorf("cell of %q (%s)", c.Delegation, c.SpeakerGroup)
				}
			}
			slices.Sort(got)
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("cells (-want +got):\n%s", d)
			}
		})
	}
}

// TestExportedRowDates: rows and votes read with the dates every command
// reads (unpv.ParseDate): a month as records print it is that month; a
// placeholder or a date no command reads is a bad line, as in classify
// --in (0000 was counted in a period "0000", banana in "unknown").
func TestExportedRowDates(t *testing.T) {
	for _, tc := range []struct {
		date, period string // period "" = a bad line
	}{
		{"January 2020", "2020"},
		{"Jan 30, 2020", "2020"},
		{"31 December 1991", "1991"},
		{"", "unknown"},
		{"0000", ""},
		{"banana", ""},
		{"2020-02-30", ""},
	} {
		t.Run(tc.date, func(t *testing.T) {
			line := `{"sentence":"We support the AU.","target":"AU","label":"recognition","confidence":0.9,"speaker":"KEN","date":"` + tc.date + `"}`
			rows, bad, err := ReadRows(strings.NewReader(line+"\n"), 0)
			if err != nil {
				t.Fatal(err)
			}
			votes, badVotes, err := ReadVotes(strings.NewReader(`{"symbol":"S/PV.1","date":"`+tc.date+`"}`+"\n"), 0)
			if err != nil {
				t.Fatal(err)
			}
			if tc.period == "" {
				if len(rows) != 0 || len(bad) != 1 || !strings.Contains(bad[0].Error(), `line 1: "date"`) || len(votes) != 0 || len(badVotes) != 1 {
					t.Errorf("rows %v bad %v, votes %v bad %v; want one bad line each", rows, bad, votes, badVotes)
				}
				return
			}
			if len(bad) != 0 || len(badVotes) != 0 {
				t.Fatalf("bad %v %v", bad, badVotes)
			}
			r, err := Build(rows, nil, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff([]string{tc.period}, r.Periods); d != "" {
				t.Errorf("periods (-want +got):\n%s", d)
			}
		})
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 349688: "349,688", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestChartsGapsAndCoverage: a chart draws a point only where the
// organisation was named, joins only consecutive years (2014 and 2015, not
// 2005 and 2014), and its coverage strip hatches the years without records
// and says what the others hold.
func TestChartsGapsAndCoverage(t *testing.T) {
	rows := []Row{
		row("A/60/PV.25#1", "RUS", "CSTO", "2005-09-20", R, unpv.RelMember),
		row("A/69/PV.7#1", "RUS", "CSTO", "2014-09-25", R, unpv.RelMember),
		row("A/70/PV.16#1", "RUS", "CSTO", "2015-09-28", C, unpv.RelMember),
		row("S/PV.8711#3", "RUS", "CSTO", "2020-01-30", N, unpv.RelMember),
	}
	held := []Held{
		{Symbol: "A/60/PV.25", Date: "2005-09-20", Body: unpv.GeneralAssembly, DelegationCode: "RUS", Speeches: 9, Sentences: 280},
		{Symbol: "A/69/PV.7", Date: "2014-09-25", Body: unpv.GeneralAssembly, DelegationCode: "RUS", Speeches: 19, Sentences: 1888},
		{Symbol: "A/70/PV.16", Date: "2015-09-28", Body: unpv.GeneralAssembly, DelegationCode: "RUS", Speeches: 18, Sentences: 1851},
		{Symbol: "A/71/PV.20", Date: "2016-09-21", Body: unpv.GeneralAssembly, DelegationCode: "RUS", Speeches: 19, Sentences: 1891},
		{Symbol: "S/PV.8711", Date: "2020-01-30", Body: unpv.SecurityCouncil, DelegationCode: "RUS", Speeches: 1600, Sentences: 34706},
	}
	r, err := Build(rows, nil, Options{Coverage: held})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]Coverage{
		{Period: "2020", Body: unpv.SecurityCouncil, Speeches: 1600, Sentences: 34706},
		{Period: "2005", Body: unpv.GeneralAssembly, Speeches: 9, Sentences: 280},
		{Period: "2014", Body: unpv.GeneralAssembly, Speeches: 19, Sentences: 1888},
		{Period: "2015", Body: unpv.GeneralAssembly, Speeches: 18, Sentences: 1851},
		{Period: "2016", Body: unpv.GeneralAssembly, Speeches: 19, Sentences: 1891},
	}, r.Coverage); d != "" {
		t.Errorf("coverage (-want +got):\n%s", d)
	}
	if p := r.Orgs[0].Series; len(p) != 4 || p[0].Body != unpv.SecurityCouncil || p[0].SpeechesHeld != 1600 || p[1].Period != "2005" || p[1].SpeechesHeld != 9 {
		t.Errorf("series = %+v", p)
	}
	ax := newPeriodAxis(r.Periods, r.Selection.By)
	ga := newRatePanel("x", "CSTO", "General Assembly", unpv.GeneralAssembly, ax, r.Orgs[0].Series, r.Coverage, true)
	for _, l := range ga.Lines {
		if len(l.Points) != 3 || len(l.Segments) != 1 || strings.Count(l.Segments[0], ",") != 2 {
			t.Errorf("%s: %d points, segments %q; want 3 points and one segment 2014–2015", l.Name, len(l.Points), l.Segments)
		}
	}
	var nodata, heldYears []string
	for i, c := range ga.Strip {
		switch {
		case c.NoData:
			nodata = append(nodata, ax.periods[i])
		case c.Held != "":
			heldYears = append(heldYears, ax.periods[i]+":"+c.Held+"/"+c.Mentions)
		}
	}
	if d := cmp.Diff([]string{"2005:9/1", "2014:19/1", "2015:18/1", "2016:19/0"}, heldYears); d != "" {
		t.Errorf("held (-want +got):\n%s", d)
	}
	if len(nodata) != 16-4+1-1 { // 2005–2020 without 2005, 2014, 2015, 2016
		t.Errorf("years without records: %v", nodata)
	}
	sc := newRatePanel("y", "CSTO", "Security Council", unpv.SecurityCouncil, ax, r.Orgs[0].Series, r.Coverage, true)
	if last := sc.Strip[len(sc.Strip)-1]; last.Held != "1.6k" || last.Mentions != "1" || !strings.Contains(last.Title, "1,600 speeches (34,706 sentences)") {
		t.Errorf("2020 SC cell = %+v", last)
	}
	// One speech in a period is "1 speech" in the tooltip ("1 speeches" before).
	one := newRatePanel("y", "CSTO", "Security Council", unpv.SecurityCouncil, ax, r.Orgs[0].Series, []Coverage{{Period: "2020", Body: unpv.SecurityCouncil, Speeches: 1, Sentences: 1}}, true)
	if last := one.Strip[len(one.Strip)-1]; !strings.Contains(last.Title, "holds 1 speech (1 sentence)") {
		t.Errorf("2020 SC cell with one speech = %+v", last)
	}
	if ga.XCaption != "x: calendar year" || !strings.Contains(ga.Lines[0].Points[0].Title, "CSTO GA 2005:") {
		t.Errorf("by year: caption %q, point %q", ga.XCaption, ga.Lines[0].Points[0].Title)
	}
	// By session the axis says what its numbers are and each tooltip gives
	// the session's days (a bare "74" read as a year).
	rs, err := Build(rows, nil, Options{Coverage: held, By: BySession})
	if err != nil {
		t.Fatal(err)
	}
	sax := newPeriodAxis(rs.Periods, rs.Selection.By)
	gs := newRatePanel("z", "CSTO", "General Assembly", unpv.GeneralAssembly, sax, rs.Orgs[0].Series, rs.Coverage, true)
	if gs.XCaption != "x: General Assembly session (September to September)" {
		t.Errorf("by session: caption %q", gs.XCaption)
	}
	if p := gs.Lines[0].Points[0].Title; !strings.HasPrefix(p, "CSTO GA session 60 (2005-09-13 to 2006-09-11): ") {
		t.Errorf("by session: first point %q", p)
	}
	if c := gs.Strip[0].Title; !strings.HasPrefix(c, "GA session 60 (2005-09-13 to 2006-09-11): the corpus holds 9 speeches") {
		t.Errorf("by session: first strip cell %q", c)
	}
}

// TestStanceIntervals: one set of draws gives the three measures: the net
// stance's interval depends on R − C only, and the rates' intervals are
// the net stance's of their counts alone (counter's negated).
func TestStanceIntervals(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	n := 120
	r, c, m, d := make([]int32, n), make([]int32, n), make([]int32, n), make([]int32, n)
	for i := range n {
		m[i] = int32(1 + rng.IntN(6))
		r[i] = int32(rng.IntN(int(m[i]) + 1))
		c[i] = int32(rng.IntN(int(m[i]-r[i]) + 1))
		d[i] = r[i] - c[i]
	}
	b := &booter{}
	net, rec, ctr := b.stanceIntervals(r, c, m, 1000, 11)
	// The net stance's interval depends on d = r − c only.
	lo, hi := b.interval(d, m, 1000, 11)
	if net != [2]float64{lo, hi} {
		t.Errorf("net %v, from d alone [%v, %v]", net, lo, hi)
	}
	// The same draws: recognition's interval is the net stance's of (R, 0),
	// counter's the negated net stance's of (0, C).
	zero := make([]int32, n)
	if rnet, _, _ := b.stanceIntervals(r, zero, m, 1000, 11); rnet != rec {
		t.Errorf("recognition %v, net of (R, 0) %v", rec, rnet)
	}
	// (Negating moves a percentile by one rank of 1000: equal to 0.01.)
	if cnet, _, _ := b.stanceIntervals(zero, c, m, 1000, 11); math.Abs(cnet[0]+ctr[1]) > 0.01 || math.Abs(cnet[1]+ctr[0]) > 0.01 {
		t.Errorf("counter %v, net of (0, C) %v", ctr, cnet)
	}
	if rec[0] < 0 || rec[1] > 1 || ctr[0] < 0 || rec[0] > rec[1] || ctr[0] > ctr[1] {
		t.Errorf("rates %v %v", rec, ctr)
	}
}

func TestPercentilesSelect(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	for _, n := range []int{1, 2, 3, 10, 40, 41, 1000} {
		for range 20 {
			v := make([]float64, n)
			for i := range v {
				v[i] = float64(rng.IntN(7)) / 3 // many ties
			}
			sorted := slices.Clone(v)
			slices.Sort(sorted)
			want := [2]float64{sorted[percentileIndex(0.025, n)], sorted[percentileIndex(0.975, n)]}
			if got := percentiles(v); got != want {
				t.Fatalf("n=%d: %v, want %v", n, got, want)
			}
		}
	}
}

// TestQuotesOneLine: a sentence imported from a PDF keeps the record's line
// breaks, tabs, double and non-breaking spaces; every output shows its
// quotes (sentence, evidence, speaker) as one line of running text.
func TestQuotesOneLine(t *testing.T) {
	in := row("A/70/PV (general debate)#1", "KAZ", "CIS", "2015", R, unpv.RelMember)
	in.Sentence = "Trade relations in the whole Commonwealth \nof Independent States (CIS)  region\u00a0have been\taffected, \r\nbut we remain committed."
	in.Evidence = "Commonwealth \nof Independent States"
	in.Speaker = "Mr. Abdrakhmanov\n(Kazakhstan)"
	const sentence = "Trade relations in the whole Commonwealth of Independent States (CIS) region have been affected, but we remain committed."
	r, err := Build([]Row{in}, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	type text struct{ Sentence, Evidence, Speaker string }
	want := text{sentence, "Commonwealth of Independent States", "Mr. Abdrakhmanov (Kazakhstan)"}
	for _, c := range r.Cells {
		for _, q := range c.Quotes {
			if d := cmp.Diff(want, text{q.Sentence, q.Evidence, q.Speaker}); d != "" {
				t.Errorf("cell %s/%s quote (-want +got):\n%s", c.Delegation, c.Organisation, d)
			}
		}
	}
	for _, tc := range []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"cells.csv", func(b *bytes.Buffer) error { return r.WriteCSV(b) }},
		{"quotes.csv", func(b *bytes.Buffer) error { return r.WriteTableCSV(b, "quotes") }},
		{"report.json", func(b *bytes.Buffer) error { return r.WriteJSON(b) }},
		{"report.md", func(b *bytes.Buffer) error { return r.WriteMarkdown(b) }},
		{"report.html", func(b *bytes.Buffer) error { return r.WriteHTML(b) }},
		{"delegation page", func(b *bytes.Buffer) error { return r.WriteDelegationHTML(b, "KAZ", "report.html") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.write(&b); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			if !strings.Contains(out, sentence) {
				t.Errorf("the quote is not shown as one line %q", sentence)
			}
			for _, raw := range []string{"Commonwealth \nof", `Commonwealth \nof`, "(CIS)  region", "\u00a0", "been\taffected"} {
				if strings.Contains(out, raw) {
					t.Errorf("output keeps the record's white space %q", raw)
				}
			}
		})
	}
}

// TestMeetingsWithoutMeeting: rows that name no meeting (and no record
// symbol), as `unpv classify --in` writes them, do not collapse into one
// meeting: each speech among them counts as a meeting of its own, and the
// notes say so.
func TestMeetingsWithoutMeeting(t *testing.T) {
	anon := func(id, date string) Row {
		r := row("x", "RUS", "CSTO", date, R, unpv.RelMember)
		r.SpeechID, r.SentenceID, r.Symbol, r.Meeting, r.Body = id, "", "", "", ""
		r.Sentence = "We support the CSTO " + date + "."
		return r
	}
	type counts struct{ Sentences, Speeches, Meetings int }
	for _, tc := range []struct {
		name string
		rows []Row
		want counts
		note string
	}{
		{"three rows, no ids", []Row{anon("", "2019"), anon("", "2021-03-04"), anon("", "2022-01-08")},
			counts{3, 3, 3}, "3 mentions named no meeting or record; the speech of each was counted as a meeting of its own"},
		{"one speech, no meeting", []Row{anon("sp1", "2019"), anon("sp1", "2019")},
			counts{2, 1, 1}, "2 mentions named no meeting"},
		{"beside a known meeting", []Row{row("S/PV.8000#1", "RUS", "CSTO", "2017-06-01", R, unpv.RelMember),
			row("S/PV.8000 (Resumption 1)#2", "RUS", "CSTO", "2017-06-02", R, unpv.RelMember), anon("", "2019")},
			counts{3, 3, 2}, "1 mention named no meeting"},
		{"every meeting known", []Row{row("S/PV.8000#1", "RUS", "CSTO", "2017-06-01", R, unpv.RelMember),
			row("S/PV.8001#1", "RUS", "CSTO", "2017-06-02", R, unpv.RelMember)},
			counts{2, 2, 2}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Build(tc.rows, nil, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, counts{r.Total.Sentences, r.Total.Speeches, r.Total.Meetings}); d != "" {
				t.Errorf("total (-want +got):\n%s", d)
			}
			cell := findCell(t, r, "RUS", "CSTO", r.Periods[len(r.Periods)-1], unpv.RelMember)
			if cell.Meetings > cell.Speeches || cell.Meetings == 0 {
				t.Errorf("cell %s: %d meetings for %d speeches", cell.Period, cell.Meetings, cell.Speeches)
			}
			if got := hasNote(r, "named no meeting"); got != (tc.note != "") || (tc.note != "" && !hasNote(r, tc.note)) {
				t.Errorf("notes %q, want one with %q", r.Notes, tc.note)
			}
		})
	}
}

// TestRowsWithoutOrganisation: `unpv classify --in` writes a sentence that
// names no organisation back with no_organisation and no target or label;
// a report read from that output leaves such rows out and says how many,
// and a file of nothing else is an empty selection that says why.
func TestRowsWithoutOrganisation(t *testing.T) {
	const (
		au   = `{"sentence":"We support the AU.","target":"AU","label":"recognition","confidence":0.9,"speaker":"KEN","date":"2020"}`
		none = `{"sentence":"Nothing to see here.","no_organisation":true,"model":"m","speaker":"KEN","date":"2020"}`
	)
	for _, tc := range []struct {
		name      string
		in        string
		sentences int
		note, err string
	}{
		{"one of two", au + "\n" + none + "\n", 1, "1 sentence named no organisation and was not counted", ""},
		{"none named", none + "\n" + none + "\n", 0, "", "none of the 2 rows names an organisation"},
		{"all named", au + "\n", 1, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, bad, err := ReadRows(strings.NewReader(tc.in), 0)
			if err != nil || len(bad) > 0 {
				t.Fatal(err, bad)
			}
			r, err := Build(rows, nil, Options{})
			if tc.err != "" {
				if !errors.Is(err, ErrEmptySelection) || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want empty selection with %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Total.Sentences != tc.sentences {
				t.Errorf("%d sentences counted, want %d", r.Total.Sentences, tc.sentences)
			}
			if got := hasNote(r, "named no organisation"); got != (tc.note != "") || (tc.note != "" && !hasNote(r, tc.note)) {
				t.Errorf("notes %q, want one with %q", r.Notes, tc.note)
			}
		})
	}
}

// TestMinConfidenceOption: Options.MinConfidence is from 0 to 1 (NaN
// would leave out nothing and record a threshold JSON cannot hold); 1 keeps
// only hand-coded labels and any the model gave 1.
func TestMinConfidenceOption(t *testing.T) {
	model := row("S/PV.1#1", "RUS", "CSTO", "2020-01-01", R, unpv.RelMember)
	hand := row("S/PV.1#2", "RUS", "CSTO", "2020-01-01", C, unpv.RelMember)
	hand.Hand, hand.ModelLabel = true, R
	for _, tc := range []struct {
		min  float64
		kept int // -1: refused
	}{{0, 2}, {0.5, 2}, {0.9, 2}, {0.95, 1}, {1, 1}, {1.01, -1}, {-0.1, -1}, {math.NaN(), -1}, {math.Inf(1), -1}} {
		t.Run(fmt.Sprint(tc.min), func(t *testing.T) {
			r, err := Build([]Row{model, hand}, nil, Options{MinConfidence: tc.min})
			switch {
			case tc.kept < 0:
				if err == nil || !strings.Contains(err.Error(), "want from 0 to 1") {
					t.Errorf("MinConfidence %v accepted: %v", tc.min, err)
				}
			case err != nil:
				t.Errorf("MinConfidence %v: %v", tc.min, err)
			case r.Total.Sentences != tc.kept:
				t.Errorf("MinConfidence %v kept %d sentences, want %d", tc.min, r.Total.Sentences, tc.kept)
			}
		})
	}
}

// TestSummaryWording: the totals line counts in the right number and names
// the period even when rows gave no date ("1 meetings", "( to )" before).
func TestSummaryWording(t *testing.T) {
	one := row("S/PV.8000#1", "RUS", "CSTO", "2017-06-01", R, unpv.RelMember)
	undated := one
	undated.Date = ""
	other := row("S/PV.8001#1", "RUS", "CSTO", "2018-06-01", R, unpv.RelMember)
	for _, tc := range []struct {
		name string
		rows []Row
		want string
	}{
		{"one of each", []Row{one}, "**1 classified mention** (1 sentence; a sentence naming two organisations is a mention of each) in 1 speech at 1 meeting (2017-06-01)"},
		{"two", []Row{one, other}, "**2 classified mentions** (2 sentences; a sentence naming two organisations is a mention of each) in 2 speeches at 2 meetings (2017-06-01 to 2018-06-01)"},
		{"no date", []Row{undated}, "at 1 meeting (dates unknown)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Build(tc.rows, nil, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var md, html strings.Builder
			if err := r.WriteMarkdown(&md); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(md.String(), tc.want) {
				t.Errorf("Markdown lacks %q:\n%.1500s", tc.want, md.String())
			}
			if err := r.WriteHTML(&html); err != nil {
				t.Fatal(err)
			}
			for _, bad := range []string{"( to )", " 1 meetings", " 1 speeches", " 1 sentences", "All 1 labels"} {
				if strings.Contains(html.String(), bad) || strings.Contains(md.String(), bad) {
					t.Errorf("report holds %q", bad)
				}
			}
		})
	}
}

// TestFilterByNames: a delegation or organisation given by name keeps every
// row of its code, whatever name the record printed ("Russian Federation"
// kept only the rows printed so, dropping "Russia"; "Council of Europe"
// kept nothing).
func TestFilterByNames(t *testing.T) {
	printed := func(id, name, target string) Row {
		r := row(id, "RUS", target, "2019", R, unpv.RelMember)
		r.Delegation = name
		return r
	}
	soviet := func(id, name string) Row {
		r := row(id, "RUS", "NATO", "1965", R, unpv.RelThird)
		r.Delegation = name
		return r
	}
	rows := []Row{
		printed("A/74/PV.1#1", "Russian Federation", "CSTO"),
		printed("A/74/PV.2#1", "Russia", "CSTO"),
		printed("A/74/PV.3#1", "Russia", "CoE"),
		row("A/74/PV.4#1", "FRA", "CoE", "2019", R, unpv.RelMember),
		// Rows filed under RUS that print one of the names of SUN, as a
		// store held the General Debate Corpus's Soviet statements before
		// they were filed under SUN (corpora.PlaceStatement), or a slip.
		soviet("A/20/PV (general debate)#12733", "Union of Soviet Socialist Republics"),
		soviet("A/40/PV (general debate)#12733", "USSR"),
	}
	for _, tc := range []struct {
		name                string
		delegations, target []string
		want                int // sentences kept
	}{
		{"delegation by name", []string{"Russian Federation"}, nil, 5},
		{"delegation by code", []string{"rus"}, nil, 5},
		{"delegation by another name", []string{"Russia"}, nil, 5},
		// Every name of the code the rows print gives the same rows
		// (before: 1, 1, 0 and 0).
		{"printed name of another code", []string{"Union of Soviet Socialist Republics"}, nil, 2},
		{"printed name of another code, another form", []string{"USSR"}, nil, 2},
		{"a name of that code not printed", []string{"Soviet Union"}, nil, 2},
		{"that code", []string{"SUN"}, nil, 2},
		{"organisation by name", nil, []string{"Council of Europe"}, 2},
		{"organisation in another case", nil, []string{"COE"}, 2},
		{"both", []string{"Russian Federation"}, []string{"Council of Europe"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Build(rows, nil, Options{Delegations: tc.delegations, Targets: tc.target})
			if err != nil {
				t.Fatal(err)
			}
			if r.Total.Sentences != tc.want {
				t.Errorf("%d sentences kept, want %d", r.Total.Sentences, tc.want)
			}
		})
	}
}

// TestUnknownFilter: a target or delegation that names nothing — neither in
// un's tables nor in the rows — is ErrUnknownFilter (the command line's
// exit 2, as search refuses the same value), not an empty selection (exit
// 1) or a "no data" entry; a value the tables know but the rows lack is an
// empty selection or "no data", and a value only the rows hold (a
// non-codebook target, a delegation as printed) is reported.
func TestUnknownFilter(t *testing.T) {
	rows := []Row{
		row("S/PV.1#1", "KEN", "AU", "2020-01-01", R, unpv.RelMember),
		row("S/PV.1#2", "", "GUAM", "2020-01-01", R, ""),
	}
	rows[1].Delegation = "Atlantis"
	for _, tc := range []struct {
		name              string
		targets, delegs   []string
		unknown, emptySel bool
	}{
		{"unknown target", []string{"XYZ"}, nil, true, false},
		{"one unknown target of two", []string{"AU", "XYZ"}, nil, true, false},
		{"unknown delegation", nil, []string{"XXX"}, true, false},
		{"known target without data", []string{"CSTO"}, nil, false, true},
		{"known delegation without data", nil, []string{"Zaire"}, false, true},
		{"target only the rows hold", []string{"guam"}, nil, false, false},
		{"delegation as printed only", nil, []string{"atlantis"}, false, false},
		{"name of a code the rows hold", []string{"African Union"}, []string{"Kenya"}, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Build(rows, nil, Options{Targets: tc.targets, Delegations: tc.delegs})
			if got := errors.Is(err, ErrUnknownFilter); got != tc.unknown {
				t.Errorf("err = %v, want ErrUnknownFilter %v", err, tc.unknown)
			}
			if got := errors.Is(err, ErrEmptySelection); got != tc.emptySel {
				t.Errorf("err = %v, want ErrEmptySelection %v", err, tc.emptySel)
			}
		})
	}
}

// TestJSONShape: report.json has the same shape whatever the data: every
// list is a list ([] when empty: votes and positions were null when no vote
// named an organisation, an organisation without data had null series and
// quotes, empty ranked lists were left out), and what the corpus holds is
// null when the input gives no coverage, as the CSV leaves it empty (it
// was 0: "the corpus holds no speeches").
func TestJSONShape(t *testing.T) {
	rows := []Row{row("S/PV.1#1", "KEN", "AU", "2020-01-08", R, unpv.RelMember)}
	for _, tc := range []struct {
		name     string
		coverage []Held
		held     any // speeches_held of the AU's SC point in JSON
		heldCSV  string
		targets  []string
	}{
		{"rows without coverage", nil, nil, "", []string{"AU", "CSTO"}},
		{"store with coverage", []Held{{Symbol: "S/PV.1", Date: "2020-01-08", Body: unpv.SecurityCouncil, Speeches: 12, Sentences: 300}}, 12.0, "12", []string{"AU", "CSTO"}},
		{"nothing to note", []Held{{Symbol: "S/PV.1", Date: "2020-01-08", Body: unpv.SecurityCouncil, Speeches: 12, Sentences: 300}}, 12.0, "12", []string{"AU"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Build(rows, nil, Options{Targets: tc.targets, Coverage: tc.coverage})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := r.WriteJSON(&buf); err != nil {
				t.Fatal(err)
			}
			raw := map[string]any{}
			if err := json.Unmarshal(buf.Bytes(), &raw); err != nil {
				t.Fatal(err)
			}
			// notes and an organisation's votes were left out when empty
			// (omitempty), where the docs promise every list is a list.
			for _, k := range []string{"periods", "organisations", "delegations", "pairs", "cells", "votes", "positions", "coverage", "notes"} {
				if _, ok := raw[k].([]any); !ok {
					t.Errorf("%s = %#v, want a list", k, raw[k])
				}
			}
			for _, o := range raw["organisations"].([]any) {
				o := o.(map[string]any)
				for _, k := range []string{"series", "quotes", "votes", "top_building", "top_endorsement", "top_counter"} {
					if _, ok := o[k].([]any); !ok {
						t.Errorf("%s: %s = %#v, want a list", o["acronym"], k, o[k])
					}
				}
				if o["acronym"] == "AU" {
					p := o["series"].([]any)[0].(map[string]any)
					if p["speeches_held"] != tc.held {
						t.Errorf("AU series speeches_held = %#v, want %#v", p["speeches_held"], tc.held)
					}
				}
			}
			var csvBuf bytes.Buffer
			if err := r.WriteTableCSV(&csvBuf, "series"); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(csvBuf.String()), "\n")
			if f := strings.Split(lines[1], ","); f[5] != tc.heldCSV {
				t.Errorf("series.csv speeches_held = %q, want %q", f[5], tc.heldCSV)
			}
		})
	}
}

// TestCSVColumnsAreJSONKeys: a column of the cells, series and pairs
// tables has the same name as the key of report.json that holds the same
// number, so that a script can move between the two (the net stance was
// "net_stance" in CSV and "net" in JSON). The cells table's top_quote_*
// columns flatten the first of a cell's "quotes" and are left out.
func TestCSVColumnsAreJSONKeys(t *testing.T) {
	var raw struct {
		Cells, Pairs  []map[string]any
		Organisations []struct{ Series []map[string]any }
	}
	r := buildJSON(t, row("S/PV.1#1", "KEN", "AU", "2020-01-08", R, unpv.RelMember), &raw)
	for _, tc := range []struct {
		table string
		obj   map[string]any
		skip  []string // columns whose JSON key differs by design
	}{
		{"cells", raw.Cells[0], []string{"top_quote", "top_quote_label", "top_quote_symbol", "top_quote_date", "top_quote_link"}},
		{"pairs", raw.Pairs[0], nil},
		{"series", raw.Organisations[0].Series[0], []string{"organisation"}}, // the series sits under its organisation
	} {
		t.Run(tc.table, func(t *testing.T) {
			var c bytes.Buffer
			if err := r.WriteTableCSV(&c, tc.table); err != nil {
				t.Fatal(err)
			}
			header := strings.Split(strings.SplitN(c.String(), "\n", 2)[0], ",")
			for _, col := range header {
				if _, ok := tc.obj[col]; !ok && !slices.Contains(tc.skip, col) {
					t.Errorf("%s.csv column %q is no key of its JSON object (keys: %v)", tc.table, col, slices.Sorted(maps.Keys(tc.obj)))
				}
			}
		})
	}
}

// TestVotePositionNames: a position carries the delegation table's name,
// as every other table does, and the voting record's spelling beside it
// (votes.csv gave the record's spelling as delegation_name, so "Turkey"
// and "Türkiye" were one delegation under two names across the tables).
func TestVotePositionNames(t *testing.T) {
	votes := VotesWithMeetings([]unpv.Vote{{Symbol: "A/73/PV.101", Subject: "Cooperation between the United Nations and the OSCE",
		InFavour: []string{"Turkey", "United Kingdom", "Narnia"}}}, nil)
	r, err := Build([]Row{row("S/PV.1#1", "TUR", "OSCE", "2020-01-08", R, unpv.RelMember)}, votes, Options{DelegationCode: un.DelegationCode})
	if err != nil {
		t.Fatal(err)
	}
	type names struct{ Code, Name, Printed string }
	var got []names
	for _, p := range r.Positions {
		got = append(got, names{p.Delegation, p.DelegationName, p.DelegationAsPrinted})
	}
	slices.SortFunc(got, func(a, b names) int { return strings.Compare(a.Code, b.Code) })
	want := []names{{"GBR", "United Kingdom of Great Britain and Northern Ireland", "United Kingdom"}, {"Narnia", "Narnia", "Narnia"}, {"TUR", "Türkiye", "Turkey"}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("positions (-want +got):\n%s", d)
	}
	var b bytes.Buffer
	if err := r.WriteTableCSV(&b, "votes"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), ",TUR,Türkiye,Turkey,yes,") {
		t.Errorf("votes.csv lacks the row TUR,Türkiye,Turkey:\n%s", b.String())
	}
}

// TestVotesFollowDelegationFilter: --delegation keeps the vote positions
// of the delegations it keeps the rows of: by code, by a name the table
// knows, and by a name only the rows print (docs/reports.md: "any other
// matches the code or name as printed"). A mutant matching positions by
// code alone survived, and dropped the vote of "Republic of Narnia",
// whose rows it kept.
func TestVotesFollowDelegationFilter(t *testing.T) {
	nar := row("S/PV.8771#2", "NAR", "OSCE", "2020-05-14", R, unpv.RelThird)
	nar.Delegation = "Republic of Narnia"
	rows := []Row{nar, row("S/PV.8771#3", "TUR", "OSCE", "2020-05-14", R, unpv.RelMember)}
	votes := VotesWithMeetings([]unpv.Vote{{Symbol: "A/73/PV.101", Subject: "Cooperation between the United Nations and the OSCE",
		InFavour: []string{"Republic of Narnia", "Turkey", "Germany"}}}, nil)
	tests := []struct {
		delegation string
		want       []string // position codes
	}{
		{"Republic of Narnia", []string{"NAR"}},
		{"nar", []string{"NAR"}},
		{"Türkiye", []string{"TUR"}},
	}
	for _, tt := range tests {
		t.Run(tt.delegation, func(t *testing.T) {
			r, err := Build(rows, votes, Options{Delegations: []string{tt.delegation}, DelegationCode: un.DelegationCode})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range r.Positions {
				got = append(got, p.Delegation)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("positions (-want +got):\n%s", d)
			}
		})
	}
}

// TestWriteFilesRemovesOtherPages: a report written where another was
// leaves none of the other's delegation pages, which would link back to
// this report.html and tell of another selection; files not of a report's
// HTML set stay.
func TestWriteFilesRemovesOtherPages(t *testing.T) {
	rows, votes := loadFixture(t)
	dir := t.TempDir()
	if _, err := WriteDefault(t.Context(), dir, rows, votes); err != nil {
		t.Fatal(err)
	}
	notes := filepath.Join(dir, "notes.html")
	if err := os.WriteFile(notes, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A page of the user's own that shares the name pattern: not unpv's.
	mine := filepath.Join(dir, DelegationFile("NOTES"))
	if err := os.WriteFile(mine, []byte("<!DOCTYPE html><title>my notes on delegations</title>"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A page of an older unpv's report, from before pages named unpv as
	// their generator (its head as 4de4703 wrote it): unpv's, and removed.
	legacy := "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
		"<title>Zembla · Recognition of regional organisations in UN debates</title>\n<style>\n" +
		"body{font:15px/1.45 system-ui,sans-serif}\n.b-build{color:#2166ac}.b-end{color:#1b9e77}.b-ctr{color:#d6604d}\n</style>\n"
	if err := os.WriteFile(filepath.Join(dir, DelegationFile("ZZZ")), []byte(legacy), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		opts    Options
		formats []string
		pages   []string // nil: those of the report
	}{
		{"one delegation", Options{Delegations: []string{"RUS"}}, []string{"html"}, nil},
		{"csv alone keeps the pages", Options{}, []string{"csv"}, []string{"delegation-RUS.html"}},
		{"all delegations again", Options{}, []string{"html"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := Build(rows, votes, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := r.WriteFiles(dir, c.formats); err != nil {
				t.Fatal(err)
			}
			want := c.pages
			if want == nil {
				for _, code := range r.DelegationPages() {
					want = append(want, DelegationFile(code))
				}
			}
			got, _ := filepath.Glob(filepath.Join(dir, DelegationFile("*")))
			got = slices.DeleteFunc(got, func(p string) bool { return p == mine })
			for i := range got {
				got[i] = filepath.Base(got[i])
			}
			if _, err := os.Stat(mine); err != nil {
				t.Errorf("a page unpv did not write went: %v", err)
			}
			slices.Sort(want)
			slices.Sort(got)
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("delegation pages (-want +got):\n%s", d)
			}
			if _, err := os.Stat(notes); err != nil {
				t.Errorf("a file not of the report went: %v", err)
			}
		})
	}
}

// TestQuoteKeysAreCSVColumns: a quote in report.json names what quotes.csv
// holds by the same key, with the same value: the delegation as printed is
// delegation_as_printed in both (as in votes), and "delegation" is never
// the printed name in one and the code in the other (report.json's quotes
// had "delegation": "Kenya" beside quotes.csv's delegation KEN).
func TestQuoteKeysAreCSVColumns(t *testing.T) {
	r0 := row("S/PV.1#1", "KEN", "AU", "2020-01-08", R, unpv.RelMember)
	r0.Delegation, r0.Speaker, r0.Evidence = "Kenya", "Mr. Kimani (Kenya)", "commend"
	q, rows := oneQuote(t, r0)
	if q["delegation_as_printed"] != "Kenya" {
		t.Errorf("JSON quote: delegation_as_printed %v, want Kenya (%v)", q["delegation_as_printed"], q)
	}
	for i, col := range rows[0] {
		v, ok := q[col]
		if !ok {
			continue // the cell's keys (delegation, period…) and rank
		}
		want := fmt.Sprint(v)
		if f, isNum := v.(float64); isNum {
			want = strconv.FormatFloat(f, 'f', 4, 64)
		}
		if got := rows[1][i]; got != want {
			t.Errorf("quote %s: %q in quotes.csv, %q in report.json", col, got, want)
		}
	}
}

// TestQuoteEmergencySession: a quote from an emergency special session's
// record gives its emergency session beside the regular session of its
// date, in report.json and quotes.csv alike; another record's gives none
// (TestQuoteKeysAreCSVColumns).
func TestQuoteEmergencySession(t *testing.T) {
	q, rows := oneQuote(t, row("A/ES-11/PV.1#3", "KEN", "AU", "2022-02-28", R, unpv.RelMember))
	got := map[string]string{"json session": fmt.Sprint(q["session"]), "json emergency_session": fmt.Sprint(q["emergency_session"])}
	for i, col := range rows[0] {
		if col == "session" || col == "emergency_session" || col == "symbol" {
			got["csv "+col] = rows[1][i]
		}
	}
	want := map[string]string{"json session": "76", "json emergency_session": "11", "csv session": "76", "csv emergency_session": "11",
		"csv symbol": "A/ES-11/PV.1"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// oneQuote is the one quote of the report of r0 on AU as report.json
// gives it, and quotes.csv's header and row.
func oneQuote(t *testing.T, r0 Row) (map[string]any, [][]string) {
	t.Helper()
	var raw struct {
		Cells []struct{ Quotes []map[string]any }
	}
	r := buildJSON(t, r0, &raw)
	var c bytes.Buffer
	if err := r.WriteTableCSV(&c, "quotes"); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&c).ReadAll()
	if err != nil || len(rows) != 2 || len(raw.Cells) != 1 || len(raw.Cells[0].Quotes) != 1 {
		t.Fatalf("%d CSV rows, JSON %+v: %v", len(rows), raw.Cells, err)
	}
	return raw.Cells[0].Quotes[0], rows
}

// buildJSON builds the report of one row on AU and decodes its report.json
// into raw.
func buildJSON(t *testing.T, r0 Row, raw any) *Report {
	t.Helper()
	r, err := Build([]Row{r0}, nil, Options{Targets: []string{"AU"}})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(buf.Bytes(), raw); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestRatioNormalOrder: the normal interval of a large cell is the same to
// the bit whatever the order of its speeches. report.json keeps some values
// whole (round6), so last bits that depended on the order made two runs
// over the same rows write different files.
func TestRatioNormalOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	n := 525
	d, m := make([]int32, n), make([]int32, n)
	for i := range d {
		m[i] = int32(1 + rng.IntN(9))
		d[i] = int32(rng.IntN(int(2*m[i]+1))) - m[i]
	}
	lo, hi := ratioNormal(d, m)
	for k := 0; k < 20; k++ {
		rng.Shuffle(n, func(i, j int) { d[i], d[j], m[i], m[j] = d[j], d[i], m[j], m[i] })
		if l, h := ratioNormal(d, m); l != lo || h != hi {
			t.Fatalf("shuffle %d: [%v, %v], first order [%v, %v]", k, l, h, lo, hi)
		}
	}
}

// TestRatioNormalHandComputed checks the normal limit against the formula
// worked out by hand, se² = Σ(dᵢ − r·mᵢ)² / (n(n−1)·m̄²): an se with n² in
// place of n(n−1) (about 0.1% narrower at 500 speeches) passed every other
// test, which only compare it with the bootstrap within 0.01 or with itself.
func TestRatioNormalHandComputed(t *testing.T) {
	tests := []struct {
		name   string
		d, m   []int32
		lo, hi float64
	}{{
		// r = 2/8 = 0.25; residuals 0.5, −1.5, 1, Σ² = 3.5;
		// se = √(3.5/(3·2)) / (8/3) = 0.286411; r ∓ z·se, z = 1.959964 (the 97.5th percentile).
		name: "three speeches", d: []int32{1, -1, 2}, m: []int32{2, 2, 4}, lo: -0.311355, hi: 0.811355,
	}, {
		// r = 6/7; residuals 3/7, −5/7, 2/7, Σ² = 38/49;
		// se = √(38/49/6) / (7/3) = 0.154077; the upper limit 1.159 is clipped.
		name: "clipped at 1", d: []int32{3, 1, 2}, m: []int32{3, 2, 2}, lo: 0.555155, hi: 1,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lo, hi := ratioNormal(tt.d, tt.m)
			if !near(lo, tt.lo) || !near(hi, tt.hi) {
				t.Errorf("ratioNormal = [%.6f, %.6f], want [%.6f, %.6f]", lo, hi, tt.lo, tt.hi)
			}
		})
	}
}

// TestPercentileRanks pins the Monte Carlo bootstrap's percentile ranks to
// the rule the exact bootstrap uses: the smallest value whose cumulative
// share reaches the level, rank ⌈q·b⌉ counted from 1. TestPercentilesSelect
// takes its ranks from percentileIndex itself, so a rank one too high (the
// 26th and 976th of 1000 values) passed it.
func TestPercentileRanks(t *testing.T) {
	tests := []struct {
		b    int
		want [2]float64 // the percentiles of the values 1, 2, …, b
	}{
		{1, [2]float64{1, 1}},
		{40, [2]float64{1, 39}},     // 0.025·40 = 1, 0.975·40 = 39
		{41, [2]float64{2, 40}},     // ⌈1.025⌉ = 2, ⌈39.975⌉ = 40
		{1000, [2]float64{25, 975}}, // as with --resamples 1000
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.b), func(t *testing.T) {
			v := make([]float64, tt.b)
			for i := range v {
				v[i] = float64(tt.b - i) // descending: selection must reorder
			}
			if d := cmp.Diff(tt.want, percentiles(v)); d != "" {
				t.Errorf("percentiles of 1…%d (-want +got):\n%s", tt.b, d)
			}
		})
	}
}

// TestQuotesPerCell: a cell keeps at most --quotes quotes, recognition and
// counter alternating, and within a label the earlier of two equally
// confident sentences first (docs/reports.md, Evidence). With one counter
// sentence, as in TestQuotesKeepCounterEvidence, a fourth quote for
// --quotes 3 and the later sentence first both passed.
func TestQuotesPerCell(t *testing.T) {
	at := func(speech, date string, label unpv.Label, conf float64) Row {
		r := row(speech, "RUS", "EU", date, label, unpv.RelThird)
		r.Confidence = conf
		return r
	}
	tests := []struct {
		name   string
		rows   []Row
		quotes int
		want   []string // sentence ids, in order
	}{{
		name: "two of each label, three asked",
		rows: []Row{at("S/PV.1#1", "2020-01-01", R, 0.9), at("S/PV.1#2", "2020-01-01", R, 0.8),
			at("S/PV.1#3", "2020-01-01", C, 0.9), at("S/PV.1#4", "2020-01-01", C, 0.8)},
		quotes: 3,
		want:   []string{"S/PV.1#1.x", "S/PV.1#3.x", "S/PV.1#2.x"},
	}, {
		name: "two of each label, one asked",
		rows: []Row{at("S/PV.1#1", "2020-01-01", R, 0.9), at("S/PV.1#2", "2020-01-01", R, 0.8),
			at("S/PV.1#3", "2020-01-01", C, 0.9), at("S/PV.1#4", "2020-01-01", C, 0.8)},
		quotes: 1,
		want:   []string{"S/PV.1#1.x"},
	}, {
		name: "equally confident: the earlier record first",
		rows: []Row{at("S/PV.2#1", "2020-11-30", R, 0.9), at("S/PV.9#1", "2020-02-03", R, 0.9),
			at("S/PV.5#1", "2020-06-01", R, 0.9)},
		quotes: 2,
		want:   []string{"S/PV.9#1.x", "S/PV.5#1.x"}, // by date, not by record
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Build(tt.rows, nil, Options{Quotes: tt.quotes})
			if err != nil {
				t.Fatal(err)
			}
			for _, got := range [][]Quote{r.Cells[0].Quotes, r.Pairs[0].Quotes, r.Orgs[0].Quotes} {
				var ids []string
				for _, q := range got {
					ids = append(ids, q.SentenceID)
				}
				if d := cmp.Diff(tt.want, ids); d != "" {
					t.Errorf("quotes (-want +got):\n%s", d)
				}
			}
		})
	}
}

// TestTopLists: each organisation ranks at most five delegations per list;
// equal counts rank the delegation that said it in fewer sentences first;
// a delegation whose recognition and counter sentences are as
// many enters neither side (docs/reports.md, Aggregates). Mutants listing
// six, ranking the larger n first and admitting the tie all passed the
// one-delegation lists of TestAggregateHandComputed.
func TestTopLists(t *testing.T) {
	// say gives a delegation's sentences on CSTO, each a speech of its own.
	say := func(del string, rel unpv.Relation, labels ...unpv.Label) []Row {
		var out []Row
		for i, l := range labels {
			out = append(out, row(fmt.Sprintf("S/PV.8700#%s%d", del, i), del, "CSTO", "2020-01-15", l, rel))
		}
		return out
	}
	names := func(rs []Ranked) (out []string) {
		for _, x := range rs {
			out = append(out, fmt.Sprintf("%s %d of %d", x.Delegation, x.Count, x.Sentences))
		}
		return out
	}
	member := unpv.RelMember
	tests := []struct {
		name                string
		rows                [][]Row
		building, endorsing []string
		counter             []string
	}{{
		name: "six members recognise: five listed",
		rows: [][]Row{say("ARM", member, R), say("BLR", member, R, R), say("KAZ", member, R, R, R),
			say("KGZ", member, R, R, R, R), say("RUS", member, R, R, R, R, R), say("TJK", member, R, R, R, R, R, R)},
		building: []string{"TJK 6 of 6", "RUS 5 of 5", "KGZ 4 of 4", "KAZ 3 of 3", "BLR 2 of 2"},
	}, {
		name: "equal counts: fewer sentences first",
		rows: [][]Row{say("ARM", member, R, R, N, N), say("RUS", member, R, R),
			say("UKR", unpv.RelThird, C, C, N), say("GEO", unpv.RelThird, C, C, N, N, N)},
		building: []string{"RUS 2 of 2", "ARM 2 of 4"},
		counter:  []string{"UKR 2 of 3", "GEO 2 of 5"},
	}, {
		name:     "as much recognition as counter: in no list",
		rows:     [][]Row{say("RUS", member, R, C), say("UKR", unpv.RelThird, R, C, N), say("KAZ", member, R)},
		building: []string{"KAZ 1 of 1"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Build(slices.Concat(tt.rows...), nil, Options{})
			if err != nil {
				t.Fatal(err)
			}
			o := r.Orgs[0]
			for _, l := range []struct {
				name      string
				got, want []string
			}{{"building", names(o.TopBuilding), tt.building}, {"endorsement", names(o.TopEndorsement), tt.endorsing},
				{"counter", names(o.TopCounter), tt.counter}} {
				if d := cmp.Diff(l.want, l.got, cmpopts.EquateEmpty()); d != "" {
					t.Errorf("top %s (-want +got):\n%s", l.name, d)
				}
			}
		})
	}
}

// TestSmallCells: a cell is small below --min-speeches speeches, not at it.
func TestSmallCells(t *testing.T) {
	tests := []struct {
		speeches, minSpeeches int
		small                 bool
	}{
		{4, 0, true}, // the default, 5
		{5, 0, false},
		{6, 0, false},
		{1, 2, true},
		{2, 2, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d of %d", tt.speeches, tt.minSpeeches), func(t *testing.T) {
			var rows []Row
			for i := range tt.speeches {
				rows = append(rows, row(fmt.Sprintf("S/PV.8700#%d", i+1), "RUS", "CSTO", "2020-01-15", R, unpv.RelMember))
			}
			r, err := Build(rows, nil, Options{MinSpeeches: tt.minSpeeches})
			if err != nil {
				t.Fatal(err)
			}
			c := findCell(t, r, "RUS", "CSTO", "2020", unpv.RelMember)
			if c.Speeches != tt.speeches || c.Small != tt.small || r.Total.Small != tt.small {
				t.Errorf("%d speeches: small %v (total %v), want %v", c.Speeches, c.Small, r.Total.Small, tt.small)
			}
		})
	}
}

// TestCoverageFollowsSelection: coverage is what the corpus holds of the
// selected delegations, body and dates (every organisation). No test
// selected a delegation with coverage, so a mutant counting every
// delegation's speeches under --delegation RUS survived.
func TestCoverageFollowsSelection(t *testing.T) {
	rows := []Row{
		row("S/PV.8711#3", "RUS", "CSTO", "2020-01-30", N, unpv.RelMember),
		row("A/74/PV.3#1", "RUS", "CSTO", "2019-09-24", R, unpv.RelMember),
	}
	held := []Held{
		{Symbol: "A/74/PV.3", Date: "2019-09-24", Body: unpv.GeneralAssembly, DelegationCode: "RUS", Speeches: 1, Sentences: 120},
		{Symbol: "A/74/PV.3", Date: "2019-09-24", Body: unpv.GeneralAssembly, DelegationCode: "UKR", Speeches: 1, Sentences: 95},
		{Symbol: "S/PV.8711", Date: "2020-01-30", Body: unpv.SecurityCouncil, DelegationCode: "RUS", Speeches: 2, Sentences: 60},
		{Symbol: "S/PV.8711", Date: "2020-01-30", Body: unpv.SecurityCouncil, DelegationCode: "UKR", Speeches: 1, Sentences: 40},
		{Symbol: "S/PV.8711", Date: "2020-01-30", Body: unpv.SecurityCouncil, Speeches: 3, Sentences: 30}, // the President, briefers
	}
	tests := []struct {
		name string
		opts Options
		want []Coverage
	}{{
		name: "everything",
		want: []Coverage{{Period: "2020", Body: unpv.SecurityCouncil, Speeches: 6, Sentences: 130},
			{Period: "2019", Body: unpv.GeneralAssembly, Speeches: 2, Sentences: 215}},
	}, {
		name: "one delegation",
		opts: Options{Delegations: []string{"Russian Federation"}},
		want: []Coverage{{Period: "2020", Body: unpv.SecurityCouncil, Speeches: 2, Sentences: 60},
			{Period: "2019", Body: unpv.GeneralAssembly, Speeches: 1, Sentences: 120}},
	}, {
		name: "one body",
		opts: Options{Body: unpv.GeneralAssembly},
		want: []Coverage{{Period: "2019", Body: unpv.GeneralAssembly, Speeches: 2, Sentences: 215}},
	}, {
		name: "dates",
		opts: Options{From: "2020"},
		want: []Coverage{{Period: "2020", Body: unpv.SecurityCouncil, Speeches: 6, Sentences: 130}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Coverage = held
			r, err := Build(rows, nil, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, r.Coverage); d != "" {
				t.Errorf("coverage (-want +got):\n%s", d)
			}
		})
	}
}

// TestVotesLeftOut: a vote whose meeting date is unknown is left out of a
// date-restricted report, and under --body one whose body is neither given
// nor read from its symbol is left out as a row of unknown body is, each
// with a note (docs/reports.md, Votes). A mutant that never counted the
// undated ones, so wrote no note, survived; one that counted them and went
// on is equivalent (inRange leaves out an undated vote whenever a bound is
// given). Votes of no known body were kept under --body.
func TestVotesLeftOut(t *testing.T) {
	rows := []Row{row("A/73/PV.101#1", "KGZ", "CSTO", "2019-07-25", R, unpv.RelMember)}
	votes := VotesWithMeetings([]unpv.Vote{
		{Symbol: "A/73/PV.101", Subject: "Cooperation with the CSTO", InFavour: []string{"Kyrgyzstan"}},
		{Symbol: "A/73/PV.999", Subject: "Cooperation with the CSTO", InFavour: []string{"Kyrgyzstan"}}, // meeting unknown
		{Symbol: "E/2019/SR.5", Subject: "Cooperation with the CSTO", InFavour: []string{"Kyrgyzstan"}}, // ECOSOC: no body unpv knows, meeting unknown
	}, []unpv.Meeting{{Symbol: "A/73/PV.101", Date: "2019-07-25"}})
	const (
		undated1 = "1 recorded vote without a known meeting date was left out of the date range."
		undated2 = "2 recorded votes without a known meeting date were left out of the date range."
		noBody   = "1 recorded vote of no known body (none given, and none read from the symbol) was left out of the GA report."
	)
	tests := []struct {
		name    string
		opts    Options
		symbols []string
		notes   []string
	}{
		{"nothing asked", Options{}, []string{"A/73/PV.999", "E/2019/SR.5", "A/73/PV.101"}, nil}, // by date: the undated first
		{"from", Options{From: "2019"}, []string{"A/73/PV.101"}, []string{undated2}},
		{"to", Options{To: "2019-12"}, []string{"A/73/PV.101"}, []string{undated2}},
		{"body", Options{Body: unpv.GeneralAssembly}, []string{"A/73/PV.999", "A/73/PV.101"}, []string{noBody}},
		{"body and from", Options{Body: unpv.GeneralAssembly, From: "2019"}, []string{"A/73/PV.101"}, []string{undated1, noBody}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Build(rows, votes, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			var symbols, notes []string
			for _, v := range r.Votes {
				symbols = append(symbols, v.Symbol)
			}
			for _, n := range r.Notes {
				if strings.Contains(n, "recorded vote") {
					notes = append(notes, n)
				}
			}
			if d := cmp.Diff(tt.symbols, symbols); d != "" {
				t.Errorf("votes (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.notes, notes); d != "" {
				t.Errorf("notes (-want +got):\n%s", d)
			}
			if len(r.Positions) != len(tt.symbols) {
				t.Errorf("%d positions, want one per vote kept (%d)", len(r.Positions), len(tt.symbols))
			}
		})
	}
}

// TestRegimeAtFiveHundred: a cell of 500 speeches is bootstrapped, one of
// 501 takes the normal limit (docs/reports.md, Interval). The regimes
// agree within 0.01 there (TestRegimesAgree), so nothing told them apart
// and a mutant moving the normal limit down to 500 speeches survived.
func TestRegimeAtFiveHundred(t *testing.T) {
	for _, tt := range []struct {
		speeches int
		normal   bool
	}{{maxMCSpeeches, false}, {maxMCSpeeches + 1, true}} {
		t.Run(strconv.Itoa(tt.speeches), func(t *testing.T) {
			// Speeches of one to three sentences, all recognition or all
			// counter: the clusters, not the sentences, carry the variance,
			// so the interval is the bootstrap's and not Wilson's.
			var rows []Row
			d, m := make([]int32, tt.speeches), make([]int32, tt.speeches)
			r, c := 0, 0
			for i := range tt.speeches {
				label, sign := R, int32(1)
				if i%2 == 1 {
					label, sign = C, -1
				}
				m[i] = int32(1 + i%3)
				d[i] = sign * m[i]
				for range m[i] {
					rows = append(rows, row(fmt.Sprintf("S/PV.8700#%d", i+1), "RUS", "CSTO", "2020-01-15", label, unpv.RelMember))
				}
				if sign > 0 {
					r += int(m[i])
				} else {
					c += int(m[i])
				}
			}
			rep, err := Build(rows, nil, Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := findCell(t, rep, "RUS", "CSTO", "2020", unpv.RelMember)
			nlo, nhi := ratioNormal(d, m)
			wlo, whi := wilsonNet(r, c, 0)
			normal := got.Low == round6(min(nlo, wlo)) && got.High == round6(max(nhi, whi))
			if nlo > wlo || nhi < whi {
				t.Fatalf("normal [%v, %v] inside Wilson [%v, %v]: the test cannot tell the regimes apart", nlo, nhi, wlo, whi)
			}
			if normal != tt.normal {
				t.Errorf("%d speeches: [%v, %v], normal limit [%v, %v]; want the normal limit: %v",
					tt.speeches, got.Low, got.High, nlo, nhi, tt.normal)
			}
		})
	}
}

// TestPeriodBounds: cells.csv and series.csv (and their JSON) give each
// period's first and last day, so that a table by session can be placed in
// time without the Assembly's rules of procedure: the Council's S/PV.8756
// of 10 September 2020 is in the 74th session, which ran from 17
// September 2019, and S/PV.8758 five days later in the 75th. Before, a
// reader had "74" alone. By meeting there are none (first_date and
// last_date give the meeting's days).
func TestPeriodBounds(t *testing.T) {
	rows := []Row{
		row("S/PV.8756#3", "KEN", "AU", "2020-09-10", R, unpv.RelMember),
		row("S/PV.8758#4", "KEN", "AU", "2020-09-15", R, unpv.RelMember),
		row("A/74/PV (general debate)#7", "KEN", "AU", "2019", R, unpv.RelMember),
	}
	for _, tc := range []struct {
		by   Period
		want map[string][2]string // period → start, end
	}{
		{ByYear, map[string][2]string{"2019": {"2019-01-01", "2019-12-31"}, "2020": {"2020-01-01", "2020-12-31"}}},
		{BySession, map[string][2]string{"74": {"2019-09-17", "2020-09-14"}, "75": {"2020-09-15", "2021-09-13"}}},
		{ByMeeting, map[string][2]string{"S/PV.8756": {}, "S/PV.8758": {}, "A/74/PV (general debate)": {}}},
	} {
		t.Run(string(tc.by), func(t *testing.T) {
			r, err := Build(rows, nil, Options{By: tc.by})
			if err != nil {
				t.Fatal(err)
			}
			for _, table := range []string{"cells", "series"} {
				recs := tableCSV(t, r, table)
				col := map[string]int{}
				for i, h := range recs[0] {
					col[h] = i
				}
				got := map[string][2]string{}
				for _, rec := range recs[1:] {
					got[rec[col["period"]]] = [2]string{rec[col["period_start"]], rec[col["period_end"]]}
				}
				if d := cmp.Diff(tc.want, got); d != "" {
					t.Errorf("%s.csv period bounds (-want +got):\n%s", table, d)
				}
			}
			var raw struct {
				Cells         []map[string]any
				Organisations []struct{ Series []map[string]any }
			}
			var b bytes.Buffer
			if err := r.WriteJSON(&b); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b.Bytes(), &raw); err != nil {
				t.Fatal(err)
			}
			for _, obj := range append(raw.Cells, raw.Organisations[0].Series...) {
				want := tc.want[obj["period"].(string)]
				if obj["period_start"] != want[0] || obj["period_end"] != want[1] {
					t.Errorf("JSON period %v: %v to %v, want %v", obj["period"], obj["period_start"], obj["period_end"], want)
				}
			}
		})
	}
}

// tableCSV writes one of r's CSV tables and reads it back as records.
func tableCSV(t *testing.T, r *Report, table string) [][]string {
	t.Helper()
	var b bytes.Buffer
	if err := r.WriteTableCSV(&b, table); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// TestEmptySelectionSaysWhatTheDelegationHas: an empty selection with
// --delegation says what the data holds of that delegation, so that the
// other filters can be set to it (two of the GDR's sentences of ungdc-full,
// beside the fixture): "--delegation DDR --from 1991" said only what the
// whole data held, which did not tell that the GDR's sentences end in 1990.
func TestEmptySelectionSaysWhatTheDelegationHas(t *testing.T) {
	rows, _ := loadFixture(t)
	gdr := func(id, label, rel, date, printed, sentence string) Row {
		return Row{Stance: unpv.Stance{Target: "OSCE", Label: unpv.Label(label), Confidence: 0.68, Relation: unpv.Relation(rel)},
			SpeechID: id, Symbol: "A/28/PV (general debate)", Date: date, Delegation: printed, DelegationCode: "DDR",
			Sentence: sentence, Body: unpv.GeneralAssembly, Role: unpv.RoleMember}
	}
	rows = append(rows,
		gdr("A/28/PV (general debate)#2826", "neutral", "third", "1973", "DDR", "25.\tOn the same day on which the twenty-eighth session of the United Nations General Assembly was opened, the second phase of the Conference on Security and Cooperation in Europe started."),
		gdr("A/30/PV (general debate)#2826", "neutral", "member", "1975", "German Democratic Republic", "The peoples of the continent and of the world expected much from the Conference on Security and Co-operation in Europe."),
		Row{Stance: unpv.Stance{Target: "OSCE", Label: "neutral", Confidence: 0.7, Relation: "member"},
			SpeechID: "A/28/PV (general debate)#12733", Symbol: "A/28/PV (general debate)", Date: "1973", Delegation: "USSR", DelegationCode: "SUN",
			Sentence: "The Conference on Security and Co-operation in Europe has begun its work.", Body: unpv.GeneralAssembly, Role: unpv.RoleMember})
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"after its membership", Options{Delegations: []string{"DDR"}, From: "1991"},
			"; delegation DDR has 2 of them, on OSCE, dates 1973 to 1975"},
		{"by a name", Options{Delegations: []string{"East Germany"}, Targets: []string{"NATO"}},
			"; delegation East Germany has 2 of them, on OSCE, dates 1973 to 1975"},
		{"none of its sentences", Options{Delegations: []string{"YMD"}},
			"; none of them is by delegation YMD"},
		{"no delegation asked", Options{Targets: []string{"OSCE"}, To: "1970"},
			"dates 1973 to 2023"},
		// The Soviet Union's sentence (RUS_28_1973's, as the General Debate
		// Corpus files it, SUN here) is where --delegation RUS before 1992
		// should look; it said only what RUS held.
		{"a seat another Member held", Options{Delegations: []string{"RUS"}, To: "1991"},
			"; delegation RUS has 20 of them, on AU, CIS, CSTO, EU, NATO, OSCE, SCO, dates 2014 to 2023; Union of Soviet Socialist Republics (SUN) held RUS's seat until 1991-12-24 and has 1 of them (--delegation RUS,SUN)"},
		{"by a name, both asked", Options{Delegations: []string{"Russia", "SUN"}, To: "1960"},
			"; delegation Russia,SUN has 21 of them, on AU, CIS, CSTO, EU, NATO, OSCE, SCO, dates 1973 to 2023"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Build(rows, nil, tt.opts)
			if !errors.Is(err, ErrEmptySelection) {
				t.Fatalf("Build: %v, want an empty selection", err)
			}
			if !strings.HasSuffix(err.Error(), tt.want) {
				t.Errorf("message %q does not end with %q", err, tt.want)
			}
		})
	}
}

// TestNoDataStats: an organisation or delegation asked for with no
// classified sentence in the selection carries the numbers of no
// information, not those of a certainty: it is small (0 speeches, under any
// threshold) and its intervals are the widest there are. report.json gave
// such an entry net 0 [0, 0], rates 0 [0, 0] and small false, which a script
// filtering on small read as a net stance known to be 0.
func TestNoDataStats(t *testing.T) {
	rows := []Row{row("S/PV.1#1", "KEN", "AU", "2020-01-08", R, unpv.RelMember)}
	votes := []Vote{{Vote: unpv.Vote{Symbol: "S/PV.1", Subject: "Cooperation with the Economic Community of West African States", InFavour: []string{"Kenya"}}, Date: "2020-01-08"}}
	want := Stats{Small: true, Low: -1, High: 1, RecognitionHigh: 100, CounterHigh: 100}
	for _, tc := range []struct {
		name  string
		opts  Options
		votes []Vote
		stats func(*Report) (Stats, bool)
	}{
		{"organisation asked for", Options{Targets: []string{"AU", "PIF"}}, nil, func(r *Report) (Stats, bool) {
			for _, o := range r.Orgs {
				if o.Acronym == "PIF" {
					return o.Stats, o.NoData
				}
			}
			return Stats{}, false
		}},
		{"organisation voted on", Options{}, votes, func(r *Report) (Stats, bool) {
			for _, o := range r.Orgs {
				if o.Acronym == "ECOWAS" {
					return o.Stats, o.NoData
				}
			}
			return Stats{}, false
		}},
		{"delegation asked for", Options{Delegations: []string{"KEN", "TUV"}}, nil, func(r *Report) (Stats, bool) {
			for _, d := range r.Delegations {
				if d.Code == "TUV" {
					return d.Stats, d.NoData
				}
			}
			return Stats{}, false
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Build(rows, tc.votes, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			got, noData := tc.stats(r)
			if !noData {
				t.Fatal("no entry marked no_data")
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("stats of the entry without data (-want +got):\n%s", d)
			}
		})
	}
}

// TestSessionOf: a row's session in quotes and its period by session: the
// record's session by the rule the extract stage and the search index
// share (un.RecordSession), its date's for a record whose symbol names
// none (an emergency special session's, one numbered before 1976); a
// general-debate statement's from its key; an --in row naming no
// Assembly record, by its date; a Council meeting has none, and its
// period is the Assembly session running on its date.
func TestSessionOf(t *testing.T) {
	for _, tc := range []struct {
		name    string
		r       Row
		session int
		period  string
	}{
		{"emergency special session", row("A/ES-11/PV.1#3", "KEN", "AU", "2022-02-28", R, ""), 76, "76"},
		{"emergency special session, resumed", row("A/ES-11/PV.1 (Resumption 1)#3", "KEN", "AU", "2022-09-13", R, ""), 77, "77"},
		{"before 1976", row("A/PV.2444#3", "KEN", "AU", "1975-12-01", R, ""), 30, "30"},
		{"regular session", row("A/76/PV.102#3", "KEN", "AU", "2022-09-08", R, ""), 76, "76"},
		{"general debate", row("A/73/PV (general debate)#3", "KEN", "AU", "2018", R, ""), 73, "73"},
		{"--in row, no symbol", Row{Date: "2022-03-01", Body: unpv.GeneralAssembly}, 76, "76"},
		{"--in row, no Assembly symbol", Row{Symbol: "statement 12", Date: "1975-12-01", Body: unpv.GeneralAssembly}, 30, "30"},
		{"Security Council", row("S/PV.8756#3", "KEN", "AU", "2020-09-10", R, ""), 0, "74"},
		{"no date", row("A/ES-11/PV.1#3", "KEN", "AU", "", R, ""), 0, "unknown"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := sessionOf(&tc.r); got != tc.session {
				t.Errorf("sessionOf = %d, want %d", got, tc.session)
			}
			if got, _ := periodOf(BySession, &tc.r); got != tc.period {
				t.Errorf("period by session %q, want %q", got, tc.period)
			}
		})
	}
}
