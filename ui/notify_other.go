//go:build !(linux || freebsd || openbsd || netbsd)

package ui

import "context"

// notifyPreflight has nothing to check here: macOS and Windows always have a notification centre.
func notifyPreflight(context.Context) (bool, error) { return false, nil }
