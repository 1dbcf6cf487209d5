package oktatest_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"scimrenew/okta/oktatest"
)

const clientID = "0oaservice0app000001"

type keys struct {
	key *ecdsa.PrivateKey
	jwk string
}

func newKeys(t *testing.T) keys {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	j, _ := json.Marshal(jose.JSONWebKey{Key: &k.PublicKey, KeyID: "k1", Algorithm: "ES256", Use: "sig"})
	return keys{key: k, jwk: string(j)}
}

func (k keys) assertion(t *testing.T, aud string, now time.Time, mod func(*jwt.Claims)) string {
	t.Helper()
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: k.key}, (&jose.SignerOptions{}).WithHeader("kid", "k1"))
	if err != nil {
		t.Fatal(err)
	}
	c := jwt.Claims{
		Issuer: clientID, Subject: clientID, Audience: jwt.Audience{aud}, IssuedAt: jwt.NewNumericDate(now),
		Expiry: jwt.NewNumericDate(now.Add(5 * time.Minute)), ID: base64.RawURLEncoding.EncodeToString([]byte(now.String() + t.Name())),
	}
	if mod != nil {
		mod(&c)
	}
	out, err := jwt.Signed(s).Claims(c).Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func proof(t *testing.T, key *ecdsa.PrivateKey, method, htu, nonce, token string, now time.Time) string {
	t.Helper()
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: key}, (&jose.SignerOptions{EmbedJWK: true}).WithType("dpop+jwt"))
	if err != nil {
		t.Fatal(err)
	}
	c := map[string]any{"jti": base64.RawURLEncoding.EncodeToString([]byte(time.Now().String())), "htm": method, "htu": htu, "iat": now.Unix()}
	if nonce != "" {
		c["nonce"] = nonce
	}
	if token != "" {
		sum := sha256.Sum256([]byte(token))
		c["ath"] = base64.RawURLEncoding.EncodeToString(sum[:])
	}
	out, err := jwt.Signed(s).Claims(c).Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

type tokenAnswer struct {
	status int
	nonce  string
	body   map[string]any
}

func postToken(t *testing.T, f *fixture, form url.Values, dpop string) tokenAnswer {
	t.Helper()
	req, _ := http.NewRequest("POST", f.srv.URL()+"/oauth2/v1/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if dpop != "" {
		req.Header.Set("DPoP", dpop)
	}
	resp, err := f.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	a := tokenAnswer{status: resp.StatusCode, nonce: resp.Header.Get("DPoP-Nonce")}
	_ = json.NewDecoder(resp.Body).Decode(&a.body)
	if resp.Header.Get("Cache-Control") != "no-store" {
		t.Error("token answer is cacheable")
	}
	return a
}

func tokenForm(assertion, scope string) url.Values {
	return url.Values{
		"grant_type": {"client_credentials"}, "scope": {scope},
		"client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"}, "client_assertion": {assertion},
	}
}

func TestTokenEndpointRefusals(t *testing.T) {
	f := newFixture(t, oktatest.Options{})
	k := newKeys(t)
	if err := f.srv.RegisterServiceApp(clientID, k.jwk, "okta.apps.read"); err != nil {
		t.Fatal(err)
	}
	aud := f.srv.URL() + "/oauth2/v1/token"
	other := newKeys(t)
	reused := k.assertion(t, aud, f.now, nil)
	if a := postToken(t, f, tokenForm(reused, "okta.apps.read"), ""); a.status != 200 || a.body["token_type"] != "Bearer" || a.body["expires_in"] != 3600.0 {
		t.Fatalf("good request: %d %v", a.status, a.body["error"])
	}
	cases := []struct {
		name   string
		form   url.Values
		status int
		code   string
	}{
		{"wrong grant", url.Values{"grant_type": {"password"}}, 400, "unsupported_grant_type"},
		{"no assertion", url.Values{"grant_type": {"client_credentials"}, "scope": {"okta.apps.read"}}, 401, "invalid_client"},
		{"reused jti", tokenForm(reused, "okta.apps.read"), 401, "invalid_client"},
		{"wrong key", tokenForm(other.assertion(t, aud, f.now, nil), "okta.apps.read"), 401, "invalid_client"},
		{"wrong audience", tokenForm(k.assertion(t, "https://elsewhere/token", f.now, nil), "okta.apps.read"), 401, "invalid_client"},
		{"expired", tokenForm(k.assertion(t, aud, f.now.Add(-time.Hour), nil), "okta.apps.read"), 401, "invalid_client"},
		{"lives too long", tokenForm(k.assertion(t, aud, f.now, func(c *jwt.Claims) { c.Expiry = jwt.NewNumericDate(f.now.Add(2 * time.Hour)) }), "okta.apps.read"), 401, "invalid_client"},
		{"unknown client", tokenForm(k.assertion(t, aud, f.now, func(c *jwt.Claims) { c.Issuer, c.Subject = "0oaother", "0oaother" }), "okta.apps.read"), 401, "invalid_client"},
		{"scope not granted", tokenForm(k.assertion(t, aud, f.now.Add(time.Second), nil), "okta.apps.read okta.apps.manage"), 400, "invalid_scope"},
		{"no scope", tokenForm(k.assertion(t, aud, f.now.Add(2*time.Second), nil), ""), 400, "invalid_scope"},
	}
	for _, tc := range cases {
		a := postToken(t, f, tc.form, "")
		if a.status != tc.status || a.body["error"] != tc.code {
			t.Errorf("%s: %d %v, want %d %s", tc.name, a.status, a.body["error"], tc.status, tc.code)
		}
	}
}

