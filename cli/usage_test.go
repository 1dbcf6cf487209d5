package cli_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"scimrenew/cli"
	"scimrenew/secrets"
	"scimrenew/store"
)

func TestHelpOnEveryVerb(t *testing.T) {
	h := newHarness(t)
	for _, verb := range [][]string{
		{"profile", "add"},
		{"profile", "edit"},
		{"profile", "list"},
		{"profile", "remove"},
		{"status"},
		{"history"},
		{"verify"},
		{"renew"},
		{"ics"},
	} {
		t.Run(strings.Join(verb, " "), func(t *testing.T) {
			res := h.mustRun(0, "", append(verb, "--help")...)
			contains(t, "help", res.stdout, "Usage: scimrenew", "\nExample:\n  ", "Exit codes:", "--")
			if _, ex, _ := strings.Cut(res.stdout, "Example:"); !strings.Contains(ex, "scimrenew "+verb[0]) {
				t.Errorf("the example does not run scimrenew %s:\n%s", verb[0], ex)
			}
			if res.stderr != "" {
				t.Errorf("help wrote to stderr: %s", res.stderr)
			}
			if res2 := h.mustRun(0, "", append([]string{"help"}, verb...)...); res2.stdout != res.stdout {
				t.Errorf("help %s differs from --help", strings.Join(verb, " "))
			}
		})
	}
	contains(t, "profile --help", h.mustRun(0, "", "profile", "--help").stdout, "add|edit|list|remove")
}

func TestUsage(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"--version"}, 0, "scimrenew test\n", ""},
		{[]string{"version"}, 0, "scimrenew test\n", ""},
		{[]string{"--help"}, 0, "Verbs:", ""},
		{nil, 2, "", "Usage: scimrenew"},
		{[]string{"frobnicate"}, 2, "", `unknown verb "frobnicate"`},
		{[]string{"--bogus", "status"}, 2, "", "flag provided but not defined"},
		{[]string{"profile"}, 2, "", "add|edit|list|remove"},
		{[]string{"profile", "rename"}, 2, "", `unknown subverb "rename"`},
		{[]string{"profile", "edit"}, 2, "", "--profile NAME"},
		{[]string{"profile", "remove"}, 2, "", "--profile NAME"},
		{[]string{"renew"}, 2, "", "--profile NAME"},
		{[]string{"renew", "--profile", "nobody"}, 1, "", "No profiles yet"},
		{[]string{"ics", "--profile", "acme"}, 2, "", "-o FILE"},
		{[]string{"status", "extra"}, 3, "", `unexpected argument "extra"`},
		{[]string{"verify", "--scim-url"}, 3, "", "flag needs an argument"},
		{[]string{"history", "--json=maybe"}, 2, "", "invalid boolean"},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			res := h.mustRun(tc.code, "", tc.args...)
			contains(t, "stdout", res.stdout, tc.stdout)
			contains(t, "stderr", res.stderr, tc.stderr)
		})
	}
}

// TestMainInProcess drives Main in-process, as main.go does, with the clock and keychain of Env: the
// dates a status judges are the injected clock's, not the machine's.
func TestMainInProcess(t *testing.T) {
	dir := t.TempDir()
	kc := secrets.NewMemory()
	now := time.Date(2029, 12, 1, 12, 0, 0, 0, time.UTC)
	env := cli.Env{DataDir: dir, Keychain: kc, Now: func() time.Time { return now }, Location: time.UTC, Version: "1.2.3"}
	run := func(stdin string, args ...string) (int, string, string) {
		var out, errw bytes.Buffer
		code := cli.Main(args, strings.NewReader(stdin), &out, &errw, env)
		return code, out.String(), errw.String()
	}
	if code, out, _ := run("", "--version"); code != 0 || out != "scimrenew 1.2.3\n" {
		t.Fatalf("--version: %d %q", code, out)
	}
	code, _, stderr := run("hub-secret-in-memory-123\n", "profile", "add", "--name", "acme", "--hub-url", "https://acme.example",
		"--scim-url", "https://acme.example/scim/v2", "--client-id", "cid", "--client-secret-stdin")
	if code != 0 {
		t.Fatalf("profile add: %d %s", code, stderr)
	}
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p, err := st.ProfileByName(context.Background(), "acme")
	if err != nil {
		t.Fatal(err)
	}
	if v, err := kc.Get(p.ID, secrets.KindHubClientSecret); err != nil || v != "hub-secret-in-memory-123" {
		t.Errorf("Env's keychain did not get the secret (%v)", err)
	}
	exp := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, err := st.InsertToken(context.Background(), store.Token{
		ProfileID: p.ID, Fingerprint: store.Fingerprint("t"),
		CreatedAt: exp.AddDate(-1, 0, 0), ExpiresAt: exp, Status: store.TokenCurrent,
	}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		now  time.Time
		code int
		want string
	}{
		{time.Date(2029, 11, 30, 12, 0, 0, 0, time.UTC), 0, "OK - acme: the token expires in 32 days (2030-01-01)"},
		{time.Date(2029, 12, 1, 12, 0, 0, 0, time.UTC), 1, "WARNING - acme: the token expires in 31 days (2030-01-01); renew it now"},
		{time.Date(2029, 12, 25, 12, 0, 0, 0, time.UTC), 2, "CRITICAL - acme: the token expires in 7 days"},
		{time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), 2, "CRITICAL - acme: the token expired on 2030-01-01"},
	} {
		now = tc.now
		code, out, _ := run("", "status")
		if code != tc.code || !strings.HasPrefix(out, tc.want) {
			t.Errorf("status at %s: %d\n%s\nwant %d, %q", tc.now, code, out, tc.code, tc.want)
		}
	}
}
