package oktatest

import (
	"crypto"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

const (
	scopeAppsRead   = "okta.apps.read"
	scopeAppsManage = "okta.apps.manage"
	scopeLogsRead   = "okta.logs.read"
	tokenLifetime   = time.Hour
	clockLeeway     = 5 * time.Minute
)

var assertionAlgs = []jose.SignatureAlgorithm{jose.RS256, jose.RS384, jose.RS512, jose.ES256, jose.ES384, jose.ES512}

type serviceClient struct {
	key    jose.JSONWebKey
	scopes []string
}

type accessToken struct {
	clientID string
	scopes   []string
	jkt      string // DPoP key thumbprint the token is bound to; "" for Bearer
	expires  time.Time
}

// RegisterServiceApp adds an OAuth service app that authenticates with private_key_jwt using the
// given public JWK, granted the given scopes (okta.apps.read, okta.apps.manage and okta.logs.read
// when none are given).
func (s *Server) RegisterServiceApp(clientID, publicJWK string, scopes ...string) error {
	var k jose.JSONWebKey
	if err := k.UnmarshalJSON([]byte(publicJWK)); err != nil {
		return fmt.Errorf("oktatest: the public JWK does not parse: %w", err)
	}
	if !k.IsPublic() || !k.Valid() {
		return errors.New("oktatest: RegisterServiceApp wants a valid public JWK")
	}
	if len(scopes) == 0 {
		scopes = []string{scopeAppsRead, scopeAppsManage, scopeLogsRead}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clients[clientID] = &serviceClient{key: k, scopes: slices.Clone(scopes)}
	return nil
}

func (s *Server) tokenURL() string { return s.URL() + "/oauth2/v1/token" }

func (s *Server) oauthError(w http.ResponseWriter, status int, code, desc string) {
	s.writeJSON(w, status, map[string]string{"error": code, "error_description": desc})
}

// token is the org authorization server's token endpoint, client credentials with private_key_jwt only.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.oauthError(w, http.StatusBadRequest, "invalid_request", "The request body is not a valid form.")
		return
	}
	f := r.PostForm
	if f.Get("grant_type") != "client_credentials" {
		s.oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server.")
		return
	}
	jkt, ok := s.tokenDPoP(w, r)
	if !ok {
		return
	}
	if f.Get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" {
		s.oauthError(w, http.StatusUnauthorized, "invalid_client", "Client authentication failed: a client_assertion of type jwt-bearer is required.")
		return
	}
	client, id, problem := s.checkAssertion(f.Get("client_assertion"))
	if problem != "" {
		s.oauthError(w, http.StatusUnauthorized, "invalid_client", problem)
		return
	}
	scopes := strings.Fields(f.Get("scope"))
	if len(scopes) == 0 {
		s.oauthError(w, http.StatusBadRequest, "invalid_scope", "The authorization server resource does not have any configured default scopes, 'scope' must be provided.")
		return
	}
	var missing []string
	for _, sc := range scopes {
		if !slices.Contains(client.scopes, sc) {
			missing = append(missing, sc)
		}
	}
	if len(missing) > 0 {
		s.oauthError(w, http.StatusBadRequest, "invalid_scope", "The following scopes are not granted to the client: "+strings.Join(missing, " "))
		return
	}
	tok := randomString(40)
	s.mu.Lock()
	s.tokens[tok] = &accessToken{clientID: id, scopes: scopes, jkt: jkt, expires: s.now().Add(tokenLifetime)}
	s.mu.Unlock()
	typ := "Bearer"
	if jkt != "" {
		typ = "DPoP"
	}
	s.writeJSON(w, http.StatusOK, map[string]any{
		"token_type": typ, "expires_in": int(tokenLifetime.Seconds()), "access_token": tok, "scope": strings.Join(scopes, " "),
	})
}

// tokenDPoP checks the token request's DPoP proof and returns the key thumbprint to bind the token
// to ("" without DPoP); it has answered the request when ok is false.
func (s *Server) tokenDPoP(w http.ResponseWriter, r *http.Request) (jkt string, ok bool) {
	proof := r.Header.Get("DPoP")
	if proof == "" {
		if s.opts.DPoPRequired {
			s.oauthError(w, http.StatusBadRequest, "invalid_dpop_proof", "The DPoP proof JWT header is missing.")
			return "", false
		}
		return "", true
	}
	jkt, nonce, problem := s.checkProof(proof, http.MethodPost, s.tokenURL(), "")
	if problem != "" {
		s.oauthError(w, http.StatusBadRequest, "invalid_dpop_proof", problem)
		return "", false
	}
	if s.opts.DPoPRequired {
		s.mu.Lock()
		want := s.asNonce
		s.mu.Unlock()
		if nonce != want {
			w.Header().Set("DPoP-Nonce", want)
			s.oauthError(w, http.StatusBadRequest, "use_dpop_nonce", "Authorization server requires nonce in DPoP proof.")
			return "", false
		}
	}
	return jkt, true
}

