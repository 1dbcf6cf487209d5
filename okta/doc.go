// Package okta is SCIM Renew's Okta side: the admin deep link to an app's Provisioning tab, the optional
// Okta credential (an SSWS API token, or an OAuth 2.0 service app using private_key_jwt, with DPoP when
// Okta asks for it), app lookup, the app's provisioning connection (read, and set a SCIM token where Okta's
// Connections API supports it) and the System Log's provisioning authentication failures.
//
// It owns no storage and no UI: callers hand it the org URL and credential, and keep secrets in the
// keychain themselves. It imports nothing of the project except safenet (https except loopback,
// timeouts, body limits, no redirect off the org) and redact (every text Okta sends is scrubbed of the
// credential and the SCIM token before it is clipped and quoted), never Fyne, and never logs: a SCIM
// token passes through it only inside the one request body that sets it and appears in no error,
// result or log line.
package okta
