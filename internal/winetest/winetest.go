// Package winetest tells a test whether it runs under Wine, so that a test can skip for a limit of
// Wine's (not of Windows) and say which. It is for tests only: the app behaves the same under Wine
// and on Windows, and nothing outside _test.go files may import this package.
//
// Every skip goes through Skip, which names the Wine limit; docs/windows.md lists each one as
// "real Windows only".
package winetest

import "testing"

// Under reports whether this process is a Windows program running under Wine. It asks ntdll for
// wine_get_version, which only Wine exports; an environment variable could be set on real Windows too.
func Under() bool { return underWine() }

// The Wine 8 limits tests run into, worded once so docs/windows.md can list each.
const (
	// NoFileDACL: Wine accepts SetSecurityInfo on a file but keeps nothing; reading the DACL back gives
	// one made up from the Unix mode bits.
	NoFileDACL = "Wine 8 keeps no security descriptor for a file (it makes one up from the Unix mode bits), so an owner-only DACL cannot be read back"
	// NoSymlinks: CreateSymbolicLinkW reports success and creates nothing, and Unix links are followed.
	NoSymlinks = "Wine 8 creates no symbolic link (CreateSymbolicLinkW does nothing) and follows Unix ones, so refusing a link or reparse point cannot be tried"
	// NoConsoleCtrl: GenerateConsoleCtrlEvent fails with ERROR_INVALID_ACCESS.
	NoConsoleCtrl = "Wine 8 sends no console control event (GenerateConsoleCtrlEvent fails with ERROR_INVALID_ACCESS), so Ctrl+Break cannot interrupt a command"
	// NoUnixSockets: socket(AF_UNIX) fails with WSAEAFNOSUPPORT.
	NoUnixSockets = "Wine 8 has no AF_UNIX sockets (WSAEAFNOSUPPORT), so the single-instance hand-over cannot run"
	// NoLinuxTools: a Windows program under Wine cannot start the Linux tools (xdotool, xclip) that type
	// into a real X window; the keyboard is tested through Fyne's test driver under Wine as well.
	NoLinuxTools = "a Windows program under Wine cannot start Linux's xdotool and xclip, so keys cannot be typed into the real window"
)

// Limit reports whether t runs under Wine and, if so, logs the Wine limit; a test uses it to leave
// out the one check Wine cannot make and keep the rest.
func Limit(t testing.TB, limit string) bool {
	t.Helper()
	if Under() {
		t.Logf("Wine limit, real Windows only: %s", limit)
		return true
	}
	return false
}

// Skip skips t when it runs under Wine, naming the Wine limit that makes the test meaningless there.
// Elsewhere (Linux, macOS, real Windows) it does nothing, so the test runs.
func Skip(t testing.TB, limit string) {
	t.Helper()
	if Under() {
		t.Skipf("Wine limit, real Windows only: %s", limit)
	}
}
