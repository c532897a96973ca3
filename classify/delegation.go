package classify

import (
	"regexp"
	"strings"

	"github.com/unpv/unpv/extract"
)

var parenRe = regexp.MustCompile(`\(([^()]+)\)`)
var codeRe = regexp.MustCompile(`^[A-Z]{3}$`)

// DelegationCode maps a speaker label or delegation name as printed
// ("Mr. Polyanskiy (Russian Federation) (spoke in Russian)", "Viet Nam",
// "RUS", "African Union") to a delegation code: an ISO 3166-1 alpha-3 code
// or an organisation acronym. It returns "" when it cannot tell.
func DelegationCode(label string) string {
	label = strings.TrimSpace(label)
	if codeRe.MatchString(label) {
		return label
	}
	if g, err := defaultGazetteer(); err == nil {
		if a, ok := g.canonical(label); ok {
			return a
		}
	}
	if d, ok := extract.LookupDelegation(label); ok {
		return d.Code
	}
	for _, m := range parenRe.FindAllStringSubmatch(label, -1) {
		in := strings.TrimSpace(m[1])
		if strings.HasPrefix(strings.ToLower(in), "spoke in") {
			continue
		}
		if d, ok := extract.LookupDelegation(in); ok {
			return d.Code
		}
		if g, err := defaultGazetteer(); err == nil {
			if a, ok := g.canonical(in); ok {
				return a
			}
		}
	}
	return ""
}
