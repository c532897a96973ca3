package un

import (
	"regexp"
	"strings"

	"github.com/unpv/unpv"
)

var (
	rePresident = regexp.MustCompile(`(?i)^(?:the\s+)?(?:(?:acting|temporary|interim)\s+)?(?:president|chair|chairman|chairperson|co-chair|vice-president)$`)
	reSecGen    = regexp.MustCompile(`(?i)^(?:the\s+)?(?:deputy\s+)?secretary-general$`)
	// UN departments and offices speaking in a record are the Secretariat.
	reUNBody = regexp.MustCompile(`^(?:Department|Office|Under-Secretary-General|Assistant Secretary-General)\b|^United Nations\b`)
	// Organisations not in the delegation table still read as organisations.
	reOrgWords = regexp.MustCompile(`\b(?:Union|Organization|Organisation|Community|League|Commission|Committee|Bank|Fund|Court|Council|Cross|Crescent|Movement|Group|Forum|Agency|Institute|Secretariat|Treaty|Programme|Office)\b`)
)

// RoleOf is the one rule for a speaker's role and delegation code, from the
// label and the speech's text (read only for the President's statements in
// national capacity). A PDF and an imported corpus that print the same
// label give the same answer.
func RoleOf(lb Label, text string) (unpv.Role, string) {
	switch {
	case rePresident.MatchString(lb.Name):
		// The delegation stays empty (none is printed); the code tells
		// whose national statement a turn contains.
		return unpv.RolePresident, PresidentCountry(text)
	case reSecGen.MatchString(lb.Name):
		return unpv.RoleSecretariat, "UN"
	}
	if lb.Delegation == "" {
		return unpv.RoleBriefer, ""
	}
	if reUNBody.MatchString(lb.Delegation) {
		return unpv.RoleSecretariat, "UN"
	}
	if d, ok := LookupDelegation(lb.Delegation); ok {
		return RoleOfDelegation(d), d.Code
	}
	if reOrgWords.MatchString(lb.Delegation) {
		return unpv.RoleOrganisation, ""
	}
	return unpv.RoleMember, ""
}

// RoleOfDelegation is the role of a speaker for delegation d: a member
// State, an observer, an organisation or the Secretariat.
func RoleOfDelegation(d unpv.Delegation) unpv.Role {
	switch d.Kind {
	case "observer":
		return unpv.RoleObserver
	case "organisation":
		return unpv.RoleOrganisation
	case "secretariat":
		return unpv.RoleSecretariat
	}
	return unpv.RoleMember
}

var reBehalf = regexp.MustCompile(`(?:\bI\b|\b[Ww]e\b|\b[Oo]ur\b|\b[Mm]y delegation\b|\b[Tt]his statement\b)[^.]{0,80}?\bon behalf of (?:the )?([A-Z][^,.;:()]{2,120})`)

// groupEnd cuts the clause that follows a group's name ("… Group of
// African States in my capacity as Chair …").
var groupEnd = regexp.MustCompile(` (?:to|in|with|as|at|for|on|regarding|concerning|and I|which|who|that|—|–|-) `)

// OnBehalfOf finds the group a speaker speaks for in the opening of a
// speech ("I have the honour to speak on behalf of the Group of 77 and
// China"). Only the first 400 bytes count: later mentions are usually
// about others.
func OnBehalfOf(text string) string {
	head := text
	if len(head) > 400 {
		head = head[:400]
	}
	if !strings.Contains(head, "on behalf of") {
		return ""
	}
	m := reBehalf.FindStringSubmatch(head)
	if m == nil {
		return ""
	}
	g := strings.TrimSpace(m[1])
	if loc := groupEnd.FindStringIndex(g); loc != nil {
		g = g[:loc[0]]
	}
	// A group is named with capitals; "on behalf of my country" is not one.
	if strings.HasPrefix(g, "My ") || strings.HasPrefix(g, "Her ") || strings.HasPrefix(g, "His ") ||
		strings.HasSuffix(g, " delegation") || strings.HasSuffix(g, " Government") {
		return ""
	}
	return g
}

// reCapacity finds the President's switch to national capacity: "I shall
// now make a statement in my capacity as the representative of Viet Nam."
var reCapacity = regexp.MustCompile(`in my (?:national )?capacity as (?:the )?(?:representative|Minister for Foreign Affairs|Permanent Representative) of (?:the )?([A-Z][^.,;:]{2,80})`)

