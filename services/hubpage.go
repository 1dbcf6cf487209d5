package services

import (
	"context"
	"errors"
	"time"

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
// in the Hub page: the first plausible token that differs from what the clipboard held when the watch
// began, and is neither the profile's Client ID nor its Client Secret (which the window itself copies
// during the renewal). It runs no goroutine: the window feeds it each reading.
type TokenWatcher struct {
	w *hub.Watcher
}

// WatchForToken starts a watch for the token of profile p, whose Client Secret is clientSecret ("" when
// none is stored); initialClipboard is what the clipboard holds now, which is never taken.
func WatchForToken(initialClipboard string, p store.Profile, clientSecret string) *TokenWatcher {
	return &TokenWatcher{w: hub.NewWatcher(initialClipboard, p.ClientID, clientSecret)}
}

// Observe takes one clipboard reading and returns the token and true once a new plausible token has
// been seen (and the same token afterwards).
func (t *TokenWatcher) Observe(reading string) (string, bool) { return t.w.Observe(reading) }

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
