package okta

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Credential kinds, as Auth.Kind reports them.
const (
	kindAPIToken   = "API token"
	kindServiceApp = "service app"
)

// Auth is how the client authorises its requests: SSWS(token) or a ServiceApp. Only this package
// implements it, because each kind carries secrets whose handling it owns.
type Auth interface {
	// Kind names the credential in words, e.g. "API token".
	Kind() string
	authorizer(env authEnv) (authorizer, error)
}

// authEnv is what a credential needs from the client that uses it.
type authEnv struct {
	org  *url.URL
	http *http.Client
	now  func() time.Time
}

// authorizer is a credential in use by one Client.
type authorizer interface {
	// authorize adds the credential to req, fetching an access token first if needed.
	authorize(ctx context.Context, req *http.Request) error
	// observe sees every response (for example to remember a DPoP nonce).
	observe(resp *http.Response)
	// retry reports whether a 401 response is worth one more try (a new nonce, a stale token).
	retry(resp *http.Response) bool
	// secrets lists what the credential sends that must appear in no error text: the API token, the
	// access token in use.
	secrets() []string
}

// SSWS returns an Okta API token credential, sent as "Authorization: SSWS <token>". Okta expires an
// API token after 30 days without use, a poor fit for a yearly renewal; a ServiceApp does not expire.
func SSWS(apiToken string) Auth { return sswsAuth{token: strings.TrimSpace(apiToken)} }

type sswsAuth struct{ token string }

func (sswsAuth) Kind() string { return kindAPIToken }

// String, GoString and LogValue keep the token out of fmt and slog output.
func (sswsAuth) String() string               { return "okta.SSWS(redacted)" }
func (a sswsAuth) GoString() string           { return a.String() }
func (a sswsAuth) LogValue() slog.Value       { return slog.StringValue(a.String()) }
func (a sswsAuth) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(a.String())) }

func (a sswsAuth) authorizer(authEnv) (authorizer, error) {
	if a.token == "" {
		return nil, fmt.Errorf("okta: the Okta API token is empty; paste it in Settings")
	}
	for _, r := range a.token {
		if r <= ' ' || r == 0x7f {
			return nil, fmt.Errorf("okta: the Okta API token contains spaces or control characters; paste it again in Settings")
		}
	}
	return a, nil
}

func (a sswsAuth) authorize(_ context.Context, req *http.Request) error {
	req.Header.Set("Authorization", "SSWS "+a.token)
	return nil
}

func (sswsAuth) observe(*http.Response)    {}
func (sswsAuth) retry(*http.Response) bool { return false }
func (a sswsAuth) secrets() []string       { return []string{a.token} }
