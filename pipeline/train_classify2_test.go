//go:build classifyv2

package pipeline

import (
	"context"
	"testing"
)

// TestTrainWithCorrections: the store's hand labels join the training
// pairs, except those a dev pair already holds, and the cross-validation
// on gold is reported without and with them.
func TestTrainWithCorrections(t *testing.T) {
	ctx := context.Background()
	gold, dir := correctionsFixture(t)
	res, err := TrainWithCorrections(ctx, dir, gold[:40], gold[40:], 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Dev != 40 || res.Extra != 10 || res.Corrections != 10 || res.Overlap != 1 || res.Model == nil {
		t.Fatalf("training: %+v", res)
	}
	if res.Before.Pairs != 40 || res.After.Pairs != 40 || res.Before.ExtraPairs != 10 || res.After.ExtraPairs != 20 {
		t.Errorf("cross-validations: before %d+%d, after %d+%d", res.Before.Pairs, res.Before.ExtraPairs, res.After.Pairs, res.After.ExtraPairs)
	}
}
