package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Renewal states, in the order DESIGN.md's protocol walks them, plus cancelled.
const (
	StateStarted   = "started"
	StateCreating  = "creating"
	StateCreated   = "created"
	StateVerified  = "verified"
	StateInstalled = "installed"
	StateDone      = "done"
	StateCancelled = "cancelled"
)

// Renewal is one row of the renewal journal.
type Renewal struct {
	ID         int64
	ProfileID  string
	State      string
	Mode       string // "api" or "hub_page"
	TokenID    int64  // the new token's row, once created
	StartedAt  time.Time
	UpdatedAt  time.Time
	FinishedAt time.Time
	LastError  string
	LeaseOwner string
	LeaseUntil time.Time
}

// Finished reports whether the renewal is done or cancelled.
func (r Renewal) Finished() bool { return r.State == StateDone || r.State == StateCancelled }

// LeaseHeldError reports that another window or command holds the profile's renewal.
type LeaseHeldError struct {
	Owner string
	Until time.Time
}

func (e *LeaseHeldError) Error() string {
	return fmt.Sprintf("another SCIM Renew window or command (%s) is running this renewal right now; finish it there, or wait until %s and try again",
		e.Owner, e.Until.Local().Format("15:04:05"))
}

// ErrLeaseLost reports a journal write by an owner that no longer holds the renewal's lease.
var ErrLeaseLost = errors.New("this renewal was taken over by another SCIM Renew window or command; continue it there")

const renewalCols = `id, profile_id, state, mode, token_id, started_at, updated_at, finished_at, last_error, lease_owner, lease_until`

func scanRenewal(r scanner) (Renewal, error) {
	var x Renewal
	var tokenID, started, updated, finished, until sql.NullInt64
	err := r.Scan(&x.ID, &x.ProfileID, &x.State, &x.Mode, &tokenID, &started, &updated, &finished, &x.LastError,
		&x.LeaseOwner, &until)
	if errors.Is(err, sql.ErrNoRows) {
		return x, ErrNotFound
	}
	x.TokenID = tokenID.Int64
	x.StartedAt, x.UpdatedAt, x.FinishedAt, x.LeaseUntil = fromMS(started), fromMS(updated), fromMS(finished), fromMS(until)
	return x, err
}

// Renewal returns one journal row.
func (s *Store) Renewal(ctx context.Context, id int64) (Renewal, error) {
	return scanRenewal(s.db.QueryRowContext(ctx, "SELECT "+renewalCols+" FROM renewals WHERE id = ?", id))
}

// OpenRenewal returns the profile's unfinished renewal, or ErrNotFound.
func (s *Store) OpenRenewal(ctx context.Context, profileID string) (Renewal, error) {
	return scanRenewal(s.db.QueryRowContext(ctx,
		"SELECT "+renewalCols+" FROM renewals WHERE profile_id = ? AND state NOT IN ('done','cancelled')", profileID))
}

// OpenRenewals returns every unfinished renewal.
func (s *Store) OpenRenewals(ctx context.Context) ([]Renewal, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+renewalCols+" FROM renewals WHERE state NOT IN ('done','cancelled') ORDER BY id")
	return collect(rows, err, scanRenewal)
}

// BeginRenewal takes the lease on the profile's unfinished renewal (resumed is true), or starts a new
// one in state started. It fails with *LeaseHeldError while another owner's lease is live.
func (s *Store) BeginRenewal(ctx context.Context, profileID, mode, owner string, ttl time.Duration) (r Renewal, resumed bool, err error) {
	now := s.now()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		r, err = scanRenewal(tx.QueryRowContext(ctx,
			"SELECT "+renewalCols+" FROM renewals WHERE profile_id = ? AND state NOT IN ('done','cancelled')", profileID))
		switch {
		case errors.Is(err, ErrNotFound):
			res, err := tx.ExecContext(ctx, `INSERT INTO renewals(profile_id, state, mode, started_at, updated_at, lease_owner, lease_until)
				VALUES(?, 'started', ?, ?, ?, ?, ?)`, profileID, mode, ms(now), ms(now), owner, ms(now.Add(ttl)))
			if err != nil {
				return err
			}
			id, _ := res.LastInsertId()
			r, err = scanRenewal(tx.QueryRowContext(ctx, "SELECT "+renewalCols+" FROM renewals WHERE id = ?", id))
			return err
		case err != nil:
			return err
		}
		if r.LeaseOwner != "" && r.LeaseOwner != owner && r.LeaseUntil.After(now) {
			return &LeaseHeldError{Owner: r.LeaseOwner, Until: r.LeaseUntil}
		}
		resumed = true
		r.LeaseOwner, r.LeaseUntil = owner, now.Add(ttl)
		_, err = tx.ExecContext(ctx, "UPDATE renewals SET lease_owner = ?, lease_until = ? WHERE id = ?", owner, ms(r.LeaseUntil), r.ID)
		return err
	})
	return r, resumed, err
}

