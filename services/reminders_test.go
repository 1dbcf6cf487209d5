package services

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"scimrenew/renewal"
	"scimrenew/secrets"
	"scimrenew/store"
)

// reminderIDs lists the ids of a token's reminders.
func (l *local) reminderIDs(t *testing.T, tokenID int64) []int64 {
	t.Helper()
	rs, err := l.st.TokenReminders(l.ctx, tokenID)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	return ids
}

// notice says whether the profile has a reminder notice, failing on an error.
func (l *local) notice(t *testing.T, profileID string) (store.Reminder, bool) {
	t.Helper()
	r, ok, err := l.svc.ReminderNotice(l.ctx, profileID)
	if err != nil {
		t.Fatal(err)
	}
	return r, ok
}

// A token recorded without reminders gets its schedule; one that has reminders is left alone.
func TestScheduleMissingReminders(t *testing.T) {
	l := newLocal(t)
	p := l.localProfile(t, "Acme")
	cur := l.seedTokens(t, p, 1)[0]
	l.localProfile(t, "No token")
	l.svc.ScheduleMissingReminders(l.ctx)
	ids := l.reminderIDs(t, cur)
	if len(ids) < 4 {
		t.Fatalf("the current token got %d reminders, want the vendor's first one and the escalations", len(ids))
	}
	// With other lead times saved behind the services' back, a second pass shows whether it leaves a
	// token that has reminders alone.
	p.RemindDays = []int{3}
	if _, err := l.st.UpdateProfile(l.ctx, p); err != nil {
		t.Fatal(err)
	}
	l.svc.ScheduleMissingReminders(l.ctx)
	if again := l.reminderIDs(t, cur); !slices.Equal(again, ids) {
		t.Fatalf("a token that has reminders was scheduled again: %v, then %v", ids, again)
	}
}

// A reminder fires once, shows as a notice until snoozed, comes back the next day, and goes for good
// when dismissed.
func TestReminderNoticeSnoozeDismiss(t *testing.T) {
	l := newLocal(t)
	p := l.localProfile(t, "Acme")
	cur := l.seedTokens(t, p, 1)[0]
	if _, ok := l.notice(t, l.localProfile(t, "No token").ID); ok {
		t.Fatal("a notice for a profile without a token")
	}
	l.svc.ScheduleMissingReminders(l.ctx)
	if _, ok := l.notice(t, p.ID); ok {
		t.Fatal("a notice before any reminder fired")
	}
	rs, _ := l.st.TokenReminders(l.ctx, cur)
	l.clock.Set(rs[0].DueAt.Add(time.Hour))
	if sent, err := l.svc.CheckDueReminders(l.ctx); err != nil || sent != 1 || l.notes.count() != 1 {
		t.Fatalf("first reminder: sent %d, %v, %d notifications", sent, err, l.notes.count())
	}
	r, ok := l.notice(t, p.ID)
	if !ok || r.ID != rs[0].ID {
		t.Fatalf("after the first reminder fired: notice %v (id %d), want reminder %d", ok, r.ID, rs[0].ID)
	}

	if err := l.svc.SnoozeReminder(l.ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	if _, ok := l.notice(t, p.ID); ok {
		t.Fatal("the notice stayed after a snooze")
	}
	if sent, _ := l.svc.CheckDueReminders(l.ctx); sent != 0 {
		t.Fatal("a snoozed reminder fired again the same day")
	}
	l.clock.Set(l.clock.Now().Add(36 * time.Hour))
	if sent, err := l.svc.CheckDueReminders(l.ctx); err != nil || sent != 1 {
		t.Fatalf("the next day: sent %d, %v", sent, err)
	}
	if _, ok := l.notice(t, p.ID); !ok {
		t.Fatal("no notice when the snoozed reminder came back")
	}

	if err := l.svc.DismissReminder(l.ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	if _, ok := l.notice(t, p.ID); ok {
		t.Fatal("the notice stayed after Dismiss")
	}
	l.st.Close()
	if _, ok, err := l.svc.ReminderNotice(l.ctx, p.ID); ok || err == nil {
		t.Fatalf("a closed database: ok %v, err %v", ok, err)
	}
}

// RunReminders schedules what has no reminders, notifies what is due at once, and returns when asked.
func TestRunRemindersSchedulesThenNotifies(t *testing.T) {
	l := newLocal(t)
	p := l.localProfile(t, "Acme")
	created := l.clock.Now().AddDate(0, -11, -10)
	// Tracked by its dates only: the run's health check has nothing to probe.
	id, err := l.st.InsertToken(l.ctx, store.Token{
		ProfileID: p.ID, CreatedAt: created, ExpiresAt: created.AddDate(1, 0, 0),
		ExpirySource: "given_expiry_date", Status: store.TokenCurrent,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(l.ctx)
	done := make(chan struct{})
	go func() {
		l.svc.RunReminders(ctx)
		close(done)
	}()
	for deadline := time.Now().Add(10 * time.Second); l.notes.count() == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			cancel()
			t.Fatal("no reminder was shown within 10 s")
		}
	}
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("RunReminders did not return after its context was cancelled")
	}
	if l.notes.count() != 1 {
		t.Errorf("%d notifications for a catch-up of one token, want 1", l.notes.count())
	}
	if len(l.reminderIDs(t, id)) == 0 {
		t.Error("the token was not given reminders")
	}
	if _, ok := l.notice(t, p.ID); !ok {
		t.Error("no notice for the reminder shown")
	}
}

// Reconcile repairs what the rows decide and reports the rest, naming the profile.
func TestReconcileRepairsAndReports(t *testing.T) {
	w := newWorld(t)
	if fs, err := w.svc.Reconcile(w.ctx); err != nil || len(fs) != 0 {
		t.Fatalf("nothing saved yet: %+v, %v", fs, err)
	}
	acme := w.profile("Acme", true, true)
	w.renew(acme)
	// Interrupted after the commit, before the pending entry moved to current.
	if err := w.kc.Set(acme.ID, secrets.KindTokenPending, w.secret(acme, secrets.KindTokenCurrent)); err != nil {
		t.Fatal(err)
	}
	// Interrupted between the keychain write and the row.
	globex := w.profile("Globex", false, false)
	if err := w.kc.Set(globex.ID, secrets.KindTokenPending, "an-unrecorded-new-token-value"); err != nil {
		t.Fatal(err)
	}

	fs, err := w.svc.Reconcile(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]renewal.Finding{}
	for _, f := range fs {
		kinds[f.ProfileName] = f
	}
	if f := kinds["Acme"]; len(fs) != 2 || f.Kind != renewal.FindingFinishCompleted || !f.Repaired {
		t.Errorf("findings %+v: want Acme's interrupted finish repaired", fs)
	}
	if w.secret(acme, secrets.KindTokenPending) != "" {
		t.Error("Acme's pending entry is still there")
	}
	if f := kinds["Globex"]; f.Kind != renewal.FindingUnrecordedToken || f.Repaired || !strings.Contains(f.Message, `"Globex"`) {
		t.Errorf("Globex's finding %+v: want the unrecorded token reported, naming the profile", f)
	}
	if w.secret(globex, secrets.KindTokenPending) == "" {
		t.Error("an unrecorded token was dropped")
	}
	fs, err = w.svc.Reconcile(w.ctx)
	if err != nil || len(fs) != 1 || fs[0].ProfileName != "Globex" {
		t.Errorf("a second start: %+v, %v; want only what is still to decide", fs, err)
	}
}
