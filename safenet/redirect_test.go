package safenet_test

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"scimrenew/safenet"
	"scimrenew/safenet/safenettest"
)

const secretBody = `{"profile":{"token":"s3cr3t-scim-token-value"}}`

func send(t *testing.T, method, target string) (*http.Response, error) {
	t.Helper()
	var body *strings.Reader
	if method == http.MethodPost {
		body = strings.NewReader(secretBody)
	} else {
		body = strings.NewReader("")
	}
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "SSWS 00-credential-that-must-stay-home")
	resp, err := safenet.NewClient(0).Do(req)
	if resp != nil {
		_ = resp.Body.Close()
	}
	return resp, err
}

// TestRedirectToAnotherPortCarriesNothing: a credentialed GET or POST answered with any redirect to
// another port of the same loopback host reaches nothing there, and the error names the target.
func TestRedirectToAnotherPortCarriesNothing(t *testing.T) {
	for _, status := range safenettest.Statuses {
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			t.Run(method+" "+http.StatusText(status), func(t *testing.T) {
				trap := safenettest.NewTrap(t)
				rd := safenettest.NewRedirector(t, status, trap.URL)
				_, err := send(t, method, rd.URL+"/api/v1/apps")
				if hits := trap.Hits(); len(hits) > 0 {
					t.Fatalf("the other server received %d request(s); first: %s %s, Authorization set: %t, body %d bytes",
						len(hits), hits[0].Method, hits[0].Path, hits[0].Authorization != "", len(hits[0].Body))
				}
				if err == nil {
					t.Fatal("the redirect was followed without an error")
				}
				var ue *safenet.URLError
				if !errors.As(err, &ue) {
					t.Fatalf("error is not a *safenet.URLError: %v", err)
				}
				host := strings.TrimPrefix(trap.URL, "http://")
				if !strings.Contains(err.Error(), host) || !strings.Contains(err.Error(), "another server") {
					t.Errorf("the error does not name the refused target %s and why: %v", host, err)
				}
				if !strings.Contains(ue.Target, host) {
					t.Errorf("URLError.Target = %q, want the refused target", ue.Target)
				}
			})
		}
	}
}

// TestSameOriginRedirect: a GET may follow a redirect on its own origin (a path moved); a POST never
// follows one, so its body is sent exactly once.
func TestSameOriginRedirect(t *testing.T) {
	for _, status := range safenettest.Statuses {
		t.Run("GET "+http.StatusText(status), func(t *testing.T) {
			rd := safenettest.NewRedirector(t, status, "")
			resp, err := send(t, http.MethodGet, rd.URL+"/scim/v2/Users")
			if err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("same-origin GET redirect not followed: %v", err)
			}
			if hits := rd.Hits(); len(hits) != 2 || hits[1].Path != "/moved/scim/v2/Users" {
				t.Fatalf("hits = %+v, want the original and the moved path", hits)
			}
		})
		t.Run("POST "+http.StatusText(status), func(t *testing.T) {
			rd := safenettest.NewRedirector(t, status, "")
			_, err := send(t, http.MethodPost, rd.URL+"/api/v1/apps/x/connections/default")
			if err == nil {
				t.Fatal("a POST followed a redirect")
			}
			if hits := rd.Hits(); len(hits) != 1 {
				t.Fatalf("the server received %d requests, want only the first POST", len(hits))
			}
			if !strings.Contains(err.Error(), "/moved/") {
				t.Errorf("the error does not name the refused target: %v", err)
			}
		})
	}
}

// TestCheckRedirectOrigins walks the origin rule through targets no loopback server can stand for.
func TestCheckRedirectOrigins(t *testing.T) {
	cases := []struct {
		from, to string
		ok       bool
	}{
		{"https://acme.okta.com/api/v1/apps", "https://acme.okta.com/api/v1/apps/", true},
		{"https://acme.okta.com/a", "https://acme.okta.com:443/b", true},
		{"https://ACME.okta.com/a", "https://acme.okta.com./b", true},
		{"https://acme.okta.com/a", "https://acme.okta.com:8443/a", false},
		{"https://acme.okta.com/a", "https://evil.acme.okta.com/a", false},
		{"https://acme.okta.com/a", "https://okta.com/a", false},
		{"https://acme.okta.com/a", "http://acme.okta.com/a", false},
		{"http://127.0.0.1:8080/a", "https://127.0.0.1:8080/a", false},
		{"http://127.0.0.1:8080/a", "http://localhost:8080/a", false},
		{"http://127.0.0.1:8080/a", "http://127.0.0.1:8080/b", true},
		{"http://[::1]:80/a", "http://[::1]/b", true},
	}
	for _, c := range cases {
		from, to := mustParse(t, c.from), mustParse(t, c.to)
		via := []*http.Request{{Method: http.MethodGet, URL: from, Header: http.Header{}}}
		err := safenet.CheckRedirect(&http.Request{Method: http.MethodGet, URL: to, Header: http.Header{}}, via)
		if (err == nil) != c.ok {
			t.Errorf("%s -> %s: err = %v, want followed=%t", c.from, c.to, err, c.ok)
		}
	}
}

func TestCheckRedirectLimit(t *testing.T) {
	u := mustParse(t, "https://acme.okta.com/a")
	via := make([]*http.Request, 5)
	for i := range via {
		via[i] = &http.Request{Method: http.MethodGet, URL: u, Header: http.Header{}}
	}
	err := safenet.CheckRedirect(&http.Request{Method: http.MethodGet, URL: u}, via)
	var ue *safenet.URLError
	if !errors.As(err, &ue) {
		t.Fatalf("a sixth redirect: err = %v, want a *URLError", err)
	}
}

func mustParse(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
