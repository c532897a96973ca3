package un_test

import (
	"fmt"

	"github.com/unpv/unpv/un"
)

// Running-header lines as the engines write them (S/PV.8422, S/PV.8699):
// which lines are furniture, and what the header and symbol say.
func ExampleRunningHeaderLine() {
	for _, l := range []string{
		"13/12/2018 The situation in the Central African Republic S/PV. 8422",
		"S/PV.8699 (Resumption 1) Maintenance of international peace and security 10/01/2020",
		"09/01/2020",
		"S/PV. 8422",
	} {
		h, ok := un.RunningHeaderLine(l)
		fmt.Printf("%q %q %v\n", h.Symbol, h.Date, ok)
	}
	// Output:
	// "S/PV.8422" "2018-12-13" true
	// "S/PV.8699 (Resumption 1)" "2020-01-10" true
	// "" "2020-01-09" true
	// "" "" false
}

func ExampleSymbolLine() {
	for _, l := range []string{"S/PV. 8706 (Resumption 1)", "A /76/PV.102", "S/PV.8702 Colom"} {
		info, ok := un.SymbolLine(l)
		fmt.Printf("%q %v\n", info.Symbol, ok)
	}
	// Output:
	// "S/PV.8706 (Resumption 1)" true
	// "A/76/PV.102" true
	// "" false
}

func ExampleFooterLine() {
	for _, l := range []string{"10-70469 (E)", "*1070469*", "2/3 26-01225", "21/22", "Resolution 2448 (2018)"} {
		fmt.Println(l, un.FooterLine(l))
	}
	// Output:
	// 10-70469 (E) true
	// *1070469* true
	// 2/3 26-01225 true
	// 21/22 false
	// Resolution 2448 (2018) false
}

func ExampleDocumentSymbols() {
	fmt.Println(un.DocumentSymbols("Report of the Third Committee (A/65/456/Add.3) … draft resolution A/76/L.87/Rev.1 and S/2018/1016"))
	// Output: [A/65/456/Add.3 A/76/L.87/Rev.1 S/2018/1016]
}
