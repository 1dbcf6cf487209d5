//go:build unix

package renewal

import (
	"errors"
	"os"
	"syscall"
)

// processAlive reports whether a process with that pid exists, by sending it signal 0. Where the OS
// cannot say, it answers true, so a lease is never taken from a live owner.
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || !errors.Is(err, os.ErrProcessDone)
}
