package un_test

import (
	"fmt"
	"strings"

	"github.com/unpv/unpv/un"
)

// A cover that prints no symbol (A/48/PV.46, 1993): its date, session and
// meeting number name the record.
func ExampleCoverDate() {
	cover := "46th PLENARY MEETING GENERAL ASSEMBLY Monday, 1 November 1993 at 3 p.m. FORTY-EIGHTH SESSION"
	date, _ := un.CoverDate(cover)
	low := strings.ToLower(cover)
	session := un.SessionOrdinal(low)
	n, _ := un.MeetingNumber(low)
	fmt.Println(date, session, n, un.AssemblySymbol(session, n))
	// Output: 1993-11-01 48 46 A/48/PV.46
}

func ExampleOrdinal() {
	for _, w := range []string{"Sixty-eighth", "FORTY-EIGHTH", "eleventh", "special"} {
		fmt.Println(w, un.Ordinal(w))
	}
	// Output:
	// Sixty-eighth 68
	// FORTY-EIGHTH 48
	// eleventh 11
	// special 0
}

// An emergency special session's cover names the emergency session; its
// symbol does too.
func ExampleEmergencySymbol() {
	es := un.EmergencyLine("Eleventh emergency special session")
	fmt.Println(un.EmergencySymbol(es, 1))
	// Output: A/ES-11/PV.1
}

func ExampleStageDirection() {
	for _, s := range []string{
		"The meeting resumed at 10.10 a.m. on Wednesday, 22 January.",
		"Draft resolution II was adopted (resolution 65/183).",
		"There being no objection, it is so decided.",
	} {
		kind, at, ok := un.StageDirection(s)
		fmt.Printf("%q %q %v\n", kind, at, ok)
	}
	// Output:
	// "resumed" "10.10 a.m." true
	// "adopted" "" true
	// "" "" false
}

// The two halves of the 1990s running header as pdftotext -layout prints
// them flush right (S/PV.3756): the right half is furniture, a speech's
// line is not.
func ExampleMeetingHeaderRight() {
	for _, s := range []string{"3756th meeting", "21 March 1997", "the 3756th meeting of the Council"} {
		fmt.Println(s, un.MeetingHeaderRight(s))
	}
	// Output:
	// 3756th meeting true
	// 21 March 1997 true
	// the 3756th meeting of the Council false
}

// Where a record's body begins after its cover (A/48/PV.46), and the
// agenda heading the extract stage drops with its title.
func ExampleOpensMeeting() {
	for _, l := range []string{"President: Mr. INSANALLY", "The meeting was called to order at 3.20 p.m.", "AGENDA ITEM 14 (continued)"} {
		fmt.Println(un.OpensMeeting(l), un.AgendaHeading(l))
	}
	// Output:
	// false false
	// true false
	// true true
}

// An interpreter's note between two sentences belongs to neither.
func ExampleInterpreterNote() {
	text := "to make a further statement. (spoke in English) My understanding is that she"
	i := strings.IndexByte(text, '(')
	end := un.InterpreterNote(text, i)
	fmt.Printf("%q\n", text[i:end])
	// Output: "(spoke in English)"
}
