package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Expiry sources of a tracked token whose expiry the token itself does not carry: the administrator gave
// the day it was created (the expiry is the lifetime after it) or the day it expires.
const (
	ExpiryGivenCreated = "given_created_date"
	ExpiryGivenExpires = "given_expiry_date"
)

// DatesOnlyLabel is how the history and status name a token tracked by its dates alone: SCIM Renew never
// held it, so it has no fingerprint and was never verified.
const DatesOnlyLabel = "dates only, not verified"

// DatesOnly reports a token tracked by its dates alone: the administrator gave only when it was made or
// when it expires, so there is no fingerprint, nothing in the keychain, and nothing to probe.
func (t Token) DatesOnly() bool { return t.Fingerprint == "" }

// ErrHasCurrentToken reports a profile that already has a current token, so there is nothing to track:
// the next renewal replaces the current token.
var ErrHasCurrentToken = errors.New("store: the profile already has a current token")

// ErrRenewalOpen reports a profile with an unfinished renewal: its new token is on the way to becoming
// current, so another current token cannot be tracked beside it.
var ErrRenewalOpen = errors.New("store: the profile has an unfinished renewal")

// TrackToken records a token that was in Okta before SCIM Renew knew of it as the profile's current token,
// with its reminders (their TokenID is set here), in one transaction: either both are saved or neither.
// It refuses with ErrHasCurrentToken when the profile has a current token and with ErrRenewalOpen during
// an unfinished renewal. t.Status is set to current; t.Fingerprint is empty for a dates-only entry. With a
// token, the caller writes it to the keychain as the current token before calling this.
func (s *Store) TrackToken(ctx context.Context, t Token, rs []Reminder) (Token, error) {
	t.Status = TokenCurrent
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM profiles WHERE id = ?", t.ProfileID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("store: the profile no longer exists: %w", ErrNotFound)
		}
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM tokens WHERE profile_id = ? AND status = 'current'", t.ProfileID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ErrHasCurrentToken
		}
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM renewals WHERE profile_id = ? AND state NOT IN ('done','cancelled')", t.ProfileID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ErrRenewalOpen
		}
		id, err := insertToken(ctx, tx, t)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if _, err := tx.ExecContext(ctx, "INSERT INTO reminders(token_id, kind, due_at, next_at) VALUES(?, ?, ?, ?)",
				id, r.Kind, ms(r.DueAt), ms(r.DueAt)); err != nil {
				return err
			}
		}
		t, err = scanToken(tx.QueryRowContext(ctx, "SELECT "+tokenCols+" FROM tokens WHERE id = ?", id))
		return err
	})
	if err != nil {
		return Token{}, err
	}
	return t, nil
}
