//go:build linux || freebsd || openbsd || netbsd || dragonfly

package desktop

import (
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeXDGOpen puts an xdg-open script first and alone on PATH ("" for no xdg-open at all); the script
// may write its argument to $ARGS_OUT.
func fakeXDGOpen(t *testing.T, script string) (argsOut string) {
	t.Helper()
	dir := t.TempDir()
	if script != "" {
		if err := os.WriteFile(filepath.Join(dir, "xdg-open"), []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", dir)
	t.Setenv("FLATPAK_ID", "")
	argsOut = filepath.Join(t.TempDir(), "args")
	t.Setenv("ARGS_OUT", argsOut)
	return argsOut
}

func TestOpenReportsWhatXDGOpenSays(t *testing.T) {
	link, _ := url.Parse("https://acme.okta.com/admin/app/x/instance/y/#tab-provisioning")
	file := filepath.Join(t.TempDir(), "Acme & Co (prod).ics")
	cases := []struct {
		name, script string
		open         func() error
		wantArg      string // what xdg-open was given; "" when it never ran
		wantErr      string // "" for success
	}{
		{"link opened", `printf %s "$1" > "$ARGS_OUT"`, func() error { return OpenURL(link) }, link.String(), ""},
		{"no browser", `printf %s "$1" > "$ARGS_OUT"; exit 3`, func() error { return OpenURL(link) }, link.String(), "found no browser"},
		{"not installed", "", func() error { return OpenURL(link) }, "", "xdg-open is not installed"},
		{"file opened", `printf %s "$1" > "$ARGS_OUT"`, func() error { return OpenFile(file) }, file, ""},
		{"file URL opened as the file", `printf %s "$1" > "$ARGS_OUT"`, func() error { return OpenURL(FileURL(file)) }, file, ""},
		{"no app for the file", "exit 4", func() error { return OpenFile(file) }, "", "found no app for this file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := fakeXDGOpen(t, c.script)
			err := c.open()
			if c.wantErr == "" && err != nil {
				t.Fatalf("err = %v, want nil", err)
			}
			if c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)) {
				t.Fatalf("err = %v, want one mentioning %q", err, c.wantErr)
			}
			if got, _ := os.ReadFile(out); string(got) != c.wantArg {
				t.Errorf("xdg-open was given %q, want %q", got, c.wantArg)
			}
		})
	}
}

// TestOpenDoesNotWaitForALongRunningBrowser: some browsers keep xdg-open running until they exit;
// that is success, and the caller gets its answer after openerWait.
func TestOpenDoesNotWaitForALongRunningBrowser(t *testing.T) {
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Fatal(err)
	}
	fakeXDGOpen(t, "exec "+sleep+" 2")
	defer func(d time.Duration) { openerWait = d }(openerWait)
	openerWait = 200 * time.Millisecond
	link, _ := url.Parse("https://acme.okta.com/")
	start := time.Now()
	if err := OpenURL(link); err != nil {
		t.Fatalf("err = %v, want nil for an opener still running", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("OpenURL took %v", d)
	}
}
