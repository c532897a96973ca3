package un

import "testing"

// TestVocative: lines of general-debate statements (ungdc-full), the forms
// of address and the prose that starts like them.
func TestVocative(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"Mr. President,", true},                                                     // ALB_75_2020
		{"Mr President, ", true},                                                     // EST_79_2024
		{"Excellencies, Ladies and Gentlemen,", true},                                // SVK_79_2024
		{"DISTINGUISHED LADIES AND GENTLEMEN:", true},                                // LBR_76_2021
		{"Heads of Delegation,  ", true},                                             // NER_79_2024
		{"Your Excellency Philémon Yang, President of the General Assembly, ", true}, // SYR_79_2024
		{"Your Excellency, Mr. Abdulla Shahid, President of the General Assembly,", true},
		{"President of the Seventy-fifth United Nations General Assembly", true}, // LBR_75_2020
		{"Distinguished delegates,", true},
		{"Your Excellency Mr. Luis Alfonso de Alba,", true}, // a name's particle
		{"His Excellency Sheikh Tamim bin Hamad Al Thani,", true},
		{"Sheikh Tamim bin Hamad Al Thani, Emir of the State of Qatar,", true}, // an honorific first
		{"Mr. President, allow me to congratulate you on", false},              // wrapped
		{"Secretary-General, mounts today in Somalia, Yugoslavia, Cambodia", false},
		{"His determined efforts in focusing attention on poverty reduction and", false},
		{"President Kekkonen continued:", false},
		{"Members in the General Assembly give true meaning and", false},
		{"Mr. President. it gives me great pleasure to", false},
		{"We thank Mr. President,", false}, // not a head word
		{"", false},
		{"Mr. President, " + string(make([]byte, MaxVocativeBytes)), false},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			if got := Vocative(tt.line); got != tt.want {
				t.Errorf("Vocative(%q) = %v, want %v", tt.line, got, tt.want)
			}
		})
	}
}
