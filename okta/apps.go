package okta

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// appsPageLimit is the page size asked of Okta (its maximum for apps).
const appsPageLimit = 200

// maxAppPages stops a runaway listing; 50 pages of 200 is far more than any org's apps.
const maxAppPages = 50

// App is the part of an Okta app instance SCIM Renew uses.
type App struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`       // the catalog key, e.g. scim2testapp
	Label      string   `json:"label"`      // what the admin named it
	Status     string   `json:"status"`     // ACTIVE, INACTIVE
	SignOnMode string   `json:"signOnMode"` // e.g. SAML_2_0
	Features   []string `json:"features"`   // provisioning features, e.g. PUSH_NEW_USERS
}

// FindApps lists the org's apps whose name or label starts with q (all apps when q is empty),
// following Okta's paging links to the end.
func (c *Client) FindApps(ctx context.Context, q string) ([]App, error) {
	query := url.Values{"limit": {fmt.Sprint(appsPageLimit)}}
	if q = strings.TrimSpace(q); q != "" {
		query.Set("q", q)
	}
	const op = "list the Okta apps"
	u := c.endpoint("/api/v1/apps", query)
	var all []App
	for page := 0; ; page++ {
		if page == maxAppPages {
			return all, fmt.Errorf("okta: more than %d apps match %q; type more of the app's name or label", len(all), q)
		}
		resp, body, err := c.do(ctx, call{method: http.MethodGet, url: u, op: op, scope: ScopeAppsRead})
		if err != nil {
			return nil, err
		}
		var apps []App
		if err := c.decodeJSON(resp, body, op, &apps); err != nil {
			return nil, err
		}
		all = append(all, apps...)
		next := nextLink(resp.Header.Values("Link"))
		if next == "" || len(apps) == 0 {
			return all, nil
		}
		if u, err = c.follow(u, next); err != nil {
			return nil, err
		}
	}
}

// GetApp reads one app by id.
func (c *Client) GetApp(ctx context.Context, id string) (App, error) {
	if err := checkAppID(id); err != nil {
		return App{}, err
	}
	op := "read the Okta app " + id
	resp, body, err := c.do(ctx, call{method: http.MethodGet, url: c.endpoint("/api/v1/apps/"+id, nil), op: op, scope: ScopeAppsRead})
	if err != nil {
		return App{}, err
	}
	var app App
	if err := c.decodeJSON(resp, body, op, &app); err != nil {
		return App{}, err
	}
	if app.ID == "" {
		return App{}, fmt.Errorf("okta: Okta's answer for app %s has no id; check the Okta org URL in Settings", id)
	}
	return app, nil
}
