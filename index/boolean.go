package index

import (
	"strings"

	"github.com/blevesearch/bleve/v2/search/query"
)

// booleanWords rewrites the upper-case words AND, OR and NOT of a query
// string into Bleve's operators, which has none of its own: to Bleve's
// parser they are words, and the English analyzer drops "and", "or" and
// "not" as stop words, so `NATO AND CSTO` found every speech naming either
// and `NATO NOT Russia` found speeches naming Russia. As most search
// engines read them: NOT makes the clause after it excluded (-), AND makes
// the clauses on each side required (+), OR leaves them optional. AND and
// OR together are refused (ErrBadQuery): Bleve's syntax has no grouping,
// so `A OR B AND C` could only be `A +B +C`, where A merely ranks, not A
// OR (B AND C) as a reader means it; so is NOT NOT. A clause is a word, a
// phrase or a field's condition with its boost or fuzziness; one that
// already carries + or - keeps it, except that NOT makes it excluded.
// Lower-case and, or, not stay words. Should the rewrite not parse where
// the query does, the query is left as written.
func booleanWords(text string) (string, error) {
	if !strings.Contains(text, "AND") && !strings.Contains(text, "OR") && !strings.Contains(text, "NOT") {
		return text, nil
	}
	toks, ok := scanQueryString(text)
	if !ok {
		return text, nil
	}
	type clause struct {
		start, end int  // bytes of text, the operator included
		op         byte // '+', '-' or 0
		opLen      int  // bytes of the operator as written
		word       string
	}
	var cs []clause
	for i := 0; i < len(toks); {
		c := clause{start: toks[i].start}
		j := i
		if k := toks[j].kind; k == '+' || k == '-' {
			c.op, c.opLen = k, toks[j].end-toks[j].start
			j++
		}
		if j < len(toks) && (toks[j].kind == 'w' || toks[j].kind == '"') {
			term := j
			word := c.op == 0 && toks[j].kind == 'w'
			j++
			if j < len(toks) && toks[j].kind == ':' { // field:value, field:>=n
				word = false
				for j++; j < len(toks) && strings.IndexByte("><=", toks[j].kind) >= 0; j++ {
				}
				if j < len(toks) && (toks[j].kind == 'w' || toks[j].kind == '"') {
					j++
				}
			}
			for ; j < len(toks) && (toks[j].kind == '^' || toks[j].kind == '~'); j++ {
				word = false
			}
			if word {
				c.word = toks[term].text
			}
		} else if j == i {
			j++ // a token no clause starts with stays as written
		}
		c.end = toks[j-1].end
		cs = append(cs, c)
		i = j
	}
	isBool := func(c clause) bool { return c.word == "AND" || c.word == "OR" || c.word == "NOT" }
	words := map[string]bool{}
	for k, c := range cs {
		words[c.word] = true
		if c.word == "NOT" && k+1 < len(cs) && cs[k+1].word == "NOT" {
			return text, badQuery("%q: NOT NOT: write the word without them", text)
		}
	}
	if words["AND"] && words["OR"] {
		return text, badQuery("%q: AND and OR together: the query syntax has no parentheses to group them; search each alternative apart (A, then B AND C), or mark words required with +", text)
	}
	any := false
	newOp := make([]byte, len(cs))
	for k, c := range cs {
		newOp[k] = c.op
	}
	// The operand of a boolean word: the nearest clause that is not one.
	operand := func(k, step int) int {
		for k += step; k >= 0 && k < len(cs); k += step {
			if !isBool(cs[k]) {
				return k
			}
		}
		return -1
	}
	for k, c := range cs {
		if c.word == "NOT" {
			any = true
			if r := operand(k, 1); r >= 0 {
				newOp[r] = '-'
			}
		}
	}
	for k, c := range cs {
		switch c.word {
		case "AND":
			any = true
			for _, o := range []int{operand(k, -1), operand(k, 1)} {
				if o >= 0 && newOp[o] == 0 {
					newOp[o] = '+'
				}
			}
		case "OR":
			any = true
		}
	}
	if !any {
		return text, nil
	}
	var parts []string
	for k, c := range cs {
		if isBool(c) {
			continue
		}
		body := strings.TrimSpace(text[c.start+c.opLen : c.end])
		if newOp[k] != 0 {
			body = string(newOp[k]) + body
		}
		parts = append(parts, body)
	}
	out := strings.Join(parts, " ")
	if out == "" {
		return text, nil
	}
	if _, err := query.NewQueryStringQuery(out).Parse(); err != nil {
		return text, nil
	}
	return out, nil
}
