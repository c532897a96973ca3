package un

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	gocmp "github.com/google/go-cmp/cmp"
)

// TestCleanText removes page furniture as the 2020 Security Council corpus
// (OCR'd, headers inside sentences) and the UNGDC corpus (headers and
// footers on lines of their own) print it; the snippets are real.
func TestCleanText(t *testing.T) {
	const (
		charter = "Maintenance of international peace and security: Upholding the United Nations Charter"
		middle  = "The situation in the Middle East"
	)
	tests := []struct {
		name, text, symbol, agenda string
		want                       string
		headers                    []RunningHeader
	}{
		{"agenda and symbol inside a sentence (S/PV.8699 (Resumption 1)#46)",
			"and others - played a Maintenance of international peace and security S/PV.8699 (Resumption 1) successful and important role",
			"S/PV.8699 (Resumption 1)", charter,
			"and others - played a successful and important role",
			[]RunningHeader{{Symbol: "S/PV.8699 (Resumption 1)"}}},
		{"date glued to a word (S/PV.8704#6)",
			"We do need the issue to be16/01/2020 The situation in the Middle East S/PV.8704 resolved. The consequences",
			"S/PV.8704", middle,
			"We do need the issue to be resolved. The consequences",
			[]RunningHeader{{Symbol: "S/PV.8704", Date: "2020-01-16"}}},
		{"agenda, date, symbol after a sentence (S/PV.8715)",
			"behind that logic.The situation in the Middle East 06/02/2020 S/PV.8715",
			"S/PV.8715", middle,
			"behind that logic.",
			[]RunningHeader{{Symbol: "S/PV.8715", Date: "2020-02-06"}}},
		{"symbol, agenda as printed (not as listed), date (S/PV.8773)",
			"as soon as the ballots have been counted S/PV.8773 Election of five members of the International Court of Justice 11/11/2020 and the President",
			"S/PV.8773", "Elections of five members of the International Court of Justice [resumed meeting]",
			"as soon as the ballots have been counted and the President",
			[]RunningHeader{{Symbol: "S/PV.8773", Date: "2020-11-11"}}},
		{"general debate: footer on its own line (GEO_72_2017)",
			"develop demand-based higher and professional\n2/42 17-29597 education and enhance the economic skills.\nLiving in an innovative society",
			"", "",
			"develop demand-based higher and professional education and enhance the economic skills.\nLiving in an innovative society",
			nil},
		{"general debate: rule, header and a page break mid-sentence",
			"which will facilitate trade in high-value\n________________\n21/09/2017 A/72/PV.14\ngoods and services between Europe and Asia.",
			"", "",
			"which will facilitate trade in high-value goods and services between Europe and Asia.",
			[]RunningHeader{{Symbol: "A/72/PV.14", Date: "2017-09-21"}}},
		{"general debate: cover footer, barcode and the notice on corrections",
			"Georgia was heading into\nThis record contains the text of speeches delivered in English and of the translation of speeches delivered in other languages. Corrections should be submitted to the original languages only. They should be incorporated in a copy of the record and sent under the signature of a member of the delegation concerned to the Chief of the Verbatim Reporting Service, room U-0506 (verbatimrecords@un.org). Corrected records will be reissued electronically on the Official Document System of the United Nations (http://documents.un.org).\n17-29597 (E) *1729597*\n________________\nA/72/PV.14 21/09/2017\ngeneral elections. That resulted",
			"", "",
			"Georgia was heading into general elections. That resulted",
			[]RunningHeader{{Symbol: "A/72/PV.14", Date: "2017-09-21"}}},
		{"footer with page counter and job number mid-sentence (A/70 general debate)",
			"In those resolutions the Council confirmed that the region is part of\n18/28 15-29701\n\n30/09/2015 A/70/PV.21\nAzerbaijan and demanded",
			"", "",
			"In those resolutions the Council confirmed that the region is part of Azerbaijan and demanded",
			[]RunningHeader{{Symbol: "A/70/PV.21", Date: "2015-09-30"}}},
		{"general debate, session 63: a header without a date on a line of its own (BHR_63_2008)",
			"best, to the point that we are today on the verge of a \ndevelopment emergency. \nA/63/PV.13  \n \n08-53122 26 \n",
			"", "",
			"best, to the point that we are today on the verge of a development emergency.",
			nil},
		{"general debate, session 63: the same header inside a sentence the page cut (BHR_63_2008)",
			"Nations can no longer protect their interests or \nadvance the well-being of their peoples without \n A/63/PV.13\n \n27 08-53122 \nworking together.",
			"", "",
			"Nations can no longer protect their interests or advance the well-being of their peoples without working together.",
			nil},
		{"a symbol without a date inside a line is text",
			"As the record of that meeting, A/63/PV.13, shows, we spoke first.",
			"", "",
			"As the record of that meeting, A/63/PV.13, shows, we spoke first.",
			nil},
		{"general debate, sessions 61-66: page number before the job number on a line of its own (ARE_61_2006)",
			"we urge the United Nations to respond today to the recent \n \n \n29 06-52879 \n \ninitiative of the League of Arab States, which calls",
			"", "",
			"we urge the United Nations to respond today to the recent initiative of the League of Arab States, which calls",
			nil},
		{"general debate, sessions 61-66: page number after the job number (ARE_61_2006)",
			"reconsideration of the ways to reform its main \n  \n \n06-52879 28 \n \nstructures and working methods, particularly for the",
			"", "",
			"reconsideration of the ways to reform its main structures and working methods, particularly for the",
			nil},
		{"general debate, session 48: odd page's header, date and page number (KAZ_48_1993)",
			"the Commonwealth is able effectively to pursue its internal\nForty-eighth session - 5 October l993 17\nand foreign policy in isolation from the policies of the other\nmembers of the CIS.",
			"", "",
			"the Commonwealth is able effectively to pursue its internal and foreign policy in isolation from the policies of the other members of the CIS.",
			nil},
		{"general debate, session 48: even page's page number and header (SDN_48_1993)",
			"matter that would justify the lifting of the embargo imposed\non it.\n36 General Assembly - Forty-eighth session\nThe agenda items before this session include important",
			"", "",
			"matter that would justify the lifting of the embargo imposed on it.\nThe agenda items before this session include important",
			nil},
		{"a session named inside a sentence is text",
			"At the forty-eighth session - 5 October 1993 - the General Assembly - Forty-eighth session of hope - met.",
			"", "",
			"At the forty-eighth session - 5 October 1993 - the General Assembly - Forty-eighth session of hope - met.",
			nil},
		{"general debate, sessions 49-60: a page number on a line of its own before a blank line (GEO_57_2002)",
			"asking the United Nations to permit the commencement\nof a peacekeeping operation engaging the\n8\n\nCommonwealth of Independent States (CIS), whereby",
			"", "",
			"asking the United Nations to permit the commencement of a peacekeeping operation engaging the Commonwealth of Independent States (CIS), whereby",
			nil},
		{"general debate, session 50: page number and plenary header (CRI_50_1995)",
			"son of Portugal, a country so closely linked to Latin\n4\nGeneral Assembly 21st plenary meeting\n\nAmerica by history and culture, has been chosen for this",
			"", "",
			"son of Portugal, a country so closely linked to Latin America by history and culture, has been chosen for this",
			nil},
		{"general debate, session 49: page number and meeting header (ERI_49_1994)",
			"global realities.\n20\nGeneral Assembly 22nd meeting\n\nFurthermore, we feel that the United Nations must",
			"", "",
			"global realities.\n\nFurthermore, we feel that the United Nations must",
			nil},
		{"a number alone on a line that text follows is text (ERI_79_2024)",
			"peace. But yet again, our global community was plunged into the era of\n2\nthe “Cold War” whose hallmark",
			"", "",
			"peace. But yet again, our global community was plunged into the era of\n2 the “Cold War” whose hallmark",
			nil},
		{"a number before a job number inside a line is text",
			"The treaty was registered as 12 06-52879 in the series.",
			"", "",
			"The treaty was registered as 12 in the series.",
			nil},
		{"the record's closing footer",
			"The meeting rose at 11.55 a.m. 20-01130 21/21",
			"S/PV.8706", middle,
			"The meeting rose at 11.55 a.m.",
			nil},
		{"cited symbols stay",
			"As I said in July 2019 (see S/PV.8585), and as recorded in S/PV.8699, S/PV.8699 (Resumption 1) and S/PV.8699 (Resumption 2), the region suffers. Resolution 46/182 applies.",
			"S/PV.8704", middle,
			"As I said in July 2019 (see S/PV.8585), and as recorded in S/PV.8699, S/PV.8699 (Resumption 1) and S/PV.8699 (Resumption 2), the region suffers. Resolution 46/182 applies.",
			nil},
		{"another record's symbol without a date is text",
			"the Minister will provide details of the coalition for hope, as S/PV.8626 shows",
			"", "",
			"the Minister will provide details of the coalition for hope, as S/PV.8626 shows",
			nil},
		{"nothing to remove: tidied all the same, spaces collapsed and a blank line inside a sentence joined",
			"First line  with  two spaces\n\n\nsecond paragraph",
			"S/PV.8704", middle,
			"First line with two spaces second paragraph",
			nil},
		{"the scans' stamp at a line's end, where a page break cut the sentence (LKA_31_1976)",
			"export earnings. We have increased our production of tea Digitized by Dag Hammarskjold Library\nand systematically improved its equality over the years",
			"", "",
			"export earnings. We have increased our production of tea and systematically improved its equality over the years",
			nil},
		{"the stamp on a line of its own between paragraphs (NIC_30_1975)",
			"should be strengthened.\nDigitized by Dag Hammarskjold Library\nIf this is not done, uncertainty",
			"", "",
			"should be strengthened.\nIf this is not done, uncertainty",
			nil},
		{"the stamp inside a word, OCR's case (USA_30_1975)",
			"the spirit of conciliation into the deliberaDigitiZed by Dag HammarSkjoid LibraryLet us address the issues",
			"", "",
			"the spirit of conciliation into the delibera Let us address the issues",
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, headers := CleanText(tt.text, tt.symbol, tt.agenda)
			if d := gocmp.Diff(tt.want, got); d != "" {
				t.Errorf("text (-want +got):\n%s", d)
			}
			if d := gocmp.Diff(tt.headers, headers); d != "" {
				t.Errorf("headers (-want +got):\n%s", d)
			}
		})
	}
}

