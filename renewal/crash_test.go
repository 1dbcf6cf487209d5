package renewal

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"scimrenew/hub"
	"scimrenew/hub/hubtest"
	"scimrenew/okta/oktatest"
	"scimrenew/secrets"
	"scimrenew/store"
)

// The crash test runs a renewal in a child process (this test binary, re-executed to run
// TestCrashChild) against the real keychain and the fake Hub and Okta that the parent runs, kills it
// at a kill point, and resumes in a fresh child. The child learns its job from these variables; the
// secrets it needs (Hub client secret, Okta API token, the token "on the clipboard") reach it through
// the keychain and a 0600 file, never through its arguments or environment.
const (
	envCrashDir     = "SCIMRENEW_CRASH_DIR"     // data dir (holds the DB and the "clipboard" file)
	envCrashService = "SCIMRENEW_CRASH_SERVICE" // keychain service name of this test run
	envCrashProfile = "SCIMRENEW_CRASH_PROFILE" // profile to renew
	envCrashKill    = "SCIMRENEW_CRASH_KILL"    // kill point; empty: run to the end
	envCrashConfirm = "SCIMRENEW_CRASH_CONFIRM" // "1": answer yes to "create again?"
	envCrashResume  = "SCIMRENEW_CRASH_RESUME"  // "1": a restart: continue the open renewal, start none
)

const (
	exitAsk     = 10 // the resume stopped in creating and asks before creating again
	clipboard   = "clipboard"
	crashOwner  = "crash test"
	childBudget = 90 * time.Second
)

// crashWorld is what the parent runs for every case: the fakes and the keychain.
type crashWorld struct {
	hub     *hubtest.Server
	okta    *oktatest.Server
	service string
	kc      *secrets.Keychain
}

type crashCase struct {
	point    string // kill point; "inflight" kills while the Hub holds the create request
	apiMode  bool
	noSeedKC bool // the current token has no keychain copy (only the previous one does)
	ask      bool // the resume must stop in creating and ask
	// tracked seeds only a tracked current token (no previous): "token" with its keychain copy, "dates"
	// for a dates-only entry, which has none.
	tracked string
}

func TestCrashSafety(t *testing.T) {
	requireKeyring(t)
	w := &crashWorld{hub: hubtest.New(hubtest.Options{SlowDelay: 2 * time.Minute}), okta: oktatest.New(oktatest.Options{})}
	defer w.hub.Close()
	defer w.okta.Close()
	w.service = "scimrenew-test-crash-" + randomHex(6)
	w.kc = secrets.New(w.service, 10*time.Second)
	if err := w.kc.Probe(); err != nil {
		t.Fatalf("the keychain under test does not answer: %v", err)
	}
	api := []crashCase{
		{point: "state:started"},
		{point: "state:creating", ask: true},
		{point: "inflight", ask: true},
		{point: "pending:written"},
		{point: "state:created"},
		{point: "state:verified"},
		{point: "state:installed"},
		{point: "finish:previous-written"},
		{point: "finish:current-written"},
		{point: "finish:scheduled"},
		{point: "state:done"},
		{point: "finish:pending-deleted"},
		{point: "finish:current-written", noSeedKC: true},
		{point: "finish:superseded-deleted", noSeedKC: true},
	}
	for _, c := range api {
		c.apiMode = true
		name := "api/" + c.point
		if c.noSeedKC {
			name += "/no-current-copy"
		}
		t.Run(name, func(t *testing.T) { w.run(t, c) })
	}
	for _, point := range []string{
		"state:started", "pending:written", "state:created", "state:verified",
		"state:installed", "finish:previous-written", "finish:current-written", "state:done", "finish:pending-deleted",
	} {
		t.Run("hub-page/"+point, func(t *testing.T) { w.run(t, crashCase{point: point}) })
	}
	// The first renewal after "Track my current token": the tracked token is the current one.
	tracked := map[string][]string{
		"token": {"finish:previous-written", "finish:current-written", "state:done", "finish:pending-deleted"},
		"dates": {"state:installed", "finish:current-written", "finish:scheduled", "state:done", "finish:pending-deleted"},
	}
	for _, kind := range []string{"token", "dates"} {
		for _, point := range tracked[kind] {
			t.Run("tracked-"+kind+"/"+point, func(t *testing.T) {
				w.run(t, crashCase{point: point, apiMode: true, tracked: kind})
			})
		}
	}
}

