package ui

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"scimrenew/desktop"
)

// TestNotifierTriesThePlatformToastFirst: where package desktop shows the toast (Windows), Fyne is not
// asked as well, and desktop's failure reaches the reminders service so the reminder stays due; where
// desktop does not handle the system, Fyne shows the notification. The toast gets the prepared text.
func TestNotifierTriesThePlatformToastFirst(t *testing.T) {
	errNoPowerShell := errors.New("desktop: Windows PowerShell could not be started")
	prepared := func(_ context.Context, title, body string) (string, string, error) {
		return "prepared " + title, "prepared " + body, nil
	}
	tests := []struct {
		name     string
		toastErr error
		wantErr  error
		wantFyne bool
	}{
		{"toast shown: Fyne not asked", nil, nil, false},
		{"toast failed: the reminder stays due", errNoPowerShell, errNoPowerShell, false},
		{"toast unsupported: Fyne shows it", desktop.ErrNotifyUnsupported, nil, true},
		{"unsupported, wrapped: Fyne shows it", fmt.Errorf("x: %w", desktop.ErrNotifyUnsupported), nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got [2]string
			toast := func(ctx context.Context, title, body string) error {
				if _, ok := ctx.Deadline(); ok {
					t.Error("the toast got the preparer's short deadline; desktop.Notify sets its own")
				}
				got = [2]string{title, body}
				return tc.toastErr
			}
			n := &fyneNotifier{app: test.NewTempApp(t), prepare: prepared, toast: toast, timeout: time.Second}
			var want *fyne.Notification
			if tc.wantFyne {
				want = &fyne.Notification{Title: "prepared Title", Content: "prepared R&D <ops>"}
			}
			test.AssertNotificationSent(t, want, func() {
				if err := n.Notify("Title", "R&D <ops>"); !errors.Is(err, tc.wantErr) {
					t.Fatalf("Notify: %v, want %v", err, tc.wantErr)
				}
			})
			if got != [2]string{"prepared Title", "prepared R&D <ops>"} {
				t.Errorf("the toast got %q, want the prepared text", got)
			}
		})
	}
}

// TestPlatformEnvUsesDesktopsToast: the real app tries package desktop's toast first.
func TestPlatformEnvUsesDesktopsToast(t *testing.T) {
	env := platformEnv(test.NewTempApp(t))
	if env.toast == nil {
		t.Fatal("platformEnv has no toast: Windows reminders would go through Fyne's PowerShell script")
	}
}
