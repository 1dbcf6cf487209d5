package services

import (
	"context"
	"errors"
	"fmt"

	"scimrenew/secrets"
	"scimrenew/store"
)

// keepToken writes the token to the keychain as the profile's current token and returns how to undo it
// (nil when nothing changed). For a dates-only entry it removes a stale copy of an older token from the
// current entry, so the keychain agrees with the rows, and refuses beside one it has no record of.
func (s *Services) keepToken(ctx context.Context, p store.Profile, token string, res *TrackResult) (func(), error) {
	kc := s.kc
	old, err := kc.Get(p.ID, secrets.KindTokenCurrent)
	switch {
	case errors.Is(err, secrets.ErrNotFound):
		old = ""
	case err != nil && token == "":
		s.cfg.Log.Warn("cannot read the keychain's current token; tracking by dates only goes on", "profile", p.ID, "err", err)
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("services: cannot read the keychain, so nothing was recorded: %w", err)
	}
	if old == token {
		return nil, nil
	}
	known, err := s.recorded(ctx, p, old)
	if err != nil {
		return nil, err
	}
	if token == "" {
		return nil, s.dropStale(p, old, known)
	}
	if old != "" && known == nil {
		res.Notes = append(res.Notes, fmt.Sprintf("The keychain held another token for %q that SCIM Renew had no "+
			"record of (fingerprint %s); the tracked token replaced it.", p.Name, store.Token{Fingerprint: store.Fingerprint(old)}.ShortFingerprint()))
	}
	if err := kc.Set(p.ID, secrets.KindTokenCurrent, token); err != nil {
		return nil, fmt.Errorf("services: the token could not be saved in the keychain, so nothing was recorded: %w", err)
	}
	return func() {
		var err error
		if old == "" {
			err = kc.Delete(p.ID, secrets.KindTokenCurrent)
		} else {
			err = kc.Set(p.ID, secrets.KindTokenCurrent, old)
		}
		if err != nil {
			s.cfg.Log.Warn("cannot put the keychain back after a refused track", "profile", p.ID, "err", err)
		}
	}, nil
}

// dropStale deletes the keychain's copy of an older token before a dates-only entry becomes current; a
// token with no record is left alone and refused.
func (s *Services) dropStale(p store.Profile, old string, known *store.Token) error {
	if old == "" {
		return nil
	}
	fp := store.Token{Fingerprint: store.Fingerprint(old)}.ShortFingerprint()
	if known == nil {
		return refuse(ErrTrackStrayKeychain, "the keychain holds a token for %q that SCIM Renew has no record of "+
			"(fingerprint %s): track the token itself instead of its dates, so that it is tested and kept", p.Name, fp)
	}
	if err := s.kc.Delete(p.ID, secrets.KindTokenCurrent); err != nil {
		return fmt.Errorf("services: cannot remove the keychain's copy of the %s token, so nothing was recorded: %w", known.Status, err)
	}
	s.cfg.Log.Info("removed the keychain copy of an older token before tracking by dates", "profile", p.ID,
		"fingerprint", fp, "status", known.Status)
	return nil
}

// recorded returns the history's row of a token (nil when the history does not know it, or tok is "").
func (s *Services) recorded(ctx context.Context, p store.Profile, tok string) (*store.Token, error) {
	if tok == "" {
		return nil, nil
	}
	toks, err := s.cfg.Store.Tokens(ctx, p.ID)
	if err != nil {
		return nil, fmt.Errorf("services: cannot read the token history of %q: %w", p.Name, err)
	}
	fp := store.Fingerprint(tok)
	for i := range toks {
		if toks[i].Fingerprint == fp {
			return &toks[i], nil
		}
	}
	return nil, nil
}
