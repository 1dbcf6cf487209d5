package cli_test

import (
	"path/filepath"
	"testing"

	"scimrenew/okta/oktatest"
)

// nextReminderDue is status --json's next_reminder.due_at of the only profile.
func nextReminderDue(t *testing.T, h *harness) string {
	t.Helper()
	out := decode(t, h.mustRun(0, "", "status", "--json").stdout)
	nr, _ := out["profiles"].([]any)[0].(map[string]any)["next_reminder"].(map[string]any)
	due, _ := nr["due_at"].(string)
	if due == "" {
		t.Fatalf("status --json has no next_reminder.due_at: %v", out)
	}
	return due
}

// TestProfileEditLeadTimeMovesNextReminder: after a renewal, a new first-reminder lead given to
// profile edit moves the current token's next reminder (it used to stay where the old lead put it).
func TestProfileEditLeadTimeMovesNextReminder(t *testing.T) {
	requireKeyring(t)
	h := newHarness(t)
	hs, org := fakes(t, h)
	addAPIProfile(h, hs, org, oktatest.Org2OrgAppID, oktatest.Org2OrgAppName, true)
	h.mustRun(0, "", "renew", "--profile", "acme")
	h.secret("token in Okta", org.Token(oktatest.Org2OrgAppID))

	before := nextReminderDue(t, h)
	h.mustRun(0, "", "profile", "edit", "acme", "--remind-months", "3")
	after := nextReminderDue(t, h)
	if after >= before {
		t.Errorf("profile edit --remind-months 3 after a renewal: next_reminder.due_at %s, was %s; want earlier", after, before)
	}
	contains(t, "stderr", h.mustRun(2, "", "profile", "edit", "acme", "--remind-months", "12").stderr, "--remind-months: ")
	if again := nextReminderDue(t, h); again != after {
		t.Errorf("a refused edit moved the next reminder: %s, was %s", again, after)
	}
}

// TestProfileRemoveRefusesUnfinishedRenewal: a profile whose renewal waits for its install in Okta is
// not removed without --force, and is with it (keychain entries included).
func TestProfileRemoveRefusesUnfinishedRenewal(t *testing.T) {
	requireKeyring(t)
	h := newHarness(t)
	hs, _ := fakes(t, h)
	h.mustRun(0, hs.ClientSecret()+"\n", append(append([]string{"profile", "add"}, acmeArgs("acme", hs, nil, "", "")...),
		"--client-secret-stdin")...)
	p := h.profile("acme")
	tok, err := hs.IssueToken()
	if err != nil {
		t.Fatal(err)
	}
	h.secret("new token", tok)
	file := filepath.Join(t.TempDir(), "token.txt")
	h.mustRun(1, tok+"\n", "renew", "--profile", "acme", "--token-stdin", "--token-out", file, "--no-wait")

	res := h.mustRun(1, "", "profile", "remove", "acme")
	contains(t, "profile remove", res.stderr, "unfinished renewal", "Install in Okta", "--force")
	h.profile("acme") // still there
	if v, err := h.kc.Get(p.ID, "token-pending"); err != nil || v != tok {
		t.Errorf("the refused remove touched the pending token (%v)", err)
	}

	contains(t, "profile remove --force", h.mustRun(0, "", "profile", "remove", "acme", "--force").stdout, `Removed profile "acme"`)
	if v, _ := h.kc.Get(p.ID, "token-pending"); v != "" {
		t.Error("the pending token stayed in the keychain")
	}
	out := decode(t, h.mustRun(0, "", "profile", "list", "--json").stdout)
	if ps := out["profiles"].([]any); len(ps) != 0 {
		t.Errorf("profiles after remove --force: %v", ps)
	}
}
