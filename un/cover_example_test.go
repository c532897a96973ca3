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
