package annotate

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/unpv/unpv"
	"github.com/unpv/unpv/un"
)

// Queue orders.
const (
	OrderUncertain = "uncertain" // the model's least confident labels first
	OrderRandom    = "random"    // a seeded random permutation: a simple random sample, for accuracy
	OrderDate      = "date"      // record order
)

// Queue is the strategy that picks a coder's next pair: an order and
// filters over the model's (sentence, organisation) pairs. Two coders on
// the same queue see the same pairs in the same order, each without the
// other's labels, so that their agreement can be measured.
type Queue struct {
	Order      string // OrderUncertain (default), OrderRandom or OrderDate
	Seed       uint64 // OrderRandom's permutation (default 1)
	Target     string // an organisation's acronym
	Delegation string // the speaker's delegation code
	Body       string // SC or GA
	From, To   string // ISO dates or their prefixes ("2018", "2018-09")
	Query      string // a search (search-page syntax): only the sentences it finds
	// Fresh leaves out pairs anyone has labelled (one coder per pair);
	// otherwise only the coder's own are left out, and a second coder on
	// the same queue double-codes the first one's pairs.
	Fresh bool
	// Blind hides the model's label (always hidden in random order, where
	// seeing it would bias the accuracy estimate).
	Blind bool
}

// MaxQuery bounds a queue's search text.
const MaxQuery = 500

// maxDelegation bounds a delegation's code or name (the longest name in
// un's table is about 60 bytes).
const maxDelegation = 100

// ParseQueue reads a queue from URL parameters: order, seed, target,
// delegation, body, from, to, q, fresh, blind.
func ParseQueue(v url.Values) (Queue, error) {
	q := Queue{
		Order: strings.TrimSpace(v.Get("order")), Target: strings.TrimSpace(v.Get("target")),
		Delegation: strings.ToUpper(strings.TrimSpace(v.Get("delegation"))), Body: strings.ToUpper(strings.TrimSpace(v.Get("body"))),
		From: strings.TrimSpace(v.Get("from")), To: strings.TrimSpace(v.Get("to")), Query: strings.TrimSpace(v.Get("q")),
	}
	// The switches are read as the form sends them (1) and as a link
	// written by hand may (true, on, yes): anything else was read as off,
	// so that blind=true showed the model's label and fresh=true coded
	// pairs another coder had labelled.
	for _, sw := range []struct {
		param string
		on    *bool
	}{{"fresh", &q.Fresh}, {"blind", &q.Blind}} {
		on, err := parseSwitch(v.Get(sw.param))
		if err != nil {
			return q, badParam(sw.param, v.Get(sw.param), "want 1 (on) or 0 (off)")
		}
		*sw.on = on
	}
	switch q.Order {
	case "":
		q.Order = OrderUncertain
	case OrderUncertain, OrderRandom, OrderDate:
	default:
		return q, badParam("order", q.Order, "want uncertain, random or date")
	}
	q.Seed = 1
	if s := strings.TrimSpace(v.Get("seed")); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return q, badParam("seed", s, "want a whole number")
		}
		q.Seed = n
	}
	if q.Target != "" {
		t, ok := un.CanonicalOrganisation(q.Target)
		if !ok {
			return q, badParam("target", q.Target, "not an organisation of un/organisations.tsv (an acronym such as AU or CSTO, or its name)")
		}
		q.Target = t
	}
	if q.Body != "" && q.Body != "SC" && q.Body != "GA" {
		return q, badParam("body", q.Body, "want SC or GA")
	}
	if len(q.Delegation) > maxDelegation {
		return q, badParam("delegation", q.Delegation, "want a code (RUS, UKR) or a name")
	}
	// A name or a code in any case is the delegation's code, so that one
	// queue has one text (Queue.String) however it was typed: a random
	// sample's codings are those of one text. A code the table does not
	// know is left to the workspace (the index may hold it).
	if d, ok := un.LookupDelegation(q.Delegation); ok {
		q.Delegation = d.Code
	}
	// Dates as the rest of unpv reads them (unpv.ParseDate), kept in ISO
	// so that one queue has one text.
	for _, d := range []struct {
		param string
		date  *string
	}{{"from", &q.From}, {"to", &q.To}} {
		if *d.date == "" {
			continue
		}
		iso, ok := unpv.ParseDate(*d.date)
		if !ok {
			return q, badParam(d.param, *d.date, "want "+unpv.DateForms)
		}
		*d.date = iso
	}
	if len(q.Query) > MaxQuery {
		return q, fmt.Errorf("%w: q: a search longer than %d bytes", ErrBadQueue, MaxQuery)
	}
	return q, nil
}

// parseSwitch reads an on/off parameter: "" is off, and strconv.ParseBool's
// forms, on/off and yes/no in any case.
func parseSwitch(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "off", "no":
		return false, nil
	case "on", "yes":
		return true, nil
	}
	return strconv.ParseBool(strings.TrimSpace(s))
}

// badParam names a bad queue parameter as the URL gives it (to="2020-13"),
// as the workspace names the ones it checks against the index.
func badParam(param, value, why string) error {
	return fmt.Errorf("%w: %s=%q: %s", ErrBadQueue, param, value, why)
}

// Values are the queue's URL parameters (ParseQueue reads them back).
func (q Queue) Values() url.Values {
	v := url.Values{}
	set := func(k, x string) {
		if x != "" {
			v.Set(k, x)
		}
	}
	if q.Order != OrderUncertain {
		set("order", q.Order)
	}
	if q.Order == OrderRandom && q.Seed != 1 {
		set("seed", strconv.FormatUint(q.Seed, 10))
	}
	set("target", q.Target)
	set("delegation", q.Delegation)
	set("body", q.Body)
	set("from", q.From)
	set("to", q.To)
	set("q", q.Query)
	if q.Fresh {
		v.Set("fresh", "1")
	}
	if q.Blind {
		v.Set("blind", "1")
	}
	return v
}

// String is how codings record the queue: the order (with the seed in
// random order) and the filters, "random seed=1 target=AU". Codings of
// one random queue text form one sample.
func (q Queue) String() string {
	parts := []string{q.Order}
	if q.Order == OrderRandom {
		parts = append(parts, "seed="+strconv.FormatUint(q.Seed, 10))
	}
	for _, kv := range [][2]string{{"target", q.Target}, {"delegation", q.Delegation}, {"body", q.Body},
		{"from", q.From}, {"to", q.To}, {"q", q.Query}} {
		if v := kv[1]; v != "" {
			if strings.ContainsAny(v, " \"=\\") || !utf8.ValidString(v) {
				v = strconv.Quote(v)
			}
			parts = append(parts, kv[0]+"="+v)
		}
	}
	if q.Fresh {
		parts = append(parts, "fresh")
	}
	return strings.Join(parts, " ")
}

// ShowsModel reports whether the page shows the model's label on this
// queue.
func (q Queue) ShowsModel() bool { return !q.Blind && q.Order != OrderRandom }
