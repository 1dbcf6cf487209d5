package ui

import (
	"context"
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"scimrenew/okta/oktatest"
	"scimrenew/sandbox"
	"scimrenew/secrets"
	"scimrenew/store"
)

// The whole Hub-page renewal with the Okta deep link, from the home screen to Done and back, by keys
// alone: the focus starts on each step's main action and moves on with it, so it is Return after
// Return. What happens in the browser (Create Token and Copy in the Hub, Save in Okta) is not counted.
func TestKeyboardHubPageRenewal(t *testing.T) {
	w := newWizHarness(t)
	p := w.profile(sandbox.HubPageProfile)
	secret := w.keychainValue(p.ID, secrets.KindHubClientSecret)

	home := w.home()
	w.wantFocus("the home screen", home.cards[0].renewB)
	tabs := w.tabTo(home.renewB[p.ID])
	w.press(fyne.KeyReturn)
	wz, ok := w.ui.current().(*wizardScreen)
	if !ok || wz.profileID != p.ID {
		t.Fatalf("Return on Renew opened %T", w.ui.current())
	}
	w.hubPanelReady(wz)
	w.wantFocus("the Hub step", wz.hubP.openB)

	w.press(fyne.KeyReturn) // Open the Hub
	w.waitFor("the Hub page to open", func() bool { return w.lastOpened() != "" })
	if !strings.HasPrefix(w.lastOpened(), w.sb.HubPage.URL()) || w.app.Clipboard().Content() != p.ClientID {
		t.Fatalf("Return on Open the Hub opened %q and copied %d bytes", w.lastOpened(), len(w.app.Clipboard().Content()))
	}
	w.wantFocus("after Open the Hub", wz.hubP.secretB)
	w.press(fyne.KeyReturn) // Copy Client Secret
	wantSame(t, "clipboard after Return on Copy Client Secret", w.app.Clipboard().Content(), secret)

	tok := w.issueOnClipboard(w.sb.HubPage) // Create Token, then Copy, in the browser
	w.until(wz, "the manual install", func() bool { return wz.manual != nil })
	w.wantFocus("the install step", wz.manual.openB)
	w.app.Clipboard().SetContent("something else")
	w.press(fyne.KeyReturn) // Open Okta Provisioning tab
	w.waitFor("the Provisioning tab", func() bool { return strings.Contains(w.lastOpened(), "#tab-provisioning") })
	w.waitFor("the token on the clipboard", func() bool { return w.app.Clipboard().Content() == tok })
	w.wantFocus("after opening Okta", wz.manual.savedB)

	w.sb.Okta.SetToken(oktatest.SCIMAppID, tok) // paste and Save in Okta, in the browser
	w.press(fyne.KeyReturn)                     // I saved it in Okta
	w.until(wz, "the Done panel", func() bool { return wz.done != nil })
	w.wantFocus("the Done panel", wz.done.homeB)
	cur := w.current(p.ID)
	if cur.Fingerprint != store.Fingerprint(tok) || cur.InstallMethod != store.InstallManual {
		t.Fatalf("after the keyboard renewal the current token is the captured one: %v, method %q",
			cur.Fingerprint == store.Fingerprint(tok), cur.InstallMethod)
	}
	w.press(fyne.KeyReturn) // Back to profiles
	w.home()
	t.Logf("Hub-page renewal by keyboard: %d key(s), %d of them Tab to reach the profile", w.keys, tabs)
	if w.keys != tabs+6 {
		t.Fatalf("took %d keys, want %d Tab and 6 Return", w.keys, tabs)
	}
}

// The API-mode renewal from the home screen: Tab to the profile's Renew, Return, and the wizard runs
// to Done by itself; Return there goes back to the profiles.
func TestKeyboardAPIModeRenewal(t *testing.T) {
	w := newWizHarness(t)
	p := w.profile(sandbox.APIProfile)
	old := w.current(p.ID)

	tabs := w.tabTo(w.home().renewB[p.ID])
	w.press(fyne.KeyReturn)
	wz, ok := w.ui.current().(*wizardScreen)
	if !ok || wz.profileID != p.ID {
		t.Fatalf("Return on Renew opened %T", w.ui.current())
	}
	w.until(wz, "the Done panel", func() bool { return wz.done != nil })
	w.wantFocus("the Done panel", wz.done.homeB)
	if tok := w.current(p.ID); tok.Fingerprint == old.Fingerprint || tok.InstallMethod != store.InstallAPI {
		t.Fatalf("the API renewal did not make a new token current through the API (method %q)", tok.InstallMethod)
	}
	w.press(fyne.KeyReturn)
	w.home()
	t.Logf("API-mode renewal by keyboard: %d key(s), %d of them Tab", w.keys, tabs)
	if w.keys != tabs+2 {
		t.Fatalf("took %d keys, want %d Tab and 2 Return", w.keys, tabs)
	}
}

