// Package reminders owns what happens between renewals: the reminder schedule of a token (pure
// functions over an injected clock and location), the due check with catch-up, the notification loop
// (at start, every 15 minutes and after the machine wakes), snooze and dismiss, the daily token health
// check (the Hub's SCIM probe and, where configured, Okta's System Log), urgency levels for the faces,
// and the .ics calendar export. Notifications go out through its Notifier interface: the window's
// Fyne notifier, or package desktop's DBusNotifier; the desktop itself is never reached from here.
//
// It reaches the database only through package store and everything else through interfaces it declares
// (Notifier, Prober, LogReader, TokenSource), so it never imports Fyne, never speaks SQL or HTTP itself,
// and never changes the clock. It must never put a token into a log line, an error or a notification:
// tokens are read from the keychain only to be handed to the prober.
package reminders
