package extract

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSplitColumnsHeader: a -layout page's running header stays whole
// where its agenda item straddles the gutter with gaps on both sides (page
// 2 of S/PV.8702's pdftotext -layout text, "Colombia" across the gutter);
// it was cut into "… Colom" and "bia S/PV. 8702", which stayed in the
// speeches. The page's two columns are still split.
func TestSplitColumnsHeader(t *testing.T) {
	page := strings.Join([]string{
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
	}, "\n")
	want := []string{
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
	}
	got := strings.Split(splitColumns(page), "\n")
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("splitColumns (-want +got):\n%s", d)
	}
}
