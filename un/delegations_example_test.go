package un_test

import (
	"fmt"

	"github.com/unpv/unpv/un"
)

func ExampleLookupDelegation() {
	for _, printed := range []string{
		"United Kingdom of Great Britain and Northern Ireland",
		"Cote d’Ivoire",
		"Iran (Islamic Republic of)",
		"Union of Soviet Socialist Republics",
		"Collective Security Treaty Organization",
		"Holy See",
	} {
		d, ok := un.LookupDelegation(printed)
		fmt.Println(d.Code, d.Kind, d.Name, ok)
	}
	// Output:
	// GBR state United Kingdom of Great Britain and Northern Ireland true
	// CIV state Côte d'Ivoire true
	// IRN state Iran (Islamic Republic of) true
	// SUN historical Union of Soviet Socialist Republics true
	// CSTO organisation Collective Security Treaty Organization true
	// VAT observer Holy See true
}

func ExampleDelegations() {
	kinds := map[string]int{}
	for _, d := range un.Delegations() {
		kinds[d.Kind]++
	}
	fmt.Println(kinds["state"], "Member States")
	// Output:
	// 193 Member States
}
