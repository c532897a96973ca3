package main

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/store"
)

// TestExitCodeStoreUnwritable: a store that cannot be written here or is
// busy exits 1, also when some inputs were bad as well (3 would say the
// run finished with them skipped), and not 4 (no unpv run holds the data
// directory).
func TestExitCodeStoreUnwritable(t *testing.T) {
	bad := fmt.Errorf("import: 2 inputs skipped: %w", unpv.ErrBadDocument)
	for _, sentinel := range []error{store.ErrReadOnly, store.ErrBusy} {
		for name, err := range map[string]error{
			"alone":          fmt.Errorf("start run: %w: …", sentinel),
			"with bad input": errors.Join(bad, fmt.Errorf("extract: write S/PV.8711: %w: …", sentinel)),
		} {
			if code := exitCode(context.Background(), err); code != exitFailure {
				t.Errorf("%v, %s: exit %d, want %d", sentinel, name, code, exitFailure)
			}
		}
	}
}
