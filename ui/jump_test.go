package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"scimrenew/sandbox"
	"scimrenew/store"
)

func TestJumpAheadElevenMonthsShowsTheReminders(t *testing.T) {
	s := newSandboxHarness(t)
	rec := &recordingNotifier{}
	fn := &fyneNotifier{app: s.app, timeout: time.Second}
	// Every notification goes to the test app (for AssertNotificationSent) and is recorded.
	s.svc.SetNotifier(notifierFunc(func(title, body string) error {
		_ = rec.Notify(title, body)
		return fn.Notify(title, body)
	}))
	firedContosoWith(t, s)
	contoso, fabrikam := s.profile(sandbox.HubPageProfile), s.profile(sandbox.APIProfile)
	northwind := s.profile(sandbox.TrackedProfile)
	hs := s.history(contoso.ID)
	before := len(rec.all())

	s.ui.showJumpBar()
	j := s.ui.bg.jump
	if !strings.Contains(j.clock.Text, "Sandbox") || strings.Contains(j.clock.Text, "ahead") {
		t.Fatalf("clock line before a jump: %q", j.clock.Text)
	}
	start := s.sb.Clock.Now()
	var sent [][2]string
	want := &fyne.Notification{}
	test.AssertNotificationSent(t, want, func() {
		test.Tap(j.monthsB)
		s.settle()
		sent = rec.all()[before:]
		if len(sent) != 3 {
			t.Fatalf("after jumping 11 months: %d notifications %q, want one per profile", len(sent), sent)
		}
		// What Fyne was last asked to show is the last the service sent.
		want.Title, want.Content = sent[2][0], sent[2][1]
	})
	now := s.sb.Clock.Now()
	var wantSent [][2]string
	for _, p := range []store.Profile{contoso, fabrikam, northwind} {
		exp := s.currentToken(p.ID).ExpiresAt.In(now.Location())
		date := exp.Format("2 Jan")
		if exp.Year() != now.Year() {
			date = exp.Format("2 Jan 2006")
		}
		wantSent = append(wantSent, [2]string{p.Name + ": SCIM token expired", "QorusDocs SCIM token for " + p.Name +
			" expired on " + date + "; Okta can no longer provision users to QorusDocs. Open SCIM Renew to renew."})
	}
	slices.SortFunc(sent, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })
	if !slices.Equal(sent, wantSent) {
		t.Fatalf("notifications\n got %q\nwant %q", sent, wantSent)
	}
	if got := s.sb.Clock.Now().Sub(start); got < 330*24*time.Hour || got > 336*24*time.Hour {
		t.Fatalf("the clock moved %v, want 11 months", got)
	}
	if !strings.Contains(j.clock.Text, "about 11 months ahead") {
		t.Fatalf("clock line %q", j.clock.Text)
	}
	if s.ui.status.Text != "Jumped ahead · 3 reminders shown" {
		t.Fatalf("header notice %q", s.ui.status.Text)
	}
	// The history on show counts down with the clock.
	if got, _ := hs.rows.cellText(0, 4); !strings.HasPrefix(got, "expired") {
		t.Fatalf("days left after the jump: %q", got)
	}
	if !hs.noticeBox.Objects[0].Visible() {
		t.Fatal("the history shows no reminder notice after the jump")
	}
}

func TestJumpAheadSmallSteps(t *testing.T) {
	s := newSandboxHarness(t)
	s.svc.SetNotifier(&recordingNotifier{})
	s.ui.showJumpBar()
	j := s.ui.bg.jump
	test.Tap(j.dayB)
	s.settle()
	test.Tap(j.weekB)
	s.settle()
	if got := s.sb.Clock.Offset(); got < 8*24*time.Hour || got > 8*24*time.Hour+time.Minute {
		t.Fatalf("offset %v after a day and a week", got)
	}
	if !strings.Contains(j.clock.Text, ", 8 days ahead") {
		t.Fatalf("clock line %q", j.clock.Text)
	}
}

func TestNoJumpOutsideTheSandbox(t *testing.T) {
	h := newHarness(t)
	h.ui.startBackgroundWith(fakeEnv(false, nil))
	if h.ui.bg.jump != nil || findButton(h.win.Content(), "11 months") != nil {
		t.Fatal("the Jump ahead control shows outside the sandbox")
	}
}

func TestJumpControlStartsWithTheSandbox(t *testing.T) {
	s := newSandboxHarness(t)
	s.ui.startBackgroundWith(fakeEnv(false, nil))
	for _, label := range []string{"1 day", "1 week", "11 months"} {
		if findButton(s.win.Content(), label) == nil {
			t.Fatalf("no %q button in the sandbox", label)
		}
	}
}

// "Set up my own" starts the real app through Deps.LeaveSandbox and says so; without it there is no
// button. Either way the banner's line fits a 1000 px window whole, even after a jump.
func TestSetUpMyOwnLeavesTheSandbox(t *testing.T) {
	for _, leave := range []bool{false, true} {
		s := newSandboxHarness(t)
		s.svc.SetNotifier(&recordingNotifier{})
		calls := 0
		if leave {
			s.ui.deps.LeaveSandbox = func() { calls++ }
		}
		s.ui.startBackgroundWith(fakeEnv(false, nil))
		b := findButton(s.win.Content(), "Set up my own")
		if (b != nil) != leave {
			t.Fatalf("with LeaveSandbox set %v, the button shows %v", leave, b != nil)
		}
		j := s.ui.bg.jump
		test.Tap(j.monthsB)
		s.settle()
		s.win.Content().Refresh()
		th := j.clock.Theme()
		need := fyne.MeasureText(j.clock.Text, th.Size(theme.SizeNameText), fyne.TextStyle{}).Width + 2*th.Size(theme.SizeNameInnerPadding)
		if got := j.clock.Size().Width; got < need {
			t.Fatalf("with the button %v, the banner's line %q is cut: %v px wide, needs %v", leave, j.clock.Text, got, need)
		}
		if !leave {
			continue
		}
		test.Tap(b)
		if calls != 1 || s.ui.status.Text != "Starting SCIM Renew with your own data…" {
			t.Fatalf("Set up my own: %d calls, header says %q", calls, s.ui.status.Text)
		}
	}
}

// notifierFunc adapts a function to the reminders' Notifier.
type notifierFunc func(title, body string) error

func (f notifierFunc) Notify(title, body string) error { return f(title, body) }

// firedContosoWith schedules the sandbox's tokens and fires Contoso's due reminder with the notifier set.
func firedContosoWith(t *testing.T, s *sandboxHarness) {
	t.Helper()
	s.ui.deps.Services.ScheduleMissingReminders(t.Context())
	if sent, err := s.svc.Reminders.CheckDue(t.Context()); sent != 1 || err != nil {
		t.Fatalf("CheckDue sent %d, err %v", sent, err)
	}
}
