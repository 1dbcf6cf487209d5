//go:build unix

package renewal

import (
	"os"
	"os/exec"
	"syscall"
)

// killSelf ends this process at once, as a crash or a power cut would: no deferred call runs.
func killSelf() { _ = syscall.Kill(os.Getpid(), syscall.SIGKILL) }

// killChild kills a running child the same way.
func killChild(cmd *exec.Cmd) { _ = cmd.Process.Signal(syscall.SIGKILL) }

// killed reports whether the child died by that kill.
func killed(cmd *exec.Cmd) bool {
	ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}
