package corpora

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/unpv/unpv/internal/tsv"
	"github.com/unpv/unpv/un"
)

//go:embed ungdc_errata.tsv
var ungdcErrataTSV string

// ungdcErratum is a row of ungdc_errata.tsv.
type ungdcErratum struct {
	to, toKey, match, evidence string // toKey: speakerKey of the session and to
}

// ungdcErrata are the corpus errata by kind ("row", "statement", "name")
// and speakerKey of the session and the code as filed.
var ungdcErrata = sync.OnceValue(func() map[string]map[string]ungdcErratum {
	out := map[string]map[string]ungdcErratum{"row": {}, "statement": {}, "name": {}}
	for n, f := range tsv.Rows(ungdcErrataTSV) {
		if len(f) != 6 {
			panic(fmt.Sprintf("corpora: ungdc_errata.tsv: line %d: want session, row, statement or name, code, to, match, evidence", n+1))
		}
		session, err := strconv.Atoi(f[0])
		if err != nil || out[f[1]] == nil || f[2] == f[3] || f[3] == "" || f[4] == "" || f[5] == "" || f[3] == f[4] {
			panic(fmt.Sprintf("corpora: ungdc_errata.tsv: line %d: want session, row, statement or name, code, to, match, evidence", n+1))
		}
		codes := f[2:4]
		if f[1] == "name" {
			codes = f[2:3] // to is the name as it should read
		}
		for _, c := range codes {
			if _, ok := un.DelegationByCode(c); !ok {
				panic(fmt.Sprintf("corpora: ungdc_errata.tsv: line %d: %s is not in un/delegations.tsv", n+1, c))
			}
		}
		out[f[1]][speakerKey(session, f[2])] = ungdcErratum{to: f[3], toKey: speakerKey(session, f[3]), match: f[4], evidence: f[5]}
	}
	return out
})

// applyRowErrata moves the speakers-table rows that ungdc_errata.tsv says
// are keyed under the wrong code (the two German States' rows of 1986 and
// 1990 are swapped) to the code of the statement they describe, all moves
// at once, and only where every row still carries the erratum's name and
// the code they go to has no rows or its rows move too (as
// lendPrivateCodes lends rows): a swap applies whole or not at all, and
// moved rows never join rows that stay, which would change how many
// statements the table gives that file and leave the erratum unnamed in
// Problems (reported from a statement's first row).
func applyRowErrata(rows map[string][]ungdcSpeaker) {
	apply := map[string]ungdcErratum{}
	for from, e := range ungdcErrata()["row"] {
		if rs := rows[from]; len(rs) > 0 && allNamed(rs, e.match) {
			apply[from] = e
		}
	}
	for changed := true; changed; {
		changed = false
		for from, e := range apply {
			if _, leaves := apply[e.toKey]; len(rows[e.toKey]) > 0 && !leaves {
				delete(apply, from)
				changed = true
			}
		}
	}
	moved := map[string][]ungdcSpeaker{}
	for from, e := range apply {
		_, code, _ := strings.Cut(from, "/")
		for _, r := range rows[from] {
			r.filed, r.erratum = code, e.evidence
			moved[e.toKey] = append(moved[e.toKey], r)
		}
		delete(rows, from)
	}
	for to, rs := range moved {
		rows[to] = append(rows[to], rs...)
	}
}

// applyNameErrata corrects the names the speakers table misspells
// (ungdc_errata.tsv's name rows: "Mr. Petro Poroshenk" in 2015, beside
// "Mr. Petro Poroshenko" in the three sessions after), in the rows of the
// session and code it keys them by that still print the misspelling: a
// name searched for (search --speaker) finds every statement its speaker
// gave. It runs before applyRowErrata, which may move those rows.
func applyNameErrata(rows map[string][]ungdcSpeaker) {
	for k, e := range ungdcErrata()["name"] {
		for i := range rows[k] {
			if strings.EqualFold(rows[k][i].name, e.match) {
				rows[k][i].name = e.to
			}
		}
	}
}

func allNamed(rs []ungdcSpeaker, name string) bool {
	for _, r := range rs {
		if !strings.EqualFold(r.name, name) {
			return false
		}
	}
	return true
}

// statementErratum returns the erratum that gives the statement filed under
// code in session, whose text as read (readImportFile: decoded, its byte
// order mark and outer spaces removed) is text, to another Member.
func statementErratum(session int, code, text string) (ungdcErratum, bool) {
	e, ok := ungdcErrata()["statement"][speakerKey(session, code)]
	if !ok || !strings.HasPrefix(text, e.match) {
		return ungdcErratum{}, false
	}
	return e, true
}
