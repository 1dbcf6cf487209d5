package cli_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"scimrenew/hub/hubtest"
	"scimrenew/internal/winetest"
	"scimrenew/okta"
	"scimrenew/okta/oktatest"
	"scimrenew/ownerfile"
	"scimrenew/secrets"
	"scimrenew/store"
)

// fakes starts a fake Hub and a fake Okta org and registers their credentials as secrets.
func fakes(t *testing.T, h *harness) (*hubtest.Server, *oktatest.Server) {
	t.Helper()
	hs := hubtest.New(hubtest.Options{})
	t.Cleanup(hs.Close)
	org := oktatest.New(oktatest.Options{})
	t.Cleanup(org.Close)
	h.secret("Hub client secret", hs.ClientSecret())
	h.secret("Okta API token", org.APIToken())
	return hs, org
}

// addAPIProfile saves an API-mode profile for the Okta app; withOkta also stores an Okta API token.
func addAPIProfile(h *harness, hs *hubtest.Server, org *oktatest.Server, appID, appName string, withOkta bool) store.Profile {
	h.t.Helper()
	args := append([]string{"profile", "add"}, acmeArgs("acme", hs, org, appID, appName)...)
	args = append(args, "--token-url", hs.TokenURL(), "--client-secret-stdin")
	stdin := hs.ClientSecret() + "\n"
	if withOkta {
		args = append(args, "--okta-token-stdin")
		stdin += org.APIToken() + "\n"
	}
	h.mustRun(0, stdin, args...)
	return h.profile("acme")
}

// currentToken checks the keychain's current token against the store's current row and returns it.
func currentToken(t *testing.T, h *harness, p store.Profile) (string, store.Token) {
	t.Helper()
	st := h.store()
	defer st.Close()
	row, err := st.CurrentToken(context.Background(), p.ID)
	if err != nil {
		t.Fatalf("current token row: %v", err)
	}
	v, err := h.kc.Get(p.ID, secrets.KindTokenCurrent)
	if err != nil {
		t.Fatalf("current token in the keychain: %v", err)
	}
	h.secret("current token", v)
	if store.Fingerprint(v) != row.Fingerprint {
		t.Fatalf("the keychain's current token is not the current row's (fingerprint %s)", row.ShortFingerprint())
	}
	if _, err := h.kc.Get(p.ID, secrets.KindTokenPending); !errors.Is(err, secrets.ErrNotFound) {
		t.Errorf("a pending token is left in the keychain after the renewal: %v", err)
	}
	return v, row
}

func openRenewal(t *testing.T, h *harness, p store.Profile) store.Renewal {
	t.Helper()
	st := h.store()
	defer st.Close()
	r, err := st.OpenRenewal(context.Background(), p.ID)
	if err != nil {
		t.Fatalf("open renewal: %v", err)
	}
	return r
}

func TestRenewAPIModeConnectionsAPI(t *testing.T) {
	requireKeyring(t)
	h := newHarness(t)
	hs, org := fakes(t, h)
	p := addAPIProfile(h, hs, org, oktatest.Org2OrgAppID, oktatest.Org2OrgAppName, true)

	res := h.mustRun(0, "", "renew", "--profile", "acme")
	contains(t, "renew", res.stdout, `Renewing the token of "acme"`, "Asking the Hub for a new token",
		"passed (HTTP 200)", "Connections API: done", "Done. The new token", "installed in Okta (api)", "Next reminder: ")
	inOkta := org.Token(oktatest.Org2OrgAppID)
	h.secret("token in Okta", inOkta)
	tok, row := currentToken(t, h, p)
	if tok != inOkta {
		t.Errorf("Okta holds another token than the keychain's current one")
	}
	if row.InstallMethod != store.InstallAPI || row.VerifiedAt.IsZero() || row.ExpirySource != "jwt_exp" {
		t.Errorf("token row: install %q verified %v expiry source %q", row.InstallMethod, row.VerifiedAt, row.ExpirySource)
	}
	if n := hs.Requests().TokensIssued; n != 1 {
		t.Errorf("the Hub issued %d tokens, want 1", n)
	}
	if s := org.ConnectionStatus(oktatest.Org2OrgAppID); s != okta.StatusEnabled {
		t.Errorf("Okta connection status %s, want ENABLED", s)
	}

	out := decode(t, h.mustRun(0, "", "status", "--json").stdout)
	ps := out["profiles"].([]any)[0].(map[string]any)
	if ps["status"] != "ok" || ps["next_reminder"] == nil || ps["renewal"] != nil ||
		ps["token"].(map[string]any)["fingerprint"] != row.Fingerprint {
		t.Errorf("status after the renewal: %v", ps)
	}

	checkICS(t, h)

	checkSecondRenewal(t, h, org, p, tok)
}

