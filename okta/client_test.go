package okta

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"scimrenew/okta/oktatest"
	"scimrenew/safenet"
)

func TestNewClientOrgURL(t *testing.T) {
	cases := []struct{ in, want string }{
		{"https://acme.okta.com", "https://acme.okta.com"},
		{"https://acme.okta.com/app/UserHome?x=1", "https://acme.okta.com"},
		{"https://ACME-admin.okta.com/admin/dashboard", "https://acme.okta.com"},
		{"https://acme-admin.oktapreview.com", "https://acme.oktapreview.com"},
		{"https://login.acme.com/", "https://login.acme.com"},
		{"http://127.0.0.1:8080/", "http://127.0.0.1:8080"},
		{"http://[::1]:8080", "http://[::1]:8080"},
		{"http://acme.okta.com", ""},
		{"ftp://acme.okta.com", ""},
		{"acme.okta.com", ""},
		{"", ""},
	}
	for _, tc := range cases {
		c, err := NewClient(tc.in, SSWS("00token"))
		switch {
		case tc.want == "" && err == nil:
			t.Errorf("NewClient(%q) accepted", tc.in)
		case tc.want != "" && (err != nil || c.OrgURL() != tc.want):
			t.Errorf("NewClient(%q) = %v, %v; want %s", tc.in, c, err, tc.want)
		}
	}
}

func TestNewClientCredentials(t *testing.T) {
	if _, err := NewClient("https://acme.okta.com", nil); !errors.Is(err, ErrNoCredential) {
		t.Errorf("nil auth: %v", err)
	}
	for _, tok := range []string{"", "   ", "00ab cd", "00ab\ncd"} {
		_, err := NewClient("https://acme.okta.com", SSWS(tok))
		if err == nil {
			t.Errorf("API token of %d bytes accepted", len(tok))
			continue
		}
		noSecret(t, err.Error(), strings.TrimSpace(tok))
	}
	if got := SSWS("x").Kind(); got != "API token" {
		t.Errorf("Kind %q", got)
	}
}

func TestSSWSHeader(t *testing.T) {
	e := newEnv(t, oktatest.Options{})
	if _, err := e.client(t, SSWS("  "+e.srv.APIToken()+"\n")).GetApp(context.Background(), oktatest.SCIMAppID); err != nil {
		t.Fatalf("a pasted token with surrounding spaces should work: %v", err)
	}
}

func TestSlowOrgTimesOut(t *testing.T) {
	e := newEnv(t, oktatest.Options{})
	e.srv.SetFault(oktatest.Fault{Delay: 5 * time.Second})
	hc := safenet.NewClient(150 * time.Millisecond)
	c, err := NewClient(e.srv.URL(), SSWS(e.srv.APIToken()), WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = c.GetApp(context.Background(), oktatest.SCIMAppID)
	if err == nil || time.Since(start) > 3*time.Second {
		t.Fatalf("err %v after %v", err, time.Since(start))
	}
	mustContain(t, err.Error(), "did not answer in time")
	noSecret(t, err.Error(), e.srv.APIToken())
}

func TestUnreachableOrg(t *testing.T) {
	ts := httptest.NewServer(http.NotFoundHandler())
	url := ts.URL
	ts.Close()
	c, err := NewClient(url, SSWS("00token"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.FindApps(context.Background(), "")
	if err == nil {
		t.Fatal("want an error")
	}
	mustContain(t, err.Error(), "could not reach", "check the Okta org URL")
}

func TestBodyLimit(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte("["))
		chunk := []byte(strings.Repeat(`{"id":"0oa1","label":"x"},`, 1000))
		for written := 0; written <= bodyLimit; written += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer ts.Close()
	c, err := NewClient(ts.URL, SSWS("00token"), WithHTTPClient(ts.Client()))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.FindApps(context.Background(), "")
	if !errors.Is(err, safenet.ErrBodyTooLarge) {
		t.Fatalf("err = %v, want ErrBodyTooLarge", err)
	}
}

func TestRedirectOffLoopbackRefused(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://acme.okta.com/api/v1/apps", http.StatusFound)
	}))
	defer ts.Close()
	c, err := NewClient(ts.URL, SSWS("00token"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.FindApps(context.Background(), "")
	if err == nil {
		t.Fatal("a redirect to plain http was followed")
	}
	mustContain(t, err.Error(), "refused a redirect", "http://acme.okta.com/api/v1/apps", "Settings")
}
