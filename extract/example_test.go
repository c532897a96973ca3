package extract_test

import (
	"fmt"

	"github.com/unpv/unpv/extract"
)

// Parse reads engine text (pages separated by form feeds) of a verbatim
// record; here a shortened real one, S/PV.8701 of 13 January 2020.
func ExampleParse() {
	text := "United Nations\nS/PV.8701\nSecurity Council\nSeventy-fifth year\n8701st meeting\n" +
		"Monday, 13 January 2020, 10.20 a.m.\nNew York\n\f" +
		"S/PV.8701\n13/01/2020\n2/2\n20-00729\n" +
		"The meeting was called to order at 10.20 a.m.\n" +
		"The President: The Council is ready to proceed to the vote on the\n" +
		"draft resolution before it (S/2020/27).\n" +
		"A vote was taken by show of hands.\n" +
		"In favour:\nBelgium, China, Dominican Republic, Estonia, France, Germany,\n" +
		"Indonesia, Niger, Russian Federation, Saint Vincent and the Grenadines,\n" +
		"South Africa, Tunisia, United Kingdom of Great Britain and Northern Ireland,\n" +
		"United States of America, Viet Nam\n" +
		"The President: The draft resolution received 15 votes in favour. The draft\n" +
		"resolution has been adopted unanimously as resolution 2505 (2020).\n" +
		"Mr. Nebenzia (Russian Federation) (spoke in\nRussian): We voted in favour.\n" +
		"The meeting rose at 10.25 a.m.\n"
	rec, err := extract.Parse(text, "S_PV.8701_E.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rec.Meeting.Symbol, rec.Meeting.Date, rec.Meeting.Body)
	for _, s := range rec.Speeches {
		fmt.Printf("%d %s: role=%s delegation=%q code=%q language=%q\n", s.Seq, s.SpeakerName, s.Role, s.Delegation, s.DelegationCode, s.Language)
	}
	for _, v := range rec.Votes {
		fmt.Printf("vote on %s: %d-%d-%d %s (%d listed in favour)\n", v.Draft, v.TotalInFavour, v.TotalAgainst, v.TotalAbstaining, v.Outcome, len(v.InFavour))
	}
	for _, e := range rec.Events {
		fmt.Printf("after %d: %s %q\n", e.After, e.Kind, e.Time)
	}
	// Output:
	// S/PV.8701 2020-01-13 SC
	// 1 The President: role=president delegation="" code="" language=""
	// 2 The President: role=president delegation="" code="" language=""
	// 3 Mr. Nebenzia: role=member delegation="Russian Federation" code="RUS" language="Russian"
	// vote on S/2020/27: 15-0-0 adopted (15 listed in favour)
	// after 0: called_to_order "10.20 a.m."
	// after 1: vote ""
	// after 3: rose "10.25 a.m."
}