// checkSecondRenewal renews again: the first token is kept as previous, for rollback.
func checkSecondRenewal(t *testing.T, h *harness, org *oktatest.Server, p store.Profile, tok string) {
	t.Helper()
	h.mustRun(0, "", "renew", "--profile", "acme")
	h.secret("second token in Okta", org.Token(oktatest.Org2OrgAppID))
	if prev, err := h.kc.Get(p.ID, secrets.KindTokenPrevious); err != nil || prev != tok {
		t.Errorf("the first token is not kept as previous (%v)", err)
	}
	hist := decode(t, h.mustRun(0, "", "history", "--profile", "acme", "--json").stdout)
	toks := hist["profiles"].([]any)[0].(map[string]any)["tokens"].([]any)
	if len(toks) != 2 || toks[0].(map[string]any)["status"] != "current" || toks[1].(map[string]any)["status"] != "previous" {
		t.Errorf("history after two renewals: %v", toks)
	}
}

// checkICS exports the profile's reminders as a calendar file and to stdout.
func checkICS(t *testing.T, h *harness) {
	t.Helper()
	ics := filepath.Join(t.TempDir(), "acme.ics")
	contains(t, "ics", h.mustRun(0, "", "ics", "--profile", "acme", "-o", ics).stdout, "reminder dates", ics)
	b, err := os.ReadFile(ics)
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "calendar file", string(b), "BEGIN:VCALENDAR\r\n", "BEGIN:VEVENT\r\n", "acme")
	if n := strings.Count(string(b), "BEGIN:VEVENT"); n < 2 {
		t.Errorf("calendar has %d events, want one per reminder", n)
	}
	if fi, _ := os.Stat(ics); runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 { // Windows: no mode bits
		t.Errorf("calendar file mode %v: readable by others", fi.Mode().Perm())
	}
	contains(t, "ics to stdout", h.mustRun(0, "", "ics", "--profile", "acme", "-o", "-").stdout, "BEGIN:VCALENDAR")
}

