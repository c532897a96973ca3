//go:build !unix

package store

// ownsWritable is false where file ownership is not checked: readers take
// the mode=ro / immutable path (readOnlyDSN).
func ownsWritable(string) bool { return false }
