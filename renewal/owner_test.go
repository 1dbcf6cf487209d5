package renewal

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"testing"
)

// envOwnerChild makes this test binary a helper process for the owner tests (see TestOwnerChild).
const envOwnerChild = "SCIMRENEW_OWNER_CHILD"

// TestOwnerChild is the helper process of the owner tests: it waits for its stdin to close, so the
// test decides when it ends. On its own it skips.
func TestOwnerChild(t *testing.T) {
	if os.Getenv(envOwnerChild) != "wait" {
		t.Skip("helper process of the owner tests")
	}
	_, _ = io.Copy(io.Discard, os.Stdin)
	os.Exit(0)
}

// ownerProcess starts a helper process. A waiting one runs until the test ends; another one has
// ended when ownerProcess returns, but a handle to it is still open (on Windows the process object then
// lives on, as it does while any program holds a handle to a crashed window).
func ownerProcess(t *testing.T, wait bool) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestOwnerChild$", "-test.count=1")
	if wait {
		cmd.Env = append(os.Environ(), envOwnerChild+"=wait")
		stdin, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = stdin.Close(); _ = cmd.Wait() })
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if !wait {
		holdProcessHandle(t, cmd.Process.Pid)
		if err := cmd.Wait(); err != nil {
			t.Fatal(err)
		}
	}
	return cmd.Process.Pid
}

func TestDeadLocalOwner(t *testing.T) {
	host, _ := os.Hostname()
	ended, alive := ownerProcess(t, false), ownerProcess(t, true)
	for _, tc := range []struct {
		owner string
		dead  bool
	}{
		{fmt.Sprintf("SCIM Renew [pid %d on %s]", ended, host), true},
		{fmt.Sprintf("SCIM Renew [pid %d on %s]", alive, host), false},
		{fmt.Sprintf("SCIM Renew [pid %d on another-host]", ended), false},
		{fmt.Sprintf("SCIM Renew [pid %d on %s]", os.Getpid(), host), false},
		{fmt.Sprintf("SCIM Renew [pid x%d on %s]", ended, host), false},
		{"SCIM Renew", false},
	} {
		if got := deadLocalOwner(tc.owner); got != tc.dead {
			t.Errorf("deadLocalOwner(%q) = %v, want %v", tc.owner, got, tc.dead)
		}
	}
}
