package un

import (
	"regexp"
	"strings"
)

var codeRe = regexp.MustCompile(`^[A-Z]{3}$`)

// DelegationCode maps a speaker label or delegation name as printed
// ("Mr. Polyanskiy (Russian Federation) (spoke in Russian)", "Viet Nam",
// "RUS", "African Union") to a delegation code: an ISO 3166-1 alpha-3 code
// or an organisation acronym. It returns "" when it cannot tell.
//
// Three capitals are a code only when the delegation table holds that code:
// "POR" (the UNGDC speakers table's Portugal, not ISO) or "ZFA" is no code
// and gives "", and "UAE", "CAR", "DRC", "PLO", "OAU" are printed forms of
// ARE, CAF, COD, PSE and AU. Passing any three capitals through put codes
// no table knows beside the real ones in reports and relations.
func DelegationCode(label string) string {
	label = strings.TrimSpace(label)
	if d, ok := DelegationByCode(label); ok {
		return d.Code
	}
	if a, ok := CanonicalOrganisation(label); ok {
		return a
	}
	if d, ok := LookupDelegation(label); ok {
		return d.Code
	}
	// A label as printed: its groups in order, language notes aside.
	for _, in := range labelGroups(label) {
		if _, _, note := languageNote(in); note || in == "" {
			continue
		}
		if d, ok := LookupDelegation(in); ok {
			return d.Code
		}
		if a, ok := CanonicalOrganisation(in); ok {
			return a
		}
	}
	return ""
}

// SpeakerCode is the delegation code of a speaker given by any of its
// descriptions, most specific first (a stored delegation code, the
// delegation as printed, the speaker label): the first that DelegationCode
// resolves. It is how a sentence's speaker is matched against the
// membership tables when only a label is known.
func SpeakerCode(descriptions ...string) string {
	for _, s := range descriptions {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		if c := DelegationCode(s); c != "" {
			return c
		}
	}
	return ""
}
