//go:build !unix

package store

// ownsWritable is false where file ownership is not checked: readers take
// the mode=ro / immutable path (readOnlyDSN).
func ownsWritable(string) bool { return false }

// freeBytes is not known here: errors are left as SQLite words them.
func freeBytes(string) (uint64, bool) { return 0, false }

// unwritable is not known here: SQLite's read-only error is said without
// its cause.
func unwritable(string) string { return "" }
