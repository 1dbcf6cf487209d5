package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"scimrenew/internal/winetest"
)

// TestKeyboardInTheRealWindow runs the app with --sandbox on the X display and drives it with real key
// presses (xdotool, through the X server and GLFW, as a person's keyboard would): on the home screen
// the focus is on the first profile's Renew, Contoso (Hub page), and Return opens its wizard; there the
// focus is on Open the Hub, so Tab then Return taps Copy Client Secret (a value on the clipboard, no
// browser), and Shift+Tab then Return taps Open the Hub (the browser asked for the Hub page, the Client
// ID on the clipboard). Ctrl+Q then quits it through the main menu. The browser is a stand-in xdg-open
// that records the link.
func TestKeyboardInTheRealWindow(t *testing.T) {
	winetest.Skip(t, winetest.NoLinuxTools)
	if os.Getenv("DISPLAY") == "" || os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but no DISPLAY or session bus: run the suite through scripts/with-keyring.sh")
		}
		t.Skip("no DISPLAY or session bus: run through scripts/with-keyring.sh to open a real window")
	}
	for _, tool := range []string{"xdotool", "xclip"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is needed to type into the window: install it (scripts/deps.sh)", tool)
			}
			t.Skipf("%s is not installed (scripts/deps.sh installs it)", tool)
		}
	}
	bin := t.TempDir()
	opened := filepath.Join(bin, "opened.txt")
	script := "#!/bin/sh\nprintf '%s\\n' \"$1\" >>'" + opened + "'\n"
	if err := os.WriteFile(filepath.Join(bin, "xdg-open"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	app := startWindow(t, "^SCIM Renew .* Sandbox$", []string{"PATH=" + bin + ":" + os.Getenv("PATH")}, "--sandbox")
	time.Sleep(3 * time.Second) // the first frame, the start-up check and health check, the home redrawn

	links := func() string { b, _ := os.ReadFile(opened); return string(b) }
	clip := func() string {
		out, _ := exec.Command("xclip", "-o", "-selection", "clipboard").Output()
		return string(out)
	}
	before := clip()

	app.keys("Return") // Renew on the first card: Contoso's wizard opens at the Hub step
	// The renewal opens and the Client Secret is read before Copy Client Secret is enabled (a
	// disabled button is no Tab stop).
	time.Sleep(5 * time.Second)
	app.keys("Tab", "Return") // Copy Client Secret
	secret := app.waitFor("Copy Client Secret to put a value on the clipboard", func() string {
		if c := clip(); c != "" && c != before {
			return c
		}
		return ""
	})
	if l := links(); l != "" {
		t.Fatalf("Tab then Return opened a link (%q): Tab did not move the focus off Open the Hub", l)
	}
	app.keys("shift+Tab", "Return") // Open the Hub
	link := app.waitFor("Open the Hub to open the browser", links)
	if !strings.HasPrefix(link, "http://127.0.0.1:") {
		t.Fatalf("Open the Hub opened %q, want the sandbox's Hub page", link)
	}
	if id := app.waitFor("the Client ID on the clipboard", func() string {
		if c := clip(); c != secret {
			return c
		}
		return ""
	}); id == "" || strings.Contains(id, "\n") {
		t.Fatalf("Open the Hub put %d bytes on the clipboard, want the Client ID", len(id))
	}
	app.keys("ctrl+q") // Quit, from the main menu
	select {
	case err := <-app.exited:
		app.stopped = true
		if err != nil {
			t.Fatalf("Ctrl+Q: the app exited with %v:\n%s", err, app.out.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("Ctrl+Q did not quit the app; its output:\n%s", app.out.String())
	}
	for _, bad := range []string{"Error in Fyne call thread", "DATA RACE", "panic:", "Failed to focus"} {
		if strings.Contains(app.out.String(), bad) {
			t.Fatalf("the app's output has %q:\n%s", bad, app.out.String())
		}
	}
}

// appWindow is the app running in a child process with its window on the X display.
type appWindow struct {
	t       *testing.T
	cmd     *exec.Cmd
	out     bytes.Buffer
	exited  chan error
	stopped bool
	id      string // the X window
}

// startWindow runs the app (this test binary, as TestMain lets it) with args and extra environment,
// and waits until a window whose title matches the regular expression title shows, then gives it the
// keyboard focus. The app is stopped
// when the test ends.
func startWindow(t *testing.T, title string, env []string, args ...string) *appWindow {
	t.Helper()
	a := &appWindow{t: t, exited: make(chan error, 1)}
	a.cmd = exec.Command(os.Args[0], args...)
	a.cmd.Env = append(append(os.Environ(), runAppEnv+"=1"), env...)
	a.cmd.Stdout, a.cmd.Stderr = &a.out, &a.out
	if err := a.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { a.exited <- a.cmd.Wait() }()
	t.Cleanup(a.stop)
	deadline := time.Now().Add(90 * time.Second) // a -race build starts slowly on a busy machine
	for a.id == "" {
		ids, _ := exec.Command("xdotool", "search", "--onlyvisible", "--name", title).Output()
		a.id, _, _ = strings.Cut(strings.TrimSpace(string(ids)), "\n")
		select {
		case err := <-a.exited:
			a.stopped = true
			t.Fatalf("the app exited before showing its window (%v):\n%s", err, a.out.String())
		default:
		}
		if a.id == "" && time.Now().After(deadline) {
			a.stop()
			t.Fatalf("no window titled like %q after 90 s; app output:\n%s", title, a.out.String())
		}
		time.Sleep(250 * time.Millisecond)
	}
	if out, err := exec.Command("xdotool", "windowfocus", "--sync", a.id).CombinedOutput(); err != nil {
		t.Fatalf("xdotool windowfocus: %v: %s", err, out)
	}
	return a
}

// keys presses each key in turn (xdotool's names: Tab, shift+Tab, Return), a moment apart.
func (a *appWindow) keys(names ...string) {
	a.t.Helper()
	for _, k := range names {
		if out, err := exec.Command("xdotool", "key", k).CombinedOutput(); err != nil {
			a.t.Fatalf("xdotool key %s: %v: %s", k, err, out)
		}
		time.Sleep(400 * time.Millisecond)
	}
}

// waitFor polls get for up to 20 s until it returns something, and returns that.
func (a *appWindow) waitFor(what string, get func() string) string {
	a.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if v := get(); v != "" {
			return v
		}
		if time.Now().After(deadline) {
			a.stop()
			a.t.Fatalf("timed out waiting for %s; app output:\n%s", what, a.out.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// stop ends the app; out may only be read once it has (exec copies into it until Wait returns).
func (a *appWindow) stop() {
	if a.stopped {
		return
	}
	a.stopped = true
	_ = a.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-a.exited:
	case <-time.After(10 * time.Second):
		_ = a.cmd.Process.Kill()
		<-a.exited
	}
}
