package un

import (
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
)

// The paragraphs below are real: stage directions and speakers' sentences
// of the records in shared/corpora/raw-samples and testdata/extract, their
// lines joined as the extract stage joins them.
func TestStageDirection(t *testing.T) {
	type got struct {
		Kind, At string
		OK       bool
	}
	tests := []struct {
		s    string
		want got
	}{
		{"The meeting was called to order at 6.25 p.m.", got{"called_to_order", "6.25 p.m.", true}},                                      // S/PV.3756
		{"The meeting was called to order at 10 a.m.", got{"called_to_order", "10 a.m.", true}},                                          // S/PV.8698
		{"The meeting was suspended at 1.10 p.m.", got{"suspended", "1.10 p.m.", true}},                                                  // S/PV.8706
		{"The meeting was suspended at 1.15 p.m. and resumed at 3.05 p.m.", got{"suspended", "1.15 p.m.", true}},                         // its resumption is in the same sentence
		{"The meeting was resumed at 10 a.m. on 10 January.", got{"resumed", "10 a.m.", true}},                                           // S/PV.8699 (Resumption 1)
		{"The meeting resumed at 10.10 a.m. on Wednesday, 22 January.", got{"resumed", "10.10 a.m.", true}},                              // S/PV.8706 (Resumption 1)
		{"The meeting rose at 7.30 p.m.", got{"rose", "7.30 p.m.", true}},                                                                // S/PV.3756
		{"It was so decided.", got{"decided", "", true}},                                                                                 // A/76/PV.102
		{"A recorded vote was taken.", got{"vote", "", true}},                                                                            // A/65/PV.71
		{"The agenda was adopted.", got{"adopted", "", true}},                                                                            // S/PV.8700
		{"Draft resolution II was adopted (resolution 65/183).", got{"adopted", "", true}},                                               // A/65/PV.71
		{"The draft resolution was adopted (resolution 76/307).", got{"adopted", "", true}},                                              // A/76/PV.102
		{"The members of the General Assembly observed a minute of silence.", got{"silence", "", true}},                                  // A/61/PV.107
		{"Mr. Diarra (Mali), Vice-President, took the Chair.", got{"chair", "", true}},                                                   // A/60/PV.85
		{"The President returned to the Chair.", got{"chair", "", true}},                                                                 // A/48/PV.46
		{"At the invitation of the President, Mr. Al-Kidwa (Palestine) took a seat at the Council table.", got{"invited", "", true}},     // S/PV.3756
		{"[Subsequently, the delegation of the Gambia advised the Secretariat that it had intended to abstain.]", got{"note", "", true}}, // A/65/PV.71
		{"Mr. Joseph R. Biden, President of the United States of America, was escorted into the General Assembly Hall.", got{"escorted", "", true}},
		// A speaker's sentence is speech, whatever it says was adopted.
		{"the Montreal Protocol on Substances that Deplete the Ozone Layer was adopted in Bru’cha’s home town.", got{}},
		{"There being no objection, it is so decided.", got{}}, // the President's words (A/76/PV.102)
		{"The meeting was called to order", got{}},             // no time, no full stop: not yet a paragraph
	}
	for _, tc := range tests {
		t.Run(tc.s, func(t *testing.T) {
			var g got
			g.Kind, g.At, g.OK = StageDirection(tc.s)
			if d := gocmp.Diff(tc.want, g); d != "" {
				t.Errorf("StageDirection(%q) (-want +got):\n%s", tc.s, d)
			}
			// Every direction can start where the extract stage looks.
			if tc.want.OK && !CouldStartStageDirection(tc.s) {
				t.Errorf("CouldStartStageDirection(%q) = false", tc.s)
			}
		})
	}
}

func TestCouldStartStageDirection(t *testing.T) {
	testLines(t, "CouldStartStageDirection", CouldStartStageDirection, []lineCase{
		{"The meeting rose at 7.30 p.m.", true},
		{"Mr. Joseph R. Biden, President of the United States of America, was", true}, // its first line
		{"In the absence of the President, Mr. Kazykhanov", true},
		{"[Subsequently, the delegation of Saudi Arabia advised", true},
		// A title opens it (A/61/PV.107); its paragraph is speech, which
		// the rules tell.
		{"Ambassador Gaston Thorn, Presidents of the Assembly", true},
		{"arms embargo on South Africa. A decade later, in 1987,", false},
		{"There being no objection, it is so decided.", false},
	})
}

