//go:build linux || freebsd || openbsd || netbsd || dragonfly

package reminders

import "scimrenew/desktop"

// The desktop's D-Bus sender is one of the Notifiers a Service can be given.
var _ Notifier = (*desktop.DBusNotifier)(nil)
