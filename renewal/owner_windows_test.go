package renewal

import (
	"testing"

	"golang.org/x/sys/windows"
)

// holdProcessHandle keeps a handle to the process open until the test ends, so its process object
// outlives it.
func holdProcessHandle(t *testing.T, pid int) {
	t.Helper()
	h, err := windows.OpenProcess(windows.SYNCHRONIZE|windows.PROCESS_QUERY_LIMITED_INFORMATION, false, uint32(pid))
	if err != nil {
		t.Fatalf("open a handle to process %d: %v", pid, err)
	}
	t.Cleanup(func() { _ = windows.CloseHandle(h) })
}
