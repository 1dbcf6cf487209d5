//go:build windows

package desktop

import (
	"os"
	"runtime"
	"syscall"
	"unsafe"

	"golang.org/x/sys/windows"
)

// exitSignals are what Go's console control handler (SetConsoleCtrlHandler) turns the console's events
// into: Ctrl-C and Ctrl-Break become SIGINT; the console closing, logoff and shutdown become SIGTERM,
// and for those Go holds the handler (Windows ends the process when it returns) while the program
// cleans up. A window app has no console: Windows tells it the session ends with WM_QUERYENDSESSION and
// WM_ENDSESSION instead, which watchSessionEnd receives.
var exitSignals = []os.Signal{os.Interrupt, syscall.SIGTERM}

var (
	user32               = windows.NewLazySystemDLL("user32.dll")
	procRegisterClassExW = user32.NewProc("RegisterClassExW")
	procCreateWindowExW  = user32.NewProc("CreateWindowExW")
	procDefWindowProcW   = user32.NewProc("DefWindowProcW")
	procGetMessageW      = user32.NewProc("GetMessageW")
	procDispatchMessageW = user32.NewProc("DispatchMessageW")
	procPostMessageW     = user32.NewProc("PostMessageW")
	procDestroyWindow    = user32.NewProc("DestroyWindow")
)

const (
	wmDestroy          = 0x0002
	wmClose            = 0x0010
	wmQueryEndSession  = 0x0011
	wmEndSession       = 0x0016
	wmQuit             = 0x0012
	sessionWindowClass = "SCIMRenewSessionEnd"
)

type wndClassEx struct {
	size       uint32
	style      uint32
	wndProc    uintptr
	clsExtra   int32
	wndExtra   int32
	instance   windows.Handle
	icon       windows.Handle
	cursor     windows.Handle
	background windows.Handle
	menuName   *uint16
	className  *uint16
	iconSm     windows.Handle
}

type msg struct {
	hwnd    windows.HWND
	message uint32
	wParam  uintptr
	lParam  uintptr
	time    uint32
	pt      struct{ x, y int32 }
}

// watchSessionEnd runs a hidden top-level window on a thread of its own (message-only windows do not
// receive the session messages): when Windows ends the session, onEnd runs before WM_ENDSESSION is
// answered, since Windows may end the process as soon as it is. It returns a function that closes the
// window. If the window cannot be made, the session's end goes unwatched.
func watchSessionEnd(onEnd func()) func() {
	hwndc := make(chan windows.HWND, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		proc := windows.NewCallback(func(hwnd windows.HWND, m uint32, wp, lp uintptr) uintptr {
			switch m {
			case wmQueryEndSession:
				return 1 // the session may end
			case wmEndSession:
				if wp != 0 {
					onEnd()
				}
				return 0
			case wmClose:
				procDestroyWindow.Call(uintptr(hwnd))
				return 0
			case wmDestroy:
				procPostMessageW.Call(0, wmQuit, 0, 0)
				return 0
			}
			r, _, _ := procDefWindowProcW.Call(uintptr(hwnd), uintptr(m), wp, lp)
			return r
		})
		name, _ := windows.UTF16PtrFromString(sessionWindowClass)
		var inst windows.Handle
		_ = windows.GetModuleHandleEx(0, nil, &inst)
		wc := wndClassEx{wndProc: proc, instance: inst, className: name}
		wc.size = uint32(unsafe.Sizeof(wc))
		procRegisterClassExW.Call(uintptr(unsafe.Pointer(&wc)))
		h, _, _ := procCreateWindowExW.Call(0, uintptr(unsafe.Pointer(name)), uintptr(unsafe.Pointer(name)), 0,
			0, 0, 0, 0, 0, 0, uintptr(inst), 0)
		hwndc <- windows.HWND(h)
		if h == 0 {
			return
		}
		var m msg
		for {
			r, _, _ := procGetMessageW.Call(uintptr(unsafe.Pointer(&m)), 0, 0, 0)
			if int32(r) <= 0 {
				return
			}
			procDispatchMessageW.Call(uintptr(unsafe.Pointer(&m)))
		}
	}()
	hwnd := <-hwndc
	return func() {
		if hwnd != 0 {
			procPostMessageW.Call(uintptr(hwnd), wmClose, 0, 0)
		}
	}
}
