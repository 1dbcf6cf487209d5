package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"scimrenew/hub/hubtest"
	"scimrenew/sandbox"
	"scimrenew/secrets"
	"scimrenew/store"
)

// newTrackable adds a profile on the Contoso demo's Hub with no token recorded, as after Add a profile.
func (w *wizHarness) newTrackable(name string) store.Profile {
	w.t.Helper()
	h := w.sb.HubPage
	p, err := w.sb.Store.CreateProfile(context.Background(), store.Profile{
		Name: name, HubURL: h.URL(),
		SCIMURL: h.SCIMBase(), ClientID: h.ClientID(), OktaOrgURL: w.sb.Okta.URL(),
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return p
}

// card returns the home screen's card of a profile.
func (w *wizHarness) card(profileID string) *profileCard {
	w.t.Helper()
	for _, c := range w.home().cards {
		if c.p.ID == profileID {
			return c
		}
	}
	w.t.Fatalf("no card for profile %s", profileID)
	return nil
}

func (w *wizHarness) trackScreen() *trackScreen {
	w.t.Helper()
	s, ok := w.ui.current().(*trackScreen)
	if !ok {
		w.t.Fatalf("current screen is %T, want the Track screen", w.ui.current())
	}
	return s
}

// The home card of a profile without a token offers Track; pasting the token Okta uses and tapping Track
// verifies it, keeps it, and brings back the card with its expiry and the passed check.
func TestTrackFromTheHomeCardWithTheToken(t *testing.T) {
	w := newWizHarness(t)
	p := w.newTrackable("Acme")
	tok, err := w.sb.HubPage.IssueToken()
	if err != nil {
		t.Fatal(err)
	}
	w.ui.home()
	if b := w.card(w.profile(sandbox.TrackedProfile).ID).trackB; b != nil {
		t.Fatal("a profile with a current token offers Track")
	}
	c := w.card(p.ID)
	if !strings.Contains(c.expiry.text, "track it") {
		t.Errorf("the card of a profile without a token says %q", c.expiry.text)
	}
	w.tap(c.trackB)
	s := w.trackScreen()
	if !s.trackB.Disabled() {
		t.Fatal("Track is on before anything was given")
	}
	w.typeIn(s.token, "Bearer "+tok)
	if !strings.Contains(s.stated.Text, "states its expiry") || s.trackB.Disabled() {
		t.Fatalf("after pasting a JWT: %q, Track disabled %v", s.stated.Text, s.trackB.Disabled())
	}
	w.tap(s.trackB)
	w.waitFor("the home screen after tracking", func() bool {
		_, ok := w.ui.current().(*homeScreen)
		return ok && w.ui.busy == 0
	})
	c = w.card(p.ID)
	row := w.current(p.ID)
	if c.trackB != nil || !strings.Contains(c.expiry.text, "Token expires") || !strings.Contains(c.healthL.Text, "Last check passed") {
		t.Fatalf("card after tracking: %q / %q", c.expiry.text, c.healthL.Text)
	}
	if row.InstallMethod != store.InstallAlreadyInOkta || row.DatesOnly() {
		t.Fatalf("tracked row %+v", row)
	}
	wantSame(t, "keychain current token", w.keychainValue(p.ID, secrets.KindTokenCurrent), tok)
	w.noSecretsOnDisk("after tracking", tok)
	if _, err := w.sb.Store.NextReminder(context.Background(), p.ID); err != nil {
		t.Fatalf("no reminder scheduled: %v", err)
	}
}

// From the history of a profile without a token: track by an expiry date alone. The entry reads "dates
// only" and "not verified", has no token to show or check, and the card says no health check runs.
func TestTrackDatesOnlyFromTheHistory(t *testing.T) {
	w := newWizHarness(t)
	p := w.newTrackable("Acme")
	w.ui.goHistory(p.ID)
	hs := w.ui.current().(*historyScreen)
	if !hs.trackB.Visible() {
		t.Fatal("the history of a profile without a token does not offer Track")
	}
	w.tap(hs.trackB)
	s := w.trackScreen()
	s.modeR.SetSelected(trackDatesOnly)
	if s.tokenRow.Visible() {
		t.Fatal("the token field shows for a dates-only entry")
	}
	s.dateKind.SetSelected(trackExpiresOn)
	w.typeIn(s.date.entry, "31/01/2027")
	if !s.trackB.Disabled() || !strings.Contains(visibleText(s.date.errL), "YYYY-MM-DD") {
		t.Fatalf("a date in another format: error %q, Track disabled %v", visibleText(s.date.errL), s.trackB.Disabled())
	}
	exp := w.sb.Clock.Now().AddDate(0, 0, 100)
	w.typeIn(s.date.entry, exp.Format(time.DateOnly))
	w.tap(s.trackB)
	w.waitFor("the home screen after tracking", func() bool {
		_, ok := w.ui.current().(*homeScreen)
		return ok && w.ui.busy == 0
	})
	if c := w.card(p.ID); !strings.Contains(c.healthL.Text, "dates only") || c.expiry.days != "100 days left" {
		t.Fatalf("card of a dates-only entry: %q / %q", c.expiry.days, c.healthL.Text)
	}
	w.ui.goHistory(p.ID)
	hs = w.ui.current().(*historyScreen)
	if hs.trackB.Visible() || hs.tokenRow.Visible() || !hs.checkB.Disabled() || hs.calendarB.Disabled() {
		t.Fatalf("history of a dates-only entry: track %v, token row %v, check disabled %v, calendar disabled %v",
			hs.trackB.Visible(), hs.tokenRow.Visible(), hs.checkB.Disabled(), hs.calendarB.Disabled())
	}
	tok := w.current(p.ID)
	for col, want := range map[int]string{0: "dates only", 5: "not verified", 6: "Already in Okta"} {
		if got, _ := historyColumns[col].cell(tok, w.sb.Clock.Now()); got != want {
			t.Errorf("history column %q: %q, want %q", historyColumns[col].title, got, want)
		}
	}
	if w.keychainValue(p.ID, secrets.KindTokenCurrent) != "" {
		t.Fatal("a dates-only entry put something in the keychain")
	}
}

// A token the SCIM endpoint refuses is not recorded: the screen stays, saying so.
func TestTrackRejectedTokenStaysOnTheScreen(t *testing.T) {
	w := newWizHarness(t)
	p := w.newTrackable("Acme")
	other := hubtest.New(hubtest.Options{})
	defer other.Close()
	foreign, err := other.IssueToken()
	if err != nil {
		t.Fatal(err)
	}
	w.ui.goTrack(p.ID)
	s := w.trackScreen()
	w.typeIn(s.token, foreign)
	w.tap(s.trackB)
	w.settle()
	if w.trackScreen() != s || !strings.Contains(s.result.Text, "not recorded") || s.trackB.Disabled() {
		t.Fatalf("after a rejected token: %q (Track disabled %v)", s.result.Text, s.trackB.Disabled())
	}
	if n, _ := w.sb.Store.CountTokens(context.Background(), p.ID); n != 0 || w.keychainValue(p.ID, secrets.KindTokenCurrent) != "" {
		t.Fatalf("a rejected token was recorded (%d rows) or kept", n)
	}
	w.noSecretsOnDisk("after a rejected token", foreign)
}

// Saving a new profile ends with the offer to track the token Okta already uses.
func TestAddAProfileOffersTrack(t *testing.T) {
	w := newWizHarness(t)
	f := w.settings(newProfileID).form
	fillValid(f, "Acme")
	test.Tap(f.saveB)
	w.settle()
	c := w.ui.modal
	if c == nil || c.yes.Text != "Track my current token" {
		t.Fatalf("no offer to track after Add a profile: %+v", c)
	}
	w.tap(c.yes)
	s := w.trackScreen()
	if s.profile.Name != "Acme" {
		t.Fatalf("Track opened for %q", s.profile.Name)
	}
	// Saving an existing profile does not ask again.
	w.settings(s.profile.ID)
	f = w.ui.current().(*settingsScreen).form
	typeInto(f.clientID.entry, "client-456")
	test.Tap(f.saveB)
	w.settle()
	if w.ui.modal != nil {
		t.Fatal("saving an existing profile offered Track")
	}
}
