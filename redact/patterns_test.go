package redact

import (
	"strings"
	"testing"
)

func TestSecretKey(t *testing.T) {
	cases := map[string]bool{
		"token": true, "Token": true, "access_token": true, "refreshToken": true, "client_secret": true,
		"ClientSecret": true, "client-secret": true, "password": true, "okta_credential": true,
		"private_key": true, "PrivateKey": true, "Authorization": true, "api_key": true, "APIKey": true,
		"x-api-key": true, "hub.client_secret": true, "set-cookie": true,
		"token_fingerprint": false, "token_endpoint": false, "TokenURL": false, "token_expires_at": false,
		"profile": false, "client_id": false, "ClientID": false, "kind": false, "url": false, "err": false,
		"msg": false, "expires": false,
	}
	for key, want := range cases {
		if got := SecretKey(key); got != want {
			t.Errorf("SecretKey(%q) = %v, want %v (snake %q)", key, got, want, snake(key))
		}
	}
}

func TestPatterns(t *testing.T) {
	cases := []struct{ in, want string }{
		{"GET /x?access_token=abc123xyz&state=2", "GET /x?access_token=[redacted]&state=2"},
		{`{"client_secret": "s3cr3t", "id": "x"}`, `{"client_secret": "[redacted]", "id": "x"}`},
		{"{Name:acme ClientSecret:s3cr3t}", "{Name:acme ClientSecret:[redacted]}"},
		{"Authorization: Bearer abcdef123456", "Authorization: Bearer [redacted]"},
		{"token eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl here", "token [redacted] here"},
		{"store token-pending: an earlier request", "store token-pending: an earlier request"},
		{"token_endpoint=https://h/t", "token_endpoint=https://h/t"},
		{"password=[redacted]", "password=[redacted]"},
		{"", ""},
	}
	for _, c := range cases {
		if got := Patterns(c.in); got != c.want {
			t.Errorf("Patterns(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// FuzzPatterns checks that Patterns never panics, is stable when applied twice, and always removes the
// value of a secret-named pair.
func FuzzPatterns(f *testing.F) {
	f.Add("GET /x?", "abc123xyz")
	f.Add(`{"id":1,`, "s3cr3t-value")
	f.Add("Bearer", "eyJhbGciOi.eyJzdWIiOi.c2ln")
	f.Add("-----BEGIN PRIVATE KEY-----", "MIIEvQ")
	f.Fuzz(func(t *testing.T, prefix, value string) {
		once := Patterns(prefix + value)
		if twice := Patterns(once); twice != once {
			t.Fatalf("Patterns is not stable: %q -> %q -> %q", prefix+value, once, twice)
		}
		if len(value) < 4 || strings.ContainsAny(value, " \t\r\n\"'&,;}])=:") || strings.Contains(prefix, value) ||
			strings.Contains(value, "[redacted") {
			return
		}
		line := prefix + " password=" + value
		if out := Patterns(line); strings.Contains(out, value) {
			t.Fatalf("Patterns(%q) = %q still holds the value", line, out)
		}
	})
}
