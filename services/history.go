package services

import (
	"context"
	"errors"
	"fmt"

	"scimrenew/renewal"
	"scimrenew/store"
)

// HistoryPage is a stretch of a profile's token history (fingerprints only: no token value), with what
// a face shows around it.
type HistoryPage struct {
	// Total is how many tokens the profile has.
	Total int
	// Current is the profile's current token; nil when none is current.
	Current *store.Token
	// Tokens are the page's tokens, newest first, starting Offset tokens from the newest.
	Tokens []store.Token
	Offset int
}

// AllTokens is the History limit that asks for every token from the offset on.
const AllTokens = -1

// History returns a page of the profile's token history, newest first: up to limit tokens from
// offset (none when limit is 0, every one when it is AllTokens), with how many tokens the profile has
// and its current token. The command line reads it whole; the window a page at a time as its table
// scrolls, so a long history costs one count and a page or two.
func (s *Services) History(ctx context.Context, profileID string, offset, limit int) (HistoryPage, error) {
	page := HistoryPage{Offset: max(offset, 0)}
	var err error
	if page.Total, err = s.cfg.Store.CountTokens(ctx, profileID); err != nil {
		return HistoryPage{}, fmt.Errorf("cannot read the token history: %w", err)
	}
	cur, err := s.cfg.Store.CurrentToken(ctx, profileID)
	switch {
	case err == nil:
		page.Current = &cur
	case !errors.Is(err, store.ErrNotFound):
		return HistoryPage{}, fmt.Errorf("cannot read the current token's record: %w", err)
	}
	if limit == 0 || page.Offset >= page.Total {
		return page, nil
	}
	if limit < 0 {
		limit = page.Total - page.Offset
	}
	if page.Tokens, err = s.cfg.Store.TokensPage(ctx, profileID, page.Offset, limit); err != nil {
		return HistoryPage{}, fmt.Errorf("cannot read the token history: %w", err)
	}
	return page, nil
}

// RenewalToken returns the record of the new token of a renewal (fingerprint, expiry and how it is
// known, the last SCIM check: never its value), for the face to show beside the renewal's steps. ok is
// false while the renewal has no token yet.
func (s *Services) RenewalToken(ctx context.Context, sess *renewal.Session) (t store.Token, ok bool, err error) {
	id := sess.Renewal().TokenID
	if id == 0 {
		return store.Token{}, false, nil
	}
	if t, err = s.cfg.Store.Token(ctx, id); err != nil {
		return store.Token{}, false, fmt.Errorf("cannot read the new token's record: %w", err)
	}
	return t, true, nil
}
