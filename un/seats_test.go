package un

import "testing"

func TestSeatHolder(t *testing.T) {
	tests := []struct{ code, day, want string }{
		{"RUS", "1946-10-23", "SUN"},
		{"RUS", "1991-09-24", "SUN"},
		{"RUS", "1991-12-24", "SUN"},
		{"RUS", "1991-12-25", "RUS"},
		{"RUS", "2022-09-24", "RUS"},
		{"YUG", "2002-09-14", "YUG"},
		{"YUG", "2003-02-04", "SCG"},
		{"YUG", "2005-09-20", "SCG"},
		{"YUG", "2006-06-02", "SCG"},
		{"YUG", "2006-06-03", "YUG"},
		{"SUN", "1985-09-24", "SUN"},
		{"KAZ", "1985-09-24", "KAZ"},
		{"RUS", "", "RUS"},
	}
	for _, tt := range tests {
		if got := SeatHolder(tt.code, tt.day); got != tt.want {
			t.Errorf("SeatHolder(%q, %q) = %q, want %q", tt.code, tt.day, got, tt.want)
		}
	}
}

// TestSeatsHoldersAreHistorical: a seat is filed under another code only
// when its holder's membership ended (kind historical), and the code it is
// filed under is a delegation too.
func TestSeatsHoldersAreHistorical(t *testing.T) {
	for _, s := range seats() {
		h, _ := DelegationByCode(s.holder)
		if h.Kind != "historical" {
			t.Errorf("%s %s–%s: holder %s is %s, want historical", s.code, s.from, s.to, s.holder, h.Kind)
		}
		if _, ok := DelegationByCode(s.code); !ok {
			t.Errorf("%s: not in delegations.tsv", s.code)
		}
	}
}

// TestSeatsInTableVersion: the seats table is part of DelegationTableVersion,
// which the extract stage's version holds, so a store imported before a
// seat's row changed is extracted, and its statements placed, again.
func TestSeatsInTableVersion(t *testing.T) {
	before := DelegationTableVersion()
	defer func(s string) { seatsTSV = s }(seatsTSV)
	seatsTSV += "RUS\t1945-10-24\t1945-10-25\tSUN\n"
	if DelegationTableVersion() == before {
		t.Error("a new row of seats.tsv left DelegationTableVersion as it was")
	}
}
