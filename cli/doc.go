// Package cli is SCIM Renew's headless face: the verbs `scimrenew [--data-dir DIR] [--debug] VERB ...`
// runs instead of opening the window (profile, status, history, verify, renew, ics). main.go hands it
// the arguments through Main when IsVerb says the first argument is a verb.
//
// It owns the verbs' flags, their text and --json output, their exit codes and the reading of secrets
// from standard input (one line per item: secrets never come from argv, which every user of the machine
// can read). Every use-case is package services', the same the window calls: saving a profile
// (services.SaveProfile, validated by store.ValidateProfile, which also reschedules reminders when lead
// times change), removing one (services.DeleteProfile: the one unfinished-renewal rule), status
// (services.Status), history, verify (services.VerifyToken), the renewal loop (services.Renew) and the
// .ics export. Its wording comes from services' helpers: services.Sentence for every error,
// services.DaysText and services.DateText for days left and dates, services.ParseLeadDays for
// --remind-days. It opens the database, but never imports secrets, hub or okta: no keychain access and
// no client of its own, no SQL and no HTTP, and never Fyne.
//
// It must never print a secret, put one into --json output or an error, or log one; and its verbs never
// take the window's single-instance lock: the store's renewal lease is what keeps a renewal to one
// window or command at a time.
package cli
