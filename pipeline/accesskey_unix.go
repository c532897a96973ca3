//go:build unix

package pipeline

import (
	"fmt"
	"io/fs"
)

// checkKeyMode refuses an access key file that users other than its
// owner may read or write (any of the mode's group and other bits, ssh's
// rule for a private key): the key lets whoever holds it code and undo as
// any coder, and such a file may already have been read.
func checkKeyMode(path string, fi fs.FileInfo) error {
	if m := fi.Mode().Perm(); m&0o077 != 0 {
		return fmt.Errorf("access key %s: %w (mode %04o, not 0600): it may have been read, so delete it for a new key (coders then need the new one), or 'chmod 600' it to keep this one", path, ErrKeyExposed, m)
	}
	return nil
}
