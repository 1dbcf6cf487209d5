//go:build linux || freebsd || openbsd || netbsd || dragonfly

package desktop

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/prop"
)

// waitTimeout bounds the waits of these tests for a D-Bus peer to come up.
const waitTimeout = 10 * time.Second

// needOrSkip skips the test unless CI=true, where a missing tool is a failure.
func needOrSkip(t *testing.T, what string) {
	t.Helper()
	msg := "this test needs " + what + "; run it as scripts/with-keyring.sh go test ./desktop/ (after scripts/deps.sh)"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// privateBus starts a session bus of the test's own, so nothing else on the machine's bus (another
// package's test starting a notification server, a real tray) changes what the test sees.
func privateBus(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("dbus-daemon"); err != nil {
		needOrSkip(t, "dbus-daemon (Debian package dbus-daemon)")
	}
	cmd := exec.Command("dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon printed no address: %v", err)
	}
	addr := strings.TrimSpace(line)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
	return addr
}

func TestPrepareNotificationAgainstARealNotificationServer(t *testing.T) {
	addr := privateBus(t)
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	t.Setenv("FLATPAK_ID", "")
	if _, _, err := PrepareNotification(ctx, "T", "b"); err == nil || !strings.Contains(err.Error(), "no notification service is running") {
		t.Fatalf("with no server, PrepareNotification = %v; want the no-service explanation", err)
	}
	if _, err := os.Stat(notificationDaemon); err != nil {
		needOrSkip(t, notificationDaemon+" (Debian package notification-daemon)")
	}
	if os.Getenv("DISPLAY") == "" {
		needOrSkip(t, "an X display (Xvfb), which notification-daemon draws on")
	}
	d := exec.Command(notificationDaemon)
	d.Env = append(os.Environ(), "DBUS_SESSION_BUS_ADDRESS="+addr)
	if err := d.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Process.Kill(); _ = d.Wait() })
	var err error
	for ctx.Err() == nil {
		var title, body string
		if title, body, err = PrepareNotification(ctx, "R&D <ops>", "R&D <ops>"); err == nil {
			// notification-daemon reads bodies as markup: the body is escaped, the title (never markup) not.
			if title != "R&D <ops>" || body != "R&amp;D &lt;ops&gt;" {
				t.Errorf("PrepareNotification = %q, %q; want the title as is and the body escaped", title, body)
			}
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("PrepareNotification never reached notification-daemon: %v", err)
}

func TestTrayAvailableFollowsTheStatusNotifierWatcher(t *testing.T) {
	addr := privateBus(t)
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	if ok, why := TrayAvailable(ctx); ok || !strings.Contains(why, "no StatusNotifierItem host") {
		t.Fatalf("with no watcher: %v %q; want no host, with the reason", ok, why)
	}
	// A watcher as KDE's or the GNOME AppIndicator extension's: the name and its host property.
	c, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if reply, err := c.RequestName("org.kde.StatusNotifierWatcher", dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("cannot own the watcher name: %v %v", reply, err)
	}
	props, err := prop.Export(c, "/StatusNotifierWatcher", prop.Map{"org.kde.StatusNotifierWatcher": {
		"IsStatusNotifierHostRegistered": {Value: false, Emit: prop.EmitFalse},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := TrayAvailable(ctx); ok {
		t.Fatal("a watcher with no registered host counted as a tray host")
	}
	props.SetMust("org.kde.StatusNotifierWatcher", "IsStatusNotifierHostRegistered", true)
	if ok, why := TrayAvailable(ctx); !ok {
		t.Fatalf("a watcher with a host counted as none: %q", why)
	}
}

func TestDBusChecksFailPlainlyWithoutASessionBus(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	ctx := context.Background()
	t.Setenv("FLATPAK_ID", "")
	if _, _, err := PrepareNotification(ctx, "T", "b"); !errors.Is(err, ErrNoSessionBus) {
		t.Fatalf("PrepareNotification = %v, want ErrNoSessionBus", err)
	}
	// Inside Flatpak the portal shows notifications: nothing to check, nothing to escape.
	t.Setenv("FLATPAK_ID", "io.scimrenew.app")
	if title, body, err := PrepareNotification(ctx, "R&D", "R&D <ops>"); err != nil || title != "R&D" || body != "R&D <ops>" {
		t.Fatalf("in Flatpak, PrepareNotification = %q, %q, %v", title, body, err)
	}
	if ok, why := TrayAvailable(ctx); ok || why == "" {
		t.Fatalf("TrayAvailable = %v %q", ok, why)
	}
}
