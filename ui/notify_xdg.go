//go:build linux || freebsd || openbsd || netbsd

package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"

	"github.com/godbus/dbus/v5"
)

// sessionBus opens a private connection to the session bus that lives by ctx, so a D-Bus peer that
// does not answer cannot hang the caller, and the shared connection the keychain uses is left alone.
func sessionBus(ctx context.Context) (*dbus.Conn, error) {
	addr := os.Getenv("DBUS_SESSION_BUS_ADDRESS")
	if addr == "" {
		return nil, errors.New("there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)")
	}
	return dbus.Connect(addr, dbus.WithContext(ctx))
}

// notifyPreflight asks the notification server for its capabilities: Fyne's SendNotification reports
// no failure, so without this a reminder would be marked shown when no server took it. Inside Flatpak
// the portal delivers notifications, so there is nothing to check.
func notifyPreflight(ctx context.Context) (markup bool, err error) {
	if os.Getenv("FLATPAK_ID") != "" {
		return false, nil
	}
	c, err := sessionBus(ctx)
	if err != nil {
		return false, fmt.Errorf("desktop notifications cannot be shown: %w", err)
	}
	defer c.Close()
	var caps []string
	err = c.Object("org.freedesktop.Notifications", "/org/freedesktop/Notifications").
		CallWithContext(ctx, "org.freedesktop.Notifications.GetCapabilities", 0).Store(&caps)
	var de dbus.Error
	switch {
	case errors.As(err, &de) && de.Name == "org.freedesktop.DBus.Error.ServiceUnknown":
		return false, errors.New("no notification service is running on this desktop, so reminders cannot pop up; " +
			"start your desktop's own, or install one such as dunst or notification-daemon")
	case err != nil:
		return false, fmt.Errorf("the desktop's notification service did not answer: %w", err)
	}
	return slices.Contains(caps, "body-markup"), nil
}
