// Package reminders owns what happens between renewals: the reminder schedule of a token (pure
// functions over an injected clock and location), the due check with catch-up, the notification loop
// (at start, every 15 minutes and after the machine wakes), snooze and dismiss, the daily token health
// check (the Hub's SCIM probe and, where configured, Okta's System Log), urgency levels for the faces,
// and the .ics calendar export. DBusNotifier is a small freedesktop notification sender, a fallback to
// the UI's own notifier.
//
// It reaches the database only through package store and everything else through interfaces it declares
// (Notifier, Prober, LogReader, TokenSource), so it never imports Fyne, never speaks SQL or HTTP itself,
// and never changes the clock. It must never put a token into a log line, an error or a notification:
// tokens are read from the keychain only to be handed to the prober.
package reminders
