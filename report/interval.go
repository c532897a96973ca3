package report

import (
	"context"
	"math"
	"math/bits"
	"slices"

	"github.com/unpv/unpv/internal/interval"
)

// z is the two-sided 95% normal quantile.
const z = interval.Z

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
	lo, hi = wilson((float64(r)+float64(n)/2)/total, total)
	return lo*2 - 1, hi*2 - 1
}

// wilson is the 95% Wilson score interval of a proportion p of n.
var wilson = interval.Wilson

// booter holds scratch buffers so a worker reuses them across cells, and
// the context that stops a long bootstrap.
type booter struct {
	ctx    context.Context
	vals   []float64
	packed []uint64
	counts []int
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

// exactIntervals enumerates every multiset of n speeches drawn with
// replacement, weighted by its multinomial probability n!/(∏cᵢ!)/nⁿ, and
// returns for each numerator the exact 2.5% and 97.5% quantiles of Σd/Σm
// (the smallest value whose cumulative probability reaches the level):
// net stance, recognition and counter in one enumeration.
func (bt *booter) exactIntervals(nums [][]int32, m []int32) [][2]float64 {
	n := len(m)
	if cap(bt.counts) < n {
		bt.counts = make([]int, n)
	}
	counts := bt.counts[:n]
	clear(counts)
	fact := [maxExactSpeeches + 1]float64{1}
	for i := 1; i <= maxExactSpeeches; i++ {
		fact[i] = fact[i-1] * float64(i)
	}
	total := math.Pow(float64(n), float64(n))
	outs := make([][]weighted, len(nums))
	var rec func(i, left int)
	rec = func(i, left int) {
		if i == n-1 {
			counts[i] = left
			var sm, w float64 = 0, fact[n]
			for j, c := range counts {
				sm += float64(c) * float64(m[j])
				w /= fact[c]
			}
			for k, d := range nums {
				var sd float64
				for j, c := range counts {
					sd += float64(c) * float64(d[j])
				}
				outs[k] = append(outs[k], weighted{sd / sm, w / total})
			}
			return
		}
		for c := left; c >= 0; c-- {
			counts[i] = c
			rec(i+1, left-c)
		}
	}
	rec(0, n)
	res := make([][2]float64, len(nums))
	for k, out := range outs {
		slices.SortFunc(out, func(a, b weighted) int { return cmpFloat(a.v, b.v) })
		lo, hi := out[len(out)-1].v, out[len(out)-1].v
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
		res[k] = [2]float64{lo, hi}
	}
	return res
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
// The sum of squares is expanded as Σd² − 2rΣdm + r²Σm² over exact
// integer sums, so that the result does not depend on the order of the
// speeches: summed term by term, its last bits did, and report.json, which
// keeps a value whole where rounding it twice would change it (round6),
// then differed between two runs over the same rows.
func ratioNormal(d, m []int32) (lo, hi float64) {
	n := float64(len(d))
	var sd, sm, sdd, sdm, smm int64
	for i := range d {
		di, mi := int64(d[i]), int64(m[i])
		sd, sm = sd+di, sm+mi
		sdd, sdm, smm = sdd+di*di, sdm+di*mi, smm+mi*mi
	}
	r := float64(sd) / float64(sm)
	ss := math.Max(0, float64(sdd)-2*r*float64(sdm)+r*r*float64(smm))
	se := math.Sqrt(ss/(n*(n-1))) / (float64(sm) / n)
	return math.Max(-1, r-z*se), math.Min(1, r+z*se)
}

// stanceIntervals gives, over the same b resamples of whole speeches,
// the intervals of the net stance (Σr − Σc)/Σm, the recognition rate Σr/Σm
// and the counter rate Σc/Σm (speech i has r[i] recognition and c[i]
// counter sentences of m[i]). Each speech's counts are packed into one
// word (21 bits each) so that a draw is one load; a speech with two
// million sentences in one cell does not exist, but should one come, the
// normal limit (ratioNormal) is used instead.
func (bt *booter) stanceIntervals(r, c, m []int32, b int, seed uint64) (net, rec, ctr [2]float64) {
	if cap(bt.vals) < 3*b {
		bt.vals = make([]float64, 3*b)
	}
	vals := bt.vals[:3*b]
	n := uint64(len(m))
	if cap(bt.packed) < len(m) {
		bt.packed = make([]uint64, len(m))
	}
	packed := bt.packed[:len(m)]
	const bits21, mask = 21, 1<<21 - 1
	for i := range m {
		if m[i] > mask || r[i] > mask || c[i] > mask || r[i] < 0 || c[i] < 0 {
			d := make([]int32, len(m))
			for j := range d {
				d[j] = r[j] - c[j]
			}
			net[0], net[1] = ratioNormal(d, m)
			rec[0], rec[1] = ratioNormal(r, m)
			ctr[0], ctr[1] = ratioNormal(c, m)
			return net, rec, ctr
		}
		packed[i] = uint64(m[i]) | uint64(r[i])<<bits21 | uint64(c[i])<<(2*bits21)
	}
	state := seed
	for k := 0; k < b; k++ {
		if k%256 == 0 && bt.ctx != nil && bt.ctx.Err() != nil {
			return net, rec, ctr // the caller returns ctx's error; the values are never used
		}
		var sr, sc, sm uint64
		for range n {
			// wyrand: one 128-bit multiply per draw, fixed across Go releases.
			state += 0xa0761d6478bd642f
			h, l := bits.Mul64(state, state^0xe7037ed1a0b428db)
			// Lemire's multiply-shift maps the draw onto [0, n) without division.
			j, _ := bits.Mul64(h^l, n)
			v := packed[j]
			sm += v & mask
			sr += (v >> bits21) & mask
			sc += v >> (2 * bits21)
		}
		fm := float64(sm)
		vals[k] = (float64(sr) - float64(sc)) / fm
		vals[b+k] = float64(sr) / fm
		vals[2*b+k] = float64(sc) / fm
	}
	return percentiles(vals[:b]), percentiles(vals[b : 2*b]), percentiles(vals[2*b:])
}

// percentiles returns the 2.5th and 97.5th percentiles of v (reordering
// it): the values a full sort would put at those ranks, found by selection.
func percentiles(v []float64) [2]float64 {
	lo, hi := percentileIndex(0.025, len(v)), percentileIndex(0.975, len(v))
	selectRank(v, hi)
	selectRank(v[:hi], lo)
	return [2]float64{v[lo], v[hi]}
}

// selectRank reorders v so that v[k] holds the value of rank k and every
// value before it is not larger (Hoare's selection with a median-of-three
// pivot).
func selectRank(v []float64, k int) {
	lo, hi := 0, len(v)-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		if v[mid] < v[lo] {
			v[mid], v[lo] = v[lo], v[mid]
		}
		if v[hi] < v[lo] {
			v[hi], v[lo] = v[lo], v[hi]
		}
		if v[hi] < v[mid] {
			v[hi], v[mid] = v[mid], v[hi]
		}
		pivot := v[mid]
		i, j := lo, hi
		for i <= j {
			for v[i] < pivot {
				i++
			}
			for pivot < v[j] {
				j--
			}
			if i <= j {
				v[i], v[j] = v[j], v[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return
		}
	}
}

func percentileIndex(q float64, b int) int {
	i := int(math.Ceil(q*float64(b))) - 1
	return min(max(i, 0), b-1)
}

// round6 rounds a statistic to the 6 decimals report.json keeps, unless
// that makes a tie at the coarser precision another output prints (4
// decimals in CSV, 2 in CSV rates and HTML, 0, or 1 below 10, for rates on the page: rateText): the
// CSV's 0.3965 from 67/169 = 0.3964497, once rounded to 0.396450, was not
// the number a script recomputing it from R, C and N gets. Such a value
// (about one in a hundred) is kept whole, so that every output rounds it
// once.
func round6(x float64) float64 {
	k := math.Round(x * 1e6)
	r := k / 1e6
	if math.Abs(r-x) < 1e-12 {
		return r // x is itself at 6 decimals (0.5, 0.125): a tie stays one
	}
	d, zeros := int64(math.Abs(k)), 0
	for d != 0 && d%10 == 0 {
		d /= 10
		zeros++
	}
	if zeros > 0 && d%10 == 5 {
		return x
	}
	return r
}
