package main

import (
	"os/exec"
	"testing"
	"unsafe"

	"golang.org/x/sys/windows"
)

// user32 is graphics_windows.go's.
var (
	procFindWindowW   = user32.NewProc("FindWindowW")
	procIsWindowVisib = user32.NewProc("IsWindowVisible")
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

// askToQuit ends the app at once, which is what SIGTERM does to it on Unix (it installs no handler).
// Closing its window (WM_CLOSE) would be gentler, but under Wine 8 the app then crashes in the OpenGL
// teardown; that path is left to a real Windows.
func askToQuit(cmd *exec.Cmd) { _ = cmd.Process.Kill() }
