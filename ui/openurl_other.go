//go:build !(linux || freebsd || openbsd || netbsd)

package ui

import (
	"net/url"

	"fyne.io/fyne/v2"
)

// defaultOpener is the app's OpenURL: on macOS it waits for "open" and reports its failure.
func defaultOpener(a fyne.App) func(*url.URL) error { return appOpener(a) }
