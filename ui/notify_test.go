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
	s.ui.deps.Services.ScheduleMissingReminders(ctx)
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
	asIs := func(_ context.Context, title, body string) (string, string, error) { return title, body, nil }
	escaping := func(_ context.Context, title, body string) (string, string, error) {
		return "prepared " + title, "prepared " + body, nil
	}
	tests := []struct {
		name      string
		prepare   notifyPreparer
		wantErr   error
		wantTitle string // "" when nothing may be sent
		wantBody  string
	}{
		{"nothing to prepare sends as is", nil, nil, "Title", "R&D <ops>"},
		{"prepared as is", asIs, nil, "Title", "R&D <ops>"},
		{"the platform's text is what is sent", escaping, nil, "prepared Title", "prepared R&D <ops>"},
		{"no server: the reminder stays due", func(context.Context, string, string) (string, string, error) {
			return "", "", errNoServer
		}, errNoServer, "", ""},
		{"hung server times out", func(ctx context.Context, _, _ string) (string, string, error) {
			<-ctx.Done()
			return "", "", ctx.Err()
		}, context.DeadlineExceeded, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := test.NewTempApp(t)
			n := &fyneNotifier{app: a, prepare: tc.prepare, timeout: 50 * time.Millisecond}
			var want *fyne.Notification
			if tc.wantTitle != "" {
				want = &fyne.Notification{Title: tc.wantTitle, Content: tc.wantBody}
			}
			test.AssertNotificationSent(t, want, func() {
				if err := n.Notify("Title", "R&D <ops>"); !errors.Is(err, tc.wantErr) {
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