func TestOpensMeeting(t *testing.T) {
	testLines(t, "OpensMeeting", OpensMeeting, []lineCase{
		{"The meeting was called to order at 3.20 p.m.", true}, // A/48/PV.46
		{"The meeting was resumed at 10 a.m. on 10 January.", true},
		{"The meeting resumed at 10.10 a.m. on Wednesday, 22 January.", true},
		{"The meeting was opened at 10 a.m.", true},
		{"AGENDA ITEM 14 (continued)", true}, // A/48/PV.46
		{"Agenda item 74 (continued)", true},
		{"Agenda items 26 and 27", true},
		{"Adoption of the agenda", true}, // S/PV.3756
		{"In the absence of the President, Mr. Diarra (Mali), Vice-President, took the Chair.", true},
		{"Expression of thanks to the retiring President", true},
		{"The meeting rose at 7.30 p.m.", false},
		{"Agenda", false}, // the cover's heading, before the agenda
		{"the CTC meeting was convened jointly with the", false},
	})
}

func TestAgendaHeading(t *testing.T) {
	testLines(t, "AgendaHeading", AgendaHeading, []lineCase{
		{"Agenda item 66 (continued)", true}, // A/61/PV.107
		{"AGENDA ITEM 14 (continued)", true}, // A/48/PV.46
		{"Agenda item 89", true},
		{"Agenda items 26, 27 and 29", true},
		{"Agenda items 26 to 29 (continued)", true},
		{"Agenda item 14: report of the International Atomic Energy Agency", false}, // its title follows on the next line
		{"agenda item 14", false},
		{"Agenda item", false},
	})
}

// FuzzStageDirection: StageDirection never panics, gives a kind with every
// direction, and reads those whose opening words its rule fixes only
// where CouldStartStageDirection lets the extract stage try.
func FuzzStageDirection(f *testing.F) {
	for _, s := range []string{"The meeting rose at 7.30 p.m.", "It was so decided.", "The agenda was adopted.",
		"The meeting resumed at 10.10 a.m. on Wednesday, 22 January.", "[Later, the delegation advised.]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		kind, at, ok := StageDirection(s)
		if !ok {
			if kind != "" || at != "" {
				t.Errorf("StageDirection(%q) = %q, %q without a direction", s, kind, at)
			}
			return
		}
		if kind == "" {
			t.Errorf("StageDirection(%q): no kind", s)
		}
		// The directions whose rule fixes their opening words (the others
		// open with a name or a document's, which the check only guesses).
		fixed := map[string]bool{"called_to_order": true, "suspended": true, "resumed": true, "rose": true,
			"decided": true, "vote": true, "silence": true, "invited": true, "note": true}
		if fixed[kind] && !CouldStartStageDirection(s) {
			t.Errorf("StageDirection(%q) = %q, but no direction can start so", s, kind)
		}
		_ = OpensMeeting(s)
	})
}

// TestInterpreterNote: notes as speeches print them between sentences
// (unsc-2020-speeches; TUN_41_1986 of the General Debate Corpus; S/PV.3756
// prints the 1990s form after a label), and parentheses that are not one.
func TestInterpreterNote(t *testing.T) {
	tests := []struct {
		text string
		want string // the note read at the first "(", "" for none
	}{
		{"to make a further statement. (spoke in English) My understanding is that she", "(spoke in English)"},
		{"(spoke in Spanish; English text provided by the delegation) Thank you.", "(spoke in Spanish; English text provided by the delegation)"},
		{"Mr. Elaraby (Egypt)(interpretation from Arabic):", ""}, // "(Egypt)" is not a note
		{"(interpretation from Arabic): I thank you.", "(interpretation from Arabic)"},
		{"in dealing with difficult issues, (continued in French)", "(continued in French)"},
		{"(spoke in English", ""},                           // not closed
		{"(spoke in (the) English) text", ""},               // a parenthesis inside
		{"(spokein English)", ""},                           // as printed only
		{"(Spoke in English)", ""},                          // the record's lower case
		{"(spoke in " + strings.Repeat("x", 130) + ")", ""}, // longer than any note
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			i := strings.IndexByte(tc.text, '(')
			got := ""
			if end := InterpreterNote(tc.text, i); end > 0 {
				got = tc.text[i:end]
			}
			if got != tc.want {
				t.Errorf("InterpreterNote(%q) read %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

// FuzzInterpreterNote: a note read at a "(" ends at a ")" after it,
// within the text and the bound, with no "(" inside.
func FuzzInterpreterNote(f *testing.F) {
	for _, s := range []string{"(spoke in English) My", "(interpretation from Arabic):", "(continued in French)", "(spoke in (x)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i := 0; i < len(s); i++ {
			if s[i] != '(' {
				continue
			}
			end := InterpreterNote(s, i)
			if end == 0 {
				continue
			}
			if end <= i+1 || end > len(s) || end-i > maxInterpreterNote+2 || s[end-1] != ')' || strings.IndexByte(s[i+1:end-1], '(') >= 0 {
				t.Fatalf("InterpreterNote(%q, %d) = %d", s, i, end)
			}
		}
	})
}
