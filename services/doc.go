// Package services is SCIM Renew's application layer: every use-case the window (ui) and the command
// line (cli) share is done here, once, and returns plain data (store types and small result values)
// that each face renders in its own words. It assembles the working parts (the Hub client, the renewal
// engine, the reminders service, the per-profile Okta clients) from a store, a keychain and a clock.
//
// The use-cases: SaveProfile (validation, secrets to the keychain, Okta credential kind changes,
// rescheduling the current token's reminders when lead times change), DeleteProfile (one rule for an
// unfinished renewal and for keychain entries), Status/Statuses (one per-profile status value),
// History (a page of it, or all, with the count and the current token), RenewalToken (a renewal's new
// token record), CurrentToken and StoredSecret (reveal or copy), VerifyToken and CheckHealth, CalendarOf,
// ExportCalendar and SaveCalendar (.ics), BeginRenewal with Renew (the renewal loop), TestOktaAccess
// and FindOktaApps (for settings not saved yet), GenerateOktaKeyPair and OktaPublicKey (a service app's
// key), DiscoverTokenEndpoint, Hub-page mode's WatchForToken (the clipboard capture: a JWT is
// taken, anything else only offered for the admin to confirm), HubPageLink and HubSecretToCopy, and
// Track (the token already in Okta before SCIM Renew, with the token or by its dates only),
// RunReminders with ReminderNotice, SnoozeReminder, DismissReminder and CheckDueReminders (the
// reminders while the app runs), Reconcile (the start-up check of the keychain against the rows), and
// the app preferences kept in the data dir (ClipboardTimeout, KeepRunning and their setters).
//
// Each stored credential is bound to the host it was saved for (hosts.go): SaveProfile refuses a
// change of address that would send one to another host unless it is given again or confirmed
// (HostChangeError), and every call that sends one checks the binding first.
//
// It is the single owner of these shared helpers; no face keeps a copy:
//   - ErrorText and MessageText: every error text a face shows, prints or stores, through the one
//     scrubber (redact.Pipeline) with Sentence as its last step;
//   - Sentence: error text to a sentence for the user (rune-safe);
//   - DaysText, DateText, DurationText: days left, dates and durations in words;
//   - ParseLeadDays and FormatLeadDays: the reminder lead days as people type them;
//   - Services.Status: the per-profile status (token, expiry, days left, urgency, level, last health,
//     next reminder, renewal in progress);
//   - Services.Renew: the renewal loop (renewal.Session.Drive underneath; the loop exists once);
//   - OktaClient: the Okta client of a profile, made from its credential in the keychain, by the one
//     constructor (newOktaClient) that Test Okta access and Find my app use for unsaved settings too.
//
// Profile validation is store.ValidateProfile (beside the profile type), which SaveProfile and
// ValidateProfile apply against the other saved profiles.
//
// It must not import Fyne or any face, speak SQL or HTTP itself, or word things for one face only. The
// faces reach the keychain, the Hub and Okta only through it: it never hands a face a keychain or a
// client. A secret never appears in its errors or log lines.
package services
