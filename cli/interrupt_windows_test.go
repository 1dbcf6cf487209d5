package cli_test

import (
	"os/exec"
	"syscall"

	"golang.org/x/sys/windows"
)

// interruptible starts cmd in a process group of its own, so interrupt can reach it alone.
func interruptible(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{CreationFlags: windows.CREATE_NEW_PROCESS_GROUP}
}

// interrupt sends Ctrl+Break to the command's process group, as Ctrl+C in its console would; Go
// delivers it as os.Interrupt. Windows has no SIGTERM.
func interrupt(cmd *exec.Cmd) error {
	return windows.GenerateConsoleCtrlEvent(windows.CTRL_BREAK_EVENT, uint32(cmd.Process.Pid))
}
