package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"scimrenew/applog"
	"scimrenew/internal/winetest"
	"scimrenew/store"
)

// runAppEnv makes the test binary run the app itself (for the real-window test), so the test needs
// no second cgo build of the program.
const runAppEnv = "SCIMRENEW_TEST_RUN_APP"

func TestMain(m *testing.M) {
	if os.Getenv(runAppEnv) == "1" {
		os.Exit(run(os.Args[1:], os.Stderr))
	}
	os.Exit(m.Run())
}

func TestRunFlags(t *testing.T) {
	cases := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"unknown flag", []string{"--bogus"}, 2, "flag provided but not defined"},
		{"help", []string{"-h"}, 0, "-data-dir"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stderr bytes.Buffer
			if code := run(c.args, &stderr); code != c.wantCode || !strings.Contains(stderr.String(), c.wantErr) {
				t.Fatalf("run(%q) = %d, stderr %q; want %d and %q", c.args, code, stderr.String(), c.wantCode, c.wantErr)
			}
		})
	}
}

func TestRunFailsClearlyOnUnusableDataDir(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	if code := run([]string{"--data-dir", file}, &stderr); code != 1 || !strings.Contains(stderr.String(), "scimrenew:") {
		t.Fatalf("run with a file as data dir = %d, %q", code, stderr.String())
	}
}

func TestDefaultDataDir(t *testing.T) {
	switch runtime.GOOS {
	case "windows":
		t.Setenv("APPDATA", `C:\Users\Ad Min\AppData\Roaming`)
		if got := defaultDataDir(); got != `C:\Users\Ad Min\AppData\Roaming\SCIM Renew` {
			t.Fatalf("with APPDATA: %q", got)
		}
	case "darwin":
		t.Setenv("HOME", "/Users/admin")
		if got := defaultDataDir(); got != "/Users/admin/Library/Application Support/SCIM Renew" {
			t.Fatalf("with HOME: %q", got)
		}
	default:
		t.Setenv("XDG_DATA_HOME", "/srv/xdg")
		if got := defaultDataDir(); got != "/srv/xdg/scimrenew" {
			t.Fatalf("with XDG_DATA_HOME: %q", got)
		}
		t.Setenv("XDG_DATA_HOME", "relative/ignored")
		t.Setenv("HOME", "/home/admin")
		if got := defaultDataDir(); got != "/home/admin/.local/share/scimrenew" {
			t.Fatalf("without XDG_DATA_HOME: %q", got)
		}
	}
}

// TestWindowOpens starts the real app on the X display (scripts/with-keyring.sh provides Xvfb and a
// session bus), waits for its window, and stops it.
func TestWindowOpens(t *testing.T) {
	requireDesktop(t)
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "--data-dir", dir)
	cmd.Env = append(os.Environ(), runAppEnv+"=1")
	// Output goes to a file, not a pipe: under Wine the app's first window starts the desktop process
	// (explorer.exe), which inherits the app's handles and would hold a pipe open after the app ends.
	out := appOutput{path: filepath.Join(t.TempDir(), "app.out")}
	f, err := os.Create(out.path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stopped := false
	// stop ends the app; out may only be read once it has (exec copies into it until Wait returns).
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		askToQuit(cmd)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	}
	defer stop()

	deadline := time.Now().Add(90 * time.Second) // a -race build starts slowly on a busy machine
	for {
		if windowShown("SCIM Renew") {
			break
		}
		select {
		case err := <-exited:
			stopped = true
			t.Fatalf("the app exited before showing its window (%v):\n%s", err, out.String())
		default:
		}
		if time.Now().After(deadline) {
			stop()
			t.Fatalf("no window titled \"SCIM Renew\" after 90 s; app output:\n%s", out.String())
		}
		time.Sleep(250 * time.Millisecond)
	}
	time.Sleep(time.Second) // let it draw and settle before judging its output
	checkSecondStartHandsOver(t, dir)
	stop()
	for _, bad := range []string{"Error in Fyne call thread", "DATA RACE", "panic:"} {
		if strings.Contains(out.String(), bad) {
			t.Fatalf("the app's output has %q:\n%s", bad, out.String())
		}
	}
	for _, name := range []string{store.FileName, applog.FileName} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("the data dir has no %s: %v", name, err)
		}
	}
}

// appOutput is the file the app writes its output to.
type appOutput struct{ path string }

func (o appOutput) String() string {
	b, _ := os.ReadFile(o.path)
	return string(b)
}

// checkSecondStartHandsOver starts a second window on the running app's data dir (it must hand over
// and exit 0) and a CLI verb (it must not be blocked by the window's lock).
func checkSecondStartHandsOver(t *testing.T, dir string) {
	t.Helper()
	second := exec.Command(os.Args[0], "--data-dir", dir)
	second.Env = append(os.Environ(), runAppEnv+"=1")
	if !winetest.Limit(t, winetest.NoUnixSockets) {
		out, err := runWithin(second, 60*time.Second)
		if err != nil || !strings.Contains(out, "already running") {
			t.Fatalf("second start: %v\n%s", err, out)
		}
	}
	verb := exec.Command(os.Args[0], "--data-dir", dir, "profile", "list")
	verb.Env = append(os.Environ(), runAppEnv+"=1")
	out, err := runWithin(verb, 60*time.Second)
	if err != nil || strings.Contains(out, "already running") {
		t.Fatalf("a CLI verb next to a running window: %v\n%s", err, out)
	}
}

func runWithin(cmd *exec.Cmd, d time.Duration) (string, error) {
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return "", err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return out.String(), err
	case <-time.After(d):
		_ = cmd.Process.Kill()
		<-done
		return out.String(), errors.New("did not exit in time")
	}
}
