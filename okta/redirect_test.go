package okta

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"scimrenew/safenet/safenettest"
)

const redirectAppID = "0oa1b2c3d4E5F6g7h8i9"

// httpOptions are the HTTP clients a Client may be built with: its own, and a caller's plain client
// whose redirect policy (Go's default) would follow anything.
var httpOptions = map[string][]Option{
	"own client":      nil,
	"caller's client": {WithHTTPClient(&http.Client{})},
}

// TestOktaCallsFollowNoRedirectOffOrigin: an org answering any redirect to another port receives the
// SSWS credential, the service app's assertion and access token nowhere else.
func TestOktaCallsFollowNoRedirectOffOrigin(t *testing.T) {
	pemKey, _, kid := testKey(t)
	auths := map[string]Auth{
		"SSWS":        SSWS("00ssws-credential-that-must-stay-home"),
		"service app": ServiceApp{ClientID: "0oaservice0app000001", KeyID: kid, PrivateKeyPEM: pemKey},
	}
	for optName, opts := range httpOptions {
		for authName, auth := range auths {
			for _, status := range safenettest.Statuses {
				t.Run(fmt.Sprintf("%s %s %d", optName, authName, status), func(t *testing.T) {
					trap := safenettest.NewTrap(t)
					rd := safenettest.NewRedirector(t, status, trap.URL)
					c, err := NewClient(rd.URL, auth, opts...)
					if err != nil {
						t.Fatal(err)
					}
					_, err = c.FindApps(context.Background(), "")
					if hits := trap.Hits(); len(hits) > 0 {
						t.Fatalf("the other server received %s %s (Authorization set: %t, body %d bytes)",
							hits[0].Method, hits[0].Path, hits[0].Authorization != "", len(hits[0].Body))
					}
					if err == nil {
						t.Fatal("no error")
					}
					host := strings.TrimPrefix(trap.URL, "http://")
					mustContain(t, err.Error(), host, "Settings")
				})
			}
		}
	}
}

// connectionOrg answers the connection read with a settable TOKEN connection and every POST with
// status to target (the org itself when target is empty), counting the POSTs it receives.
func connectionOrg(t *testing.T, status int, target string, posts *atomic.Int32) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			posts.Add(1)
			_, _ = io.Copy(io.Discard, r.Body)
			to := target
			if to == "" {
				to = "/moved"
			}
			http.Redirect(w, r, to+r.URL.RequestURI(), status)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"authScheme":"TOKEN","status":"ENABLED","profile":{"authScheme":"TOKEN"}}`)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestSetTokenPostFollowsNoRedirect: the POST that carries the new SCIM token follows no redirect,
// neither to another port nor on its own origin, so the token is sent exactly once, to the org.
func TestSetTokenPostFollowsNoRedirect(t *testing.T) {
	const scimToken = "new-scim-token-0123456789abcdefABCDEF"
	for optName, opts := range httpOptions {
		for _, status := range safenettest.Statuses {
			t.Run(fmt.Sprintf("%s %d other port", optName, status), func(t *testing.T) {
				trap := safenettest.NewTrap(t)
				var posts atomic.Int32
				org := connectionOrg(t, status, trap.URL, &posts)
				c, err := NewClient(org.URL, SSWS("00ssws-credential"), opts...)
				if err != nil {
					t.Fatal(err)
				}
				_, err = c.SetToken(context.Background(), redirectAppID, scimToken)
				for _, h := range trap.Hits() {
					t.Fatalf("the other server received %s %s (Authorization set: %t, body holds the token: %t)",
						h.Method, h.Path, h.Authorization != "", strings.Contains(h.Body, scimToken))
				}
				if err == nil {
					t.Fatal("no error")
				}
				mustContain(t, err.Error(), strings.TrimPrefix(trap.URL, "http://"))
			})
			t.Run(fmt.Sprintf("%s %d same origin", optName, status), func(t *testing.T) {
				var posts atomic.Int32
				org := connectionOrg(t, status, "", &posts)
				c, err := NewClient(org.URL, SSWS("00ssws-credential"), opts...)
				if err != nil {
					t.Fatal(err)
				}
				if _, err = c.SetToken(context.Background(), redirectAppID, scimToken); err == nil {
					t.Fatal("no error")
				}
				if n := posts.Load(); n != 1 {
					t.Fatalf("the org received %d POSTs of the token, want 1", n)
				}
			})
		}
	}
}
