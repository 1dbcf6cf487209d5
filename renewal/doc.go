// Package renewal is the SCIM token renewal as a crash-safe, resumable state machine (DESIGN.md, "The
// renewal protocol"): started -> creating -> created -> verified -> installed -> done, journalled in the
// store before each external call, with the new token written to the keychain as pending before its row
// commits, and the keychain moves of the finish step ordered so that a kill between any two of them is
// repaired on the next run.
//
// It owns the order of the steps, the lease heartbeat that keeps one renewal per profile, the keychain
// moves around the token statuses, the start-up reconciliation of keychain and token rows, and the one
// renewal loop (Session.Drive, which services.Renew exposes to the wizard and the renew verb; Run is
// Drive without input). services and the sandbox plug in the store, the keychain, the Hub and Okta
// clients and the reminder scheduler through the small interfaces declared here.
//
// It must not import Fyne, speak SQL or HTTP itself, or call a keyring library: it uses the adapters'
// typed APIs only. A token value never appears in its errors, its stored journal or its log lines
// (fingerprint prefixes only), and a create request that may have reached the Hub is never retried
// without the administrator's say-so.
package renewal
