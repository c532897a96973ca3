package report

import (
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

// booter holds a scratch buffer so a worker reuses it across cells.
type booter struct{ vals []float64 }

// interval returns the 2.5th and 97.5th percentiles of the net stance over
// b resamples of whole speeches (speech i contributes d[i] = R − C and m[i]
// sentences). Percentile k of b sorted values is the ⌈k·b⌉-th smallest.
func (bt *booter) interval(d, m []int32, b int, seed uint64) (lo, hi float64) {
	if cap(bt.vals) < b {
		bt.vals = make([]float64, b)
	}
	vals := bt.vals[:b]
	n := uint64(len(d))
	state := seed
	for k := range vals {
		var sd, sm int64
		for range n {
			// splitmix64: fast, and fixed across Go releases.
			state += 0x9e3779b97f4a7c15
			x := state
			x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
			x = (x ^ (x >> 27)) * 0x94d049bb133111eb
			x ^= x >> 31
			// Lemire's multiply-shift maps x onto [0, n) without division.
			hi64, _ := bits.Mul64(x, n)
			sd += int64(d[hi64])
			sm += int64(m[hi64])
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
