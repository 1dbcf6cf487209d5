//go:build !(linux || freebsd || openbsd || netbsd || dragonfly || darwin || windows)

package desktop

import (
	"context"
	"errors"
	"net/url"
)

// Any other system: no known notification service, tray, opener or login entry.

var errNoOpener = errors.New("this system has no known way to open links")

func prepareNotification(_ context.Context, title, body string) (string, string, error) {
	return title, body, nil
}

func trayAvailable(context.Context) (bool, string) {
	return false, "this system has no tray SCIM Renew knows how to use"
}

func openURL(*url.URL) error                 { return errNoOpener }
func openFile(string) error                  { return errNoOpener }
func autostartPath() (string, error)         { return "", ErrUnsupported }
func enableAutostart(string, []string) error { return ErrUnsupported }
func disableAutostart() error                { return ErrUnsupported }
func autostartEnabled() bool                 { return false }
