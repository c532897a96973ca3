package classify_test

import (
	"fmt"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/classify"
)

func ExampleClassifier_Classify() {
	c, err := classify.Default()
	if err != nil {
		panic(err)
	}
	st := c.Classify("We cannot support a draft resolution recognizing the CSTO as a partner of the United Nations.", "CSTO", "UKR", "2022")
	fmt.Println(st.Label, st.Relation, st.Evidence)
	// Output: counter third cannot support
}

func ExampleClassifier_Speech() {
	c, err := classify.Default()
	if err != nil {
		panic(err)
	}
	sp := unpv.Speech{ID: "S/PV.8703#2", Date: "2020-06-11", DelegationCode: "FRA"}
	sents := []unpv.Sentence{
		{ID: "S/PV.8703#2.1", Text: "We commend the Joint Force of the Group of Five for the Sahel for its operations."},
		{ID: "S/PV.8703#2.2", Text: "The summit of the Joint Force took place in Nouakchott in June."},
	}
	mentions, stances := c.Speech(sp, sents)
	for _, m := range mentions {
		fmt.Printf("%s %s %q coref=%v\n", m.SentenceID, m.Target, m.Surface, m.Coref)
	}
	for _, s := range stances {
		fmt.Println(s.SentenceID, s.Target, s.Label, s.Relation)
	}
	// Output:
	// S/PV.8703#2.1 G5S "Joint Force of the Group of Five for the Sahel" coref=false
	// S/PV.8703#2.2 G5S "the Joint Force" coref=true
	// S/PV.8703#2.1 G5S recognition third
	// S/PV.8703#2.2 G5S neutral third
}

func ExampleIsMember() {
	fmt.Println(classify.IsMember("GEO", "CIS", "2008"), classify.IsMember("GEO", "CIS", "2010-01-01"))
	fmt.Println(classify.IsMember("UZB", "CSTO", "2010"), classify.IsMember("UZB", "CSTO", "2014"))
	// Output:
	// true false
	// true false
}

func ExampleOrganisations() {
	for _, o := range classify.Organisations()[:4] {
		fmt.Println(o.Acronym, o.Name)
	}
	// Output:
	// AU African Union
	// EU European Union
	// OSCE Organization for Security and Cooperation in Europe
	// CSTO Collective Security Treaty Organization
}
