package cli_test

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"scimrenew/cli"
	"scimrenew/hub"
	"scimrenew/hub/hubtest"
	"scimrenew/okta/oktatest"
	"scimrenew/reminders"
	"scimrenew/secrets"
	"scimrenew/store"
)

// shiftedHub is a fake Hub whose clock can be set back, to issue a token "months ago".
type shiftedHub struct {
	*hubtest.Server
	mu    sync.Mutex
	shift time.Duration
}

func newShiftedHub(t *testing.T, h *harness) *shiftedHub {
	s := &shiftedHub{}
	s.Server = hubtest.New(hubtest.Options{Now: s.now})
	t.Cleanup(s.Close)
	h.secret("Hub client secret", s.ClientSecret())
	return s
}

func (s *shiftedHub) now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return time.Now().Add(s.shift)
}

// issueAgo issues a token as the Hub page would have, months ago.
func (s *shiftedHub) issueAgo(t *testing.T, h *harness, months int) string {
	t.Helper()
	s.mu.Lock()
	s.shift = time.Until(time.Now().AddDate(0, -months, 0))
	s.mu.Unlock()
	tok, err := s.IssueToken()
	s.mu.Lock()
	s.shift = 0
	s.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	h.secret("token made before SCIM Renew", tok)
	return tok
}

func statusProfile(t *testing.T, h *harness, code int, name string) map[string]any {
	t.Helper()
	out := decode(t, h.mustRun(code, "", "status", "--profile", name, "--json").stdout)
	return out["profiles"].([]any)[0].(map[string]any)
}

func TestTrackJWTThenStatusFollowsLeadTimes(t *testing.T) {
	requireKeyring(t)
	h := newHarness(t)
	hs := newShiftedHub(t, h)
	h.mustRun(0, "", append([]string{"profile", "add", "--remind-months", "2", "--remind-days", "10,3"},
		acmeArgs("acme", hs.Server, nil, "", "")...)...)
	p := h.profile("acme")
	contains(t, "status before", h.mustRun(3, "", "status", "--profile", "acme").stdout, "no token is recorded")

	tok := hs.issueAgo(t, h, 9)
	res := h.mustRun(0, tok+"\n", "track", "--profile", "acme", "--token-stdin")
	contains(t, "track", res.stdout, `Tracking the current token of "acme"`, "Verified: ", "Tracked: the token",
		"as the token states", "Next reminder: ", "(first)", "The daily health check covers it.")
	_, row := currentToken(t, h, p)
	exp, _ := hub.ParseJWTClaims(tok)
	if row.InstallMethod != store.InstallAlreadyInOkta || row.ExpirySource != "jwt_exp" || !row.ExpiresAt.Equal(exp) ||
		row.VerifiedAt.IsZero() || row.HealthResult != "ok" {
		t.Fatalf("tracked row %+v", row)
	}

	// status shows the expiry and a next reminder 2 calendar months before it (the profile's lead time).
	ps := statusProfile(t, h, 0, "acme")
	tj := ps["token"].(map[string]any)
	next := ps["next_reminder"].(map[string]any)
	y, m, d := exp.In(time.Local).Date()
	want := reminders.AddMonthsClamped(time.Date(y, m, d, 9, 0, 0, 0, time.Local), -2)
	if tj["expires_at"] != exp.UTC().Format(time.RFC3339) || tj["install_method"] != "already_in_okta" ||
		next["kind"] != "first" || next["due_at"] != want.UTC().Format(time.RFC3339) {
		t.Fatalf("status after track: token %v, next reminder %v (want due %s)", tj, next, want.UTC().Format(time.RFC3339))
	}
	contains(t, "history", h.mustRun(0, "", "history", "--profile", "acme").stdout, row.ShortFingerprint(), "already_in_okta")

	// Once is enough: the profile has a current token now.
	again := h.mustRun(1, tok+"\n", "track", "--profile", "acme", "--token-stdin")
	contains(t, "second track", again.stderr, `"acme" already has a current token`)
}

