package hub

import (
	"errors"
	"fmt"
	"strings"

	"scimrenew/redact"
)

// Sentinel errors, one per kind of failure a caller may branch on with errors.Is. The *Error values
// this package returns wrap exactly one of them; their own text is the sentence to show the user.
var (
	// ErrOutcomeUnknown: the create request may have reached the Hub, but no clear answer came back
	// (no answer in time, connection broken after sending, a 5xx, a reply that is not a token). The
	// Hub may have created a token, so the caller must not retry by itself: it asks the administrator.
	ErrOutcomeUnknown = errors.New("hub: the Hub may or may not have created a token")
	// ErrInvalidClient: the Hub rejected the Client ID or Secret; nothing was created.
	ErrInvalidClient = errors.New("hub: the Hub rejected the Client ID or Secret")
	// ErrRefused: the Hub understood the request and definitely refused it (a 4xx other than those below).
	ErrRefused = errors.New("hub: the Hub refused the request")
	// ErrRateLimited: the Hub answered 429; nothing was created.
	ErrRateLimited = errors.New("hub: the Hub is limiting requests")
	// ErrWrongURL: nothing at that address does what was asked (404, 405, a refused redirect).
	ErrWrongURL = errors.New("hub: nothing usable answered at that URL")
	// ErrBadURL: the URL was refused before any network call (not https, malformed, ...).
	ErrBadURL = errors.New("hub: the URL is not acceptable")
	// ErrUnreachable: no connection could be made (refused, host not found, timeout while
	// connecting); nothing was sent.
	ErrUnreachable = errors.New("hub: could not connect to the Hub")
	// ErrTLS: the secure connection could not be set up (certificate not trusted, wrong host, ...);
	// nothing was sent.
	ErrTLS = errors.New("hub: the secure connection to the Hub failed")
	// ErrTimeout: an idempotent request (discovery) got no answer in time.
	ErrTimeout = errors.New("hub: the Hub did not answer in time")
	// ErrServer: the Hub reported an internal error to an idempotent request (discovery).
	ErrServer = errors.New("hub: the Hub reported an internal error")
	// ErrNoAPI: the Hub publishes no usable token endpoint; Hub-page mode is the way.
	ErrNoAPI = errors.New("hub: the Hub offers no token API")
	// ErrCanceled: the caller cancelled the operation before anything was sent.
	ErrCanceled = errors.New("hub: cancelled")
)

// Error is the error every failed network call of this package returns. Error() is the complete
// sentence for the user (what happened, what to do); Kind is the sentinel to branch on.
type Error struct {
	Kind       error  // one of the Err* sentinels above
	HTTPStatus int    // the Hub's HTTP status, 0 when no response came back
	Code       string // the OAuth "error" code the Hub sent, if any
	Msg        string // the user-facing sentence(s)
	Err        error  // the underlying cause, if any; never holds a secret
}

func (e *Error) Error() string { return e.Msg }

// Unwrap exposes both the Kind and the underlying cause to errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

func newError(kind error, status int, cause error, format string, args ...any) *Error {
	return &Error{Kind: kind, HTTPStatus: status, Msg: fmt.Sprintf(format, args...), Err: cause}
}

func badURLError(what string, err error) *Error {
	return newError(ErrBadURL, 0, err, "The %s is not usable: %s. Correct it in Settings.", what, err.Error())
}

// remoteTextLimit is the most characters of a server's own explanation quoted in a message.
const remoteTextLimit = 200

// remoteText makes text sent by a server safe to quote in a message: it takes redact's pipeline, so
// the given secrets (in every encoding) and anything that looks like a credential are blanked before
// control characters are stripped and the text is clipped to remoteTextLimit characters.
func remoteText(s string, secrets ...string) string {
	return redact.Pipeline{Secrets: secrets, Limit: remoteTextLimit}.Text(s)
}

// withoutSecrets blanks the given secrets, in every encoding, from a finished message: the last net
// under text that may quote a server (a redirect target, a TLS detail) as well as this package's own.
func withoutSecrets(e *Error, secrets ...string) *Error {
	if e != nil {
		e.Msg = redact.Known(e.Msg, secrets...)
	}
	return e
}

// hubSaid renders a server's own explanation as a sentence to append, or nothing. A quote that ends a
// sentence itself gets no second full stop after the closing quote mark.
func hubSaid(detail string) string {
	if detail == "" {
		return ""
	}
	end := "."
	if strings.HasSuffix(detail, ".") || strings.HasSuffix(detail, "!") || strings.HasSuffix(detail, "?") {
		end = ""
	}
	return fmt.Sprintf(" The Hub said: %q%s", detail, end)
}
