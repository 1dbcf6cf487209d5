package e2e

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"scimrenew/secrets"
	"scimrenew/store"
)

// cliCase is one bad (or borderline) command line. wantCode is the exit code; say is what stderr must
// mention (the flag to fix, or the reason); never is text that must not be echoed back (a password in a
// URL, a pasted secret).
type cliCase struct {
	name     string
	stdin    string
	args     []string
	wantCode int
	say      string
	never    string
}

const (
	okHub  = "https://acme.qorusdocs.com"
	okSCIM = "https://acme.qorusdocs.com/scim/v2"
)

// addArgs is a valid profile add with some flags replaced or added (a flag given twice takes the last).
func addArgs(extra ...string) []string {
	return append([]string{
		"profile", "add", "--name", "New tenant", "--hub-url", okHub, "--scim-url", okSCIM,
		"--client-id", "cid-123456",
	}, extra...)
}

var cliCases = []cliCase{
	{name: "http hub url", args: addArgs("--hub-url", "http://acme.qorusdocs.com"), wantCode: 2, say: "--hub-url"},
	{name: "scim url with password", args: addArgs("--scim-url", "https://admin:Hunter2pw@acme.qorusdocs.com/scim/v2"), wantCode: 2, say: "--scim-url", never: "Hunter2pw"},
	{name: "token url with fragment", args: addArgs("--token-url", "https://acme.qorusdocs.com/oauth2/token#x"), wantCode: 2, say: "--token-url"},
	{name: "IDN okta org", args: addArgs("--okta-org", "https://bücher.example", "--okta-app-id", "0oa1"), wantCode: 2, say: "--okta-org"},
	{name: "escape sequence in name", args: addArgs("--name", "Acme\x1b[31m red"), wantCode: 2, say: "--name"},
	{name: "empty name", args: addArgs("--name", ""), wantCode: 2, say: "--name"},
	{name: "blank client id", args: addArgs("--client-id", "   "), wantCode: 2, say: "--client-id"},
	{name: "client id with inner space", args: addArgs("--client-id", "cid 123"), wantCode: 2, say: "--client-id"},
	{name: "duplicate name", args: addArgs("--name", "Acme"), wantCode: 2, say: "already exists"},
	{name: "duplicate name, other case", args: addArgs("--name", "ACME"), wantCode: 2, say: "already exists"},
	{name: "reminder days not numbers", args: addArgs("--remind-days", "14,x"), wantCode: 2, say: "--remind-days"},
	{name: "reminder months zero", args: addArgs("--remind-months", "0"), wantCode: 2, say: "--remind-months"},
	{name: "100 KiB name argument", args: addArgs("--name", strings.Repeat("n", 100<<10)), wantCode: 2, say: "--name"},
	{name: "100 KiB scim url argument", args: addArgs("--scim-url", okSCIM+"/"+strings.Repeat("p", 100<<10)), wantCode: 2, say: "--scim-url"},
	{name: "1 MiB secret pasted on stdin", stdin: strings.Repeat("S", 1<<20) + "\n", args: addArgs("--client-secret-stdin"), wantCode: 2, say: "longer than"},
	{name: "secret missing on stdin", stdin: "", args: addArgs("--client-secret-stdin"), wantCode: 2, say: "ended before"},
	{name: "blank secret line", stdin: "  \n", args: addArgs("--client-secret-stdin"), wantCode: 2, say: "empty"},
	{name: "unknown flag", args: addArgs("--hub", okHub), wantCode: 2, say: "hub"},
	{name: "secret given as an argument", args: addArgs("--client-secret", "Hunter2secret"), wantCode: 2, never: "Hunter2secret"},
	{name: "edit with http url", stdin: "new-client-secret-value\n", args: []string{
		"profile", "edit", "Acme", "--scim-url",
		"http://acme.qorusdocs.com/scim/v2", "--client-secret-stdin",
	}, wantCode: 2, say: "--scim-url", never: "new-client-secret-value"},
	{name: "edit with duplicate name", args: []string{"profile", "edit", "Acme", "--name", "beta"}, wantCode: 2, say: "already exists"},
	{name: "verify a 1 MiB paste", stdin: strings.Repeat("T", 1<<20) + "\n", args: []string{"verify", "--scim-url", okSCIM}, wantCode: 3},
	{name: "verify an empty token", stdin: "\n", args: []string{"verify", "--scim-url", okSCIM}, wantCode: 3},
	{name: "verify over http", stdin: "abcdefghijklmnopqrstuvwxyz0123\n", args: []string{"verify", "--scim-url", "http://acme.qorusdocs.com/scim/v2"}, wantCode: 3, say: "https", never: "abcdefghijklmnopqrstuvwxyz0123"},
}

