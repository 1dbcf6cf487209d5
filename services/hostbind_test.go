package services

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"scimrenew/hub/hubtest"
	"scimrenew/okta/oktatest"
	"scimrenew/renewal"
	"scimrenew/secrets"
	"scimrenew/store"
)

// otherHosts is a second fake Hub and Okta org: the hosts a profile's addresses are changed to.
type otherHosts struct {
	hub  *hubtest.Server
	okta *oktatest.Server
}

func newOtherHosts(w *world) otherHosts {
	o := otherHosts{hub: hubtest.New(hubtest.Options{Now: w.clock.Now}), okta: oktatest.New(oktatest.Options{Now: w.clock.Now})}
	w.t.Cleanup(o.hub.Close)
	w.t.Cleanup(o.okta.Close)
	return o
}

// reached names what of the other hosts received a request, which every credentialed call would be.
func (o otherHosts) reached() []string {
	var out []string
	c := o.hub.Requests()
	if c.TokenRequests > 0 {
		out = append(out, "the other token endpoint")
	}
	if c.SCIMRequests > 0 {
		out = append(out, "the other SCIM endpoint")
	}
	n := 0
	for _, v := range o.okta.Requests() {
		n += v
	}
	if n > 0 {
		out = append(out, "the other Okta org")
	}
	return out
}

// moved is p with every address on the other hosts.
func (o otherHosts) moved(p store.Profile) store.Profile {
	p.HubURL, p.SCIMURL, p.TokenURL, p.OktaOrgURL = o.hub.URL(), o.hub.SCIMBase(), o.hub.TokenURL(), o.okta.URL()
	return p
}

// sendAll makes every call that carries one of p's stored credentials: the health check (the current
// SCIM token, and the Okta credential for the System Log), Test Okta access with the stored
// credential, and an API-mode renewal (the Client Secret, then the Okta credential to install).
func sendAll(w *world, p store.Profile) {
	w.t.Helper()
	_, _ = w.svc.CheckHealth(w.ctx, p.ID)
	_, _ = w.svc.TestOktaAccess(w.ctx, p, "")
	if sess, err := w.svc.BeginRenewal(w.ctx, p.ID); err == nil {
		w.svc.Renew(w.ctx, sess, renewal.Input{}, nil)
		_ = sess.Cancel(w.ctx)
		sess.Close()
	}
}

// TestStoredCredentialsStayWithTheirHosts: a profile whose addresses move to other hosts is not saved
// unless its credentials are given again, and whatever the database says (a profile changed behind the
// services' back), no stored credential reaches the new hosts.
func TestStoredCredentialsStayWithTheirHosts(t *testing.T) {
	w := newWorld(t)
	p := w.profile("Acme", true, true)
	w.renew(p)
	o := newOtherHosts(w)

	if _, err := w.svc.SaveProfile(w.ctx, o.moved(p), ProfileSecrets{}); err == nil {
		t.Error("SaveProfile moved the profile to other hosts without its credentials given again or confirmed")
	}
	sendAll(w, o.moved(p))
	if _, err := w.st.UpdateProfile(w.ctx, o.moved(p)); err != nil { // behind the services' back
		t.Fatal(err)
	}
	sendAll(w, o.moved(p))
	if got := o.reached(); len(got) > 0 {
		t.Fatalf("stored credentials reached %v", got)
	}
}

