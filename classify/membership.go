package classify

import (
	"github.com/unpv/unpv"
	"github.com/unpv/unpv/un"
)

// The membership table lives in package un. span and memberships are the
// classifier's copy of it in the shape its table test reads.
type span struct{ join, leave string }

type memberships map[string]map[string][]span

func loadMemberships() memberships {
	m := memberships{}
	for org, byCode := range un.Memberships() {
		m[org] = map[string][]span{}
		for code, ps := range byCode {
			for _, p := range ps {
				m[org][code] = append(m[org][code], span{join: p.Join, leave: p.Leave})
			}
		}
	}
	return m
}

// relation classifies the speaker's relation to org (un.Relation).
func (c *Classifier) relation(code, org, date string) unpv.Relation {
	return un.Relation(code, org, date)
}
