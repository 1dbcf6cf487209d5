package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Reminder is one scheduled reminder of a token, joined with what a notification needs to say.
type Reminder struct {
	ID           int64
	TokenID      int64
	Kind         string // e.g. "first", "14d", "7d", "1d", "expiry"
	DueAt        time.Time
	FiredAt      time.Time
	SnoozedUntil time.Time
	DismissedAt  time.Time

	// Filled by the queries that join the token and profile.
	ProfileID      string
	ProfileName    string
	TokenExpiresAt time.Time
}

// EffectiveDue is when the reminder next falls due: the snooze time when snoozed.
func (r Reminder) EffectiveDue() time.Time {
	if !r.SnoozedUntil.IsZero() {
		return r.SnoozedUntil
	}
	return r.DueAt
}

const reminderCols = `r.id, r.token_id, r.kind, r.due_at, r.fired_at, r.snoozed_until, r.dismissed_at,
	t.profile_id, p.name, t.expires_at`

const reminderFrom = ` FROM reminders r JOIN tokens t ON t.id = r.token_id JOIN profiles p ON p.id = t.profile_id `

func scanReminder(r scanner) (Reminder, error) {
	var x Reminder
	var due, fired, snoozed, dismissed, expires sql.NullInt64
	err := r.Scan(&x.ID, &x.TokenID, &x.Kind, &due, &fired, &snoozed, &dismissed, &x.ProfileID, &x.ProfileName, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return x, ErrNotFound
	}
	x.DueAt, x.FiredAt, x.SnoozedUntil, x.DismissedAt = fromMS(due), fromMS(fired), fromMS(snoozed), fromMS(dismissed)
	x.TokenExpiresAt = fromMS(expires)
	return x, err
}

func (s *Store) queryReminders(ctx context.Context, q string, args ...any) ([]Reminder, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+reminderCols+reminderFrom+q, args...)
	return collect(rows, err, scanReminder)
}

// ReplaceReminders sets a token's schedule: unfired reminders not in rs are removed, those in rs are
// added or moved to their new due time; fired and dismissed ones are kept as they are.
func (s *Store) ReplaceReminders(ctx context.Context, tokenID int64, rs []Reminder) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM reminders WHERE token_id = ? AND fired_at IS NULL AND dismissed_at IS NULL", tokenID); err != nil {
			return err
		}
		for _, r := range rs {
			_, err := tx.ExecContext(ctx, `INSERT INTO reminders(token_id, kind, due_at, next_at) VALUES(?, ?, ?, ?)
				ON CONFLICT(token_id, kind) DO NOTHING`, tokenID, r.Kind, ms(r.DueAt), ms(r.DueAt))
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// CancelReminders removes a token's unfired reminders.
func (s *Store) CancelReminders(ctx context.Context, tokenID int64) error {
	_, err := s.db.ExecContext(ctx, "DELETE FROM reminders WHERE token_id = ? AND fired_at IS NULL", tokenID)
	return err
}

// TokenReminders returns a token's reminders by due time.
func (s *Store) TokenReminders(ctx context.Context, tokenID int64) ([]Reminder, error) {
	return s.queryReminders(ctx, "WHERE r.token_id = ? ORDER BY r.due_at, r.id", tokenID)
}

// DueReminders returns the reminders of current tokens that are due at now: not fired, not dismissed,
// due (or snoozed until) at or before now.
func (s *Store) DueReminders(ctx context.Context, now time.Time) ([]Reminder, error) {
	return s.queryReminders(ctx, `WHERE t.status = 'current' AND r.fired_at IS NULL AND r.dismissed_at IS NULL
		AND r.next_at <= ? ORDER BY t.profile_id, r.due_at`, now.UnixMilli())
}

// NextReminder returns the profile's next reminder that has not fired yet, or ErrNotFound.
func (s *Store) NextReminder(ctx context.Context, profileID string) (Reminder, error) {
	rs, err := s.queryReminders(ctx, `WHERE t.profile_id = ? AND t.status = 'current' AND r.fired_at IS NULL
		AND r.dismissed_at IS NULL ORDER BY r.next_at LIMIT 1`, profileID)
	if err != nil {
		return Reminder{}, err
	}
	if len(rs) == 0 {
		return Reminder{}, ErrNotFound
	}
	return rs[0], nil
}

// MarkFired records that the reminders were notified.
func (s *Store) MarkFired(ctx context.Context, ids []int64, at time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, "UPDATE reminders SET fired_at = ? WHERE id = ?", ms(at), id); err != nil {
				return err
			}
		}
		return nil
	})
}

// Snooze makes a reminder fall due again at until.
func (s *Store) Snooze(ctx context.Context, id int64, until time.Time) error {
	return s.exec1(ctx, "UPDATE reminders SET snoozed_until = ?, next_at = ?, fired_at = NULL WHERE id = ?", ms(until), ms(until), id)
}

// Dismiss stops a reminder for good.
func (s *Store) Dismiss(ctx context.Context, id int64, at time.Time) error {
	return s.exec1(ctx, "UPDATE reminders SET dismissed_at = ? WHERE id = ?", ms(at), id)
}
