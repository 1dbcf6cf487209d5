package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"scimrenew/sandbox"
	"scimrenew/secrets"
	"scimrenew/services"
	"scimrenew/store"
)

// The cards put the soonest expiry first, colour days left by urgency, and say how the last check went.
func TestHomeCardsShowExpiryUrgencyAndHealth(t *testing.T) {
	w := newWizHarness(t)
	hubP, apiP := w.profile(sandbox.HubPageProfile), w.profile(sandbox.APIProfile)
	now := w.sb.Clock.Now()
	cards := w.home().cards
	// The tracked demo (Northwind) expires last.
	if len(cards) != 3 || cards[0].p.ID != hubP.ID || cards[1].p.ID != apiP.ID || cards[2].p.Name != sandbox.TrackedProfile {
		t.Fatalf("cards in the wrong order: %q first", cards[0].p.Name)
	}
	cases := []struct {
		c    *profileCard
		days string
		imp  widget.Importance
		mode string
	}{
		{cards[0], "25 days left", widget.WarningImportance, "Hub page"},  // 340 days old: inside the month
		{cards[1], "165 days left", widget.SuccessImportance, "API mode"}, // 200 days old
	}
	for _, c := range cases {
		checkCard(t, c.c, w.current(c.c.p.ID), now, c.days, c.imp, c.mode)
	}
	if w.home().defaultButton() != nil {
		t.Error("with three profiles Enter would pick one")
	}

	tok := w.current(apiP.ID)
	msg := "The Hub refused the token (HTTP 401)."
	if err := w.sb.Store.SetTokenHealth(context.Background(), tok.ID, "rejected", msg, now); err != nil {
		t.Fatal(err)
	}
	homeRefresh = 20 * time.Millisecond // the home screen notices changes made elsewhere
	t.Cleanup(func() { homeRefresh = 3 * time.Second })
	w.ui.home()
	w.waitFor("the failed check on the card", func() bool {
		return strings.Contains(w.home().cards[1].healthL.Text, msg)
	})
	w.sb.Clock.Jump(20 * 24 * time.Hour)
	w.home().onClockJumped()
	cards = w.home().cards
	if cards[0].expiry.days != "5 days left" || cards[0].expiry.daysImp != widget.DangerImportance {
		t.Errorf("after 20 days: %q %v, want 5 days left in red", cards[0].expiry.days, cards[0].expiry.daysImp)
	}
	if !strings.Contains(cards[1].healthL.Text, msg) || cards[1].healthL.Importance != widget.DangerImportance {
		t.Errorf("failed check shows %q", cards[1].healthL.Text)
	}
}

// A new token the app saved but never recorded (a crash between the two writes) is reported once at
// start, and Renew picks it up instead of asking for another.
func TestHomeReportsStartupFindingsAndRenewPicksUpTheToken(t *testing.T) {
	var tok string
	var profileID string
	w := newWizHarness(t, func(sb *sandbox.Sandbox, _ *services.Config) {
		p, err := sb.Store.ProfileByName(context.Background(), sandbox.HubPageProfile)
		if err != nil {
			t.Fatal(err)
		}
		if tok, err = sb.HubPage.IssueToken(); err != nil {
			t.Fatal(err)
		}
		profileID = p.ID
		if err := sb.Keychain.Set(p.ID, secrets.KindTokenPending, tok); err != nil {
			t.Fatal(err)
		}
	})
	w.waitFor("the start-up banner", func() bool { return w.ui.startupState().banner != nil })
	b := w.ui.startupState().banner
	if !strings.Contains(b.text.Text, sandbox.HubPageProfile) || !strings.Contains(b.text.Text, "interrupted") {
		t.Fatalf("banner says %q", b.text.Text)
	}
	w.tap(b.dismissB)
	if len(w.ui.banner.Objects) != 0 {
		t.Fatal("Dismiss left the banner up")
	}

	p := w.profile(sandbox.HubPageProfile)
	wz := w.renew(p)
	w.until(wz, "the manual install", func() bool { return wz.manual != nil })
	if !wz.noticeL.Visible() || wz.noticeL.Text == "" {
		t.Fatal("the wizard does not say it picked up the token")
	}
	if r, err := w.sb.Store.OpenRenewal(context.Background(), profileID); err != nil || r.TokenID == 0 {
		t.Fatalf("renewal %+v (%v) did not record the token", r, err)
	}
	t2, err := w.sb.Store.Token(context.Background(), wz.sess.Renewal().TokenID)
	if err != nil || t2.Fingerprint != store.Fingerprint(tok) {
		t.Fatal("the picked-up token is not the one the keychain held")
	}
}

// With one profile, Enter renews it.
func TestHomeEnterRenewsTheOnlyProfile(t *testing.T) {
	w := newWizHarness(t)
	api := w.profile(sandbox.APIProfile)
	for _, name := range []string{sandbox.HubPageProfile, sandbox.TrackedProfile} {
		if err := w.sb.Store.DeleteProfile(context.Background(), w.profile(name).ID); err != nil {
			t.Fatal(err)
		}
	}
	w.ui.home()
	w.key(fyne.KeyReturn)
	wz, ok := w.ui.current().(*wizardScreen)
	if !ok || wz.profileID != api.ID {
		t.Fatalf("Enter on the home screen opened %T", w.ui.current())
	}
	w.until(wz, "the Done panel", func() bool { return wz.done != nil })
}

// checkCard asserts a fresh card's lines and its Renew button.
func checkCard(t *testing.T, c *profileCard, tok store.Token, now time.Time, days string, imp widget.Importance, mode string) {
	t.Helper()
	if c.expiry.days != days || c.expiry.daysImp != imp {
		t.Errorf("%s: days %q importance %v, want %q %v", c.p.Name, c.expiry.days, c.expiry.daysImp, days, imp)
	}
	if !strings.Contains(c.expiry.text, tok.ExpiresAt.In(now.Location()).Format("Mon 2 Jan 2006")) ||
		c.expiry.rt.String() != c.expiry.text+" · "+days {
		t.Errorf("%s: expiry line %q", c.p.Name, c.expiry.rt.String())
	}
	if !strings.HasPrefix(c.healthL.Text, "Verified on") || !strings.HasPrefix(c.modeText(), mode) {
		t.Errorf("%s: health %q, mode %q", c.p.Name, c.healthL.Text, c.modeText())
	}
	if c.renewB.Text != "Renew" || c.renewB.Importance != widget.HighImportance {
		t.Errorf("%s: Renew button %q", c.p.Name, c.renewB.Text)
	}
}