// cleanTextCase is a statement's text, as a general-debate statement
// without a record's symbol gives it, and what CleanText makes of it.
type cleanTextCase struct{ name, text, want string }

func checkCleanText(t *testing.T, tests []cleanTextCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := CleanText(tt.text, "", "")
			if d := gocmp.Diff(tt.want, got); d != "" {
				t.Errorf("text (-want +got):\n%s", d)
			}
		})
	}
}

// TestCleanTextNotice removes the notice on corrections in each wording
// the records print, broken over lines as the texts keep it, and nothing a
// speaker says; the snippets are real (sources in the case names). Where
// the notice was, the lines join as at any furniture that a line not
// ending a paragraph precedes (tidyLines).
func TestCleanTextNotice(t *testing.T) {
	tests := []cleanTextCase{
		{"interpretation wording over five lines, room U.506 (EST_68_2013)",
			"people have been killed, and millions of refugees and \ninternally displaced persons are scattered around the \n\n\nThis record contains the text of speeches delivered in English and of the interpretation of \nspeeches delivered in the other languages. Corrections should be submitted to the original \nlanguages only. They should be incorporated in a copy of the record and sent under the signature \nof a member of the delegation concerned to the Chief of the Verbatim Reporting Service, room \nU.506. Corrections will be issued after the end of the session in a consolidated corrigendum.\n\n\n\f\nregion. About 7 million Syrians are in urgent need of ",
			"people have been killed, and millions of refugees and internally displaced persons are scattered around the region. About 7 million Syrians are in urgent need of"},
		{"the Security Council's wording with its Official Records (S/PV.8699, pdftotext)",
			"to the United Nations addressed to the Secretary-General (S/2020/1)\n\nThis record contains the text of speeches delivered in English and of the translation of\nspeeches delivered in other languages. The final text will be printed in the Official Records\nof the Security Council. Corrections should be submitted to the original languages only. They\nshould be incorporated in a copy of the record and sent under the signature of a member\nof the delegation concerned to the Chief of the Verbatim Reporting Service, room U-0506\n(verbatimrecords@un.org). Corrected records will be reissued electronically on the Official\nDocument System of the United Nations (http://documents.un.org).\n\nThe meeting was called to order at 10 a.m.",
			"to the United Nations addressed to the Secretary-General (S/2020/1) The meeting was called to order at 10 a.m."},
		{"the 1997 wording: original text and interpretations (S/PV.3756, pdftotext)",
			"President of the Security Council (S/1997/235)\n\nThis record contains the original text of speeches delivered in English and interpretations of speeches\ndelivered in the other languages. The final text will be printed in the Official Records of the Security\nCouncil. Corrections should be submitted to original speeches only. They should be incorporated\nin a copy of the record and be sent under the signature of a member of the delegation concerned,\nwithin one week of the date of publication, to the Chief of the Verbatim Reporting Service,\nroom C-178.\n\n\fSecurity Council",
			"President of the Security Council (S/1997/235) Security Council"},
		{"the 1993 wording and its second paragraph below the distribution block (A/48/PV.46, pdftotext)",
			"the full implementation of their safeguards agreement.\n\nThis record is subject to correction.\nCorrections should be sent under the signature of a member of the delegation concerned\nwithin one week of the date of publication to the Chief of the Verbatim Reporting Section,\nRoom C-178, and incorporated in a copy of the record.\n\nDistr. GENERAL\n\nCorrections will be issued after the end of the session in a consolidated corrigendum.\n\nENGLISH",
			"the full implementation of their safeguards agreement.\n\nDistr. GENERAL ENGLISH"},
		{"the 1993 notice parted by the distribution block a layout engine printed beside it (A/48/PV.46, pdftotext -layout)",
			"This record is subject to correction.                                      Distr. GENERAL\n      Corrections should be sent under the signature of a member of the delegation concerned\n     within one week of the date of publication to the Chief of the Verbatim Reporting Section,\n                      Room C-178, and incorporated in a copy of the record.\n",
			"Distr. GENERAL"},
		{"a speaker's corrections and records stay (no notice begins)",
			"Corrections should be made to the draft. They should be incorporated in the text. This record shows that the Council acted.",
			"Corrections should be made to the draft. They should be incorporated in the text. This record shows that the Council acted."},
	}
	checkCleanText(t, tests)
}

