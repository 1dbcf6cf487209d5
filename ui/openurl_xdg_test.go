//go:build linux || freebsd || openbsd || netbsd

package ui

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeXDGOpen puts an xdg-open script that exits with code first on PATH ("" for no xdg-open at all).
func fakeXDGOpen(t *testing.T, script string) {
	t.Helper()
	dir := t.TempDir()
	if script != "" {
		if err := os.WriteFile(filepath.Join(dir, "xdg-open"), []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", dir)
}

func TestXDGOpenReportsFailure(t *testing.T) {
	link, _ := url.Parse("https://acme.okta.com/")
	cases := []struct {
		name, script, wantErr string
	}{
		{"browser opened", "exit 0", ""},
		{"no browser", "exit 3", "no browser"},
		{"not installed", "", "not installed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fakeXDGOpen(t, c.script)
			err := xdgOpen(link)
			if c.wantErr == "" && err != nil {
				t.Fatalf("err = %v, want nil", err)
			}
			if c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)) {
				t.Fatalf("err = %v, want one mentioning %q", err, c.wantErr)
			}
		})
	}
}
