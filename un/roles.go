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

// reOthersStatement marks, in the sentence before reBehalf's "on behalf
// of", another speaker's statement: "my delegation aligns itself with the
// statement delivered on behalf of the European Union", "We support the
// statement made by the representative of Azerbaijan on behalf of …".
var reOthersStatement = regexp.MustCompile(`\b(?:[Aa]lign|[Aa]ssociat|[Ss]upport|[Ee]ndors|[Ss]ubscrib)\w*|\bstatements? (?:to be |just |earlier )?(?:delivered|made|given|presented|read out)\b`)

// groupEnd cuts the clause that follows a group's name ("… Group of
// African States in my capacity as Chair …").
var groupEnd = regexp.MustCompile(` (?:to|in|with|as|at|for|on|regarding|concerning|and I|which|who|that|—|–|-) `)

// OnBehalfOf finds the group a speaker speaks for in the opening of a
// speech ("I have the honour to speak on behalf of the Group of 77 and
// China"). Only the first 400 bytes count: later mentions are usually
// about others. A statement the speaker aligns with or supports is
// another's, whoever it was delivered on behalf of.
func OnBehalfOf(text string) string {
	head := text
	if len(head) > 400 {
		head = head[:400]
	}
	if !strings.Contains(head, "on behalf of") {
		return ""
	}
	g := ""
	for _, c := range reBehalf.FindAllStringSubmatchIndex(head, -1) {
		// The sentence up to "on behalf of", not only the match: a match
		// starts at a pronoun at most 80 bytes before the phrase, which
		// may come after the verb ("My delegation fully aligns itself
		// with the … statement that will be delivered later today by our
		// colleague on behalf of …").
		sentence := strings.LastIndex(head[:c[0]], ".") + 1
		if !reOthersStatement.MatchString(head[sentence:strings.LastIndex(head[:c[2]], "on behalf of")]) {
			g = head[c[2]:c[3]]
			break
		}
	}
	if g == "" {
		return ""
	}
	g = strings.TrimSpace(g)
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
// now make a statement in my capacity as the representative of Viet Nam",
// "… in my capacity as Deputy Prime Minister and Minister for Foreign
// Affairs of Viet Nam", "… in my national capacity as the representative of
// the Niger on behalf of the three African members". The State is read from
// the words after the first "of" of the title that a State's name follows
// (stateAt).
var reCapacity = regexp.MustCompile(`in my (?:national )?capacity as (?:the )?([\p{L}'’-]+(?: [\p{L}'’-]+){0,14})`)

// PresidentCountry returns the code of the State whose representative the
// President speaks for in national capacity ("I shall now make a statement
// in my capacity as the representative of Viet Nam"), or "".
func PresidentCountry(text string) string {
	for _, m := range reCapacity.FindAllStringSubmatch(text, -1) {
		words := strings.Fields(m[1])
		// The title ends with "of <State>" ("Minister of Finance and
		// Development of Belgium"): try every "of", first first, since the
		// State's name may hold one itself ("the Democratic Republic of the
		// Congo", "the Democratic People's Republic of Korea"); tried last
		// first, those were the Congo and the Republic of Korea.
		for i := range words {
			if words[i] != "of" {
				continue
			}
			if code := stateAt(words[i+1:]); code != "" {
				return code
			}
		}
	}
	return ""
}

// maxNameWords is the longest delegation name, in words, that stateAt and
// orgIn try ("United Kingdom of Great Britain and Northern Ireland").
const maxNameWords = 9

// stateAt returns the code of the State (or observer) whose name starts
// words, trying the longest prefix first ("the Niger on behalf of …" →
// NER), or "".
func stateAt(words []string) string {
	for n := min(len(words), maxNameWords); n >= 1; n-- {
		d, ok := LookupDelegation(strings.TrimRight(strings.Join(words[:n], " "), ".,;:"))
		if ok && (d.Kind == "state" || d.Kind == "historical" || d.Kind == "observer") {
			return d.Code
		}
	}
	return ""
}

// orgIn returns the first organisation of the delegation table named in
// words (any run of up to maxNameWords words, the longest at each start:
// "African Union Commissioner for Peace and Security" → AU,
// "Secretary-General of the Association of Southeast Asian Nations (ASEAN)"
// → ASEAN), or "".
func orgIn(words []string) string {
	for i := range words {
		for n := min(len(words)-i, maxNameWords); n >= 1; n-- {
			name := strings.Trim(strings.Join(words[i:i+n], " "), ".,;:()")
			if d, ok := LookupDelegation(name); ok && d.Kind == "organisation" {
				return d.Code
			}
		}
	}
	return ""
}

// reUNTitle finds UN officials' titles where the President introduces
// briefers: "Mr. Griffiths, Under-Secretary-General for Humanitarian
// Affairs", "Special Representative of the Secretary-General".
var reUNTitle = regexp.MustCompile(`\b(?:Secretary-General|High Commissioner|United Nations|Special Envoy|Special Representative|Special Coordinator|UNICEF|UNHCR|UNDP|OCHA|UNRWA|UN-Women|UNFPA|UNODC|World Food Programme|World Health Organization|Peacebuilding Support|High Representative for Disarmament|Counter-Terrorism Committee Executive Directorate|Office of Counter-Terrorism)`)

// reStateTitle finds a State's official in an introduction: "Permanent
// Representative of Morocco", "President of the Observer State of
// Palestine", "on behalf of the Kingdom of Belgium".
var reStateTitle = regexp.MustCompile(`\b(?:Representative|Ambassador|President|Vice-President|Prime Minister|Minister|King|Queen|Emir|Head of State|Head of Government|on behalf)\b`)

// clauseEnd cuts an introduction's title clause before the next person or
// the rest of the sentence: "Mr. Smail Chergui, African Union Commissioner
// for Peace and Security; and Ms. Jo Becker, …".
var clauseEnd = regexp.MustCompile(`;|\.(?:\s|$)| and (?:His|Her|Mr\.|Ms\.|Mrs\.|Dr\.|Dato|Sir|Dame)\b| to (?:participate|brief)\b`)

// MarkBriefers turns briefers into Secretariat or organisation speakers
// when the record introduces them with a UN or organisation title ("Ms.
// DiCarlo, Under-Secretary-General for Political and Peacebuilding
// Affairs"; "Mr. Skoog, Head of the Delegation of the European Union"),
// and into a State's speaker when it introduces them as its official
// ("Mr. Hilale, Permanent Representative of Morocco"). It reads the whole
// record, so it applies to a record's speeches together: the extract stage
// passes a PDF's speeches, the importers a meeting's speeches (the
// President's introductions are in the President's turns).
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

// IntroducedAs reads the title clause that follows a person's name where
// the record introduces them ("Dato Lim Jock Hoi, Secretary-General of the
// Association of Southeast Asian Nations", "Mr. Jean-Pierre Lacroix,
// Under-Secretary-General for Peace Operations", "Mr. Omar Hilale,
// Permanent Representative of Morocco to the United Nations") and returns
// the role and code it implies: an organisation named in it speaks for
// itself; a UN title makes a Secretariat speaker; a State's official
// speaks for the State (role member, or observer). It returns "" when the clause says
// none of these.
func IntroducedAs(clause string) (unpv.Role, string) {
	if loc := clauseEnd.FindStringIndex(clause); loc != nil {
		clause = clause[:loc[0]]
	}
	// "… of the European Union to the United Nations": the United Nations
	// is where they sit, not whom they speak for.
	clause = reToUN.ReplaceAllString(clause, "")
	if code := orgIn(strings.Fields(clause)); code != "" {
		return unpv.RoleOrganisation, code
	}
	if reUNTitle.MatchString(clause) {
		return unpv.RoleSecretariat, "UN"
	}
	for _, loc := range reStateTitle.FindAllStringIndex(clause, -1) {
		// The State follows one of the "of"s after the title ("Minister
		// for Foreign Affairs of Kazakhstan", "President of the Observer
		// State of Palestine"). An "of the" naming anything but a State's
		// style ends the title: the State named after it owns the body the
		// person heads, not the person ("President of the Commission for
		// the Clarification of Truth, Coexistence and Non-Repetition of
		// Colombia" is a briefer, S/PV.8723, not Colombia's representative,
		// who spoke in the same meeting); a later title may still name one
		// ("King of the Belgians, who will make a statement on behalf of
		// the Kingdom of Belgium").
		words := strings.Fields(clause[loc[0]:])
		for i, w := range words {
			if w != "of" {
				continue
			}
			if code := stateAt(words[i+1:]); code != "" {
				d, _ := DelegationByCode(code)
				return RoleOfDelegation(d), code
			}
			if i+2 < len(words) && words[i+1] == "the" && !stateStyle[words[i+2]] {
				break
			}
		}
	}
	return "", ""
}

// stateStyle are the words that may follow a title's "of the" on the way
// to a State's name ("of the Observer State of", "of the Kingdom of").
var stateStyle = map[string]bool{
	"Observer": true, "State": true, "Kingdom": true, "Republic": true, "Principality": true,
	"Grand": true, "Federation": true, "Government": true, "Delegation": true,
	"Permanent": true, "Mission": true, "Sultanate": true, "Commonwealth": true,
}

var reToUN = regexp.MustCompile(`\s+to the United Nations(?: (?:in New York|at Geneva|Office at Geneva))?\b`)

// briefer looks at how the record introduces a briefer ("Mr. Skoog, Head
// of the Delegation of the European Union", "Ms. DiCarlo, Under-Secretary-
// General for Political and Peacebuilding Affairs") and returns the role
// that follows (IntroducedAs), or "" when nothing is said.
func briefer(text, sur string) (unpv.Role, string) {
	for off := 0; ; {
		j := strings.Index(text[off:], sur)
		if j < 0 {
			return "", ""
		}
		at := off + j + len(sur)
		off = at
		rest := text[at:]
		switch {
		case strings.HasPrefix(rest, ", "):
			rest = rest[2:]
		case strings.HasPrefix(rest, " of "):
			// "His Majesty King Philippe of Belgium"
			rest = rest[1:]
		default:
			continue
		}
		if role, code := IntroducedAs(rest[:min(len(rest), 240)]); role != "" {
			return role, code
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

// Group is how reports place a speaker: the delegations whose stances they
// compare (States, observers, organisations speaking for themselves), and
// the speakers who speak for none of them, reported apart.
type Group string

// Speaker groups.
const (
	GroupState        Group = "state"        // a Member State, current or former
	GroupObserver     Group = "observer"     // an observer State or entity
	GroupOrganisation Group = "organisation" // an organisation speaking for itself (its officials included)
	GroupSecretariat  Group = "secretariat"  // the UN Secretariat: the Secretary-General and UN officials
	GroupPresiding    Group = "presiding"    // a presiding officer speaking as such, not for a State
	GroupBriefer      Group = "briefer"      // an invited briefer with no State or organisation
	GroupUnknown      Group = "unknown"      // a delegation as printed that the table does not know
)

// IsDelegation reports whether g holds stances of its own: a State, an
// observer or an organisation. The others (the Secretariat, presiding
// officers, briefers) are reported apart.
func (g Group) IsDelegation() bool {
	return g == GroupState || g == GroupObserver || g == GroupOrganisation
}

// Label is how a report names the group of speakers without a delegation.
func (g Group) Label() string {
	switch g {
	case GroupSecretariat:
		return "UN Secretariat"
	case GroupPresiding:
		return "Presiding officers"
	case GroupBriefer:
		return "Briefers without a State"
	case GroupUnknown:
		return "Unknown delegations"
	}
	return string(g)
}

// SpeakerGroup places a speaker by delegation code and role: a code in the
// delegation table by its kind (a former Member is a State); a code it does
// not know as a State when it is an ISO 3166 alpha-3 shape, else as an
// organisation when un knows the acronym. Without a code: a presiding
// officer speaking as such, a briefer, or (a delegation printed but not
// known) unknown.
func SpeakerGroup(code string, role unpv.Role) Group {
	if code = strings.TrimSpace(code); code != "" {
		if d, ok := DelegationByCode(code); ok {
			switch d.Kind {
			case "observer":
				return GroupObserver
			case "organisation":
				return GroupOrganisation
			case "secretariat":
				return GroupSecretariat
			}
			return GroupState
		}
		if codeRe.MatchString(code) {
			return GroupState
		}
		if _, ok := CanonicalOrganisation(code); ok {
			return GroupOrganisation
		}
		return GroupUnknown
	}
	switch role {
	case unpv.RolePresident:
		return GroupPresiding
	case unpv.RoleBriefer:
		return GroupBriefer
	case unpv.RoleSecretariat:
		return GroupSecretariat
	}
	return GroupUnknown
}
