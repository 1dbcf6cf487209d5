package okta

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"scimrenew/okta/oktatest"
)

const tokenRoute = "POST /oauth2/v1/token"

func TestGenerateKeyPair(t *testing.T) {
	pemKey, jwk, kid := testKey(t)
	if !bytes.HasPrefix(pemKey, []byte("-----BEGIN PRIVATE KEY-----")) {
		t.Fatal("private key is not PKCS#8 PEM")
	}
	var k jose.JSONWebKey
	if err := k.UnmarshalJSON([]byte(jwk)); err != nil || !k.IsPublic() || k.KeyID != kid || k.Algorithm != "RS256" || k.Use != "sig" {
		t.Fatalf("public JWK: err %v public %t kid ok %t alg %s use %s", err, k.IsPublic(), k.KeyID == kid, k.Algorithm, k.Use)
	}
	if strings.Contains(jwk, `"d"`) || strings.Contains(jwk, `"p"`) {
		t.Fatal("the public JWK carries private parts")
	}
	again, err := PublicJWK(pemKey, kid)
	if err != nil || again != jwk {
		t.Fatalf("PublicJWK does not reproduce the generated JWK: %v", errText(err))
	}
}

// TestServiceAppExchange: private_key_jwt is exchanged once, the token is reused until near its
// hour is up, then renewed.
func TestServiceAppExchange(t *testing.T) {
	e := newEnv(t, oktatest.Options{})
	c := e.serviceClient(t, false)
	ctx := context.Background()
	for range 3 {
		if _, err := c.GetApp(ctx, oktatest.SCIMAppID); err != nil {
			t.Fatal(err)
		}
	}
	if n := e.srv.Requests()[tokenRoute]; n != 1 {
		t.Fatalf("%d token requests, want 1 (cached)", n)
	}
	e.clock.Advance(54 * time.Minute)
	if _, err := c.GetApp(ctx, oktatest.SCIMAppID); err != nil {
		t.Fatal(err)
	}
	if n := e.srv.Requests()[tokenRoute]; n != 1 {
		t.Fatalf("%d token requests at 54 min, want still 1", n)
	}
	e.clock.Advance(2 * time.Minute)
	if _, err := c.GetApp(ctx, oktatest.SCIMAppID); err != nil {
		t.Fatal(err)
	}
	if n := e.srv.Requests()[tokenRoute]; n != 2 {
		t.Fatalf("%d token requests at 56 min, want 2 (renewed near expiry)", n)
	}
}

func TestServiceAppWrongKey(t *testing.T) {
	e := newEnv(t, oktatest.Options{})
	_, jwk, _ := testKey(t)
	if err := e.srv.RegisterServiceApp("0oaservice0app000001", jwk); err != nil {
		t.Fatal(err)
	}
	other, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalECPrivateKey(other)
	otherPEM := pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der})
	c := e.client(t, ServiceApp{ClientID: "0oaservice0app000001", PrivateKeyPEM: otherPEM})
	_, err = c.GetApp(context.Background(), oktatest.SCIMAppID)
	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != "invalid_client" || ae.Status != 401 {
		t.Fatalf("want invalid_client, got %v", errText(err))
	}
	mustContain(t, err.Error(), "invalid_client", "public key shown in Settings")
	if n := e.srv.Requests()["GET /api/v1/apps/{appId}"]; n != 0 {
		t.Fatalf("the API was called %d times without a token", n)
	}
}

func TestServiceAppUnknownClient(t *testing.T) {
	e := newEnv(t, oktatest.Options{})
	pemKey, _, _ := testKey(t)
	c := e.client(t, ServiceApp{ClientID: "0oanotregistered0001", PrivateKeyPEM: pemKey})
	_, err := c.FindApps(context.Background(), "")
	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != "invalid_client" {
		t.Fatalf("want invalid_client, got %v", errText(err))
	}
}