func FuzzCleanText(f *testing.F) {
	f.Add("played a Maintenance of international peace and security S/PV.8699 (Resumption 1) successful", "S/PV.8699 (Resumption 1)", "Maintenance of international peace and security")
	f.Add("higher and\n2/42 17-29597 education\n________________\n21/09/2017 A/72/PV.14\ngoods", "", "")
	f.Add("to be16/01/2020 The situation S/PV.8704 resolved (see S/PV.8585)", "S/PV.8704", "The situation")
	f.Add("**Mr President,  \nLadies and Gentlemen,**  \n\n### Page 3 (continued):  \nframeworks like **BRICS, SCO, CIS**, and:\n- End conflicts;\n> *\"We stand\"*\n*************** Youth", "", "")
	f.Add("into the deliberaDigitiZed by Dag HammarSkjoid LibraryLet us", "", "")
	f.Add("harm to the** natural order; fully *with these agencies … in order* to help; war.*\n---\n• x", "", "")
	f.Add("the sixty-\neighth interna-\ntional -\n29 06-52879\nGeneral international", "", "")
	f.Add("the \n\n\nThis record contains the text of speeches delivered in English and of the interpretation of \nspeeches delivered in the other languages. Corrections should be submitted to the original \nlanguages only. They should be incorporated in a copy of the record and sent under the signature \nof a member of the delegation concerned to the Chief of the Verbatim Reporting Service, room \nU.506. Corrections will be issued after the end of the session in a consolidated corrigendum.\n\n\n\f\nregion.", "", "")
	f.Fuzz(func(t *testing.T, text, symbol, agenda string) {
		got, _ := CleanText(text, symbol, agenda)
		if utf8.ValidString(text) && !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8 from %q: %q", text, got)
		}
		if len(got) > len(text) {
			t.Fatalf("text grew: %q → %q", text, got)
		}
		if reFooter.MatchString(text) == false && reRule.MatchString(text) == false && reBarcode.MatchString(text) == false && len(lineFurniture(text)) == 0 &&
			!reFurnSymbol.MatchString(text) && !reNotice.MatchString(text) && !reScanStamp.MatchString(text) &&
			!strings.ContainsAny(text, "*#>-+•_\x00") && strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(text), " ") {
			// Such a text is tidied (tidyLines): its words stay.
			t.Fatalf("text without furniture or markup changed its words: %q → %q", text, got)
		}
	})
}