func TestRenewTokenStdinTokenOut(t *testing.T) {
	requireKeyring(t)
	h := newHarness(t)
	hs, org := fakes(t, h)
	h.mustRun(0, hs.ClientSecret()+"\n", append(append([]string{"profile", "add"},
		acmeArgs("acme", hs, org, oktatest.SCIMAppID, oktatest.SCIMAppName)...), "--client-secret-stdin")...)
	p := h.profile("acme")
	file := filepath.Join(t.TempDir(), "acme.token")
	link, err := okta.AdminDeepLink(org.URL(), "", oktatest.SCIMAppName, oktatest.SCIMAppID)
	if err != nil {
		t.Fatal(err)
	}

	// Refused before anything starts: a deep-link install needs --token-out, Hub-page mode a token.
	contains(t, "stderr", h.mustRun(2, "", "renew", "--profile", "acme", "--token-stdin").stderr, "--token-out FILE")
	contains(t, "stderr", h.mustRun(2, "", "renew", "--profile", "acme", "--token-out", file).stderr,
		"Hub-page mode", hs.URL(), "--token-stdin")
	st := h.store()
	if _, err := st.OpenRenewal(context.Background(), p.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a refused renew left a renewal: %v", err)
	}
	st.Close()

	// The token from the first line, the confirmation from the second.
	tok, err := hs.IssueToken()
	if err != nil {
		t.Fatal(err)
	}
	h.secret("captured token", tok)
	res := h.mustRun(0, tok+"\nyes\n", "renew", "--profile", "acme", "--token-stdin", "--token-out", file)
	contains(t, "renew", res.stdout, "Saving the new token from standard input", "passed (HTTP 200)",
		"The new token is in "+file, link, "Type yes once the token is saved in Okta", "Deleted "+file, "Done.",
		"installed in Okta (manual)")
	if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the token file is still there after the confirmation: %v", err)
	}
	if got, _ := currentToken(t, h, p); got != tok {
		t.Errorf("the current token is not the one given on stdin")
	}

	// End of input is not a confirmation: the renewal is kept, the file holds the token, 0600.
	tok2, err := hs.IssueToken()
	if err != nil {
		t.Fatal(err)
	}
	h.secret("second captured token", tok2)
	res = h.mustRun(1, tok2+"\n", "renew", "--profile", "acme", "--token-stdin", "--token-out", file)
	contains(t, "stderr", res.stderr, "was not confirmed", "The renewal is kept")
	assertTokenFile(t, file, tok2)
	if r := openRenewal(t, h, p); r.State != store.StateVerified {
		t.Errorf("renewal state %s, want verified", r.State)
	}

	// --no-wait exits 1 after writing the file again; a file made readable meanwhile is narrowed first.
	if err := os.Chmod(file, 0o644); err != nil {
		t.Fatal(err)
	}
	res = h.mustRun(1, "", "renew", "--profile", "acme", "--token-out", file, "--no-wait")
	contains(t, "renew --no-wait", res.stdout, "Continuing the unfinished renewal", "Install in Okta", link)
	contains(t, "stderr", res.stderr, "--no-wait")
	assertTokenFile(t, file, tok2)

	// Any other answer asks again; yes confirms.
	res = h.mustRun(0, "maybe\nyes\n", "renew", "--profile", "acme", "--token-out", file)
	contains(t, "renew", res.stdout, "Answer yes once", "Done.")
	if got, _ := currentToken(t, h, p); got != tok2 {
		t.Errorf("the current token is not the second one given on stdin")
	}

	// A token SCIM Renew already knows is refused; "no" does not confirm.
	contains(t, "stderr", h.mustRun(1, tok2+"\n", "renew", "--profile", "acme", "--token-stdin", "--token-out", file).stderr,
		"already knows")
	tok3, err := hs.IssueToken()
	if err != nil {
		t.Fatal(err)
	}
	h.secret("third captured token", tok3)
	contains(t, "stderr", h.mustRun(1, tok3+"\nno\n", "renew", "--profile", "acme", "--token-stdin", "--token-out", file).stderr,
		"was not confirmed")
}

