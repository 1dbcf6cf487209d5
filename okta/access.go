package okta

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"
)

// Access says whether the credential may do something.
type Access int

// Access values.
const (
	AccessUnknown Access = iota // could not be found out without changing anything
	AccessAllowed
	AccessDenied
)

// String returns "unknown", "allowed" or "denied".
func (a Access) String() string {
	switch a {
	case AccessAllowed:
		return "allowed"
	case AccessDenied:
		return "denied"
	}
	return "unknown"
}

// Permissions is what "Test Okta access" found the credential may do, using harmless read-only calls.
type Permissions struct {
	Credential string      // "API token" or "service app"
	Scopes     []string    // service app: the scopes Okta granted its token
	ReadApps   Access      // may look apps up (okta.apps.read)
	ReadLogs   Access      // may read the System Log (okta.logs.read)
	ManageApps Access      // may set a provisioning token (okta.apps.manage); unknown for API tokens
	App        *App        // the app, when an app id was given and found
	Connection *Connection // the app's provisioning connection, when it could be read
	Notes      []string    // one sentence per finding, ready to show
}

// CanSetToken reports whether SetToken is expected to work for the tested app.
func (p Permissions) CanSetToken() bool {
	return p.ManageApps != AccessDenied && p.Connection != nil && p.Connection.TokenSettable()
}

// TestAccess finds out what the credential may do, for the app appID when given (may be empty):
// it gets a token (service app), reads the app and its provisioning connection, and reads one System
// Log event; it changes nothing. An error means the credential itself was refused or Okta could not be
// reached; a missing permission is reported in Permissions, not as an error.
func (c *Client) TestAccess(ctx context.Context, appID string) (Permissions, error) {
	p := Permissions{Credential: c.kind}
	if err := c.testCredential(ctx, &p); err != nil {
		return p, err
	}
	if err := c.testApps(ctx, appID, &p); err != nil {
		return p, err
	}
	if err := c.testLogs(ctx, &p); err != nil {
		return p, err
	}
	return p, nil
}

func (c *Client) testCredential(ctx context.Context, p *Permissions) error {
	sa, ok := c.auth.(*serviceAuth)
	if !ok {
		p.ManageApps = AccessUnknown
		p.note("Whether an API token may set provisioning tokens cannot be checked without changing something: it acts with the role of the admin who created it (Super Administrator or Application Administrator can).")
		return nil
	}
	scopes, err := sa.grantedScopes(ctx)
	if err != nil {
		return err
	}
	p.Scopes = scopes
	if slices.Contains(scopes, ScopeAppsManage) {
		p.ManageApps = AccessAllowed
		p.note("Okta granted okta.apps.manage, so the service app may set provisioning tokens (if its admin role covers the app).")
	} else {
		p.ManageApps = AccessDenied
		p.note("Okta did not grant okta.apps.manage: grant it under the service app's Okta API Scopes to let SCIM Renew set tokens itself; until then it opens the Provisioning tab for you.")
	}
	return nil
}

func (c *Client) testApps(ctx context.Context, appID string, p *Permissions) error {
	var err error
	if appID == "" {
		q := url.Values{"limit": {"1"}}
		_, _, err = c.do(ctx, call{method: http.MethodGet, url: c.endpoint("/api/v1/apps", q), op: "list the Okta apps", scope: ScopeAppsRead})
	} else {
		var app App
		if app, err = c.GetApp(ctx, appID); err == nil {
			p.App = &app
		}
	}
	switch access, fatal := classify(err); {
	case fatal:
		return err
	case access == AccessDenied:
		p.ReadApps = AccessDenied
		p.note("The credential may not read apps, so Find my app and setting tokens cannot work: " + advice(err))
		return nil
	case err != nil: // not found: reading works, the id is wrong
		p.ReadApps = AccessAllowed
		p.note(fmt.Sprintf("The credential may read apps, but Okta has no app with id %s: check it, or use Find my app.", appID))
		return nil
	}
	p.ReadApps = AccessAllowed
	if p.App == nil {
		p.note("The credential may read apps.")
		return nil
	}
	p.note(fmt.Sprintf("The credential may read apps and found %q (%s).", p.App.Label, p.App.Name))
	return c.testConnection(ctx, p)
}

func (c *Client) testConnection(ctx context.Context, p *Permissions) error {
	conn, err := c.GetConnection(ctx, p.App.ID)
	if _, fatal := classify(err); fatal {
		return err
	}
	switch {
	case err != nil:
		p.note("The app's provisioning connection could not be read: " + advice(err))
	case conn.TokenSettable():
		p.Connection = &conn
		p.note(fmt.Sprintf("Okta's API can set this app's token (connection %s, %s).", conn.AuthScheme, conn.Status))
	default:
		p.Connection = &conn
		p.note(fmt.Sprintf("Okta's API cannot set this app's token (connection %s/%s), so SCIM Renew will open the app's Provisioning tab for you to paste it.", conn.AuthScheme, conn.Status))
	}
	return nil
}

func (c *Client) testLogs(ctx context.Context, p *Permissions) error {
	now := c.nowUTC()
	q := url.Values{
		"since": {now.Add(-time.Hour).Format(time.RFC3339Nano)},
		"until": {now.Format(time.RFC3339Nano)},
		"limit": {"1"},
	}
	_, _, err := c.do(ctx, call{method: http.MethodGet, url: c.endpoint("/api/v1/logs", q), op: "read the Okta System Log", scope: ScopeLogsRead})
	access, fatal := classify(err)
	if fatal {
		return err
	}
	p.ReadLogs = access
	if access == AccessDenied {
		p.note("The credential may not read the System Log, so SCIM Renew cannot warn when Okta's provisioning calls already fail: " + advice(err))
		return nil
	}
	p.note("The credential may read the System Log.")
	return nil
}

// classify sorts a probe's error: nil is allowed; 403 is denied; 404 is allowed (the thing is
// missing, not forbidden); anything else (credential refused, network, server) is fatal.
func classify(err error) (Access, bool) {
	if err == nil {
		return AccessAllowed, false
	}
	var ae *APIError
	if !errors.As(err, &ae) {
		return AccessUnknown, true
	}
	switch {
	case ae.Status == http.StatusForbidden:
		return AccessDenied, false
	case ae.Status == http.StatusNotFound:
		return AccessAllowed, false
	}
	return AccessUnknown, true
}

// advice is the fix an APIError suggests, for a note.
func advice(err error) string {
	var ae *APIError
	if errors.As(err, &ae) {
		if a := ae.advice(); a != "" {
			return a + "."
		}
	}
	return err.Error()
}

func (p *Permissions) note(s string) { p.Notes = append(p.Notes, s) }
