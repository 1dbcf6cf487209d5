package secrets

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"
	"unicode"
)

// Kind names one of the secrets a profile can have; it is the second half of an entry's key.
type Kind string

// The kinds of secret a profile keeps. The three token kinds follow the renewal's labels: a new token is
// pending until installed, then current; the one it replaces is kept as previous for rollback.
const (
	KindHubClientSecret Kind = "hub-client-secret"
	KindOktaCredential  Kind = "okta-credential"
	KindTokenCurrent    Kind = "token-current"
	KindTokenPending    Kind = "token-pending"
	KindTokenPrevious   Kind = "token-previous"
)

// DefaultService is the keychain service name of the app: its app ID.
const DefaultService = "io.scimrenew.app"

// DefaultTimeout bounds each keychain call when New is given no timeout.
const DefaultTimeout = 3 * time.Second

// MaxValueLen caps a stored value. The largest real secret (an Okta private key as a JWK) is a few KiB;
// Secret Service slows down on values far beyond that.
const MaxValueLen = 64 << 10

// Kinds returns every kind, in a stable order.
func Kinds() []Kind {
	return []Kind{KindHubClientSecret, KindOktaCredential, KindTokenCurrent, KindTokenPending, KindTokenPrevious}
}

func (k Kind) valid() bool {
	switch k {
	case KindHubClientSecret, KindOktaCredential, KindTokenCurrent, KindTokenPending, KindTokenPrevious:
		return true
	}
	return false
}

// ErrNotFound reports that no entry is stored for that profile and kind.
var ErrNotFound = errors.New("secrets: nothing stored in the keychain for this entry")

// ErrUnavailable reports that the keychain could not be used at all: no Secret Service on the session
// bus, the keyring is locked, or it did not answer in time. Errors that match it also wrap the cause and
// say what the user can do.
var ErrUnavailable = errors.New("secrets: the OS keychain is unavailable")

// errTimedOut is the cause when go-keyring did not return in time, typically because a locked keyring
// is showing its unlock prompt.
var errTimedOut = errors.New("no answer in time; the keyring may be locked and waiting at its unlock prompt")

// errStillWaiting is the cause while an earlier call is still blocked: piling more calls onto a pending
// unlock prompt would only open more prompts and leak more goroutines.
var errStillWaiting = errors.New("an earlier keychain request is still waiting for the keyring to be unlocked")

// unavailableError is an ErrUnavailable with its cause and the operation that hit it.
type unavailableError struct {
	op    string
	cause error
}

func (e *unavailableError) Error() string {
	return fmt.Sprintf("%v (%s: %v); %s", ErrUnavailable, e.op, e.cause, remedy())
}

func (e *unavailableError) Is(target error) bool { return target == ErrUnavailable }

func (e *unavailableError) Unwrap() error { return e.cause }

func unavailable(op string, cause error) error {
	return &unavailableError{op: op, cause: cause}
}

// remedy tells the user of this OS what makes the keychain usable.
func remedy() string {
	switch runtime.GOOS {
	case "darwin":
		return "unlock the login keychain in Keychain Access"
	case "windows":
		return "check that " + ThisNames.Full + " is available to your account"
	default:
		return `install and start a Secret Service (gnome-keyring, e.g. "apt install gnome-keyring", ` +
			`or KeePassXC with its Secret Service integration on), or unlock the "login" keyring ` +
			`(Passwords and Keys / Seahorse)`
	}
}

// user builds the entry's user field. Only the profile ID and kind go into it: never a value.
func user(profileID string, kind Kind) (string, error) {
	if err := checkProfileID(profileID); err != nil {
		return "", err
	}
	if !kind.valid() {
		return "", fmt.Errorf("secrets: unknown kind of secret %q", string(kind))
	}
	return profileID + "/" + string(kind), nil
}

func checkProfileID(profileID string) error {
	if profileID == "" {
		return errors.New("secrets: the profile ID is empty")
	}
	if len(profileID) > 128 || strings.ContainsRune(profileID, '/') ||
		strings.IndexFunc(profileID, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return errors.New("secrets: the profile ID must be a UUID-like string without '/', spaces or control characters")
	}
	return nil
}

// checkValue refuses values the keychain should not hold. The message gives the length only.
func checkValue(value string) error {
	if value == "" {
		return errors.New("secrets: refusing to store an empty secret; delete the entry instead")
	}
	if strings.HasPrefix(value, splitPrefix) {
		return fmt.Errorf("secrets: refusing a secret that starts with %q, which marks a secret split over several entries", splitPrefix)
	}
	if len(value) > MaxValueLen {
		return fmt.Errorf("secrets: the secret is %d bytes, more than the %d the keychain takes", len(value), MaxValueLen)
	}
	return nil
}

func notFound(profileID string, kind Kind) error {
	return fmt.Errorf("secrets: no %s stored for profile %s: %w", kind, profileID, ErrNotFound)
}
