package e2e

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"scimrenew/applog"
	"scimrenew/hub/hubtest"
	"scimrenew/okta/oktatest"
	"scimrenew/secrets"
)

// TestSecretLeakCLIRenew sets up an API-mode profile with an Okta API token through `scimrenew profile
// add` (secrets on stdin), renews it twice with `scimrenew --debug renew` against the fakes and the real
// keychain, reads status and history, then searches every output, the argv and environment of each run
// and every file of the data dir for the client secret, the Okta API token and both tokens.
func TestSecretLeakCLIRenew(t *testing.T) {
	requireKeyring(t)
	h := hubtest.New(hubtest.Options{Grace: time.Hour})
	defer h.Close()
	o := oktatest.New(oktatest.Options{})
	defer o.Close()
	service := testService(t)
	env := cliEnv(service)
	dir := t.TempDir()
	set := newSecretSet()
	set.add("Hub client secret", h.ClientSecret())
	set.add("Okta API token", o.APIToken())
	var runs []cliRun
	run := func(stdin string, args ...string) cliRun {
		r := runCLI(t, env, stdin, append([]string{"--debug", "--data-dir", dir}, args...)...)
		runs = append(runs, r)
		return r
	}
	r := run(h.ClientSecret()+"\n"+o.APIToken()+"\n", "profile", "add", "--name", "Fabrikam", "--hub-url", h.URL(),
		"--scim-url", h.SCIMBase(), "--token-url", h.TokenURL(), "--client-id", h.ClientID(), "--okta-org", o.URL(),
		"--okta-app-id", oktatest.Org2OrgAppID, "--okta-app-name", oktatest.Org2OrgAppName,
		"--client-secret-stdin", "--okta-token-stdin")
	if r.code != 0 {
		t.Fatalf("profile add: exit %d: %s", r.code, clip(set.redact(r.stderr)))
	}
	p := profileNamed(t, dir, "Fabrikam")
	defer cleanupKeychain(t, service, p.ID)
	kc := secrets.New(service, 10*time.Second)
	for i := 1; i <= 2; i++ {
		if r := run("", "renew", "--profile", "Fabrikam"); r.code != 0 {
			t.Fatalf("renew %d: exit %d: %s", i, r.code, clip(set.redact(r.stderr)))
		}
		cur, err := kc.Get(p.ID, secrets.KindTokenCurrent)
		if err != nil || o.Token(oktatest.Org2OrgAppID) != cur {
			t.Fatalf("renew %d: the keychain's current token is not the one Okta holds (%v)", i, err)
		}
		set.add("token of renewal "+string(rune('0'+i)), cur)
	}
	run("", "status", "--json")
	run("", "history")
	var hits []string
	var outBytes int
	for i, r := range runs {
		where := "run " + string(rune('0'+i)) + " (" + strings.Join(r.args[4:min(len(r.args), 6)], " ") + ")"
		outBytes += len(r.stdout) + len(r.stderr)
		for _, part := range []struct{ name, text string }{
			{"stdout", r.stdout},
			{"stderr", r.stderr},
			{"argv", strings.Join(r.args, "\x00")},
			{"environment", strings.Join(r.env, "\x00")},
		} {
			for _, h := range set.findString(part.text) {
				hits = append(hits, where+" "+part.name+": "+h)
			}
		}
	}
	if log, err := os.ReadFile(filepath.Join(dir, applog.FileName)); err != nil {
		t.Errorf("the commands kept no log: %v", err)
	} else if n := bytes.Count(log, []byte(applog.Redacted)); n > 0 {
		t.Errorf("%d log attributes were blanked by the redacting handler: some code logs under a secret's name", n)
	}
	fileHits, files, size := set.scanTree(t, dir)
	hits = append(hits, fileHits...)
	if !strings.Contains(runs[1].stderr, "source=") {
		t.Errorf("renew --debug did not mirror its debug log to stderr")
	}
	t.Logf("scanned %d runs (%d bytes of output, argv, environment) and %d files (%d bytes) for %d secrets",
		len(runs), outBytes, files, size, set.len())
	for _, h := range hits {
		t.Errorf("secret found: %s", h)
	}
}
