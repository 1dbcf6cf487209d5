//go:build linux

package reminders

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"scimrenew/store"
)

const notificationDaemon = "/usr/lib/notification-daemon/notification-daemon"

// needDesktopSession skips (or, with CI=true, fails) unless an X display, a session bus,
// notification-daemon and dbus-monitor are all there, as scripts/with-keyring.sh provides them.
func needDesktopSession(t *testing.T) {
	t.Helper()
	var missing []string
	if os.Getenv("DISPLAY") == "" {
		missing = append(missing, "DISPLAY (an X server such as Xvfb)")
	}
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		missing = append(missing, "DBUS_SESSION_BUS_ADDRESS (a D-Bus session bus)")
	}
	if _, err := os.Stat(notificationDaemon); err != nil {
		missing = append(missing, notificationDaemon+" (Debian package notification-daemon)")
	}
	if _, err := exec.LookPath("dbus-monitor"); err != nil {
		missing = append(missing, "dbus-monitor (Debian package dbus-bin)")
	}
	if len(missing) == 0 {
		return
	}
	msg := "the real notification server test needs " + strings.Join(missing, ", ") +
		"; run it as scripts/with-keyring.sh go test ./reminders/... (after scripts/deps.sh)"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// lineBuffer collects a process's output for the test to wait on.
type lineBuffer struct {
	mu    sync.Mutex
	lines []string
	grew  chan struct{}
}

func newLineBuffer(r io.Reader) *lineBuffer {
	b := &lineBuffer{grew: make(chan struct{}, 1)}
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			b.mu.Lock()
			b.lines = append(b.lines, sc.Text())
			b.mu.Unlock()
			select {
			case b.grew <- struct{}{}:
			default:
			}
		}
	}()
	return b
}

func (b *lineBuffer) snapshot() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.lines...)
}

// waitFor waits until ok holds for the lines so far.
func (b *lineBuffer) waitFor(t *testing.T, what string, ok func([]string) bool) []string {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		if lines := b.snapshot(); ok(lines) {
			return lines
		}
		select {
		case <-b.grew:
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			t.Fatalf("timed out waiting for %s; dbus-monitor printed:\n%s", what, strings.Join(b.snapshot(), "\n"))
		}
	}
}

// startProcess starts a helper process that the test stops (by its own handle) when it ends.
func startProcess(t *testing.T, name string, args ...string) (*exec.Cmd, io.Reader) {
	t.Helper()
	cmd := exec.Command(name, args...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", name, err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() && stderr.Len() > 0 {
			t.Logf("%s said:\n%s", name, stderr.String())
		}
	})
	return cmd, out
}

func nameHasOwner(t *testing.T, conn *dbus.Conn, name string) bool {
	t.Helper()
	var owned bool
	if err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, name).Store(&owned); err != nil {
		t.Fatalf("asking the bus about %s: %v", name, err)
	}
	return owned
}

// notifyCall extracts the top-level string arguments of the first Notify call dbus-monitor printed
// (app name, icon, summary, body), and whether the call was printed completely.
func notifyCall(lines []string) (strs []string, complete bool) {
	in := false
	for _, l := range lines {
		if strings.HasPrefix(l, "method call ") {
			in = strings.Contains(l, "member=Notify")
			continue
		}
		if !in {
			continue
		}
		if v, ok := strings.CutPrefix(l, `   string "`); ok {
			strs = append(strs, strings.TrimSuffix(v, `"`))
		}
		if strings.HasPrefix(l, "   int32 ") { // expire_timeout, the last argument
			return strs, true
		}
	}
	return strs, false
}

// TestDBusNotifierWithNotificationDaemon sends a reminder through a real freedesktop notification
// server (Debian's notification-daemon, which has no D-Bus service file, so the test starts it) and
// checks with dbus-monitor what went over the bus.
func TestDBusNotifierWithNotificationDaemon(t *testing.T) {
	needDesktopSession(t)
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatalf("connecting to the session bus: %v", err)
	}
	defer conn.Close()
	if nameHasOwner(t, conn, notifyService) {
		msg := "another notification server already owns " + notifyService + " on this session bus"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg + "; run the test under scripts/with-keyring.sh for a private bus")
	}

	_, monOut := startProcess(t, "dbus-monitor", "--session",
		"type='method_call',interface='"+notifyInterface+"',member='Notify'")
	mon := newLineBuffer(monOut)
	// dbus-monitor prints NameLost once it has become a monitor: from then on nothing is missed.
	mon.waitFor(t, "dbus-monitor to be ready", func(lines []string) bool {
		return strings.Contains(strings.Join(lines, "\n"), "member=NameLost")
	})

	startProcess(t, notificationDaemon)
	deadline := time.Now().Add(10 * time.Second)
	for !nameHasOwner(t, conn, notifyService) {
		if time.Now().After(deadline) {
			t.Fatal("notification-daemon did not take " + notifyService + " within 10 s")
		}
		time.Sleep(50 * time.Millisecond)
	}

	berlin := mustLoc(t, "Europe/Berlin")
	r := store.Reminder{Kind: "7d", ProfileName: "Acme & Sons", TokenExpiresAt: date(berlin, 2026, 3, 12, 15, 0)}
	title, body := Message(r, date(berlin, 2026, 3, 5, 9, 0))
	n := &DBusNotifier{AppName: "io.scimrenew.app", Icon: "dialog-warning"}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	id, err := n.Send(ctx, title, body)
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	if id == 0 {
		t.Error("the server gave the notification ID 0; a server that accepted it gives a positive ID")
	}

	lines := mon.waitFor(t, "the Notify call", func(lines []string) bool {
		_, complete := notifyCall(lines)
		return complete
	})
	args, _ := notifyCall(lines)
	if len(args) < 4 {
		t.Fatalf("Notify carried %d strings: %q", len(args), args)
	}
	// notification-daemon renders body markup, so the body's "&" is sent escaped.
	wantBody := "QorusDocs SCIM token for Acme &amp; Sons expires in 7 days (12 Mar). Open SCIM Renew to renew."
	if args[0] != "io.scimrenew.app" || args[1] != "dialog-warning" ||
		args[2] != "Acme & Sons: SCIM token expires in 7 days" || args[3] != wantBody {
		t.Errorf("Notify(app %q, icon %q, summary %q, body %q)\nwant summary %q, body %q",
			args[0], args[1], args[2], args[3], title, wantBody)
	}
	if !strings.Contains(strings.Join(lines, "\n"), `string "desktop-entry"`) {
		t.Error("the desktop-entry hint is missing: servers use it to find the app's icon and settings")
	}
}

func TestDBusNotifierWithoutServer(t *testing.T) {
	n := &DBusNotifier{Address: "unix:path=" + t.TempDir() + "/no-bus", Timeout: 2 * time.Second}
	err := n.Notify("title", "body")
	if err == nil || !strings.Contains(err.Error(), "notification could not be shown") {
		t.Errorf("no bus at the address: %v", err)
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	if err := (&DBusNotifier{}).Notify("title", "body"); !errors.Is(err, ErrNoSessionBus) {
		t.Errorf("no session bus: %v", err)
	}
	if got := escapeMarkup(`a & b <i>"x"</i>`); got != `a &amp; b &lt;i&gt;"x"&lt;/i&gt;` {
		t.Errorf("escapeMarkup = %q", got)
	}
}