// TestCleanTextMarkdown removes the Markdown that statements of the UNGDC
// corpus's 2024 session kept, and leaves the asterisks and dashes of older
// statements, which are text or OCR noise; the snippets are real (file
// names in the case names).
func TestCleanTextMarkdown(t *testing.T) {
	tests := []cleanTextCase{
		{"strong emphasis inside a sentence (BLR_79_2024)",
			"2. The UN must **support regional processes**. Integration frameworks like **BRICS, SCO, CIS, EAEU, African Union, ASEAN**, and others are growing. The UN should engage with and complement them.",
			"2. The UN must support regional processes. Integration frameworks like BRICS, SCO, CIS, EAEU, African Union, ASEAN, and others are growing. The UN should engage with and complement them."},
		{"a salutation in bold stays a paragraph of its own (BLR_79_2024)",
			"**Mr President, distinguished delegates,**\n\nFor 79 years, our countries have gathered in this hall to speak their truths",
			"Mr President, distinguished delegates,\n\nFor 79 years, our countries have gathered in this hall to speak their truths"},
		{"bold lines with hard breaks; the title stays whole (PAK_79_2024)",
			"**Mr. President,**  \n**Heads of State and Government, Excellencies,**  \n**Delegates, Ladies and Gentlemen,**  \n**Assalamu Alaikum!**\n\n\nIt is a matter of great honour",
			"Mr. President,\nHeads of State and Government, Excellencies,\nDelegates, Ladies and Gentlemen,\nAssalamu Alaikum!\n\nIt is a matter of great honour"},
		{"bold across a line break (GIN_79_2024)",
			"**Mr President,  \nLadies and Gentlemen,**  \n\nToday, the Republic of Guinea is engaged in an ambitious process",
			"Mr President,\nLadies and Gentlemen,\n\nToday, the Republic of Guinea is engaged in an ambitious process"},
		{"a closer after a dash, before a word (MAR_79_2024)",
			"I must also express Morocco’s **full solidarity with the brotherly nation of Lebanon—its government and people—**in the face of the aggression it is enduring, and we insist on the **need to respect Lebanon’s territorial integrity and national sovereignty**.",
			"I must also express Morocco’s full solidarity with the brotherly nation of Lebanon—its government and people—in the face of the aggression it is enduring, and we insist on the need to respect Lebanon’s territorial integrity and national sovereignty."},
		{"italics in a text with a thematic break (FRA_79_2024)",
			"Firstly, we must ensure that we never push a state to choose between its goals.\n\n\n---\n\nThat is why France will host the next *AI Action Summit* in February 2025.",
			"Firstly, we must ensure that we never push a state to choose between its goals.\n\nThat is why France will host the next AI Action Summit in February 2025."},
		{"block quote in italics in a text with strong emphasis (PAK_79_2024)",
			"**Assalamu Alaikum!**\n\nThe Father of our Nation, Quaid-e-Azam Muhammad Ali Jinnah, declared in 1947 that:\n\n> *\"We stand by the United Nations Charter and will gladly make our full contribution to peace and prosperity of the world.\"*\n\nBeyond this",
			"Assalamu Alaikum!\n\nThe Father of our Nation, Quaid-e-Azam Muhammad Ali Jinnah, declared in 1947 that:\n\n\"We stand by the United Nations Charter and will gladly make our full contribution to peace and prosperity of the world.\"\n\nBeyond this"},
		{"heading becomes a paragraph (PRY_79_2024)",
			"Ladies and Gentlemen,\n### I. Opening\nWe live in a turbulent, volatile world",
			"Ladies and Gentlemen,\n\nI. Opening\n\nWe live in a turbulent, volatile world"},
		{"a heading that counts pages is furniture (RUS_79_2024)",
			"including the bloody provocation in Bucha, Ukraine, in April 2022.\n\n---\n\n### Page 3 (continued):  \nHowever, trust is being eroded",
			"including the bloody provocation in Bucha, Ukraine, in April 2022.\n\nHowever, trust is being eroded"},
		{"bullets after a lead-in and in a list (DJI_79_2024)",
			"act collectively to:\n- End conflicts;  \n- Implement policies, investment programmes, and partnerships to make up lost ground in achieving the **SDGs**; and  \n- **Reform international financial institutions** so they can respond",
			"act collectively to:\nEnd conflicts;\nImplement policies, investment programmes, and partnerships to make up lost ground in achieving the SDGs; and\nReform international financial institutions so they can respond"},
		{"round bullets (DEU_79_2024)",
			"If Ukraine stops defending itself, Ukraine is over. And our Charter:\n• Sovereign equality. Article 2, paragraph 1. \n \n• Peaceful settlement of disputes. Article 2, paragraph 3. ",
			"If Ukraine stops defending itself, Ukraine is over. And our Charter:\nSovereign equality. Article 2, paragraph 1.\n\nPeaceful settlement of disputes. Article 2, paragraph 3."},
		{"thematic breaks, alone and glued to a line (UZB_79_2024)",
			"adopting the UN resolution.\n*************** \n\nWe propose expanding this forum.\n*************** Youth represents our common future.  \nIn Uzbekistan",
			"adopting the UN resolution.\n\nWe propose expanding this forum.\n\nYouth represents our common future.\nIn Uzbekistan"},
		{"a thematic break glued to a line's end (KAZ_76_2021)",
			"development partners to jointly address international liquidity and debt vulnerabilities. ***\nThe World Food Programme estimates",
			"development partners to jointly address international liquidity and debt vulnerabilities.\n\nThe World Food Programme estimates"},
		{"a dash a line break moved is text (CHE_79_2024)",
			"Ultimately, it was a few hundred votes from the canton of Valais - my home region\n- that tipped the balance.",
			"Ultimately, it was a few hundred votes from the canton of Valais - my home region\n- that tipped the balance."},
		{"OCR asterisks in a text without Markdown stay, its spaces collapsed as in every text (JPN_16_1961)",
			"y desires to cc-operate fully *with these multilateral agencies and, at the same time, to extend bilateral economic co-operation to the developing countries to the maximum extent of our ability.\n165.\tAs an Asian country and an Asian Member of the United Nations, Japan holds high expectations of the steady growth of the development of the countries of Asia. Most of them are presently making positive efforts in accordance with long-term plans. The various types of assistance that are being made available to them are being effectively utilized. But in order* to help them ",
			"y desires to cc-operate fully *with these multilateral agencies and, at the same time, to extend bilateral economic co-operation to the developing countries to the maximum extent of our ability.\n165. As an Asian country and an Asian Member of the United Nations, Japan holds high expectations of the steady growth of the development of the countries of Asia. Most of them are presently making positive efforts in accordance with long-term plans. The various types of assistance that are being made available to them are being effectively utilized. But in order* to help them"},
		{"unpaired strong markers and a footnote mark stay (CAN_27_1972, BGR_16_1961)",
			"the risk that we may be doing irreversible harm to the** natural order which sustains life; a third world war.* The West German army",
			"the risk that we may be doing irreversible harm to the** natural order which sustains life; a third world war.* The West German army"},
	}
	checkCleanText(t, tests)
}

