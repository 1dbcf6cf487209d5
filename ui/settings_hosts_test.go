package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"scimrenew/okta/oktatest"
	"scimrenew/sandbox"
	"scimrenew/store"
)

// The Okta org of a profile with a stored Okta API token moves to another host: Test Okta access does
// not send the stored token there, and Save asks first, naming the old and the new host; Cancel saves
// nothing, Send them there saves. The token typed again for the new org saves without asking.
func TestSettingsAskBeforeCredentialsGoToANewHost(t *testing.T) {
	w := newWizHarness(t)
	p := w.profile(sandbox.APIProfile)
	other := oktatest.New(oktatest.Options{})
	t.Cleanup(other.Close)
	oldHost, newHost := store.URLHost(w.sb.Okta.URL()), store.URLHost(other.URL())
	orgNow := func() string {
		got, err := w.sb.Store.Profile(context.Background(), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.OktaOrgURL
	}

	f := w.settings(p.ID).form
	typeInto(f.oktaOrgURL.entry, other.URL())
	test.Tap(f.okta.testB)
	w.settle()
	if n := sum(other.Requests()); n > 0 || !strings.Contains(f.okta.testMsg.Text, newHost) {
		t.Fatalf("Test Okta access sent %d requests to the new org and says %q", n, f.okta.testMsg.Text)
	}
	test.Tap(f.saveB)
	w.settle()
	if orgNow() != w.sb.Okta.URL() {
		t.Fatal("the profile was saved with its stored Okta token bound for another host, without asking")
	}
	m := w.ui.modal
	if m == nil || !strings.Contains(m.msg.Text, oldHost) || !strings.Contains(m.msg.Text, newHost) ||
		!strings.Contains(m.msg.Text, "Okta credential") {
		t.Fatalf("no confirmation naming the credential and both hosts: %v", m)
	}
	test.Tap(m.no)
	w.settle()
	if orgNow() != w.sb.Okta.URL() || sum(other.Requests()) > 0 {
		t.Fatal("Cancel saved the new Okta org, or something was sent there")
	}
	test.Tap(f.saveB)
	w.settle()
	if w.ui.modal == nil {
		t.Fatal("the second Save did not ask again")
	}
	test.Tap(w.ui.modal.yes)
	w.settle()
	if orgNow() != other.URL() {
		t.Fatalf("the confirmed change was not saved: %s", orgNow())
	}

	// Back to the first org with the token typed again for it: saved without a question.
	f = w.settings(p.ID).form
	typeInto(f.oktaOrgURL.entry, w.sb.Okta.URL())
	typeInto(f.okta.token, w.sb.Okta.APIToken())
	test.Tap(f.saveB)
	w.settle()
	if w.ui.modal != nil || orgNow() != w.sb.Okta.URL() {
		t.Fatalf("the token typed again did not save at once (asked: %v)", w.ui.modal != nil)
	}
}
