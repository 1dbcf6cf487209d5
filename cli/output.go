package cli

import (
	"encoding/json"
	"io"
	"time"

	"scimrenew/renewal"
	"scimrenew/services"
	"scimrenew/store"
)

// The --json shapes. They are documented in README-cli.md and only ever grow: fields are never renamed
// or removed. Times are RFC 3339 in UTC, and null when unknown. No secret is ever part of them: tokens
// appear as their SHA-256 fingerprint only.

type profileJSON struct {
	ID             string  `json:"id"`
	Name           string  `json:"name"`
	Mode           string  `json:"mode"` // "api" or "hub_page"
	HubURL         string  `json:"hub_url"`
	SCIMURL        string  `json:"scim_url"`
	TokenURL       string  `json:"token_url"`
	ClientID       string  `json:"client_id"`
	OktaOrgURL     string  `json:"okta_org_url"`
	OktaAdminURL   string  `json:"okta_admin_url"`
	OktaAppID      string  `json:"okta_app_id"`
	OktaAppName    string  `json:"okta_app_name"`
	OktaCredential string  `json:"okta_credential"` // "", "ssws" or "service_app"
	RemindMonths   int     `json:"remind_months"`
	RemindDays     []int   `json:"remind_days"`
	CreatedAt      *string `json:"created_at"`
	UpdatedAt      *string `json:"updated_at"`
}

type healthJSON struct {
	Result    string  `json:"result"` // a hub probe class: ok, rejected, wrong_url, ...
	Message   string  `json:"message"`
	CheckedAt *string `json:"checked_at"`
}

type tokenJSON struct {
	ID            int64       `json:"id"`
	Fingerprint   string      `json:"fingerprint"` // hex SHA-256 of the token
	Status        string      `json:"status"`
	CreatedAt     *string     `json:"created_at"`
	ExpiresAt     *string     `json:"expires_at"`
	ExpirySource  string      `json:"expiry_source"`
	VerifiedAt    *string     `json:"verified_at"`
	InstalledAt   *string     `json:"installed_at"`
	InstallMethod string      `json:"install_method"`
	DatesOnly     bool        `json:"dates_only"` // tracked by its dates alone: no fingerprint, never verified
	Health        *healthJSON `json:"health"`
}

type renewalJSON struct {
	ID         int64   `json:"id"`
	State      string  `json:"state"`
	Step       string  `json:"step"`
	Mode       string  `json:"mode"`
	StartedAt  *string `json:"started_at"`
	UpdatedAt  *string `json:"updated_at"`
	LastError  string  `json:"last_error"`
	LeaseOwner string  `json:"lease_owner"`
	LeaseUntil *string `json:"lease_until"`
}

type reminderJSON struct {
	Kind  string  `json:"kind"`
	DueAt *string `json:"due_at"`
}

func modeOf(p store.Profile) string {
	if p.APIMode() {
		return "api"
	}
	return "hub_page"
}

func toProfileJSON(p store.Profile) profileJSON {
	days := p.RemindDays
	if days == nil {
		days = []int{}
	}
	return profileJSON{
		ID: p.ID, Name: p.Name, Mode: modeOf(p), HubURL: p.HubURL, SCIMURL: p.SCIMURL,
		TokenURL: p.TokenURL, ClientID: p.ClientID, OktaOrgURL: p.OktaOrgURL, OktaAdminURL: p.OktaAdminURL,
		OktaAppID: p.OktaAppID, OktaAppName: p.OktaAppName, OktaCredential: p.OktaCredKind,
		RemindMonths: p.RemindMonths, RemindDays: days, CreatedAt: jsonTime(p.CreatedAt),
		UpdatedAt: jsonTime(p.UpdatedAt),
	}
}

func toTokenJSON(t store.Token) tokenJSON {
	j := tokenJSON{
		ID: t.ID, Fingerprint: t.Fingerprint, Status: t.Status, CreatedAt: jsonTime(t.CreatedAt),
		ExpiresAt: jsonTime(t.ExpiresAt), ExpirySource: t.ExpirySource, VerifiedAt: jsonTime(t.VerifiedAt),
		InstalledAt: jsonTime(t.InstalledAt), InstallMethod: t.InstallMethod, DatesOnly: t.DatesOnly(),
	}
	if t.HealthResult != "" {
		j.Health = &healthJSON{Result: t.HealthResult, Message: services.MessageText(t.HealthMessage), CheckedAt: jsonTime(t.HealthAt)}
	}
	return j
}

func toRenewalJSON(r store.Renewal) *renewalJSON {
	return &renewalJSON{
		ID: r.ID, State: r.State, Step: renewal.StepOf(r.State).String(), Mode: r.Mode,
		StartedAt: jsonTime(r.StartedAt), UpdatedAt: jsonTime(r.UpdatedAt), LastError: services.MessageText(r.LastError),
		LeaseOwner: r.LeaseOwner, LeaseUntil: jsonTime(r.LeaseUntil),
	}
}

// jsonTime is t as RFC 3339 in UTC, or nil (JSON null) when t is unknown.
func jsonTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// stepName names a journal state as the wizard's step indicator does.
func stepName(state string) string { return renewal.StepOf(state).String() }
