//go:build linux || freebsd || openbsd || netbsd || dragonfly

package desktop

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// login is the entry under test; its zero value is the real one.
var login Autostart

func TestEnableDisableOnDisk(t *testing.T) {
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	want := filepath.Join(cfg, "autostart", "io.scimrenew.app.desktop")
	if p, err := login.Path(); err != nil || p != want {
		t.Fatalf("Path() = %q, %v; want %q", p, err, want)
	}
	if login.Enabled() {
		t.Fatal("enabled before Enable")
	}
	if err := login.Disable(); err != nil {
		t.Errorf("Disable with nothing to remove: %v", err)
	}
	checkWritten(t, want, "/opt/SCIM Renew/scimrenew", "--background")
	// Enabling again (say after the app moved) replaces the entry, leaving no temporary files.
	if err := login.Enable("/usr/local/bin/scimrenew"); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(want)
	if !strings.Contains(string(data), "\nExec=/usr/local/bin/scimrenew\n") {
		t.Errorf("not replaced:\n%s", data)
	}
	if entries, _ := os.ReadDir(filepath.Dir(want)); len(entries) != 1 {
		t.Errorf("autostart folder holds %d files", len(entries))
	}
	checkSwitchedOff(t, want, data)
	if err := login.Disable(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(want); !os.IsNotExist(err) {
		t.Errorf("file still there after Disable: %v", err)
	}
	if login.Enabled() {
		t.Error("enabled after Disable")
	}
	if err := login.Enable("relative/scimrenew"); err == nil {
		t.Error("a relative program path was accepted")
	}
}

// checkWritten enables the entry and checks the file on disk.
func checkWritten(t *testing.T, path, exe string, args ...string) {
	t.Helper()
	if err := login.Enable(exe, args...); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != DesktopEntry(exe, args...) {
		t.Errorf("file content:\n%s", data)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v; want 0644", fi.Mode().Perm())
	}
	if !login.Enabled() {
		t.Error("not enabled after Enable")
	}
}

// checkSwitchedOff: switched off in the desktop's own settings (GNOME writes the key into the file),
// the entry is not enabled.
func checkSwitchedOff(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, append(data, "Hidden=true\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if login.Enabled() {
		t.Error("an entry with Hidden=true reads as enabled")
	}
}

func TestRelativeXDGConfigHomeIsIgnored(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", "relative/config")
	p, err := login.Path()
	if err != nil || p != filepath.Join(home, ".config", "autostart", AppID+".desktop") {
		t.Errorf("Path() = %q, %v", p, err)
	}
	t.Setenv("XDG_CONFIG_HOME", "")
	if err := login.Enable("/usr/bin/scimrenew"); err != nil {
		t.Fatal(err)
	}
	if !login.Enabled() {
		t.Error("not enabled under ~/.config")
	}
	if err := login.Disable(); err != nil {
		t.Fatal(err)
	}
}

// TestDesktopEntryLaunchesWithGIO has GLib, which GNOME's session manager uses to read autostart
// entries, launch the written entry, proving the Exec quoting of an awkward path is read as meant.
func TestDesktopEntryLaunchesWithGIO(t *testing.T) {
	gio, err := exec.LookPath("gio")
	if err != nil {
		t.Skip("gio (Debian package libglib2.0-bin) is not installed; the Exec line is still checked by TestExecLine")
	}
	dir := filepath.Join(t.TempDir(), `My "SCIM" $Apps (beta)`)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "argv")
	exe := filepath.Join(dir, "scim renew")
	script := "#!/bin/sh\nfor a in \"$0\" \"$@\"; do printf '%s\\n' \"$a\"; done > '" + out + "'\n"
	if err := os.WriteFile(exe, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	entry := filepath.Join(t.TempDir(), AppID+".desktop")
	if err := os.WriteFile(entry, []byte(DesktopEntry(exe, "--background", "a b", "100%")), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if msg, err := exec.CommandContext(ctx, gio, "launch", entry).CombinedOutput(); err != nil {
		t.Fatalf("gio launch: %v\n%s", err, msg)
	}
	deadline := time.Now().Add(10 * time.Second)
	var got []byte
	for time.Now().Before(deadline) {
		if got, err = os.ReadFile(out); err == nil && len(got) > 0 && strings.Count(string(got), "\n") == 4 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	want := exe + "\n--background\na b\n100%\n"
	if string(got) != want {
		t.Errorf("the program saw\n%q\nwant\n%q", got, want)
	}
}
