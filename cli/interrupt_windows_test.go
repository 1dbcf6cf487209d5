package cli_test

import (
	"os/exec"
	"syscall"

	"golang.org/x/sys/windows"
)

var allocConsole = windows.NewLazySystemDLL("kernel32.dll").NewProc("AllocConsole")

// interruptible starts cmd in a process group of its own, so interrupt can reach it alone, on this
// test's console: Ctrl+Break travels through a console, and a test run without one (CI, a service)
// would otherwise start the command on a console of its own, out of reach.
func interruptible(cmd *exec.Cmd) {
	_, _, _ = allocConsole.Call() // fails harmlessly when there is one already
	cmd.SysProcAttr = &syscall.SysProcAttr{CreationFlags: windows.CREATE_NEW_PROCESS_GROUP}
}

// interrupt sends Ctrl+Break to the command's process group, as Ctrl+C in its console would; Go
// delivers it as os.Interrupt. Windows has no SIGTERM.
func interrupt(cmd *exec.Cmd) error {
	return windows.GenerateConsoleCtrlEvent(windows.CTRL_BREAK_EVENT, uint32(cmd.Process.Pid))
}
