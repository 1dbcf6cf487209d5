//go:build !(linux || freebsd || openbsd || netbsd)

package ui

import "context"

// probeTrayHost: macOS's menu bar and Windows' notification area always show tray icons.
func probeTrayHost(context.Context) (bool, string) { return true, "" }
