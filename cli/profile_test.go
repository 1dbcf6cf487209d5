package cli_test

import (
	"errors"
	"strings"
	"testing"

	"scimrenew/hub/hubtest"
	"scimrenew/okta/oktatest"
	"scimrenew/secrets"
	"scimrenew/store"
)

// acmeArgs are valid settings flags for a profile against the fakes.
func acmeArgs(name string, hs *hubtest.Server, org *oktatest.Server, appID, appName string) []string {
	args := []string{"--name", name, "--hub-url", hs.URL(), "--scim-url", hs.SCIMBase(), "--client-id", hs.ClientID()}
	if org != nil {
		args = append(args, "--okta-org", org.URL(), "--okta-app-id", appID, "--okta-app-name", appName)
	}
	return args
}

func TestProfileAddThenList(t *testing.T) {
	requireKeyring(t)
	h := newHarness(t)
	hs := hubtest.New(hubtest.Options{})
	t.Cleanup(hs.Close)
	org := oktatest.New(oktatest.Options{})
	t.Cleanup(org.Close)
	h.secret("Hub client secret", hs.ClientSecret())
	h.secret("Okta API token", org.APIToken())

	// Two lines, read in the order the --*-stdin flags are given (here the Okta token first).
	args := append([]string{"profile", "add"}, acmeArgs("Acme", hs, org, oktatest.Org2OrgAppID, oktatest.Org2OrgAppName)...)
	args = append(args, "--token-url", hs.TokenURL(), "--okta-token-stdin", "--client-secret-stdin")
	res := h.mustRun(0, org.APIToken()+"\r\n"+hs.ClientSecret()+"\n", args...)
	contains(t, "profile add", res.stdout, `Added profile "Acme" (API mode`)
	h.mustRun(0, "", append([]string{"profile", "add"}, acmeArgs("Beta", hs, nil, "", "")...)...)

	p := h.profile("acme")
	for kind, want := range map[secrets.Kind]string{
		secrets.KindHubClientSecret: hs.ClientSecret(),
		secrets.KindOktaCredential:  org.APIToken(),
	} {
		if got, err := h.kc.Get(p.ID, kind); err != nil || got != want {
			t.Errorf("keychain %s: %d bytes, err %v; want the %d bytes given on stdin", kind, len(got), err, len(want))
		}
	}
	if p.OktaCredKind != store.OktaCredSSWS || !p.APIMode() {
		t.Errorf("stored profile: cred kind %q, API mode %v; want ssws, true", p.OktaCredKind, p.APIMode())
	}

	res = h.mustRun(0, "", "profile", "list")
	contains(t, "profile list", res.stdout, "Acme", "API", "Beta", "Hub-page", hs.SCIMBase(), oktatest.Org2OrgAppID)
	if strings.Index(res.stdout, "Acme") > strings.Index(res.stdout, "Beta") {
		t.Errorf("profiles not listed by name:\n%s", res.stdout)
	}

	out := decode(t, h.mustRun(0, "", "profile", "list", "--json").stdout)
	assertKeys(t, "profile list", out, "profiles")
	list := out["profiles"].([]any)
	if len(list) != 2 {
		t.Fatalf("want 2 profiles, got %d", len(list))
	}
	assertKeys(t, "profile", list[0], "id", "name", "mode", "hub_url", "scim_url", "token_url", "client_id",
		"okta_org_url", "okta_admin_url", "okta_app_id", "okta_app_name", "okta_credential", "remind_months",
		"remind_days", "created_at", "updated_at")
	acme := list[0].(map[string]any)
	if acme["name"] != "Acme" || acme["mode"] != "api" || acme["okta_credential"] != "ssws" || acme["id"] != p.ID ||
		acme["remind_months"] != float64(1) {
		t.Errorf("profile JSON: %v", acme)
	}
}

