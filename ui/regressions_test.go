package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"scimrenew/sandbox"
	"scimrenew/secrets"
	"scimrenew/store"
)

// nextReminder is the profile's next reminder as the store holds it.
func (w *wizHarness) nextReminder(profileID string) store.Reminder {
	w.t.Helper()
	r, err := w.sb.Store.NextReminder(context.Background(), profileID)
	if err != nil {
		w.t.Fatalf("no next reminder: %v", err)
	}
	return r
}

// After a renewal, moving the lead times in Settings moves the new token's reminders: the Done panel
// sends the admin to Settings for exactly that.
func TestLeadTimeChangeAfterRenewalMovesTheNextReminder(t *testing.T) {
	w := newWizHarness(t)
	p := w.profile(sandbox.APIProfile)
	wz := w.renew(p)
	w.until(wz, "the Done panel", func() bool { return wz.done != nil })
	w.key(fyne.KeyReturn) // Back to profiles
	tok := w.current(p.ID)
	before := w.nextReminder(p.ID)
	if before.TokenID != tok.ID {
		t.Fatalf("the next reminder belongs to token %d, not the new token %d", before.TokenID, tok.ID)
	}

	f := w.settings(p.ID).form
	f.remindMonths.SetSelected("3 months") // First reminder: 3 months before expiry
	typeInto(f.remindDays.entry, "21, 7")
	if f.saveB.Disabled() {
		t.Fatalf("Save is disabled: %s", f.summary.Text)
	}
	test.Tap(f.saveB)
	w.settle()

	saved, err := w.sb.Store.Profile(context.Background(), p.ID)
	if err != nil || saved.RemindMonths != 3 {
		t.Fatalf("the lead time was not saved: %+v, %v", saved.RemindMonths, err)
	}
	after := w.nextReminder(p.ID)
	if !after.DueAt.Before(before.DueAt) {
		t.Fatalf("next reminder still due %s after the first reminder moved from 1 to 3 months before expiry "+
			"(expiry %s)", after.DueAt.Format("2 Jan 2006"), tok.ExpiresAt.Format("2 Jan 2006"))
	}
	if lead := tok.ExpiresAt.Sub(after.DueAt); lead < 80*24*time.Hour || lead > 95*24*time.Hour {
		t.Fatalf("next reminder %s is %v before expiry %s, want about 3 months", after.DueAt.Format("2 Jan 2006"),
			lead, tok.ExpiresAt.Format("2 Jan 2006"))
	}
	rs, err := w.sb.Store.TokenReminders(context.Background(), tok.ID)
	if err != nil {
		t.Fatal(err)
	}
	var days []int
	for _, r := range rs {
		if d := int(tok.ExpiresAt.Sub(r.DueAt).Hours()/24 + 0.5); d > 0 && d < 60 {
			days = append(days, d)
		}
	}
	if !containsAll(days, 21, 7) || containsAll(days, 14) {
		t.Fatalf("escalation reminders fall %v days before expiry, want 21 and 7 (and no longer 14)", days)
	}
}

func containsAll(have []int, want ...int) bool {
	for _, w := range want {
		found := false
		for _, h := range have {
			if h == w || h == w+1 || h == w-1 { // 09:00 local and daylight saving shift a day's edge
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// A profile whose renewal is unfinished is not deleted at the first "Delete": the window says why and
// offers to delete it anyway (the command line's --force), behind its own confirmation.
func TestDeleteWithUnfinishedRenewalAsksBeforeDeletingAnyway(t *testing.T) {
	w := newWizHarness(t)
	p := w.profile(sandbox.HubPageProfile)
	wz := w.renew(p)
	w.hubPanelReady(wz) // the renewal has begun: it waits for the token from the Hub page
	w.ui.home()
	w.released(p.ID)
	ctx := context.Background()
	if _, err := w.sb.Store.OpenRenewal(ctx, p.ID); err != nil {
		t.Fatalf("no unfinished renewal to test with: %v", err)
	}

	f := w.settings(p.ID).form
	test.Tap(f.deleteB)
	test.Tap(f.confirmDelete.yes) // "Delete this profile?" — Delete
	w.settle()
	if _, err := w.sb.Store.Profile(ctx, p.ID); err != nil {
		t.Fatalf("the profile was deleted although its renewal is unfinished: %v", err)
	}
	c := f.confirmDelete
	if c == nil || w.ui.modal != c || c.yes.Text != "Delete anyway" || !strings.Contains(c.msg.Text, "renewal in progress") {
		t.Fatalf("no question about the renewal in progress: %+v", c)
	}
	test.Tap(c.no)
	w.settle()
	if _, err := w.sb.Store.Profile(ctx, p.ID); err != nil {
		t.Fatalf("Cancel deleted the profile: %v", err)
	}

	test.Tap(f.deleteB)
	test.Tap(f.confirmDelete.yes)
	w.settle()
	test.Tap(f.confirmDelete.yes) // Delete anyway
	w.settle()
	if _, err := w.sb.Store.Profile(ctx, p.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Delete anyway did not delete the profile: %v", err)
	}
	if _, err := w.sb.Store.OpenRenewal(ctx, p.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the renewal outlived its profile: %v", err)
	}
	if w.keychainValue(p.ID, secrets.KindHubClientSecret) != "" {
		t.Fatal("the Client Secret outlived its profile")
	}
}
