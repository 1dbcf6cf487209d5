package ui

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"scimrenew/reminders"
	"scimrenew/sandbox"
	"scimrenew/store"
)

// recordingNotifier keeps the notifications the reminders service sends (from any goroutine).
type recordingNotifier struct {
	mu   sync.Mutex
	sent [][2]string
}

func (r *recordingNotifier) Notify(title, body string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, [2]string{title, body})
	return nil
}

func (r *recordingNotifier) all() [][2]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([][2]string(nil), r.sent...)
}

// firedContoso schedules the sandbox's tokens and fires Contoso's due first reminder.
func firedContoso(t *testing.T, s *sandboxHarness) store.Profile {
	t.Helper()
	s.svc.SetNotifier(&recordingNotifier{})
	s.ui.deps.Services.ScheduleMissingReminders(context.Background())
	if sent, err := s.svc.Reminders.CheckDue(context.Background()); sent != 1 || err != nil {
		t.Fatalf("CheckDue sent %d, err %v", sent, err)
	}
	return s.profile(sandbox.HubPageProfile)
}

func TestReminderNoticeSnoozesAndDismisses(t *testing.T) {
	tests := []struct {
		button    string
		wantState func(r store.Reminder, now time.Time) bool
	}{
		{"Snooze until tomorrow", func(r store.Reminder, now time.Time) bool {
			return r.SnoozedUntil.Equal(reminders.SnoozeUntil(now, time.Local)) && r.DismissedAt.IsZero()
		}},
		{"Dismiss", func(r store.Reminder, _ time.Time) bool { return !r.DismissedAt.IsZero() }},
	}
	for _, tc := range tests {
		t.Run(tc.button, func(t *testing.T) {
			s := newSandboxHarness(t)
			p := firedContoso(t, s)
			n := newReminderNoticeView(s.ui, p.ID)
			if !n.box.Visible() {
				t.Fatal("a fired reminder shows no notice")
			}
			if !strings.HasPrefix(n.title.Text, p.Name+": SCIM token expires in ") ||
				!strings.HasSuffix(n.body.Text, "Open SCIM Renew to renew.") {
				t.Fatalf("notice %q / %q", n.title.Text, n.body.Text)
			}
			shown := n.r
			b := findButton(n.box, tc.button)
			if b == nil {
				t.Fatalf("no %q button", tc.button)
			}
			test.Tap(b)
			s.settle()
			if n.box.Visible() {
				t.Fatal("the notice stayed after the choice")
			}
			rs, err := s.st.TokenReminders(context.Background(), shown.TokenID)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rs {
				if r.ID == shown.ID && !tc.wantState(r, s.sb.Clock.Now()) {
					t.Fatalf("reminder after %q: %+v", tc.button, r)
				}
			}
			if _, err := s.svc.Reminders.Notice(context.Background(), p.ID); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("Notice after %q: %v, want none", tc.button, err)
			}
			if newReminderNoticeView(s.ui, p.ID).box.Visible() {
				t.Fatal("a rebuilt screen shows the notice again")
			}
		})
	}
}

func TestReminderNoticeIsEmptyWithNothingFired(t *testing.T) {
	s := newSandboxHarness(t)
	firedContoso(t, s)
	if o := s.ui.reminderNotice(s.profile(sandbox.APIProfile).ID); o.Visible() {
		t.Fatal("Fabrikam's reminders have not fired, yet a notice shows")
	}
	h := newHarness(t) // no services at all
	if o := h.ui.reminderNotice("any"); o.Visible() {
		t.Fatal("a notice shows without a reminders service")
	}
}
