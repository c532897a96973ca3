// Package interval holds the confidence intervals more than one package
// states: the reports' rates and the annotation statistics.
package interval

import "math"

// Z is the two-sided 95% normal quantile.
const Z = 1.959963984540054

// Wilson is the 95% Wilson score interval of a proportion p of n trials
// ([0, 1] when n is 0). Unlike p ± Z·SE it stays inside [0, 1] and keeps
// a sensible width at p = 0 or 1 and for small n.
func Wilson(p, n float64) (lo, hi float64) {
	if n == 0 {
		return 0, 1
	}
	z2 := Z * Z
	denom := 1 + z2/n
	center := (p + z2/(2*n)) / denom
	half := Z / denom * math.Sqrt(p*(1-p)/n+z2/(4*n*n))
	return math.Max(0, center-half), math.Min(1, center+half)
}
