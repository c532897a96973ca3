package classify

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
)

//go:embed lexicon.tsv
var lexiconTSV string

// Cue classes of the lexicon (see lexicon.tsv for what each means).
const (
	cueRec      = "rec"
	cueCtr      = "ctr"
	cueNeu      = "neu"
	cueNeg      = "neg"
	cueCog      = "cog"
	cueBound    = "bound"
	cueSub      = "sub"
	cueContrast = "contrast"
	cueRep      = "rep"
	cueSec      = "sec"
	cueDev      = "dev"
	cueAct      = "act"
	cueGrp      = "grp"
	cueSpk      = "spk"
	cueVictim   = "victim"
)

// cue is one lexicon entry.
type cue struct {
	class  string
	weight float64
	strong bool     // a delegitimising counter cue ("ctr!")
	verb   bool     // a verb of stance ("recv", "ctrv"): "we commend", "we reject"
	text   string   // as listed, e.g. "pay tribute"
	words  []string // stems, or a lower-case prefix ending in "*"
}

// word classes that single words carry, as bits.
const (
	wNeg uint16 = 1 << iota
	wCog
	wBound
	wSub
	wRep
	wSec
	wDev
	wAct
	wGrp
	wSpk
	wVictim
	wContrast // first word of a contrast cue
	wStance   // a one-word verb of stance ("welcome", "reject")
)

var wordClassBits = map[string]uint16{cueNeg: wNeg, cueCog: wCog, cueBound: wBound, cueSub: wSub, cueRep: wRep,
	cueSec: wSec, cueDev: wDev, cueAct: wAct, cueGrp: wGrp, cueSpk: wSpk, cueVictim: wVictim}

// lexicon matches cues over tokens.
type lexicon struct {
	cues     []*cue
	byFirst  map[string][]*cue // first stem (or prefix key) → rec/ctr/neu cues, longest first
	prefix   map[string][]*cue // first three letters → cues whose first word is a prefix
	byWord   map[string][]*cue // first word → cues whose first word matches only itself
	exact    map[string]uint16 // word or stem → word classes
	wprefix  []prefixClass     // prefix word classes
	contrast [][]string        // contrast cues as lower-case words
}

type prefixClass struct {
	prefix string
	bits   uint16
}

func parseLexicon(src string) (*lexicon, error) {
	lx := &lexicon{byFirst: map[string][]*cue{}, prefix: map[string][]*cue{}, byWord: map[string][]*cue{}, exact: map[string]uint16{}}
	for n, c := range tsvRows(src) {
		if len(c) != 3 {
			return nil, fmt.Errorf("lexicon line %d: want 3 tab-separated columns", n+1)
		}
		w, err := strconv.ParseFloat(c[1], 64)
		if err != nil {
			return nil, fmt.Errorf("lexicon line %d: weight: %w", n+1, err)
		}
		class, text := c[0], strings.ToLower(strings.TrimSpace(c[2]))
		raw := strings.Fields(strings.NewReplacer("-", " ", "'", " ").Replace(text))
		if len(raw) == 0 {
			return nil, fmt.Errorf("lexicon line %d: empty cue", n+1)
		}
		if class == cueContrast {
			lx.contrast = append(lx.contrast, raw)
			continue
		}
		if bit, ok := wordClassBits[class]; ok {
			if len(raw) != 1 && !(class == cueAct && len(raw) == 2) {
				return nil, fmt.Errorf("lexicon line %d: %s cues are single words", n+1, class)
			}
			word := strings.Join(raw, "-")
			if class == cueAct && len(raw) == 2 {
				word = raw[0] // "secretary-general" is tokenised as two words
			}
			if strings.HasSuffix(word, "*") {
				p := strings.TrimSuffix(word, "*")
				if len(p) < 3 {
					return nil, fmt.Errorf("lexicon line %d: prefix %q shorter than 3 letters", n+1, word)
				}
				lx.wprefix = append(lx.wprefix, prefixClass{p, bit})
				continue
			}
			lx.exact[word] |= bit
			continue
		}
		k := &cue{class: class, weight: w, text: text}
		switch class {
		case cueCtr + "!":
			k.class, k.strong = cueCtr, true
		case cueRec + "v", cueCtr + "v":
			k.class, k.verb = class[:3], true
		}
		switch k.class {
		case cueRec, cueCtr, cueNeu:
		default:
			return nil, fmt.Errorf("lexicon line %d: unknown class %q", n+1, class)
		}
		for _, r := range raw {
			if strings.HasPrefix(r, "=") {
				k.words = append(k.words, r)
				continue
			}
			if strings.HasSuffix(r, "*") {
				if len(r) < 4 {
					return nil, fmt.Errorf("lexicon line %d: prefix %q shorter than 3 letters", n+1, r)
				}
				k.words = append(k.words, r)
				continue
			}
			k.words = append(k.words, stem(r))
		}
		lx.cues = append(lx.cues, k)
		if k.verb && len(k.words) == 1 && !strings.ContainsAny(k.words[0], "*=") {
			lx.exact[k.words[0]] |= wStance
		}
		if first := k.words[0]; strings.HasSuffix(first, "*") {
			lx.prefix[first[:3]] = append(lx.prefix[first[:3]], k)
		} else if strings.HasPrefix(first, "=") {
			lx.byWord[first[1:]] = append(lx.byWord[first[1:]], k)
		} else {
			lx.byFirst[first] = append(lx.byFirst[first], k)
		}
	}
	return lx, nil
}

// classes returns the word classes of a lower-case word with stem st.
func (lx *lexicon) classes(low, st string) uint16 {
	b := lx.exact[low]
	if st != low {
		b |= lx.exact[st]
	}
	for _, p := range lx.wprefix {
		if strings.HasPrefix(low, p.prefix) {
			b |= p.bits
		}
	}
	return b
}

// wordMatches tests one cue word (a stem, a prefix ending in "*" or a
// word starting with "=") against a token.
func wordMatches(pat string, t *token) bool {
	switch {
	case strings.HasSuffix(pat, "*"):
		return strings.HasPrefix(t.low, pat[:len(pat)-1])
	case strings.HasPrefix(pat, "="):
		return pat[1:] == t.low
	}
	return pat == t.stem
}