// TestBadCommandLine runs the binary on each bad command line: the exit code says so, stderr names what
// to fix without echoing secrets, nothing crashes, and the data dir and keychain are exactly as before.
func TestBadCommandLine(t *testing.T) {
	service := testService(t)
	env := cliEnv(service)
	dir := t.TempDir()
	gd := []string{"--data-dir", dir}
	for _, n := range []string{"Acme", "Beta"} {
		if r := runCLI(t, env, "", append(gd, "profile", "add", "--name", n, "--hub-url", okHub, "--scim-url", okSCIM,
			"--client-id", "cid-"+n)...); r.code != 0 {
			t.Fatalf("adding %s: exit %d: %s", n, r.code, r.stderr)
		}
	}
	acme := profileNamed(t, dir, "Acme")
	if keychainItems(t, service) >= 0 {
		if r := runCLI(t, env, "acme-client-secret-0001\n", append(gd, "profile", "edit", "Acme", "--client-secret-stdin")...); r.code != 0 {
			t.Fatalf("storing Acme's secret: exit %d: %s", r.code, r.stderr)
		}
		defer cleanupKeychain(t, service, acme.ID)
	}
	for _, c := range cliCases {
		t.Run(c.name, func(t *testing.T) {
			before, items := storeDump(t, dir), keychainItems(t, service)
			r := runCLI(t, env, c.stdin, append(gd, c.args...)...)
			checkCLIRefusal(t, c, r)
			if storeDump(t, dir) != before {
				t.Errorf("the data dir changed")
			}
			if keychainItems(t, service) != items {
				t.Errorf("the keychain changed")
			}
		})
	}
	if items := keychainItems(t, service); items >= 0 {
		v, err := secrets.New(service, 10*time.Second).Get(acme.ID, secrets.KindHubClientSecret)
		if err != nil || v != "acme-client-secret-0001" {
			t.Errorf("a refused edit replaced the stored secret (%v)", err)
		}
	}
	t.Run("blanks around a name are trimmed", func(t *testing.T) {
		r := runCLI(t, env, "", append(gd, addArgs("--name", "  Acme EU \t")...)...)
		if r.code != 0 || profileNamed(t, dir, "Acme EU").ID == "" {
			t.Errorf("exit %d: %s", r.code, r.stderr)
		}
	})
	t.Logf("command-line inputs: %d refused, 1 accepted", len(cliCases))
}

func checkCLIRefusal(t *testing.T, c cliCase, r cliRun) {
	t.Helper()
	switch {
	case r.code != c.wantCode:
		t.Errorf("exit %d, want %d; stderr: %s", r.code, c.wantCode, clip(hide(r.stderr, c.never)))
	case strings.Contains(r.stderr, "panic") || strings.Contains(r.stderr, "goroutine "):
		t.Errorf("crashed: %s", clip(hide(r.stderr, c.never)))
	case len(strings.TrimSpace(r.stdout+r.stderr)) < 20:
		t.Errorf("no clear message: %q", r.stderr)
	case c.say != "" && !strings.Contains(strings.ToLower(r.stdout+r.stderr), strings.ToLower(c.say)):
		t.Errorf("stderr does not mention %q: %s", c.say, clip(hide(r.stderr, c.never)))
	case c.never != "" && strings.Contains(r.stdout+r.stderr, c.never):
		t.Errorf("the output echoes what must stay secret")
	case len(r.stdout+r.stderr) > 4096:
		t.Errorf("the output echoes the huge input (%d bytes)", len(r.stdout+r.stderr))
	}
}

func profileNamed(t *testing.T, dir, name string) store.Profile {
	t.Helper()
	st, err := store.Open(filepath.Clean(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p, err := st.ProfileByName(context.Background(), name)
	if err != nil {
		t.Fatalf("profile %q: %v", name, err)
	}
	return p
}
