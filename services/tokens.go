package services

import (
	"context"
	"errors"
	"fmt"

	"scimrenew/hub"
	"scimrenew/reminders"
	"scimrenew/secrets"
	"scimrenew/store"
)

// ProbeResult is the SCIM probe's classified result, as the faces render it (hub.ProbeResult).
type ProbeResult = hub.ProbeResult

// ProbeClass is how a SCIM probe went (hub.ProbeClass).
type ProbeClass = hub.ProbeClass

// The probe classes, so the faces can branch on a result without importing hub.
const (
	ProbeOK          = hub.ProbeOK
	ProbeRejected    = hub.ProbeRejected
	ProbeWrongURL    = hub.ProbeWrongURL
	ProbeServerError = hub.ProbeServerError
	ProbeRateLimited = hub.ProbeRateLimited
	ProbeTLS         = hub.ProbeTLS
	ProbeTimeout     = hub.ProbeTimeout
	ProbeUnreachable = hub.ProbeUnreachable
	ProbeCanceled    = hub.ProbeCanceled
)

// Errors of the keychain the faces branch on (the secrets package's).
var (
	// ErrSecretNotFound: the keychain holds no such secret for the profile.
	ErrSecretNotFound = secrets.ErrNotFound
	// ErrKeychainUnavailable: the OS keychain cannot be used (no Secret Service, locked, timed out).
	ErrKeychainUnavailable = secrets.ErrUnavailable
	// ErrTokenMismatch: the keychain's current token is not the one the history records as current.
	ErrTokenMismatch = reminders.ErrTokenMismatch
)

// MaxSecretLen is the longest secret the keychain takes, in bytes: a face reading secrets bounds its
// input with it.
const MaxSecretLen = secrets.MaxValueLen

// CurrentToken reads the profile's current token from the keychain, to reveal or copy it. It errs,
// matching ErrSecretNotFound, when the keychain holds none (the token was made on another computer
// or before the keychain worked), and matching ErrTokenMismatch when the keychain holds a token other
// than the one the history records as current.
func (s *Services) CurrentToken(ctx context.Context, profileID string) (string, error) {
	v, err := s.kc.Get(profileID, secrets.KindTokenCurrent)
	if err != nil {
		return "", err
	}
	t, err := s.cfg.Store.CurrentToken(ctx, profileID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return "", fmt.Errorf("%w: no token is current for this profile", ErrSecretNotFound)
	case err != nil:
		return "", fmt.Errorf("cannot read the current token's record: %w", err)
	case store.Fingerprint(v) != t.Fingerprint:
		return "", ErrTokenMismatch
	}
	return v, nil
}

// Secret names a stored setting secret StoredSecret can read back.
type Secret int

// The secrets a profile's settings keep in the keychain.
const (
	SecretHubClient      Secret = iota // the Hub Client Secret
	SecretOktaCredential               // the Okta API token or the service app's private key
)

// StoredSecret reads a secret of the profile's settings from the keychain, to show it on demand. An
// error matches ErrSecretNotFound when none is stored.
func (s *Services) StoredSecret(profileID string, which Secret) (string, error) {
	kind := secrets.KindHubClientSecret
	if which == SecretOktaCredential {
		kind = secrets.KindOktaCredential
	}
	return s.kc.Get(profileID, kind)
}

// NotATokenError reports text given as a token that cannot be one (VerifyToken); Err says why.
type NotATokenError struct{ Err error }

func (e *NotATokenError) Error() string { return "the text is not a token: " + e.Err.Error() }

func (e *NotATokenError) Unwrap() error { return e.Err }

// VerifyToken checks a token, given as text (a "Bearer " prefix and line ends are dropped), against
// the SCIM endpoint at scimURL exactly as Okta's "Test API Credentials" does, and returns the
// classified result. It returns a *NotATokenError when the text cannot be a token; nothing is sent
// then.
func (s *Services) VerifyToken(ctx context.Context, scimURL, text string) (ProbeResult, error) {
	tok, err := hub.CheckCandidate(text, "", "")
	if err != nil {
		return ProbeResult{}, &NotATokenError{Err: err}
	}
	return s.Hub.Probe(ctx, scimURL, tok), nil
}

// CheckHealth checks the profile's current token now: the SCIM probe Okta makes, and Okta's System
// Log where the profile's credential can read it; the result is recorded on the token. An error
// matches reminders.ErrNoCurrentToken when the profile has no current token, and ErrCredentialHostChanged
// (nothing sent) while the SCIM base URL is on another host than the token was saved for; the scheduled
// checks keep to that rule too.
func (s *Services) CheckHealth(ctx context.Context, profileID string) (reminders.Health, error) {
	p, err := s.cfg.Store.Profile(ctx, profileID)
	if err != nil {
		return reminders.Health{ProfileID: profileID}, fmt.Errorf("cannot read the profile: %w", err)
	}
	if err := s.checkHost(ctx, p, credSCIM); err != nil {
		return reminders.Health{ProfileID: profileID}, err
	}
	return s.Reminders.CheckHealth(ctx, profileID)
}
