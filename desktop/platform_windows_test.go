package desktop

import (
	"context"
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/sys/windows/registry"
)

// TestAutostartWritesTheRunValue writes, reads back and removes the real value under the current
// user's Run key (Wine's registry under make test-windows). An earlier value of the real app is put
// back afterwards.
func TestAutostartWritesTheRunValue(t *testing.T) {
	keepUsersEntry(t)
	a := Autostart{}
	if err := a.Disable(); err != nil {
		t.Fatalf("Disable with nothing to remove: %v", err)
	}
	if a.Enabled() {
		t.Fatal("enabled after Disable")
	}
	exe := `C:\Users\Jo Doe\AppData\Local\Programs\SCIM Renew\scimrenew.exe`
	if err := a.Enable(exe, "--background", "a b"); err != nil {
		t.Fatal(err)
	}
	if !a.Enabled() {
		t.Fatal("not enabled after Enable")
	}
	k, err := registry.OpenKey(registry.CURRENT_USER, runKey, registry.QUERY_VALUE)
	if err != nil {
		t.Fatal(err)
	}
	v, _, err := k.GetStringValue(AppID)
	k.Close()
	if want := `"` + exe + `" --background "a b"`; err != nil || v != want {
		t.Fatalf("Run value %q, %v; want %q", v, err, want)
	}
	if p, _ := a.Path(); p != `HKCU\Software\Microsoft\Windows\CurrentVersion\Run\io.scimrenew.app` {
		t.Errorf("Path() = %q", p)
	}
	if reg, err := exec.LookPath("reg"); err == nil { // Windows' own reader agrees
		out, err := exec.CommandContext(context.Background(), reg, "query", `HKCU\`+runKey, "/v", AppID).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--background") {
			t.Errorf("reg query: %v\n%s", err, out)
		}
	}
	if err := a.Disable(); err != nil {
		t.Fatal(err)
	}
	if a.Enabled() {
		t.Error("enabled after Disable")
	}
}

// keepUsersEntry saves the machine's own login entry, if any, and restores it when the test ends.
func keepUsersEntry(t *testing.T) {
	t.Helper()
	k, err := registry.OpenKey(registry.CURRENT_USER, runKey, registry.QUERY_VALUE)
	if err != nil {
		return
	}
	v, _, err := k.GetStringValue(AppID)
	k.Close()
	if err != nil {
		return
	}
	t.Cleanup(func() {
		k, _, err := registry.CreateKey(registry.CURRENT_USER, runKey, registry.SET_VALUE)
		if err != nil {
			t.Errorf("could not restore the login entry %q: %v", v, err)
			return
		}
		defer k.Close()
		if err := k.SetStringValue(AppID, v); err != nil {
			t.Errorf("could not restore the login entry %q: %v", v, err)
		}
	})
}

func TestCommandLineQuoting(t *testing.T) {
	cases := []struct {
		exe  string
		args []string
		want string
	}{
		{`C:\Program Files\SCIM Renew\scimrenew.exe`, nil, `"C:\Program Files\SCIM Renew\scimrenew.exe"`},
		{`C:\x.exe`, []string{"--background"}, `"C:\x.exe" --background`},
		{`C:\x.exe`, []string{`a "b"`, `c\`}, `"C:\x.exe" "a \"b\"" c\`},
	}
	for _, c := range cases {
		if got := commandLine(c.exe, c.args); got != c.want {
			t.Errorf("commandLine(%q, %q) = %s, want %s", c.exe, c.args, got, c.want)
		}
	}
}

// TestPrepareNotificationSanitisesForPowerShell: on Windows only sanitised text goes on to Fyne's
// toast script.
func TestPrepareNotificationSanitisesForPowerShell(t *testing.T) {
	title, body, err := PrepareNotification(context.Background(), "R&D $(calc): SCIM token expires in 7 days",
		"QorusDocs SCIM token for R&D $(calc) expires in 7 days (12 Mar). “Open” SCIM Renew.")
	if err != nil {
		t.Fatal(err)
	}
	if title != "R+D [calc]: SCIM token expires in 7 days" ||
		body != "QorusDocs SCIM token for R+D [calc] expires in 7 days [12 Mar]. Open SCIM Renew." {
		t.Errorf("PrepareNotification = %q, %q", title, body)
	}
	if ok, why := TrayAvailable(context.Background()); !ok || why != "" {
		t.Errorf("TrayAvailable = %v, %q; Windows always has a notification area", ok, why)
	}
}
