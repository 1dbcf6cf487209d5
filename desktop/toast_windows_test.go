package desktop

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/windows/registry"

	"scimrenew/internal/winetest"
)

// toastDisplayName reads the registered DisplayName, "" when there is none.
func toastDisplayName(t *testing.T) string {
	t.Helper()
	k, err := registry.OpenKey(registry.CURRENT_USER, toastAppKey, registry.QUERY_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return ""
	}
	if err != nil {
		t.Fatalf("open HKCU\\%s: %v", toastAppKey, err)
	}
	defer k.Close()
	v, _, err := k.GetStringValue("DisplayName")
	if err != nil && !errors.Is(err, registry.ErrNotExist) {
		t.Fatalf("read DisplayName: %v", err)
	}
	return v
}

// withoutToastApp removes the app's toast registration for the test and puts the machine's own back
// afterwards (or removes what the test made).
func withoutToastApp(t *testing.T) {
	t.Helper()
	before := toastDisplayName(t)
	if err := registry.DeleteKey(registry.CURRENT_USER, toastAppKey); err != nil && !errors.Is(err, registry.ErrNotExist) {
		t.Fatalf("delete HKCU\\%s: %v", toastAppKey, err)
	}
	t.Cleanup(func() {
		if before != "" {
			if err := registerToastApp(); err != nil {
				t.Errorf("could not restore the toast registration: %v", err)
			}
			return
		}
		if err := registry.DeleteKey(registry.CURRENT_USER, toastAppKey); err != nil && !errors.Is(err, registry.ErrNotExist) {
			t.Errorf("could not remove the test's toast registration: %v", err)
		}
	})
}

// TestRegisterToastAppWritesTheKey writes the AppUserModelId key in the real registry (Wine's under
// make test-windows), reads it back, and checks a wrong name is corrected and a second call is harmless.
func TestRegisterToastAppWritesTheKey(t *testing.T) {
	withoutToastApp(t)
	if got := toastDisplayName(t); got != "" {
		t.Fatalf("DisplayName %q before registering", got)
	}
	for _, step := range []string{"first", "again"} {
		if err := registerToastApp(); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if got := toastDisplayName(t); got != AppName {
			t.Fatalf("%s: DisplayName = %q, want %q", step, got, AppName)
		}
	}
	k, err := registry.OpenKey(registry.CURRENT_USER, toastAppKey, registry.SET_VALUE)
	if err != nil {
		t.Fatal(err)
	}
	err = k.SetStringValue("DisplayName", "Something else")
	k.Close()
	if err != nil {
		t.Fatal(err)
	}
	if err := registerToastApp(); err != nil || toastDisplayName(t) != AppName {
		t.Fatalf("a wrong DisplayName is left: %q, %v", toastDisplayName(t), err)
	}
	if reg, err := exec.LookPath("reg"); err == nil { // Windows' own reader agrees
		out, err := exec.CommandContext(context.Background(), reg, "query", `HKCU\`+toastAppKey, "/v", "DisplayName").CombinedOutput()
		if err != nil || !strings.Contains(string(out), AppName) {
			t.Errorf("reg query: %v\n%s", err, out)
		}
	}
}

// TestNotifyRunsPowerShell shows a real toast through the system's Windows PowerShell and waits for
// its verdict. Wine's powershell.exe is a stub that does nothing and exits 0: Notify must see that no
// toast was confirmed and say so, naming PowerShell, within the timeout. On a real Windows a toast
// appears (or, where the system cannot show one, an error names PowerShell). Either way the app ID is
// registered first.
func TestNotifyRunsPowerShell(t *testing.T) {
	withoutToastApp(t)
	start := time.Now()
	err := Notify(context.Background(), "R&D $(calc): SCIM token expires in 7 days", "“Open” SCIM Renew 🔑 `whoami` ; exit 0")
	took := time.Since(start)
	t.Logf("Notify took %v: %v", took, err)
	if took >= ToastTimeout {
		t.Errorf("Notify took %v, the timeout is %v", took, ToastTimeout)
	}
	if toastDisplayName(t) != AppName {
		t.Error("Notify did not register the app ID")
	}
	switch {
	case winetest.Under():
		if err == nil || !strings.Contains(err.Error(), "Windows PowerShell ended without showing the notification") {
			t.Errorf("under Wine's stub PowerShell Notify = %v, want the error that no toast was confirmed", err)
		}
	case err != nil && !strings.Contains(err.Error(), "Windows PowerShell"):
		t.Errorf("Notify = %v, want nil (a toast shown) or an error naming Windows PowerShell", err)
	}
}

// TestNotifyEndsWithItsContext: a context that has ended stops Notify at once with an error naming
// PowerShell, rather than a hang or a nil.
func TestNotifyEndsWithItsContext(t *testing.T) {
	withoutToastApp(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	err := Notify(ctx, "title", "body")
	if err == nil || !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "Windows PowerShell did not show the notification in time") {
		t.Errorf("Notify with an ended context = %v", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("Notify with an ended context took %v", took)
	}
}