// The multi-line patterns lineFurniture reads line by line, as they were
// written first: the specification it must agree with. The session's
// ordinal, the month and the meeting's number are the cover's words
// (ordinalWordExpr, monthExpr, meetingNumberExpr), as in lineFurniture's
// own patterns.
var (
	specFooterLine    = regexp.MustCompile(`(?m)^[ \t]*(?:\d{1,3}[ \t]+\d{2}-\d{5}|\d{2}-\d{5}[ \t]+\d{1,3})[ \t]*$`)
	specSessionHeader = regexp.MustCompile(`(?m)^[ \t]*(?:\d{1,3}[ \t]+General Assembly[ \t]*-[ \t]*` + ordinalWordExpr + `[ \t]+session|` + ordinalWordExpr + `[ \t]+session[ \t]*-[ \t]*\d{1,2}[ \t]+(?:` + monthExpr + `)[ \t]+[0-9l]{4}[ \t]+\d{1,3})[ \t]*$`)
	specSessionDate   = `\n` + ordinalWordExpr + ` session \d{1,2} (?:` + monthExpr + `) \d{4}[ \t]*`
	specPageNumber    = regexp.MustCompile(`(?m)^([ \t]*\d{1,3}[ \t]*)\n(?:[ \t]*\n|General Assembly ` + meetingNumberExpr + `[ \t]*(?:` + specSessionDate + `)?\n)`)
	specPlenary       = regexp.MustCompile(`(?m)^General Assembly ` + meetingNumberExpr + `[ \t]*(?:` + specSessionDate + `)?$`)
)

