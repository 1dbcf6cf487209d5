//go:build linux || freebsd || openbsd || netbsd

package ui

import (
	"context"

	"github.com/godbus/dbus/v5"
)

// probeTrayHost reports whether tray icons can be shown: Fyne's tray is a StatusNotifierItem, which
// appears only when a host (KDE, XFCE, GNOME with the AppIndicator extension...) has registered with
// the org.kde.StatusNotifierWatcher on the session bus. Stock GNOME has none.
func probeTrayHost(ctx context.Context) (bool, string) {
	const noHost = "your desktop shows no tray icons (no StatusNotifierItem host, as on stock GNOME without the AppIndicator extension)"
	c, err := sessionBus(ctx)
	if err != nil {
		return false, "there is no D-Bus session bus to reach a tray"
	}
	defer c.Close()
	var owned bool
	err = c.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, "org.kde.StatusNotifierWatcher").Store(&owned)
	if err != nil || !owned {
		return false, noHost
	}
	var v dbus.Variant
	err = c.Object("org.kde.StatusNotifierWatcher", "/StatusNotifierWatcher").CallWithContext(ctx,
		"org.freedesktop.DBus.Properties.Get", 0, "org.kde.StatusNotifierWatcher", "IsStatusNotifierHostRegistered").Store(&v)
	if err != nil {
		return true, "" // a watcher that cannot say is trusted: watchers exist to serve hosts
	}
	if registered, ok := v.Value().(bool); ok && !registered {
		return false, noHost
	}
	return true, ""
}