func TestProfileEditAndRemove(t *testing.T) {
	requireKeyring(t)
	h := newHarness(t)
	hs := hubtest.New(hubtest.Options{})
	t.Cleanup(hs.Close)
	h.secret("Hub client secret", hs.ClientSecret())
	h.secret("new Hub client secret", "a-brand-new-client-secret-7d1e")
	h.mustRun(0, hs.ClientSecret()+"\n", append(append([]string{"profile", "add"}, acmeArgs("acme", hs, nil, "", "")...),
		"--token-url", hs.TokenURL(), "--client-secret-stdin")...)
	id := h.profile("acme").ID

	// Only the flags given change; an empty value clears an optional field.
	res := h.mustRun(0, "a-brand-new-client-secret-7d1e\n", "profile", "edit", "ACME", "--name", "Acme EU",
		"--token-url", "", "--remind-days", "10,3", "--client-secret-stdin", "--json")
	out := decode(t, res.stdout)
	if out["name"] != "Acme EU" || out["mode"] != "hub_page" || out["id"] != id || out["client_id"] != hs.ClientID() {
		t.Errorf("edited profile: %v", out)
	}
	if got, _ := h.kc.Get(id, secrets.KindHubClientSecret); got != "a-brand-new-client-secret-7d1e" {
		t.Errorf("the edited secret was not stored (%d bytes)", len(got))
	}
	if p := h.profile("acme eu"); len(p.RemindDays) != 2 || p.RemindDays[0] != 10 || p.RemindMonths != 1 {
		t.Errorf("reminders after edit: months %d days %v", p.RemindMonths, p.RemindDays)
	}

	h.mustRun(1, "", "profile", "edit", "--profile", "nobody", "--name", "x")
	res = h.mustRun(0, "", "profile", "remove", "--profile", "acme eu")
	contains(t, "profile remove", res.stdout, `Removed profile "Acme EU"`)
	if _, err := h.kc.Get(id, secrets.KindHubClientSecret); !errors.Is(err, secrets.ErrNotFound) {
		t.Errorf("keychain entry after remove: %v, want not found", err)
	}
	contains(t, "profile list", h.mustRun(0, "", "profile", "list").stdout, "No profiles yet")
}

func TestProfileValidation(t *testing.T) {
	hs := hubtest.New(hubtest.Options{})
	t.Cleanup(hs.Close)
	h := newHarness(t)
	h.mustRun(0, "", append([]string{"profile", "add"}, acmeArgs("acme", hs, nil, "", "")...)...)
	base := func(name string, extra ...string) []string {
		return append(append([]string{"profile", "add"}, acmeArgs(name, hs, nil, "", "")...), extra...)
	}
	tests := []struct {
		name  string
		stdin string
		args  []string
		want  []string
	}{
		{"plain http to a remote host", "", base("b", "--scim-url", "http://example.com/scim/v2"), []string{"--scim-url:", "https"}},
		{"no name", "", base("", "--name", ""), []string{"--name:"}},
		{"duplicate name", "", base("ACME"), []string{"--name:", "already exists"}},
		{"Okta app without org", "", base("b", "--okta-app-id", "0oa1"), []string{"--okta-org:"}},
		{"Okta token without org", "okta\n", base("b", "--okta-token-stdin"), []string{"--okta-org:"}},
		{"client ID with a space", "", base("b", "--client-id", "a b"), []string{"--client-id:"}},
		{"missing secret line", "", base("b", "--client-secret-stdin"), []string{"Standard input ended before the Hub Client Secret"}},
		{"empty secret line", "\n", base("b", "--client-secret-stdin"), []string{"Hub Client Secret is empty"}},
		{"bad reminder days", "", base("b", "--remind-days", "14,x"), []string{"--remind-days"}},
		{"reminder days out of range", "", base("b", "--remind-days", "400"), []string{"--remind-days:"}},
		{"stray argument", "", base("b", "extra"), []string{`unexpected argument "extra"`}},
		{"stdin flag with a value", "", base("b", "--client-secret-stdin=hunter2"), []string{"takes no value"}},
		{"unknown flag", "", base("b", "--client-secret", "x"), []string{"flag provided but not defined"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := h.mustRun(2, tc.stdin, tc.args...)
			contains(t, "stderr", res.stderr, tc.want...)
		})
	}
	out := decode(t, h.mustRun(0, "", "profile", "list", "--json").stdout)
	if n := len(out["profiles"].([]any)); n != 1 {
		t.Errorf("after the refused adds: %d profiles, want 1", n)
	}
}