// Esc in the wizard is Cancel renewal, with the same question as the button: the focus starts on
// Keep renewing, so Return (or Esc) keeps the renewal; Tab and Space on Cancel renewal abandon it.
func TestKeyboardEscCancelsTheRenewalAfterAsking(t *testing.T) {
	w := newWizHarness(t)
	p := w.profile(sandbox.HubPageProfile)
	wz := w.renew(p)
	w.hubPanelReady(wz)

	w.press(fyne.KeyEscape)
	c := w.ui.modal
	if c == nil || c.yes.Text != "Cancel renewal" || c.no.Text != "Keep renewing" {
		t.Fatal("Esc in the wizard did not ask whether to cancel the renewal")
	}
	w.wantFocus("the question", c.no)
	w.press(fyne.KeyReturn) // Keep renewing
	if w.ui.modal != nil || w.ui.current() != wz {
		t.Fatal("Return on Keep renewing did not keep the renewal")
	}
	w.wantFocus("back from the question", wz.hubP.openB)

	w.tabTo(wz.hubP.pasteE)
	w.typeText("not yet")
	w.press(fyne.KeyEscape) // from inside the paste field too
	if w.ui.modal == nil {
		t.Fatal("Esc in the paste field did not ask")
	}
	w.press(fyne.KeyEscape) // Esc answers no
	if w.ui.modal != nil || w.ui.current() != wz {
		t.Fatal("Esc on the question did not keep the renewal")
	}

	w.press(fyne.KeyEscape)
	w.tabTo(w.ui.modal.yes)
	w.press(fyne.KeySpace) // Cancel renewal
	w.waitFor("the home screen", func() bool { _, ok := w.ui.current().(*homeScreen); return ok })
	if _, err := w.sb.Store.OpenRenewal(context.Background(), p.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("after Esc and Cancel renewal the renewal is still open (%v)", err)
	}
}

// Once Okta holds the new token there is nothing to cancel: Esc on Done goes back.
func TestKeyboardEscOnDoneGoesBack(t *testing.T) {
	w := newWizHarness(t)
	wz := w.renew(w.profile(sandbox.APIProfile))
	w.until(wz, "the Done panel", func() bool { return wz.done != nil })
	w.press(fyne.KeyEscape)
	if w.ui.modal != nil {
		t.Fatal("Esc on Done asked a question")
	}
	w.home()
}

// The focus starts on each wizard step's main action and never stays on a widget that is gone: a
// failed check offers Retry first, and while a step runs nothing has the focus, so a stray Return
// cannot tap a button of the panel that was there before.
func TestKeyboardFocusFollowsTheWizardSteps(t *testing.T) {
	w := newWizHarness(t)
	p := w.profile(sandbox.HubPageProfile)
	wz := w.renew(p)
	w.hubPanelReady(wz)
	w.tabTo(wz.hubP.pasteE)
	w.typeText("qd-scim-7f3a91c2e4b84d0f9a6e1b2c3d4e5f60") // a token the Hub never issued
	w.press(fyne.KeyReturn)                                // Enter in the field: Use this token
	if !wz.running || w.focused() != nil {
		t.Fatalf("while the check runs the focus is on %s", describeFocus(w.focused()))
	}
	w.press(fyne.KeyReturn) // does nothing while a step runs
	w.until(wz, "the refusal", func() bool { return wz.problem != nil })
	w.wantFocus("the failed check", wz.problem.buttons["Use another token"])
	w.press(fyne.KeyTab)
	w.wantFocus("Tab on the failed check", wz.problem.buttons["Retry"])
	w.press(shiftTab)
	w.press(fyne.KeyReturn) // Use another token: it asks first
	if w.ui.modal == nil || w.ui.modal.yes.Text != "Drop it and start again" {
		t.Fatal("Return on Use another token did not ask")
	}
	w.tabTo(w.ui.modal.yes)
	w.press(fyne.KeyReturn)
	w.hubPanelReady(wz)
	w.wantFocus("the fresh renewal's Hub step", wz.hubP.openB)
}
