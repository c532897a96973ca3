package classify_test

import (
	"fmt"
	"strings"

	"github.com/unpv/unpv/classify"
)

// ExampleInputTally labels an input as `unpv classify --in` does and
// prints its summary.
func ExampleInputTally() {
	c, err := classify.Default()
	if err != nil {
		panic(err)
	}
	in := "We commend the African Union and ECOWAS.\nThe weather is fine.\n"
	tally := classify.InputTally{Format: classify.InputLines}
	for rec, err := range classify.ReadInput(strings.NewReader(in), classify.InputLines, 1<<20) {
		if err != nil {
			panic(err)
		}
		outs, err := c.LabelRecord(rec.Object)
		tally.Add(rec, outs, err)
	}
	fmt.Println(tally)
	// Output: 2 lines: 1 classified (2 stances), 1 naming no organisation, 0 bad (skipped)
}
