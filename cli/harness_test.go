package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"scimrenew/cli"
	"scimrenew/secrets"
	"scimrenew/store"
)

// The command line under test is built once per run, when a test first needs it (so -list and the
// in-process fuzz targets build nothing): cli/internal/testmain, which calls cli.Main exactly as main.go
// does but without building Fyne. It is built with -race when the tests are.
var (
	buildOnce sync.Once
	buildDir  string
	binary    string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		_ = os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// envCLIBin names a command line built beforehand (scripts/test-windows.sh builds it for Windows,
// where the tests run under Wine without a Go toolchain); the tests then build nothing.
const envCLIBin = "SCIMRENEW_TEST_CLI_BIN"

func commandLine(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv(envCLIBin); bin != "" {
		return bin
	}
	buildOnce.Do(func() {
		if buildDir, buildErr = os.MkdirTemp("", "scimrenew-cli-test-"); buildErr != nil {
			return
		}
		binary = filepath.Join(buildDir, "scimrenew")
		args := []string{"build", "-o", binary}
		if raceEnabled {
			args = append(args, "-race")
		}
		out, err := exec.Command("go", append(args, "./internal/testmain")...).CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("building the command line: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binary
}

// requireKeyring stops a test that needs a real Secret Service when there is none: a skip on a
// developer's machine, a failure in CI (where scripts/with-keyring.sh must have provided one).
func requireKeyring(t *testing.T) {
	t.Helper()
	if os.Getenv("SCIMRENEW_TEST_KEYRING") == "1" {
		return
	}
	msg := "no real keyring session (SCIMRENEW_TEST_KEYRING is not 1): run under scripts/with-keyring.sh, as `make test` does"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// harness is one test's world: a data dir, a keychain service of its own, and the secrets that must
// never show up in any output or any file of the data dir.
type harness struct {
	t       *testing.T
	dataDir string
	service string
	kc      *secrets.Keychain

	mu      sync.Mutex
	secrets map[string]string // value -> what it is (for the failure message, never the value)
	outputs []string          // everything the command printed
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{
		t: t, dataDir: filepath.Join(t.TempDir(), "data"), service: "io.scimrenew.test." + uuid.NewString(),
		secrets: map[string]string{},
	}
	h.kc = secrets.New(h.service, 0)
	t.Cleanup(h.finish)
	return h
}

// secret registers a value that must never be printed or written to the data dir.
func (h *harness) secret(what, value string) {
	h.t.Helper()
	if value == "" {
		h.t.Fatalf("secret %s is empty", what)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.secrets[value] = what
}

// finish checks every output and every file of the data dir for secrets, then removes the test's
// keychain entries.
func (h *harness) finish() {
	h.mu.Lock()
	outputs := slices.Clone(h.outputs)
	h.mu.Unlock()
	for i, out := range outputs {
		h.assertNoSecret(fmt.Sprintf("output of command %d", i+1), []byte(out))
	}
	_ = filepath.WalkDir(h.dataDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			h.t.Errorf("reading %s: %v", path, err)
			return nil
		}
		h.assertNoSecret("data dir file "+filepath.Base(path), b)
		return nil
	})
	if _, err := os.Stat(filepath.Join(h.dataDir, store.FileName)); err != nil || os.Getenv("SCIMRENEW_TEST_KEYRING") != "1" {
		return
	}
	st, err := store.Open(h.dataDir)
	if err != nil {
		return // a test that broke the database on purpose
	}
	defer st.Close()
	ps, _ := st.Profiles(context.Background())
	for _, p := range ps {
		if err := h.kc.DeleteProfile(p.ID); err != nil {
			h.t.Errorf("removing the keychain entries of %s: %v", p.Name, err)
		}
	}
}

func (h *harness) assertNoSecret(where string, b []byte) {
	h.t.Helper()
	h.mu.Lock()
	defer h.mu.Unlock()
	for v, what := range h.secrets {
		if bytes.Contains(b, []byte(v)) {
			h.t.Errorf("%s contains the %s (%d bytes)", where, what, len(v))
		}
	}
}

// result is one finished command.
type result struct {
	code           int
	stdout, stderr string
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\n--- stdout:\n%s--- stderr:\n%s", r.code, r.stdout, r.stderr)
}

func (h *harness) command(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, commandLine(h.t), append([]string{"--data-dir", h.dataDir}, args...)...)
	cmd.Env = append(os.Environ(), cli.EnvKeyringService+"="+h.service)
	return cmd
}

// run runs the command line with stdin and returns what it did.
func (h *harness) run(stdin string, args ...string) result {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := h.command(ctx, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	res := result{stdout: stdout.String(), stderr: stderr.String()}
	h.record(res.stdout + res.stderr)
	if ee, ok := err.(*exec.ExitError); ok {
		res.code = ee.ExitCode()
	} else if err != nil {
		h.t.Fatalf("running %v: %v", args, err)
	}
	if strings.Contains(res.stderr, "DATA RACE") {
		h.t.Errorf("the command had a data race:\n%s", res.stderr)
	}
	return res
}

func (h *harness) record(out string) {
	h.mu.Lock()
	h.outputs = append(h.outputs, out)
	h.mu.Unlock()
}

// mustRun runs the command and fails the test unless it exits with code.
func (h *harness) mustRun(code int, stdin string, args ...string) result {
	h.t.Helper()
	res := h.run(stdin, args...)
	if res.code != code {
		h.t.Fatalf("scimrenew %s: want exit %d, got:\n%s", strings.Join(args, " "), code, res)
	}
	return res
}

// running is a command that runs on while the test talks to it.
type running struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	lines  chan string
	stderr *bytes.Buffer
	h      *harness
}

func (h *harness) start(args ...string) *running {
	h.t.Helper()
	cmd := h.command(context.Background(), args...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		h.t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		h.t.Fatal(err)
	}
	rn := &running{cmd: cmd, stdin: stdin, lines: make(chan string, 100), stderr: &bytes.Buffer{}, h: h}
	cmd.Stderr = rn.stderr
	interruptible(cmd)
	if err := cmd.Start(); err != nil {
		h.t.Fatal(err)
	}
	go func() {
		defer close(rn.lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			h.record(sc.Text())
			rn.lines <- sc.Text()
		}
	}()
	h.t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return rn
}

// waitFor reads output lines until one contains want, returning what it read.
func (rn *running) waitFor(want string) string {
	rn.h.t.Helper()
	var seen strings.Builder
	timeout := time.After(time.Minute)
	for {
		select {
		case line, ok := <-rn.lines:
			if !ok {
				rn.h.t.Fatalf("the command ended before printing %q:\n%s\nstderr:\n%s", want, seen.String(), rn.stderr)
			}
			seen.WriteString(line + "\n")
			if strings.Contains(line, want) {
				return seen.String()
			}
		case <-timeout:
			rn.h.t.Fatalf("no %q within a minute:\n%s", want, seen.String())
		}
	}
}

// store opens the test's database directly, to arrange dates and check what the command recorded.
func (h *harness) store() *store.Store {
	h.t.Helper()
	st, err := store.Open(h.dataDir)
	if err != nil {
		h.t.Fatal(err)
	}
	return st
}

func (h *harness) profile(name string) store.Profile {
	h.t.Helper()
	st := h.store()
	defer st.Close()
	p, err := st.ProfileByName(context.Background(), name)
	if err != nil {
		h.t.Fatalf("profile %s: %v", name, err)
	}
	return p
}

// decode parses JSON output into a generic value.
func decode(t *testing.T, s string) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
	return v
}

// keysOf returns the sorted keys of a JSON object.
func keysOf(t *testing.T, v any) []string {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("not a JSON object: %#v", v)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// assertKeys checks a JSON object has exactly the documented keys: the --json schema is stable.
func assertKeys(t *testing.T, what string, v any, want ...string) {
	t.Helper()
	sort.Strings(want)
	if got := keysOf(t, v); !slices.Equal(got, want) {
		t.Errorf("%s keys:\n got %v\nwant %v", what, got, want)
	}
}

func contains(t *testing.T, what, s string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(s, w) {
			t.Errorf("%s does not contain %q:\n%s", what, w, s)
		}
	}
}
