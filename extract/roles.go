package extract

import (
	"regexp"
	"strings"

	"github.com/unpv/unpv"
)

var (
	rePresident = regexp.MustCompile(`^The (?:(?:Acting|Temporary|Interim) )?(?:President|PRESIDENT|Chair|Chairman|Chairperson|Co-Chair|Vice-President)$`)
	reSecGen    = regexp.MustCompile(`^The (?:Deputy )?(?:Secretary-General|SECRETARY-GENERAL)$`)
	// Organisations not in the delegation table still read as organisations.
	reOrgWords = regexp.MustCompile(`\b(?:Union|Organization|Organisation|Community|League|Commission|Committee|Bank|Fund|Court|Council|Cross|Crescent|Movement|Group|Forum|Agency|Institute|Secretariat|Treaty|Programme|Office)\b`)
)

// roleOf derives the speaker's role and delegation code from the label.
func roleOf(lb Label, text string) (unpv.Role, string) {
	switch {
	case rePresident.MatchString(lb.Name):
		return unpv.RolePresident, ""
	case reSecGen.MatchString(lb.Name):
		return unpv.RoleSecretariat, "UN"
	}
	if lb.Delegation == "" {
		return unpv.RoleBriefer, ""
	}
	if d, ok := lookupDelegation(lb.Delegation); ok {
		switch d.Kind {
		case "observer":
			return unpv.RoleObserver, d.Code
		case "organisation":
			return unpv.RoleOrganisation, d.Code
		case "secretariat":
			return unpv.RoleSecretariat, d.Code
		}
		return unpv.RoleMember, d.Code
	}
	if reOrgWords.MatchString(lb.Delegation) {
		return unpv.RoleOrganisation, ""
	}
	return unpv.RoleMember, ""
}

var reBehalf = regexp.MustCompile(`\b(?:speak|speaking|statement|deliver|delivering|make|making|take the floor|taking the floor|have the honour)\b[^.]{0,80}?\bon behalf of (?:the )?([A-Z][^,.;:()]{2,120})`)

// onBehalfOf finds the group a speaker speaks for in the opening of a
// speech ("I have the honour to speak on behalf of the Group of 77 and
// China"). Only the first 400 bytes count: later mentions are usually
// about others.
func onBehalfOf(text string) string {
	head := text
	if len(head) > 400 {
		head = head[:400]
	}
	m := reBehalf.FindStringSubmatch(head)
	if m == nil {
		return ""
	}
	g := strings.TrimSpace(m[1])
	// "the European Union and its member States" → keep it as printed, but
	// cut a trailing clause that starts a new thought.
	for _, stop := range []string{" and I ", " which ", " who ", " as well as "} {
		if i := strings.Index(g, stop); i > 0 {
			g = g[:i]
		}
	}
	// A group is named with capitals; "on behalf of my country" is not one.
	if strings.HasPrefix(g, "My ") || strings.HasPrefix(g, "Her ") || strings.HasPrefix(g, "His ") {
		return ""
	}
	return g
}

// reUNTitle finds UN officials' titles where the President introduces
// briefers: "Mr. Griffiths, Under-Secretary-General for Humanitarian
// Affairs", "Special Representative of the Secretary-General".
var reUNTitle = regexp.MustCompile(`^[^.;:]{0,60}?\b(?:Secretary-General|High Commissioner|United Nations|UN |Special Envoy|Special Representative|Special Coordinator|Head of the United Nations|UNICEF|UNHCR|UNDP|OCHA|World Food Programme|World Health Organization)`)

// markSecretariat turns briefers into Secretariat speakers when the record
// introduces them with a UN title.
func markSecretariat(sps []unpv.Speech) {
	var all strings.Builder
	for _, s := range sps {
		all.WriteString(s.Text)
		all.WriteByte('\n')
	}
	text := all.String()
	cache := map[string]bool{}
	for i := range sps {
		s := &sps[i]
		if s.Role != unpv.RoleBriefer {
			continue
		}
		sur := surname(s.SpeakerName)
		if sur == "" {
			continue
		}
		un, seen := cache[sur]
		if !seen {
			for off := 0; ; {
				j := strings.Index(text[off:], sur+",")
				if j < 0 {
					break
				}
				at := off + j + len(sur) + 1
				if reUNTitle.MatchString(text[at:min(len(text), at+200)]) {
					un = true
					break
				}
				off = at
			}
			cache[sur] = un
		}
		if un {
			s.Role = unpv.RoleSecretariat
			s.DelegationCode = "UN"
		}
	}
}

// surname is the last word of a personal name ("Mr. Ruiz Massieu" →
// "Massieu").
func surname(name string) string {
	f := strings.Fields(name)
	if len(f) < 2 {
		return ""
	}
	return f[len(f)-1]
}
