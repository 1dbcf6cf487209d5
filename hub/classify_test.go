package hub

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"scimrenew/hub/hubtest"
)

var classifyNow = time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)

// jwtOf builds a compact JWT from raw header and payload JSON, with a fake signature.
func jwtOf(header, payload string) string {
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(payload)) + "." + enc.EncodeToString([]byte("signature-bytes"))
}

func TestClassify(t *testing.T) {
	future, past := `{"sub":"scim","exp":1900000000}`, `{"sub":"scim","exp":1700000000}`
	hs := `{"alg":"HS256","typ":"JWT"}`
	cases := []struct {
		name, text string
		kind       TokenKind
		reason     error
	}{
		{"JWT, future exp", jwtOf(hs, future), JWTToken, nil},
		{"JWT after Bearer", "Bearer " + jwtOf(hs, future), JWTToken, nil},
		{"JWT, float exp", jwtOf(`{"alg":"RS256"}`, `{"exp":1.9e9}`), JWTToken, nil},
		{"JWT, expired", jwtOf(hs, past), NotAToken, ErrExpiredJWT},
		{"JWT without exp", jwtOf(hs, `{"sub":"scim"}`), OpaqueToken, nil},
		{"JWT with string exp", jwtOf(hs, `{"exp":"1900000000"}`), OpaqueToken, nil},
		{"JWT with absurd exp", jwtOf(hs, `{"exp":1e300}`), OpaqueToken, nil},
		{"JWT without alg", jwtOf(`{"typ":"JWT"}`, future), OpaqueToken, nil},
		{"JWT with alg none", jwtOf(`{"alg":"none"}`, future), OpaqueToken, nil},
		{"JWT with empty alg", jwtOf(`{"alg":""}`, future), OpaqueToken, nil},
		{"JWT without signature", strings.TrimSuffix(jwtOf(hs, future), base64.RawURLEncoding.EncodeToString([]byte("signature-bytes"))), OpaqueToken, nil},
		{"header not JSON", base64.RawURLEncoding.EncodeToString([]byte("not json at all")) + ".eyJleHAiOjE5MDAwMDAwMDB9.c2ln", OpaqueToken, nil},
		{"padded base64", jwtOf(hs, future) + "==", OpaqueToken, nil},
		{"four parts", jwtOf(hs, future) + ".more", OpaqueToken, nil},
		{"password from a manager", "Tr0ub4dor&3-correct-horse!", OpaqueToken, nil},
		{"dotted password", "my.pass.word-is-long-enough", OpaqueToken, nil},
		{"opaque hex token", "qd_" + strings.Repeat("0123456789abcdef", 3), OpaqueToken, nil},
		{"too short", "short-pass", NotAToken, ErrTooShort},
		{"with spaces", "correct horse battery staple", NotAToken, ErrInnerSpace},
		{"a URL", "https://acme.qorusdocs.com/scim", NotAToken, ErrLooksLikeURL},
		{"the client secret", "client-secret-value-0123", NotAToken, ErrIsClientSecret},
		{"empty", "  ", NotAToken, ErrEmpty},
	}
	for _, c := range cases {
		got := Classify(c.text, "client-id-0123", "client-secret-value-0123", classifyNow)
		if got.Kind != c.kind {
			t.Errorf("%s: kind %v, want %v (reason %v)", c.name, got.Kind, c.kind, got.Reason)
			continue
		}
		if c.reason != nil && !errors.Is(got.Reason, c.reason) {
			t.Errorf("%s: reason %v, want %v", c.name, got.Reason, c.reason)
		}
		switch got.Kind {
		case NotAToken:
			if got.Token != "" || got.Reason == nil {
				t.Errorf("%s: not a token, yet token %d bytes, reason %v", c.name, len(got.Token), got.Reason)
			}
		case JWTToken:
			if got.Expiry.IsZero() || !got.Expiry.After(classifyNow) {
				t.Errorf("%s: JWT expiry %v", c.name, got.Expiry)
			}
			fallthrough
		case OpaqueToken:
			if got.Token == "" || got.Length != len(got.Token) {
				t.Errorf("%s: token %d bytes, length %d", c.name, len(got.Token), got.Length)
			}
		}
	}
}

// TestClassifyHubTokens: what the fake Hub issues is a JWT by default and opaque with Opaque set.
func TestClassifyHubTokens(t *testing.T) {
	for opaque, want := range map[bool]TokenKind{false: JWTToken, true: OpaqueToken} {
		h := hubtest.New(hubtest.Options{Opaque: opaque})
		tok, err := h.IssueToken()
		h.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got := Classify(tok, "", "", time.Now()); got.Kind != want {
			t.Errorf("opaque=%t: kind %v, want %v", opaque, got.Kind, want)
		}
	}
}

// FuzzClassify: no input panics; a JWT verdict means a well-formed JWT with a future exp that the
// expiry rule reads the same way; anything the candidate rules refuse is never a token.
func FuzzClassify(f *testing.F) {
	f.Add(jwtOf(`{"alg":"HS256"}`, `{"exp":1900000000}`))
	f.Add(jwtOf(`{"alg":"none"}`, `{"exp":1900000000}`))
	f.Add("Bearer " + jwtOf(`{"alg":"RS256","kid":"x"}`, `{"exp":1.9e9,"sub":"a"}`))
	f.Add("Tr0ub4dor&3-correct-horse!")
	f.Add("a.b.c")
	f.Add("eyJ.eyJ.x")
	f.Fuzz(func(t *testing.T, text string) {
		got := Classify(text, "", "", classifyNow)
		cand, err := CheckCandidate(text, "", "")
		if err != nil {
			if got.Kind != NotAToken {
				t.Fatalf("refused candidate classified as %v", got.Kind)
			}
			return
		}
		if got.Kind == NotAToken {
			if !errors.Is(got.Reason, ErrExpiredJWT) {
				t.Fatalf("plausible candidate refused: %v", got.Reason)
			}
			return
		}
		if got.Token != cand {
			t.Fatal("the classified token differs from the cleaned candidate")
		}
		if got.Kind != JWTToken {
			return
		}
		parts := strings.Split(got.Token, ".")
		if len(parts) != 3 || parts[2] == "" {
			t.Fatalf("JWT verdict for %d parts", len(parts))
		}
		if !got.Expiry.After(classifyNow) {
			t.Fatalf("JWT verdict with exp %v", got.Expiry)
		}
		if exp, ok := ParseJWTClaims(got.Token); !ok || !exp.Equal(got.Expiry) {
			t.Fatalf("the expiry rule reads exp %v (%t), the classifier %v", exp, ok, got.Expiry)
		}
	})
}

// TestOpaqueTokenThroughTheAPI: an opaque token from the token endpoint gets its expiry from
// expires_in and passes the probe.
func TestOpaqueTokenThroughTheAPI(t *testing.T) {
	h := hubtest.New(hubtest.Options{Opaque: true})
	defer h.Close()
	c := NewClient()
	tok, err := c.CreateToken(context.Background(), h.TokenURL(), h.ClientID(), h.ClientSecret())
	if err != nil {
		t.Fatal(err)
	}
	if tok.Expiry.Source != FromExpiresIn {
		t.Fatalf("expiry from %s, want %s", tok.Expiry.Source, FromExpiresIn)
	}
	if r := c.Probe(context.Background(), h.SCIMBase(), tok.Value); !r.OK() {
		t.Fatalf("probe: %s", r.Message)
	}
}
