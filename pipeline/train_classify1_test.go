//go:build !classifyv2

package pipeline

import (
	"context"
	"testing"

	"github.com/unpv/unpv/classify"
)

// TestTrainWithCorrections: the store's hand labels join the training
// pairs, except those a gold pair already holds, and the cross-validation
// on gold is reported without and with them.
func TestTrainWithCorrections(t *testing.T) {
	ctx := context.Background()
	gold, dir := correctionsFixture(t)
	res, err := TrainWithCorrections(ctx, dir, gold, 3, classify.DefaultTrainOptions)
	if err != nil {
		t.Fatal(err)
	}
	if res.Gold != 50 || res.Corrections != 10 || res.Overlap != 1 || res.Model == nil || len(res.Before) == 0 || len(res.After) == 0 {
		t.Fatalf("training: %+v", res)
	}
	for _, ms := range [][]classify.Metrics{res.Before, res.After} {
		for _, m := range ms {
			if m.N != 50 {
				t.Errorf("%s tested on %d pairs, want the 50 gold pairs", m.System, m.N)
			}
		}
	}
}
