package secrets

import (
	"runtime"
	"strings"
	"testing"
)

func TestNamesFor(t *testing.T) {
	for _, tc := range []struct {
		goos, full, short, subject string
	}{
		{"windows", "Windows Credential Manager", "Credential Manager", "Credential Manager"},
		{"darwin", "your macOS login keychain", "the keychain", "The keychain"},
		{"linux", "your desktop keyring (Secret Service)", "the keyring", "The keyring"},
		{"freebsd", "your desktop keyring (Secret Service)", "the keyring", "The keyring"},
	} {
		got := NamesFor(tc.goos)
		if got.Full != tc.full || got.Short != tc.short || got.Subject != tc.subject {
			t.Errorf("NamesFor(%q) = %+v, want {%q %q %q}", tc.goos, got, tc.full, tc.short, tc.subject)
		}
		// Each name sits inside a sentence: "Kept in <Full>, never ..." and "Stored in <Short>; ...".
		for _, s := range []string{got.Full, got.Short, got.Subject} {
			if s == "" || strings.HasSuffix(s, ".") {
				t.Errorf("NamesFor(%q): %q does not read inside a sentence", tc.goos, s)
			}
		}
	}
	if ThisNames != NamesFor(runtime.GOOS) {
		t.Errorf("ThisNames = %+v, want the names for %s", ThisNames, runtime.GOOS)
	}
}
