package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// FinishResult says what FinishRenewal moved, so the caller can order its keychain moves.
type FinishResult struct {
	Current    Token   // the renewal's token, now current
	Previous   *Token  // the token that was current, now previous (nil when there was none)
	Superseded []Token // tokens that were previous, now superseded: delete their keychain entries
}

// FinishRenewal moves the token statuses in one transaction — the new pending token to current, the
// old current to previous, the old previous to superseded — cancels the unfired reminders of every
// other token of the profile, and journals the renewal as done, releasing the lease.
func (s *Store) FinishRenewal(ctx context.Context, id int64, owner string) (FinishResult, error) {
	var res FinishResult
	err := s.leased(ctx, id, owner, func(tx *sql.Tx) error {
		r, err := scanRenewal(tx.QueryRowContext(ctx, "SELECT "+renewalCols+" FROM renewals WHERE id = ?", id))
		if err != nil {
			return err
		}
		if r.TokenID == 0 {
			return errors.New("store: the renewal has no token to finish with")
		}
		if res.Superseded, err = txTokens(ctx, tx, "SELECT "+tokenCols+" FROM tokens WHERE profile_id = ? AND status = 'previous'", r.ProfileID); err != nil {
			return err
		}
		prev, err := txTokens(ctx, tx, "SELECT "+tokenCols+" FROM tokens WHERE profile_id = ? AND status = 'current' AND id <> ?", r.ProfileID, r.TokenID)
		if err != nil {
			return err
		}
		if len(prev) > 0 {
			res.Previous = &prev[0]
			res.Previous.Status = TokenPrevious
		}
		for i := range res.Superseded {
			res.Superseded[i].Status = TokenSuperseded
		}
		steps := []string{
			"UPDATE tokens SET status = 'superseded' WHERE profile_id = ? AND status = 'previous'",
			"UPDATE tokens SET status = 'previous' WHERE profile_id = ? AND status = 'current' AND id <> ?",
			"UPDATE tokens SET status = 'current' WHERE profile_id = ? AND id = ?",
			`DELETE FROM reminders WHERE fired_at IS NULL AND token_id IN
				(SELECT id FROM tokens WHERE profile_id = ? AND id <> ?)`,
		}
		for i, q := range steps {
			args := []any{r.ProfileID}
			if i > 0 {
				args = append(args, r.TokenID)
			}
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				return err
			}
		}
		now := ms(s.now())
		if _, err := tx.ExecContext(ctx, `UPDATE renewals SET state = 'done', last_error = '', updated_at = ?, finished_at = ?,
			lease_owner = '', lease_until = 0 WHERE id = ?`, now, now, id); err != nil {
			return err
		}
		res.Current, err = scanToken(tx.QueryRowContext(ctx, "SELECT "+tokenCols+" FROM tokens WHERE id = ?", r.TokenID))
		return err
	})
	return res, err
}

// CancelRenewal abandons the renewal: its pending token (if any) becomes abandoned, the journal says
// cancelled and the lease is released. It returns the abandoned token's ID (0 when none), whose
// keychain entry the caller deletes.
func (s *Store) CancelRenewal(ctx context.Context, id int64, owner string) (int64, error) {
	var tokenID int64
	err := s.leased(ctx, id, owner, func(tx *sql.Tx) error {
		var tid sql.NullInt64
		if err := tx.QueryRowContext(ctx, "SELECT token_id FROM renewals WHERE id = ?", id).Scan(&tid); err != nil {
			return err
		}
		tokenID = tid.Int64
		if tid.Valid {
			if _, err := tx.ExecContext(ctx, "UPDATE tokens SET status = 'abandoned' WHERE id = ? AND status = 'pending'", tid.Int64); err != nil {
				return err
			}
		}
		now := ms(s.now())
		_, err := tx.ExecContext(ctx, `UPDATE renewals SET state = 'cancelled', updated_at = ?, finished_at = ?,
			lease_owner = '', lease_until = 0 WHERE id = ?`, now, now, id)
		return err
	})
	return tokenID, err
}

func txTokens(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]Token, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	return collect(rows, err, scanToken)
}

// RenewalsSince returns the renewals of a profile started at or after t, newest first (history view).
func (s *Store) RenewalsSince(ctx context.Context, profileID string, t time.Time) ([]Renewal, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+renewalCols+" FROM renewals WHERE profile_id = ? AND started_at >= ? ORDER BY id DESC", profileID, t.UnixMilli())
	return collect(rows, err, scanRenewal)
}
