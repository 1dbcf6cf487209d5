//go:build linux

package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// clipboardKeeper is a small clipboard manager, as desktops run: whenever another program takes the
// CLIPBOARD selection, it reads the text that program offers and takes the selection back, serving the
// same text (through xclip). Under Xvfb the selection otherwise dies with its owner; with the keeper a
// secret the app leaves on the clipboard outlives the app, as it would on most desktops.
type clipboardKeeper struct {
	mu   sync.Mutex
	held string // what it serves now
	took int    // how many times it took the selection
	stop chan struct{}
	done chan struct{}
}

func startKeeper(t *testing.T) *clipboardKeeper {
	t.Helper()
	if _, err := exec.LookPath("xclip"); err != nil {
		t.Fatal("xclip is needed for the clipboard keeper: install it (scripts/deps.sh)")
	}
	k := &clipboardKeeper{stop: make(chan struct{}), done: make(chan struct{})}
	go k.run()
	t.Cleanup(k.close)
	return k
}

func (k *clipboardKeeper) run() {
	defer close(k.done)
	for {
		text := readClipboard()
		cmd := exec.Command("xclip", "-quiet", "-selection", "clipboard", "-i")
		cmd.Stdin = strings.NewReader(text)
		if err := cmd.Start(); err != nil {
			return
		}
		k.mu.Lock()
		k.held, k.took = text, k.took+1
		k.mu.Unlock()
		exited := make(chan struct{})
		go func() { _ = cmd.Wait(); close(exited) }()
		select {
		case <-exited: // another program took the selection: read what it offers, and take it back
			time.Sleep(30 * time.Millisecond)
		case <-k.stop:
			_ = cmd.Process.Kill()
			<-exited
			return
		}
	}
}

// holds reports whether the keeper serves text now.
func (k *clipboardKeeper) holds(text string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.held == text
}

func (k *clipboardKeeper) close() {
	select {
	case <-k.stop:
	default:
		close(k.stop)
	}
	<-k.done
}

// readClipboard is the clipboard's text ("" when nobody offers any), read as a paste would.
func readClipboard() string {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "xclip", "-o", "-selection", "clipboard").Output()
	if err != nil {
		return ""
	}
	return string(out)
}

// writeClipboard puts text on the clipboard as another program would (the keeper then serves it).
func writeClipboard(t *testing.T, text string) {
	t.Helper()
	cmd := exec.Command("xclip", "-selection", "clipboard", "-i")
	cmd.Stdin = strings.NewReader(text)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("xclip: %v %s", err, out)
	}
}

// TestExitSignalClearsTheClipboard runs the real app on the X display with a clipboard keeper, has it
// copy a profile's Client Secret (Enter on the home screen renews the only profile; on the Hub page
// panel Enter opens the Hub, then copies the Client Secret), and ends it with a signal: the secret must
// be gone from the clipboard, while text the user copied after it is left alone.
func TestExitSignalClearsTheClipboard(t *testing.T) {
	requireDisplay(t)
	for _, tool := range []string{"xdotool", "xclip"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed: install it (scripts/deps.sh)", tool)
		}
	}
	cases := []struct {
		name       string
		sig        syscall.Signal
		userCopies string // what the user copies after the secret ("" for nothing)
	}{
		{"SIGTERM", syscall.SIGTERM, ""},
		{"SIGINT", syscall.SIGINT, ""},
		{"SIGHUP", syscall.SIGHUP, ""},
		{"SIGTERM after the user copied something else", syscall.SIGTERM, "a line the user copied"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			const secret = "exit-test-client-secret-5f0c2a9e71"
			dir := t.TempDir()
			addOneProfile(t, dir, secret)
			app := startApp(t, dir)
			app.copyClientSecret(t, secret)
			k := startKeeper(t)
			waitUntil(t, "the keeper to hold the secret", func() bool { return k.holds(secret) })
			want := ""
			if c.userCopies != "" {
				writeClipboard(t, c.userCopies)
				waitUntil(t, "the keeper to hold the user's text", func() bool { return k.holds(c.userCopies) })
				want = c.userCopies
			}
			app.signal(t, c.sig)
			time.Sleep(300 * time.Millisecond) // the keeper takes back whatever the app left
			got := readClipboard()
			switch {
			case got == secret:
				t.Fatalf("after %s the clipboard still holds the Client Secret", c.sig)
			case got != want:
				t.Fatalf("after %s the clipboard holds %q, want %q", c.sig, got, want)
			}
		})
	}
}

