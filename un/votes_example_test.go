package un_test

import (
	"fmt"

	"github.com/unpv/unpv/un"
)

func ExampleVoteHead() {
	for _, line := range []string{"In favour: Afghanistan, Albania, Algeria, Andorra,", "Abstentions: Algeria, Angola", "We voted in favour: it is balanced."} {
		list, rest, ok := un.VoteHead(line)
		fmt.Printf("%q %q %v\n", list, rest, ok)
	}
	// Output:
	// "In favour" "Afghanistan, Albania, Algeria, Andorra," true
	// "Abstaining" "Algeria, Angola" true
	// "" "" false
}

func ExampleVoteResult() {
	fmt.Printf("%+v\n", un.VoteResult("The draft resolution received 13 votes in favour, none against and two abstentions. The draft resolution has been adopted as resolution 2504 (2020)."))
	fmt.Printf("%+v\n", un.VoteResult("Draft resolution A/48/L.13 and Corr.1, as a whole, was adopted by 140 votes to 1, with 9 abstentions (resolution 48/14)."))
	// Output:
	// {InFavour:13 Against:0 Abstaining:2 Outcome:adopted}
	// {InFavour:140 Against:1 Abstaining:9 Outcome:adopted}
}

func ExampleAddressedState() {
	fmt.Println(un.AddressedState("Address by Mr. Sooronbai Zheenbekov, President of the Kyrgyz Republic"))
	// Output: Kyrgyz Republic true
}

func ExampleMonthAbbreviations() {
	fmt.Println(un.MonthAbbreviations())
	// Output: [jan feb mar apr jun jul aug sep oct nov dec sept]
}

func ExampleVoteDraft() {
	fmt.Println(un.VoteDraft("The Council has before it document S/2020/27, which contains the text of a draft resolution submitted by the United Kingdom."))
	// Output: S/2020/27
}

func ExampleReportDraft() {
	fmt.Println(un.ReportDraft("Draft resolution I was adopted by 106 votes to 20, with 59 abstentions (resolution 65/225)."))
	// Output: draft resolution I true
}

func ExampleParagraphVoted() {
	fmt.Println(un.ParagraphVoted("The eighth preambular paragraph was retained by 105 votes to 2, with 22 abstentions."))
	// Output: eighth preambular paragraph true
}

func ExampleVoteTitle() {
	fmt.Println(un.VoteTitle(`draft resolution A/48/L.14, entitled “Question of Haiti”.`))
	// Output: Question of Haiti true
}
