package un

import "strconv"

// AssemblySymbol is the canonical symbol of plenary meeting n of the
// General Assembly's regular session: "A/48/PV.46". A record that prints
// no symbol (the 1993 covers) is named by it from the session and meeting
// its cover prints; ParseSymbol reads it back.
func AssemblySymbol(session, n int) string {
	return "A/" + strconv.Itoa(session) + "/PV." + strconv.Itoa(n)
}

// EmergencySymbol is the canonical symbol of meeting n of the General
// Assembly's emergency special session es: "A/ES-11/PV.1". Its symbol
// names the emergency session, not the regular session it met during
// (EmergencySession, RecordSession).
func EmergencySymbol(es, n int) string {
	return "A/ES-" + strconv.Itoa(es) + "/PV." + strconv.Itoa(n)
}
