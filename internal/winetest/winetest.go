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

// Skip skips t when it runs under Wine, naming the Wine limit that makes the test meaningless there.
// Elsewhere (Linux, macOS, real Windows) it does nothing, so the test runs.
func Skip(t testing.TB, limit string) {
	t.Helper()
	if Under() {
		t.Skipf("Wine limit, real Windows only: %s", limit)
	}
}
