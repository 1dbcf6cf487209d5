package okta

import (
	"context"
	"errors"
	"strings"
	"testing"

	"scimrenew/okta/oktatest"
)

func TestTestAccess(t *testing.T) {
	cases := []struct {
		name                      string
		scopes                    []string // nil: API token
		appID                     string
		apps, logs, manage        Access
		connection, canSet, found bool
		note                      string
	}{
		{"API token, UNKNOWN app", nil, oktatest.SCIMAppID, AccessAllowed, AccessAllowed, AccessUnknown, true, false, true, "open the app's Provisioning tab"},
		{"API token, org2org", nil, oktatest.Org2OrgAppID, AccessAllowed, AccessAllowed, AccessUnknown, true, true, true, "can set this app's token"},
		{"API token, no app yet", nil, "", AccessAllowed, AccessAllowed, AccessUnknown, false, false, false, "may read apps."},
		{"API token, wrong app id", nil, "0oaGone0000000000000", AccessAllowed, AccessAllowed, AccessUnknown, false, false, false, "has no app with id 0oaGone0000000000000"},
		{"service app, every scope", DefaultScopes, oktatest.Org2OrgAppID, AccessAllowed, AccessAllowed, AccessAllowed, true, true, true, "granted okta.apps.manage"},
		{"service app, read only", []string{ScopeAppsRead}, oktatest.Org2OrgAppID, AccessAllowed, AccessDenied, AccessDenied, true, false, true, "grant the okta.logs.read scope"},
		{"service app, logs only", []string{ScopeLogsRead}, oktatest.Org2OrgAppID, AccessDenied, AccessAllowed, AccessDenied, false, false, false, "may not read apps"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, oktatest.Options{})
			c := e.sswsClient(t)
			if tc.scopes != nil {
				c = e.serviceClient(t, false, tc.scopes...)
			}
			p, err := c.TestAccess(context.Background(), tc.appID)
			if err != nil {
				t.Fatal(err)
			}
			if p.ReadApps != tc.apps || p.ReadLogs != tc.logs || p.ManageApps != tc.manage {
				t.Fatalf("apps %v logs %v manage %v; want %v %v %v", p.ReadApps, p.ReadLogs, p.ManageApps, tc.apps, tc.logs, tc.manage)
			}
			if (p.Connection != nil) != tc.connection || p.CanSetToken() != tc.canSet || (p.App != nil) != tc.found {
				t.Fatalf("connection %v canSet %t app %v", p.Connection, p.CanSetToken(), p.App)
			}
			if notes := strings.Join(p.Notes, " "); !strings.Contains(notes, tc.note) {
				t.Fatalf("notes %q lack %q", notes, tc.note)
			}
			if r := e.srv.Requests(); r["POST /api/v1/apps/{appId}/connections/default"] != 0 {
				t.Fatal("TestAccess changed something")
			}
		})
	}
}

func TestTestAccessRejectedCredential(t *testing.T) {
	e := newEnv(t, oktatest.Options{})
	c := e.client(t, SSWS("00wrongtoken"))
	_, err := c.TestAccess(context.Background(), oktatest.SCIMAppID)
	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != CodeInvalidToken {
		t.Fatalf("want E0000011, got %v", errText(err))
	}
}
