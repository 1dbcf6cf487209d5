package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"scimrenew/hub/hubtest"
	"scimrenew/okta/oktatest"
	"scimrenew/sandbox"
	"scimrenew/secrets"
	"scimrenew/store"
)

// copiedPassword is what a password manager puts on the clipboard while the admin signs in to the Hub:
// more than 20 printable characters without a space, so it passes every plausibility check a token
// does, but it is no JWT.
const copiedPassword = "Tr0ub4dor&3-horse-battery-staple!"

// nothingLeft fails if anything of text reached the fakes, the keychain or the database: no request
// to the Hub (SCIM included) or Okta since the counts given, no pending token, no new history row, and
// neither text nor its fingerprint in any file of the data dir.
func (w *wizHarness) nothingLeft(what string, p store.Profile, text string, hubBefore hubtest.Counts, oktaBefore int, rows int) {
	w.t.Helper()
	if got := w.sb.HubPage.Requests(); got != hubBefore {
		w.t.Fatalf("%s: the fake Hub received requests: %+v, before %+v", what, got, hubBefore)
	}
	if got := sum(w.sb.Okta.Requests()); got != oktaBefore {
		w.t.Fatalf("%s: the fake Okta received %d requests, before %d", what, got, oktaBefore)
	}
	if v := w.keychainValue(p.ID, secrets.KindTokenPending); v != "" {
		w.t.Fatalf("%s: a %d-byte pending token is in the keychain", what, len(v))
	}
	toks, err := w.sb.Store.Tokens(context.Background(), p.ID)
	if err != nil {
		w.t.Fatal(err)
	}
	if len(toks) != rows {
		w.t.Fatalf("%s: the history has %d rows, before %d", what, len(toks), rows)
	}
	for _, needle := range []string{text, store.Fingerprint(text)} {
		if hits := filesContain(w.t, w.sb.DataDir, needle); len(hits) > 0 {
			w.t.Fatalf("%s: the copied text or its fingerprint is in %v", what, hits)
		}
	}
}

