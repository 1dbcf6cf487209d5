package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"time"
)

// Token statuses, as DESIGN.md's renewal protocol moves them.
const (
	TokenPending    = "pending"
	TokenCurrent    = "current"
	TokenPrevious   = "previous"
	TokenSuperseded = "superseded"
	TokenExpired    = "expired"
	TokenAbandoned  = "abandoned"
)

// Install methods recorded on a token.
const (
	InstallAPI    = "api"    // set through Okta's Connections API and read back
	InstallManual = "manual" // pasted by the admin after the deep link
	// InstallAlreadyInOkta: the token was in Okta before SCIM Renew knew of it, and was tracked
	// ("Track my current token") rather than renewed.
	InstallAlreadyInOkta = "already_in_okta"
)

// Token is one entry of a profile's token history. It never holds the token itself.
type Token struct {
	ID            int64
	ProfileID     string
	Fingerprint   string // hex SHA-256 of the token; "" for a token tracked by its dates only
	CreatedAt     time.Time
	ExpiresAt     time.Time
	ExpirySource  string // how the expiry was known: jwt_exp, expires_in, assumed_12_months, given_created_date, given_expiry_date
	VerifiedAt    time.Time
	InstalledAt   time.Time
	InstallMethod string
	Status        string
	HealthResult  string // the last health probe's class ("ok", "rejected", ...), "" when never probed
	HealthMessage string
	HealthAt      time.Time
}

// ShortFingerprint is the first 12 hex digits of the fingerprint, as the history shows it; for a token
// tracked by its dates alone, which has no fingerprint, it is DatesOnlyLabel, so every list of tokens
// shows such an entry for what it is.
func (t Token) ShortFingerprint() string {
	if t.DatesOnly() {
		return DatesOnlyLabel
	}
	if len(t.Fingerprint) < 12 {
		return t.Fingerprint
	}
	return t.Fingerprint[:12]
}

// Fingerprint returns the hex SHA-256 of a token: what the store keeps instead of the token.
func Fingerprint(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

const tokenCols = `id, profile_id, fingerprint, created_at, expires_at, expiry_source, verified_at, installed_at,
	install_method, status, health_result, health_message, health_at`

func scanToken(r scanner) (Token, error) {
	var t Token
	var created, expires, verified, installed, health sql.NullInt64
	err := r.Scan(&t.ID, &t.ProfileID, &t.Fingerprint, &created, &expires, &t.ExpirySource, &verified, &installed,
		&t.InstallMethod, &t.Status, &t.HealthResult, &t.HealthMessage, &health)
	if errors.Is(err, sql.ErrNoRows) {
		return t, ErrNotFound
	}
	t.CreatedAt, t.ExpiresAt, t.VerifiedAt = fromMS(created), fromMS(expires), fromMS(verified)
	t.InstalledAt, t.HealthAt = fromMS(installed), fromMS(health)
	return t, err
}

func insertToken(ctx context.Context, tx *sql.Tx, t Token) (int64, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO tokens(profile_id, fingerprint, created_at, expires_at, expiry_source,
		verified_at, installed_at, install_method, status, health_result, health_message, health_at)
		VALUES(?,?,?,?,?,?,?,?,?,?,?,?)`,
		t.ProfileID, t.Fingerprint, ms(t.CreatedAt), ms(t.ExpiresAt), t.ExpirySource, ms(t.VerifiedAt),
		ms(t.InstalledAt), t.InstallMethod, t.Status, t.HealthResult, t.HealthMessage, ms(t.HealthAt))
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// InsertToken adds a token to a profile's history (used to import a token that exists already, and by
// tests); a renewal records its new token with RecordCreatedToken instead.
func (s *Store) InsertToken(ctx context.Context, t Token) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = insertToken(ctx, tx, t)
		return err
	})
	return id, err
}

// Token returns one token row.
func (s *Store) Token(ctx context.Context, id int64) (Token, error) {
	return scanToken(s.db.QueryRowContext(ctx, "SELECT "+tokenCols+" FROM tokens WHERE id = ?", id))
}

// CurrentToken returns the profile's current token, or ErrNotFound.
func (s *Store) CurrentToken(ctx context.Context, profileID string) (Token, error) {
	return scanToken(s.db.QueryRowContext(ctx,
		"SELECT "+tokenCols+" FROM tokens WHERE profile_id = ? AND status = 'current'", profileID))
}

// Tokens returns a profile's token history, newest first.
func (s *Store) Tokens(ctx context.Context, profileID string) ([]Token, error) {
	return s.queryTokens(ctx, "SELECT "+tokenCols+" FROM tokens WHERE profile_id = ? ORDER BY created_at DESC, id DESC", profileID)
}

// TokensPage returns at most limit tokens of a profile's history, newest first, skipping the first
// offset: the history screen loads the rows it shows, page by page, however long the history is.
func (s *Store) TokensPage(ctx context.Context, profileID string, offset, limit int) ([]Token, error) {
	return s.queryTokens(ctx, "SELECT "+tokenCols+" FROM tokens WHERE profile_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
		profileID, limit, offset)
}

// CountTokens returns how many tokens a profile's history holds.
func (s *Store) CountTokens(ctx context.Context, profileID string) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM tokens WHERE profile_id = ?", profileID).Scan(&n)
	return n, err
}

// TokensWithStatus returns every token in the given status across all profiles.
func (s *Store) TokensWithStatus(ctx context.Context, status string) ([]Token, error) {
	return s.queryTokens(ctx, "SELECT "+tokenCols+" FROM tokens WHERE status = ? ORDER BY profile_id, id", status)
}

func (s *Store) queryTokens(ctx context.Context, q string, args ...any) ([]Token, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	return collect(rows, err, scanToken)
}

// SetTokenVerified records when the SCIM probe passed with the token.
func (s *Store) SetTokenVerified(ctx context.Context, id int64, at time.Time) error {
	return s.exec1(ctx, "UPDATE tokens SET verified_at = ? WHERE id = ?", ms(at), id)
}

// SetTokenInstalled records when and how Okta received the token.
func (s *Store) SetTokenInstalled(ctx context.Context, id int64, at time.Time, method string) error {
	return s.exec1(ctx, "UPDATE tokens SET installed_at = ?, install_method = ? WHERE id = ?", ms(at), method, id)
}

// SetTokenHealth records the last health probe's result on a token.
func (s *Store) SetTokenHealth(ctx context.Context, id int64, result, message string, at time.Time) error {
	return s.exec1(ctx, "UPDATE tokens SET health_result = ?, health_message = ?, health_at = ? WHERE id = ?",
		result, message, ms(at), id)
}

// MarkExpired moves a current or previous token to expired and returns whether it changed.
func (s *Store) MarkExpired(ctx context.Context, id int64) (bool, error) {
	res, err := s.db.ExecContext(ctx, "UPDATE tokens SET status = 'expired' WHERE id = ? AND status IN ('current','previous')", id)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

func (s *Store) exec1(ctx context.Context, q string, args ...any) error {
	res, err := s.db.ExecContext(ctx, q, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}
