package okta

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"

	"scimrenew/okta/oktatest"
)

// TestErrorMessages drives each Okta error through the fake and checks the typed error and its advice.
func TestErrorMessages(t *testing.T) {
	cases := []struct {
		name    string
		fault   oktatest.Fault
		service []string // service app scopes; nil uses an API token
		call    func(*Client) error
		status  int
		code    string
		parts   []string
	}{
		{
			name: "invalid API token", fault: oktatest.Fault{Status: 401},
			call:   func(c *Client) error { _, err := c.FindApps(context.Background(), ""); return err },
			status: 401, code: CodeInvalidToken,
			parts: []string{"E0000011", "invalid or expired", "create a new API token", "30 days", "Settings"},
		},
		{
			name: "API token lacks the role", fault: oktatest.Fault{Status: 403},
			call: func(c *Client) error {
				_, err := c.AuthFailures(context.Background(), oktatest.SCIMAppID, time.Time{})
				return err
			},
			status: 403, code: CodeForbidden,
			parts: []string{"E0000006", "not allowed to read the Okta System Log", "okta.logs.read scope", "Read-only Administrator"},
		},
		{
			name: "service app lacks okta.apps.manage", service: []string{ScopeAppsRead, ScopeLogsRead},
			call: func(c *Client) error {
				_, err := c.SetToken(context.Background(), oktatest.Org2OrgAppID, newSCIMToken)
				return err
			},
			status: 403, code: CodeForbidden,
			parts: []string{"E0000006", "not allowed to set the provisioning token", "grant the okta.apps.manage scope", "Okta API Scopes"},
		},
		{
			name: "app not found",
			call: func(c *Client) error {
				_, err := c.GetConnection(context.Background(), "0oaGone0000000000000")
				return err
			},
			status: 404, code: CodeNotFound,
			parts: []string{"E0000007", "0oaGone0000000000000", "check the Okta app id in Settings"},
		},
		{
			name: "rate limit persists", fault: oktatest.Fault{Status: 429, Reset: 3 * time.Second},
			call:   func(c *Client) error { _, err := c.GetApp(context.Background(), oktatest.SCIMAppID); return err },
			status: 429, code: CodeRateLimited,
			parts: []string{"E0000047", "rate limit", "try again after"},
		},
		{
			name: "server error", fault: oktatest.Fault{Status: 500},
			call:   func(c *Client) error { _, err := c.GetApp(context.Background(), oktatest.SCIMAppID); return err },
			status: 500, code: "E0000009",
			parts: []string{"server error", "try again later"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, oktatest.Options{})
			var c *Client
			if tc.service != nil {
				c = e.serviceClient(t, false, tc.service...)
			} else {
				c = e.sswsClient(t)
			}
			e.srv.SetFault(tc.fault)
			err := tc.call(c)
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatalf("want an *APIError, got %T %v", err, errText(err))
			}
			if ae.Status != tc.status || ae.Code != tc.code {
				t.Fatalf("got HTTP %d %s, want %d %s", ae.Status, ae.Code, tc.status, tc.code)
			}
			noSecret(t, err.Error(), newSCIMToken)
			noSecret(t, err.Error(), e.srv.APIToken())
			mustContain(t, err.Error(), tc.parts...)
		})
	}
}

func TestAPIErrorFromNonJSON(t *testing.T) {
	resp := &http.Response{StatusCode: 502, Header: http.Header{}}
	e := newAPIError(resp, []byte("<html>bad gateway</html>"), "list the Okta apps", ScopeAppsRead, kindAPIToken)
	if e.Status != 502 || e.Summary != "Bad Gateway" {
		t.Fatalf("%+v", e)
	}
	mustContain(t, e.Error(), "HTTP 502", "try again later")
}

