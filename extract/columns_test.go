package extract

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSplitColumnsHeader: a -layout page's running header stays whole and
// its columns are still split, on real pages:
//   - S/PV.8702, page 2: the header's agenda item, "Colombia", straddles the
//     gutter with gaps on both sides; it was cut into "… Colom" and "bia
//     S/PV. 8702", which stayed in the speeches;
//   - S/PV.3756, page 3: the 1990s two-line header, its right half flush
//     right, far past the gutter; its right half began the right column and
//     "3756th meeting 21 March 1997" stayed in 10 speeches.
func TestSplitColumnsHeader(t *testing.T) {
	tests := []struct {
		name       string
		page, want []string
	}{
		{
			name: "S/PV.8702 agenda item across the gutter",
			page: []string{
				"13/01/2020                                           Colombia                                               S/PV. 8702",
				"",
				"",
				"certainly looks forward to supporting the parties in its    Lucy Villarreal was killed in Nariño department after",
				"implementation. In addition, with the approval of 12 new    conducting an art workshop for children.",
				"collective productive projects, close to 2,500 former",
				"                                                                The killings of former FARC-EP combatants",
				"combatants now benefit from such projects. Beyond the",
				"                                                            resumed on the very first day of the year, with the death,",
				"projects’ approval and funding, it is important to ensure",
				"                                                            in Cauca department, of Benjamín Banguera Rosales.",
				"their long-term viability and sustainability, including",
				"through access to land, access to technical assistance           The perpetrators of attacks against social leaders",
				"and access to markets. It is also important to increase     and former combatants must be brought swiftly to",
				"the participation of women and the involvement of           justice, including both material and intellectual authors,",
				"local communities so that the projects help encourage       and more effective measures are still imperative to",
				"development and reconciliation.                             protect these individuals and their communities.",
			},
			want: []string{
				"13/01/2020                                           Colombia                                               S/PV. 8702",
				"",
				"",
				"certainly looks forward to supporting the parties in its",
				"implementation. In addition, with the approval of 12 new",
				"collective productive projects, close to 2,500 former",
				"",
				"combatants now benefit from such projects. Beyond the",
				"",
				"projects’ approval and funding, it is important to ensure",
				"",
				"their long-term viability and sustainability, including",
				"through access to land, access to technical assistance",
				"and access to markets. It is also important to increase",
				"the participation of women and the involvement of",
				"local communities so that the projects help encourage",
				"development and reconciliation.",
				"Lucy Villarreal was killed in Nariño department after",
				"conducting an art workshop for children.",
				"The killings of former FARC-EP combatants",
				"resumed on the very first day of the year, with the death,",
				"in Cauca department, of Benjamín Banguera Rosales.",
				"The perpetrators of attacks against social leaders",
				"and former combatants must be brought swiftly to",
				"justice, including both material and intellectual authors,",
				"and more effective measures are still imperative to",
				"protect these individuals and their communities.",
			},
		},
		{
			name: "S/PV.3756 header flush right",
			page: []string{
				"Security Council                                                                                              3756th meeting",
				"Fifty-second year                                                                                             21 March 1997",
				"",
				"      The message addressed to Israel through the draft           it has signed, particularly the Interim Agreement signed",
				"resolution is that the decision to begin settlement-building      in Washington, D.C., in September 1995, prohibiting both",
				"activities in Jabal Abu Ghneim is an erroneous one that           Israel and Palestine from taking any measure in the West",
				"must be overturned because it runs counter to the norms of        Bank and Gaza that might prejudge or prejudice the",
				"international law and to Israel’s obligations as an occupying     results of the final status negotiations. To say that the",
				"Power, in accordance with the Fourth Geneva Convention            Security Council’s fulfilment of its mandate and duties",
			},
			want: []string{
				"Security Council                                                                                              3756th meeting",
				"Fifty-second year                                                                                             21 March 1997",
				"",
				"      The message addressed to Israel through the draft",
				"resolution is that the decision to begin settlement-building",
				"activities in Jabal Abu Ghneim is an erroneous one that",
				"must be overturned because it runs counter to the norms of",
				"international law and to Israel’s obligations as an occupying",
				"Power, in accordance with the Fourth Geneva Convention",
				"it has signed, particularly the Interim Agreement signed",
				"in Washington, D.C., in September 1995, prohibiting both",
				"Israel and Palestine from taking any measure in the West",
				"Bank and Gaza that might prejudge or prejudice the",
				"results of the final status negotiations. To say that the",
				"Security Council’s fulfilment of its mandate and duties",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.Split(splitColumns(strings.Join(tt.page, "\n")), "\n")
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("splitColumns (-want +got):\n%s", d)
			}
		})
	}
}
