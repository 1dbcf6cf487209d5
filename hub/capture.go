package hub

import (
	"slices"
	"strings"
	"sync"
	"time"
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

// Watcher decides, from successive clipboard readings, what the administrator copied while the app
// waits for a new token. Each reading that differs from what the clipboard held when waiting began is
// classified with Classify: a well-formed JWT with a future exp ends the wait; an opaque candidate is
// only offered, to be confirmed or ignored by the administrator, as it may just as well be a password;
// anything else is no token. It runs no goroutine: the UI reads the clipboard on its main goroutine and
// feeds each reading to Observe. It keeps what it reads in memory only. It is safe for concurrent use.
type Watcher struct {
	mu           sync.Mutex
	initial      string
	baseline     string // the initial reading, cleaned the way a candidate would be
	clientID     string
	clientSecret string
	now          func() time.Time
	taken        Classification // the JWT that ended the wait
	done         bool
	ignored      []string // opaque candidates the administrator ignored, newest last
	rejected     error
}

// maxIgnored bounds how many ignored candidates a Watcher remembers (they are kept in memory only).
const maxIgnored = 8

// NewWatcher starts waiting for a token; initialClipboard is the clipboard's content at that moment,
// and the profile's Client ID and Secret are never taken for a token. now is the clock a JWT's exp is
// checked against (time.Now when nil).
func NewWatcher(initialClipboard, clientID, clientSecret string, now func() time.Time) *Watcher {
	if now == nil {
		now = time.Now
	}
	base := strings.TrimSpace(initialClipboard)
	if tok, err := CheckCandidate(initialClipboard, clientID, clientSecret); err == nil {
		base = tok
	}
	return &Watcher{initial: initialClipboard, baseline: base, clientID: clientID, clientSecret: clientSecret, now: now}
}

// Observe takes one clipboard reading and classifies it. JWTToken: a new well-formed JWT with a future
// exp, to be used as is; once seen, every later call returns it again, so the UI can stop polling.
// OpaqueToken: a new plausible token that proves nothing about itself, to be shown masked for the
// administrator to confirm (it is returned for as long as the clipboard holds it, unless ignored).
// NotAToken: nothing new, the initial clipboard again, an ignored candidate, or text that is no token
// (Reason then says why, and Rejected remembers it).
func (w *Watcher) Observe(reading string) Classification {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return w.taken
	}
	if reading == w.initial {
		return Classification{Kind: NotAToken}
	}
	c := Classify(reading, w.clientID, w.clientSecret, w.now())
	switch {
	case c.Kind == NotAToken:
		if strings.TrimSpace(reading) != "" {
			w.rejected = c.Reason
		}
		return c
	case c.Token == w.baseline || slices.Contains(w.ignored, c.Token):
		// The token the clipboard held before waiting began (perhaps with other whitespace around
		// it), or a candidate the administrator already turned down.
		return Classification{Kind: NotAToken}
	}
	w.rejected = nil
	if c.Kind == JWTToken {
		w.taken, w.done = c, true
	}
	return c
}

// Ignore records that the administrator turned down an opaque candidate: Observe does not offer it
// again.
func (w *Watcher) Ignore(token string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if token == "" || slices.Contains(w.ignored, token) {
		return
	}
	if len(w.ignored) == maxIgnored {
		w.ignored = w.ignored[1:]
	}
	w.ignored = append(w.ignored, token)
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
