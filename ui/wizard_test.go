package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"scimrenew/hub"
	"scimrenew/hub/hubtest"
	"scimrenew/okta/oktatest"
	"scimrenew/renewal"
	"scimrenew/sandbox"
	"scimrenew/secrets"
	"scimrenew/services"
	"scimrenew/store"
)

// API mode with Okta's Connections API: one tap on Renew and the wizard walks every step by itself.
func TestWizardAPIModeIsOneAction(t *testing.T) {
	w := newWizHarness(t)
	p := w.profile(sandbox.APIProfile)
	old := w.current(p.ID)
	before := w.sb.HubAPI.Requests()

	wz := w.renew(p)
	w.until(wz, "the Done panel", func() bool { return wz.done != nil })
	t.Logf("API mode + Connections API: %d action(s) from Renew", w.actions)
	if w.actions != 1 {
		t.Fatalf("API mode took %d actions, want 1", w.actions)
	}

	tok := w.current(p.ID)
	now := w.sb.Clock.Now()
	if tok.Fingerprint == old.Fingerprint || tok.InstallMethod != store.InstallAPI || tok.VerifiedAt.IsZero() {
		t.Fatalf("current token after renewal: same=%v method=%q verified=%v", tok.Fingerprint == old.Fingerprint,
			tok.InstallMethod, tok.VerifiedAt)
	}
	if got := w.sb.HubAPI.Requests().TokenRequests - before.TokenRequests; got != 1 {
		t.Fatalf("the Hub got %d create requests, want exactly 1", got)
	}
	value := w.keychainValue(p.ID, secrets.KindTokenCurrent)
	if store.Fingerprint(value) != tok.Fingerprint {
		t.Fatal("the keychain's current token is not the recorded one")
	}
	wantSame(t, "Okta's token for the app", w.sb.Okta.Token(oktatest.Org2OrgAppID), value)
	if st := w.sb.Okta.ConnectionStatus(oktatest.Org2OrgAppID); st != "ENABLED" {
		t.Fatalf("Okta connection %s, want ENABLED", st)
	}
	checkDone(t, wz, tok, now, "ENABLED")
	secret := w.keychainValue(p.ID, secrets.KindHubClientSecret)
	w.noSecretsOnDisk("API renewal", value, secret, w.sb.Okta.APIToken())

	w.key(fyne.KeyReturn) // Enter = Back to profiles
	card := w.home()
	if card.renewB[p.ID].Text != "Renew" {
		t.Fatalf("after Done the card offers %q", card.renewB[p.ID].Text)
	}
}

// A failed verification says what class of failure it was, and Retry runs the check again.
func TestWizardVerifyFailsThenRetrySucceeds(t *testing.T) {
	w := newWizHarness(t)
	p := w.profile(sandbox.APIProfile)
	oldOkta := w.sb.Okta.Token(oktatest.Org2OrgAppID)
	w.sb.HubAPI.SetFault(hubtest.TargetSCIM, hubtest.Fault401)

	wz := w.renew(p)
	w.until(wz, "the failed check", func() bool { return wz.problem != nil })
	if wz.problem.titleL.Text != probeHeadlines[hub.ProbeRejected] || !strings.Contains(wz.problem.msgL.Text, "Okta still uses") {
		t.Fatalf("failed check shows %q — %q", wz.problem.titleL.Text, wz.problem.msgL.Text)
	}
	if wz.problem.buttons["Edit settings"] == nil || wz.cancelB.Disabled() || !wz.cancelB.Visible() {
		t.Fatal("a failed check offers no Edit settings or Cancel renewal")
	}
	wantSame(t, "Okta's token after a failed check", w.sb.Okta.Token(oktatest.Org2OrgAppID), oldOkta)

	w.tap(wz.problem.buttons["Retry"]) // still failing
	w.until(wz, "the second failed check", func() bool { return wz.problem != nil })
	if got := w.sb.HubAPI.Requests().SCIMRejected; got != 2 {
		t.Fatalf("the Hub rejected %d probes, want 2", got)
	}

	w.sb.HubAPI.SetFault(hubtest.TargetSCIM, hubtest.FaultNone)
	w.tap(wz.problem.buttons["Retry"])
	w.until(wz, "the Done panel", func() bool { return wz.done != nil })
	if info := wz.token.infoL; !strings.HasPrefix(info.Text, "Expires ") || !strings.Contains(info.Text, "days left") ||
		info.Importance != widget.MediumImportance {
		t.Fatalf("once verified, the token card says %q (importance %v)", info.Text, info.Importance)
	}
	t.Logf("API mode, failed check then Retry twice: %d action(s) from Renew", w.actions)
	if w.actions != 3 {
		t.Fatalf("took %d actions, want 3 (Renew, Retry, Retry)", w.actions)
	}
}

