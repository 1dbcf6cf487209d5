package reminders

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"scimrenew/store"
)

func TestServiceScheduleStoresTheSchedule(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	e := newEnv(t, date(berlin, 2025, 1, 31, 10, 0), nil)
	p := createProfile(t, e.st, "Acme")
	tok := addToken(t, e.st, e.svc, p, "tok-A", date(berlin, 2025, 1, 31, 10, 0), date(berlin, 2026, 1, 31, 10, 0))
	got, err := e.st.TokenReminders(e.ctx, tok.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := Schedule(p, tok, berlin)
	if len(got) != len(want) {
		t.Fatalf("stored %s; want %s", kinds(got), kinds(want))
	}
	for i := range want {
		if got[i].Kind != want[i].Kind || !got[i].DueAt.Equal(want[i].DueAt) {
			t.Errorf("stored %s@%v; want %s@%v", got[i].Kind, got[i].DueAt, want[i].Kind, want[i].DueAt)
		}
	}
	// New lead times: Reschedule replaces the unfired reminders.
	p.RemindDays = []int{3}
	if err := e.svc.Reschedule(e.ctx, p); err != nil {
		t.Fatal(err)
	}
	got, _ = e.st.TokenReminders(e.ctx, tok.ID)
	for i := range got {
		got[i].DueAt = got[i].DueAt.In(berlin)
	}
	if k := kinds(got); k != "first@2025-12-31T09:00+01:00 3d@2026-01-28T09:00+01:00 expiry@2026-01-31T09:00+01:00" {
		t.Errorf("after Reschedule: %s", k)
	}
}

func TestCheckDueCatchUp(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	created, expires := date(berlin, 2025, 1, 31, 10, 0), date(berlin, 2026, 1, 31, 10, 0)
	cases := []struct {
		name      string
		now       time.Time
		title     string
		collapsed int // reminders marked fired by the one notification
	}{
		{"nothing due yet", date(berlin, 2025, 12, 31, 8, 59), "", 0},
		{"first reminder", date(berlin, 2025, 12, 31, 9, 0), "Acme: SCIM token expires in 31 days", 1},
		{"off since before the first: first and 14d due", date(berlin, 2026, 1, 20, 8, 0), "Acme: SCIM token expires in 11 days", 2},
		{"off for weeks: four due, told about tomorrow", date(berlin, 2026, 1, 30, 18, 0), "Acme: SCIM token expires tomorrow", 4},
		{"off past expiry: all five due, told it expired", date(berlin, 2026, 2, 3, 9, 0), "Acme: SCIM token expired", 5},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, c.now, nil)
			p := createProfile(t, e.st, "Acme")
			tok := addToken(t, e.st, e.svc, p, "tok-A", created, expires)
			sent, err := e.svc.CheckDue(e.ctx)
			if err != nil {
				t.Fatal(err)
			}
			notes := e.notes.all()
			if c.collapsed == 0 {
				if sent != 0 || len(notes) != 0 {
					t.Fatalf("sent %d (%v); want none", sent, notes)
				}
				return
			}
			if sent != 1 || len(notes) != 1 || notes[0].Title != c.title {
				t.Fatalf("sent %d: %+v; want one notification %q", sent, notes, c.title)
			}
			rs, _ := e.st.TokenReminders(e.ctx, tok.ID)
			fired := 0
			for _, r := range rs {
				if !r.FiredAt.IsZero() {
					fired++
					if !r.FiredAt.Equal(c.now) {
						t.Errorf("%s fired at %v; want %v", r.Kind, r.FiredAt, c.now)
					}
				}
			}
			if fired != c.collapsed {
				t.Errorf("%d reminders marked fired; want %d", fired, c.collapsed)
			}
			// A second check at the same time sends nothing: no burst, no repeat.
			if sent, err := e.svc.CheckDue(e.ctx); sent != 0 || err != nil {
				t.Errorf("second check sent %d, %v", sent, err)
			}
		})
	}
}

