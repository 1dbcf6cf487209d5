//go:build unix

package main

import (
	"bytes"
	"os"
	"os/exec"
	"syscall"
	"testing"
)

// requireDesktop stops the test without the X display and session bus scripts/with-keyring.sh gives,
// and without xdotool to find the window.
func requireDesktop(t *testing.T) {
	t.Helper()
	if os.Getenv("DISPLAY") == "" || os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but no DISPLAY or session bus: run the suite through scripts/with-keyring.sh")
		}
		t.Skip("no DISPLAY or session bus: run through scripts/with-keyring.sh to open a real window")
	}
	if _, err := exec.LookPath("xdotool"); err != nil {
		t.Fatal("xdotool is needed to find the window: install it (scripts/deps.sh)")
	}
}

// windowShown reports whether a visible top-level window has exactly that title.
func windowShown(title string) bool {
	ids, _ := exec.Command("xdotool", "search", "--onlyvisible", "--name", "^"+title+"$").Output()
	return len(bytes.TrimSpace(ids)) > 0
}

// askToQuit asks the app to quit as a session logout would.
func askToQuit(cmd *exec.Cmd) { _ = cmd.Process.Signal(syscall.SIGTERM) }