func TestAPIErrorOAuthCodes(t *testing.T) {
	for code, want := range map[string]string{
		"invalid_client":      "public key shown in Settings",
		"invalid_scope":       "Okta API Scopes",
		"unauthorized_client": "Client Credentials grant",
		"invalid_dpop_proof":  "Require Demonstrating Proof of Possession",
	} {
		e := &APIError{Status: 400, Code: code, Summary: "x", cred: kindServiceApp}
		mustContain(t, e.Error(), "refused to issue an access token", want)
	}
}

// TestRateLimitWaitsThenRetries: one 429 is waited out until X-Rate-Limit-Reset, then retried once.
func TestRateLimitWaitsThenRetries(t *testing.T) {
	e := newEnv(t, oktatest.Options{})
	e.srv.SetFault(oktatest.Fault{Status: 429, Times: 1, Reset: 7 * time.Second})
	c := e.sswsClient(t)
	if _, err := c.GetApp(context.Background(), oktatest.SCIMAppID); err != nil {
		t.Fatal(err)
	}
	if got := e.clock.Slept(); len(got) != 1 || got[0] != 7*time.Second {
		t.Fatalf("waited %v, want [7s]", got)
	}
	if n := e.srv.Requests()["GET /api/v1/apps/{appId}"]; n != 2 {
		t.Fatalf("%d requests, want 2", n)
	}
}

func TestRateLimitWaitIsCapped(t *testing.T) {
	e := newEnv(t, oktatest.Options{})
	e.srv.SetFault(oktatest.Fault{Status: 429, Times: 1, Reset: 10 * time.Minute})
	if _, err := e.sswsClient(t).GetApp(context.Background(), oktatest.SCIMAppID); err != nil {
		t.Fatal(err)
	}
	if got := e.clock.Slept(); len(got) != 1 || got[0] != maxRateLimitWait {
		t.Fatalf("waited %v, want [%v]", got, maxRateLimitWait)
	}
}

// TestRateLimitWaitIsCancellable uses the real sleep: cancelling the context ends the wait at once.
func TestRateLimitWaitIsCancellable(t *testing.T) {
	e := newEnv(t, oktatest.Options{})
	e.srv.SetFault(oktatest.Fault{Status: 429, Reset: 50 * time.Second})
	c, err := NewClient(e.srv.URL(), SSWS(e.srv.APIToken()), WithHTTPClient(e.srv.Client()), WithClock(e.clock.Now, nil))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = c.GetApp(ctx, oktatest.SCIMAppID)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the context's deadline", errText(err))
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("cancel took %v", d)
	}
	mustContain(t, err.Error(), "stopped waiting for Okta's rate limit")
}

func TestRateLimitWait(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	hdr := func(reset string, date time.Time) *http.Response {
		h := http.Header{}
		if reset != "" {
			h.Set("X-Rate-Limit-Reset", reset)
		}
		if !date.IsZero() {
			h.Set("Date", date.Format(http.TimeFormat))
		}
		return &http.Response{StatusCode: 429, Header: h}
	}
	epoch := func(d time.Duration) string { return strconv.FormatInt(now.Add(d).Unix(), 10) }
	cases := []struct {
		name string
		resp *http.Response
		want time.Duration
	}{
		{"reset ahead", hdr(epoch(12*time.Second), time.Time{}), 12 * time.Second},
		{"server clock wins over a slow local clock", hdr(epoch(12*time.Second), now.Add(10*time.Second)), 2 * time.Second},
		{"reset passed", hdr(epoch(-5*time.Second), time.Time{}), 0},
		{"far reset capped", hdr(epoch(time.Hour), time.Time{}), maxRateLimitWait},
		{"no header", hdr("", time.Time{}), defaultRateLimitWait},
		{"garbage header", hdr("soon", time.Time{}), defaultRateLimitWait},
	}
	for _, tc := range cases {
		if got := rateLimitWait(tc.resp, now); got != tc.want {
			t.Errorf("%s: wait %v, want %v", tc.name, got, tc.want)
		}
	}
}
