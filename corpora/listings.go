package corpora

import (
	"bytes"
	"errors"
	"fmt"
)

// ErrNoTable marks a meeting-table page answered whole (200) that holds no
// table and is no challenge page (a moved-page notice, an error page
// served as 200): the page's own failure, which leaves its year out of
// the plan, not the site refusing the client.
var ErrNoTable = errors.New("no meeting table in the page")

// challengeMarks are what a challenge or block page served as 200 says
// (AWS WAF's script, CAPTCHAs, "Just a moment…", "Request blocked"),
// lower-cased; a page without a table that says none of them is the
// page's own failure (ErrNoTable).
var challengeMarks = [][]byte{
	[]byte("awswaf"), []byte("challenge"), []byte("captcha"), []byte("just a moment"),
	[]byte("checking your browser"), []byte("verify you are human"), []byte("are you a robot"),
	[]byte("access denied"), []byte("request blocked"),
}

// looksChallenge reports whether body, an HTML page where data was
// expected, says it is a challenge or a block.
func looksChallenge(body []byte) bool {
	b := bytes.ToLower(body)
	for _, m := range challengeMarks {
		if bytes.Contains(b, m) {
			return true
		}
	}
	return false
}

// PlanGaps is a plan made without some of its meeting lists, each left
// out with its error: a page without its table (ErrNoTable), or a list
// refused (Refused) while its host answered the others. Their meetings
// are not in the plan; the rest is, and is fetched; the next run plans
// again. A table refused for itself, or a moved page, ended every plan at
// its year, so that no record of any other year was fetched again.
type PlanGaps struct {
	Lists []error
}

func (e *PlanGaps) Error() string {
	n := "1 meeting list"
	if len(e.Lists) != 1 {
		n = fmt.Sprintf("%d meeting lists", len(e.Lists))
	}
	return fmt.Sprintf("plan: %s could not be read, and their meetings are left out (the next run asks again); first: %v", n, e.Lists[0])
}

// Unwrap gives each list's error.
func (e *PlanGaps) Unwrap() []error { return e.Lists }

// listings tells, while a plan reads the meeting lists, a list refused
// for itself (or a page without its table) from a host refusing the
// client. A list the host refuses is left out; the host's next list is
// the check: answered, the refusal was the list's own; refused too (two
// in a row), or none left and none answered before, the host is refusing
// the client (planError's *BlockedError). A site blocking the client is
// so asked twice, where the plan stopped at its first refusal, and so did
// every plan over a year whose table is refused for itself.
type listings struct {
	answered map[string]bool  // by host: a list was read, or answered about (404)
	pending  map[string]error // by host: a refusal that no answer followed yet
	gaps     []error
}

func newListings() *listings {
	return &listings{answered: map[string]bool{}, pending: map[string]error{}}
}

// answer notes that the host of addr answered a list.
func (l *listings) answer(addr string) {
	h := urlHost(addr)
	l.answered[h] = true
	delete(l.pending, h)
}

// failed notes the error of the list at addr; true when it is left out
// and the plan goes on, false when it ends the plan (planError).
func (l *listings) failed(addr string, err error) bool {
	h := urlHost(addr)
	switch {
	case errors.Is(err, ErrNoTable):
		l.answer(addr)
	case Refused(err) && l.pending[h] == nil:
		l.pending[h] = err
	default:
		return false
	}
	l.gaps = append(l.gaps, err)
	return true
}

// unvouched is the refusal of the host of addr that no answer of that
// host followed, and none preceded, when its lists are all asked: the
// host refused the client, so far as the plan can tell. nil otherwise.
func (l *listings) unvouched(addr string) error {
	h := urlHost(addr)
	if l.answered[h] {
		return nil
	}
	return l.pending[h]
}

// err is the plan's gaps, nil when there are none.
func (l *listings) err() error {
	if len(l.gaps) == 0 {
		return nil
	}
	return &PlanGaps{Lists: l.gaps}
}