func assertTokenFile(t *testing.T, path, want string) {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatalf("token file: %v", err)
	}
	if !fi.Mode().IsRegular() {
		t.Errorf("token file %v, want a regular file", fi.Mode())
	}
	if err := ownerfile.Check(path); err != nil && !winetest.Limit(t, winetest.NoFileDACL) {
		t.Error(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != want+"\n" {
		t.Errorf("token file holds %d bytes, not the new token and a line end (%d bytes)", len(b), len(want)+1)
	}
}

func TestRenewRefusedWhileLeaseHeld(t *testing.T) {
	requireKeyring(t)
	h := newHarness(t)
	hs, org := fakes(t, h)
	p := addAPIProfile(h, hs, org, oktatest.Org2OrgAppID, oktatest.Org2OrgAppName, true)
	st := h.store()
	if _, _, err := st.BeginRenewal(context.Background(), p.ID, "api", "SCIM Renew window (pid 4242 on test)", time.Hour); err != nil {
		t.Fatal(err)
	}
	st.Close()
	res := h.mustRun(1, "", "renew", "--profile", "acme")
	contains(t, "stderr", res.stderr, "Another SCIM Renew window or command (SCIM Renew window (pid 4242 on test)) is running this renewal")
	if n := hs.Requests().TokenRequests; n != 0 {
		t.Errorf("the Hub had %d token requests while the renewal was held elsewhere", n)
	}
}

func TestRenewResumedAfterKill(t *testing.T) {
	requireKeyring(t)
	h := newHarness(t)
	hs, org := fakes(t, h)
	// API mode with an Okta credential, but an app whose connection Okta's API cannot set: the
	// Connections API is tried, then the install falls back to the deep link.
	p := addAPIProfile(h, hs, org, oktatest.SCIMAppID, oktatest.SCIMAppName, true)
	file := filepath.Join(t.TempDir(), "acme.token")

	rn := h.start("renew", "--profile", "acme", "--token-out", file)
	out := rn.waitFor("then Save.")
	contains(t, "renew", out, "Connections API: not possible", "paste the token on the app's Provisioning tab")
	if err := rn.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = rn.cmd.Wait()
	killed := openRenewal(t, h, p)
	if killed.State != store.StateVerified || !strings.HasPrefix(killed.LeaseOwner, "scimrenew renew [pid ") ||
		!killed.LeaseUntil.After(time.Now()) {
		t.Fatalf("after the kill: state %s, lease %q until %v", killed.State, killed.LeaseOwner, killed.LeaseUntil)
	}
	// The killed command's lease is still recorded, but its process is gone from this machine, so the
	// next run takes the renewal over at once instead of waiting for the lease to run out.
	res := h.mustRun(0, "yes\n", "renew", "--profile", "acme", "--token-out", file)
	contains(t, "resumed renew", res.stdout, "Continuing the unfinished renewal", `"Install in Okta"`, "Done.")
	if n := hs.Requests().TokensIssued; n != 1 {
		t.Errorf("the Hub issued %d tokens, want 1: a resume must not create again", n)
	}
	if _, row := currentToken(t, h, p); row.ID != killed.TokenID {
		t.Errorf("the current token is row %d, want the killed run's new token, row %d", row.ID, killed.TokenID)
	}

	// Ctrl-C (or SIGTERM) while waiting releases the lease at once: the next run continues without waiting.
	rn = h.start("renew", "--profile", "acme", "--token-out", file)
	rn.waitFor("then Save.")
	if err := interrupt(rn.cmd); err != nil {
		if winetest.Limit(t, winetest.NoConsoleCtrl) {
			return
		}
		t.Fatal(err)
	}
	if err := rn.cmd.Wait(); err == nil || rn.cmd.ProcessState.ExitCode() != 1 {
		t.Errorf("after SIGTERM: %v, want exit 1", err)
	}
	contains(t, "stderr", rn.stderr.String(), "Interrupted. The renewal is kept")
	if r := openRenewal(t, h, p); r.LeaseOwner != "" {
		t.Errorf("the interrupted command kept its lease (%q)", r.LeaseOwner)
	}
	h.mustRun(0, "yes\n", "renew", "--profile", "acme", "--token-out", file)
}

func TestRenewCreateOutcomeUnknownNeedsCreateAgain(t *testing.T) {
	requireKeyring(t)
	h := newHarness(t)
	hs, org := fakes(t, h)
	addAPIProfile(h, hs, org, oktatest.Org2OrgAppID, oktatest.Org2OrgAppName, true)

	// The Hub makes a token but its answer is lost: the renewal stops in creating.
	hs.SetFault(hubtest.TargetToken, hubtest.FaultDropConnection)
	res := h.mustRun(1, "", "renew", "--profile", "acme")
	contains(t, "stderr", res.stderr, "--create-again", "--token-stdin")
	hs.SetFault(hubtest.TargetToken, hubtest.FaultNone)
	before := hs.Requests().TokenRequests

	// Resumed in creating: no silent second create.
	res = h.mustRun(1, "", "renew", "--profile", "acme")
	contains(t, "stderr", res.stderr, "interrupted while the Hub was creating a token", "--create-again")
	if n := hs.Requests().TokenRequests; n != before {
		t.Errorf("the Hub had %d more token requests without --create-again", n-before)
	}

	res = h.mustRun(0, "", "renew", "--profile", "acme", "--create-again")
	contains(t, "renew --create-again", res.stdout, "Continuing the unfinished renewal", "another new token (--create-again)", "Done.")
	h.secret("token in Okta", org.Token(oktatest.Org2OrgAppID))
	if n := hs.Requests().TokenRequests; n != before+1 {
		t.Errorf("--create-again sent %d token requests, want 1", n-before)
	}
}
