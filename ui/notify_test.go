package ui

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"scimrenew/reminders"
	"scimrenew/sandbox"
)

// expiryNotification is the notification the sandbox's Contoso token gets while it is not yet expired,
// spelled out here rather than taken from package reminders, so a change of wording is caught.
func expiryNotification(name string, expires, now time.Time) *fyne.Notification {
	exp := expires.In(now.Location())
	days := reminders.DaysLeft(exp, now)
	date := exp.Format("2 Jan")
	if exp.Year() != now.Year() {
		date = exp.Format("2 Jan 2006")
	}
	return &fyne.Notification{
		Title:   fmt.Sprintf("%s: SCIM token expires in %d days", name, days),
		Content: fmt.Sprintf("QorusDocs SCIM token for %s expires in %d days (%s). Open SCIM Renew to renew.", name, days, date),
	}
}

func TestDueReminderIsSentAsAFyneNotification(t *testing.T) {
	s := newSandboxHarness(t)
	ctx := context.Background()
	s.svc.SetNotifier(&fyneNotifier{app: s.app, timeout: time.Second})
	s.ui.scheduleMissing(ctx)
	// Contoso's demo token is 340 days old: its first reminder (11 months) is due; Fabrikam's is not.
	p := s.profile(sandbox.HubPageProfile)
	want := expiryNotification(p.Name, s.currentToken(p.ID).ExpiresAt, s.sb.Clock.Now())
	test.AssertNotificationSent(t, want, func() {
		sent, err := s.svc.Reminders.CheckDue(ctx)
		if err != nil || sent != 1 {
			t.Fatalf("CheckDue sent %d notifications, err %v; want 1", sent, err)
		}
	})
	test.AssertNotificationSent(t, nil, func() {
		if sent, err := s.svc.Reminders.CheckDue(ctx); sent != 0 || err != nil {
			t.Fatalf("a second check sent %d, err %v: a fired reminder must not repeat", sent, err)
		}
	})
}

// blockingApp is a Fyne app whose notifications never return, like a hung notification server.
type blockingApp struct {
	fyne.App
	release chan struct{}
}

func (a *blockingApp) SendNotification(*fyne.Notification) { <-a.release }

func TestNotifierReportsWhatFyneCannot(t *testing.T) {
	errNoServer := errors.New("no notification service is running")
	tests := []struct {
		name      string
		preflight func(context.Context) (bool, error)
		body      string
		wantErr   error
		wantBody  string // "" when nothing may be sent
	}{
		{"no preflight sends as is", nil, "R&D <ops>", nil, "R&D <ops>"},
		{"plain server", func(context.Context) (bool, error) { return false, nil }, "R&D <ops>", nil, "R&D <ops>"},
		{"markup server gets escaped text", func(context.Context) (bool, error) { return true, nil }, "R&D <ops>", nil, "R&amp;D &lt;ops&gt;"},
		{"no server: the reminder stays due", func(context.Context) (bool, error) { return false, errNoServer }, "x", errNoServer, ""},
		{"hung server times out", func(ctx context.Context) (bool, error) { <-ctx.Done(); return false, ctx.Err() }, "x", context.DeadlineExceeded, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := test.NewTempApp(t)
			n := &fyneNotifier{app: a, preflight: tc.preflight, timeout: 50 * time.Millisecond}
			var want *fyne.Notification
			if tc.wantBody != "" {
				want = &fyne.Notification{Title: "Title", Content: tc.wantBody}
			}
			test.AssertNotificationSent(t, want, func() {
				if err := n.Notify("Title", tc.body); !errors.Is(err, tc.wantErr) {
					t.Fatalf("Notify: %v, want %v", err, tc.wantErr)
				}
			})
		})
	}
}

func TestNotifierGivesUpOnAHungSend(t *testing.T) {
	a := &blockingApp{App: test.NewTempApp(t), release: make(chan struct{})}
	defer close(a.release)
	n := &fyneNotifier{app: a, timeout: 30 * time.Millisecond}
	start := time.Now()
	err := n.Notify("Title", "Body")
	if !errors.Is(err, errNotifyTimeout) {
		t.Fatalf("Notify: %v, want the timeout error", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("Notify took %v with a 30 ms timeout", d)
	}
}

func TestBackgroundRunsRemindersUntilQuit(t *testing.T) {
	s := newSandboxHarness(t)
	ctx := context.Background()
	s.ui.startBackgroundWith(fakeEnv(false, nil))
	p := s.profile(sandbox.HubPageProfile)
	tok := s.currentToken(p.ID)
	// The loop schedules the demo tokens (they predate reminders) and notifies the due one at once.
	deadline := time.Now().Add(waitTimeout)
	for {
		rs, err := s.st.TokenReminders(ctx, tok.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) > 0 && !rs[0].FiredAt.IsZero() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the reminders loop did not fire the due reminder: %+v", rs)
		}
		time.Sleep(10 * time.Millisecond)
	}
	bgCtx := s.ui.bg.ctx
	s.ui.Quit()
	if bgCtx.Err() == nil {
		t.Fatal("quitting did not stop the reminders loop's context")
	}
}

func TestMarkupEscaping(t *testing.T) {
	for in, want := range map[string]string{
		`Ops <R&D> "x"`: `Ops &lt;R&amp;D&gt; "x"`,
		"a&amp;b":       "a&amp;amp;b", // text that looks like an entity is still text
		"plain":         "plain",
	} {
		if got := escapeMarkup(in); got != want {
			t.Errorf("escapeMarkup(%q) = %q, want %q", in, got, want)
		}
	}
}
