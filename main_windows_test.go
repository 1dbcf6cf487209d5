package main

import (
	"os/exec"
	"testing"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	user32            = windows.NewLazySystemDLL("user32.dll")
	procFindWindowW   = user32.NewProc("FindWindowW")
	procIsWindowVisib = user32.NewProc("IsWindowVisible")
	procPostMessageW  = user32.NewProc("PostMessageW")
)

// requireDesktop: Windows always has one.
func requireDesktop(*testing.T) {}

func findWindow(title string) uintptr {
	p, err := windows.UTF16PtrFromString(title)
	if err != nil {
		return 0
	}
	hwnd, _, _ := procFindWindowW.Call(0, uintptr(unsafe.Pointer(p)))
	return hwnd
}

// windowShown reports whether a visible top-level window has exactly that title.
func windowShown(title string) bool {
	hwnd := findWindow(title)
	if hwnd == 0 {
		return false
	}
	visible, _, _ := procIsWindowVisib.Call(hwnd)
	return visible != 0
}

// askToQuit closes the app's window as its close button would (WM_CLOSE); Windows has no SIGTERM.
func askToQuit(*exec.Cmd) {
	const wmClose = 0x0010
	if hwnd := findWindow("SCIM Renew"); hwnd != 0 {
		_, _, _ = procPostMessageW.Call(hwnd, wmClose, 0, 0)
	}
}
