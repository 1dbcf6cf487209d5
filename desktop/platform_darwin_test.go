package desktop

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestAutostartWritesTheLaunchAgent writes and removes the LaunchAgent plist in a throw-away home.
func TestAutostartWritesTheLaunchAgent(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	want := filepath.Join(home, "Library", "LaunchAgents", AppID+".plist")
	a := Autostart{}
	if p, err := a.Path(); err != nil || p != want {
		t.Fatalf("Path() = %q, %v; want %q", p, err, want)
	}
	if a.Enabled() {
		t.Fatal("enabled before Enable")
	}
	exe := "/Applications/SCIM Renew.app/Contents/MacOS/scimrenew"
	if err := a.Enable(exe, "--background"); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(want)
	if err != nil || string(b) != string(LaunchAgentPlist(exe, "--background")) {
		t.Fatalf("plist on disk %q, %v", b, err)
	}
	if !a.Enabled() {
		t.Fatal("not enabled after Enable")
	}
	if err := a.Disable(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(want); !os.IsNotExist(err) || a.Enabled() {
		t.Fatalf("plist still there after Disable: %v", err)
	}
	if err := a.Disable(); err != nil {
		t.Errorf("Disable with nothing to remove: %v", err)
	}
}

func TestDarwinNotificationTextGoesAsIs(t *testing.T) {
	title, body, err := PrepareNotification(context.Background(), "R&D <ops>", `"x" $(y)`)
	if err != nil || title != "R&D <ops>" || body != `"x" $(y)` {
		t.Errorf("PrepareNotification = %q, %q, %v", title, body, err)
	}
	if ok, _ := TrayAvailable(context.Background()); !ok {
		t.Error("the menu bar always shows status items")
	}
}
