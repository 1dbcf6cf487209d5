package okta

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"scimrenew/okta/oktatest"
)

const newSCIMToken = "eyJhbGciOiJSUzI1NiJ9.scim-token-for-tests.c2lnbmF0dXJl"

func TestGetConnection(t *testing.T) {
	e := newEnv(t, oktatest.Options{})
	c := e.sswsClient(t)
	cases := []struct {
		id       string
		want     Connection
		settable bool
	}{
		{oktatest.SCIMAppID, Connection{AuthScheme: "UNKNOWN", Status: "UNKNOWN"}, false},
		{oktatest.Org2OrgAppID, Connection{AuthScheme: "TOKEN", Status: "DISABLED"}, true},
	}
	for _, tc := range cases {
		got, err := c.GetConnection(context.Background(), tc.id)
		if err != nil || got != tc.want || got.TokenSettable() != tc.settable {
			t.Errorf("GetConnection(%s) = %+v, %v; want %+v settable=%t", tc.id, got, err, tc.want, tc.settable)
		}
	}
}

// TestSetTokenUnknownFallsBack: scim2testapp answers UNKNOWN, so nothing is posted and the caller is
// told to use the deep link.
func TestSetTokenUnknownFallsBack(t *testing.T) {
	e := newEnv(t, oktatest.Options{})
	c := e.sswsClient(t)
	conn, err := c.SetToken(context.Background(), oktatest.SCIMAppID, newSCIMToken)
	if !errors.Is(err, ErrConnectionsUnsupported) {
		t.Fatalf("err = %v, want ErrConnectionsUnsupported", errText(err))
	}
	noSecret(t, err.Error(), newSCIMToken)
	if conn.AuthScheme != "UNKNOWN" {
		t.Errorf("connection %+v", conn)
	}
	if n := e.srv.Requests()["POST /api/v1/apps/{appId}/connections/default"]; n != 0 {
		t.Fatalf("%d POSTs to an UNKNOWN connection, want none", n)
	}
	if e.srv.Token(oktatest.SCIMAppID) != "" {
		t.Fatal("the app's token changed")
	}
}

func TestSetTokenOAuthAppUnsupported(t *testing.T) {
	e := newEnv(t, oktatest.Options{NoSeed: true})
	ids := e.srv.AddApp(oktatest.App{Name: "office365", Label: "Office 365", Connection: oktatest.ConnectionOAuth})
	_, err := e.sswsClient(t).SetToken(context.Background(), ids[0], newSCIMToken)
	if !errors.Is(err, ErrConnectionsUnsupported) {
		t.Fatalf("err = %v", errText(err))
	}
	mustContain(t, err.Error(), "OAuth 2.0")
}

// TestSetTokenOrg2Org sets the token where Okta supports it and checks the read-back.
func TestSetTokenOrg2Org(t *testing.T) {
	e := newEnv(t, oktatest.Options{})
	c := e.sswsClient(t)
	conn, err := c.SetToken(context.Background(), oktatest.Org2OrgAppID, newSCIMToken)
	if err != nil {
		noSecret(t, err.Error(), newSCIMToken)
		t.Fatalf("SetToken failed")
	}
	if conn != (Connection{AuthScheme: "TOKEN", Status: "ENABLED"}) {
		t.Fatalf("read back %+v", conn)
	}
	if e.srv.Token(oktatest.Org2OrgAppID) != newSCIMToken {
		t.Fatalf("the fake holds a different token (%d bytes, want %d)", len(e.srv.Token(oktatest.Org2OrgAppID)), len(newSCIMToken))
	}
	r := e.srv.Requests()
	if r["GET /api/v1/apps/{appId}/connections/default"] != 2 || r["POST /api/v1/apps/{appId}/connections/default"] != 1 {
		t.Fatalf("requests %v: want read, one POST, read back", r)
	}
	if e.checked.N() != 3 {
		t.Fatalf("%d exchanges checked against the spec, want 3", e.checked.N())
	}
}

func TestSetTokenReadBackNotEnabled(t *testing.T) {
	e := newEnv(t, oktatest.Options{NoSeed: true})
	ids := e.srv.AddApp(oktatest.App{Name: "okta_org2org", Label: "Stuck", Connection: oktatest.ConnectionToken, ActivateFails: true})
	conn, err := e.sswsClient(t).SetToken(context.Background(), ids[0], newSCIMToken)
	if !errors.Is(err, ErrConnectionNotEnabled) {
		t.Fatalf("err = %v, want ErrConnectionNotEnabled", errText(err))
	}
	noSecret(t, err.Error(), newSCIMToken)
	if conn.Status != "DISABLED" {
		t.Fatalf("connection %+v", conn)
	}
	mustContain(t, err.Error(), "DISABLED", "Provisioning tab")
}

func TestSetTokenRefusesDamagedToken(t *testing.T) {
	e := newEnv(t, oktatest.Options{})
	c := e.sswsClient(t)
	for _, tok := range []string{"", "abc def", "abc\n", "\tabc"} {
		if _, err := c.SetToken(context.Background(), oktatest.Org2OrgAppID, tok); err == nil {
			t.Errorf("a damaged token (%d bytes) was accepted", len(tok))
		} else {
			noSecret(t, err.Error(), tok)
		}
	}
	if n := len(e.srv.Requests()); n != 0 {
		t.Fatalf("%d endpoints called for damaged tokens", n)
	}
}

// TestSetTokenErrorsNeverCarryToken: an Okta that echoes the token in its error must not leak it.
func TestSetTokenErrorsNeverCarryToken(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodGet {
			_, _ = w.Write([]byte(`{"profile":{"authScheme":"TOKEN"},"status":"ENABLED"}`))
			return
		}
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"errorCode":"E0000001","errorSummary":"Api validation failed: ` + newSCIMToken + `","errorCauses":[{"errorSummary":"token ` + newSCIMToken + ` is bad"}]}`))
	}))
	defer ts.Close()
	c, err := NewClient(ts.URL, SSWS("00secret"), WithHTTPClient(ts.Client()))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.SetToken(context.Background(), "0oa1", newSCIMToken)
	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != "E0000001" {
		t.Fatalf("want an APIError E0000001, got %T", err)
	}
	noSecret(t, err.Error(), newSCIMToken)
	noSecret(t, ae.Summary+ae.Causes[0], newSCIMToken)
}

func TestSetTokenServerErrorOnPost(t *testing.T) {
	e := newEnv(t, oktatest.Options{})
	e.srv.SetFault(oktatest.Fault{Status: 500, Method: http.MethodPost})
	_, err := e.sswsClient(t).SetToken(context.Background(), oktatest.Org2OrgAppID, newSCIMToken)
	var ae *APIError
	if !errors.As(err, &ae) || ae.Status != 500 {
		t.Fatalf("want a 500 APIError, got %T", err)
	}
	noSecret(t, err.Error(), newSCIMToken)
	mustContain(t, err.Error(), "server error", "set the provisioning token", "status.okta.com")
	if n := e.srv.Requests()["POST /api/v1/apps/{appId}/connections/default"]; n != 1 {
		t.Fatalf("%d posts, want 1 (a 500 is not retried)", n)
	}
	if e.srv.Token(oktatest.Org2OrgAppID) != "" {
		t.Fatal("token set despite the 500")
	}
}
