package reminders

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/godbus/dbus/v5"
)

// The freedesktop Desktop Notifications interface.
const (
	notifyService   = "org.freedesktop.Notifications"
	notifyPath      = "/org/freedesktop/Notifications"
	notifyInterface = "org.freedesktop.Notifications"
)

// DBusNotifier sends desktop notifications over the freedesktop Notifications D-Bus interface
// (org.freedesktop.Notifications.Notify on the session bus): a fallback where the UI's own notifier is
// unavailable, e.g. for the CLI. Each notification uses a fresh private connection, so it never disturbs
// the shared session-bus connection the keychain uses.
type DBusNotifier struct {
	AppName string        // shown as the sender, normally the app ID
	Icon    string        // an icon name or file:// URI; may be empty
	Address string        // the bus address; DBUS_SESSION_BUS_ADDRESS when empty
	Timeout time.Duration // bounds each Notify; 5 s when zero (Send takes a context instead)
}

// ErrNoSessionBus reports that no D-Bus session bus is known, so no notification server can be reached.
var ErrNoSessionBus = errors.New("reminders: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set), so desktop notifications cannot be shown")

// Notify shows a notification with the given title (summary) and body.
func (n *DBusNotifier) Notify(title, body string) error {
	ctx, cancel := context.WithTimeout(context.Background(), n.timeout())
	defer cancel()
	_, err := n.Send(ctx, title, body)
	return err
}

func (n *DBusNotifier) timeout() time.Duration {
	if n.Timeout > 0 {
		return n.Timeout
	}
	return 5 * time.Second
}

// Send shows a notification and returns the ID the notification server gave it.
func (n *DBusNotifier) Send(ctx context.Context, title, body string) (uint32, error) {
	addr := n.Address
	if addr == "" {
		addr = os.Getenv("DBUS_SESSION_BUS_ADDRESS")
	}
	if addr == "" {
		return 0, ErrNoSessionBus
	}
	// The connection lives by ctx: when it ends, godbus closes the connection, which also ends an
	// authentication or call still waiting on a server that does not answer.
	c, err := dbus.Connect(addr, dbus.WithContext(ctx))
	if err != nil {
		return 0, n.wrap(ctx, err)
	}
	defer c.Close()
	id, err := n.call(ctx, c, title, body)
	return id, n.wrap(ctx, err)
}

func (n *DBusNotifier) call(ctx context.Context, c *dbus.Conn, title, body string) (uint32, error) {
	obj := c.Object(notifyService, notifyPath)
	var caps []string
	if err := obj.CallWithContext(ctx, notifyInterface+".GetCapabilities", 0).Store(&caps); err != nil {
		return 0, err
	}
	if slices.Contains(caps, "body-markup") {
		body = escapeMarkup(body) // a profile name with "&" or "<" must not be read as markup
	}
	hints := map[string]dbus.Variant{"urgency": dbus.MakeVariant(byte(1))}
	if n.AppName != "" {
		hints["desktop-entry"] = dbus.MakeVariant(n.AppName)
	}
	var id uint32
	err := obj.CallWithContext(ctx, notifyInterface+".Notify", 0,
		n.AppName, uint32(0), n.Icon, title, body, []string{}, hints, int32(-1)).Store(&id)
	return id, err
}

func (n *DBusNotifier) wrap(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return fmt.Errorf("reminders: the notification server did not answer in time: %w", ctx.Err())
	}
	var de dbus.Error
	if errors.As(err, &de) && de.Name == "org.freedesktop.DBus.Error.ServiceUnknown" {
		return fmt.Errorf("reminders: no notification server is running on the session bus; install or start one "+
			"(your desktop's own, or e.g. notification-daemon or dunst): %w", err)
	}
	return fmt.Errorf("reminders: the desktop notification could not be shown: %w", err)
}

var markupEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func escapeMarkup(s string) string { return markupEscaper.Replace(s) }
