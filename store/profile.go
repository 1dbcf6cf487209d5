package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Okta credential kinds a profile may use.
const (
	OktaCredNone       = ""
	OktaCredSSWS       = "ssws"
	OktaCredServiceApp = "service_app"
)

// Profile is one QorusDocs tenant and Okta app pair. It holds no secret: the Hub client secret and the
// Okta credential live in the keychain under the profile's ID.
type Profile struct {
	ID           string // UUID; the keychain key
	Name         string
	HubURL       string
	SCIMURL      string // SCIM base URL, e.g. https://acme.qorusdocs.com/scim/v2
	TokenURL     string // optional OAuth token endpoint; API mode exactly when set
	ClientID     string
	OktaOrgURL   string
	OktaAdminURL string // only for custom domains, where the admin host cannot be derived
	OktaAppID    string
	OktaAppName  string
	OktaCredKind string // OktaCredNone, OktaCredSSWS or OktaCredServiceApp
	OktaClientID string // the service app's client ID (not secret)
	OktaKeyID    string // the service app key's kid
	RemindMonths int    // first reminder this many calendar months before expiry
	RemindDays   []int  // then these many days before expiry
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// APIMode reports whether the app creates tokens itself (a token endpoint is configured).
func (p Profile) APIMode() bool { return p.TokenURL != "" }

// DefaultRemindMonths is the first reminder's lead time: the vendor's rule, one month before a
// 12-month expiry (the escalation follows in DefaultRemindDays).
const DefaultRemindMonths = 1

// DefaultRemindDays are the escalation reminders, in days before expiry.
var DefaultRemindDays = []int{14, 7, 1}

// ErrDuplicateName reports a profile name already in use.
var ErrDuplicateName = errors.New("a profile with this name already exists; choose another name")

const profileCols = `id, name, hub_url, scim_url, token_url, client_id, okta_org_url, okta_admin_url, okta_app_id,
	okta_app_name, okta_cred_kind, okta_client_id, okta_key_id, remind_months, remind_days, created_at, updated_at`

// CreateProfile validates p against the existing profiles and inserts it, assigning a new UUID when
// p.ID is empty, with its credentials bound to the hosts its addresses name. It returns the stored
// profile.
func (s *Store) CreateProfile(ctx context.Context, p Profile) (Profile, error) {
	if p.ID == "" {
		p.ID = uuid.NewString()
	}
	normalizeReminders(&p)
	now := s.now()
	p.CreatedAt, p.UpdatedAt = now, now
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.validateIn(ctx, tx, p); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO profiles(`+profileCols+`) VALUES(`+placeholders(17)+`)`, profileArgs(p)...)
		if err != nil {
			return mapConstraint(err)
		}
		return setHosts(ctx, tx, p.ID, HostsOf(p)) // the credentials saved with a new profile are for its hosts
	})
	return p, err
}

// UpdateProfile validates and saves p (matched by ID). The hosts its stored credentials are bound to
// stay as they were (UpdateProfileBound moves them).
func (s *Store) UpdateProfile(ctx context.Context, p Profile) (Profile, error) {
	return s.updateProfile(ctx, p, nil)
}

func (s *Store) updateProfile(ctx context.Context, p Profile, hosts *CredentialHosts) (Profile, error) {
	normalizeReminders(&p)
	p.UpdatedAt = s.now()
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.validateIn(ctx, tx, p); err != nil {
			return err
		}
		args := profileArgs(p)
		res, err := tx.ExecContext(ctx, `UPDATE profiles SET name=?, hub_url=?, scim_url=?, token_url=?, client_id=?,
			okta_org_url=?, okta_admin_url=?, okta_app_id=?, okta_app_name=?, okta_cred_kind=?, okta_client_id=?,
			okta_key_id=?, remind_months=?, remind_days=?, updated_at=? WHERE id=?`,
			append(args[1:15], args[16], args[0])...)
		if err != nil {
			return mapConstraint(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		if hosts != nil {
			return setHosts(ctx, tx, p.ID, *hosts)
		}
		return nil
	})
	return p, err
}

func (s *Store) validateIn(ctx context.Context, tx *sql.Tx, p Profile) error {
	var names []NameID
	rows, err := tx.QueryContext(ctx, "SELECT id, name FROM profiles")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var n NameID
		if err := rows.Scan(&n.ID, &n.Name); err != nil {
			return err
		}
		names = append(names, n)
	}
	if errs := ValidateProfile(p, names); len(errs) > 0 {
		return errs
	}
	return rows.Err()
}

func mapConstraint(err error) error {
	if isUniqueViolation(err) { // sqlite_cgo.go: the driver's error type exists only with cgo
		return FieldErrors{FieldName: ErrDuplicateName.Error()}
	}
	return err
}

// DeleteProfile removes a profile with its token history, renewals and reminders. The caller removes
// its keychain entries too.
func (s *Store) DeleteProfile(ctx context.Context, id string) error {
	res, err := s.db.ExecContext(ctx, "DELETE FROM profiles WHERE id = ?", id)
	if err != nil {
		return fmt.Errorf("store: cannot delete the profile: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// Profile returns the profile with the given ID.
func (s *Store) Profile(ctx context.Context, id string) (Profile, error) {
	return scanProfile(s.db.QueryRowContext(ctx, "SELECT "+profileCols+" FROM profiles WHERE id = ?", id))
}

// ProfileByName returns the profile with the given name (case-insensitive).
func (s *Store) ProfileByName(ctx context.Context, name string) (Profile, error) {
	return scanProfile(s.db.QueryRowContext(ctx, "SELECT "+profileCols+" FROM profiles WHERE name = ?", name))
}

// Profiles returns every profile, by name.
func (s *Store) Profiles(ctx context.Context) ([]Profile, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+profileCols+" FROM profiles ORDER BY name COLLATE NOCASE")
	return collect(rows, err, scanProfile)
}

type scanner interface{ Scan(...any) error }

func scanProfile(r scanner) (Profile, error) {
	var p Profile
	var days string
	var created, updated sql.NullInt64
	err := r.Scan(&p.ID, &p.Name, &p.HubURL, &p.SCIMURL, &p.TokenURL, &p.ClientID, &p.OktaOrgURL, &p.OktaAdminURL,
		&p.OktaAppID, &p.OktaAppName, &p.OktaCredKind, &p.OktaClientID, &p.OktaKeyID, &p.RemindMonths, &days,
		&created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	p.RemindDays = decodeDays(days)
	p.CreatedAt, p.UpdatedAt = fromMS(created), fromMS(updated)
	return p, err
}

func profileArgs(p Profile) []any {
	return []any{
		p.ID, p.Name, p.HubURL, p.SCIMURL, p.TokenURL, p.ClientID, p.OktaOrgURL, p.OktaAdminURL,
		p.OktaAppID, p.OktaAppName, p.OktaCredKind, p.OktaClientID, p.OktaKeyID, p.RemindMonths,
		encodeDays(p.RemindDays), ms(p.CreatedAt), ms(p.UpdatedAt),
	}
}

func normalizeReminders(p *Profile) {
	if p.RemindMonths <= 0 {
		p.RemindMonths = DefaultRemindMonths
	}
	if p.RemindDays == nil {
		p.RemindDays = append([]int(nil), DefaultRemindDays...)
	}
}

// encodeDays is the remind_days column's encoding ("14,7,1"); what people type is parsed by
// services.ParseLeadDays, which this never sees.
func encodeDays(d []int) string {
	parts := make([]string, len(d))
	for i, v := range d {
		parts[i] = strconv.Itoa(v)
	}
	return strings.Join(parts, ",")
}

// decodeDays reads the remind_days column back (encodeDays' output, so no validation is needed).
func decodeDays(s string) []int {
	out := []int{}
	for _, f := range strings.Split(s, ",") {
		if v, err := strconv.Atoi(strings.TrimSpace(f)); err == nil {
			out = append(out, v)
		}
	}
	return out
}