// specFurniture is lineFurniture by the specification's patterns, sorted.
func specFurniture(text string) [][2]int {
	var out [][2]int
	for _, re := range []*regexp.Regexp{specFooterLine, specSessionHeader, specPlenary} {
		for _, m := range re.FindAllStringIndex(text, -1) {
			out = append(out, [2]int{m[0], m[1]})
		}
	}
	for _, m := range specPageNumber.FindAllStringSubmatchIndex(text, -1) {
		out = append(out, [2]int{m[2], m[3]})
	}
	return sortedSpans(out)
}

func sortedSpans(s [][2]int) [][2]int {
	s = slices.Clone(s)
	slices.SortFunc(s, func(a, b [2]int) int { return cmp.Compare(a[0]*1<<20+a[1], b[0]*1<<20+b[1]) })
	return s
}

// TestLineFurniture: lineFurniture finds what the multi-line patterns
// find, on real lines and edge cases (a header at the end of the text, a
// number before a header whose session line ends the text, tabs, "\r").
func TestLineFurniture(t *testing.T) {
	for _, text := range []string{
		"text\n29 06-52879 \n\nmore",
		"06-52879 28",
		"the\n8\n\nCommonwealth",
		"the\n8\n\n",
		"the\n8\n",
		"the\n8\n \t\nx",
		"Latin\n4\nGeneral Assembly 21st plenary meeting\n\nAmerica",
		"Latin\n4\nGeneral Assembly 21st plenary meeting\nFiftieth session 9 October 1995\nAmerica",
		"Latin\n4\nGeneral Assembly 21st plenary meeting\nFiftieth session 9 October 1995",
		"Latin\n4\nGeneral Assembly 21st plenary meeting",
		"realities.\n20\nGeneral Assembly 22nd meeting\n\nFurthermore",
		"internal\nForty-eighth session - 5 October l993 17\nand foreign",
		"imposed\non it.\n36 General Assembly - Forty-eighth session\nThe agenda",
		"8\n\n9\n\n10\n\n",
		"8\r\n\r\nx",
		"era of\n2\nthe Cold War",
		"\n\n\n",
		"",
	} {
		if d := gocmp.Diff(specFurniture(text), sortedSpans(lineFurniture(text))); d != "" {
			t.Errorf("%q (-patterns +lines):\n%s", text, d)
		}
	}
}

