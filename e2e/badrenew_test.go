package e2e

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"scimrenew/hub/hubtest"
	"scimrenew/secrets"
	"scimrenew/store"
)

// TestBadTokenOnCommandLine gives `scimrenew renew --token-stdin` texts that are not a new token: each
// is refused with its reason, the token history and the keychain stay as they were, and no token file
// is written. A real token from the Hub is then accepted. The client-secret check needs the secret from
// the real keychain, hence the keyring.
func TestBadTokenOnCommandLine(t *testing.T) {
	requireKeyring(t)
	h := hubtest.New(hubtest.Options{})
	defer h.Close()
	service := testService(t)
	env := cliEnv(service)
	dir := t.TempDir()
	gd := []string{"--data-dir", dir}
	r := runCLI(t, env, h.ClientSecret()+"\n", append(gd, "profile", "add", "--name", "Contoso", "--hub-url", h.URL(),
		"--scim-url", h.SCIMBase(), "--client-id", h.ClientID(), "--okta-org", "https://contoso.okta.com",
		"--okta-app-id", "0oa1contoso", "--okta-app-name", "scim2testapp", "--client-secret-stdin")...)
	if r.code != 0 {
		t.Fatalf("profile add: exit %d: %s", r.code, r.stderr)
	}
	p := profileNamed(t, dir, "Contoso")
	defer cleanupKeychain(t, service, p.ID)
	kc := secrets.New(service, 10*time.Second)
	tokenOut := filepath.Join(t.TempDir(), "contoso.token")
	renew := append(gd, "renew", "--profile", "Contoso", "--token-stdin", "--token-out", tokenOut, "--no-wait")
	for _, c := range []struct {
		name, stdin string
		code        int
		say         string
	}{
		{"the client secret", h.ClientSecret() + "\n", 1, "Client Secret"},
		{"the client id", h.ClientID() + "\n", 1, "Client ID"},
		{"the Hub page address", h.PageURL() + "\n", 1, "web address"},
		{"an expired JWT", jwtExpiring(time.Now().AddDate(0, -1, 0)) + "\n", 1, "expired"},
		{"a token with an inner space", "abcdefghij klmnopqrstuvwxyz\n", 1, "spaces"},
		{"a 1 MiB paste", strings.Repeat("Z", 1<<20) + "\n", 2, "longer than"},
		{"nothing", "", 2, "ended before"},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := storeTokens(t, dir, p.ID)
			r := runCLI(t, env, c.stdin, renew...)
			checkRenewRefusal(t, r, c.code, c.say, c.stdin)
			checkNothingKept(t, dir, before, p.ID, kc, tokenOut)
		})
	}
	t.Run("a token the Hub issued", func(t *testing.T) {
		tok, err := h.IssueToken()
		if err != nil {
			t.Fatal(err)
		}
		r := runCLI(t, env, tok+"\n", renew...)
		if r.code != 1 || !strings.Contains(r.stdout+r.stderr, "#tab-provisioning") {
			t.Fatalf("exit %d (want 1: waits for the manual install): %s", r.code, clip(hide(r.stderr, tok)))
		}
		if v, _ := kc.Get(p.ID, secrets.KindTokenPending); v != tok {
			t.Errorf("the pending token is not the one given")
		}
		if b, err := os.ReadFile(tokenOut); err != nil || strings.TrimSpace(string(b)) != tok {
			t.Errorf("the token file does not hold the token (%v)", err)
		}
	})
}

// hide blanks a text given on stdin (a token, a secret) in output quoted by a failure report.
func hide(out, given string) string {
	if g := strings.TrimSpace(given); len(g) >= 8 {
		return strings.ReplaceAll(out, g, "[the text given]")
	}
	return out
}

// storeTokens lists a profile's token rows (fingerprints and statuses).
// checkRenewRefusal: the exit code and the reason, without the text given echoed back.
func checkRenewRefusal(t *testing.T, r cliRun, code int, say, stdin string) {
	t.Helper()
	switch {
	case r.code != code:
		t.Errorf("exit %d, want %d: %s", r.code, code, clip(hide(r.stderr, stdin)))
	case !strings.Contains(r.stderr, say):
		t.Errorf("stderr does not say %q: %s", say, clip(hide(r.stderr, stdin)))
	case strings.TrimSpace(stdin) != "" && strings.Contains(r.stdout+r.stderr, strings.TrimSpace(stdin)):
		t.Errorf("the output echoes the text given")
	}
}

// checkNothingKept: the token history is as before, no pending token is in the keychain and no token
// file was written.
func checkNothingKept(t *testing.T, dir, before, profileID string, kc *secrets.Keychain, tokenOut string) {
	t.Helper()
	if storeTokens(t, dir, profileID) != before {
		t.Errorf("the token history changed")
	}
	if _, err := kc.Get(profileID, secrets.KindTokenPending); !errors.Is(err, secrets.ErrNotFound) {
		t.Errorf("a pending token is in the keychain (%v)", err)
	}
	if _, err := os.Stat(tokenOut); !os.IsNotExist(err) {
		t.Errorf("a token file was written")
	}
}

func storeTokens(t *testing.T, dir, profileID string) string {
	t.Helper()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	toks, err := st.Tokens(context.Background(), profileID)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, tk := range toks {
		b.WriteString(tk.Fingerprint + " " + tk.Status + "\n")
	}
	return b.String()
}
