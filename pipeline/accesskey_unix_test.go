//go:build unix

package pipeline

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestAccessKeyMode: a key file that others than its owner may read or
// write is refused, as ssh refuses such a private key, saying how to mend
// it; one only its owner may read is taken, and a link is judged by its
// file. It was read whatever its mode.
func TestAccessKeyMode(t *testing.T) {
	const key = "J5Z3Q7KXWV2N4R6T8Y0B1C3D5F"
	for _, tt := range []struct {
		mode os.FileMode
		ok   bool
	}{
		{0o600, true},
		{0o400, true},
		{0o640, false}, // the group may read it
		{0o604, false}, // anyone may
		{0o644, false}, // a key copied under the usual umask
		{0o620, false}, // the group may write another key into it
		{0o601, false},
	} {
		t.Run(fmt.Sprintf("%04o", tt.mode), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, AccessKeyFile)
			if err := os.WriteFile(path, []byte(key+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, tt.mode); err != nil { // past the umask
				t.Fatal(err)
			}
			got, err := AccessKey(dir)
			if tt.ok {
				if err != nil || got != key {
					t.Errorf("AccessKey: %q, %v; want the key", got, err)
				}
				return
			}
			want := fmt.Sprintf("mode %04o", tt.mode)
			if got != "" || !errors.Is(err, ErrKeyExposed) || !strings.Contains(err.Error(), want) ||
				!strings.Contains(err.Error(), "chmod 600") || !strings.Contains(err.Error(), "delete it") {
				t.Errorf("AccessKey: %q, %v; want ErrKeyExposed saying %q and what to do", got, err, want)
			}
		})
	}
	t.Run("a link to a key others may read", func(t *testing.T) {
		dir := t.TempDir()
		target := filepath.Join(dir, "key.txt")
		if err := os.WriteFile(target, []byte(key+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(target, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, filepath.Join(dir, AccessKeyFile)); err != nil {
			t.Fatal(err)
		}
		if got, err := AccessKey(dir); !errors.Is(err, ErrKeyExposed) {
			t.Errorf("AccessKey: %q, %v; want ErrKeyExposed", got, err)
		}
	})
	t.Run("a directory", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.Mkdir(filepath.Join(dir, AccessKeyFile), 0o700); err != nil {
			t.Fatal(err)
		}
		if got, err := AccessKey(dir); err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("AccessKey: %q, %v; want an error saying it is not a regular file", got, err)
		}
	})
}

// TestAccessKeyFIFO: a named pipe called annotate.key is refused as not a
// regular file. It was opened before it was looked at, and opening a FIFO
// waits for a writer: unpv serve hung before it listened.
func TestAccessKeyFIFO(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, AccessKeyFile)
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := AccessKey(dir)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("AccessKey: %v; want an error saying it is not a regular file", err)
		}
	case <-time.After(10 * time.Second):
		// Unblock the waiting open so that the goroutine ends.
		if f, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
			f.Close()
		}
		t.Fatal("AccessKey waited on a FIFO named like the access key")
	}
}
