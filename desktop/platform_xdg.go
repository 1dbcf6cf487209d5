//go:build linux || freebsd || openbsd || netbsd || dragonfly

package desktop

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"github.com/godbus/dbus/v5"
	"github.com/rymdport/portal/openuri"
)

// Linux and the BSDs: notifications and the tray over D-Bus, links and files through xdg-open (the
// portal inside Flatpak), start at login through an XDG autostart file.

// inFlatpak reports a Flatpak sandbox, where the portal shows notifications and opens links.
func inFlatpak() bool { return os.Getenv("FLATPAK_ID") != "" }

// prepareNotification checks that a notification server runs (inside Flatpak the portal delivers
// notifications, so there is nothing to check) and escapes the body if the server reads markup.
func prepareNotification(ctx context.Context, title, body string) (string, string, error) {
	if inFlatpak() {
		return title, body, nil
	}
	markup, err := notificationServer(ctx)
	if err != nil {
		return "", "", err
	}
	if markup {
		body = escapeMarkup(body)
	}
	return title, body, nil
}

// trayAvailable: Fyne's tray is a StatusNotifierItem, which appears only when a host (KDE, XFCE, GNOME
// with the AppIndicator extension...) has registered with the org.kde.StatusNotifierWatcher on the
// session bus. Stock GNOME has none.
func trayAvailable(ctx context.Context) (bool, string) {
	const noHost = "your desktop shows no tray icons (no StatusNotifierItem host, as on stock GNOME without the AppIndicator extension)"
	c, err := sessionBus(ctx, "")
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

// openURL runs xdg-open and waits for its verdict; inside Flatpak the OpenURI portal is the way out.
func openURL(u *url.URL) error {
	if inFlatpak() {
		return openuri.OpenURI("", u.String(), nil)
	}
	return launch("browser", "xdg-open", u.String())
}

// openFile runs xdg-open on the file; inside Flatpak the portal takes the open file itself, as its
// OpenURI refuses file:// URLs.
func openFile(path string) error {
	if !inFlatpak() {
		return launch("app for this file", "xdg-open", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("the file cannot be read: %w", err)
	}
	defer f.Close()
	return openuri.OpenFile("", f.Fd(), nil)
}

// autostartPath is $XDG_CONFIG_HOME/autostart/io.scimrenew.app.desktop; a relative XDG_CONFIG_HOME is
// ignored, as the XDG Base Directory Specification requires.
func autostartPath() (string, error) {
	dir := os.Getenv("XDG_CONFIG_HOME")
	if !filepath.IsAbs(dir) {
		home, err := os.UserHomeDir()
		if err != nil || home == "" {
			return "", errors.New("desktop: neither XDG_CONFIG_HOME nor HOME is set, so there is no place for the login entry")
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "autostart", AppID+".desktop"), nil
}

func enableAutostart(execPath string, args []string) error {
	p, err := autostartPath()
	if err != nil {
		return err
	}
	return writeFileAtomic(p, []byte(DesktopEntry(execPath, args...)))
}

func disableAutostart() error {
	p, err := autostartPath()
	if err != nil {
		return err
	}
	return removeFile(p)
}

// autostartEnabled: an entry switched off in the desktop's own settings (GNOME writes Hidden=true or
// X-GNOME-Autostart-enabled=false into it) does not count.
func autostartEnabled() bool {
	p, err := autostartPath()
	if err != nil {
		return false
	}
	b, err := os.ReadFile(p)
	return err == nil && !entryDisabled(string(b))
}