// SaveProfile names each credential that would move, with its old and new host; a credential given
// again moves with its address, the others need the administrator's confirmation, and once confirmed
// they are sent to the new hosts.
func TestHostChangeNeedsTheCredentialOrAConfirmation(t *testing.T) {
	w := newWorld(t)
	p := w.profile("Acme", true, true)
	w.renew(p)
	o := newOtherHosts(w)
	oldHub, oldOkta := store.URLHost(w.hub.URL()), store.URLHost(w.okta.URL())
	newHub, newOkta := store.URLHost(o.hub.URL()), store.URLHost(o.okta.URL())

	// Discover on the other Hub proposes its token endpoint: filled in and saved, it would take the
	// Client Secret there.
	endpoint, err := w.svc.DiscoverTokenEndpoint(w.ctx, o.hub.URL())
	if err != nil {
		t.Fatal(err)
	}
	discovered := p
	discovered.TokenURL = endpoint
	_, err = w.svc.SaveProfile(w.ctx, discovered, ProfileSecrets{})
	wantChanges(t, "a discovered token endpoint on another host", err, HostChange{CredentialHubSecret, oldHub, newHub})

	moved := o.moved(p)
	_, err = w.svc.SaveProfile(w.ctx, moved, ProfileSecrets{})
	wantChanges(t, "every address moved", err, HostChange{CredentialHubSecret, oldHub, newHub},
		HostChange{CredentialOkta, oldOkta, newOkta}, HostChange{CredentialSCIMToken, oldHub, newHub})
	if msg := err.Error(); !strings.Contains(msg, oldOkta) || !strings.Contains(msg, newOkta) {
		t.Fatalf("the error does not name both Okta hosts: %s", msg)
	}
	if got, _ := w.st.Profile(w.ctx, p.ID); got.OktaOrgURL != p.OktaOrgURL {
		t.Fatal("a refused save changed the profile")
	}

	// The secrets typed again move with their addresses; the SCIM token still needs confirming.
	_, err = w.svc.SaveProfile(w.ctx, moved, ProfileSecrets{HubClientSecret: o.hub.ClientSecret(), OktaCredential: o.okta.APIToken()})
	wantChanges(t, "the secrets given again", err, HostChange{CredentialSCIMToken, oldHub, newHub})
	if got := o.reached(); len(got) > 0 {
		t.Fatalf("refused saves sent something to %v", got)
	}

	saved, err := w.svc.SaveProfile(w.ctx, moved, ProfileSecrets{KeepCredentials: true})
	if err != nil {
		t.Fatalf("a confirmed change: %v", err)
	}
	if h, _ := w.st.CredentialHosts(w.ctx, p.ID); h != store.HostsOf(saved) {
		t.Fatalf("after the confirmation the credentials are bound to %+v", h)
	}
	// Confirmed: the stored credentials now go to the new hosts (the other fakes refuse them, as the
	// credentials are not theirs, but they are sent).
	sendAll(w, saved)
	if got := o.reached(); len(got) != 3 {
		t.Fatalf("after the confirmation the stored credentials reached only %v", got)
	}
}

// Every call that sends a stored credential refuses, naming the hosts, while the profile names another
// host than the credential was saved for; nothing is sent.
func TestSendsCheckTheBinding(t *testing.T) {
	w := newWorld(t)
	p := w.profile("Acme", true, true)
	w.renew(p)
	o := newOtherHosts(w)
	moved := o.moved(p)
	if _, err := w.st.UpdateProfile(w.ctx, moved); err != nil { // behind the services' back
		t.Fatal(err)
	}
	cur := w.secret(p, secrets.KindTokenCurrent)
	_, err := w.svc.VerifyProfileToken(w.ctx, moved, cur)
	wantChanges(t, "verify --profile", err, HostChange{CredentialSCIMToken, store.URLHost(w.hub.URL()), store.URLHost(o.hub.URL())})
	_, err = w.svc.CheckHealth(w.ctx, p.ID)
	wantChanges(t, "the health check", err, HostChange{CredentialSCIMToken, store.URLHost(w.hub.URL()), store.URLHost(o.hub.URL())})
	if _, err = w.svc.Reminders.CheckHealth(w.ctx, p.ID); !errors.Is(err, ErrCredentialHostChanged) {
		t.Fatalf("the scheduled health check: %v", err)
	}
	_, err = w.svc.TestOktaAccess(w.ctx, moved, "")
	wantChanges(t, "Test Okta access with the stored credential", err, HostChange{CredentialOkta, store.URLHost(w.okta.URL()), store.URLHost(o.okta.URL())})
	if _, err := w.svc.OktaClient(moved); !errors.Is(err, ErrCredentialHostChanged) {
		t.Fatalf("OktaClient: %v", err)
	}
	_, err = w.svc.HubSecretToCopy(w.ctx, moved)
	wantChanges(t, "Copy Client Secret", err, HostChange{CredentialHubSecret, store.URLHost(w.hub.TokenURL()), store.URLHost(o.hub.TokenURL())})
	sess, err := w.svc.BeginRenewal(w.ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	out := w.svc.Renew(w.ctx, sess, renewal.Input{}, nil)
	_ = sess.Cancel(w.ctx)
	sess.Close()
	wantChanges(t, "an API-mode renewal", out.Err, HostChange{CredentialHubSecret, store.URLHost(w.hub.TokenURL()), store.URLHost(o.hub.TokenURL())})
	// A credential typed on the form is the administrator's own choice for the new org: it is sent.
	if _, err := w.svc.TestOktaAccess(w.ctx, moved, o.okta.APIToken()); err != nil {
		t.Fatalf("Test Okta access with the credential typed for the new org: %v", err)
	}
	if got := o.reached(); len(got) != 1 || got[0] != "the other Okta org" {
		t.Fatalf("reached %v, want only the other Okta org, with the credential typed for it", got)
	}
}

// wantChanges fails unless err is a *HostChangeError with exactly the changes given.
func wantChanges(t *testing.T, what string, err error, want ...HostChange) {
	t.Helper()
	var hc *HostChangeError
	if !errors.As(err, &hc) || !errors.Is(err, ErrCredentialHostChanged) {
		t.Fatalf("%s: %v, want a host change", what, err)
	}
	if !slices.Equal(hc.Changes, want) {
		t.Fatalf("%s: changes %+v, want %+v", what, hc.Changes, want)
	}
}
