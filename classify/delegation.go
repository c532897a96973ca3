package classify

import (
	"regexp"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// unNames are United Nations short names that differ from the CLDR English
// names x/text provides.
var unNames = map[string]string{
	"russian federation": "RUS", "republic of moldova": "MDA", "viet nam": "VNM",
	"lao people's democratic republic": "LAO", "lao people’s democratic republic": "LAO",
	"united republic of tanzania": "TZA", "democratic republic of the congo": "COD",
	"congo": "COG", "côte d'ivoire": "CIV", "côte d’ivoire": "CIV", "cote d'ivoire": "CIV",
	"united kingdom of great britain and northern ireland": "GBR", "united kingdom": "GBR",
	"united states of america": "USA", "united states": "USA", "iran (islamic republic of)": "IRN",
	"syrian arab republic": "SYR", "republic of korea": "KOR", "türkiye": "TUR", "turkey": "TUR",
	"czech republic": "CZE", "czechia": "CZE", "north macedonia": "MKD", "brunei darussalam": "BRN",
	"cabo verde": "CPV", "eswatini": "SWZ", "state of palestine": "PSE", "holy see": "VAT",
	"kyrgyzstan": "KGZ", "timor-leste": "TLS", "myanmar": "MMR", "gambia": "GMB", "the gambia": "GMB",
	"niger": "NER", "the niger": "NER", "sudan": "SDN", "the sudan": "SDN", "libya": "LBY",
	"bolivia (plurinational state of)": "BOL", "venezuela (bolivarian republic of)": "VEN",
	"saint vincent and the grenadines": "VCT", "dominican republic": "DOM", "belarus": "BLR",
	"china": "CHN", "tunisia": "TUN", "south africa": "ZAF", "germany": "DEU", "india": "IND",
	"estonia": "EST", "belgium": "BEL", "france": "FRA", "indonesia": "IDN", "kazakhstan": "KAZ",
}

var nameToCode = func() map[string]string {
	m := map[string]string{}
	for k, v := range unNames {
		m[k] = v
	}
	names := display.English.Regions()
	for _, c := range allCodes() {
		r, err := language.ParseRegion(c)
		if err != nil {
			continue
		}
		if n := names.Name(r); n != "" {
			if _, ok := m[strings.ToLower(n)]; !ok {
				m[strings.ToLower(n)] = c
			}
		}
	}
	return m
}()

// allCodes lists the delegation codes of the membership tables.
func allCodes() []string {
	seen := map[string]bool{}
	var out []string
	for _, line := range strings.Split(membershipTSV, "\n") {
		if c := strings.Split(line, "\t"); len(c) == 5 && !seen[c[1]] {
			seen[c[1]] = true
			out = append(out, c[1])
		}
	}
	return out
}

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
	if c, ok := nameToCode[strings.ToLower(label)]; ok {
		return c
	}
	for _, m := range parenRe.FindAllStringSubmatch(label, -1) {
		in := strings.TrimSpace(m[1])
		if strings.HasPrefix(strings.ToLower(in), "spoke in") {
			continue
		}
		if c, ok := nameToCode[strings.ToLower(in)]; ok {
			return c
		}
		if g, err := defaultGazetteer(); err == nil {
			if a, ok := g.canonical(in); ok {
				return a
			}
		}
	}
	return ""
}
