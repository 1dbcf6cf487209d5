package okta

import (
	"context"
	"crypto"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// OAuth scopes SCIM Renew uses.
const (
	ScopeAppsRead   = "okta.apps.read"
	ScopeAppsManage = "okta.apps.manage"
	ScopeLogsRead   = "okta.logs.read"
)

// DefaultScopes are requested when a ServiceApp names none.
var DefaultScopes = []string{ScopeAppsRead, ScopeAppsManage, ScopeLogsRead}

// assertionLifetime is how long a client assertion is valid; Okta allows at most an hour.
const assertionLifetime = 5 * time.Minute

// ServiceApp is an OAuth 2.0 service app credential using private_key_jwt: the client signs an
// assertion with its private key and exchanges it at {org}/oauth2/v1/token for an access token
// (an hour long, cached until shortly before it ends). When Okta requires DPoP (RFC 9449) the client
// notices and adds a proof to every request; DPoP set to true sends proofs from the start.
type ServiceApp struct {
	ClientID      string
	KeyID         string   // the key's "kid" in Okta; empty uses the JWK's kid or its thumbprint
	PrivateKeyPEM []byte   `json:"-"` // PEM (PKCS#8, PKCS#1, SEC 1) or a private JWK as JSON; never marshalled
	DPoP          bool     // send DPoP proofs from the first request
	Scopes        []string // empty means DefaultScopes
}

// Kind reports "service app".
func (ServiceApp) Kind() string { return kindServiceApp }

// String describes the credential without its private key; GoString, LogValue and Format use it,
// so fmt and slog never print the key.
func (s ServiceApp) String() string {
	return fmt.Sprintf("okta.ServiceApp{ClientID:%q, KeyID:%q, PrivateKeyPEM:redacted, DPoP:%t}", s.ClientID, s.KeyID, s.DPoP)
}

// GoString is String.
func (s ServiceApp) GoString() string { return s.String() }

// LogValue is String.
func (s ServiceApp) LogValue() slog.Value { return slog.StringValue(s.String()) }

// Format is String for every verb.
func (s ServiceApp) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(s.String())) }

func (s ServiceApp) authorizer(env authEnv) (authorizer, error) {
	id := strings.TrimSpace(s.ClientID)
	if id == "" {
		return nil, fmt.Errorf("okta: the service app's Client ID is empty; copy it from the service app's General tab in Okta")
	}
	key, alg, kid, err := parsePrivateKey(s.PrivateKeyPEM, strings.TrimSpace(s.KeyID))
	if err != nil {
		return nil, err
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: key},
		(&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", kid))
	if err != nil {
		return nil, fmt.Errorf("okta: preparing the service app's key: %w", err)
	}
	scopes := slices.Clone(s.Scopes)
	if len(scopes) == 0 {
		scopes = slices.Clone(DefaultScopes)
	}
	tokenURL := *env.org
	tokenURL.Path = "/oauth2/v1/token"
	return &serviceAuth{
		env: env, clientID: id, signer: signer, tokenURL: tokenURL.String(),
		scopes: scopes, dpop: dpopState{on: s.DPoP},
	}, nil
}

// serviceAuth is a ServiceApp in use: it mints assertions, exchanges them and caches the token.
type serviceAuth struct {
	env      authEnv
	clientID string
	signer   jose.Signer
	tokenURL string
	scopes   []string // what to request; narrowed to what Okta grants after an invalid_scope

	mu      sync.Mutex
	token   string
	tokType string // "Bearer" or "DPoP"
	granted []string
	renewAt time.Time
	dpop    dpopState
}

func (a *serviceAuth) authorize(ctx context.Context, req *http.Request) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.token == "" || !a.env.now().Before(a.renewAt) {
		if err := a.refresh(ctx); err != nil {
			return err
		}
	}
	req.Header.Set("Authorization", a.tokType+" "+a.token)
	if a.tokType == "DPoP" {
		proof, err := a.dpop.proof(req.Method, req.URL, a.dpop.rsNonce, a.token, a.env.now())
		if err != nil {
			return err
		}
		req.Header.Set("DPoP", proof)
	}
	return nil
}

