package classify

import (
	"regexp"

	"github.com/unpv/unpv/un"
)

// codeRe is the shape of a State's code in the membership table.
var codeRe = regexp.MustCompile(`^[A-Z]{3}$`)

// DelegationCode maps a speaker label or delegation name as printed to a
// delegation code; it forwards to un.DelegationCode, where the delegation
// and organisation tables live.
func DelegationCode(label string) string { return un.DelegationCode(label) }

// isStateName reports whether name, as printed, is a State (or former or
// observer State) of the delegation table: "Armenia", "Russian Federation",
// "United States of America".
func isStateName(name string) bool {
	d, ok := un.LookupDelegation(name)
	return ok && (d.Kind == "state" || d.Kind == "historical" || d.Kind == "observer")
}
