package unpv_test

import (
	"fmt"

	"github.com/unpv/unpv"
)

func ExampleParseDate() {
	for _, s := range []string{"8 January 2020", "Jan 8, 2020", "January 2020", "2018", "2020-02-30"} {
		iso, ok := unpv.ParseDate(s)
		fmt.Printf("%q %v\n", iso, ok)
	}
	// Output:
	// "2020-01-08" true
	// "2020-01-08" true
	// "2020-01" true
	// "2018" true
	// "" false
}

func ExampleDateSpan() {
	first, last, _ := unpv.DateSpan("2020-02")
	fmt.Println(first.Format("2006-01-02"), last.Format("2006-01-02"), unpv.DatePrecision("2020-02"))
	// Output:
	// 2020-02-01 2020-02-29 month
}

func ExampleSentenceID() {
	id := unpv.SentenceID(unpv.SpeechID("S/PV.8699 (Resumption 1)", 12), 3)
	speech, n := unpv.SplitSentenceID(id)
	fmt.Println(id, "→", speech, n)
	// Output:
	// S/PV.8699 (Resumption 1)#12.3 → S/PV.8699 (Resumption 1)#12 3
}