// A password copied while the admin signs in to the Hub is not a JWT: the clipboard watcher sends
// nothing to the Hub's SCIM endpoint or Okta, keeps nothing in the keychain or the database and
// fingerprints nothing, however long it waits. It only asks, on a card showing the text masked with
// its length; Ignore drops it for good, and only Use this token sends it.
func TestWizardCopiedPasswordGoesNowhereUnlessConfirmed(t *testing.T) {
	w := newWizHarness(t)
	p := w.profile(sandbox.HubPageProfile)
	wz := w.renew(p)
	w.hubPanelReady(wz)
	w.tap(wz.hubP.openB)
	w.tap(wz.hubP.secretB)
	w.settle()
	toks, err := w.sb.Store.Tokens(context.Background(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	hubBefore, oktaBefore := w.sb.HubPage.Requests(), sum(w.sb.Okta.Requests())

	w.app.Clipboard().SetContent(copiedPassword)
	w.pump(10 * clipboardPoll)
	w.settle()
	w.nothingLeft("a copied password", p, copiedPassword, hubBefore, oktaBefore, len(toks))
	if wz.hubP == nil {
		t.Fatal("the wizard left the Hub page panel for a copied password")
	}
	ask := wz.hubP.ask
	if !ask.box.Visible() || !strings.Contains(ask.textL.Text, fmt.Sprintf("%d characters", len(copiedPassword))) ||
		!strings.Contains(ask.textL.Text, maskedToken) || strings.Contains(ask.textL.Text, copiedPassword[:6]) {
		t.Fatalf("the card is shown: %v, and says %q", ask.box.Visible(), ask.textL.Text)
	}
	if ask.useB.Text != "Use this token" || ask.ignoreB.Text != "Ignore" {
		t.Fatalf("the card offers %q and %q", ask.useB.Text, ask.ignoreB.Text)
	}
	if w.ui.clip.value == copiedPassword {
		t.Fatal("the unconfirmed text is tracked as the app's secret on the clipboard")
	}

	w.tap(ask.ignoreB)
	w.pump(10 * clipboardPoll)
	if ask.box.Visible() {
		t.Fatal("Ignore did not drop the card, or the ignored text was offered again")
	}
	w.nothingLeft("an ignored password", p, copiedPassword, hubBefore, oktaBefore, len(toks))

	// Another candidate: only the admin's Use this token sends it (the fake SCIM refuses it).
	other := copiedPassword + "-2"
	w.app.Clipboard().SetContent(other)
	w.waitFor("the card", func() bool { return ask.box.Visible() })
	w.nothingLeft("a second password, not confirmed", p, other, hubBefore, oktaBefore, len(toks))
	w.tap(ask.useB)
	w.until(wz, "the refusal", func() bool { return wz.problem != nil })
	if got := w.sb.HubPage.Requests(); got.SCIMRequests != hubBefore.SCIMRequests+1 {
		t.Fatalf("the confirmed text made %d SCIM requests", got.SCIMRequests-hubBefore.SCIMRequests)
	}
	if w.ui.clip.value != other {
		t.Fatal("the confirmed text is not cleared from the clipboard like the app's own secrets")
	}
}

// Hub-page mode with a Hub that issues opaque tokens: the token copied in the Hub is asked about on the
// card, and the renewal takes at most 6 actions from Renew, the confirmation counted.
func TestWizardHubPageOpaqueTokenIsConfirmed(t *testing.T) {
	w := newWizHarness(t)
	w.sb.HubPage.SetOpaque(true)
	p := w.profile(sandbox.HubPageProfile)
	secret := w.keychainValue(p.ID, secrets.KindHubClientSecret)
	toks, err := w.sb.Store.Tokens(context.Background(), p.ID)
	if err != nil {
		t.Fatal(err)
	}

	wz := w.renew(p)
	w.hubPanelReady(wz)
	w.tap(wz.hubP.openB)
	w.tap(wz.hubP.secretB)
	w.settle()
	hubBefore, oktaBefore := w.sb.HubPage.Requests(), sum(w.sb.Okta.Requests())
	tok := w.issueOnClipboard(w.sb.HubPage) // in the browser: not counted
	w.waitFor("the card", func() bool { return wz.hubP != nil && wz.hubP.ask.box.Visible() })
	hubBefore.TokensIssued++ // IssueToken above
	w.nothingLeft("the opaque token before it is confirmed", p, tok, hubBefore, oktaBefore, len(toks))
	if !strings.Contains(wz.hubP.ask.textL.Text, fmt.Sprintf("%d characters", len(tok))) {
		t.Fatalf("the card says %q", wz.hubP.ask.textL.Text)
	}
	if wz.defaultButton() != wz.hubP.ask.useB {
		t.Fatal("Enter is not Use this token while the card asks")
	}
	w.tap(wz.hubP.ask.useB)
	w.until(wz, "the manual install", func() bool { return wz.manual != nil })
	if !strings.Contains(wz.token.infoL.Text, "assumed") {
		t.Fatalf("the opaque token's card says %q", wz.token.infoL.Text)
	}

	w.openOkta(wz, tok)
	w.sb.Okta.SetToken(oktatest.SCIMAppID, tok) // the admin pastes and saves in the browser: not counted
	w.tap(wz.manual.savedB)
	w.until(wz, "the Done panel", func() bool { return wz.done != nil })
	t.Logf("Hub-page mode + deep link, opaque token: %d action(s) from Renew", w.actions)
	if w.actions > 6 {
		t.Fatalf("Hub-page mode with an opaque token took %d actions, want at most 6", w.actions)
	}
	if cur := w.current(p.ID); cur.Fingerprint != store.Fingerprint(tok) {
		t.Fatal("the confirmed token is not current")
	}
	w.noSecretsOnDisk("Hub-page renewal with an opaque token", tok, secret)
	w.ui.Quit()
	if w.app.Clipboard().Content() == tok {
		t.Fatal("quitting left the token on the clipboard")
	}
}
