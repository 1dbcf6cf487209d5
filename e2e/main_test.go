package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// envChild makes the test binary run one child role instead of the tests (see runChild).
const envChild = "SCIMRENEW_E2E_CHILD"

// cliBin is the scimrenew binary TestMain built for the command-line tests; cliBuildErr says why there
// is none.
var (
	cliBin      string
	cliBuildErr error
)

func TestMain(m *testing.M) {
	if role := os.Getenv(envChild); role != "" {
		os.Exit(runChild(role))
	}
	dir, err := os.MkdirTemp("", "scimrenew-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(1)
	}
	cliBin, cliBuildErr = buildCLI(dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// envAppBin names the app built beforehand (scripts/test-windows.sh builds the console exe for Windows,
// where the tests run under Wine without a Go toolchain); TestMain then builds nothing.
const envAppBin = "SCIMRENEW_TEST_APP_BIN"

// buildCLI builds the app (module root, cgo and Fyne) without -race: the command-line tests only drive
// it from outside. A warm build cache makes it a few seconds; a cold one several minutes.
func buildCLI(dir string) (string, error) {
	if bin := os.Getenv(envAppBin); bin != "" {
		return bin, nil
	}
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Dir(filepath.Dir(file))
	bin := filepath.Join(dir, "scimrenew")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = root
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build of the app failed after %s: %v\n%s", time.Since(start).Round(time.Second), err, out.String())
	}
	return bin, nil
}

// needCLI returns the built binary, failing the test when the build failed.
func needCLI(t *testing.T) string {
	t.Helper()
	if cliBuildErr != nil {
		t.Fatalf("the command-line tests need the app binary: %v", cliBuildErr)
	}
	return cliBin
}

// requireKeyring skips a test that needs a real Secret Service when none is there, except in CI, where
// its absence is a failure (scripts/with-keyring.sh provides one and sets SCIMRENEW_TEST_KEYRING=1).
func requireKeyring(t *testing.T) {
	t.Helper()
	if os.Getenv("SCIMRENEW_TEST_KEYRING") == "1" {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CI must run this test against a real keychain: run it under scripts/with-keyring.sh")
	}
	t.Skip("needs a real keychain (Secret Service): run under scripts/with-keyring.sh go test ./e2e/")
}

// runChild runs one child role of a multi-process test and returns its exit code.
func runChild(role string) int {
	switch role {
	case "leak":
		return leakChild()
	case "race":
		return raceChild()
	}
	fmt.Fprintf(os.Stderr, "e2e child: unknown role %q\n", role)
	return 2
}
