package index

import "testing"

// TestQueryReaches: a query reaches a seat's days when its dates overlap
// them (a partial to stands for its last day, a partial from for its
// first) and, with years, one of its years does.
func TestQueryReaches(t *testing.T) {
	for _, c := range []struct {
		name string
		q    Query
		want bool
	}{
		{"no dates", Query{}, true},
		{"to 1991", Query{To: "1991"}, true},
		{"the first year", Query{From: "1945", To: "1945"}, true},
		{"to the first month", Query{To: "1945-10"}, true},
		{"to the day before", Query{To: "1945-09-30"}, false},
		{"from the last month", Query{From: "1991-12"}, true},
		{"from the day after", Query{From: "1991-12-25"}, false},
		{"after", Query{From: "1992", To: "2024"}, false},
		{"a year inside", Query{Years: []string{"2022", "1965"}}, true},
		{"years after", Query{Years: []string{"1992", "2022"}}, false},
		{"a year inside, dates after", Query{From: "1992", Years: []string{"1965"}}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.q.reaches("1945-10-24", "1991-12-24"); got != c.want {
				t.Errorf("%+v reaches = %v, want %v", c.q, got, c.want)
			}
		})
	}
}
