package services

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"scimrenew/hub"
	"scimrenew/store"
)

// How a token's expiry is known (store.Token.ExpirySource), for the faces to word it.
const (
	ExpiryFromJWT       = string(hub.FromJWT)       // read from the token's exp claim
	ExpiryFromExpiresIn = string(hub.FromExpiresIn) // the Hub's expires_in at creation
	ExpiryAssumed       = string(hub.Assumed12M)    // assumed: 12 months after creation
)

// DiscoverTimeout bounds the whole Discover exchange (the Hub client has its own per-request limits).
const DiscoverTimeout = 30 * time.Second

// DiscoverTokenEndpoint asks the Hub at hubURL for the token endpoint it publishes (API mode).
func (s *Services) DiscoverTokenEndpoint(ctx context.Context, hubURL string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, DiscoverTimeout)
	defer cancel()
	return s.Hub.Discover(ctx, hubURL)
}

// TokenWatcher decides, from successive clipboard readings, when the admin has copied the new token
// in the Hub page. Nothing it reads leaves the app, reaches the keychain or the database, or is
// fingerprinted until it is either a well-formed JWT with a future exp (CaptureTake) or the admin has
// confirmed it on a card that shows it masked, with its length (CaptureConfirm): an opaque token looks
// just like a password copied to sign in to the Hub. What the clipboard held when the watch began, the
// profile's Client ID and its Client Secret (which the window itself copies) are never taken. It runs
// no goroutine: the window feeds it each reading.
type TokenWatcher struct {
	w *hub.Watcher
}

// CaptureKind is what a clipboard reading amounts to while waiting for the Hub's token.
type CaptureKind int

// The kinds of Capture.
const (
	// CaptureNothing: nothing to act on (nothing new, no token, or a candidate the admin ignored).
	CaptureNothing CaptureKind = iota
	// CaptureConfirm: text that may be the token, or a password: show it masked, with its length,
	// and use it only if the admin says so ("Use this token" / "Ignore").
	CaptureConfirm
	// CaptureTake: a well-formed JWT with a future exp: use it.
	CaptureTake
)

// Capture is the verdict on one clipboard reading. Token is the cleaned text for CaptureTake and
// CaptureConfirm (in memory only), Length its length in characters for the masked card.
type Capture struct {
	Kind   CaptureKind
	Token  string
	Length int
}

// String describes the verdict without the token.
func (c Capture) String() string {
	return fmt.Sprintf("services.Capture{kind %d, %d chars}", c.Kind, c.Length)
}

// GoString describes the verdict without the token.
func (c Capture) GoString() string { return c.String() }

// WatchForToken starts a watch for the token of profile p, whose Client Secret is clientSecret ("" when
// none is stored); initialClipboard is what the clipboard holds now, which is never taken. A JWT's exp
// is checked against the services' clock.
func (s *Services) WatchForToken(initialClipboard string, p store.Profile, clientSecret string) *TokenWatcher {
	return &TokenWatcher{w: hub.NewWatcher(initialClipboard, p.ClientID, clientSecret, s.cfg.Now)}
}

// Observe takes one clipboard reading. Once a JWT has been taken, every later call returns it again.
func (t *TokenWatcher) Observe(reading string) Capture {
	c := t.w.Observe(reading)
	switch c.Kind {
	case hub.JWTToken:
		return Capture{Kind: CaptureTake, Token: c.Token, Length: utf8.RuneCountInString(c.Token)}
	case hub.OpaqueToken:
		return Capture{Kind: CaptureConfirm, Token: c.Token, Length: utf8.RuneCountInString(c.Token)}
	}
	return Capture{}
}

// Ignore records that the admin turned a candidate down: it is not offered again during this watch.
func (t *TokenWatcher) Ignore(token string) { t.w.Ignore(token) }

// Hint says why the latest changed, non-empty clipboard reading was not taken for a token, in words for
// the admin; nil when there is nothing to say, including when the clipboard holds the Client ID or
// Secret the window copied itself.
func (t *TokenWatcher) Hint() error {
	err := t.w.Rejected()
	if err == nil || errors.Is(err, hub.ErrIsClientID) || errors.Is(err, hub.ErrIsClientSecret) {
		return nil
	}
	return err
}

// String keeps the watcher's secrets out of fmt output.
func (t *TokenWatcher) String() string { return "services.TokenWatcher{…}" }

// GoString keeps the watcher's secrets out of %#v output.
func (t *TokenWatcher) GoString() string { return t.String() }

// IsRefusedToken reports whether err says that text given as the new token (pasted or copied) is not a
// plausible token; its message says why in words for the admin, without quoting the text.
func IsRefusedToken(err error) bool {
	var ce hub.CaptureError
	return errors.As(err, &ce)
}
