// Package ui is SCIM Renew's Fyne face: the window's frame and navigation, the home screen, the
// settings screen (profiles and app preferences), and the shared helpers every screen uses.
//
// Each screen is a small struct with a buildUI method and one named onX method per callback, and keeps
// references to its interactive widgets so tests can tap and type into them (see STYLE.md).
//
// Threading: widgets are touched only on the Fyne main goroutine. Code running on any other goroutine
// reaches the UI through (*UI).do, and network, keychain or other slow work runs through background,
// which hands its result back through do. Tickers go through (*UI).every so they stop when the user
// leaves the screen that started them.
//
// This package calls typed APIs only: it must not speak SQL (package store does), call the keyring
// library (package secrets does), or make HTTP requests of its own (packages hub and okta do). A secret
// never goes into a log line, an error dialog's text, Fyne preferences or the store.
package ui
