// Package ui is SCIM Renew's Fyne face: the window's frame and navigation, the home screen, the
// settings screen (profiles and app preferences), and the shared helpers every screen uses.
//
// Each screen is a small struct with a buildUI method and one named onX method per callback, and keeps
// references to its interactive widgets so tests can tap and type into them (see STYLE.md).
//
// Keyboard: every focusable widget is built from the types in keywidgets.go (newButton, newEntry,
// newChoice, ...), which pass Esc and Enter on to the window; each screen says where the focus starts
// (focuser, else its defaulter's button) and lists its objects in reading order, as Tab follows the
// object tree. keys.go sums up what each key does; menu.go has the main menu and its shortcuts.
//
// Threading: widgets are touched only on the Fyne main goroutine. Code running on any other goroutine
// reaches the UI through (*UI).do, and network, keychain or other slow work runs through background,
// which hands its result back through do. Tickers go through (*UI).every so they stop when the user
// leaves the screen that started them.
//
// It owns input, rendering and wording only. Every use-case goes through package services (Deps.Services):
// saving and deleting profiles with their secrets, the per-profile status the home cards and the tray
// show, the history (a page at a time), revealing or copying a token, health checks, the calendar file,
// testing Okta access and finding the Okta app, the Hub page's Client Secret and token watch, the
// renewal loop (services.Renew), whose outcome the wizard renders step by step, the start-up reconcile,
// the reminders (the background loop, the in-window notice with Snooze and Dismiss) and the app
// preferences (clipboard timeout, keep running). Shared wording comes from services
// too (Sentence, DaysText, DateText, DurationText, ParseLeadDays): the window keeps no copy of its own.
//
// It must not import secrets, hub or okta, reach the keychain, or build a Hub or Okta client; it may use
// the domain's types (store.Profile, store.Token, renewal's steps and outcomes) and services' result
// values, but never calls the store, the renewal engine or the reminders service itself (archtest
// checks it). It does not speak SQL or HTTP. A secret never goes into a log line, an error dialog's text,
// Fyne preferences or the store.
package ui
