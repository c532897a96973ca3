// Package chromiumtest finds a headless Chromium for browser tests and gives
// the flags it needs on this workplace's machines.
package chromiumtest

import (
	"os"
	"os/exec"
	"testing"
)

// Find returns the Chromium binary ($UNPV_CHROMIUM, then chromium,
// chromium-browser or google-chrome on PATH) or skips the test, so suites
// still pass where no browser is installed — except in CI ($CI set, as
// .ci/run runs), whose set-up installs Chromium: there a missing browser
// fails the test rather than hiding it.
func Find(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("UNPV_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	Unavailable(t, "chromium not installed (Debian package chromium)")
	return ""
}

// Unavailable skips the test for want of a working browser, or fails it
// in CI ($CI set), where scripts/install-deps.sh --test installed one.
func Unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("CI: "+format, args...)
	}
	t.Skipf(format, args...)
}

// Args returns the headless flags followed by extra. Background networking,
// updates and sync are off because the closed network refuses those
// connections; a fresh profile directory keeps runs independent.
func Args(t testing.TB, extra ...string) []string {
	t.Helper()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--user-data-dir=" + t.TempDir()}
	return append(base, extra...)
}