func TestTokenScopesEnforced(t *testing.T) {
	f := newFixture(t, oktatest.Options{})
	k := newKeys(t)
	if err := f.srv.RegisterServiceApp(clientID, k.jwk, "okta.apps.read"); err != nil {
		t.Fatal(err)
	}
	a := postToken(t, f, tokenForm(k.assertion(t, f.srv.URL()+"/oauth2/v1/token", f.now, nil), "okta.apps.read"), "")
	tok, _ := a.body["access_token"].(string)
	if s, _, _ := f.do(t, "GET", "/api/v1/apps/"+oktatest.SCIMAppID, "Bearer "+tok, ""); s != 200 {
		t.Fatalf("read with okta.apps.read: %d", s)
	}
	s, h, _ := f.do(t, "POST", "/api/v1/apps/"+oktatest.Org2OrgAppID+"/connections/default", "Bearer "+tok, `{"profile":{"authScheme":"TOKEN","token":"t"}}`)
	if s != 403 || !strings.Contains(h.Get("WWW-Authenticate"), `scope="okta.apps.manage"`) {
		t.Fatalf("manage without scope: %d %q", s, h.Get("WWW-Authenticate"))
	}
	if s, _, _ := f.do(t, "GET", "/api/v1/logs", "Bearer "+tok, ""); s != 403 {
		t.Fatalf("logs without scope: %d", s)
	}
	f.now = f.now.Add(61 * time.Minute)
	if s, h, _ := f.do(t, "GET", "/api/v1/apps/"+oktatest.SCIMAppID, "Bearer "+tok, ""); s != 401 || !strings.Contains(h.Get("WWW-Authenticate"), "invalid_token") {
		t.Fatalf("expired token: %d", s)
	}
}

func TestTokenDPoP(t *testing.T) {
	f := newFixture(t, oktatest.Options{DPoPRequired: true, DPoPAPINonce: true})
	k := newKeys(t)
	if err := f.srv.RegisterServiceApp(clientID, k.jwk); err != nil {
		t.Fatal(err)
	}
	dk, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	aud := f.srv.URL() + "/oauth2/v1/token"
	form := func(i int) url.Values {
		return tokenForm(k.assertion(t, aud, f.now.Add(time.Duration(i)*time.Second), nil), "okta.apps.read")
	}
	if a := postToken(t, f, form(0), ""); a.status != 400 || a.body["error"] != "invalid_dpop_proof" {
		t.Fatalf("no proof: %d %v", a.status, a.body["error"])
	}
	a := postToken(t, f, form(1), proof(t, dk, "POST", aud, "", "", f.now))
	if a.status != 400 || a.body["error"] != "use_dpop_nonce" || a.nonce == "" {
		t.Fatalf("no nonce: %d %v", a.status, a.body["error"])
	}
	if b := postToken(t, f, form(2), proof(t, dk, "GET", aud, a.nonce, "", f.now)); b.body["error"] != "invalid_dpop_proof" {
		t.Fatalf("wrong htm: %v", b.body["error"])
	}
	b := postToken(t, f, form(3), proof(t, dk, "POST", aud, a.nonce, "", f.now))
	if b.status != 200 || b.body["token_type"] != "DPoP" {
		t.Fatalf("good proof: %d %v", b.status, b.body["error"])
	}
	checkDPoPAtAPI(t, f, dk, b.body["access_token"].(string))
}

// checkDPoPAtAPI uses a DPoP-bound token at the API, which also wants a nonce.
func checkDPoPAtAPI(t *testing.T, f *fixture, dk *ecdsa.PrivateKey, tok string) {
	api := f.srv.URL() + "/api/v1/apps/" + oktatest.SCIMAppID
	if s, _, _ := f.do(t, "GET", api, "Bearer "+tok, ""); s != 401 {
		t.Fatalf("DPoP-bound token as Bearer: %d", s)
	}
	req := func(p string) (int, http.Header) {
		r, _ := http.NewRequest("GET", api, nil)
		r.Header.Set("Authorization", "DPoP "+tok)
		r.Header.Set("DPoP", p)
		resp, err := f.srv.Client().Do(r)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode, resp.Header
	}
	s, h := req(proof(t, dk, "GET", api, "", tok, f.now))
	if s != 401 || h.Get("DPoP-Nonce") == "" || !strings.Contains(h.Get("WWW-Authenticate"), "use_dpop_nonce") {
		t.Fatalf("API without nonce: %d %q", s, h.Get("WWW-Authenticate"))
	}
	nonce := h.Get("DPoP-Nonce")
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if s, _ := req(proof(t, other, "GET", api, nonce, tok, f.now)); s != 401 {
		t.Fatalf("proof by another key: %d", s)
	}
	if s, _ := req(proof(t, dk, "GET", api, nonce, "another token", f.now)); s != 401 {
		t.Fatalf("proof for another token: %d", s)
	}
	if s, _ := req(proof(t, dk, "GET", api, nonce, tok, f.now)); s != 200 {
		t.Fatalf("good API proof: %d", s)
	}
}
