package services

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"scimrenew/okta/oktatest"
	"scimrenew/renewal"
	"scimrenew/secrets"
	"scimrenew/store"
)

// renewHubPageUntilInstall runs a Hub-page renewal up to its manual install and leaves it there.
func (w *world) renewHubPageUntilInstall(p store.Profile) {
	w.t.Helper()
	sess, err := w.svc.BeginRenewal(w.ctx, p.ID)
	if err != nil {
		w.t.Fatal(err)
	}
	defer sess.Close()
	tok, err := w.hub.IssueToken()
	if err != nil {
		w.t.Fatal(err)
	}
	if out := w.svc.Renew(w.ctx, sess, renewal.Input{Token: tok}, nil); out.Need != renewal.NeedManualInstall {
		w.t.Fatalf("Hub-page renewal stopped with need %v, err %v", out.Need, out.Err)
	}
}

// TestRenewHubPageWithManualInstall walks the loop through each point where the administrator acts:
// the token from the Hub page, the manual install with its deep link, the confirmation.
func TestRenewHubPageWithManualInstall(t *testing.T) {
	w := newWorld(t)
	p := w.profile("Acme", false, false)
	sess, err := w.svc.BeginRenewal(w.ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	var events []string
	report := func(e renewal.Event) {
		tag := "start "
		if e.Ran {
			tag = "ran "
		}
		events = append(events, tag+e.Action.String())
	}

	out := w.svc.Renew(w.ctx, sess, renewal.Input{}, report)
	if out.Need != renewal.NeedToken || out.Err != nil || len(events) != 0 {
		t.Fatalf("Hub-page renewal without a token: need %v, err %v, events %v", out.Need, out.Err, events)
	}
	out = w.svc.Renew(w.ctx, sess, renewal.Input{Token: "not a token at all"}, report)
	if out.Err == nil || out.Step != renewal.StepCreate {
		t.Fatalf("a non-token was taken: %+v", out)
	}

	tok, err := w.hub.IssueToken()
	if err != nil {
		t.Fatal(err)
	}
	events = nil
	out = w.svc.Renew(w.ctx, sess, renewal.Input{Token: tok}, report)
	if out.Need != renewal.NeedManualInstall || out.Err != nil || out.Manual == nil {
		t.Fatalf("after capture: %+v", out)
	}
	if out.Probe == nil || !out.Probe.OK() {
		t.Errorf("the probe result is not reported: %+v", out.Probe)
	}
	if out.Manual.LinkErr != nil || !strings.Contains(out.Manual.DeepLink, "/admin/app/"+oktatest.SCIMAppName+"/instance/"+oktatest.SCIMAppID) ||
		!errors.Is(out.Manual.Cause, renewal.ErrManualInstall) {
		t.Errorf("manual install: %+v", out.Manual)
	}
	want := []string{
		"start capture", "ran capture", "start verify", "ran verify", "start install through Okta's API",
		"ran install through Okta's API",
	}
	if !slices.Equal(events, want) {
		t.Errorf("events %v\nwant %v", events, want)
	}

	events = nil
	out = w.svc.Renew(w.ctx, sess, renewal.Input{Installed: true}, report)
	if out.Step != renewal.StepDone || out.Summary == nil || out.Err != nil {
		t.Fatalf("after the confirmation: %+v", out)
	}
	if out.Summary.Token.InstallMethod != store.InstallManual || out.Summary.NextReminder.IsZero() {
		t.Errorf("summary %+v", out.Summary)
	}
	if got := w.secret(p, secrets.KindTokenCurrent); got != tok {
		t.Error("the captured token is not the current one in the keychain")
	}
}
