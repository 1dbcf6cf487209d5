package hub

import "golang.org/x/sys/windows"

// Winsock's codes for the failures netclass.go sorts.
var (
	osErrsRefused = []error{windows.WSAECONNREFUSED}
	osErrsNoRoute = []error{windows.WSAENETUNREACH, windows.WSAEHOSTUNREACH}
	osErrsBroken  = []error{
		windows.WSAECONNRESET, windows.WSAECONNABORTED, windows.WSAESHUTDOWN,
		windows.ERROR_NETNAME_DELETED,
	}
)