// FuzzLineFurniture: lineFurniture and the multi-line patterns agree on
// any text.
func FuzzLineFurniture(f *testing.F) {
	for _, s := range []string{"the\n8\n\nx", "a\n4\nGeneral Assembly 21st plenary meeting\nFiftieth session 9 October 1995\nb", "29 06-52879", "Forty-eighth session - 5 October l993 17"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if d := gocmp.Diff(specFurniture(text), sortedSpans(lineFurniture(text))); d != "" {
			t.Fatalf("%q (-patterns +lines):\n%s", text, d)
		}
	})
}

func TestParagraphNumber(t *testing.T) {
	tests := []struct {
		line   string
		number int
		n      int
		tab    bool
	}{
		{"63.\tI want also to pay a tribute", 63, 4, true},
		{"56. Allow me, Mr. President,", 56, 4, false},
		{"1.  I am humbled and indeed honored", 1, 4, false},
		{"  225.\t The time has come", 225, 8, true},
		{"1234. Too long a number", 0, 0, false},
		{"63.I no space", 0, 0, false},
		{"64.\t", 64, 4, true}, // the text on the next line (HUN_33_1978)
		{"64.", 0, 0, false},
		{"In 1945. The Charter", 0, 0, false},
		{"3.5 per cent", 0, 0, false},
		{"\r30. We congratulate you", 30, 5, false}, // A_22 files: "\n\r" between lines
	}
	for _, tt := range tests {
		number, n, tab := ParagraphNumber(tt.line)
		if n != tt.n || tab != tt.tab || n > 0 && number != tt.number {
			t.Errorf("ParagraphNumber(%q) = %d, %d, %v; want %d, %d, %v", tt.line, number, n, tab, tt.number, tt.n, tt.tab)
		}
	}
}

