package corpora

import (
	"fmt"
	"os"
)

func ExampleImportUNSCDebates() {
	for im, err := range ImportUNSCDebates(os.DirFS("testdata/unsc-debates"), UNSCDebatesOptions{}) {
		if err != nil {
			fmt.Println("skipped:", err) // wraps unpv.ErrBadDocument: quarantine and go on
			continue
		}
		sp := im.Speeches[len(im.Speeches)-1]
		fmt.Printf("%s %s: %d speeches; last %s by %s\n", im.Meeting.Symbol, im.Meeting.Date, len(im.Speeches), sp.ID, sp.SpeakerName)
	}
	// Output:
	// S/PV.8698 2020-01-08: 20 speeches; last S/PV.8698#20 by The President
	// S/PV.8711 2020-01-30: 18 speeches; last S/PV.8711#18 by The President
	// S/PV.8723 (Resumption 1) 2020-02-13: 1 speeches; last S/PV.8723 (Resumption 1)#70 by Mr. Simonovie
}

func ExampleImportUNGDC() {
	for im, err := range ImportUNGDC(os.DirFS("testdata/ungdc"), UNGDCOptions{Sessions: []int{73}}) {
		if err != nil {
			fmt.Println(err)
			continue
		}
		for _, sp := range im.Speeches {
			fmt.Println(sp.ID, sp.DelegationCode, sp.Date, sp.SpeakerName)
		}
	}
	// Output:
	// A/73/PV (general debate)#7488 KAZ 2018 Mr. Kairat Abdrakhmanov
	// A/73/PV (general debate)#8893 MDA 2018 Mr. Pavel Filip
	// A/73/PV (general debate)#12733 RUS 2018 Mr. Sergey Lavrov
	// A/73/PV (general debate)#14500 UKR 2018 Mr. Petro Poroshenko
}
