package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"scimrenew/hub/hubtest"
	"scimrenew/okta/oktatest"
	"scimrenew/sandbox"
	"scimrenew/secrets"
	"scimrenew/store"
)

// issueOnClipboard does what the admin does in the browser: Create Token, then Copy in the Hub page.
func (w *wizHarness) issueOnClipboard(h *hubtest.Server) string {
	w.t.Helper()
	tok, err := h.IssueToken()
	if err != nil {
		w.t.Fatal(err)
	}
	w.app.Clipboard().SetContent(tok)
	return tok
}

// Hub-page mode with the Okta deep link: Renew, Open the Hub, Copy Client Secret, (Create Token and
// Copy in the browser), Open Okta Provisioning tab, I saved it in Okta.
func TestWizardHubPageModeWithDeepLink(t *testing.T) {
	w := newWizHarness(t)
	p := w.profile(sandbox.HubPageProfile)
	old := w.current(p.ID)
	secret := w.keychainValue(p.ID, secrets.KindHubClientSecret)

	wz := w.renew(p)
	w.hubPanelReady(wz)
	if wz.defaultButton() != wz.hubP.openB {
		t.Fatal("Enter is not Open the Hub")
	}
	w.tap(wz.hubP.openB)
	w.waitFor("the Hub page to open", func() bool { return w.lastOpened() != "" })
	if !strings.HasPrefix(w.lastOpened(), w.sb.HubPage.URL()) || w.app.Clipboard().Content() != p.ClientID {
		t.Fatalf("Open the Hub opened %q and put %d bytes on the clipboard", w.lastOpened(), len(w.app.Clipboard().Content()))
	}
	if !strings.Contains(wz.hubP.stepL.Text, "Settings > Hub Management > SCIM Token") {
		t.Fatalf("the Hub step does not use the vendor's words: %q", wz.hubP.stepL.Text)
	}
	w.tap(wz.hubP.secretB)
	wantSame(t, "clipboard after Copy Client Secret", w.app.Clipboard().Content(), secret)
	w.pump(3 * clipboardPoll)
	if wz.hubP == nil || wz.hubP.hintL.Visible() {
		t.Fatal("the client secret on the clipboard was taken for a token, or hinted at")
	}

	tok := w.issueOnClipboard(w.sb.HubPage) // in the browser: not counted
	w.until(wz, "the manual install", func() bool { return wz.manual != nil })
	if !strings.Contains(wz.manual.whyL.Text, "No Okta API credential") ||
		!strings.Contains(wz.manual.wordsL.Text, "Integration > Edit > OAuth Bearer Token") {
		t.Fatalf("manual install says %q / %q", wz.manual.whyL.Text, wz.manual.wordsL.Text)
	}
	w.checkTokenCard(wz, tok)

	w.openOkta(wz, tok)
	w.sb.Okta.SetToken(oktatest.SCIMAppID, tok) // the admin pastes and saves in the browser: not counted
	w.tap(wz.manual.savedB)
	w.until(wz, "the Done panel", func() bool { return wz.done != nil })

	t.Logf("Hub-page mode + deep link: %d action(s) from Renew", w.actions)
	if w.actions > 5 {
		t.Fatalf("Hub-page mode took %d actions, want at most 5", w.actions)
	}
	cur := w.current(p.ID)
	if cur.Fingerprint != store.Fingerprint(tok) || cur.InstallMethod != store.InstallManual || cur.Fingerprint == old.Fingerprint {
		t.Fatalf("current token after renewal: method %q, is the captured one %v", cur.InstallMethod,
			cur.Fingerprint == store.Fingerprint(tok))
	}
	checkDone(t, wz, cur, w.sb.Clock.Now(), "Provisioning tab")
	w.noSecretsOnDisk("Hub-page renewal", tok, secret)
	w.ui.Quit()
	if w.app.Clipboard().Content() == tok {
		t.Fatal("quitting left the token on the clipboard")
	}
}