// run seeds a profile with a current and a previous token, kills a renewal at c.point, resumes it, and
// checks that nothing was lost or made twice and that keychain, rows and Okta agree.
func (w *crashWorld) run(t *testing.T, c crashCase) {
	dir := t.TempDir()
	p, cur, prev, copied := w.seed(t, dir, c)
	t.Cleanup(func() { _ = w.kc.DeleteProfile(p.ID) })
	before := w.hub.Requests()

	w.killAt(t, dir, p.ID, c.point)
	if c.ask {
		out := w.child(t, dir, p.ID, "", false, exitAsk)
		if !strings.Contains(out, "RESULT ask state=creating confirm=true") {
			t.Fatalf("resume after %s did not stop in creating and ask: %q", c.point, out)
		}
		w.child(t, dir, p.ID, "", true, 0)
	} else {
		w.child(t, dir, p.ID, "", false, 0)
	}

	after := w.hub.Requests()
	wantCreates := 0
	switch {
	case c.point == "inflight":
		wantCreates = 2 // the held request (the Hub did make a token) and the confirmed one
	case c.apiMode:
		wantCreates = 1
	}
	if got := after.TokenRequests - before.TokenRequests; got != wantCreates {
		t.Fatalf("the Hub was asked to create %d tokens, want %d", got, wantCreates)
	}
	newFP := w.check(t, dir, p, cur, prev, !c.noSeedKC && cur != "")
	if copied != "" && newFP != store.Fingerprint(copied) {
		t.Fatalf("the token copied from the Hub page (fp %s) is not the one renewed with (fp %s)",
			short(store.Fingerprint(copied)), short(newFP))
	}
}

// seed creates the profile, its token history (previous and current) and its keychain entries, and in
// Hub-page mode the token the admin copied.
func (w *crashWorld) seed(t *testing.T, dir string, c crashCase) (p store.Profile, cur, prev, copied string) {
	t.Helper()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	prof := store.Profile{
		Name: "Crash", HubURL: w.hub.URL(), SCIMURL: w.hub.SCIMBase(), ClientID: w.hub.ClientID(),
		OktaOrgURL: w.okta.URL(), OktaAppID: oktatest.Org2OrgAppID, OktaAppName: oktatest.Org2OrgAppName,
		OktaCredKind: store.OktaCredSSWS,
	}
	if c.apiMode {
		prof.TokenURL = w.hub.TokenURL()
	}
	if p, err = st.CreateProfile(ctx, prof); err != nil {
		t.Fatal(err)
	}
	if c.tracked != "" {
		return p, w.seedTracked(t, st, p, c.tracked == "token"), "", ""
	}
	var toks [2]string
	for i, status := range []string{store.TokenPrevious, store.TokenCurrent} {
		if toks[i], err = w.hub.IssueToken(); err != nil {
			t.Fatal(err)
		}
		created := time.Now().AddDate(-1, 0, i)
		if _, err := st.InsertToken(ctx, store.Token{
			ProfileID: p.ID, Fingerprint: store.Fingerprint(toks[i]),
			CreatedAt: created, ExpiresAt: created.AddDate(1, 0, 0), ExpirySource: string(hub.FromJWT), Status: status,
		}); err != nil {
			t.Fatal(err)
		}
	}
	prev, cur = toks[0], toks[1]
	w.okta.SetToken(oktatest.Org2OrgAppID, cur)
	entries := map[secrets.Kind]string{
		secrets.KindHubClientSecret: w.hub.ClientSecret(),
		secrets.KindOktaCredential:  w.okta.APIToken(), secrets.KindTokenPrevious: prev, secrets.KindTokenCurrent: cur,
	}
	if c.noSeedKC {
		delete(entries, secrets.KindTokenCurrent)
	}
	for kind, v := range entries {
		if err := w.kc.Set(p.ID, kind, v); err != nil {
			t.Fatal(err)
		}
	}
	if !c.apiMode { // the admin clicked Create Token and Copy in the Hub page
		if copied, err = w.hub.IssueToken(); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, clipboard), []byte(copied), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return p, cur, prev, copied
}

