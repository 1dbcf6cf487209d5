package hub

import (
	"strings"
	"sync"
	"unicode"

	"scimrenew/safenet"
)

// MinTokenLength is the shortest text accepted as a SCIM token. Real tokens (JWTs or opaque bearer
// tokens) are far longer; the floor keeps short clipboard noise (a word, a number) from being captured.
const MinTokenLength = 20

// MaxTokenLength is the longest text accepted as a SCIM token, so a pasted document is not mistaken
// for one.
const MaxTokenLength = 16 << 10

// CaptureError explains, in words for the administrator, why a piece of text is not a plausible SCIM
// token. Its values never quote the text itself: it may be a secret.
type CaptureError string

func (e CaptureError) Error() string { return string(e) }

// The reasons CheckCandidate gives for refusing text.
const (
	ErrEmpty          CaptureError = "There is no text to use as a token. In the Hub, click Create Token, then Copy."
	ErrMultiLine      CaptureError = "The text spans several lines, but a token is a single line. Copy only the token."
	ErrInnerSpace     CaptureError = "The text contains spaces, but a token has none. Copy only the token."
	ErrIsClientID     CaptureError = "This is the Client ID, not a token. In the Hub, click Create Token, then Copy."
	ErrIsClientSecret CaptureError = "This is the Client Secret, not a token. In the Hub, click Create Token, then Copy."
	ErrLooksLikeURL   CaptureError = "This is a web address, not a token. In the Hub, click Create Token, then Copy."
	ErrBadCharacters  CaptureError = "The text contains characters that a token cannot have. Copy the token again from the Hub."
	ErrTooShort       CaptureError = "The text is shorter than 20 characters, too short for a SCIM token. Copy the whole token."
	ErrTooLong        CaptureError = "The text is longer than 16 KiB, too long for a SCIM token. Copy only the token."
)

// CheckCandidate decides whether text (pasted, or read from the clipboard) is a plausible SCIM token
// and returns it cleaned: surrounding whitespace and a leading "Bearer " are removed. It accepts JWTs
// and opaque tokens alike; it refuses empty or multi-line text, text with inner spaces, the profile's
// own Client ID or Client Secret (which the app itself puts on the clipboard during a renewal), web
// addresses, characters that cannot travel in an HTTP header, and anything outside
// MinTokenLength..MaxTokenLength. The error is always a CaptureError.
func CheckCandidate(text, clientID, clientSecret string) (string, error) {
	s := stripBearer(strings.TrimSpace(text))
	switch {
	case s == "":
		return "", ErrEmpty
	case strings.ContainsAny(s, "\r\n\v\f\u0085\u2028\u2029"):
		return "", ErrMultiLine
	case strings.IndexFunc(s, unicode.IsSpace) >= 0:
		return "", ErrInnerSpace
	case sameNonEmpty(s, clientID):
		return "", ErrIsClientID
	case sameNonEmpty(s, clientSecret):
		return "", ErrIsClientSecret
	case strings.Contains(s, "://"):
		return "", ErrLooksLikeURL
	case !headerSafe(s):
		return "", ErrBadCharacters
	case len(s) < MinTokenLength:
		return "", ErrTooShort
	case len(s) > MaxTokenLength:
		return "", ErrTooLong
	}
	return s, nil
}

// stripBearer removes one leading authentication scheme word, as people often copy a whole
// "Bearer eyJ..." header value. The scheme name is case-insensitive (RFC 7235).
func stripBearer(s string) string {
	const scheme = "bearer"
	if len(s) <= len(scheme) || !strings.EqualFold(s[:len(scheme)], scheme) {
		return s
	}
	rest := s[len(scheme):]
	if t := strings.TrimLeft(rest, " \t"); len(t) < len(rest) {
		return t
	}
	return s
}

func sameNonEmpty(s, other string) bool {
	other = strings.TrimSpace(other)
	return other != "" && s == other
}

// headerSafe reports whether s holds only visible ASCII: anything else cannot be sent in an
// Authorization header, so it cannot be a working bearer token.
func headerSafe(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// Watcher decides, from successive clipboard readings, when the administrator has copied a new token:
// the first plausible value (by CheckCandidate) that differs from what the clipboard held when waiting
// began. It runs no goroutine: the UI reads the clipboard on its main goroutine and feeds each reading
// to Observe. It is safe for concurrent use.
type Watcher struct {
	mu           sync.Mutex
	initial      string
	baseline     string // the initial reading, cleaned the way a candidate would be
	clientID     string
	clientSecret string
	captured     string
	done         bool
	rejected     error
}

// NewWatcher starts waiting for a token; initialClipboard is the clipboard's content at that moment,
// and the profile's Client ID and Secret are never taken for a token.
func NewWatcher(initialClipboard, clientID, clientSecret string) *Watcher {
	base := strings.TrimSpace(initialClipboard)
	if tok, err := CheckCandidate(initialClipboard, clientID, clientSecret); err == nil {
		base = tok
	}
	return &Watcher{initial: initialClipboard, baseline: base, clientID: clientID, clientSecret: clientSecret}
}

// Observe takes one clipboard reading. It returns the token and true once a plausible new token has
// been seen, and keeps returning that same token afterwards, so the UI can stop polling.
func (w *Watcher) Observe(reading string) (string, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return w.captured, true
	}
	if reading == w.initial {
		return "", false
	}
	tok, err := CheckCandidate(reading, w.clientID, w.clientSecret)
	if err != nil {
		if strings.TrimSpace(reading) != "" {
			w.rejected = err
		}
		return "", false
	}
	if tok == w.baseline {
		// The same token as before waiting began, perhaps with other whitespace around it.
		return "", false
	}
	w.captured, w.done, w.rejected = tok, true, nil
	return tok, true
}

// Rejected returns why the latest changed, non-empty clipboard reading was not taken for a token
// (a CaptureError), or nil, so the UI can hint "the clipboard holds something that is not a token".
func (w *Watcher) Rejected() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.rejected
}

// String keeps the watcher's secrets out of fmt output.
func (w *Watcher) String() string { return "hub.Watcher{…}" }

// GoString keeps the watcher's secrets out of %#v output.
func (w *Watcher) GoString() string { return w.String() }

// PageURL validates the profile's Hub URL and returns the address to open in the browser for
// Hub-page mode; from there the administrator goes to Settings > Hub Management > SCIM Token.
func PageURL(hubURL string) (string, error) {
	u, err := safenet.CheckURL(hubURL)
	if err != nil {
		return "", badURLError("Hub URL", err)
	}
	return u.String(), nil
}