func TestTrackDatesOnlyThenRenew(t *testing.T) {
	requireKeyring(t)
	h := newHarness(t)
	hs, org := fakes(t, h)
	p := addAPIProfile(h, hs, org, oktatest.Org2OrgAppID, oktatest.Org2OrgAppName, true)
	created := time.Now().AddDate(0, -10, 0).Format(time.DateOnly)

	out := decode(t, h.mustRun(0, "", "track", "--profile", "acme", "--created", created, "--json").stdout)
	assertKeys(t, "track", out, "tracked", "profile", "profile_id", "dates_only", "token", "next_reminder",
		"health_checked", "verification", "notes", "message", "exit_code")
	tj := out["token"].(map[string]any)
	if out["tracked"] != true || out["dates_only"] != true || out["health_checked"] != false || out["verification"] != nil ||
		tj["fingerprint"] != "" || tj["expiry_source"] != store.ExpiryGivenCreated || out["next_reminder"] == nil {
		t.Fatalf("track --json: %v", out)
	}
	ps := statusProfile(t, h, 0, "acme")
	if ps["token"].(map[string]any)["expires_at"] != tj["expires_at"] || ps["next_reminder"] == nil {
		t.Fatalf("status of a dates-only entry: %v", ps)
	}
	st := h.mustRun(0, "", "status", "--profile", "acme").stdout
	hist := h.mustRun(0, "", "history", "--profile", "acme").stdout
	contains(t, "status", st, "dates only, not verified (current)", "never checked")
	contains(t, "history", hist, "dates only, not verified", "current", created)
	if _, err := h.kc.Get(p.ID, secrets.KindTokenCurrent); err == nil {
		t.Fatal("a dates-only entry put something in the keychain")
	}

	// The next renewal replaces it like any current token.
	h.mustRun(0, "", "renew", "--profile", "acme")
	currentToken(t, h, p)
	hist = h.mustRun(0, "", "history", "--profile", "acme").stdout
	var datesRow string
	for _, line := range strings.Split(hist, "\n") {
		if strings.Contains(line, "dates only") {
			datesRow = line
		}
	}
	if !strings.Contains(datesRow, "previous") {
		t.Fatalf("the dates-only entry after the renewal:\n%s", hist)
	}
	if _, err := h.kc.Get(p.ID, secrets.KindTokenPrevious); err == nil {
		t.Fatal("a dates-only entry left a previous token in the keychain")
	}
	h.secret("renewed token", org.Token(oktatest.Org2OrgAppID))
}

// status exit codes follow from the tracked expiry: a dates-only entry 5 days from expiry is critical.
func TestTrackDatesOnlyStatusFollowsExpiry(t *testing.T) {
	h := newHarness(t)
	hs := hubtest.New(hubtest.Options{})
	t.Cleanup(hs.Close)
	h.mustRun(0, "", append([]string{"profile", "add"}, acmeArgs("soon", hs, nil, "", "")...)...)
	h.mustRun(0, "", "track", "--profile", "soon", "--expires", time.Now().AddDate(0, 0, 5).Format(time.DateOnly))
	res := h.mustRun(2, "", "status", "--profile", "soon")
	contains(t, "status", res.stdout, "CRITICAL - soon: ", "dates only, not verified (current)")
	out := decode(t, h.mustRun(2, "", "status", "--profile", "soon", "--json").stdout)
	tok := out["profiles"].([]any)[0].(map[string]any)["token"].(map[string]any)
	if tok["dates_only"] != true || tok["fingerprint"] != "" {
		t.Errorf("status --json token of a dates-only entry: %v", tok)
	}
}