func TestCheckDueOnePerProfile(t *testing.T) {
	e := newEnv(t, date(time.UTC, 2026, 1, 30, 12, 0), nil)
	for _, name := range []string{"Acme", "Globex", "Initech"} {
		p := createProfile(t, e.st, name)
		addToken(t, e.st, e.svc, p, "tok-"+name, date(time.UTC, 2025, 1, 31, 10, 0), date(time.UTC, 2026, 1, 31, 10, 0))
	}
	later := createProfile(t, e.st, "Umbrella") // a fresh token: nothing due
	addToken(t, e.st, e.svc, later, "tok-U", date(time.UTC, 2026, 1, 2, 10, 0), date(time.UTC, 2027, 1, 2, 10, 0))
	sent, err := e.svc.CheckDue(e.ctx)
	if err != nil || sent != 3 {
		t.Fatalf("sent %d, %v; want 3", sent, err)
	}
	seen := map[string]bool{}
	for _, n := range e.notes.all() {
		seen[strings.SplitN(n.Title, ":", 2)[0]] = true
	}
	if !seen["Acme"] || !seen["Globex"] || !seen["Initech"] || seen["Umbrella"] {
		t.Errorf("notified %v", seen)
	}
}

// renew makes a new token current for the profile the way a finished renewal does.
func renew(t *testing.T, e *env, p store.Profile, secret string, created, expires time.Time) store.Token {
	t.Helper()
	r, _, err := e.st.BeginRenewal(e.ctx, p.ID, "hub_page", "test", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	tok := store.Token{ProfileID: p.ID, Fingerprint: store.Fingerprint(secret), CreatedAt: created, ExpiresAt: expires, ExpirySource: "jwt_exp"}
	if tok.ID, err = e.st.RecordCreatedToken(e.ctx, r.ID, "test", tok); err != nil {
		t.Fatal(err)
	}
	// The renewal schedules the new token before it is done; a pending token must not remind.
	if err := e.svc.Schedule(e.ctx, p, tok); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.FinishRenewal(e.ctx, r.ID, "test"); err != nil {
		t.Fatal(err)
	}
	tok.Status = store.TokenCurrent
	return tok
}

func TestStopWhenNewerTokenIsCurrent(t *testing.T) {
	now := date(time.UTC, 2026, 1, 20, 12, 0)
	e := newEnv(t, now, nil)
	p := createProfile(t, e.st, "Acme")
	old := addToken(t, e.st, e.svc, p, "tok-old", date(time.UTC, 2025, 1, 31, 10, 0), date(time.UTC, 2026, 1, 31, 10, 0))
	if due, _ := e.st.DueReminders(e.ctx, now); len(due) != 2 {
		t.Fatalf("setup: %d due; want 2", len(due))
	}
	// A pending token with past-due reminders (an odd, short-lived one) reminds of nothing.
	renewed := renew(t, e, p, "tok-new", now, now.AddDate(1, 0, 0))
	sent, err := e.svc.CheckDue(e.ctx)
	if err != nil || sent != 0 {
		t.Fatalf("after renewal sent %d, %v: %+v; want nothing", sent, err, e.notes.all())
	}
	// Even weeks later, the old token's expiry passes in silence; the new one's first reminder comes.
	e.clock.Set(date(time.UTC, 2026, 2, 5, 12, 0))
	if sent, _ := e.svc.CheckDue(e.ctx); sent != 0 {
		t.Errorf("old token reminded after renewal: %+v", e.notes.all())
	}
	e.clock.Set(date(time.UTC, 2026, 12, 20, 9, 0))
	sent, err = e.svc.CheckDue(e.ctx)
	if err != nil || sent != 1 {
		t.Fatalf("new token's first reminder: sent %d, %v", sent, err)
	}
	if rs, _ := e.st.TokenReminders(e.ctx, old.ID); len(rs) != 0 {
		t.Errorf("old token keeps unfired reminders: %s", kinds(rs))
	}
	if n, err := e.svc.Notice(e.ctx, p.ID); err != nil || n.TokenID != renewed.ID {
		t.Errorf("notice %+v, %v; want the new token's", n, err)
	}
}

func TestSnoozeAndDismiss(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	// The first reminder falls on 29 March 2025; the clocks go forward that night.
	e := newEnv(t, date(berlin, 2025, 3, 29, 9, 5), nil)
	p := createProfile(t, e.st, "Acme")
	addToken(t, e.st, e.svc, p, "tok-A", date(berlin, 2024, 4, 29, 10, 0), date(berlin, 2025, 4, 29, 10, 0))
	if _, err := e.svc.Notice(e.ctx, p.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("notice before anything fired: %v", err)
	}
	if sent, err := e.svc.CheckDue(e.ctx); sent != 1 || err != nil {
		t.Fatalf("sent %d, %v", sent, err)
	}
	snoozeNotice(t, e, p, KindFirst)
	// Tomorrow 09:00 is 09:00 CEST, 23 hours later.
	e.clock.Set(date(berlin, 2025, 3, 30, 8, 59))
	if sent, _ := e.svc.CheckDue(e.ctx); sent != 0 {
		t.Fatal("snoozed reminder came back early")
	}
	e.clock.Set(date(berlin, 2025, 3, 30, 9, 0))
	if sent, _ := e.svc.CheckDue(e.ctx); sent != 1 {
		t.Fatal("snoozed reminder did not come back at 09:00")
	}
	n, err := e.svc.Notice(e.ctx, p.ID)
	if err != nil || n.Kind != KindFirst {
		t.Fatalf("notice after the snooze ended: %+v, %v", n, err)
	}
	if err := e.svc.Dismiss(e.ctx, n.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Notice(e.ctx, p.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("notice shown after dismiss: %v", err)
	}
	// Dismissed for good, but the next reminder still comes.
	e.clock.Set(date(berlin, 2025, 4, 15, 9, 0))
	sent, _ := e.svc.CheckDue(e.ctx)
	notes := e.notes.all()
	if sent != 1 || notes[len(notes)-1].Title != "Acme: SCIM token expires in 14 days" {
		t.Errorf("after dismiss: sent %d, %+v", sent, notes)
	}
	if err := e.svc.Snooze(e.ctx, 99999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("snoozing a missing reminder: %v", err)
	}
}

// snoozeNotice snoozes the notice shown, which must be of kind, and checks it is gone.
func snoozeNotice(t *testing.T, e *env, p store.Profile, kind string) {
	t.Helper()
	n, err := e.svc.Notice(e.ctx, p.ID)
	if err != nil || n.Kind != kind {
		t.Fatalf("notice %+v, %v; want %s", n, err, kind)
	}
	if err := e.svc.Snooze(e.ctx, n.ID); err != nil {
		t.Fatal(err)
	}
	if n, err := e.svc.Notice(e.ctx, p.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("notice %s still shown after snooze: %v", n.Kind, err)
	}
}

func TestSnoozeCatchUpClearsNotice(t *testing.T) {
	e := newEnv(t, date(time.UTC, 2026, 1, 30, 12, 0), nil)
	p := createProfile(t, e.st, "Acme")
	addToken(t, e.st, e.svc, p, "tok-A", date(time.UTC, 2025, 1, 31, 10, 0), date(time.UTC, 2026, 1, 31, 10, 0))
	if sent, _ := e.svc.CheckDue(e.ctx); sent != 1 {
		t.Fatal("catch-up did not notify")
	}
	// The less urgent reminders fired with the 1d one must not surface in its place.
	snoozeNotice(t, e, p, "1d")
}

func TestSnoozeUntil(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	newYork := mustLoc(t, "America/New_York")
	cases := []struct{ now, want time.Time }{
		{date(berlin, 2025, 3, 29, 18, 0), date(berlin, 2025, 3, 30, 9, 0)},             // over the spring change
		{date(berlin, 2025, 3, 29, 0, 10), date(berlin, 2025, 3, 30, 9, 0)},             // "tomorrow", not "in a few hours"
		{date(newYork, 2025, 11, 1, 23, 59), date(newYork, 2025, 11, 2, 9, 0)},          // over the autumn change
		{date(newYork, 2025, 12, 31, 10, 0), date(newYork, 2026, 1, 1, 9, 0)},           // over the year's end
		{time.Date(2025, 6, 1, 23, 30, 0, 0, time.UTC), date(berlin, 2025, 6, 3, 9, 0)}, // already 2 June in Berlin
	}
	for _, c := range cases {
		loc := c.want.Location()
		if got := SnoozeUntil(c.now, loc); !got.Equal(c.want) {
			t.Errorf("SnoozeUntil(%v) = %v; want %v", c.now, got, c.want)
		}
	}
}

func TestCheckDueNotifierFailureRetries(t *testing.T) {
	e := newEnv(t, date(time.UTC, 2026, 1, 20, 12, 0), nil)
	p := createProfile(t, e.st, "Acme")
	addToken(t, e.st, e.svc, p, "tok-A", date(time.UTC, 2025, 1, 31, 10, 0), date(time.UTC, 2026, 1, 31, 10, 0))
	e.notes.setErr(errors.New("no notification server"))
	sent, err := e.svc.CheckDue(e.ctx)
	if sent != 0 || err == nil || !strings.Contains(err.Error(), "Acme") {
		t.Fatalf("sent %d, %v; want an error naming the profile", sent, err)
	}
	if due, _ := e.st.DueReminders(e.ctx, e.clock.Now()); len(due) != 2 {
		t.Fatalf("%d still due; a failed notification must leave them due", len(due))
	}
	e.notes.setErr(nil)
	if sent, err := e.svc.CheckDue(e.ctx); sent != 1 || err != nil {
		t.Errorf("retry sent %d, %v", sent, err)
	}

	bare := NewService(Config{Store: e.st, Now: e.clock.Now})
	e.clock.Set(date(time.UTC, 2026, 1, 24, 12, 0))
	if _, err := bare.CheckDue(e.ctx); !errors.Is(err, ErrNoNotifier) {
		t.Errorf("without a notifier: %v", err)
	}
}

func TestRunChecksAtStartAndAfterClockJump(t *testing.T) {
	start := date(time.UTC, 2025, 2, 1, 12, 0)
	e := newEnv(t, start, func(c *Config) {
		c.Tick = 5 * time.Millisecond
		c.CheckEvery = time.Hour // only the start and the jump may trigger a check in this test
	})
	overdue := createProfile(t, e.st, "Overdue")
	addToken(t, e.st, e.svc, overdue, "tok-O", date(time.UTC, 2024, 1, 20, 10, 0), date(time.UTC, 2025, 1, 20, 10, 0))
	p := createProfile(t, e.st, "Acme")
	addToken(t, e.st, e.svc, p, "tok-A", date(time.UTC, 2025, 1, 31, 10, 0), date(time.UTC, 2026, 1, 31, 10, 0))

	ctx, cancel := context.WithCancel(e.ctx)
	done := make(chan struct{})
	go func() { e.svc.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	if n := waitNote(t, e.notes, 5*time.Second); n.Title != "Overdue: SCIM token expired" {
		t.Fatalf("at start: %+v", n)
	}
	// Eleven months pass in a moment (a long sleep, or the sandbox's jump ahead).
	e.clock.Set(date(time.UTC, 2025, 12, 31, 9, 30))
	if n := waitNote(t, e.notes, 5*time.Second); n.Title != "Acme: SCIM token expires in 31 days" {
		t.Fatalf("after the jump: %+v\n%s", n, e.logs.String())
	}
	if !strings.Contains(e.logs.String(), "clock jumped") {
		t.Errorf("the jump was not logged as one:\n%s", e.logs.String())
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
}

func TestRunChecksEveryInterval(t *testing.T) {
	start := date(time.UTC, 2025, 12, 31, 8, 59)
	e := newEnv(t, start, func(c *Config) {
		c.Tick = 5 * time.Millisecond
		c.CheckEvery = 20 * time.Millisecond
		c.JumpThreshold = time.Hour // small clock moves below must not count as jumps
	})
	p := createProfile(t, e.st, "Acme")
	addToken(t, e.st, e.svc, p, "tok-A", date(time.UTC, 2025, 1, 31, 10, 0), date(time.UTC, 2026, 1, 31, 10, 0))
	ctx, cancel := context.WithCancel(e.ctx)
	done := make(chan struct{})
	go func() { e.svc.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	time.Sleep(30 * time.Millisecond)
	if len(e.notes.all()) != 0 {
		t.Fatal("notified before the first reminder was due")
	}
	e.clock.Add(2 * time.Minute) // 09:01: due, found by the periodic check
	if n := waitNote(t, e.notes, 5*time.Second); !strings.HasPrefix(n.Title, "Acme:") {
		t.Fatalf("periodic check: %+v", n)
	}
	if strings.Contains(e.logs.String(), "clock jumped") {
		t.Error("a two-minute move under a one-hour threshold was taken for a jump")
	}
}

func waitNote(t *testing.T, r *recorder, d time.Duration) note {
	t.Helper()
	select {
	case n := <-r.sent:
		return n
	case <-time.After(d):
		t.Fatalf("no notification within %v (had %+v)", d, r.all())
		return note{}
	}
}
