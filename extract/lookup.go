package extract

import "github.com/unpv/unpv"

// lookupDelegation resolves a printed delegation through the shared
// delegation table (LookupDelegation in delegation.go). It is a variable so
// that the parser compiles before the table lands and tests can swap it.
var lookupDelegation = func(printed string) (unpv.Delegation, bool) { return unpv.Delegation{}, false }
