package renewal

import (
	"os/exec"

	"golang.org/x/sys/windows"
)

// exitKilled is the exit code a killed child ends with: Windows has no signals, so TerminateProcess
// sets one that no path of the child's own returns.
const exitKilled = 137

// killSelf ends this process at once, as a crash or a power cut would: no deferred call runs.
func killSelf() { _ = windows.TerminateProcess(windows.CurrentProcess(), exitKilled) }

// killChild kills a running child the same way.
func killChild(cmd *exec.Cmd) {
	h, err := windows.OpenProcess(windows.PROCESS_TERMINATE, false, uint32(cmd.Process.Pid))
	if err != nil {
		_ = cmd.Process.Kill()
		return
	}
	defer windows.CloseHandle(h)
	_ = windows.TerminateProcess(h, exitKilled)
}

// killed reports whether the child died by that kill.
func killed(cmd *exec.Cmd) bool { return cmd.ProcessState.ExitCode() == exitKilled }
