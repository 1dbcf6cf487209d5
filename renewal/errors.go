package renewal

import (
	"context"
	"errors"
	"fmt"

	"scimrenew/hub"
	"scimrenew/okta"
	"scimrenew/store"
)

// Sentinel errors callers branch on with errors.Is. Their text is the sentence the UI and CLI show.
var (
	// ErrConfirmCreate: the renewal was interrupted while the Hub was asked for a token (or the Hub's
	// answer was lost), so a token may exist already. Create(ctx, true) asks for another.
	ErrConfirmCreate = errors.New("renewal: SCIM Renew was interrupted while the Hub was creating a token, so the Hub may " +
		"already have made one. Choose Create again to ask for a new token (an extra token does no harm), " +
		"or capture the token from the Hub page instead")
	// ErrManualInstall: Okta's API cannot install the token for this app, or no Okta credential is
	// set. The error also wraps the cause (okta.ErrConnectionsUnsupported or okta.ErrNoCredential); the
	// UI then offers DeepLink and PendingToken, and ConfirmInstalled.
	ErrManualInstall = errors.New("renewal: install the token in Okta by hand")
	// ErrVerifyFailed: the SCIM probe with the new token did not pass; the renewal stays at Verify.
	ErrVerifyFailed = errors.New("renewal: the new token did not pass the SCIM check")
	// ErrWrongStep: the method does not belong to the renewal's current step.
	ErrWrongStep = errors.New("renewal: that is not the renewal's next step")
	// ErrTokenMissing: the new token is no longer in the keychain (or holds another value), so the
	// renewal cannot go on with it; cancel it and start again.
	ErrTokenMissing = errors.New("renewal: the new token is no longer in the keychain, so this renewal cannot " +
		"continue; cancel it and start a new renewal")
	// ErrKnownToken: the captured token is one SCIM Renew has recorded already (e.g. the current one).
	ErrKnownToken = errors.New("renewal: this is a token SCIM Renew already knows, not a new one; in the Hub, " +
		"click Create Token, then Copy")
	// ErrExpiredToken: the captured token is a JWT whose expiry has already passed, so Okta could not use
	// it; refusing it keeps the renewal at its first step, where the admin can capture a fresh one.
	ErrExpiredToken = errors.New("renewal: this token has already expired, so Okta could not use it; in the Hub, " +
		"click Create Token, then Copy the new token")
	// ErrNotAPIMode: Create was called for a profile without a token endpoint (Hub-page mode).
	ErrNotAPIMode = errors.New("renewal: this profile has no token endpoint, so SCIM Renew cannot create the " +
		"token itself; open the Hub page and copy the new token, or add the token endpoint in Settings")
	// ErrNeedsCapture: Hub-page mode waits for the admin to copy (or paste) the new token: Capture.
	ErrNeedsCapture = errors.New("renewal: waiting for the new token: in the Hub, click Create Token, then Copy " +
		"(or paste the token here)")
	// ErrNoClientSecret: API mode needs the Hub Client Secret, and none is in the keychain.
	ErrNoClientSecret = errors.New("renewal: no Hub Client Secret is saved for this profile; enter it in " +
		"Settings (or use the Hub page)")
	// ErrFinished: the renewal is done or cancelled; start a new one to renew again.
	ErrFinished = errors.New("renewal: this renewal is already finished")
	// ErrBusy: another step of the same session is still running.
	ErrBusy = errors.New("renewal: a step of this renewal is still running; wait for it to end")
	// ErrAlreadyOpen: this engine (window or command) already has a session for the profile.
	ErrAlreadyOpen = errors.New("renewal: this renewal is already open in this window; continue it there")
	// ErrCannotCancel: Okta already uses the new token, so the renewal can only be finished.
	ErrCannotCancel = errors.New("renewal: Okta already holds the new token, so this renewal cannot be " +
		"cancelled; finish it instead")
	// ErrClosed: the session was closed.
	ErrClosed = errors.New("renewal: this renewal window was closed; open the renewal again")
)

// manualError is ErrManualInstall with its cause; its text is the cause's, which tells the admin what
// to do in Okta.
type manualError struct{ cause error }

func (m *manualError) Error() string        { return m.cause.Error() }
func (m *manualError) Is(target error) bool { return target == ErrManualInstall }
func (m *manualError) Unwrap() error        { return m.cause }

// stepError puts a step's name in front of a cause that is already a sentence for the user.
func stepError(what string, err error) error {
	return fmt.Errorf("%s: %w", what, err)
}

// storeError phrases a failure of the local database.
func storeError(what string, err error) error {
	switch {
	case errors.Is(err, store.ErrLeaseLost):
		return err // its own text says what happened and where to continue
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("renewal: stopped before it could %s: %w", what, err)
	}
	return fmt.Errorf("renewal: could not %s in SCIM Renew's database (%w); try again, and if it keeps "+
		"failing check that the disk is not full", what, err)
}

// keychainError phrases a failure of the keychain. secrets' errors already say what to install or unlock.
func keychainError(what string, err error) error {
	return fmt.Errorf("renewal: could not %s in the keychain: %w", what, err)
}

// nothingCreated reports whether a failed create certainly made no token: the hub said so with a
// definite kind. Anything else (ErrOutcomeUnknown, or an error hub did not classify) may have.
func nothingCreated(err error) bool {
	if errors.Is(err, hub.ErrOutcomeUnknown) {
		return false
	}
	for _, k := range []error{
		hub.ErrInvalidClient, hub.ErrRefused, hub.ErrRateLimited, hub.ErrWrongURL,
		hub.ErrBadURL, hub.ErrUnreachable, hub.ErrTLS, hub.ErrCanceled,
	} {
		if errors.Is(err, k) {
			return true
		}
	}
	return false
}

// manual reports whether an Okta failure means "install by hand" rather than a failure to retry.
func manual(err error) bool {
	return errors.Is(err, okta.ErrConnectionsUnsupported) || errors.Is(err, okta.ErrNoCredential)
}
