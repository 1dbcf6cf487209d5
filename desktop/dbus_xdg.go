//go:build linux || freebsd || openbsd || netbsd || dragonfly

package desktop

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/godbus/dbus/v5"
)

// The freedesktop Desktop Notifications interface.
const (
	notifyService   = "org.freedesktop.Notifications"
	notifyPath      = "/org/freedesktop/Notifications"
	notifyInterface = "org.freedesktop.Notifications"
)

// ErrNoSessionBus reports that no D-Bus session bus is known, so no notification server can be reached.
var ErrNoSessionBus = errors.New("desktop: there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set), so desktop notifications cannot be shown")

// sessionBus opens a private connection to the session bus at addr (DBUS_SESSION_BUS_ADDRESS when
// empty) that lives by ctx: when ctx ends godbus closes it, which also ends an authentication or a call
// still waiting on a peer that does not answer. Being private, it never disturbs the shared connection
// the keychain uses.
func sessionBus(ctx context.Context, addr string) (*dbus.Conn, error) {
	if addr == "" {
		addr = os.Getenv("DBUS_SESSION_BUS_ADDRESS")
	}
	if addr == "" {
		return nil, ErrNoSessionBus
	}
	return dbus.Connect(addr, dbus.WithContext(ctx))
}

// readsMarkup asks the notification server for its capabilities: whether it reads a body as markup,
// and (as the call fails when none runs) whether there is a server at all.
func readsMarkup(ctx context.Context, c *dbus.Conn) (bool, error) {
	var caps []string
	err := c.Object(notifyService, notifyPath).CallWithContext(ctx, notifyInterface+".GetCapabilities", 0).Store(&caps)
	return slices.Contains(caps, "body-markup"), err
}

// notifyError says why a notification could not be shown, in words for the log and the user.
func notifyError(ctx context.Context, err error) error {
	var de dbus.Error
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrNoSessionBus):
		return err
	case ctx.Err() != nil:
		return fmt.Errorf("desktop: the desktop's notification service did not answer in time: %w", ctx.Err())
	case errors.As(err, &de) && de.Name == "org.freedesktop.DBus.Error.ServiceUnknown":
		return fmt.Errorf("desktop: no notification service is running on this desktop, so reminders cannot pop up; "+
			"start your desktop's own, or install one such as dunst or notification-daemon: %w", err)
	}
	return fmt.Errorf("desktop: the desktop notification could not be shown: %w", err)
}

// notificationServer connects to the session bus and asks the notification server whether it reads
// bodies as markup: Fyne's SendNotification reports no failure, so without this a reminder would be
// marked shown when no server took it.
func notificationServer(ctx context.Context) (markup bool, err error) {
	c, err := sessionBus(ctx, "")
	if err != nil {
		return false, notifyError(ctx, err)
	}
	defer c.Close()
	markup, err = readsMarkup(ctx, c)
	return markup, notifyError(ctx, err)
}

// DBusNotifier sends desktop notifications itself over the freedesktop Notifications D-Bus interface
// (org.freedesktop.Notifications.Notify on the session bus): a fallback for a process without Fyne's
// notifier, such as one without a window. It implements the reminders' Notifier. Each notification
// uses a fresh private connection.
type DBusNotifier struct {
	AppName string        // shown as the sender, normally the app ID
	Icon    string        // an icon name or file:// URI; may be empty
	Address string        // the bus address; DBUS_SESSION_BUS_ADDRESS when empty
	Timeout time.Duration // bounds each Notify; 5 s when zero (Send takes a context instead)
}

// Notify shows a notification with the given title (summary) and body.
func (n *DBusNotifier) Notify(title, body string) error {
	timeout := n.Timeout
	if timeout <= 0 {
		timeout = 5 * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	_, err := n.Send(ctx, title, body)
	return err
}

// Send shows a notification and returns the ID the notification server gave it.
func (n *DBusNotifier) Send(ctx context.Context, title, body string) (uint32, error) {
	c, err := sessionBus(ctx, n.Address)
	if err != nil {
		return 0, notifyError(ctx, err)
	}
	defer c.Close()
	id, err := n.call(ctx, c, title, body)
	return id, notifyError(ctx, err)
}

func (n *DBusNotifier) call(ctx context.Context, c *dbus.Conn, title, body string) (uint32, error) {
	markup, err := readsMarkup(ctx, c)
	if err != nil {
		return 0, err
	}
	if markup {
		body = escapeMarkup(body)
	}
	hints := map[string]dbus.Variant{"urgency": dbus.MakeVariant(byte(1))}
	if n.AppName != "" {
		hints["desktop-entry"] = dbus.MakeVariant(n.AppName)
	}
	var id uint32
	err = c.Object(notifyService, notifyPath).CallWithContext(ctx, notifyInterface+".Notify", 0,
		n.AppName, uint32(0), n.Icon, title, body, []string{}, hints, int32(-1)).Store(&id)
	return id, err
}
