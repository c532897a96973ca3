//go:build !unix

package store

// ownsWritable is false where file ownership is not checked: readers take
// the mode=ro / immutable path (readOnlyDSN).
func ownsWritable(string) bool { return false }

// freeBytes is not known here: errors are left as SQLite words them.
func freeBytes(string) (uint64, bool) { return 0, false }
