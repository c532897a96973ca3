package un

import (
	_ "embed"
	"fmt"
	"sync"
	"time"

	"github.com/unpv/unpv/internal/tsv"
)

//go:embed seats.tsv
var seatsTSV string

type seat struct{ code, from, to, holder string }

var seats = sync.OnceValue(func() []seat {
	var out []seat
	for n, f := range tsv.Rows(seatsTSV) {
		if len(f) != 4 || !isDay(f[1]) || !isDay(f[2]) || f[1] > f[2] {
			panic(fmt.Sprintf("un: seats.tsv: line %d: want code, first day, last day, holder", n+1))
		}
		if _, ok := DelegationByCode(f[3]); !ok {
			panic(fmt.Sprintf("un: seats.tsv: line %d: holder %s is not in delegations.tsv", n+1, f[3]))
		}
		out = append(out, seat{f[0], f[1], f[2], f[3]})
	}
	return out
})

func isDay(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// SeatHolder returns the code of the Member that held, on day (YYYY-MM-DD),
// the seat a dataset files under code: "SUN" for RUS before 25 December
// 1991, "SCG" for YUG from February 2003 to June 2006, code itself
// otherwise. Corpora keyed by today's codes (the General Debate Corpus)
// file the Soviet Union's statements under RUS; this project gives each
// Member its own code (delegations.tsv), as the Security Council records'
// speaker labels do, so that a delegation means the same in every corpus.
func SeatHolder(code, day string) string {
	for _, s := range seats() {
		if s.code == code && s.from <= day && day <= s.to {
			return s.holder
		}
	}
	return code
}

// A Seat is a span of days in which another Member held the seat that a
// dataset files under Code (seats.tsv).
type Seat struct {
	Code, From, To, Holder string // From and To inclusive, YYYY-MM-DD
}

// SeatsFiledUnder returns the spans in which a Member other than code held
// the seat datasets file under code ("RUS": the Soviet Union's, to
// 1991-12-24), so that a search for code can say where those speeches are.
func SeatsFiledUnder(code string) []Seat {
	var out []Seat
	for _, s := range seats() {
		if s.code == code {
			out = append(out, Seat{Code: s.code, From: s.from, To: s.to, Holder: s.holder})
		}
	}
	return out
}
