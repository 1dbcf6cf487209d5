// Package secrets is the one owner of the OS keychain: every secret SCIM Renew keeps (a profile's Hub
// client secret, its Okta credential, and its current, pending and previous SCIM tokens) is stored and
// read here, through github.com/zalando/go-keyring, and nowhere else.
//
// Entries live under one service name (the app ID, io.scimrenew.app; tests pass their own so they never
// share entries) and are keyed "<profile UUID>/<kind>", so a profile's entries survive a move of the
// data dir and never collide across data dirs. Every keychain call runs under a timeout: with a display
// and a locked keyring, go-keyring waits forever on the unlock prompt. Failures are sorted into
// ErrNotFound (nothing stored) and ErrUnavailable (no Secret Service, locked, timed out), the latter
// with a message that tells the user what to install or unlock.
//
// Where one entry holds little (Credential Manager: 2,560 bytes; macOS through `security -i`: about
// 2 KB), a longer secret is split over several entries, the first keeping the entry's own name
// (split.go, with the per-OS table). A split secret is rewritten so that a kill at any point leaves the
// old value or the new one; one whose parts were removed or changed by another program reads as
// ErrCorrupted, never as a wrong value.
//
// Memory is an in-memory stand-in with the same methods, for the sandbox and for running without a
// keychain. Consumers declare the interface they need.
//
// This package must not import anything of the project, must not log, and must never put a secret
// value into an error message: errors name the profile and the kind, never the value.
package secrets
