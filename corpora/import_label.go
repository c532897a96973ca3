package corpora

import (
	"regexp"
	"strings"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/un"
)

// SpeakerLabel is a speaker label split into its parts.
type SpeakerLabel struct {
	Label      string // as printed, e.g. "Mr. Nebenzia (Russian Federation) (spoke in Russian)"
	Name       string // "Mr. Nebenzia", "The President"
	Delegation string // "Russian Federation"; empty for briefers and presiding officers
	OnBehalfOf string // "the Group of 77 and China" from "(Guyana, on behalf of …)"
	Language   string // "Russian" from "(spoke in Russian)" or "(interpretation from Russian)"
	// Displaced is body text that OCR column mixing moved inside the language
	// group ("(spoke I thank Mr. Lowcock for his briefing. in French)"); it
	// belongs at the start of the speech.
	Displaced string
}

var (
	labelStartRe = regexp.MustCompile(`^(?:The\s|Mr\b|Mrs\b|Ms\b|Miss\b|Mme\b|Dame\b|Sir\b|Dr\b|Lord\b|Lady\b|` +
		`Baroness\b|Monsignor\b|Msgr\b|Archbishop\b|Cardinal\b|Bishop\b|Prince\b|Princess\b|King\b|Queen\b|` +
		`President\b|Sheikh|Shaikh|Dato|Datuk|Tan Sri|H\.\s?E\.|His\s|Her\s|Judge\b|Justice\b|Professor\b|` +
		`Reverend\b|Father\b|Sister\b|Ambassador\b)`)
	langGroupRe   = regexp.MustCompile(`(?i)^\s*(?:spoke|speaking|interpretation|interpreted)\b`)
	langTailRe    = regexp.MustCompile(`\b(?:in|from)\s+([A-Za-z]+)\s*$`)
	langAnyRe     = regexp.MustCompile(`\b(?:in|from)\s+([A-Z][a-z]+)`)
	parenGroupRe  = regexp.MustCompile(`\(([^()]*)\)`)
	onBehalfRe    = regexp.MustCompile(`(?i)^(.*?),?\s+(?:speaking\s+)?on behalf of\s+(.+)$`)
	presidentRe   = regexp.MustCompile(`(?i)^(?:the\s+)?(?:acting\s+)?(?:temporary\s+)?president$`)
	secretariatRe = regexp.MustCompile(`(?i)^(?:the\s+)?(?:deputy\s+)?secretary-general$`)
)

// SplitSpeakerLabel splits a speech that begins with its speaker label
// ("Mr. Heusgen (Germany): I thank …") into label and body. The label ends at
// the first colon outside parentheses within the first 300 bytes and must
// look like a label (an honorific or title, a parenthesised delegation, or at
// most five words); otherwise label is empty and body is text.
func SplitSpeakerLabel(text string) (label, body string) {
	head := text
	if len(head) > 300 {
		head = head[:300]
	}
	i := -1
	for j := strings.IndexByte(head, ':'); j != -1; {
		if strings.Count(head[:j], "(") == strings.Count(head[:j], ")") {
			i = j
			break
		}
		k := strings.IndexByte(head[j+1:], ':')
		if k < 0 {
			break
		}
		j += 1 + k
	}
	if i <= 0 {
		return "", text
	}
	lab := strings.TrimSpace(head[:i])
	words := strings.Fields(lab)
	if len(words) == 0 || len(words) > 30 {
		return "", text
	}
	if !labelStartRe.MatchString(lab) && !(strings.Contains(lab, "(") && len(words) <= 14) && len(words) > 5 {
		return "", text
	}
	return lab, strings.TrimLeft(text[i+1:], " \t\r\n")
}

// ParseSpeakerLabel splits a label into name, delegation, language and
// "on behalf of" group. The first parenthesised group that is not a language
// note is the delegation.
func ParseSpeakerLabel(label string) SpeakerLabel {
	label = strings.Join(strings.Fields(label), " ")
	out := SpeakerLabel{Label: label}
	name, _, _ := strings.Cut(label, "(")
	out.Name = strings.Trim(name, " ,;")
	var extra []string
	for _, g := range parenGroupRe.FindAllStringSubmatch(label, -1) {
		grp := strings.TrimSpace(g[1])
		switch {
		case langGroupRe.MatchString(grp):
			m := langTailRe.FindStringSubmatchIndex(grp)
			if m == nil {
				// "(spoke in Spanish; English text provided by the
				// delegation)": the first language named, nothing displaced.
				if m := langAnyRe.FindStringSubmatch(grp); m != nil {
					out.Language = m[1]
				}
				continue
			}
			out.Language = grp[m[2]:m[3]]
			if mid := strings.TrimSpace(langGroupRe.ReplaceAllString(grp[:m[0]], "")); mid != "" {
				extra = append(extra, mid)
			}
		case out.Delegation == "" && grp != "":
			if m := onBehalfRe.FindStringSubmatch(grp); m != nil {
				out.Delegation = strings.TrimSpace(m[1])
				out.OnBehalfOf = strings.TrimSpace(m[2])
			} else {
				out.Delegation = grp
			}
		}
	}
	out.Displaced = strings.Join(extra, " ")
	return out
}

// Role infers the speaker's role from the label and, when the delegation
// resolves, from its kind.
func (l SpeakerLabel) Role() (unpv.Role, unpv.Delegation) {
	d, ok := unpv.Delegation{}, false
	if l.Delegation != "" {
		d, ok = un.LookupDelegation(l.Delegation)
	}
	switch {
	case presidentRe.MatchString(l.Name):
		return unpv.RolePresident, d
	case secretariatRe.MatchString(l.Name):
		return unpv.RoleSecretariat, unpv.Delegation{Code: "UN", Name: "United Nations", Kind: "secretariat"}
	case l.Delegation == "":
		return unpv.RoleBriefer, d
	case !ok:
		return unpv.RoleMember, d
	}
	switch d.Kind {
	case "observer":
		return unpv.RoleObserver, d
	case "organisation":
		return unpv.RoleOrganisation, d
	case "secretariat":
		return unpv.RoleSecretariat, d
	}
	return unpv.RoleMember, d
}

// speechFromText fills a Speech's speaker fields and text from a speech that
// begins with its label.
func speechFromText(sp *unpv.Speech, text string) {
	label, body := SplitSpeakerLabel(text)
	l := ParseSpeakerLabel(label)
	role, d := l.Role()
	sp.Speaker = l.Label
	sp.SpeakerName = l.Name
	sp.Delegation = l.Delegation
	sp.DelegationCode = d.Code
	sp.OnBehalfOf = l.OnBehalfOf
	sp.Language = l.Language
	sp.Role = role
	if l.Displaced != "" {
		body = l.Displaced + " " + body
	}
	sp.Text = body
}
