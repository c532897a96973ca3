package annotate

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

func TestQueueParameters(t *testing.T) {
	for _, c := range []struct {
		in   string
		text string
	}{
		{"", "uncertain"},
		{"order=random", "random seed=1"},
		{"order=random&seed=7&target=csto&delegation=rus&from=2018&to=2022-06&fresh=1", "random seed=7 target=CSTO delegation=RUS from=2018 to=2022-06 fresh"},
		{"order=date&body=ga&q=%22so-called+peacekeepers%22&blind=1", `date body=GA q="\"so-called peacekeepers\""`},
		{"target=African+Union", "uncertain target=AU"},
		// A delegation's name is its code: one queue, one text (the form
		// refused names over 16 bytes and kept others as typed,
		// "delegation=RUSSIA", a sample apart from RUS's).
		{"delegation=Russian+Federation", "uncertain delegation=RUS"},
		{"delegation=Russia", "uncertain delegation=RUS"},
		{"delegation=Bosnia+and+Herzegovina", "uncertain delegation=BIH"},
		{"delegation=atl", "uncertain delegation=ATL"}, // not in the table: the workspace checks it
		// Dates as the rest of unpv reads them, kept in ISO (only ISO was read).
		{"from=8+January+2020&to=Jan+2021", "uncertain from=2020-01-08 to=2021-01"},
		// The switches as a hand-written or shared URL gives them, not only
		// as the form's checkboxes do ("1").
		{"order=random&fresh=true", "random seed=1 fresh"},
		{"fresh=on&blind=yes", "uncertain fresh"},
		{"fresh=0&blind=false", "uncertain"},
	} {
		v, _ := url.ParseQuery(c.in)
		q, err := ParseQueue(v)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if q.String() != c.text {
			t.Errorf("%q: String() = %q, want %q", c.in, q.String(), c.text)
		}
		back, err := ParseQueue(q.Values())
		if err != nil || back != q {
			t.Errorf("%q: Values() reads back as %+v (%v), want %+v", c.in, back, err, q)
		}
	}
	// A bad parameter is a 400 naming it as the URL does (docs/annotate.md):
	// a bad to= said only `date "2020-13"`.
	for _, c := range []struct{ in, names string }{
		{"order=best", `order="best"`},
		{"seed=x", `seed="x"`},
		{"target=UNO", `target="UNO"`},
		{"body=HRC", `body="HRC"`},
		{"from=18", `from="18"`},
		{"to=2018-13-01x", `to="2018-13-01x"`},
		{"to=2020-13", `to="2020-13"`},
		{"from=2020-02-30", `from="2020-02-30"`},
		{"to=0000", `to="0000"`},
		{"delegation=" + strings.Repeat("x", 101), `delegation="XXX`},
		{"q=" + strings.Repeat("x", MaxQuery+1), "q: "},
		// A switch unpv cannot read was read as off: fresh=y coded a
		// double-coded queue, blind=y showed the model's label.
		{"fresh=y", `fresh="y"`},
		{"blind=hide", `blind="hide"`},
	} {
		t.Run(c.in[:min(len(c.in), 20)], func(t *testing.T) {
			v, _ := url.ParseQuery(c.in)
			_, err := ParseQueue(v)
			if err == nil {
				t.Fatalf("%q accepted", c.in)
			}
			if !errors.Is(err, ErrBadQueue) || !strings.Contains(err.Error(), c.names) {
				t.Errorf("%q: %v; want a bad queue naming %s", c.in, err, c.names)
			}
		})
	}
	if RandomQueue("uncertain") || !RandomQueue("random seed=1 target=AU") || !RandomQueue("random") {
		t.Error("RandomQueue")
	}
}

// TestQueueSwitches: blind=true hides the model's label as blind=1 does;
// it was read as off, and a coder following a link meant to be blind saw
// the model's label.
func TestQueueSwitches(t *testing.T) {
	for _, c := range []struct {
		in          string
		fresh, show bool
	}{
		{"blind=1", false, false},
		{"blind=true", false, false},
		{"blind=on", false, false},
		{"blind=0", false, true},
		{"", false, true},
		{"fresh=1", true, true},
		{"fresh=TRUE", true, true},
		{"fresh=no", false, true},
	} {
		v, _ := url.ParseQuery(c.in)
		q, err := ParseQueue(v)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if q.Fresh != c.fresh || q.ShowsModel() != c.show {
			t.Errorf("%q: fresh %v, shows the model %v; want %v, %v", c.in, q.Fresh, q.ShowsModel(), c.fresh, c.show)
		}
	}
}

// FuzzParseQueue: ParseQueue never panics on the page's URL parameters,
// and a queue it reads is one text: its Values read back as a queue with
// the same String (the text codings record, whose random samples are one
// text each) and the same Values.
func FuzzParseQueue(f *testing.F) {
	f.Add("random", "7", "african union", "russian federation", "sc", "8 January 2020", "2020", "sanctions \"peace\"", "1", "true")
	f.Add("", "", "AU", "rus", "GA", "2018-09", "", "", "yes", "off")
	f.Add("date", "x", "ZZ", "", "", "2020-13", "", "", "", "")
	f.Fuzz(func(t *testing.T, order, seed, target, delegation, body, from, to, q, fresh, blind string) {
		v := url.Values{"order": {order}, "seed": {seed}, "target": {target}, "delegation": {delegation}, "body": {body},
			"from": {from}, "to": {to}, "q": {q}, "fresh": {fresh}, "blind": {blind}}
		got, err := ParseQueue(v)
		if err != nil {
			if !errors.Is(err, ErrBadQueue) {
				t.Errorf("ParseQueue: %v, not ErrBadQueue", err)
			}
			return
		}
		back, err := ParseQueue(got.Values())
		if err != nil {
			t.Fatalf("ParseQueue(%v), its own Values: %v", got.Values(), err)
		}
		if back.String() != got.String() || back.Values().Encode() != got.Values().Encode() || back.ShowsModel() != got.ShowsModel() {
			t.Errorf("read back, the queue %q became %q (%v → %v)", got, back, got.Values(), back.Values())
		}
	})
}