// Edit settings from a failed check opens the profile's form; coming back resumes and checks again.
func TestWizardEditSettingsThenBackResumes(t *testing.T) {
	w := newWizHarness(t)
	p := w.profile(sandbox.APIProfile)
	w.sb.HubAPI.SetFault(hubtest.TargetSCIM, hubtest.FaultHTML)

	wz := w.renew(p)
	w.until(wz, "the failed check", func() bool { return wz.problem != nil })
	if wz.problem.titleL.Text != probeHeadlines[hub.ProbeWrongURL] {
		t.Fatalf("a web page instead of SCIM shows %q", wz.problem.titleL.Text)
	}
	w.tap(wz.problem.buttons["Edit settings"])
	s, ok := w.ui.current().(*settingsScreen)
	if !ok || s.form.base.ID != p.ID {
		t.Fatalf("Edit settings opened %T", w.ui.current())
	}
	w.released(p.ID) // leaving the wizard gives the renewal up, so the CLI or another window may continue it

	w.sb.HubAPI.SetFault(hubtest.TargetSCIM, hubtest.FaultNone)
	w.key(fyne.KeyEscape) // back to the wizard: it resumes at Verify by itself
	if w.ui.current() != wz {
		t.Fatalf("Esc from Settings shows %T", w.ui.current())
	}
	w.until(wz, "the Done panel", func() bool { return wz.done != nil })
}

// The create request's answer is lost: the Hub may have made a token, so the wizard asks before
// creating another, also after leaving and continuing from the home screen.
func TestWizardResumeFromCreatingAsksBeforeCreatingAgain(t *testing.T) {
	w := newWizHarness(t)
	p := w.profile(sandbox.APIProfile)
	before := w.sb.HubAPI.Requests()
	w.sb.HubAPI.SetFault(hubtest.TargetToken, hubtest.FaultDropConnection)

	wz := w.renew(p)
	w.until(wz, "the question", func() bool { return wz.confirm != nil })
	w.ui.home()
	w.released(p.ID)
	card := w.home()
	if card.renewB[p.ID].Text != "Continue" {
		t.Fatalf("a renewal in progress offers %q", card.renewB[p.ID].Text)
	}
	if c := card.cards[0]; c.p.ID != p.ID || !strings.Contains(c.progressL.Text, "Renewal in progress since") {
		t.Fatalf("first card is %q, saying %v", c.p.Name, c.progressL)
	}

	w.sb.HubAPI.SetFault(hubtest.TargetToken, hubtest.FaultNone)
	wz = w.renew(p) // Continue
	w.until(wz, "the question on resume", func() bool { return wz.confirm != nil })
	if got := w.sb.HubAPI.Requests().TokenRequests - before.TokenRequests; got != 1 {
		t.Fatalf("resuming sent %d create requests in all, want only the first", got)
	}
	if d := wz.defaultButton(); d != wz.confirm.createB {
		t.Fatal("Enter is not Create another token")
	}
	w.tap(wz.confirm.createB)
	w.until(wz, "the Done panel", func() bool { return wz.done != nil })
	if got := w.sb.HubAPI.Requests().TokensIssued - before.TokensIssued; got != 2 {
		t.Fatalf("the Hub issued %d tokens, want 2 (the lost one and the confirmed one)", got)
	}
	t.Logf("API mode, resumed from creating: %d action(s) from Continue", w.actions)
}

