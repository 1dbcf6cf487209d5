// Package archtest keeps the layers' arrows true (DESIGN.md, "Architecture"): its test reads the
// module's package graph with `go list` for Linux, Windows and macOS and checks every package's
// imports against one allow-list table, with the reason for each row. A second test type-checks the
// faces (ui, cli) and fails when one calls a method of a type below services (the store, the renewal
// engine, the reminders service, the keychain, the Hub or Okta client) or ui.Deps holds one: a use-case
// lives once, in services. It has no code of its own, and nothing may import it.
package archtest
