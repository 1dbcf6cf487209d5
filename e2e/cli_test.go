package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"scimrenew/secrets"
	"scimrenew/store"
)

// cliRun is one finished run of the scimrenew binary.
type cliRun struct {
	args           []string
	env            []string
	stdout, stderr string
	code           int
}

// cliEnv is the environment of the binary: the test's own, with a keychain service of the test's so no
// entry of the real app is ever touched.
// A C.UTF-8 locale is dropped, as scripts/with-keyring.sh does: Fyne's package init logs a locale error
// for it on every run of the binary, command-line verbs included.
func cliEnv(service string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		if (k == "LANG" || k == "LC_ALL") && strings.EqualFold(strings.ReplaceAll(v, "-", ""), "C.utf8") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "SCIMRENEW_KEYRING_SERVICE="+service)
}

// testService is a keychain service name unique to one test.
func testService(t *testing.T) string {
	return fmt.Sprintf("io.scimrenew.e2e.%s.%d", strings.NewReplacer("/", ".", " ", "_").Replace(t.Name()), time.Now().UnixNano())
}

// runCLI runs the binary with stdin and waits at most a minute.
func runCLI(t *testing.T, env []string, stdin string, args ...string) cliRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, needCLI(t), args...)
	cmd.Env = env
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatalf("running scimrenew: %v", err)
	}
	if code < 0 {
		t.Fatalf("scimrenew %s was killed: %s", strings.Join(args, " "), clip(errb.String()))
	}
	return cliRun{args: cmd.Args, env: cmd.Env, stdout: out.String(), stderr: errb.String(), code: code}
}

// storeDump is what a data dir holds, for before/after comparisons: profiles, their tokens and open
// renewals.
func storeDump(t *testing.T, dir string) string {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ps, err := st.Profiles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "%+v\n", p)
		toks, err := st.Tokens(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, tk := range toks {
			fmt.Fprintf(&b, "  token %d %s %s\n", tk.ID, tk.Fingerprint, tk.Status)
		}
	}
	rs, err := st.OpenRenewals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		fmt.Fprintf(&b, "renewal %d %s %s token=%d\n", r.ID, r.ProfileID, r.State, r.TokenID)
	}
	return b.String()
}

// keychainItems counts the entries filed under service, with secret-tool (a test dependency, see
// scripts/deps.sh); -1 when there is no real keychain to ask. The secrets it prints are never kept.
func keychainItems(t *testing.T, service string) int {
	t.Helper()
	if os.Getenv("SCIMRENEW_TEST_KEYRING") != "1" {
		return -1
	}
	out, err := exec.Command("secret-tool", "search", "--all", "service", service).CombinedOutput()
	if err != nil && len(out) > 0 && !bytes.Contains(out, []byte("No matching")) {
		// secret-tool exits 1 when nothing matches; anything else is a broken test setup.
		if !bytes.HasPrefix(bytes.TrimSpace(out), []byte("[")) {
			t.Fatalf("secret-tool search failed: %v", err)
		}
	}
	n := 0
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, "[/") {
			n++
		}
	}
	return n
}

// cleanupKeychain removes a profile's entries from the test's service.
func cleanupKeychain(t *testing.T, service, profileID string) {
	t.Helper()
	if os.Getenv("SCIMRENEW_TEST_KEYRING") != "1" || profileID == "" {
		return
	}
	if err := secrets.New(service, 10*time.Second).DeleteProfile(profileID); err != nil {
		t.Errorf("removing the test's keychain entries: %v", err)
	}
}