// TestServiceAppNarrowsScopes: a service app granted only some scopes still works for those.
func TestServiceAppNarrowsScopes(t *testing.T) {
	e := newEnv(t, oktatest.Options{})
	c := e.serviceClient(t, false, ScopeAppsRead, ScopeLogsRead)
	if _, err := c.FindApps(context.Background(), "QorusDocs"); err != nil {
		t.Fatal(err)
	}
	// One refused exchange, one per scope, one with the granted pair.
	if n := e.srv.Requests()[tokenRoute]; n != 5 {
		t.Fatalf("%d token requests, want 5", n)
	}
	if _, err := c.AuthFailures(context.Background(), oktatest.SCIMAppID, e.clock.Now().Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if n := e.srv.Requests()[tokenRoute]; n != 5 {
		t.Fatalf("%d token requests, want no more", n)
	}
}

func TestServiceAppNoScopeGranted(t *testing.T) {
	e := newEnv(t, oktatest.Options{})
	c := e.serviceClient(t, false, "okta.users.read")
	_, err := c.FindApps(context.Background(), "")
	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != "invalid_scope" {
		t.Fatalf("want invalid_scope, got %v", errText(err))
	}
	mustContain(t, err.Error(), "okta.apps.read, okta.apps.manage, okta.logs.read", "Okta API Scopes")
}

// TestServiceAppDPoP covers DPoP: detected when Okta requires it, or on from the start, with the
// nonce retries at the token endpoint and at the API.
func TestServiceAppDPoP(t *testing.T) {
	cases := []struct {
		name       string
		opts       oktatest.Options
		dpop       bool
		wantTokens int
		wantAPI    int
	}{
		{"required, detected", oktatest.Options{DPoPRequired: true}, false, 3, 1},
		{"required, on from the start", oktatest.Options{DPoPRequired: true}, true, 2, 1},
		{"API nonce too", oktatest.Options{DPoPRequired: true, DPoPAPINonce: true}, true, 2, 2},
		{"on but optional", oktatest.Options{}, true, 1, 1},
		{"off and optional", oktatest.Options{}, false, 1, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, tc.opts)
			c := e.serviceClient(t, tc.dpop)
			if _, err := c.GetApp(context.Background(), oktatest.Org2OrgAppID); err != nil {
				t.Fatal(err)
			}
			if _, err := c.SetToken(context.Background(), oktatest.Org2OrgAppID, newSCIMToken); err != nil {
				t.Fatalf("SetToken failed: %v", errText(err))
			}
			if e.srv.Token(oktatest.Org2OrgAppID) != newSCIMToken {
				t.Fatal("token not set")
			}
			r := e.srv.Requests()
			if r[tokenRoute] != tc.wantTokens || r["GET /api/v1/apps/{appId}"] != tc.wantAPI {
				t.Fatalf("requests %v: want %d token, %d app reads", r, tc.wantTokens, tc.wantAPI)
			}
		})
	}
}

func TestServiceAppKeyFormats(t *testing.T) {
	e := newEnv(t, oktatest.Options{})
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKCS8PrivateKey(ec)
	ecPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	privJWK, _ := json.Marshal(jose.JSONWebKey{Key: ec, KeyID: "ec-1", Algorithm: "ES256"})
	pubJWK, err := PublicJWK(ecPEM, "ec-1")
	if err != nil {
		t.Fatal(err)
	}
	for i, key := range [][]byte{ecPEM, privJWK} {
		id := fmt.Sprintf("0oaeckey%012d", i)
		if err := e.srv.RegisterServiceApp(id, pubJWK); err != nil {
			t.Fatal(err)
		}
		c := e.client(t, ServiceApp{ClientID: id, KeyID: "ec-1", PrivateKeyPEM: key})
		if _, err := c.GetApp(context.Background(), oktatest.SCIMAppID); err != nil {
			t.Errorf("key format %d: %v", i, err)
		}
	}
}

func TestServiceAppBadKeys(t *testing.T) {
	pemKey, jwk, _ := testKey(t)
	cases := map[string][]byte{
		"empty":      nil,
		"garbage":    []byte("not a key"),
		"public JWK": []byte(jwk),
		"bad PEM":    pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte("x")}),
	}
	for name, key := range cases {
		_, err := NewClient("https://acme.okta.com", ServiceApp{ClientID: "0oa1", PrivateKeyPEM: key})
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		noSecret(t, err.Error(), string(pemKey))
	}
	if _, err := NewClient("https://acme.okta.com", ServiceApp{PrivateKeyPEM: pemKey}); err == nil {
		t.Error("empty client id accepted")
	}
}

// TestCredentialsRedacted: printing or logging a credential never shows its secret.
func TestCredentialsRedacted(t *testing.T) {
	pemKey, _, _ := testKey(t)
	const apiToken = "00abcdefghijklmnopqrstuvwxyz0123456789"
	sa := ServiceApp{ClientID: "0oa1", PrivateKeyPEM: pemKey}
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("creds", "ssws", SSWS(apiToken), "sa", sa)
	for _, v := range []any{SSWS(apiToken), sa, &sa} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
			out := fmt.Sprintf(verb, v)
			noSecret(t, out, apiToken)
			noSecret(t, out, string(pemKey))
			noSecret(t, out, "MII")
		}
	}
	noSecret(t, logged.String(), apiToken)
	noSecret(t, logged.String(), "MII")
	j, err := json.Marshal(sa)
	if err != nil {
		t.Fatal(err)
	}
	noSecret(t, string(j), "MII")
}