// An app whose provisioning connection reads UNKNOWN: with an Okta credential set, the wizard tries the
// API, then falls back to the deep link and says why. This run uses the paste field.
func TestWizardUnknownConnectionFallsBackToDeepLink(t *testing.T) {
	w := newWizHarness(t)
	p := w.profile(sandbox.HubPageProfile)
	p.OktaCredKind = store.OktaCredSSWS
	if _, err := w.sb.Store.UpdateProfile(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	if err := w.sb.Keychain.Set(p.ID, secrets.KindOktaCredential, w.sb.Okta.APIToken()); err != nil {
		t.Fatal(err)
	}
	calls := w.sb.Okta.Requests()

	wz := w.renew(p)
	w.hubPanelReady(wz)
	tok, err := w.sb.HubPage.IssueToken()
	if err != nil {
		t.Fatal(err)
	}
	w.typeIn(wz.hubP.pasteE, "  Bearer "+tok+"\n")
	w.tap(wz.hubP.useB)
	w.until(wz, "the manual install", func() bool { return wz.manual != nil })
	if !strings.Contains(wz.manual.whyL.Text, "UNKNOWN") {
		t.Fatalf("the fallback does not say why: %q", wz.manual.whyL.Text)
	}
	if st := w.sb.Okta.ConnectionStatus(oktatest.SCIMAppID); st != "UNKNOWN" {
		t.Fatalf("connection reads %s", st)
	}
	if sum(w.sb.Okta.Requests()) == sum(calls) {
		t.Fatal("the wizard never asked Okta's API before falling back")
	}
	w.tap(wz.manual.openB)
	w.waitFor("the token on the clipboard", func() bool { return w.app.Clipboard().Content() == tok })
	w.tap(wz.manual.savedB)
	w.until(wz, "the Done panel", func() bool { return wz.done != nil })
	t.Logf("UNKNOWN fallback (paste field): %d action(s) from Renew", w.actions)
	if w.current(p.ID).Fingerprint != store.Fingerprint(tok) {
		t.Fatal("the pasted token is not current")
	}
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// A token that is not new (the current one copied again) is refused with the reason, and the wait goes
// on: the next real token is captured.
func TestWizardRefusesAKnownTokenAndKeepsWaiting(t *testing.T) {
	w := newWizHarness(t)
	p := w.profile(sandbox.HubPageProfile)
	wz := w.renew(p)
	w.hubPanelReady(wz)
	w.app.Clipboard().SetContent(w.keychainValue(p.ID, secrets.KindTokenCurrent))
	w.until(wz, "the refusal", func() bool { return wz.hubP != nil && wz.hubP.errL.Visible() })
	if !strings.Contains(wz.hubP.errL.Text, "already knows") {
		t.Fatalf("refusal says %q", wz.hubP.errL.Text)
	}
	w.app.Clipboard().SetContent("not a token")
	w.until(wz, "the hint", func() bool { return wz.hubP != nil && wz.hubP.hintL.Visible() })
	w.issueOnClipboard(w.sb.HubPage)
	w.until(wz, "the manual install", func() bool { return wz.manual != nil })
}

// A renewal left at Verify (the check failed, the admin went home) continues from the home screen.
func TestWizardResumedFromHomeContinuesAtVerify(t *testing.T) {
	w := newWizHarness(t)
	p := w.profile(sandbox.HubPageProfile)
	w.sb.HubPage.SetFault(hubtest.TargetSCIM, hubtest.Fault503)
	wz := w.renew(p)
	w.hubPanelReady(wz)
	tok := w.issueOnClipboard(w.sb.HubPage)
	w.until(wz, "the failed check", func() bool { return wz.problem != nil })
	w.ui.home()
	w.released(p.ID)

	card := w.home().cards[0]
	if card.p.ID != p.ID || card.renewB.Text != "Continue" || !strings.Contains(card.progressL.Text, "next: Verify") {
		t.Fatalf("card %q offers %q and says %v", card.p.Name, card.renewB.Text, card.progressL)
	}
	w.sb.HubPage.SetFault(hubtest.TargetSCIM, hubtest.FaultNone)
	wz = w.renew(p)
	w.until(wz, "the manual install", func() bool { return wz.manual != nil })
	if wz.steps[0].Importance != widget.SuccessImportance || wz.steps[1].Importance != widget.SuccessImportance {
		t.Fatalf("indicator on resume: %q %q", wz.steps[0].Text, wz.steps[1].Text)
	}
	w.tap(wz.manual.openB)
	w.waitFor("the token on the clipboard", func() bool { return w.app.Clipboard().Content() == tok })
	w.tap(wz.manual.savedB)
	w.until(wz, "the Done panel", func() bool { return wz.done != nil })
	t.Logf("Hub-page mode resumed at Verify: %d action(s) from Continue", w.actions)
	if w.current(p.ID).Fingerprint != store.Fingerprint(tok) {
		t.Fatal("the resumed renewal did not make the captured token current")
	}
}

// Open the Hub and Copy Client Secret shorten the texts beside them; the buttons and the paste field
// below must stay where they were, or the admin's next click lands on the wrong thing.
func TestWizardHubPageButtonsStayPutWhenTheTextsChange(t *testing.T) {
	w := newWizHarness(t)
	wz := w.renew(w.profile(sandbox.HubPageProfile))
	w.hubPanelReady(wz)
	p := wz.hubP
	y := func(o fyne.CanvasObject) float32 {
		w.win.Content().Refresh() // lay the window out again, as the driver does after a change
		return fyne.CurrentApp().Driver().AbsolutePositionForObject(o).Y
	}
	// The test is only worth something where the texts wrap to a different number of lines.
	lines := func(text string) float32 {
		l := wrapped(text)
		l.Resize(fyne.NewSize(p.stepL.Size().Width, 1))
		return l.MinSize().Height
	}
	y(p.stepL)
	if lines(hubOpenText) <= lines(hubOpenedText) {
		t.Fatalf("at %v wide the Hub step's texts take the same height: the test proves nothing", p.stepL.Size().Width)
	}
	secretY, pasteY := y(p.secretB), y(p.pasteE)
	w.tap(p.openB)
	if got := y(p.secretB); got != secretY {
		t.Fatalf("Open the Hub moved Copy Client Secret from y=%v to y=%v", secretY, got)
	}
	w.tap(p.secretB)
	if got := y(p.pasteE); got != pasteY {
		t.Fatalf("Copy Client Secret moved the paste field from y=%v to y=%v", pasteY, got)
	}
}

// The wrong text pasted as the token: the check refuses it, and "Use another token" drops it and waits
// for the right one in a fresh renewal.
func TestWizardUseAnotherTokenAfterARefusal(t *testing.T) {
	w := newWizHarness(t)
	p := w.profile(sandbox.HubPageProfile)
	wz := w.renew(p)
	w.hubPanelReady(wz)
	w.typeIn(wz.hubP.pasteE, "qd-scim-7f3a91c2e4b84d0f9a6e1b2c3d4e5f60")
	w.tap(wz.hubP.useB)
	w.until(wz, "the refusal", func() bool { return wz.problem != nil })
	if info := wz.token.infoL; !strings.HasPrefix(info.Text, "Refused by the SCIM endpoint · fingerprint ") ||
		strings.Contains(info.Text, "days left") || info.Importance != widget.WarningImportance {
		t.Fatalf("the refused token's card says %q (importance %v)", info.Text, info.Importance)
	}
	first := wz.sess.Renewal().ID
	w.tap(wz.problem.buttons["Use another token"])
	w.tap(w.ui.modal.yes)
	w.hubPanelReady(wz)
	if wz.sess == nil || wz.sess.Renewal().ID == first || wz.token.box.Visible() {
		t.Fatal("Use another token did not start a fresh renewal")
	}
	tok := w.issueOnClipboard(w.sb.HubPage)
	w.until(wz, "the manual install", func() bool { return wz.manual != nil })
	toks, err := w.sb.Store.Tokens(context.Background(), p.ID)
	if err != nil || toks[0].Fingerprint != store.Fingerprint(tok) || toks[1].Status != store.TokenAbandoned {
		t.Fatalf("token history after starting over: %v", err)
	}
}

// checkTokenCard asserts the captured token shows masked with its expiry, and Show reveals it (a look,
// not a step: not counted).
func (w *wizHarness) checkTokenCard(wz *wizardScreen, tok string) {
	w.t.Helper()
	if wz.token.valueL.Text != maskedToken || !strings.Contains(wz.token.infoL.Text, "read from the token") {
		w.t.Fatalf("the captured token card shows %d chars, %q", len(wz.token.valueL.Text), wz.token.infoL.Text)
	}
	w.tap(wz.token.revealB)
	w.waitFor("the token to show", func() bool { return wz.token.revealed })
	wantSame(w.t, "revealed token", wz.token.valueL.Text, tok)
	w.tap(wz.token.revealB)
	if wz.token.valueL.Text != maskedToken {
		w.t.Fatal("Hide did not mask the token again")
	}
	w.actions -= 2
}

// openOkta taps Open Okta Provisioning tab and checks the deep link opened and the token was copied.
func (w *wizHarness) openOkta(wz *wizardScreen, tok string) {
	w.t.Helper()
	w.app.Clipboard().SetContent("something else")
	w.tap(wz.manual.openB)
	w.waitFor("the Provisioning tab", func() bool { return strings.Contains(w.lastOpened(), "#tab-provisioning") })
	wantLink := w.sb.Okta.URL() + "/admin/app/" + oktatest.SCIMAppName + "/instance/" + oktatest.SCIMAppID + "/#tab-provisioning"
	if w.lastOpened() != wantLink {
		w.t.Fatalf("opened %q, want %q", w.lastOpened(), wantLink)
	}
	wantSame(w.t, "clipboard after Open Okta Provisioning tab", w.app.Clipboard().Content(), tok)
	if wz.defaultButton() != wz.manual.savedB {
		w.t.Fatal("after opening Okta, Enter is not I saved it in Okta")
	}
}
