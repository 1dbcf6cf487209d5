package okta

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// Provisioning connection values Okta reports.
const (
	AuthSchemeToken   = "TOKEN"
	AuthSchemeOAuth2  = "OAUTH2"
	AuthSchemeUnknown = "UNKNOWN"
	StatusEnabled     = "ENABLED"
	StatusDisabled    = "DISABLED"
	StatusUnknown     = "UNKNOWN"
)

// Connection is an app's default provisioning connection as Okta reports it; Okta never returns the token.
type Connection struct {
	AuthScheme string // profile.authScheme: TOKEN, OAUTH2 or UNKNOWN
	Status     string // ENABLED, DISABLED or UNKNOWN
	BaseURL    string // only some apps report it
}

// TokenSettable reports whether SetToken may set a token on this connection: the scheme is TOKEN and the
// status is known. UNKNOWN in either means Okta's API does not support the app.
func (c Connection) TokenSettable() bool {
	return c.AuthScheme == AuthSchemeToken && c.Status != StatusUnknown && c.Status != ""
}

type connectionWire struct {
	AuthScheme string `json:"authScheme"`
	BaseURL    string `json:"baseUrl"`
	Profile    struct {
		AuthScheme string `json:"authScheme"`
	} `json:"profile"`
	Status string `json:"status"`
}

func (w connectionWire) connection() Connection {
	// Okta's own words, but they are quoted in errors: no control characters, no essays.
	scheme := serverText(w.Profile.AuthScheme, 40)
	if scheme == "" {
		scheme = AuthSchemeUnknown
	}
	status := serverText(w.Status, 40)
	if status == "" {
		status = StatusUnknown
	}
	return Connection{AuthScheme: scheme, Status: status, BaseURL: w.BaseURL}
}

func (c *Client) connectionURL(appID string, q url.Values) *url.URL {
	return c.endpoint("/api/v1/apps/"+appID+"/connections/default", q)
}

// GetConnection reads an app's default provisioning connection. An UNKNOWN scheme or status is a
// successful read; TokenSettable tells whether SetToken can use it.
func (c *Client) GetConnection(ctx context.Context, appID string) (Connection, error) {
	if err := checkAppID(appID); err != nil {
		return Connection{}, err
	}
	op := "read the provisioning connection of app " + appID
	resp, body, err := c.do(ctx, call{method: http.MethodGet, url: c.connectionURL(appID, nil), op: op, scope: ScopeAppsRead})
	if err != nil {
		return Connection{}, err
	}
	var w connectionWire
	if err := c.decodeJSON(resp, body, op, &w); err != nil {
		return Connection{}, err
	}
	return w.connection(), nil
}

// SetToken gives an app's provisioning connection a new SCIM bearer token through Okta's Connections
// API. It reads the connection first and sets nothing unless the scheme is TOKEN and the status is
// known; otherwise it returns ErrConnectionsUnsupported (wrapped) and the caller sends the admin to
// AdminDeepLink. It posts {"profile":{"authScheme":"TOKEN","token":...}} with activate=true, then
// reads the connection back and requires ENABLED (ErrConnectionNotEnabled otherwise). The token is sent
// in that one request body only and appears in no error.
func (c *Client) SetToken(ctx context.Context, appID, token string) (Connection, error) {
	if err := checkAppID(appID); err != nil {
		return Connection{}, err
	}
	if err := checkSCIMToken(token); err != nil {
		return Connection{}, err
	}
	before, err := c.GetConnection(ctx, appID)
	if err != nil {
		return Connection{}, err
	}
	if !before.TokenSettable() {
		return before, unsupported(before)
	}
	if err := c.postToken(ctx, appID, token); err != nil {
		return Connection{}, err
	}
	after, err := c.GetConnection(ctx, appID)
	if err != nil {
		return Connection{}, fmt.Errorf("okta: Okta took the token but reading the connection back failed; check the app's Provisioning tab: %w", err)
	}
	if after.AuthScheme != AuthSchemeToken || after.Status != StatusEnabled {
		return after, fmt.Errorf("%w: it reads %s/%s; open the app's Provisioning tab in Okta, check the token there and enable the integration", ErrConnectionNotEnabled, after.AuthScheme, after.Status)
	}
	return after, nil
}

func unsupported(conn Connection) error {
	if conn.AuthScheme == AuthSchemeOAuth2 {
		return fmt.Errorf("%w (Okta reports that the app connects with OAuth 2.0, not a token)", ErrConnectionsUnsupported)
	}
	return fmt.Errorf("%w (Okta reports the connection as %s/%s)", ErrConnectionsUnsupported, conn.AuthScheme, conn.Status)
}

type tokenRequest struct {
	Profile struct {
		AuthScheme string `json:"authScheme"`
		Token      string `json:"token"`
	} `json:"profile"`
}

func (c *Client) postToken(ctx context.Context, appID, token string) error {
	var tr tokenRequest
	tr.Profile.AuthScheme, tr.Profile.Token = AuthSchemeToken, token
	body, err := json.Marshal(tr)
	if err != nil {
		return fmt.Errorf("okta: encoding the token request: %w", err)
	}
	defer clear(body)
	op := "set the provisioning token of app " + appID
	resp, rbody, err := c.do(ctx, call{
		method: http.MethodPost, url: c.connectionURL(appID, url.Values{"activate": {"true"}}),
		body: body, op: op, scope: ScopeAppsManage, secrets: []string{token},
	})
	if err != nil {
		return err
	}
	var w connectionWire
	if err := c.decodeJSON(resp, rbody, op, &w); err != nil {
		return err
	}
	if conn := w.connection(); conn.AuthScheme != AuthSchemeToken {
		return unsupported(conn)
	}
	return nil
}

// checkSCIMToken refuses an empty or visibly damaged token without echoing it.
func checkSCIMToken(token string) error {
	if token == "" {
		return errors.New("okta: the SCIM token to set is empty")
	}
	for _, r := range token {
		if r <= ' ' || r == 0x7f {
			return errors.New("okta: the SCIM token contains spaces or line breaks; copy it again")
		}
	}
	if len(token) > 16<<10 {
		return errors.New("okta: the SCIM token is implausibly long (over 16 KB); copy it again")
	}
	return nil
}
