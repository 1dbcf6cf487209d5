package cli_test

import (
	"context"
	"strings"
	"testing"

	"scimrenew/hub/hubtest"
	"scimrenew/okta/oktatest"
	"scimrenew/secrets"
	"scimrenew/store"
)

// `profile edit` moving the Okta org to another host refuses with exit 2, naming both hosts and saving
// nothing, unless the Okta token comes again on stdin or --keep-credentials is given; `verify
// --profile` sends nothing to a SCIM base URL on another host than the profile's token was saved for.
func TestProfileEditKeepsCredentialsWithTheirHosts(t *testing.T) {
	requireKeyring(t)
	h := newHarness(t)
	hs := hubtest.New(hubtest.Options{})
	t.Cleanup(hs.Close)
	org := oktatest.New(oktatest.Options{})
	t.Cleanup(org.Close)
	other := oktatest.New(oktatest.Options{})
	t.Cleanup(other.Close)
	h.secret("Hub client secret", hs.ClientSecret())
	h.secret("Okta API token", org.APIToken())
	h.secret("other Okta API token", other.APIToken())
	oldHost, newHost := strings.TrimPrefix(org.URL(), "http://"), strings.TrimPrefix(other.URL(), "http://")

	args := append([]string{"profile", "add"}, acmeArgs("Acme", hs, org, oktatest.Org2OrgAppID, oktatest.Org2OrgAppName)...)
	h.mustRun(0, hs.ClientSecret()+"\n"+org.APIToken()+"\n", append(args, "--client-secret-stdin", "--okta-token-stdin")...)

	res := h.run("", "profile", "edit", "Acme", "--okta-org", other.URL())
	if res.code != 2 || !strings.Contains(res.stderr, oldHost) || !strings.Contains(res.stderr, newHost) ||
		!strings.Contains(res.stderr, "--keep-credentials") {
		t.Fatalf("moving the Okta org without the token: %v", res)
	}
	if p := h.profile("Acme"); p.OktaOrgURL != org.URL() {
		t.Fatalf("the refused edit saved the new org %s", p.OktaOrgURL)
	}
	h.mustRun(0, "", "profile", "edit", "Acme", "--okta-org", other.URL(), "--keep-credentials")
	if p := h.profile("Acme"); p.OktaOrgURL != other.URL() {
		t.Fatalf("--keep-credentials did not save the new org: %s", p.OktaOrgURL)
	}
	// Back, with the token typed again: saved at once, and it is the one stored.
	h.mustRun(0, org.APIToken()+"\n", "profile", "edit", "Acme", "--okta-org", org.URL(), "--okta-token-stdin")
	p := h.profile("Acme")
	if got, err := h.kc.Get(p.ID, secrets.KindOktaCredential); err != nil || got != org.APIToken() || p.OktaOrgURL != org.URL() {
		t.Fatalf("edit with the token again: org %s, keychain %d bytes %v", p.OktaOrgURL, len(got), err)
	}

	verifyRefusesAMovedSCIMURL(t, h, hs, p)
}

// verifyRefusesAMovedSCIMURL gives p a current token, then moves its SCIM base URL to another host
// behind the command's back: verify --profile refuses and sends nothing there.
func verifyRefusesAMovedSCIMURL(t *testing.T, h *harness, hs *hubtest.Server, p store.Profile) {
	t.Helper()
	otherHub := hubtest.New(hubtest.Options{})
	t.Cleanup(otherHub.Close)
	tok, err := hs.IssueToken()
	if err != nil {
		t.Fatal(err)
	}
	h.secret("SCIM token", tok)
	if err := h.kc.Set(p.ID, secrets.KindTokenCurrent, tok); err != nil {
		t.Fatal(err)
	}
	st := h.store()
	p.SCIMURL = otherHub.SCIMBase()
	if _, err := st.UpdateProfile(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	st.Close()
	res := h.run(tok+"\n", "verify", "--profile", "Acme")
	if res.code == 0 || otherHub.Requests().SCIMRequests > 0 || !strings.Contains(res.stderr, strings.TrimPrefix(otherHub.URL(), "http://")) {
		t.Fatalf("verify --profile against a SCIM base URL on another host: %d SCIM requests there; %v",
			otherHub.Requests().SCIMRequests, res)
	}
}
