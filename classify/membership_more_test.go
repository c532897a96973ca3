package classify

import (
	"testing"

	"github.com/unpv/unpv"
)

// A member State speaking of one of the added organisations is no longer
// left without a relation.
func TestRelationMore(t *testing.T) {
	c := mustDefault(t)
	tests := []struct {
		code, org, date string
		want            unpv.Relation
	}{
		{"ZWE", "SADC", "2008", unpv.RelMember},
		{"USA", "SADC", "2020-10-13", unpv.RelThird},
		{"PAN", "OAS", "1976", unpv.RelMember},
		{"NIC", "OAS", "2024", unpv.RelThird},
		{"RUS", "CoE", "2023", unpv.RelThird},
		{"SAU", "OIC", "2019", unpv.RelMember},
		{"FJI", "PIF", "2019", unpv.RelMember},
	}
	for _, tt := range tests {
		if got := c.Relation(tt.code, tt.org, tt.date); got != tt.want {
			t.Errorf("Relation(%q, %s, %s) = %q, want %q", tt.code, tt.org, tt.date, got, tt.want)
		}
	}
}
