// Package hub is the QorusDocs side of a SCIM token renewal: it gets a new token (by capturing it from
// the Hub page in the browser, or by creating it through the OAuth 2.0 client-credentials API when a
// profile has a token endpoint), works out when that token expires, and verifies it against the tenant's
// SCIM endpoint exactly as Okta's "Test API Credentials" does.
//
// It owns the capture rules, the expiry rule, the token-endpoint discovery, the create call and the
// SCIM probe, and the user-facing wording of their failures. Every error and ProbeResult message is a
// complete English sentence that says what happened and what to do next, so the UI and CLI show them
// verbatim; callers branch on the sentinel errors (errors.Is) or on ProbeClass, never on the text.
//
// It must not import Fyne or any other package of the project except safenet (the shared network
// rules) and redact (the one scrubber every quoted server text passes through), keep state between calls, read the clipboard itself, or store anything. A token, a client
// secret or any other credential never appears in an error, a message or a log line it produces.
//
// Creating a token is not idempotent: CreateToken never retries once the request may have reached the
// Hub, and reports that case with ErrOutcomeUnknown so the caller can ask the administrator.
package hub
