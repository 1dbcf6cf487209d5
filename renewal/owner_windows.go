package renewal

import (
	"errors"

	"golang.org/x/sys/windows"
)

// processAlive reports whether the process with that pid still runs. Windows has no signal 0, and a
// process that ended lives on as an object while anyone holds a handle to it, so its exit status
// decides: it is alive only while waiting on it would block. A pid no process has is dead; anything
// else it cannot tell (another user's process) is alive, so a lease is never taken from a live owner.
func processAlive(pid int) bool {
	h, err := windows.OpenProcess(windows.SYNCHRONIZE|windows.PROCESS_QUERY_LIMITED_INFORMATION, false, uint32(pid))
	if errors.Is(err, windows.ERROR_INVALID_PARAMETER) {
		return false
	}
	if err != nil {
		return true
	}
	defer windows.CloseHandle(h)
	event, err := windows.WaitForSingleObject(h, 0)
	return err != nil || event != windows.WAIT_OBJECT_0
}