// PresidentCountry returns the code of the State whose representative the
// President speaks for in national capacity ("I shall now make a statement
// in my capacity as the representative of Viet Nam"), or "".
func PresidentCountry(text string) string {
	m := reCapacity.FindStringSubmatch(text)
	if m == nil {
		return ""
	}
	if d, ok := LookupDelegation(strings.TrimSpace(m[1])); ok {
		return d.Code
	}
	return ""
}

// reUNTitle finds UN officials' titles where the President introduces
// briefers: "Mr. Griffiths, Under-Secretary-General for Humanitarian
// Affairs", "Special Representative of the Secretary-General".
var reUNTitle = regexp.MustCompile(`^[^.;:]{0,60}?\b(?:Secretary-General|High Commissioner|United Nations|Special Envoy|Special Representative|Special Coordinator|UNICEF|UNHCR|UNDP|OCHA|UNRWA|World Food Programme|World Health Organization)`)

// reOrgTitle finds briefers who speak for an organisation: "Mr. Skoog,
// Head of the Delegation of the European Union to the United Nations",
// "Chairperson of the African Union Commission".
var reOrgTitle = regexp.MustCompile(`^[^.;:]{0,60}?\b(?:Delegation|Chairperson|Chair|Chairman|Secretary-General|Secretary General|President|Commissioner|Director-General|Executive Secretary|Special Envoy|Representative|Observer) of the ([A-Z][\w'’-]*(?: (?:of|for|and|the|[A-Z][\w'’-]*))*)`)

// MarkBriefers turns briefers into Secretariat or organisation speakers
// when the record introduces them with a UN or organisation title ("Ms.
// DiCarlo, Under-Secretary-General for Political and Peacebuilding
// Affairs"; "Mr. Skoog, Head of the Delegation of the European Union").
// It reads the whole record, so it applies to a record's speeches together.
func MarkBriefers(sps []unpv.Speech) {
	var all strings.Builder
	for _, s := range sps {
		all.WriteString(s.Text)
		all.WriteByte('\n')
	}
	text := all.String()
	type who struct {
		role unpv.Role
		code string
	}
	cache := map[string]who{}
	for i := range sps {
		s := &sps[i]
		if s.Role != unpv.RoleBriefer {
			continue
		}
		sur := surname(s.SpeakerName)
		if sur == "" {
			continue
		}
		w, seen := cache[sur]
		if !seen {
			w.role, w.code = briefer(text, sur)
			cache[sur] = w
		}
		if w.role != "" {
			s.Role, s.DelegationCode = w.role, w.code
		}
	}
}

// briefer looks at how the record introduces a briefer ("Mr. Skoog, Head
// of the Delegation of the European Union", "Ms. DiCarlo, Under-Secretary-
// General for Political and Peacebuilding Affairs") and returns the role
// that follows, or "" when nothing is said.
func briefer(text, sur string) (unpv.Role, string) {
	for off := 0; ; {
		j := strings.Index(text[off:], sur+",")
		if j < 0 {
			return "", ""
		}
		at := off + j + len(sur) + 1
		win := text[at:min(len(text), at+200)]
		if m := reOrgTitle.FindStringSubmatch(win); m != nil {
			org := strings.TrimSuffix(strings.TrimSuffix(m[1], " to the United Nations"), " Commission")
			if d, ok := LookupDelegation(org); ok && d.Kind == "organisation" {
				return unpv.RoleOrganisation, d.Code
			}
		}
		if reUNTitle.MatchString(win) {
			return unpv.RoleSecretariat, "UN"
		}
		off = at
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

// Fill sets a speech's speaker fields from its label: Speaker,
// SpeakerName, Delegation, Language, OnBehalfOf (from the label, else from
// the opening of a delegate's speech), Role and DelegationCode (RoleOf).
// Text that OCR displaced into the label goes back to the start of sp.Text.
func (lb Label) Fill(sp *unpv.Speech) {
	if lb.Displaced != "" {
		sp.Text = lb.Displaced + " " + sp.Text
	}
	sp.Speaker, sp.SpeakerName, sp.Delegation = lb.Printed, lb.Name, lb.Delegation
	sp.Language, sp.OnBehalfOf = lb.Language, lb.OnBehalfOf
	sp.Role, sp.DelegationCode = RoleOf(lb, sp.Text)
	// The chair speaks for the body as a matter of course; only delegates'
	// "on behalf of" statements name a group.
	if sp.OnBehalfOf == "" && sp.Role != unpv.RolePresident {
		sp.OnBehalfOf = OnBehalfOf(sp.Text)
	}
}
