//go:build linux

package e2e

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"

	"scimrenew/hub/hubtest"
	"scimrenew/okta/oktatest"
	"scimrenew/secrets"
	"scimrenew/store"
)

// screen is what a pseudo-terminal shows.
type screen struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *screen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// runCLIOnTerminal runs the binary with a pseudo-terminal as its standard input, output and error, as
// an administrator at a terminal would, typing each secret once its prompt shows and the echo is off.
// The run's stdout holds everything the terminal showed.
func runCLIOnTerminal(t *testing.T, env []string, typed []string, args ...string) cliRun {
	t.Helper()
	master, tty, err := pty.Open()
	if err != nil {
		t.Fatalf("opening a pseudo-terminal: %v", err)
	}
	defer master.Close()
	var scr screen
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		_, _ = io.Copy(&scr, master)
	}()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, needCLI(t), args...)
	cmd.Env = env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for i, line := range typed {
		waitPrompt(t, tty, &scr, i+1)
		if _, err := master.Write([]byte(line + "\r")); err != nil {
			t.Fatal(err)
		}
	}
	err = cmd.Wait()
	tty.Close()
	<-copied
	code := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatalf("running scimrenew on a terminal: %v", err)
	}
	if code < 0 {
		t.Fatalf("scimrenew %s was killed", strings.Join(args, " "))
	}
	return cliRun{args: cmd.Args, env: cmd.Env, stdout: scr.String(), code: code}
}

// waitPrompt waits until the terminal shows the n-th secret prompt and its echo is off.
func waitPrompt(t *testing.T, tty *os.File, scr *screen, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		tio, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Count(scr.String(), "(typing is not shown)") >= n && tio.Lflag&unix.ECHO == 0 {
			return
		}
	}
	t.Fatalf("no secret prompt #%d; the terminal shows %q", n, clip(scr.String()))
}

// TestSecretLeakCLIOnATerminal runs the commands an administrator types at a terminal, secrets typed at
// the prompts, including against a server that echoes the credentials it gets inside terminal escape
// sequences (a token endpoint and a SCIM endpoint): nothing the terminal shows holds a secret, an escape
// character or a bell, and neither does any file of the data dir, the stored renewal error included.
func TestSecretLeakCLIOnATerminal(t *testing.T) {
	requireKeyring(t)
	h := hubtest.New(hubtest.Options{Grace: time.Hour})
	defer h.Close()
	o := oktatest.New(oktatest.Options{})
	defer o.Close()
	echo := httptest.NewServer(echoHandler())
	defer echo.Close()
	service := testService(t)
	env := cliEnv(service)
	dir := t.TempDir()
	set := newSecretSet()
	set.add("Hub client secret", h.ClientSecret())
	set.add("Okta API token", o.APIToken())
	var runs []cliRun
	run := func(typed []string, args ...string) cliRun {
		r := runCLIOnTerminal(t, env, typed, append([]string{"--data-dir", dir}, args...)...)
		runs = append(runs, r)
		return r
	}
	if r := run([]string{h.ClientSecret(), o.APIToken()}, "profile", "add", "--name", "Fabrikam", "--hub-url", h.URL(),
		"--scim-url", h.SCIMBase(), "--token-url", h.TokenURL(), "--client-id", h.ClientID(), "--okta-org", o.URL(),
		"--okta-app-id", oktatest.Org2OrgAppID, "--okta-app-name", oktatest.Org2OrgAppName,
		"--client-secret-stdin", "--okta-token-stdin"); r.code != 0 {
		t.Fatalf("profile add: exit %d: %s", r.code, clip(set.redact(r.stdout)))
	}
	p := profileNamed(t, dir, "Fabrikam")
	defer cleanupKeychain(t, service, p.ID)
	if r := run(nil, "renew", "--profile", "Fabrikam"); r.code != 0 {
		t.Fatalf("renew: exit %d: %s", r.code, clip(set.redact(r.stdout)))
	}
	cur, err := secrets.New(service, 10*time.Second).Get(p.ID, secrets.KindTokenCurrent)
	if err != nil {
		t.Fatal(err)
	}
	set.add("current token", cur)

	run([]string{cur}, "verify", "--profile", "Fabrikam")
	if r := run([]string{cur}, "verify", "--scim-url", echo.URL+"/scim/v2"); r.code == 0 {
		t.Fatal("the echo server's SCIM endpoint accepted the token")
	}
	// The token endpoint moves to the echoing server, the Client Secret typed again for it: the renewal
	// fails there, and its stored error is shown by status.
	if r := run([]string{h.ClientSecret()}, "profile", "edit", "Fabrikam", "--token-url", echo.URL+"/oauth2/token",
		"--client-secret-stdin"); r.code != 0 {
		t.Fatalf("profile edit: exit %d: %s", r.code, clip(set.redact(r.stdout)))
	}
	if r := run(nil, "renew", "--profile", "Fabrikam"); r.code == 0 {
		t.Fatal("a renewal against the echoing token endpoint succeeded")
	}
	st := run(nil, "status", "--profile", "Fabrikam")
	if !strings.Contains(st.stdout, "last error") {
		t.Fatalf("status shows no stored error: %s", clip(set.redact(st.stdout)))
	}
	run(nil, "status", "--json")

	var hits []string
	for i, r := range runs {
		where := "terminal of run " + string(rune('1'+i)) + " (" + strings.Join(r.args[3:min(len(r.args), 5)], " ") + ")"
		for _, h := range set.findString(r.stdout) {
			hits = append(hits, where+": "+h)
		}
		if i := strings.IndexAny(r.stdout, "\x1b\x07\u009b"); i >= 0 {
			hits = append(hits, where+": a control character from the server: "+clip(r.stdout[max(0, i-40):]))
		}
	}
	fileHits, files, size := set.scanTree(t, dir)
	hits = append(hits, fileHits...)
	hits = append(hits, storedErrorDirt(t, dir, p.ID)...)
	t.Logf("scanned %d terminal sessions and %d files (%d bytes) for %d secrets", len(runs), files, size, set.len())
	for _, h := range hits {
		t.Errorf("found: %s", h)
	}
}

// storedErrorDirt checks the renewal error the database keeps: there is one, and it holds no control
// character (the secrets themselves are covered by the file scan).
func storedErrorDirt(t *testing.T, dir, profileID string) []string {
	t.Helper()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	r, err := st.OpenRenewal(context.Background(), profileID)
	switch {
	case err != nil:
		return []string{"no unfinished renewal keeps the failed create's error: " + err.Error()}
	case r.LastError == "":
		return []string{"the failed renewal stored no error"}
	case strings.ContainsAny(r.LastError, "\x1b\x07\u009b"):
		return []string{"the stored renewal error keeps a control character: " + clip(r.LastError)}
	}
	t.Logf("stored renewal error: %s", clip(r.LastError))
	return nil
}