// checkAssertion verifies a private_key_jwt client assertion and returns its client.
func (s *Server) checkAssertion(assertion string) (client *serviceClient, id, problem string) {
	tok, err := jwt.ParseSigned(assertion, assertionAlgs)
	if err != nil {
		return nil, "", "The client_assertion is not a valid signed JWT."
	}
	var unverified jwt.Claims
	if err := tok.UnsafeClaimsWithoutVerification(&unverified); err != nil {
		return nil, "", "The client_assertion claims do not parse."
	}
	s.mu.Lock()
	client = s.clients[unverified.Issuer]
	s.mu.Unlock()
	if client == nil {
		return nil, "", "Invalid value for 'client_id' parameter."
	}
	if kid := tok.Headers[0].KeyID; kid != "" && client.key.KeyID != "" && kid != client.key.KeyID {
		return nil, "", "The client_assertion signature is invalid (no key with that kid)."
	}
	var c jwt.Claims
	if err := tok.Claims(client.key.Key, &c); err != nil {
		return nil, "", "The client_assertion signature is invalid."
	}
	now := s.now()
	err = c.ValidateWithLeeway(jwt.Expected{Issuer: unverified.Issuer, Subject: unverified.Issuer, AnyAudience: jwt.Audience{s.tokenURL()}, Time: now}, 30*time.Second)
	switch {
	case err != nil:
		return nil, "", fmt.Sprintf("The client_assertion token is invalid: %v.", err)
	case c.Expiry == nil || c.Expiry.Time().After(now.Add(time.Hour)):
		return nil, "", "The client_assertion token has an expiration too far into the future."
	case c.ID == "":
		return nil, "", "The client_assertion token must have a jti claim."
	case !s.useJTI("assertion:"+c.ID, c.Expiry.Time()):
		return nil, "", "The client_assertion token has already been used."
	}
	return client, unverified.Issuer, ""
}

// useJTI records a one-time id, reporting false when it was seen before.
func (s *Server) useJTI(id string, until time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for k, exp := range s.jtis {
		if now.After(exp.Add(clockLeeway)) {
			delete(s.jtis, k)
		}
	}
	if _, seen := s.jtis[id]; seen {
		return false
	}
	s.jtis[id] = until
	return true
}

type proofClaims struct {
	ID    string `json:"jti"`
	HTM   string `json:"htm"`
	HTU   string `json:"htu"`
	IAT   int64  `json:"iat"`
	Nonce string `json:"nonce"`
	ATH   string `json:"ath"`
}

// checkProof verifies a DPoP proof (RFC 9449 section 4.3) for method and url, and, when accessToken is
// given, its ath; it returns the proof key's thumbprint and the nonce the proof carried.
func (s *Server) checkProof(proof, method, url, accessToken string) (jkt, nonce, problem string) {
	tok, err := jwt.ParseSigned(proof, []jose.SignatureAlgorithm{jose.ES256, jose.ES384, jose.RS256, jose.PS256})
	if err != nil {
		return "", "", "The DPoP proof JWT is malformed."
	}
	h := tok.Headers[0]
	if typ, _ := h.ExtraHeaders[jose.HeaderType].(string); typ != "dpop+jwt" {
		return "", "", "The DPoP proof JWT has the wrong typ header."
	}
	if h.JSONWebKey == nil || !h.JSONWebKey.IsPublic() {
		return "", "", "The DPoP proof JWT header must carry a public jwk."
	}
	var c proofClaims
	if err := tok.Claims(h.JSONWebKey.Key, &c); err != nil {
		return "", "", "The DPoP proof signature is invalid."
	}
	iat := time.Unix(c.IAT, 0)
	switch now := s.now(); {
	case c.HTM != method:
		return "", "", "The DPoP proof htm does not match the request method."
	case c.HTU != url:
		return "", "", fmt.Sprintf("The DPoP proof htu %q does not match the request URL.", c.HTU)
	case iat.Before(now.Add(-clockLeeway)) || iat.After(now.Add(clockLeeway)):
		return "", "", "The DPoP proof iat is outside the accepted window."
	case c.ID == "" || !s.useJTI("dpop:"+c.ID, iat.Add(clockLeeway)):
		return "", "", "The DPoP proof jti is missing or was used before."
	case accessToken != "" && c.ATH != tokenHash(accessToken):
		return "", "", "The DPoP proof ath does not match the access token."
	}
	tp, err := h.JSONWebKey.Thumbprint(crypto.SHA256)
	if err != nil {
		return "", "", "The DPoP proof jwk has no thumbprint."
	}
	return base64.RawURLEncoding.EncodeToString(tp), c.Nonce, ""
}

func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}
