package extract

// lookupDelegation resolves a printed delegation through the shared
// delegation table (LookupDelegation in delegation.go). It is a variable so
// that tests can swap the table.
var lookupDelegation = LookupDelegation