// Another window holds the renewal: the wizard says so, and Try again works once it lets go.
func TestWizardLeaseHeldElsewhere(t *testing.T) {
	w := newWizHarness(t)
	p := w.profile(sandbox.APIProfile)
	other := services.New(services.Config{Store: w.sb.Store, Keychain: w.sb.Keychain, Now: w.sb.Clock.Now,
		Owner: "scimrenew renew"})
	sess, err := other.Engine.Begin(context.Background(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	wz := w.renew(p)
	w.waitFor("the lease message", func() bool { return wz.problem != nil })
	if !strings.Contains(wz.problem.msgL.Text, "scimrenew renew") || wz.cancelB.Visible() {
		t.Fatalf("lease held shows %q (cancel visible %v)", wz.problem.msgL.Text, wz.cancelB.Visible())
	}
	if err := sess.Close(); err != nil {
		t.Fatal(err)
	}
	w.tap(wz.problem.buttons["Try again"])
	w.until(wz, "the Done panel", func() bool { return wz.done != nil })
}

// Cancel renewal asks first; yes abandons the captured token and deletes it from the keychain.
func TestWizardCancelAbandonsTheNewToken(t *testing.T) {
	w := newWizHarness(t)
	p := w.profile(sandbox.HubPageProfile)
	w.sb.HubPage.SetFault(hubtest.TargetSCIM, hubtest.Fault500)
	wz := w.renew(p)
	w.hubPanelReady(wz)
	tok, err := w.sb.HubPage.IssueToken()
	if err != nil {
		t.Fatal(err)
	}
	w.typeIn(wz.hubP.pasteE, tok)
	w.key(fyne.KeyReturn) // Enter = Use this token
	w.until(wz, "the failed check", func() bool { return wz.problem != nil })
	if wz.problem.titleL.Text != probeHeadlines[hub.ProbeServerError] {
		t.Fatalf("a 500 shows %q", wz.problem.titleL.Text)
	}
	if store.Fingerprint(w.keychainValue(p.ID, secrets.KindTokenPending)) != store.Fingerprint(tok) {
		t.Fatal("the captured token is not pending in the keychain")
	}

	w.tap(wz.cancelB)
	if w.ui.modal == nil || w.ui.modal.no.Text != "Keep renewing" {
		t.Fatal("Cancel renewal did not ask first")
	}
	w.key(fyne.KeyEscape) // Esc answers no
	if w.ui.modal != nil || w.ui.current() != wz {
		t.Fatal("Esc on the question did not keep the renewal")
	}
	w.tap(wz.cancelB)
	w.tap(w.ui.modal.yes)
	w.waitFor("the home screen", func() bool { _, ok := w.ui.current().(*homeScreen); return ok })
	if _, err := w.sb.Store.OpenRenewal(context.Background(), p.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("after cancel the renewal is still open (%v)", err)
	}
	if w.keychainValue(p.ID, secrets.KindTokenPending) != "" {
		t.Fatal("the abandoned token is still in the keychain")
	}
	toks, err := w.sb.Store.Tokens(context.Background(), p.ID)
	if err != nil || toks[0].Status != store.TokenAbandoned {
		t.Fatalf("newest token is %+v (%v), want abandoned", toks[0].Status, err)
	}
}

// Without a keychain the wizard warns that quitting before Done loses the new token.
func TestWizardWarnsWhenTokensLiveInMemory(t *testing.T) {
	w := newWizHarness(t, func(_ *sandbox.Sandbox, c *services.Config) { c.Volatile = true })
	wz := w.renew(w.profile(sandbox.HubPageProfile))
	w.hubPanelReady(wz)
	if !wz.volatileL.Visible() || !strings.Contains(wz.volatileL.Text, "lost") {
		t.Fatal("no warning that the token lives in memory only")
	}
}

// Esc while a step runs stays; Enter does nothing then.
func TestWizardEscWaitsForARunningStep(t *testing.T) {
	w := newWizHarness(t)
	wz := w.renew(w.profile(sandbox.APIProfile))
	if !wz.running { // the begin's result waits in the harness's queue until the test drains it
		t.Fatal("the wizard does not show that it is working")
	}
	w.key(fyne.KeyEscape)
	if w.ui.current() != wz {
		t.Fatal("Esc left the wizard while a step ran")
	}
	if wz.defaultButton() != nil {
		t.Fatal("Enter would act while a step runs")
	}
	w.until(wz, "the Done panel", func() bool { return wz.done != nil })
	if wz.steps[3].Text != "4 Done" || wz.steps[3].Importance != widget.SuccessImportance || renewal.StepDone.String() != "Done" {
		t.Fatalf("indicator ends at %q", wz.steps[3].Text)
	}
}

// checkDone asserts what the Done panel says about the new token, and that nothing is left to tap
// but the way home.
func checkDone(t *testing.T, wz *wizardScreen, tok store.Token, now time.Time, method string) {
	t.Helper()
	d := wz.done
	if !strings.Contains(d.expiry.text, tok.ExpiresAt.In(now.Location()).Format("Mon 2 Jan 2006")) ||
		!strings.Contains(d.expiry.days, "days left") || !strings.Contains(d.reminderL.Text, "Next reminder: ") {
		t.Fatalf("Done says %q / %q / %q", d.expiry.text, d.expiry.days, d.reminderL.Text)
	}
	if got, want := d.expiry.rt.String(), d.expiry.text+" · "+d.expiry.days; got != want {
		t.Fatalf("Done's expiry line reads %q, want %q", got, want)
	}
	if !strings.Contains(d.methodL.Text, method) {
		t.Fatalf("Done says %q, want it to mention %q", d.methodL.Text, method)
	}
	for i, l := range wz.steps {
		if l.Importance != widget.SuccessImportance {
			t.Errorf("indicator step %d reads %q at Done", i+1, l.Text)
		}
	}
	if wz.cancelB.Visible() || wz.bottom.Visible() {
		t.Errorf("after Okta took the token: Cancel renewal shown %v, its bar (a separator) shown %v",
			wz.cancelB.Visible(), wz.bottom.Visible())
	}
	if wz.token.valueL.Text != maskedToken {
		t.Error("the new token is shown unmasked without Show")
	}
}