func requireDisplay(t *testing.T) {
	t.Helper()
	if os.Getenv("DISPLAY") == "" || os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but no DISPLAY or session bus: run the suite through scripts/with-keyring.sh")
		}
		t.Skip("no DISPLAY or session bus: run through scripts/with-keyring.sh")
	}
}

// addOneProfile saves a single Hub-page profile, its Client Secret in the keychain, through the
// command line of the same binary.
func addOneProfile(t *testing.T, dir, secret string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "--data-dir", dir, "profile", "add", "--name", "Solo",
		"--hub-url", "http://127.0.0.1:9/", "--scim-url", "http://127.0.0.1:9/scim/v2", "--client-id", "solo-client",
		"--client-secret-stdin")
	cmd.Env = append(os.Environ(), runAppEnv+"=1")
	cmd.Stdin = strings.NewReader(secret + "\n")
	if out, err := runWithin(cmd, 60*time.Second); err != nil {
		t.Fatalf("profile add: %v\n%s", err, out)
	}
	t.Cleanup(func() {
		rm := exec.Command(os.Args[0], "--data-dir", dir, "profile", "remove", "--force", "Solo")
		rm.Env = append(os.Environ(), runAppEnv+"=1")
		_, _ = runWithin(rm, 60*time.Second)
	})
}

// runningApp is the app under test, its window found on the display.
type runningApp struct {
	cmd    *exec.Cmd
	out    *bytes.Buffer
	exited chan error
	win    string
}

// startApp starts the window on dir, with a browser that opens nothing, and waits for its window.
func startApp(t *testing.T, dir string) *runningApp {
	t.Helper()
	bin := t.TempDir()
	if err := os.WriteFile(filepath.Join(bin, "xdg-open"), []byte("#!/bin/sh\nexit 0\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	a := &runningApp{out: &bytes.Buffer{}, exited: make(chan error, 1)}
	a.cmd = exec.Command(os.Args[0], "--data-dir", dir)
	a.cmd.Env = append(os.Environ(), runAppEnv+"=1", "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	a.cmd.Stdout, a.cmd.Stderr = a.out, a.out
	if err := a.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { a.exited <- a.cmd.Wait() }()
	t.Cleanup(func() {
		select {
		case <-a.exited:
		default:
			_ = a.cmd.Process.Kill()
			<-a.exited
		}
	})
	deadline := time.Now().Add(90 * time.Second) // a -race build starts slowly on a busy machine
	for time.Now().Before(deadline) {
		ids, _ := exec.Command("xdotool", "search", "--onlyvisible", "--name", "^SCIM Renew$").Output()
		if f := strings.Fields(string(ids)); len(f) > 0 {
			a.win = f[0]
			return a
		}
		select {
		case err := <-a.exited:
			a.exited <- err
			t.Fatalf("the app exited before showing its window (%v)", err)
		case <-time.After(250 * time.Millisecond):
		}
	}
	t.Fatal("no window titled \"SCIM Renew\" after 90 s")
	return nil
}

// copyClientSecret presses Enter in the window until the clipboard holds the Client Secret: Renew on
// the home screen (the only profile), then Open the Hub (which copies the Client ID), then Copy
// Client Secret.
func (a *runningApp) copyClientSecret(t *testing.T, secret string) {
	t.Helper()
	time.Sleep(2 * time.Second) // the first frame and the start-up check
	for i := 0; i < 12; i++ {
		_ = exec.Command("xdotool", "windowfocus", "--sync", a.win).Run()
		_ = exec.Command("xdotool", "key", "--window", a.win, "Return").Run()
		for end := time.Now().Add(2 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
			if readClipboard() == secret {
				return
			}
		}
	}
	t.Fatalf("Enter never had the window copy the Client Secret; the app said:\n%s", a.out.String())
}

// signal sends sig and waits for the app to end by itself.
func (a *runningApp) signal(t *testing.T, sig syscall.Signal) {
	t.Helper()
	if err := a.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-a.exited:
		a.exited <- err
		if err != nil {
			t.Errorf("the app ended with %v after %s, not by quitting", err, sig)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("the app did not end within 30 s of %s", sig)
	}
	for _, bad := range []string{"Error in Fyne call thread", "DATA RACE", "panic:"} {
		if strings.Contains(a.out.String(), bad) {
			t.Fatalf("the app's output has %q:\n%s", bad, a.out.String())
		}
	}
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(15 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}
