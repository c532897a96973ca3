package interval

import (
	"math"
	"testing"
)

// Values from Wilson (1927) as tabulated by Newcombe (1998), Table I:
// 81/263 → 0.2553–0.3662, 0/10 → 0–0.2775.
func TestWilson(t *testing.T) {
	for _, c := range []struct {
		k, n   float64
		lo, hi float64
	}{{81, 263, 0.2553, 0.3662}, {0, 10, 0, 0.2775}, {15, 148, 0.0624, 0.1605}} {
		lo, hi := Wilson(c.k/c.n, c.n)
		if math.Abs(lo-c.lo) > 5e-5 || math.Abs(hi-c.hi) > 5e-5 {
			t.Errorf("Wilson(%v/%v) = %.4f–%.4f, want %.4f–%.4f", c.k, c.n, lo, hi, c.lo, c.hi)
		}
	}
	if lo, hi := Wilson(0, 0); lo != 0 || hi != 1 {
		t.Errorf("Wilson of nothing = %v–%v", lo, hi)
	}
}
