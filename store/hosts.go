package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// CredentialHosts are the hosts a profile's stored credentials were saved for (not secret): a
// credential is sent only to the host it is bound to. A host is "host" or "host:port" in lower case,
// without the scheme's default port; "" when the address is not set.
type CredentialHosts struct {
	// Hub is the Hub Client Secret's: the token endpoint's host in API mode, else the Hub URL's (the
	// page where the administrator pastes it).
	Hub string
	// Okta is the Okta credential's: the Okta org's host.
	Okta string
	// SCIM is the SCIM tokens': the SCIM base URL's host.
	SCIM string
}

// HostsOf returns the hosts p's addresses would send each credential to.
func HostsOf(p Profile) CredentialHosts {
	hub := p.HubURL
	if p.APIMode() {
		hub = p.TokenURL
	}
	return CredentialHosts{Hub: URLHost(hub), Okta: URLHost(p.OktaOrgURL), SCIM: URLHost(p.SCIMURL)}
}

// URLHost is the host (and port, unless it is the scheme's default) of an address, in lower case; ""
// when raw is empty or has no host.
func URLHost(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return ""
	}
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if port == "" || (u.Scheme == "https" && port == "443") || (u.Scheme == "http" && port == "80") {
		if strings.Contains(host, ":") {
			return "[" + host + "]"
		}
		return host
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return host + ":" + port
}

// CredentialHosts returns the hosts the profile's stored credentials are bound to.
func (s *Store) CredentialHosts(ctx context.Context, profileID string) (CredentialHosts, error) {
	var h CredentialHosts
	err := s.db.QueryRowContext(ctx, "SELECT hub_cred_host, okta_cred_host, scim_cred_host FROM profiles WHERE id = ?",
		profileID).Scan(&h.Hub, &h.Okta, &h.SCIM)
	if errors.Is(err, sql.ErrNoRows) {
		return h, ErrNotFound
	}
	if err != nil {
		return h, fmt.Errorf("store: cannot read the hosts of the profile's credentials: %w", err)
	}
	return h, nil
}

// UpdateProfileBound saves p like UpdateProfile and, in the same transaction, binds its stored
// credentials to hosts.
func (s *Store) UpdateProfileBound(ctx context.Context, p Profile, hosts CredentialHosts) (Profile, error) {
	return s.updateProfile(ctx, p, &hosts)
}

func setHosts(ctx context.Context, tx *sql.Tx, profileID string, h CredentialHosts) error {
	_, err := tx.ExecContext(ctx, "UPDATE profiles SET hub_cred_host = ?, okta_cred_host = ?, scim_cred_host = ? WHERE id = ?",
		h.Hub, h.Okta, h.SCIM, profileID)
	return err
}

// bindExistingProfiles is the Go step of schema 3: every profile's credentials are bound to the hosts
// its addresses name at the moment the app is updated, the hosts they were saved for as far as anyone
// can know.
func bindExistingProfiles(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, "SELECT id, hub_url, scim_url, token_url, okta_org_url FROM profiles")
	if err != nil {
		return err
	}
	var ps []Profile
	for rows.Next() {
		var p Profile
		if err := rows.Scan(&p.ID, &p.HubURL, &p.SCIMURL, &p.TokenURL, &p.OktaOrgURL); err != nil {
			rows.Close()
			return err
		}
		ps = append(ps, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, p := range ps {
		if err := setHosts(ctx, tx, p.ID, HostsOf(p)); err != nil {
			return err
		}
	}
	return nil
}
