package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"scimrenew/hub/hubtest"
	"scimrenew/okta/oktatest"
	"scimrenew/secrets"
)

// TestCommandLineSmoke walks the verbs an admin uses, in the shipped binary (on Windows the console
// exe, with the secrets in Credential Manager), against the fakes on loopback: `profile add` for an API
// mode profile and a Hub-page profile with a deep link; `renew` in API mode (the token goes into Okta
// through its API) and with a captured token, `--token-out` and the admin's confirmation; then
// `status --json`, `history` and `ics`.
func TestCommandLineSmoke(t *testing.T) {
	requireKeyring(t)
	h := hubtest.New(hubtest.Options{Grace: time.Hour})
	defer h.Close()
	o := oktatest.New(oktatest.Options{})
	defer o.Close()
	service := testService(t)
	env := cliEnv(service)
	dir := filepath.Join(t.TempDir(), "SCIM Renew data ünï") // a space and non-ASCII letters, as %AppData% may have
	run := func(want int, stdin string, args ...string) cliRun {
		t.Helper()
		r := runCLI(t, env, stdin, append([]string{"--data-dir", dir}, args...)...)
		if r.code != want {
			t.Fatalf("scimrenew %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, want,
				clip(r.stdout), clip(r.stderr))
		}
		return r
	}
	hub := []string{"--hub-url", h.URL(), "--scim-url", h.SCIMBase(), "--client-id", h.ClientID()}

	run(0, h.ClientSecret()+"\n"+o.APIToken()+"\n", append(append([]string{"profile", "add", "--name", "Fabrikam"}, hub...),
		"--token-url", h.TokenURL(), "--okta-org", o.URL(), "--okta-app-id", oktatest.Org2OrgAppID,
		"--okta-app-name", oktatest.Org2OrgAppName, "--client-secret-stdin", "--okta-token-stdin")...)
	run(0, h.ClientSecret()+"\n", append(append([]string{"profile", "add", "--name", "Contoso"}, hub...),
		"--okta-org", o.URL(), "--okta-app-id", oktatest.SCIMAppID, "--okta-app-name", oktatest.SCIMAppName,
		"--client-secret-stdin")...)
	api, page := profileNamed(t, dir, "Fabrikam"), profileNamed(t, dir, "Contoso")
	defer cleanupKeychain(t, service, api.ID)
	defer cleanupKeychain(t, service, page.ID)
	kc := secrets.New(service, 10*time.Second)

	run(0, "", "renew", "--profile", "Fabrikam")
	if cur, err := kc.Get(api.ID, secrets.KindTokenCurrent); err != nil || cur != o.Token(oktatest.Org2OrgAppID) {
		t.Fatalf("API mode: the keychain's current token is not the one Okta holds (%v)", err)
	}

	tok, err := h.IssueToken()
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "Contoso token.txt")
	r := run(0, tok+"\nyes\n", "renew", "--profile", "Contoso", "--token-stdin", "--token-out", file)
	for _, want := range []string{"The new token is in " + file, "#tab-provisioning", "Done."} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("deep-link renew does not say %q:\n%s", want, clip(r.stdout))
		}
	}
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Errorf("the token file is still there after the confirmation: %v", err)
	}
	if cur, err := kc.Get(page.ID, secrets.KindTokenCurrent); err != nil || cur != tok {
		t.Fatalf("deep link: the keychain's current token is not the captured one (%v)", err)
	}

	var status any
	if r := run(0, "", "status", "--json"); json.Unmarshal([]byte(r.stdout), &status) != nil ||
		!strings.Contains(r.stdout, "Fabrikam") || !strings.Contains(r.stdout, "Contoso") {
		t.Errorf("status --json is not JSON naming both profiles:\n%s", clip(r.stdout))
	}
	if r := run(0, "", "history", "--profile", "Contoso"); !strings.Contains(r.stdout, "current") {
		t.Errorf("history shows no current token:\n%s", clip(r.stdout))
	}
	ics := filepath.Join(t.TempDir(), "Contoso reminders.ics")
	run(0, "", "ics", "--profile", "Contoso", "-o", ics)
	if b, err := os.ReadFile(ics); err != nil || !strings.Contains(string(b), "BEGIN:VEVENT\r\n") {
		t.Errorf("the calendar file holds no event (%v)", err)
	}
	if strings.Contains(r.stdout+r.stderr, tok) {
		t.Error("the captured token was printed")
	}
}
