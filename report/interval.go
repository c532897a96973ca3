package report

import (
	"context"
	"math"
	"math/bits"
	"slices"
)

// z is the two-sided 95% normal quantile.
const z = 1.959963984540054

// wilsonNet returns a 95% interval for the net stance (R − C) / n from a
// Wilson score interval on p = (net + 1) / 2 with n = R + C + N sentences.
// With no neutral sentences p is an ordinary binomial proportion and the
// interval is exact Wilson; neutral sentences only lower the variance of
// the three-valued score, so treating them as half-successes is
// conservative.
func wilsonNet(r, c, n int) (lo, hi float64) {
	total := float64(r + c + n)
	if total == 0 {
		return -1, 1
	}
	p := (float64(r) + float64(n)/2) / total
	z2 := z * z
	denom := 1 + z2/total
	center := (p + z2/(2*total)) / denom
	half := z / denom * math.Sqrt(p*(1-p)/total+z2/(4*total*total))
	lo = math.Max(0, center-half)*2 - 1
	hi = math.Min(1, center+half)*2 - 1
	return lo, hi
}

// booter holds scratch buffers so a worker reuses them across cells, and
// the context that stops a long bootstrap.
type booter struct {
	ctx    context.Context
	vals   []float64
	packed []uint64
	counts []int
	exact  []weighted
}

// Bootstrap regimes by number of speeches m: with few speeches every
// distinct resample is enumerated (no Monte Carlo error); in between a
// seeded Monte Carlo bootstrap; with very many speeches its normal limit,
// the cluster-robust interval of a ratio estimator, which the Monte Carlo
// bootstrap matches to within its own resampling noise there.
const (
	maxExactSpeeches = 6   // C(11, 6) = 462 distinct resamples
	maxMCSpeeches    = 500 // above: normal approximation
)

type weighted struct{ v, w float64 }

// exactInterval enumerates every multiset of n speeches drawn with
// replacement, weighted by its multinomial probability n!/(∏cᵢ!)/nⁿ, and
// returns the exact 2.5% and 97.5% quantiles (the smallest value whose
// cumulative probability reaches the level).
func (bt *booter) exactInterval(d, m []int32) (lo, hi float64) {
	n := len(d)
	if cap(bt.counts) < n {
		bt.counts = make([]int, n)
	}
	counts := bt.counts[:n]
	clear(counts)
	out := bt.exact[:0]
	fact := [maxExactSpeeches + 1]float64{1}
	for i := 1; i <= maxExactSpeeches; i++ {
		fact[i] = fact[i-1] * float64(i)
	}
	total := math.Pow(float64(n), float64(n))
	var rec func(i, left int)
	rec = func(i, left int) {
		if i == n-1 {
			counts[i] = left
			var sd, sm, w float64 = 0, 0, fact[n]
			for j, c := range counts {
				sd += float64(c) * float64(d[j])
				sm += float64(c) * float64(m[j])
				w /= fact[c]
			}
			out = append(out, weighted{sd / sm, w / total})
			return
		}
		for c := left; c >= 0; c-- {
			counts[i] = c
			rec(i+1, left-c)
		}
	}
	rec(0, n)
	bt.exact = out
	slices.SortFunc(out, func(a, b weighted) int { return cmpFloat(a.v, b.v) })
	lo, hi = out[len(out)-1].v, out[len(out)-1].v
	cum := 0.0
	loSet := false
	for _, x := range out {
		cum += x.w
		if !loSet && cum >= 0.025-1e-12 {
			lo, loSet = x.v, true
		}
		if cum >= 0.975-1e-12 {
			hi = x.v
			break
		}
	}
	return lo, hi
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// ratioNormal is the normal-approximation interval of the ratio estimator
// Σd/Σm with speeches as clusters: se² = Σ(dᵢ − r·mᵢ)² / (n(n−1) m̄²).
func ratioNormal(d, m []int32) (lo, hi float64) {
	n := float64(len(d))
	var sd, sm float64
	for i := range d {
		sd += float64(d[i])
		sm += float64(m[i])
	}
	r := sd / sm
	var ss float64
	for i := range d {
		e := float64(d[i]) - r*float64(m[i])
		ss += e * e
	}
	se := math.Sqrt(ss/(n*(n-1))) / (sm / n)
	return math.Max(-1, r-z*se), math.Min(1, r+z*se)
}

// interval returns the 2.5th and 97.5th percentiles of the net stance over
// b resamples of whole speeches (speech i contributes d[i] = R − C and m[i]
// sentences). Percentile k of b sorted values is the ⌈k·b⌉-th smallest.
func (bt *booter) interval(d, m []int32, b int, seed uint64) (lo, hi float64) {
	if cap(bt.vals) < b {
		bt.vals = make([]float64, b)
	}
	vals := bt.vals[:b]
	// One load per draw: d in the high half, m in the low half.
	if cap(bt.packed) < len(d) {
		bt.packed = make([]uint64, len(d))
	}
	packed := bt.packed[:len(d)]
	for i := range d {
		packed[i] = uint64(uint32(d[i]))<<32 | uint64(uint32(m[i]))
	}
	n := uint64(len(d))
	state := seed
	for k := range vals {
		if k%256 == 0 && bt.ctx != nil && bt.ctx.Err() != nil {
			return 0, 0 // the caller returns ctx's error; the value is never used
		}
		var sd, sm int64
		for range n {
			// wyrand: one 128-bit multiply per draw, fixed across Go releases.
			state += 0xa0761d6478bd642f
			h, l := bits.Mul64(state, state^0xe7037ed1a0b428db)
			// Lemire's multiply-shift maps the draw onto [0, n) without division.
			j, _ := bits.Mul64(h^l, n)
			v := packed[j]
			sd += int64(int32(v >> 32))
			sm += int64(uint32(v))
		}
		vals[k] = float64(sd) / float64(sm)
	}
	slices.Sort(vals)
	return vals[percentileIndex(0.025, b)], vals[percentileIndex(0.975, b)]
}

func percentileIndex(q float64, b int) int {
	i := int(math.Ceil(q*float64(b))) - 1
	return min(max(i, 0), b-1)
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }
