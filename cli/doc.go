// Package cli is SCIM Renew's headless face: the verbs `scimrenew [--data-dir DIR] [--debug] VERB ...`
// runs instead of opening the window (profile, status, history, verify, renew, ics). main.go hands it
// the arguments through Main when IsVerb says the first argument is a verb.
//
// It owns the verbs' flags, their text and --json output, their exit codes and the reading of secrets
// from standard input (one line per item: secrets never come from argv, which every user of the machine
// can read). It drives the same packages as the window, through their typed APIs only: profiles are
// validated by store.ValidateProfile, renewals run through the renewal engine, reminders and the .ics
// export come from package reminders, the SCIM probe from package hub. It speaks no SQL and no HTTP of
// its own, calls no keyring library, and never imports Fyne.
//
// It must never print a secret, put one into --json output or an error, or log one; and its verbs never
// take the window's single-instance lock: the store's renewal lease is what keeps a renewal to one
// window or command at a time.
package cli
