package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"scimrenew/hub/hubtest"
	"scimrenew/store"
)

// tokenSetup arranges a profile's token history through the store, the way the dates arise in real use.
type tokenSetup struct {
	expiresIn time.Duration // from now; the token was created 12 months before its expiry
	status    string
	health    string
}

func addToken(t *testing.T, h *harness, profile string, ts tokenSetup) store.Token {
	t.Helper()
	st := h.store()
	defer st.Close()
	ctx := context.Background()
	p, err := st.ProfileByName(ctx, profile)
	if err != nil {
		t.Fatal(err)
	}
	exp := time.Now().Add(ts.expiresIn).Truncate(time.Second)
	tok := store.Token{
		ProfileID: p.ID, Fingerprint: store.Fingerprint(profile + exp.String()),
		CreatedAt: exp.AddDate(-1, 0, 0), ExpiresAt: exp, ExpirySource: "jwt_exp", Status: ts.status,
	}
	if tok.ID, err = st.InsertToken(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if ts.health != "" {
		if err := st.SetTokenHealth(ctx, tok.ID, ts.health, "The Hub answered "+ts.health+".", time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	return tok
}

const day = 24 * time.Hour

func TestStatusLevels(t *testing.T) {
	hs := hubtest.New(hubtest.Options{})
	t.Cleanup(hs.Close)
	h := newHarness(t)
	tests := []struct {
		profile string
		token   *tokenSetup
		code    int
		level   string
		reason  string
	}{
		{"ok", &tokenSetup{expiresIn: 200 * day, status: store.TokenCurrent, health: "ok"}, 0, "ok", "expires in "},
		{"warning", &tokenSetup{expiresIn: 20 * day, status: store.TokenCurrent}, 1, "warning", "expires in "},
		{"critical", &tokenSetup{expiresIn: 5 * day, status: store.TokenCurrent}, 2, "critical", "expires in "},
		{"expired", &tokenSetup{expiresIn: -3 * day, status: store.TokenExpired}, 2, "critical", "expired on"},
		{"past-expiry", &tokenSetup{expiresIn: -time.Hour, status: store.TokenCurrent}, 2, "critical", "expired on"},
		{"rejected", &tokenSetup{expiresIn: 200 * day, status: store.TokenCurrent, health: "rejected"}, 2, "critical", "Hub rejected the token"},
		{"no-token", nil, 3, "unknown", "no token is recorded"},
	}
	for _, tc := range tests {
		h.mustRun(0, "", append([]string{"profile", "add"}, acmeArgs(tc.profile, hs, nil, "", "")...)...)
		if tc.token != nil {
			addToken(t, h, tc.profile, *tc.token)
		}
	}
	for _, tc := range tests {
		t.Run(tc.profile, func(t *testing.T) {
			res := h.mustRun(tc.code, "", "status", "--profile", tc.profile)
			first, _, _ := strings.Cut(res.stdout, "\n")
			contains(t, "first line", first, strings.ToUpper(tc.level)+" - "+tc.profile+": ")
			contains(t, "first line", strings.ToLower(first), strings.ToLower(tc.reason))

			out := decode(t, h.mustRun(tc.code, "", "status", "--profile", tc.profile, "--json").stdout)
			if out["status"] != tc.level || out["exit_code"] != float64(tc.code) {
				t.Errorf("status JSON: %v", out)
			}
			ps := out["profiles"].([]any)[0].(map[string]any)
			if ps["status"] != tc.level || ps["profile"] != tc.profile {
				t.Errorf("profile status JSON: %v", ps)
			}
			if (ps["token"] == nil) != (tc.token == nil) {
				t.Errorf("token in JSON: %v", ps["token"])
			}
		})
	}

	// Every profile at once: the worst counts, critical over unknown over warning.
	res := h.mustRun(2, "", "status")
	contains(t, "status", res.stdout, "CRITICAL - ", "warning: WARNING", "no-token: UNKNOWN")
}

func TestStatusJSONShape(t *testing.T) {
	hs := hubtest.New(hubtest.Options{})
	t.Cleanup(hs.Close)
	h := newHarness(t)
	h.mustRun(0, "", append([]string{"profile", "add"}, acmeArgs("acme", hs, nil, "", "")...)...)
	tok := addToken(t, h, "acme", tokenSetup{expiresIn: 100 * day, status: store.TokenCurrent, health: "ok"})
	st := h.store()
	ctx := context.Background()
	p, _ := st.ProfileByName(ctx, "acme")
	due := time.Now().Add(30 * day).Truncate(time.Second)
	if err := st.ReplaceReminders(ctx, tok.ID, []store.Reminder{{TokenID: tok.ID, Kind: "first", DueAt: due}}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.BeginRenewal(ctx, p.ID, "hub_page", "SCIM Renew window (test)", time.Minute); err != nil {
		t.Fatal(err)
	}
	st.Close()

	res := h.mustRun(0, "", "status", "--json")
	out := decode(t, res.stdout)
	assertKeys(t, "status", out, "status", "exit_code", "checked_at", "message", "profiles")
	ps := out["profiles"].([]any)[0]
	assertKeys(t, "profile status", ps, "profile", "profile_id", "status", "reason", "days_left", "token",
		"next_reminder", "renewal")
	m := ps.(map[string]any)
	assertKeys(t, "token", m["token"], "id", "fingerprint", "status", "created_at", "expires_at", "expiry_source",
		"verified_at", "installed_at", "install_method", "dates_only", "health")
	assertKeys(t, "health", m["token"].(map[string]any)["health"], "result", "message", "checked_at")
	assertKeys(t, "next reminder", m["next_reminder"], "kind", "due_at")
	assertKeys(t, "renewal", m["renewal"], "id", "state", "step", "mode", "started_at", "updated_at", "last_error",
		"lease_owner", "lease_until")
	if m["days_left"] != float64(100) && m["days_left"] != float64(99) {
		t.Errorf("days_left %v, want 100 (or 99 across midnight)", m["days_left"])
	}
	if tj := m["token"].(map[string]any); tj["fingerprint"] != tok.Fingerprint || tj["expires_at"] != tok.ExpiresAt.UTC().Format(time.RFC3339) {
		t.Errorf("token JSON: %v", tj)
	}
	if nr := m["next_reminder"].(map[string]any); nr["kind"] != "first" || nr["due_at"] != due.UTC().Format(time.RFC3339) {
		t.Errorf("next reminder JSON: %v", nr)
	}
	if rn := m["renewal"].(map[string]any); rn["state"] != "started" || rn["step"] != "Create token" {
		t.Errorf("renewal JSON: %v", rn)
	}
	res = h.mustRun(0, "", "status")
	contains(t, "status", res.stdout, "OK - acme: ", tok.Fingerprint[:12], "next reminder", `renewal        unfinished, at step "Create token"`)
}

func TestStatusUnknown(t *testing.T) {
	h := newHarness(t)
	res := h.mustRun(3, "", "status")
	contains(t, "status without a data dir", res.stdout, "UNKNOWN - No profiles yet")
	if _, err := os.Stat(h.dataDir); err == nil {
		t.Errorf("status created the data dir; it must only read")
	}
	out := decode(t, h.mustRun(3, "", "status", "--json").stdout)
	if out["status"] != "unknown" || out["exit_code"] != float64(3) || out["message"] == "" {
		t.Errorf("status JSON without profiles: %v", out)
	}
	h.mustRun(3, "", "status", "--bogus")

	if err := os.MkdirAll(h.dataDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(h.dataDir, store.FileName), []byte("this is not a database, not at all"), 0o600); err != nil {
		t.Fatal(err)
	}
	res = h.mustRun(3, "", "status")
	contains(t, "status with a broken database", res.stdout, "UNKNOWN - ")
	contains(t, "stderr", res.stderr, "scimrenew: ")
	h.mustRun(3, "", "status", "--profile", "nobody")
}

func TestHistory(t *testing.T) {
	hs := hubtest.New(hubtest.Options{})
	t.Cleanup(hs.Close)
	h := newHarness(t)
	contains(t, "history without profiles", h.mustRun(0, "", "history").stdout, "No profiles yet")
	h.mustRun(0, "", append([]string{"profile", "add"}, acmeArgs("acme", hs, nil, "", "")...)...)
	old := addToken(t, h, "acme", tokenSetup{expiresIn: -30 * day, status: store.TokenPrevious})
	cur := addToken(t, h, "acme", tokenSetup{expiresIn: 330 * day, status: store.TokenCurrent, health: "ok"})

	res := h.mustRun(0, "", "history", "--profile", "acme")
	contains(t, "history", res.stdout, "acme", "FINGERPRINT", cur.ShortFingerprint(), old.ShortFingerprint(), "current", "previous")
	if strings.Index(res.stdout, cur.ShortFingerprint()) > strings.Index(res.stdout, old.ShortFingerprint()) {
		t.Errorf("history is not newest first:\n%s", res.stdout)
	}
	out := decode(t, h.mustRun(0, "", "history", "--json").stdout)
	assertKeys(t, "history", out, "profiles")
	ph := out["profiles"].([]any)[0]
	assertKeys(t, "profile history", ph, "profile", "profile_id", "tokens")
	toks := ph.(map[string]any)["tokens"].([]any)
	if len(toks) != 2 || toks[0].(map[string]any)["fingerprint"] != cur.Fingerprint ||
		toks[1].(map[string]any)["status"] != "previous" {
		t.Errorf("history tokens: %v", toks)
	}
	if toks[1].(map[string]any)["health"] != nil {
		t.Errorf("a token never checked has health %v, want null", toks[1].(map[string]any)["health"])
	}
	h.mustRun(1, "", "history", "--profile", "nobody")
}