func (a *serviceAuth) observe(resp *http.Response) {
	if n := resp.Header.Get("DPoP-Nonce"); n != "" {
		a.mu.Lock()
		a.dpop.rsNonce = n
		a.mu.Unlock()
	}
}

func (a *serviceAuth) secrets() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return []string{a.token}
}

// retry answers a 401: a DPoP nonce challenge is retried with the nonce observe kept; any other
// rejection of a token drops it so the retry exchanges a fresh one (Okta may have revoked it).
func (a *serviceAuth) retry(resp *http.Response) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if challengeParam(resp.Header.Values("WWW-Authenticate"), "error") == "use_dpop_nonce" {
		return a.dpop.rsNonce != ""
	}
	if a.token == "" {
		return false
	}
	a.token = ""
	return true
}

// grantedScopes returns the scopes of the current access token, getting one if needed.
func (a *serviceAuth) grantedScopes(ctx context.Context) ([]string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.token == "" || !a.env.now().Before(a.renewAt) {
		if err := a.refresh(ctx); err != nil {
			return nil, err
		}
	}
	return slices.Clone(a.granted), nil
}

// refresh gets a new access token. When Okta refuses the scope set (invalid_scope) it asks for each
// scope alone, keeps those granted, and carries on with them: a service app granted only
// okta.apps.read and okta.logs.read still works in deep-link mode. Called with a.mu held.
func (a *serviceAuth) refresh(ctx context.Context) error {
	tr, err := a.exchange(ctx, a.scopes)
	var e *APIError
	if errors.As(err, &e) && e.Code == "invalid_scope" && len(a.scopes) > 1 {
		var granted []string
		for _, s := range a.scopes {
			if _, err := a.exchange(ctx, []string{s}); err == nil {
				granted = append(granted, s)
			} else if pe := (*APIError)(nil); !errors.As(err, &pe) || pe.Code != "invalid_scope" {
				return err
			}
		}
		if len(granted) == 0 {
			e.Scope = strings.Join(a.scopes, ", ")
			return e
		}
		a.scopes = granted
		tr, err = a.exchange(ctx, a.scopes)
	}
	if err != nil {
		return err
	}
	now := a.env.now()
	life := time.Duration(tr.ExpiresIn) * time.Second
	margin := min(5*time.Minute, life/2)
	a.token, a.tokType, a.renewAt = tr.AccessToken, tr.TokenType, now.Add(life-margin)
	a.granted = strings.Fields(tr.Scope)
	if len(a.granted) == 0 {
		a.granted = slices.Clone(a.scopes)
	}
	return nil
}

type tokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int64  `json:"expires_in"`
	Scope       string `json:"scope"`
}

// assertion mints a fresh client assertion (RFC 7523): a new jti every time, as Okta refuses reuse.
func (a *serviceAuth) assertion() (string, error) {
	now := a.env.now()
	claims := jwt.Claims{
		Issuer: a.clientID, Subject: a.clientID, Audience: jwt.Audience{a.tokenURL},
		IssuedAt: jwt.NewNumericDate(now), NotBefore: jwt.NewNumericDate(now.Add(-30 * time.Second)),
		Expiry: jwt.NewNumericDate(now.Add(assertionLifetime)), ID: randomID(),
	}
	s, err := jwt.Signed(a.signer).Claims(claims).Serialize()
	if err != nil {
		return "", fmt.Errorf("okta: signing the service app's client assertion: %w", err)
	}
	return s, nil
}

func (a *serviceAuth) tokenForm(scopes []string) (url.Values, error) {
	as, err := a.assertion()
	if err != nil {
		return nil, err
	}
	return url.Values{
		"grant_type":            {"client_credentials"},
		"scope":                 {strings.Join(scopes, " ")},
		"client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
		"client_assertion":      {as},
	}, nil
}

func randomID() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func accessTokenHash(token string) string {
	h := crypto.SHA256.New()
	h.Write([]byte(token))
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil))
}
