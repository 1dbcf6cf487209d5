package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"scimrenew/applog"
	"scimrenew/store"
)

// TestSecretLeakSandbox runs a whole sandbox session with debug logging in a child process (see
// leakChild) and searches everything it could have written for every secret it met — the old and new
// tokens of both demo profiles, both client secrets and the Okta API token — raw, base64 (standard and
// URL, any alignment) and URL-encoded: every file under the data dir (database, WAL, log), every file
// under the child's home (where Fyne would keep its preferences), its stdout (the test's own output
// and the notifications) and stderr (the debug log's mirror), and its argv and environment as the
// kernel shows them. There must be no hit.
func TestSecretLeakSandbox(t *testing.T) {
	dir, home := t.TempDir(), t.TempDir()
	// The child hands its secrets over on a loopback connection: a channel that is none of the outputs
	// under scan and that works on every OS (an inherited pipe, cmd.ExtraFiles, does not on Windows).
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = childEnv(home, envChild+"=leak", envLeakDir+"="+dir, envLeakAddr+"="+ln.Addr().String())
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	found := map[string]string{}
	decodeErr := receiveSecrets(ln, found)
	procArgs, procEnv := procFile(cmd.Process.Pid, "cmdline"), procFile(cmd.Process.Pid, "environ")
	stdin.Close()
	waitErr := cmd.Wait()
	if decodeErr != nil || waitErr != nil {
		// Only the child's own failure line: the rest of its output is what is under suspicion.
		t.Fatalf("the sandbox session failed (%v, %v): %s", decodeErr, waitErr, failureLine(stdout.String()))
	}
	set := newSecretSet()
	for name, v := range found {
		set.add(name, v)
	}
	if set.len() < 6 { // old and new token of each profile, the client secret (the demo Hubs share it), the Okta token
		t.Fatalf("only %d secrets were handed over; the scan would prove little", set.len())
	}
	log := checkSessionLog(t, dir, stderr.Bytes())
	checkScannedTheRightPlace(t, dir, found)
	var hits []string
	report := func(where string, data []byte) {
		for _, h := range set.find(data) {
			hits = append(hits, where+": "+h)
		}
	}
	report("stdout", stdout.Bytes())
	if i := bytes.IndexAny(stdout.Bytes(), "\x1b\x07"); i >= 0 {
		hits = append(hits, "stdout: a control character a server sent: "+clip(stdout.String()[max(0, i-60):]))
	}
	if !bytes.Contains(stdout.Bytes(), []byte("The Hub said")) || !bytes.Contains(stdout.Bytes(), []byte("capture card: ")) {
		t.Errorf("the session did not go through the echoing Hub's quoted error and the capture card")
	}
	report("stderr", stderr.Bytes())
	report("argv", procArgs)
	report("environment", procEnv)
	report("argv (exec)", []byte(strings.Join(cmd.Args, "\x00")))
	report("environment (exec)", []byte(strings.Join(cmd.Env, "\x00")))
	dataHits, files, size := set.scanTree(t, dir)
	homeHits, homeFiles, homeSize := set.scanTree(t, home)
	for _, h := range dataHits {
		hits = append(hits, "data dir/"+h)
	}
	for _, h := range homeHits {
		hits = append(hits, "home/"+h)
	}
	t.Logf("scanned for %d secrets in %d encodings each: %d files (%d bytes) in the data dir, %d files (%d bytes) "+
		"in the home, %d bytes of stdout, %d of stderr, the log (%d bytes), argv and environment",
		set.len(), len(set.needles())/set.len(), files, size, homeFiles, homeSize, stdout.Len(), stderr.Len(), len(log))
	for _, h := range hits {
		t.Errorf("secret found: %s", h)
	}
}

// checkSessionLog returns the session's log after checking it was kept in debug mode (each record with
// its source line, mirrored to stderr) and that the redacting handler never had to blank anything.
func checkSessionLog(t *testing.T, dir string, stderr []byte) []byte {
	t.Helper()
	log, err := os.ReadFile(filepath.Join(dir, applog.FileName))
	if err != nil || !bytes.Contains(log, []byte("source=")) || !bytes.Contains(stderr, []byte("renewal done")) {
		t.Fatalf("the session did not log in debug mode to the file and stderr (%v)", err)
	}
	// The redacting handler is a net, not a licence: no log line should have needed it. A server's own
	// words quoted in an error ("The Hub said: ...") were scrubbed before they were logged, and may hold
	// the placeholder for what the server echoed.
	n := 0
	for _, line := range bytes.Split(log, []byte("\n")) {
		if !bytes.Contains(line, []byte("The Hub said")) {
			n += bytes.Count(line, []byte(applog.Redacted))
		}
	}
	if n > 0 {
		t.Errorf("%d log attributes were blanked by the redacting handler: some code logs under a secret's name", n)
	}
	return log
}

// checkScannedTheRightPlace is the scan's positive control: the database under the data dir records
// each new token by its fingerprint, so it is the database the session used.
func checkScannedTheRightPlace(t *testing.T, dir string, found map[string]string) {
	t.Helper()
	db, err := os.ReadFile(filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range found {
		if strings.HasPrefix(name, "new token") && !bytes.Contains(db, []byte(store.Fingerprint(v))) {
			t.Errorf("the database does not record the %s by fingerprint: the scan looked in the wrong place", name)
		}
	}
}

// childEnv is the test's environment with a throw-away home (so anything written to the user's config,
// Fyne preferences included, lands where the scan looks) and the given extra variables.
// receiveSecrets takes the leak child's one connection and decodes what it sends into found.
func receiveSecrets(ln net.Listener, found map[string]string) error {
	_ = ln.(*net.TCPListener).SetDeadline(time.Now().Add(3 * time.Minute))
	conn, err := ln.Accept()
	if err != nil {
		return err
	}
	defer conn.Close()
	return json.NewDecoder(conn).Decode(&found)
}

func childEnv(home string, extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME":
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"XDG_DATA_HOME="+filepath.Join(home, ".local", "share"), "XDG_CACHE_HOME="+filepath.Join(home, ".cache"))
	return append(env, extra...)
}

// procFile reads /proc/PID/name: the argv or environment of a running process as the kernel keeps it.
func procFile(pid int, name string) []byte {
	if runtime.GOOS != "linux" {
		return nil
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/%s", pid, name))
	if err != nil {
		return []byte("unreadable: " + err.Error())
	}
	return b
}

// failureLine is the child's "LEAK CHILD FAILED" line, clipped.
func failureLine(out string) string {
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "LEAK CHILD FAILED") {
			return clip(line)
		}
	}
	return "(no failure line)"
}