// TestCleanTextLineEndHyphen joins a word broken at a line's end after a
// hyphen without a space wherever CleanText rejoins lines (before,
// "sixty- eighth", "most- excluded" in EST_68_2013): the hyphen stays in
// a compound, and goes where the statement spells the word joined and
// never hyphenated (JoinHyphenated). The lines are real (sources in the
// case names); each text holds furniture, as only then are lines rejoined.
func TestCleanTextLineEndHyphen(t *testing.T) {
	notice := "\n\n\nThis record contains the text of speeches delivered in English and of the interpretation of \nspeeches delivered in the other languages. Corrections should be submitted to the original \nlanguages only. They should be incorporated in a copy of the record and sent under the signature \nof a member of the delegation concerned to the Chief of the Verbatim Reporting Service, room \nU.506. Corrections will be issued after the end of the session in a consolidated corrigendum.\n\n\n\f\n"
	tests := []cleanTextCase{
		{"a compound keeps its hyphen (EST_68_2013)",
			"The central theme of the sixty-\neighth session of the General Assembly is sustainable \ndevelopment. We have focused more on reaching the poorest and most-\nexcluded groups in society. The main challenge of the " + notice + "region.",
			"The central theme of the sixty-eighth session of the General Assembly is sustainable development. We have focused more on reaching the poorest and most-excluded groups in society. The main challenge of the region."},
		{"a word the typesetter broke loses its hyphen where the statement spells it joined (SUR_48_1993)",
			"Boutros-Ghali, for his tireless efforts in consolidating\ninternational peace and security.\nto enhance multilateral cooperation.\nForty-eighth session - 7 October l993 19\nLike many developing countries, Suriname has a serious\ncomprehensive framework for the maintenance of interna-\ntional peace and security. My delegation follows with keen",
			"Boutros-Ghali, for his tireless efforts in consolidating international peace and security.\nto enhance multilateral cooperation.\nLike many developing countries, Suriname has a serious comprehensive framework for the maintenance of international peace and security. My delegation follows with keen"},
		{"a prefix always hyphenated keeps it even where the statement spells the word joined (peace-keeping)",
			"United Nations peacekeeping operations.\nForty-eighth session - 7 October l993 19\nthe cost of peace-\nkeeping has risen",
			"United Nations peacekeeping operations.\nthe cost of peace-keeping has risen"},
		{"a capital after the hyphen, across a page's footer (Secretary-General)",
			"In accordance with the Secretary-\n29 06-52879\nGeneral's report, we",
			"In accordance with the Secretary-General's report, we"},
		{"a paragraph's line ending in the OCR's hyphen for a full stop before a capital is not joined (TTO_42_1987)",
			"These acquisitions very often tend to disturb regional balances and to aggravate tensions. Its cost in human, material and financial resources is unacceptable-\nI turn now to the global economic and financial situation.\n29 06-52879\nMost",
			"These acquisitions very often tend to disturb regional balances and to aggravate tensions. Its cost in human, material and financial resources is unacceptable-\nI turn now to the global economic and financial situation.\nMost"},
		{"a dash at a line's end is no hyphen",
			"the peace process --\n29 06-52879\nand the region",
			"the peace process -- and the region"},
	}
	checkCleanText(t, tests)
}

// TestCleanTextWithoutFurniture tidies a text that holds no furniture as
// it tidies one that does: before, such a text came back as the file had
// it (7,108 of ungdc-full's 10,657 statement files), and a page break's
// blank line inside a sentence cut it in two for the sentence splitter
// (1,840 such lines). The lines are real (NOR_73_2018, EST_68_2013).
func TestCleanTextWithoutFurniture(t *testing.T) {
	checkCleanText(t, []cleanTextCase{
		{"a blank line inside a sentence, and spaces doubled (NOR_73_2018)",
			"We have  to put  girls at  the centre  of our  efforts. Ensuring quality education requires continued international\n \nfinancing, and the financing gap is considerable.\nClean and healthy oceans",
			"We have to put girls at the centre of our efforts. Ensuring quality education requires continued international financing, and the financing gap is considerable.\nClean and healthy oceans"},
		{"a hard-wrapped line, trailing spaces and a word broken after a hyphen (EST_68_2013)",
			"The central theme of the sixty-\neighth session of the General Assembly is sustainable \ndevelopment. With its three main pillars this constitutes \na comprehensive agenda",
			"The central theme of the sixty-eighth session of the General Assembly is sustainable development. With its three main pillars this constitutes a comprehensive agenda"},
		{"a paragraph's end and a form feed between paragraphs stay a paragraph break",
			"in a consolidated corrigendum.\n\n\f\nRegion after region",
			"in a consolidated corrigendum.\n\nRegion after region"},
	})
}
