package report_test

import (
	"fmt"
	"os"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/report"
)

func ExampleBuild() {
	sentence := func(speech, code string, label unpv.Label, rel unpv.Relation) report.Row {
		return report.Row{
			Stance:   unpv.Stance{Target: "CSTO", Label: label, Relation: rel, Confidence: 0.9},
			SpeechID: speech, Symbol: "A/73/PV.101", Date: "2019-07-25", DelegationCode: code, Body: unpv.GeneralAssembly,
		}
	}
	rows := []report.Row{
		sentence("A/73/PV.101#3", "RUS", unpv.Recognition, unpv.RelMember),
		sentence("A/73/PV.101#3", "RUS", unpv.Recognition, unpv.RelMember),
		sentence("A/73/PV.101#5", "UKR", unpv.Counter, unpv.RelThird),
		sentence("A/73/PV.101#6", "ARM", unpv.Neutral, unpv.RelMember),
	}
	r, err := report.Build(rows, nil, report.Options{Targets: []string{"CSTO"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	t := r.Total
	fmt.Printf("building %d, endorsement %d, counter %d, neutral %d\n", t.Building, t.Endorsement, t.Counter, t.Neutral)
	fmt.Printf("net %+.2f, 95%% interval [%+.2f, %+.2f], %d speeches, small: %v\n", t.Net, t.Low, t.High, t.Speeches, t.Small)
	// Output:
	// building 2, endorsement 0, counter 1, neutral 1
	// net +0.25, 95% interval [-1.00, +1.00], 3 speeches, small: true
}

func ExampleReport_WriteCSV() {
	rows := []report.Row{{
		Stance:   unpv.Stance{Target: "AU", Label: unpv.Recognition, Relation: unpv.RelThird, Confidence: 0.8},
		SpeechID: "S/PV.8731#4", Symbol: "S/PV.8731", Date: "2020-02-24", DelegationCode: "GBR",
		Delegation: "United Kingdom", Sentence: "We pay tribute to the ongoing commitment of AMISOM.",
	}}
	r, _ := report.Build(rows, nil, report.Options{})
	r.WriteCSV(os.Stdout)
	// Output:
	// delegation,delegation_name,speaker_group,organisation,period,period_start,period_end,relation,recognition,counter,neutral,building,endorsement,non_state,unattributed,counter_by_members,sentences,speeches,meetings,net_stance,ci_low,ci_high,recognition_rate,recognition_rate_low,recognition_rate_high,counter_rate,counter_rate_low,counter_rate_high,small,first_date,last_date,hand_coded,top_quote,top_quote_label,top_quote_symbol,top_quote_date,top_quote_link
	// GBR,United Kingdom of Great Britain and Northern Ireland,state,AU,2020,2020-01-01,2020-12-31,third,1,0,0,0,1,0,0,0,1,1,1,1.0000,-0.5869,1.0000,100.00,20.65,100.00,0.00,0.00,79.35,TRUE,2020-02-24,2020-02-24,0,We pay tribute to the ongoing commitment of AMISOM.,recognition,S/PV.8731,2020-02-24,https://undocs.org/en/S/PV.8731
}

func ExampleOrgsInTitle() {
	fmt.Println(report.OrgsInTitle("Cooperation between the United Nations and the Collective Security Treaty Organization"))
	// Output: [CSTO]
}