// RenewLease extends the owner's lease (a heartbeat); ErrLeaseLost when someone else holds it now.
func (s *Store) RenewLease(ctx context.Context, id int64, owner string, ttl time.Duration) error {
	return s.leased(ctx, id, owner, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE renewals SET lease_until = ? WHERE id = ?", ms(s.now().Add(ttl)), id)
		return err
	})
}

// ReleaseLease gives the lease up so another window or command may continue the renewal at once.
func (s *Store) ReleaseLease(ctx context.Context, id int64, owner string) error {
	_, err := s.db.ExecContext(ctx, "UPDATE renewals SET lease_owner = '', lease_until = 0 WHERE id = ? AND lease_owner = ?", id, owner)
	return err
}

// leased runs fn in a transaction after checking that owner holds the renewal's lease.
func (s *Store) leased(ctx context.Context, id int64, owner string, fn func(*sql.Tx) error) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var holder string
		var state string
		err := tx.QueryRowContext(ctx, "SELECT lease_owner, state FROM renewals WHERE id = ?", id).Scan(&holder, &state)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if holder != owner || state == StateDone || state == StateCancelled {
			return ErrLeaseLost
		}
		return fn(tx)
	})
}

// SetRenewalState journals a state (clearing the stored error); the owner must hold the lease.
func (s *Store) SetRenewalState(ctx context.Context, id int64, owner, state string) error {
	return s.leased(ctx, id, owner, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE renewals SET state = ?, last_error = '', updated_at = ? WHERE id = ?", state, ms(s.now()), id)
		return err
	})
}

// SetRenewalError stores the error that stopped the renewal at its current step. msg must hold no secret.
func (s *Store) SetRenewalError(ctx context.Context, id int64, msg string) error {
	return s.exec1(ctx, "UPDATE renewals SET last_error = ?, updated_at = ? WHERE id = ?", msg, ms(s.now()), id)
}

// RecordCreatedToken adds the new token as pending and journals the renewal as created, in one
// transaction. The caller writes the token to the keychain as pending before calling this.
func (s *Store) RecordCreatedToken(ctx context.Context, id int64, owner string, t Token) (int64, error) {
	var tokenID int64
	err := s.leased(ctx, id, owner, func(tx *sql.Tx) error {
		t.Status = TokenPending
		var err error
		if tokenID, err = insertToken(ctx, tx, t); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE renewals SET state = 'created', token_id = ?, last_error = '', updated_at = ? WHERE id = ?",
			tokenID, ms(s.now()), id)
		return err
	})
	return tokenID, err
}

// MarkVerified records the passed probe on the new token and journals the renewal as verified.
func (s *Store) MarkVerified(ctx context.Context, id int64, owner string, at time.Time) error {
	return s.leased(ctx, id, owner, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE tokens SET verified_at = ?, health_result = 'ok', health_message = '', health_at = ? WHERE id = (SELECT token_id FROM renewals WHERE id = ?)", ms(at), ms(at), id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE renewals SET state = 'verified', last_error = '', updated_at = ? WHERE id = ?", ms(s.now()), id)
		return err
	})
}

// MarkInstalled records how Okta received the new token and journals the renewal as installed.
func (s *Store) MarkInstalled(ctx context.Context, id int64, owner string, at time.Time, method string) error {
	return s.leased(ctx, id, owner, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE tokens SET installed_at = ?, install_method = ? WHERE id = (SELECT token_id FROM renewals WHERE id = ?)", ms(at), method, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE renewals SET state = 'installed', last_error = '', updated_at = ? WHERE id = ?", ms(s.now()), id)
		return err
	})
}