func TestTrackRefusals(t *testing.T) {
	requireKeyring(t)
	h := newHarness(t)
	hs := newShiftedHub(t, h)
	h.mustRun(0, "", append([]string{"profile", "add"}, acmeArgs("acme", hs.Server, nil, "", "")...)...)
	other := hubtest.New(hubtest.Options{})
	t.Cleanup(other.Close)
	foreign, err := other.IssueToken()
	if err != nil {
		t.Fatal(err)
	}
	h.secret("token of another Hub", foreign)
	opaque := "opaque-scim-token-0f9d3c2b1a"
	h.secret("opaque token", opaque)
	tests := []struct {
		name   string
		stdin  string
		args   []string
		code   int
		stderr string
	}{
		{"no profile", "", []string{"--created", "2025-01-31"}, 2, "--profile NAME"},
		{"both dates", "", []string{"--profile", "acme", "--created", "2025-01-31", "--expires", "2026-01-31"}, 2, "not both"},
		{"nothing to go by", "", []string{"--profile", "acme"}, 2, "--token-stdin"},
		{"not a date", "", []string{"--profile", "acme", "--created", "31/01/2025"}, 2, "YYYY-MM-DD"},
		{"lifetime", "", []string{"--profile", "acme", "--created", "2025-01-31", "--lifetime-months", "0"}, 2, "out of range"},
		{"empty stdin", "", []string{"--profile", "acme", "--token-stdin"}, 2, "before the SCIM token"},
		{"unknown profile", "", []string{"--profile", "nobody", "--created", "2025-01-31"}, 1, `no profile named "nobody"`},
		{"rejected token", foreign + "\n", []string{"--profile", "acme", "--token-stdin"}, 1, "not recorded"},
		{"opaque without a date", opaque + "\n", []string{"--profile", "acme", "--token-stdin"}, 1, "--created"},
		{"future created date", "", []string{"--profile", "acme", "--created", time.Now().AddDate(0, 0, 2).Format(time.DateOnly)}, 1, "in the future"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := h.mustRun(tc.code, tc.stdin, append([]string{"track"}, tc.args...)...)
			contains(t, "stderr", res.stderr, tc.stderr)
		})
	}
	// The JSON of a rejected token says why, and nothing was recorded.
	out := decode(t, h.mustRun(1, foreign+"\n", "track", "--profile", "acme", "--token-stdin", "--json").stdout)
	v, _ := out["verification"].(map[string]any)
	if out["tracked"] != false || out["exit_code"] != float64(1) || v["result"] != "rejected" ||
		!strings.Contains(out["message"].(string), "not recorded") {
		t.Fatalf("rejected --json: %v", out)
	}
	contains(t, "history", h.mustRun(0, "", "history", "--profile", "acme").stdout, "no tokens recorded yet")
	contains(t, "help", h.mustRun(0, "", "track", "--help").stdout, "Usage: scimrenew", "--token-stdin", "--created DATE",
		"Exit codes:", "0 the token is tracked", "\nExample:\n  ")
}

// In-process with an injected clock: created on 31 January with the first reminder 11 months before
// expiry, the reminder falls on 28 February, and status turns to a warning from that day.
func TestTrackMonthEndInProcess(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2025, 2, 10, 12, 0, 0, 0, time.UTC)
	env := cli.Env{DataDir: dir, Keychain: secrets.NewMemory(), Now: func() time.Time { return now }, Location: time.UTC}
	run := func(code int, args ...string) string {
		t.Helper()
		var out, errw bytes.Buffer
		if got := cli.Main(args, strings.NewReader(""), &out, &errw, env); got != code {
			t.Fatalf("scimrenew %v: exit %d, want %d\n%s%s", args, got, code, out.String(), errw.String())
		}
		return out.String()
	}
	run(0, "profile", "add", "--name", "acme", "--hub-url", "https://acme.example", "--scim-url",
		"https://acme.example/scim/v2", "--client-id", "cid", "--remind-months", "11")
	out := run(0, "track", "--profile", "acme", "--created", "2025-01-31")
	contains(t, "track", out, "Tracked by its dates only (not verified): expires 2026-01-31",
		"Next reminder: 2025-02-28 09:00 (first)", "No health check runs")
	ps := decode(t, run(0, "status", "--json"))["profiles"].([]any)[0].(map[string]any)
	if ps["status"] != "ok" || ps["next_reminder"].(map[string]any)["due_at"] != "2025-02-28T09:00:00Z" {
		t.Fatalf("status: %v", ps)
	}
	now = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC) // inside the 11-month lead time: a warning
	contains(t, "status", run(1, "status"), "WARNING - acme: ")
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p, _ := st.ProfileByName(context.Background(), "acme")
	if cur, err := st.CurrentToken(context.Background(), p.ID); err != nil || !cur.DatesOnly() {
		t.Fatalf("current token %+v, %v", cur, err)
	}
}
