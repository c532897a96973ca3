package un

import (
	"regexp"
	"strings"
)

// labelStartRe matches how a label may open in an imported speech: an
// honorific, an officer, or a title.
var labelStartRe = func() *regexp.Regexp {
	alts := []string{`The\s`, `H\.\s?E\.`, `His\s`, `Her\s`}
	for _, h := range honorifics {
		if last := h[len(h)-1]; last >= 'a' && last <= 'z' {
			alts = append(alts, regexp.QuoteMeta(h)+`\b`)
		} else {
			alts = append(alts, regexp.QuoteMeta(h))
		}
	}
	return regexp.MustCompile(`^(?:` + strings.Join(alts, "|") + `)`)
}()

// parenGroupRe finds the parenthesised groups of a label.
var parenGroupRe = regexp.MustCompile(`\(([^()]*)\)`)

// SplitLabel splits a speech that begins with its speaker label ("Mr.
// Heusgen (Germany): I thank …", as imported corpora give speeches) into
// label and body. The label ends at the first colon outside parentheses
// within the first 300 bytes and must look like a label (an honorific or
// title, a parenthesised delegation, or at most five words); otherwise
// label is empty and body is text.
func SplitLabel(text string) (label, body string) {
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

// ParseLabel splits a label already cut from its speech (SplitLabel) into
// name, delegation, language and "on behalf of" group. The name is what
// precedes the first parenthesis; the first parenthesised group that is not
// a language note is the delegation.
func ParseLabel(label string) Label {
	label = strings.Join(strings.Fields(label), " ")
	out := Label{Printed: label}
	name, _, _ := strings.Cut(label, "(")
	out.Name = strings.Trim(name, " ,;")
	var extra []string
	for _, grp := range labelGroups(label) {
		if lang, displaced, ok := languageNote(grp); ok {
			if lang != "" {
				out.Language = lang
			}
			if displaced != "" {
				extra = append(extra, displaced)
			}
			continue
		}
		if out.Delegation == "" && grp != "" {
			out.Delegation, out.OnBehalfOf = delegationGroup(grp)
		}
	}
	out.Displaced = strings.Join(extra, " ")
	return out
}

// labelGroups returns the insides of a label's parenthesised groups, trimmed,
// in order ("Mr. X (France) (spoke in French)" → "France", "spoke in French").
func labelGroups(label string) []string {
	var out []string
	for _, g := range parenGroupRe.FindAllStringSubmatch(label, -1) {
		out = append(out, strings.TrimSpace(g[1]))
	}
	return out
}
