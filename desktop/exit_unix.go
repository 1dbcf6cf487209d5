//go:build !windows

package desktop

import (
	"os"
	"syscall"
)

// exitSignals are the signals by which the system or the user asks the program to end: kill's default,
// Ctrl-C at a terminal, and the terminal or session going away.
var exitSignals = []os.Signal{syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP}

// watchSessionEnd: the end of a Unix session reaches the program as SIGTERM or SIGHUP.
func watchSessionEnd(func()) func() { return func() {} }
