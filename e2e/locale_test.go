package e2e

import (
	"os"
	"strings"
	"testing"
)

// TestQuietUnderCLocale starts the real binary under the C.UTF-8 locale that containers, cron and SSH
// sessions set: Fyne's package init used to print "Fyne error: Error parsing user locale C" on every
// start, verbs included. Package localefix, initialised before Fyne's lang package, keeps stderr empty.
// The environment is set here, not inherited: scripts/with-keyring.sh and cliEnv drop a C.UTF-8 locale.
func TestQuietUnderCLocale(t *testing.T) {
	base := cliEnv(testService(t))
	dir := t.TempDir()
	add := runCLI(t, base, "", "--data-dir", dir, "profile", "add", "--name", "Contoso", "--hub-url", okHub,
		"--scim-url", okSCIM, "--client-id", "cid-123456")
	if add.code != 0 {
		t.Fatalf("profile add: exit %d: %s", add.code, add.stderr)
	}
	for _, loc := range []string{"LANG=C.UTF-8", "LC_ALL=C.UTF-8", "LANG=C.utf8", "LC_ALL=POSIX"} {
		env := append(withoutLocale(base), loc)
		for _, args := range [][]string{{"--version"}, {"--data-dir", dir, "status"}} {
			r := runCLI(t, env, "", args...)
			if r.stderr != "" {
				t.Errorf("%s scimrenew %s: stderr %q, want nothing", loc, strings.Join(args, " "), clip(r.stderr))
			}
			if r.stdout == "" || (args[0] != "--version" && !strings.Contains(r.stdout, "Contoso")) {
				t.Errorf("%s scimrenew %s: exit %d, stdout %q: the verb did not run", loc, strings.Join(args, " "), r.code, clip(r.stdout))
			}
		}
	}
}

// withoutLocale is env with every variable that names a locale or a language removed.
func withoutLocale(env []string) []string {
	var out []string
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		if k == "LANG" || k == "LANGUAGE" || strings.HasPrefix(k, "LC_") {
			continue
		}
		out = append(out, kv)
	}
	return out
}

func TestWithoutLocale(t *testing.T) {
	got := withoutLocale([]string{"LANG=C.UTF-8", "LC_ALL=C", "LANGUAGE=de", "LC_MESSAGES=C", "HOME=" + os.TempDir(), "LANGX=1"})
	if len(got) != 2 || !strings.HasPrefix(got[0], "HOME=") || got[1] != "LANGX=1" {
		t.Fatalf("withoutLocale kept %q", got)
	}
}
