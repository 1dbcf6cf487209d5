//go:build unix

package cli_test

import (
	"os/exec"
	"syscall"
)

// interruptible prepares cmd for interrupt; Unix needs nothing.
func interruptible(*exec.Cmd) {}

// interrupt asks a running command to stop as a logout or `kill` would (SIGTERM).
func interrupt(cmd *exec.Cmd) error { return cmd.Process.Signal(syscall.SIGTERM) }
