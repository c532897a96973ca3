package extract_test

import (
	"fmt"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/extract"
)

func ExampleSegmenter_Split() {
	s := extract.NewSegmenter()
	text := "I thank you, Mr. President. The Council met (see S/PV.7796). (spoke in French) Merci."
	for _, sp := range s.Split(text) {
		fmt.Printf("%d-%d %s\n", sp.Start, sp.End, text[sp.Start:sp.End])
	}
	// Output:
	// 0-27 I thank you, Mr. President.
	// 28-60 The Council met (see S/PV.7796).
	// 79-85 Merci.
}

func ExampleSentences() {
	sp := unpv.Speech{ID: unpv.SpeechID("S/PV.8714", 2), Text: "The OSCE and the United Nations are partners. We support No. 3."}
	for _, s := range extract.Sentences(sp) {
		fmt.Println(s.ID, s.Text)
	}
	// Output:
	// S/PV.8714#2.1 The OSCE and the United Nations are partners.
	// S/PV.8714#2.2 We support No. 3.
}