// killAt runs the first child and makes sure it died by SIGKILL at the kill point.
func (w *crashWorld) killAt(t *testing.T, dir, profileID, point string) {
	t.Helper()
	if point != "inflight" {
		w.child(t, dir, profileID, point, false, -1)
		return
	}
	w.hub.SetFault(hubtest.TargetToken, hubtest.FaultSlow)
	defer w.hub.SetFault(hubtest.TargetToken, hubtest.FaultNone)
	issued := w.hub.Requests().TokensIssued
	cmd, out := w.command(dir, profileID, "", false, false)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for w.hub.Requests().TokensIssued == issued { // the fake mints, then holds the reply
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("the create request never reached the Hub; child said %q", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	killChild(cmd)
	err := cmd.Wait()
	if !killed(cmd) {
		t.Fatalf("child was not killed in flight (%v): %q", err, out.String())
	}
}

// child runs one child process: with wantExit -1 the first run, which must die by SIGKILL at point;
// otherwise a restart, which continues the open renewal. It returns the child's output.
func (w *crashWorld) child(t *testing.T, dir, profileID, point string, confirm bool, wantExit int) string {
	t.Helper()
	cmd, out := w.command(dir, profileID, point, confirm, wantExit != -1)
	err := cmd.Run()
	switch {
	case wantExit == -1 && !killed(cmd):
		t.Fatalf("kill point %q was never reached (%v): %q", point, err, out.String())
	case wantExit >= 0 && cmd.ProcessState.ExitCode() != wantExit:
		t.Fatalf("child (kill %q, confirm %v) exited %v, want %d: %q", point, confirm, err, wantExit, out.String())
	}
	return out.String()
}

func (w *crashWorld) command(dir, profileID, point string, confirm, resume bool) (*exec.Cmd, *bytes.Buffer) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	env := []string{
		envCrashDir + "=" + dir, envCrashService + "=" + w.service, envCrashProfile + "=" + profileID,
		envCrashKill + "=" + point,
	}
	if confirm {
		env = append(env, envCrashConfirm+"=1")
	}
	if resume {
		env = append(env, envCrashResume+"=1")
	}
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	return cmd, &out
}

// check asserts the end state: one done renewal; the new token current in the rows, the keychain and
// Okta; the old current kept as previous; the old previous superseded and out of the keychain. It
// returns the new token's fingerprint.
func (w *crashWorld) check(t *testing.T, dir string, p store.Profile, cur, prev string, curHadCopy bool) string {
	t.Helper()
	newRow := checkRows(t, dir, p, cur, prev)
	kfp := func(kind secrets.Kind) string {
		v, err := w.kc.Get(p.ID, kind)
		if errors.Is(err, secrets.ErrNotFound) {
			return ""
		}
		if err != nil {
			t.Fatal(err)
		}
		return store.Fingerprint(v)
	}
	wantPrev := ""
	if curHadCopy {
		wantPrev = store.Fingerprint(cur)
	}
	for _, c := range []struct {
		what, got, want string
	}{
		{"keychain current", kfp(secrets.KindTokenCurrent), newRow.Fingerprint},
		{"keychain pending", kfp(secrets.KindTokenPending), ""},
		{"keychain previous", kfp(secrets.KindTokenPrevious), wantPrev},
		{"Okta's token", store.Fingerprint(w.okta.Token(oktatest.Org2OrgAppID)), newRow.Fingerprint},
	} {
		if c.got != c.want {
			t.Fatalf("%s: fingerprint %q, want %q", c.what, short(c.got), short(c.want))
		}
	}
	if got := w.okta.ConnectionStatus(oktatest.Org2OrgAppID); got != "ENABLED" {
		t.Fatalf("Okta connection %s", got)
	}
	return newRow.Fingerprint
}

// checkRows asserts the database half of check and returns the new token's row.
func checkRows(t *testing.T, dir string, p store.Profile, cur, prev string) store.Token {
	t.Helper()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	if _, err := st.OpenRenewal(ctx, p.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a renewal is still open: %v", err)
	}
	rs, err := st.RenewalsSince(ctx, p.ID, time.Time{})
	if err != nil || len(rs) != 1 || rs[0].State != store.StateDone {
		t.Fatalf("renewals %+v, %v", rs, err)
	}
	newRow := checkTokens(t, st, p, cur, prev)
	if newRow.ID != rs[0].TokenID {
		t.Fatalf("the current token %d is not the renewal's %d", newRow.ID, rs[0].TokenID)
	}
	return newRow
}

// checkTokens asserts the three token rows' statuses and returns the new (current) one's row.
func checkTokens(t *testing.T, st *store.Store, p store.Profile, cur, prev string) store.Token {
	t.Helper()
	ctx := context.Background()
	// A tracked seed (prev == "") has no previous token; a dates-only one (cur == "") has no fingerprint.
	want := 3
	if prev == "" {
		want = 2
	}
	toks, err := st.Tokens(ctx, p.ID)
	if err != nil || len(toks) != want {
		t.Fatalf("%d token rows (%v), want %d: nothing recorded twice, nothing abandoned", len(toks), err, want)
	}
	status := map[string]store.Token{}
	for _, tk := range toks {
		status[tk.Status] = tk
	}
	newRow, ok := status[store.TokenCurrent]
	if !ok || newRow.VerifiedAt.IsZero() || newRow.InstalledAt.IsZero() {
		t.Fatalf("current row %+v", newRow)
	}
	old, ok := status[store.TokenPrevious]
	if !ok || old.Fingerprint != fingerprintOrNone(cur) {
		t.Fatalf("the old current token was not moved to previous: %v", status)
	}
	if prev != "" && status[store.TokenSuperseded].Fingerprint != store.Fingerprint(prev) {
		t.Fatalf("old tokens not moved: %v", status)
	}
	if rem, err := st.TokenReminders(ctx, newRow.ID); err != nil || len(rem) == 0 {
		t.Fatalf("no reminders for the new token: %v", err)
	}
	return newRow
}

// fingerprintOrNone is the fingerprint a row records for tok: none for a dates-only entry.
func fingerprintOrNone(tok string) string {
	if tok == "" {
		return ""
	}
	return store.Fingerprint(tok)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
